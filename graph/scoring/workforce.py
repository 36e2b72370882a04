"""Workforce figures (DESIGN §4 "Workforce figures"), pure: headcount, attrition, internal
mobility, time to fill and internal fill rate over a window [a, b), mobility flows and the
forecast's hazards, counted on the organisation's history in column form
(graph/scoring/workforce_index.py, where seats and headcount are defined).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np

# Re-exported: the names callers take from here (defined once, in workforce_index).
from graph.scoring.workforce_index import DAY as DAY
from graph.scoring.workforce_index import EXIT, HIRE, MOVE, UNKNOWN_TENURE, micros
from graph.scoring.workforce_index import REASONS as REASONS
from graph.scoring.workforce_index import GroupBy as GroupBy
from graph.scoring.workforce_index import RoleInfo as RoleInfo
from graph.scoring.workforce_index import Workforce as Workforce
from graph.scoring.workforce_index import build as build


@dataclass(frozen=True)
class Rate:
    """count / denominator, annualised when it is a rate over a window (None when the
    denominator is 0)."""

    count: int
    denominator: float
    rate: float | None


@dataclass(frozen=True)
class ReasonRate:
    reason: str
    count: int
    rate: float | None


@dataclass(frozen=True)
class TimeToFill:
    count: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class Figures:
    group: str
    label: str
    headcount_start: int
    headcount_end: int
    average_headcount: float
    attrition: Rate
    attrition_by_reason: list[ReasonRate]
    internal_mobility: Rate
    time_to_fill: TimeToFill | None  # None for tenure bands: a requisition has no tenure
    internal_fill_rate: Rate | None


def p90(values: list[float]) -> float | None:
    """The nearest-rank 90th percentile: the smallest value at least 90% of values are <= to."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def _rate(count: int, average: float, days: float) -> float | None:
    if average <= 0 or days <= 0:
        return None
    return count / average * 365.0 / days


