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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

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
    """What the figures are computed from: the histories of the whole organisation, and the
    roles whose figures are asked for (`roles`, the scope: see `scoped`)."""

    roles: dict[str, RoleInfo]
    seats: list[Seat]
    events: list[Event]
    requisitions: list[Requisition]
    #: employee -> times of their HIRE events, ascending
    hires: dict[str, list[datetime]] = field(default_factory=dict)
    #: employee -> hiredOn (for people hired before the history)
    hired_on: dict[str, datetime] = field(default_factory=dict)
    #: org unit -> the units directly under it
    children: dict[str, list[str]] = field(default_factory=dict)
    _index: Index | None = field(default=None, repr=False, compare=False)

    def roles_under(self, unit_ids: Iterable[str] | None) -> list[str]:
        """The roles in the units `unit_ids` and every unit below them (None: every role)."""
        if unit_ids is None:
            return list(self.roles)
        seen: set[str] = set()
        todo = list(unit_ids)
        while todo:
            unit = todo.pop()
            if unit not in seen:
                seen.add(unit)
                todo.extend(self.children.get(unit, ()))
        return [r for r, info in self.roles.items() if info.unit_id in seen]

    def tenure_days(self, employee: str, t: datetime) -> float | None:
        """Days since the person's latest hire at or before t (their hiredOn without one)."""
        start = max((h for h in self.hires.get(employee, ()) if h <= t), default=None)
        if start is None:
            start = self.hired_on.get(employee)
        if start is None or start > t:
            return None
        return (t - start).total_seconds() / DAY

    @property
    def index(self) -> Index:
        """The column form every figure is counted from (built on first use, then shared by
        every scoped view)."""
        if self._index is None:
            self._index = Index(self)
        return self._index

    def scoped(self, role_ids: Iterable[str]) -> Workforce:
        """The same histories, with the figures limited to the roles `role_ids` (the roles of
        the units asked for). Shares the index."""
        wanted = set(role_ids)
        view = Workforce(
            {r: info for r, info in self.roles.items() if r in wanted},
            self.seats,
            self.events,
            self.requisitions,
            self.hires,
            self.hired_on,
            self.children,
        )
        view._index = self.index
        return view


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
    units: Iterable[dict[str, Any]] = (),
) -> Workforce:
    """The seats, events and requisitions from the repository's rows (and the unit tree)."""
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
    children: dict[str, list[str]] = {}
    for unit in units:
        if unit["parent_id"] is not None:
            children.setdefault(unit["parent_id"], []).append(unit["id"])
    return Workforce(infos, seats, events, reqs, hires, hired_on, children)


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


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: seat bounds in microseconds since the epoch: a seat held since before the history starts at
#: SINCE_EVER, one held to this day ends at NEVER
SINCE_EVER = np.iinfo(np.int64).min
NEVER = np.iinfo(np.int64).max
#: event kinds as the index codes them
EXIT, MOVE, HIRE, OTHER = 0, 1, 2, 3
KINDS = {"EXIT": EXIT, "MOVE": MOVE, "PROMOTION": MOVE, "HIRE": HIRE}
TENURE_LABELS = (*tuple(label for label, _, _ in TENURE_BANDS), UNKNOWN_TENURE)
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def micros(t: datetime) -> int:
    """A time as whole microseconds since the epoch (exact, unlike a float timestamp)."""
    return (t - EPOCH) // timedelta(microseconds=1)


@dataclass(frozen=True)
class Grouping:
    """How the roles of a scope map to groups: `of_role[code]` is the group number of the role
    with that code (-1 out of scope; the last entry stands for "no role"); for tenure bands
    the group is the band instead, and `in_scope` says which roles count."""

    names: list[str]
    of_role: Ints
    in_scope: npt.NDArray[np.bool_]
    tenure: bool


