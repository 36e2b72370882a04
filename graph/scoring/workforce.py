"""Workforce figures (DESIGN §4 "Workforce figures"), pure: headcount rebuilt from employment
events, attrition, internal mobility, time to fill and internal fill rate over a window [a, b).

Seats: each person's events, in time order, open and close seats (a HIRE opens one, a MOVE or
PROMOTION closes one and opens another, an EXIT closes one). A person's first event, when it is
not a HIRE, closes a seat held since before the history began; their last, when it is not an
EXIT, opens one held to this day. Active people without events hold their roles throughout.
A seat [start, end) counts at t when start <= t < end: a HIRE at t counts at t, an EXIT at t
does not. Headcount at t = distinct people with a seat of the group at t.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

DAY = 86_400.0
REASONS = ("VOLUNTARY", "INVOLUNTARY", "RETIREMENT", "OTHER")
#: Tenure bands (years at the company at the time): label -> [low, high) in days.
TENURE_BANDS: tuple[tuple[str, float, float], ...] = (
    ("<1y", 0, 365),
    ("1-2y", 365, 730),
    ("2-5y", 730, 1826),
    ("5-10y", 1826, 3652),
    ("10y+", 3652, math.inf),
)
UNKNOWN_TENURE = "unknown"


class GroupBy(StrEnum):
    ORG_UNIT = "ORG_UNIT"
    GRADE_BAND = "GRADE_BAND"
    ROLE = "ROLE"
    TENURE_BAND = "TENURE_BAND"


@dataclass(frozen=True)
class RoleInfo:
    id: str
    title: str
    grade: int
    critical: bool
    unit_id: str


@dataclass(frozen=True)
class Seat:
    employee: str
    role: str
    start: datetime | None  # None: since before the history
    end: datetime | None  # None: held to this day

    def held_at(self, t: datetime) -> bool:
        return (self.start is None or self.start <= t) and (self.end is None or t < self.end)


@dataclass(frozen=True)
class Event:
    employee: str
    kind: str
    at: datetime
    from_role: str | None
    to_role: str | None
    reason: str | None


@dataclass(frozen=True)
class Requisition:
    role: str
    opened: datetime
    filled: datetime
    fill: str


@dataclass
class Workforce:
    """What the figures of a scope are computed from."""

    roles: dict[str, RoleInfo]
    seats: list[Seat]
    events: list[Event]
    requisitions: list[Requisition]
    #: employee -> times of their HIRE events, ascending
    hires: dict[str, list[datetime]] = field(default_factory=dict)
    #: employee -> hiredOn (for people hired before the history)
    hired_on: dict[str, datetime] = field(default_factory=dict)

    def tenure_days(self, employee: str, t: datetime) -> float | None:
        """Days since the person's latest hire at or before t (their hiredOn without one)."""
        start = max((h for h in self.hires.get(employee, ()) if h <= t), default=None)
        if start is None:
            start = self.hired_on.get(employee)
        if start is None or start > t:
            return None
        return (t - start).total_seconds() / DAY


def _utc(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, int):  # epoch milliseconds
        return datetime.fromtimestamp(value / 1000, UTC)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0, tzinfo=UTC))
    raise TypeError(f"not a time: {value!r}")


def build(
    roles: Iterable[dict[str, Any]],
    histories: Iterable[dict[str, Any]],
    steady: Iterable[dict[str, Any]],
    requisitions: Iterable[dict[str, Any]],
) -> Workforce:
    """The seats, events and requisitions of a scope from the repository's rows."""
    infos = {
        r["id"]: RoleInfo(r["id"], r["title"], int(r["grade"]), bool(r["critical"]), r["unit_id"])
        for r in roles
    }
    by_person: dict[str, list[Event]] = {}
    hired_on: dict[str, datetime] = {}
    for row in histories:
        at = _utc(row["at"])
        assert at is not None
        event = Event(
            row["employee_id"],
            row["kind"],
            at,
            row["from_role_id"],
            row["to_role_id"],
            row["reason"],
        )
        by_person.setdefault(event.employee, []).append(event)
        if (hired := _utc(row["hired_on"])) is not None:
            hired_on[event.employee] = hired
    seats: list[Seat] = []
    events: list[Event] = []
    hires: dict[str, list[datetime]] = {}
    for person, story in by_person.items():
        story.sort(key=lambda e: e.at)
        events.extend(story)
        hires[person] = [e.at for e in story if e.kind == "HIRE"]
        held: str | None = None
        since: datetime | None = None
        for k, event in enumerate(story):
            if k == 0 and event.kind != "HIRE" and event.from_role is not None:
                held, since = event.from_role, None
            if event.kind != "HIRE" and held is not None:
                seats.append(Seat(person, held, since, event.at))
                held = None
            if event.to_role is not None:
                held, since = event.to_role, event.at
        if held is not None:
            seats.append(Seat(person, held, since, None))
    for row in steady:
        seats.append(Seat(row["employee_id"], row["role_id"], None, None))
        if (hired := _utc(row["hired_on"])) is not None:
            hired_on[row["employee_id"]] = hired
    reqs = []
    for row in requisitions:
        opened, filled = _utc(row["opened_at"]), _utc(row["filled_at"])
        if opened is not None and filled is not None:
            reqs.append(Requisition(row["role_id"], opened, filled, row["fill"]))
    return Workforce(infos, seats, events, reqs, hires, hired_on)


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