def figures(
    workforce: Workforce,
    start: datetime,
    end: datetime,
    group_by: GroupBy | None = None,
    band_width: int = 4,
    labels: dict[str, str] | None = None,
) -> list[Figures]:
    """Every group's figures over [start, end), by group key: counted on the index (column
    form), a slice of events and requisitions and a count per group."""
    index = workforce.index
    grouping = index.grouping(workforce.roles, group_by, band_width)
    size = len(grouping.names)
    days = (end - start).total_seconds() / DAY
    at_start, at_end = index.headcounts(grouping, start), index.headcounts(grouping, end)
    rows = index.window(index.event_at, start, end)
    groups = index.event_groups(grouping, rows)
    kinds = index.event_kind[rows]
    exits = groups[(kinds == EXIT) & (groups >= 0)]
    exit_counts = np.bincount(exits, minlength=size)
    width = len(REASONS) + 1
    chosen = (kinds == EXIT) & (groups >= 0)
    by_reason = np.bincount(
        groups[chosen] * width + index.event_reason[rows][chosen], minlength=size * width
    ).reshape(size, width)
    moves = np.bincount(groups[(kinds == MOVE) & (groups >= 0)], minlength=size)
    tenure = grouping.tenure
    fills: dict[int, tuple[list[float], int]] = {}
    if not tenure:
        span = index.window(index.req_filled, start, end)
        owner = grouping.of_role[index.req_role[span]]
        mine = owner >= 0
        owner, spent = owner[mine], index.req_days[span][mine]
        internal = index.req_internal[span][mine]
        order = np.lexsort((spent, owner))
        owner, spent, internal = owner[order], spent[order], internal[order]
        bounds = np.searchsorted(owner, np.arange(size + 1), side="left")
        for g in range(size):
            lo, hi = int(bounds[g]), int(bounds[g + 1])
            fills[g] = (spent[lo:hi].tolist(), int(internal[lo:hi].sum()))
    result = []
    for g, group in enumerate(grouping.names):
        if tenure and group == UNKNOWN_TENURE:
            present = at_start[g] or at_end[g] or exit_counts[g] or moves[g]
            if not present:
                continue
        hs, he = int(at_start[g]), int(at_end[g])
        average = (hs + he) / 2
        left, moved = int(exit_counts[g]), int(moves[g])
        ttf, inside = fills.get(g, ([], 0))
        n = len(ttf)
        median = None if n == 0 else ttf[n // 2] if n % 2 else (ttf[n // 2 - 1] + ttf[n // 2]) / 2
        result.append(
            Figures(
                group=group,
                label=(labels or {}).get(group, group),
                headcount_start=hs,
                headcount_end=he,
                average_headcount=average,
                attrition=Rate(left, average, _rate(left, average, days)),
                attrition_by_reason=[
                    ReasonRate(reason, n_reason, _rate(n_reason, average, days))
                    for r, reason in enumerate(REASONS)
                    for n_reason in [int(by_reason[g, r])]
                ],
                internal_mobility=Rate(moved, average, _rate(moved, average, days)),
                time_to_fill=None if tenure else TimeToFill(n, median, p90(ttf)),
                internal_fill_rate=None if tenure else Rate(inside, n, inside / n if n else None),
            )
        )
    return sorted(result, key=lambda f: f.group)


def flows(workforce: Workforce, start: datetime, end: datetime) -> dict[tuple[str, str], int]:
    """MOVE and PROMOTION events in [start, end) out of or into a role of the scope, counted by
    (org unit left, org unit entered); an end outside the scope reads OUTSIDE."""
    index = workforce.index
    rows = index.window(index.event_at, start, end)
    grouping = index.grouping(workforce.roles, None, 1)
    leaves, enters = index.event_from[rows], index.event_to[rows]
    chosen = (index.event_kind[rows] == MOVE) & (
        grouping.in_scope[leaves] | grouping.in_scope[enters]
    )
    roles = workforce.roles
    counts: dict[tuple[str, str], int] = {}
    names = [*index.role_ids, ""]
    for a, b in zip(leaves[chosen].tolist(), enters[chosen].tolist(), strict=True):
        pair = tuple(roles[names[r]].unit_id if names[r] in roles else "OUTSIDE" for r in (a, b))
        key = (pair[0], pair[1])
        counts[key] = counts.get(key, 0) + 1
    return counts


def quarters(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The calendar quarters [start, end) touches, each cut to the window."""
    spans = []
    at = start
    while at < end:
        month = 3 * ((at.month - 1) // 3) + 1
        begin = at.replace(month=month, day=1, hour=0, minute=0, second=0, microsecond=0)
        following = (
            begin.replace(year=begin.year + 1, month=1)
            if month == 10
            else begin.replace(month=month + 3)
        )
        spans.append((at, min(following, end)))
        at = min(following, end)
    return spans


QUARTER_DAYS = 365.25 / 4


@dataclass(frozen=True)
class Hazard:
    """A role's quarterly leave-the-role hazard, shrunk toward the organisation's."""

    events: int
    incumbent_quarters: float
    organisation: float
    value: float


def hazards(
    workforce: Workforce, start: datetime, end: datetime, k: float
) -> tuple[dict[str, Hazard], float]:
    """Per role of the organisation, q = (events + k * q_org) / (incumbent-quarters + k), where
    events are the exits and moves out of the role in [start, end) and q_org the organisation's
    events per incumbent-quarter; also q_org."""
    index = workforce.index
    a, b = micros(start), micros(end)
    overlap = np.minimum(index.seat_end, b) - np.maximum(index.seat_start, a)
    seconds = np.bincount(
        index.seat_role,
        weights=np.clip(overlap, 0, None).astype(np.float64) / 1e6,
        minlength=len(index.role_ids) + 1,
    )
    rows = index.window(index.event_at, start, end)
    leaves = index.event_from[rows]
    counted = (index.event_kind[rows] != HIRE) & (leaves < len(index.role_ids))
    left = np.bincount(leaves[counted], minlength=len(index.role_ids) + 1)
    quarters_held = seconds / DAY / QUARTER_DAYS
    total = float(quarters_held.sum())
    q_org = int(left.sum()) / total if total > 0 else 0.0
    found = {}
    for role in index.roles:
        code = index.code[role]
        n, iq = int(left[code]), float(quarters_held[code])
        value = (n + k * q_org) / (iq + k) if iq + k > 0 else q_org
        found[role] = Hazard(n, iq, q_org, min(1.0, value))
    return found, q_org