class Index:
    """The histories in column form, built once per graph version: seats as arrays of role code
    and bounds, events and filled requisitions sorted by time, so that a figure over a window is
    a slice and a count per group, however many events there are."""

    def __init__(self, workforce: Workforce) -> None:
        self.workforce = workforce
        self.roles = dict(workforce.roles)
        names = set(workforce.roles)
        names.update(seat.role for seat in workforce.seats)
        names.update(r for e in workforce.events for r in (e.from_role, e.to_role) if r)
        names.update(q.role for q in workforce.requisitions)
        self.role_ids = sorted(names)
        self.code = {r: i for i, r in enumerate(self.role_ids)}
        none = len(self.role_ids)  # the code of "no role"
        seats = workforce.seats
        self.seat_role: Ints = np.array([self.code[s.role] for s in seats], dtype=np.int64)
        self.seat_start: Ints = np.array(
            [SINCE_EVER if s.start is None else micros(s.start) for s in seats], dtype=np.int64
        )
        self.seat_end: Ints = np.array(
            [NEVER if s.end is None else micros(s.end) for s in seats], dtype=np.int64
        )
        # People with two seats at once (active people without events who hold two roles):
        # headcount counts people, so their second seat in a group is taken off again.
        by_person: dict[str, list[int]] = {}
        for i, seat in enumerate(seats):
            by_person.setdefault(seat.employee, []).append(i)
        self.overlapping: list[list[int]] = []
        for rows in by_person.values():
            if len(rows) > 1 and self._overlap(rows):
                self.overlapping.append(rows)
        events = sorted(workforce.events, key=lambda e: e.at)
        self.events = events
        self.event_at: Ints = np.array([micros(e.at) for e in events], dtype=np.int64)
        self.event_from: Ints = np.array(
            [self.code[e.from_role] if e.from_role else none for e in events], dtype=np.int64
        )
        self.event_to: Ints = np.array(
            [self.code[e.to_role] if e.to_role else none for e in events], dtype=np.int64
        )
        self.event_kind: Ints = np.array([KINDS.get(e.kind, OTHER) for e in events], dtype=np.int64)
        reasons = {reason: i for i, reason in enumerate(REASONS)}
        self.event_reason: Ints = np.array(
            [reasons.get(e.reason or "", len(REASONS)) for e in events], dtype=np.int64
        )
        self._event_band: Ints | None = None
        reqs = sorted(workforce.requisitions, key=lambda q: q.filled)
        self.req_filled: Ints = np.array([micros(q.filled) for q in reqs], dtype=np.int64)
        self.req_role: Ints = np.array([self.code[q.role] for q in reqs], dtype=np.int64)
        self.req_days: Floats = np.array(
            [(micros(q.filled) - micros(q.opened)) / 1e6 / DAY for q in reqs], dtype=np.float64
        )
        self.req_internal: Ints = np.array([q.fill == "INTERNAL" for q in reqs], dtype=np.int64)
        self._groupings: dict[tuple[frozenset[str], GroupBy | None, int], Grouping] = {}
        #: role -> the people holding it now; person -> the roles they hold now
        self.holders: dict[str, set[str]] = {}
        self.held_by: dict[str, set[str]] = {}
        for seat in seats:
            if seat.end is None:
                self.holders.setdefault(seat.role, set()).add(seat.employee)
                self.held_by.setdefault(seat.employee, set()).add(seat.role)

    def _overlap(self, rows: list[int]) -> bool:
        spans = sorted(
            (
                SINCE_EVER if s.start is None else micros(s.start),
                NEVER if s.end is None else micros(s.end),
            )
            for s in (self.workforce.seats[i] for i in rows)
        )
        return any(spans[i][0] < spans[i - 1][1] for i in range(1, len(spans)))

    @property
    def event_band(self) -> Ints:
        """Each event's tenure band (its number in TENURE_LABELS) at the event's time."""
        if self._event_band is None:
            tenure = self.workforce.tenure_days
            self._event_band = np.array(
                [TENURE_LABELS.index(tenure_band(tenure(e.employee, e.at))) for e in self.events],
                dtype=np.int64,
            )
        return self._event_band

    def grouping(
        self, scope: dict[str, RoleInfo], group_by: GroupBy | None, width: int
    ) -> Grouping:
        key = (frozenset(scope), group_by, width)
        found = self._groupings.get(key)
        if found is not None:
            return found
        in_scope = np.zeros(len(self.role_ids) + 1, dtype=np.bool_)
        for role in scope:
            in_scope[self.code[role]] = True
        of_role = np.full(len(self.role_ids) + 1, -1, dtype=np.int64)
        if group_by is GroupBy.TENURE_BAND:
            found = Grouping(list(TENURE_LABELS), of_role, in_scope, True)
        else:
            keys = {role: _group_key(info, group_by, width) for role, info in scope.items()}
            names = sorted(set(keys.values()) | ({"ALL"} if group_by is None else set()))
            number = {name: i for i, name in enumerate(names)}
            for role, name in keys.items():
                of_role[self.code[role]] = number[name]
            found = Grouping(names, of_role, in_scope, False)
        if len(self._groupings) > 64:
            self._groupings.clear()
        self._groupings[key] = found
        return found

    def headcounts(self, grouping: Grouping, t: datetime) -> Ints:
        """People holding a role of each group at t."""
        at = micros(t)
        held = (self.seat_start <= at) & (at < self.seat_end)
        size = len(grouping.names)
        if grouping.tenure:
            people: list[set[str]] = [set() for _ in range(size)]
            rows = np.flatnonzero(held & grouping.in_scope[self.seat_role])
            seats, tenure = self.workforce.seats, self.workforce.tenure_days
            for i in rows.tolist():
                person = seats[i].employee
                band = TENURE_LABELS.index(tenure_band(tenure(person, t)))
                people[band].add(person)
            return np.array([len(p) for p in people], dtype=np.int64)
        groups = grouping.of_role[self.seat_role]
        counts = np.bincount(groups[held & (groups >= 0)], minlength=size)
        for seat_rows in self.overlapping:
            seen = [int(groups[i]) for i in seat_rows if held[i] and groups[i] >= 0]
            for group in set(seen):
                counts[group] -= seen.count(group) - 1
        return counts.astype(np.int64)

    def window(self, times: Ints, start: datetime, end: datetime) -> slice:
        """The rows of `times` (ascending) in [start, end)."""
        lo, hi = np.searchsorted(times, [micros(start), micros(end)], side="left")
        return slice(int(lo), int(hi))

    def event_groups(self, grouping: Grouping, rows: slice) -> Ints:
        """The group of the role each event of `rows` leaves (-1: none, or out of scope)."""
        if grouping.tenure:
            inside = grouping.in_scope[self.event_from[rows]]
            return np.where(inside, self.event_band[rows], -1)
        return grouping.of_role[self.event_from[rows]]


def _group_key(role: RoleInfo, group_by: GroupBy | None, width: int) -> str:
    if group_by is GroupBy.ORG_UNIT:
        return role.unit_id
    if group_by is GroupBy.GRADE_BAND:
        return grade_band(role.grade, width)
    if group_by is GroupBy.ROLE:
        return role.id
    return "ALL"


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
