"""Skill fit and gaps (DESIGN §4), for one person or for many people or roles at once.

    fit = Σ w·min(h, l) / Σ w·l        over the skills s the role requires (level l, weight w;
                                       the person's level h, 0 when they lack s)

Every path computes it from `term` (one requirement's contribution) and `fit_value` (the
quotient), on integer units (`graph.scoring.units`): a single person against a role (`Needs.fit`),
every person holding a skill against a role (`PeopleBySkill.covered`), one person against every
role (`RolesBySkill.covered`). Sums of units are exact, so all three give the same bits, and
`fit_value` is the correctly rounded double of the true ratio, which is what `minFit` compares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.models import Gap, SkillRef
from graph.scoring.units import amount, units

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def term(weight: Any, have: Any, level: Any) -> Any:
    """One requirement's part of the covered sum, w·min(h, l): for ints or arrays alike."""
    return weight * np.minimum(have, level)


def fit_value(covered: Any, total: Any) -> Any:
    """covered / total, for ints or arrays, 0.0 where total is 0. Both are integers below 2**53,
    so each converts to a double exactly and the quotient is rounded once: the correctly rounded
    value of the true ratio, the same from Python ints as from numpy arrays."""
    if isinstance(total, np.ndarray):
        out = np.zeros(total.shape, dtype=np.float64)
        np.true_divide(covered, total, out=out, where=total > 0)
        return out
    return int(covered) / int(total) if total else 0.0


def held_units(skills: Iterable[Sequence[Any]]) -> dict[str, int]:
    """A person's levels as units by skill id, from (skill id, level) pairs as the graph holds
    them: a level that is not a number above zero counts as not held; of two edges to one skill
    the higher counts."""
    held: dict[str, int] = {}
    for skill_id, level in skills:
        value = units(level)
        if value > held.get(skill_id, 0):
            held[skill_id] = value
    return held


@dataclass(frozen=True, slots=True)
class Fit:
    covered: int
    total: int

    @property
    def value(self) -> float:
        """The fit in [0, 1]; 0.0 for a role with no requirements."""
        return float(fit_value(self.covered, self.total))


@dataclass(frozen=True, slots=True)
class GapUnits:
    """A required skill the person falls short of, in units (`amount` turns them into levels)."""

    skill_id: str
    required: int
    have: int
    weight: int

    @property
    def shortfall(self) -> int:
        return self.required - self.have

    @property
    def size(self) -> int:
        """w · shortfall: what orders gaps, largest first."""
        return self.weight * self.shortfall


class Team:
    """People's held units (as `held_units` gives them) as one matrix, people by `skill_ids`: for
    scoring many roles against the same people (`Needs.covered_by`)."""

    def __init__(self, helds: Sequence[Mapping[str, int]], skill_ids: Iterable[str]) -> None:
        self.skill_ids = sorted(set(skill_ids))
        self.column = {skill_id: i for i, skill_id in enumerate(self.skill_ids)}
        rows = [[held.get(s, 0) for s in self.skill_ids] for held in helds]
        self.units: Ints = np.array(rows, dtype=np.int64).reshape(len(helds), len(self.skill_ids))

    def __len__(self) -> int:
        return int(self.units.shape[0])


class Needs:
    """A role's requirements as arrays in skill-id order (only those with level and weight above
    zero; of two edges to one skill, the larger w·l), with Σ w·l."""

    __slots__ = ("index", "levels", "names", "skill_ids", "total", "weights")

    def __init__(
        self, requirements: Iterable[Sequence[Any]], names: Mapping[str, str] | None = None
    ) -> None:
        """`requirements`: (skill id, level, weight) as the graph holds them; `names`: skill
        names by id, for gaps (`gap_list`)."""
        self.names = names or {}
        best: dict[str, tuple[int, int]] = {}
        for skill_id, level, weight in requirements:
            need = (units(level), units(weight))
            if need[0] > 0 and need[1] > 0:
                old = best.get(skill_id)
                if old is None or need[0] * need[1] > old[0] * old[1]:
                    best[skill_id] = need
        self.skill_ids: tuple[str, ...] = tuple(sorted(best))
        self.index = {skill_id: i for i, skill_id in enumerate(self.skill_ids)}
        self.levels: Ints = np.array([best[s][0] for s in self.skill_ids], dtype=np.int64)
        self.weights: Ints = np.array([best[s][1] for s in self.skill_ids], dtype=np.int64)
        self.total = int((self.weights * self.levels).sum())

    def __len__(self) -> int:
        return len(self.skill_ids)

    def have(self, held: Mapping[str, int]) -> Ints:
        """The person's units for each required skill, 0 where they lack it."""
        return np.array([held.get(s, 0) for s in self.skill_ids], dtype=np.int64)

    def fit(self, held: Mapping[str, int]) -> Fit:
        covered = int(term(self.weights, self.have(held), self.levels).sum()) if self.total else 0
        return Fit(covered, self.total)

    def covered_by(self, team: Team) -> int:
        """The sum over the team's people of `fit(held).covered`, in one array operation (the
        team must hold a column for each of these skills)."""
        if not self.total or not len(team):
            return 0
        have = team.units[:, [team.column[s] for s in self.skill_ids]]
        return int(term(self.weights, have, self.levels).sum())

    def gaps(self, held: Mapping[str, int]) -> list[GapUnits]:
        """Required skills with shortfall > 0, by w·shortfall desc, then skill id."""
        # plain ints, not numpy scalars: comparing those one by one costs ten times as much
        found = [
            GapUnits(skill_id, level, held.get(skill_id, 0), weight)
            for skill_id, level, weight in zip(
                self.skill_ids, self.levels.tolist(), self.weights.tolist(), strict=True
            )
            if held.get(skill_id, 0) < level
        ]
        found.sort(key=lambda gap: (-gap.size, gap.skill_id))
        return found

    @classmethod
    def named(cls, requirements: Iterable[Sequence[Any]]) -> Needs:
        """From (skill id, skill name, level, weight) rows, as the succession queries read them."""
        rows = list(requirements)
        return cls(((r[0], r[2], r[3]) for r in rows), {r[0]: r[1] for r in rows})

    def gap_list(self, held: Mapping[str, int]) -> list[Gap]:
        """`gaps` as the API shows them: levels, and the skill's name."""
        return [
            Gap(
                skill=SkillRef(id=g.skill_id, name=self.names.get(g.skill_id, g.skill_id)),
                required=amount(g.required),
                have=amount(g.have),
                shortfall=amount(g.shortfall),
            )
            for g in self.gaps(held)
        ]

    def key(self) -> tuple[tuple[str, int, int], ...]:
        """Equal for roles with the same requirements (so they can be scored once)."""
        return tuple(zip(self.skill_ids, self.levels.tolist(), self.weights.tolist(), strict=True))


