"""Bench strength, cover and key-person risk of a role (DESIGN §4), in exact fractions.

Each nominated successor s of role r (active, not holding r, with a current READY_FOR r) counts
weight(readiness_s) / n_s, where n_s is the number of current READY_FOR edges of s to roles s does
not hold: a person nominated for three roles counts a third in each.

- bench score = Σ_s weight_s / n_s: "ready-now equivalents", can exceed 1;
- cover = 1 − Π_s (1 − weight_s / n_s): the chance that at least one successor can step in;
- key-person risk = max over active incumbents of p(riskOfLoss)·impact(impactOfLoss)·(1 − cover).

Computed with `Fraction`s from the decimal form of the configured weights, then turned into
floats once, so 0.6·(1/3)·(1 − 0.5) reads 0.1, not 0.09999999999999999.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from graph.models import Coverage, Level, Readiness

#: Probability of leaving by riskOfLoss (unknown counts as MEDIUM).
LOSS_PROBABILITY: Mapping[Level, Fraction] = {
    Level.LOW: Fraction(1, 10),
    Level.MEDIUM: Fraction(3, 10),
    Level.HIGH: Fraction(6, 10),
}
#: Impact of a loss by impactOfLoss (unknown counts as MEDIUM).
LOSS_IMPACT: Mapping[Level, Fraction] = {
    Level.LOW: Fraction(1, 3),
    Level.MEDIUM: Fraction(2, 3),
    Level.HIGH: Fraction(1),
}

Weights = Mapping[Readiness, Fraction]


def weights_of(now: float, one_to_two: float, three_to_five: float) -> dict[Readiness, Fraction]:
    """Configured readiness weights as exact fractions of their decimal form (0.1 is 1/10)."""
    return {
        Readiness.READY_NOW: Fraction(repr(now)),
        Readiness.READY_1_2_YEARS: Fraction(repr(one_to_two)),
        Readiness.READY_3_5_YEARS: Fraction(repr(three_to_five)),
    }


@dataclass(frozen=True, slots=True)
class Nomination:
    """One nominated successor of a role: their readiness for it and n_s (at least 1)."""

    readiness: Readiness
    nominations: int


@dataclass(frozen=True, slots=True)
class Bench:
    ready_now: int
    ready_one_to_two_years: int
    ready_three_to_five_years: int
    score: Fraction
    cover: Fraction

    @property
    def coverage(self) -> Coverage:
        if self.ready_now + self.ready_one_to_two_years + self.ready_three_to_five_years == 0:
            return Coverage.UNCOVERED
        return Coverage.COVERED if self.ready_now else Coverage.NOT_READY


def share(nomination: Nomination, weights: Weights) -> Fraction:
    """What one successor adds: weight(readiness) / n_s."""
    return weights[nomination.readiness] / max(1, nomination.nominations)


def bench(nominations: Iterable[Nomination], weights: Weights) -> Bench:
    # Successors with the same readiness and n_s add the same share: counted once per kind, as
    # k · share and (1 − share)^k, the same exact sums and products with far fewer fractions (a
    # critical role's bench has tens of successors and a handful of kinds).
    kinds = Counter((n.readiness, n.nominations) for n in nominations)
    counts = dict.fromkeys(Readiness, 0)
    score = Fraction(0)
    none_steps_in = Fraction(1)
    for (readiness, n), k in kinds.items():
        counts[readiness] += k
        part = share(Nomination(readiness, n), weights)
        score += part * k
        none_steps_in *= (1 - part) ** k
    return Bench(
        ready_now=counts[Readiness.READY_NOW],
        ready_one_to_two_years=counts[Readiness.READY_1_2_YEARS],
        ready_three_to_five_years=counts[Readiness.READY_3_5_YEARS],
        score=score,
        cover=1 - none_steps_in,
    )


@cache
def loss(risk: Level | None, impact: Level | None) -> Fraction:
    """p(riskOfLoss) · impact(impactOfLoss) of one incumbent; unknown counts as MEDIUM."""
    return LOSS_PROBABILITY[risk or Level.MEDIUM] * LOSS_IMPACT[impact or Level.MEDIUM]


def key_person_risk(
    incumbents: Iterable[tuple[Level | None, Level | None]], cover: Fraction
) -> Fraction:
    """Max over active incumbents of loss · (1 − cover); 0 for a role without one."""
    # the distinct pairs only: a role has tens of incumbents, and there are nine pairs
    return max((loss(risk, impact) for risk, impact in set(incumbents)), default=Fraction(0)) * (
        1 - cover
    )


@dataclass(frozen=True, slots=True)
class Figures:
    """Everything DESIGN §4 says of one role's bench, as exact fractions."""

    bench: Bench
    key_person_risk: Fraction


def figures(
    nominations: Iterable[Nomination],
    incumbents: Iterable[tuple[Level | None, Level | None]],
    weights: Weights,
) -> Figures:
    """`nominations`: the role's nominated successors; `incumbents`: (riskOfLoss, impactOfLoss)
    of each active incumbent."""
    found = bench(nominations, weights)
    return Figures(found, key_person_risk(incumbents, found.cover))
