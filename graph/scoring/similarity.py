"""Role similarity (DESIGN §4): what `Role.similarRoles` ranks by, and requirement overlap beside it.

    evidence(a, b) = Σ_k w_k·s_k(a, b) / Σ_k w_k      over the signals k defined for the pair
    similarity     = evidence · zone factor · grade factor                     ∈ [0, 1]

The signals (docs/similarity.md has each one, its weight and the validation behind it):
- requirement overlap of the two roles (weighted Jaccard over w·l, exact; always defined);
- for two roles mapped to occupations, the occupations' O*NET related-occupations link (directed:
  where O*NET points from a's occupation), task-and-title text, skills-and-knowledge profile,
  knowledge profile, and SOC family (`graph.scoring.occupation_signals`).
The zone factor takes `zone_step` off per O*NET job-zone step between the two occupations; the grade
factor takes `grade_step` off per grade step between the two roles (up to `grade_steps_max`). A role
without an occupation is compared on requirement overlap and grade alone.

Similarity 0 means no evidence at all (no shared required skill and, for mapped roles, no shared
signal): such roles are not listed. Similar roles come by similarity desc, then role id asc.

The model precomputes the occupation-level part (one n x n matrix pair over the occupations roles map
to) and, per skill, the roles requiring it with their w·l in integer units, so one query is a gather, a
few column updates and a sort: well under a millisecond at 5,000 roles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from graph.scoring.fit import Needs
from graph.scoring.occupation_signals import (
    OccupationFeatures,
    OccupationSignals,
    RelatedOccupation,
)

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

__all__ = [
    "DEFAULT_WEIGHTS",
    "OccupationFeatures",
    "RelatedOccupation",
    "RoleFeatures",
    "Similar",
    "SimilarityModel",
    "Weights",
    "occupation_evidence",
    "requirement_overlap",
]


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each signal counts (relative; only ratios matter) and the two distance factors."""

    related: float
    text: float
    profile: float
    knowledge: float
    family: float
    overlap: float
    #: Similarity lost per O*NET job-zone step between the two occupations (4 steps at most).
    zone_step: float
    #: Similarity lost per grade step between the two roles, counted up to `grade_steps_max`.
    grade_step: float
    grade_steps_max: int = 4

    def __post_init__(self) -> None:
        weights = (self.related, self.text, self.profile, self.knowledge, self.family)
        if min(weights) < 0 or self.overlap <= 0:
            raise ValueError("weights are >= 0 and the overlap weight > 0 (it is always defined)")
        if not 0 <= self.zone_step * 4 <= 1 or not 0 <= self.grade_step * self.grade_steps_max <= 1:
            raise ValueError("the distance factors stay within [0, 1]")


#: The shipped composite: see docs/similarity.md for how each number was chosen and measured.
DEFAULT_WEIGHTS = Weights(
    related=4.0,
    text=1.0,
    profile=0.0,
    knowledge=0.25,
    family=0.1,
    overlap=0.1,
    zone_step=0.05,
    grade_step=0.04,
)


@dataclass(frozen=True, slots=True)
class RoleFeatures:
    """A role as similarity sees it: its grade, the occupation it maps to and its requirements."""

    id: str
    grade: int | None
    occupation_code: str | None
    needs: Needs


@dataclass(frozen=True, slots=True)
class Similar:
    """One answer: a role, its similarity in [0, 1] and the exact requirement overlap."""

    role_id: str
    similarity: float
    overlap: float


def _products(needs: Needs) -> dict[str, int]:
    return {
        skill: int(weight) * int(level)
        for skill, weight, level in zip(
            needs.skill_ids, needs.weights.tolist(), needs.levels.tolist(), strict=True
        )
    }


def requirement_overlap(a: Needs, b: Needs) -> float:
    """Σ min(w·l) / Σ max(w·l) over the union of required skills (DESIGN §4), 0.0 when neither
    requires anything. On integer units: the sums are exact, so the result does not depend on skill
    order and is the correctly rounded double of the true ratio."""
    wa, wb = _products(a), _products(b)
    shared = sum(min(value, wb[skill]) for skill, value in wa.items() if skill in wb)
    union = sum(wa.values()) + sum(wb.values()) - shared
    return shared / union if union else 0.0


def occupation_evidence(signals: OccupationSignals, weights: Weights) -> tuple[Floats, Floats]:
    """(Σ w_k·s_k, Σ w_k) over the occupation-level signals defined for each pair of occupations;
    requirement overlap is added per role pair by the caller."""
    numerator = np.zeros(signals.family.values.shape, dtype=np.float64)
    denominator = np.zeros_like(numerator)
    for weight, signal in (
        (weights.related, signals.related),
        (weights.text, signals.text),
        (weights.profile, signals.profile),
        (weights.knowledge, signals.knowledge),
        (weights.family, signals.family),
    ):
        if weight > 0:
            numerator += weight * np.where(signal.available, signal.values, 0.0)
            denominator += weight * signal.available
    return numerator, denominator


