"""Every role's requirement vector, exposure and bench, held in memory to compare roles quickly.

Role similarity (DESIGN §4, weighted Jaccard over w·l) and a person's fit for every role are sums
over shared skills, so they are computed column by column (skill -> the roles requiring it, with
weights and levels) in numpy: comparing one role with 5,000 takes well under a millisecond. One
snapshot serves many requests; the service rebuilds it when the database has changed (see
graph.services.exposure).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.exposure import ExposureSource

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def bucket(value: float) -> int:
    """A score rounded half-up to 2 decimals, as an int: what "equal" means in orderings."""
    return math.floor(value * 100 + 0.5)


@dataclass(frozen=True)
class RoleVector:
    id: str
    title: str
    critical: bool
    exposure: float | None
    source: ExposureSource | None
    headcount: int
    bench_score: float
    #: skill id -> (weight, level)
    requirements: Mapping[str, tuple[float, float]]
    mass: float  # Σ w·l


@dataclass(frozen=True)
class Scored:
    role: RoleVector
    score: float


class RoleVectors:
    def __init__(self, roles: Iterable[RoleVector], skill_names: Mapping[str, str]) -> None:
        self.roles = sorted(roles, key=lambda r: r.id)
        self.skill_names = dict(skill_names)
        self.index = {r.id: i for i, r in enumerate(self.roles)}
        self.exposure = np.array(
            [math.inf if r.exposure is None else r.exposure for r in self.roles], dtype=np.float64
        )
        self.mass = np.array([r.mass for r in self.roles], dtype=np.float64)
        rows: dict[str, list[int]] = defaultdict(list)
        weights: dict[str, list[float]] = defaultdict(list)
        levels: dict[str, list[float]] = defaultdict(list)
        for i, role in enumerate(self.roles):
            for skill, (weight, level) in role.requirements.items():
                rows[skill].append(i)
                weights[skill].append(weight)
                levels[skill].append(level)
        #: skill -> (roles requiring it, their weights, their levels)
        self.columns: dict[str, tuple[Ints, Floats, Floats]] = {
            skill: (
                np.array(rows[skill], dtype=np.int64),
                np.array(weights[skill], dtype=np.float64),
                np.array(levels[skill], dtype=np.float64),
            )
            for skill in rows
        }

    @classmethod
    def from_rows(
        cls, rows: Iterable[Mapping[str, Any]], skill_names: Mapping[str, str]
    ) -> RoleVectors:
        roles = []
        for row in rows:
            requirements = {
                str(skill): (float(weight), float(level))
                for skill, weight, level in zip(
                    row["skills"], row["weights"], row["levels"], strict=True
                )
                if weight is not None and level is not None and weight > 0 and level > 0
            }
            roles.append(
                RoleVector(
                    id=row["id"],
                    title=row["title"],
                    critical=bool(row["critical"]),
                    exposure=row["exposure"],
                    source=ExposureSource(row["source"]) if row["source"] else None,
                    headcount=int(row["headcount"]),
                    bench_score=float(row["benchScore"] or 0.0),
                    requirements=requirements,
                    mass=sum(w * lv for w, lv in requirements.values()),
                )
            )
        return cls(roles, skill_names)

    def get(self, role_id: str) -> RoleVector | None:
        i = self.index.get(role_id)
        return None if i is None else self.roles[i]

    def thin_bench(self, role: RoleVector, threshold: float) -> bool:
        return role.critical and role.bench_score < threshold

    def _best(self, scores: Floats, candidates: Ints, first: int) -> list[Scored]:
        """The `first` candidates by score desc, then role id (row order is id order)."""
        order = np.lexsort((candidates, -scores))[:first]
        return [Scored(self.roles[int(candidates[k])], float(scores[k])) for k in order]

    def similar(self, role_id: str, first: int, max_exposure: float = math.inf) -> list[Scored]:
        """Roles by weighted Jaccard similarity desc, then id; similarity > 0 and exposure <= max."""
        i = self.index.get(role_id)
        if i is None:
            return []
        shared = np.zeros(len(self.roles), dtype=np.float64)
        for skill, (weight, level) in self.roles[i].requirements.items():
            rows, weights, levels = self.columns[skill]
            shared[rows] += np.minimum(weights * levels, weight * level)
        shared[i] = 0.0
        candidates = np.flatnonzero((shared > 0) & (self.exposure <= max_exposure))
        common = shared[candidates]
        similarity = common / (self.mass[i] + self.mass[candidates] - common)
        return self._best(similarity, candidates, first)

    def fits(
        self, levels: Mapping[str, float], max_exposure: float, exclude: Sequence[str] = ()
    ) -> list[Scored]:
        """A person's fit (DESIGN §4) for every role with exposure <= max they can fill in part,
        by fit desc, then role id."""
        covered = np.zeros(len(self.roles), dtype=np.float64)
        for skill, have in levels.items():
            column = self.columns.get(skill)
            if column is None or have <= 0:
                continue
            rows, weights, required = column
            covered[rows] += weights * np.minimum(required, have)
        for role_id in exclude:
            if role_id in self.index:
                covered[self.index[role_id]] = 0.0
        candidates = np.flatnonzero(
            (covered > 0) & (self.mass > 0) & (self.exposure <= max_exposure)
        )
        fit = covered[candidates] / self.mass[candidates]
        return self._best(fit, candidates, len(candidates))

    def gaps(self, role: RoleVector, levels: Mapping[str, float]) -> list[dict[str, Any]]:
        """Skills where the person falls short, largest weight × shortfall first, then skill id."""
        found = []
        for skill, (weight, level) in role.requirements.items():
            have = levels.get(skill, 0.0)
            if have < level:
                found.append((weight * (level - have), skill, level, have))
        found.sort(key=lambda g: (-g[0], g[1]))
        return [
            {
                "skill": {"id": skill, "name": self.skill_names.get(skill, skill)},
                "required": level,
                "have": have,
                "shortfall": level - have,
            }
            for _, skill, level, have in found
        ]


class TeamSkills:
    """The skill levels of a group of people (a role's incumbents), to score their mean fit.

    Per skill the distinct levels are sorted with running sums of level x people and of people,
    so Σ min(h, l) over the group is one binary search: the levels below l, plus l for each
    person at or above it.
    """

    def __init__(self, people: int, levels: Mapping[str, Sequence[tuple[float, int]]]) -> None:
        self.people = people
        self.levels: dict[str, list[float]] = {}
        self.sums: dict[str, list[float]] = {}
        self.counts: dict[str, list[int]] = {}
        for skill, pairs in levels.items():
            ordered = sorted(pairs)
            self.levels[skill] = [level for level, _ in ordered]
            self.sums[skill] = list(accumulate((lv * n for lv, n in ordered), initial=0.0))
            self.counts[skill] = list(accumulate((n for _, n in ordered), initial=0))

    def mean_fit(self, role: RoleVector) -> float | None:
        """Mean over the group of each person's fit for `role` (DESIGN §4); None if nobody."""
        if self.people == 0 or role.mass <= 0:
            return None
        covered = 0.0
        for skill, (weight, level) in role.requirements.items():
            values = self.levels.get(skill)
            if not values:
                continue
            below = bisect_left(values, level)
            at_or_above = self.counts[skill][-1] - self.counts[skill][below]
            covered += weight * (self.sums[skill][below] + level * at_or_above)
        return covered / (self.people * role.mass)