class PeopleBySkill:
    """Per skill, who holds it (row numbers into the id-sorted list of people) and at what level,
    to score every person against a role at once."""

    def __init__(self, people: Sequence[str], columns: Iterable[Sequence[Any]]) -> None:
        """`people`: every id that may be scored; `columns`: (skill id, ids, levels) as the graph
        holds them (ids outside `people` are left out)."""
        self.ids: list[str] = sorted(people)
        self.row_of = {person: i for i, person in enumerate(self.ids)}
        self.columns: dict[str, tuple[Ints, Ints]] = {}
        for skill_id, ids, levels in columns:
            best: dict[int, int] = {}
            for person, level in zip(ids, levels, strict=True):
                row = self.row_of.get(person)
                value = units(level)
                if row is not None and value > best.get(row, 0):
                    best[row] = value
            rows = np.fromiter(best.keys(), dtype=np.int64, count=len(best))
            self.columns[skill_id] = (rows, np.fromiter(best.values(), np.int64, len(best)))

    def __len__(self) -> int:
        return len(self.ids)

    def covered(self, needs: Needs) -> Ints:
        """Σ w·min(h, l) of every person for the role, by row."""
        covered = np.zeros(len(self.ids), dtype=np.int64)
        for skill_id, level, weight in zip(
            needs.skill_ids, needs.levels, needs.weights, strict=True
        ):
            column = self.columns.get(skill_id)
            if column is not None:
                rows, have = column
                covered[rows] += term(weight, have, level)
        return covered


class RolesBySkill:
    """Per skill, the roles requiring it with their levels and weights, to score one person
    against every role at once."""

    def __init__(self, needs: Sequence[Needs]) -> None:
        rows: dict[str, list[int]] = {}
        levels: dict[str, list[int]] = {}
        weights: dict[str, list[int]] = {}
        for i, role in enumerate(needs):
            for skill_id, level, weight in zip(
                role.skill_ids, role.levels.tolist(), role.weights.tolist(), strict=True
            ):
                rows.setdefault(skill_id, []).append(i)
                levels.setdefault(skill_id, []).append(level)
                weights.setdefault(skill_id, []).append(weight)
        self.size = len(needs)
        self.totals: Ints = np.array([role.total for role in needs], dtype=np.int64)
        self.columns: dict[str, tuple[Ints, Ints, Ints]] = {
            skill_id: (
                np.array(rows[skill_id], dtype=np.int64),
                np.array(levels[skill_id], dtype=np.int64),
                np.array(weights[skill_id], dtype=np.int64),
            )
            for skill_id in rows
        }

    def covered(self, held: Mapping[str, int]) -> Ints:
        """Σ w·min(h, l) of the person for every role, by role row."""
        covered = np.zeros(self.size, dtype=np.int64)
        for skill_id, have in held.items():
            column = self.columns.get(skill_id)
            if column is not None and have > 0:
                rows, level, weight = column
                covered[rows] += term(weight, have, level)
        return covered

    def fits(self, held: Mapping[str, int]) -> Floats:
        """The person's fit for every role (0.0 for roles without requirements)."""
        return fit_value(self.covered(held), self.totals)  # type: ignore[no-any-return]


def best_rows(covered: Ints, size: int) -> tuple[list[int], int]:
    """The rows of the best `size` with covered > 0, by covered desc then row (rows are in id
    order, so ties go by id), and how many have covered > 0. Covered sums of one role share its
    total, so this is the order of fit."""
    eligible = np.flatnonzero(covered > 0)
    chosen = eligible
    if len(eligible) > size:
        scores = covered[eligible]
        # Everyone at least as good as the size-th best, ties included (cut below by row).
        threshold = np.partition(scores, len(scores) - size)[len(scores) - size]
        chosen = eligible[scores >= threshold]
    chosen = chosen[np.lexsort((chosen, -covered[chosen]))][:size]
    return [int(row) for row in chosen], len(eligible)