class SimilarityModel:
    """Every role's similarity features, to answer "the `first` roles most similar to X" quickly.

    Rows are the roles in id order (`ids`); a mask passed to `similar` is over those rows.
    """

    def __init__(
        self,
        roles: Iterable[RoleFeatures],
        occupations: Sequence[OccupationFeatures],
        weights: Weights = DEFAULT_WEIGHTS,
    ) -> None:
        ordered = sorted(roles, key=lambda role: role.id)
        self.weights = weights
        self.ids: tuple[str, ...] = tuple(role.id for role in ordered)
        self.index = {role_id: i for i, role_id in enumerate(self.ids)}
        if len(self.index) != len(self.ids):
            raise ValueError("role ids are unique")
        known = {occupation.code for occupation in occupations}
        codes = sorted({r.occupation_code for r in ordered if r.occupation_code in known})
        self.signals = OccupationSignals(occupations, codes)
        self.numerator, self.denominator = occupation_evidence(self.signals, weights)
        self.zone_factor: Floats = np.where(
            self.signals.zone_known, 1.0 - weights.zone_step * self.signals.zone_distance, 1.0
        )
        self.occupation: Ints = np.array(
            [self.signals.index.get(r.occupation_code or "", -1) for r in ordered], dtype=np.int64
        )
        self.grade: Floats = np.array(
            [np.nan if r.grade is None else float(r.grade) for r in ordered], dtype=np.float64
        )
        self.products = [_products(r.needs) for r in ordered]
        self.mass: Ints = np.array([sum(p.values()) for p in self.products], dtype=np.int64)
        rows: dict[str, list[int]] = {}
        values: dict[str, list[int]] = {}
        for i, products in enumerate(self.products):
            for skill, value in products.items():
                rows.setdefault(skill, []).append(i)
                values.setdefault(skill, []).append(value)
        #: skill -> (rows requiring it, their w·l in units²)
        self.columns: dict[str, tuple[Ints, Ints]] = {
            skill: (np.array(rows[skill], dtype=np.int64), np.array(values[skill], dtype=np.int64))
            for skill in rows
        }

    def __len__(self) -> int:
        return len(self.ids)

    def mask(self, role_ids: Iterable[str]) -> Bools:
        """A mask over the rows that is True for the given ids (unknown ids are ignored)."""
        out = np.zeros(len(self.ids), dtype=np.bool_)
        rows = [self.index[r] for r in role_ids if r in self.index]
        out[rows] = True
        return out

    def overlaps(self, row: int) -> Floats:
        """Requirement overlap of the role at `row` with every role (by row), exact."""
        shared = np.zeros(len(self.ids), dtype=np.int64)
        for skill, value in self.products[row].items():
            rows, values = self.columns[skill]
            shared[rows] += np.minimum(values, value)
        union = self.mass[row] + self.mass - shared
        out = np.zeros(len(self.ids), dtype=np.float64)
        np.true_divide(shared, union, out=out, where=union > 0)
        return out

    def scores(self, role_id: str) -> tuple[Floats, Floats]:
        """(similarity, overlap) of `role_id` with every role by row; its own row is 0."""
        i = self.index[role_id]
        overlap = self.overlaps(i)
        w = self.weights.overlap
        numerator = w * overlap
        denominator = np.full(len(self.ids), w, dtype=np.float64)
        factor = np.ones(len(self.ids), dtype=np.float64)
        mine = self.occupation[i]
        if mine >= 0:
            linked = self.occupation >= 0
            theirs = self.occupation[linked]
            numerator[linked] += self.numerator[mine, theirs]
            denominator[linked] += self.denominator[mine, theirs]
            factor[linked] = self.zone_factor[mine, theirs]
        if not np.isnan(self.grade[i]):
            steps = np.minimum(np.abs(self.grade - self.grade[i]), self.weights.grade_steps_max)
            factor *= np.where(np.isnan(steps), 1.0, 1.0 - self.weights.grade_step * steps)
        similarity = np.clip(numerator / denominator * factor, 0.0, 1.0)
        similarity[i] = 0.0
        overlap[i] = 0.0
        return similarity, overlap

    def similar(self, role_id: str, first: int, mask: Bools | None = None) -> list[Similar]:
        """The `first` roles most similar to `role_id` (similarity > 0, and True in `mask` when
        given), by similarity desc, then role id asc. Unknown role: []."""
        if role_id not in self.index or first <= 0:
            return []
        similarity, overlap = self.scores(role_id)
        keep = similarity > 0
        if mask is not None:
            keep &= mask
        rows = np.flatnonzero(keep)
        if len(rows) > first:
            # The `first` best by similarity; rows tied with the last one kept all compete on id.
            cut = np.partition(-similarity[rows], first - 1)[first - 1]
            rows = rows[-similarity[rows] <= cut]
        order = rows[np.lexsort((rows, -similarity[rows]))][:first]
        return [Similar(self.ids[int(j)], float(similarity[j]), float(overlap[j])) for j in order]