def grade_band(grade: int, width: int) -> str:
    low = (grade // width) * width
    return f"{low}-{low + width - 1}"


def tenure_band(days: float | None) -> str:
    if days is None:
        return UNKNOWN_TENURE
    return next(label for label, low, high in TENURE_BANDS if low <= days < high)


def p90(values: list[float]) -> float | None:
    """The nearest-rank 90th percentile: the smallest value at least 90% of values are <= to."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


Key = Callable[[str, str, datetime], str]


def _key(workforce: Workforce, group_by: GroupBy | None, band_width: int) -> Key:
    roles = workforce.roles
    if group_by is GroupBy.ORG_UNIT:
        return lambda role, _e, _t: roles[role].unit_id
    if group_by is GroupBy.GRADE_BAND:
        return lambda role, _e, _t: grade_band(roles[role].grade, band_width)
    if group_by is GroupBy.ROLE:
        return lambda role, _e, _t: role
    if group_by is GroupBy.TENURE_BAND:
        return lambda _r, employee, t: tenure_band(workforce.tenure_days(employee, t))
    return lambda _r, _e, _t: "ALL"


def headcounts(workforce: Workforce, key: Key, t: datetime) -> dict[str, int]:
    people: dict[str, set[str]] = {}
    for seat in workforce.seats:
        if seat.role in workforce.roles and seat.held_at(t):
            people.setdefault(key(seat.role, seat.employee, t), set()).add(seat.employee)
    return {group: len(ids) for group, ids in people.items()}


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
    """Every group's figures over [start, end), by group key."""
    key = _key(workforce, group_by, band_width)
    roles = workforce.roles
    days = (end - start).total_seconds() / DAY
    at_start, at_end = headcounts(workforce, key, start), headcounts(workforce, key, end)
    exits: dict[str, list[Event]] = {}
    moves: dict[str, int] = {}
    for event in workforce.events:
        if not (start <= event.at < end) or event.from_role not in roles:
            continue
        group = key(event.from_role, event.employee, event.at)
        if event.kind == "EXIT":
            exits.setdefault(group, []).append(event)
        elif event.kind in ("MOVE", "PROMOTION"):
            moves[group] = moves.get(group, 0) + 1
    fills: dict[str, list[Requisition]] = {}
    if group_by is not GroupBy.TENURE_BAND:
        for req in workforce.requisitions:
            if start <= req.filled < end and req.role in roles:
                fills.setdefault(key(req.role, "", req.filled), []).append(req)
    groups = set(at_start) | set(at_end) | set(exits) | set(moves) | set(fills)
    if group_by is None:
        groups.add("ALL")
    elif group_by is GroupBy.TENURE_BAND:
        groups |= {label for label, _, _ in TENURE_BANDS}
    else:
        groups |= {key(role, "", start) for role in roles}
    result = []
    for group in sorted(groups):
        average = (at_start.get(group, 0) + at_end.get(group, 0)) / 2
        left = exits.get(group, [])
        filled = fills.get(group, [])
        ttf = [(r.filled - r.opened).total_seconds() / DAY for r in filled]
        internal = sum(r.fill == "INTERNAL" for r in filled)
        tenure = group_by is GroupBy.TENURE_BAND
        result.append(
            Figures(
                group=group,
                label=(labels or {}).get(group, group),
                headcount_start=at_start.get(group, 0),
                headcount_end=at_end.get(group, 0),
                average_headcount=average,
                attrition=Rate(len(left), average, _rate(len(left), average, days)),
                attrition_by_reason=[
                    ReasonRate(reason, n, _rate(n, average, days))
                    for reason in REASONS
                    for n in [sum(e.reason == reason for e in left)]
                ],
                internal_mobility=Rate(
                    moves.get(group, 0), average, _rate(moves.get(group, 0), average, days)
                ),
                time_to_fill=None
                if tenure
                else TimeToFill(len(ttf), statistics.median(ttf) if ttf else None, p90(ttf)),
                internal_fill_rate=None
                if tenure
                else Rate(internal, len(filled), internal / len(filled) if filled else None),
            )
        )
    return result


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


def seat_quarters(workforce: Workforce, role: str, start: datetime, end: datetime) -> float:
    """Incumbent-quarters of `role` over [start, end): the time its seats were held, in quarters
    of 365.25 / 4 days."""
    held = 0.0
    for seat in workforce.seats:
        if seat.role != role:
            continue
        begin = start if seat.start is None else max(start, seat.start)
        finish = end if seat.end is None else min(end, seat.end)
        if finish > begin:
            held += (finish - begin).total_seconds()
    return held / DAY / (365.25 / 4)


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
    """Per role, q = (events + k * q_org) / (incumbent-quarters + k), where events are the exits
    and moves out of the role in [start, end) and q_org the organisation's events per
    incumbent-quarter; also q_org."""
    held: dict[str, float] = {}
    for seat in workforce.seats:
        begin = start if seat.start is None else max(start, seat.start)
        finish = end if seat.end is None else min(end, seat.end)
        if finish > begin:
            held[seat.role] = held.get(seat.role, 0.0) + (finish - begin).total_seconds()
    left: dict[str, int] = {}
    for event in workforce.events:
        if event.kind != "HIRE" and event.from_role and start <= event.at < end:
            left[event.from_role] = left.get(event.from_role, 0) + 1
    quarters_held = {role: s / DAY / QUARTER_DAYS for role, s in held.items()}
    total = sum(quarters_held.values())
    q_org = sum(left.values()) / total if total > 0 else 0.0
    found = {}
    for role in workforce.roles:
        n, iq = left.get(role, 0), quarters_held.get(role, 0.0)
        value = (n + k * q_org) / (iq + k) if iq + k > 0 else q_org
        found[role] = Hazard(n, iq, q_org, min(1.0, value))
    return found, q_org
