"""The organisation's employment history in column form (DESIGN §4 "Workforce figures"), pure:
seats rebuilt from employment events, events and filled requisitions sorted by time, as numpy
arrays, so that graph/scoring/workforce.py counts a figure over a window as a slice and a count
per group.

Seats: each person's events, in time order, open and close seats (a HIRE opens one, a MOVE or
PROMOTION closes one and opens another, an EXIT closes one). A person's first event, when it is
not a HIRE, closes a seat held since before the history began; their last, when it is not an
EXIT, opens one held to this day. Active people without events hold their roles throughout.
A seat [start, end) counts at t when start <= t < end: a HIRE at t counts at t, an EXIT at t
does not. Headcount at t = distinct people with a seat of the group at t.

Over 400 lines: the seats, the event and requisition columns and the index over them are one
structure built in one pass; the figures' arithmetic on it is in graph/scoring/workforce.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
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


@dataclass
class Workforce:
    """What the figures are computed from: the organisation's histories in column form (`index`,
    shared), and the roles whose figures are asked for (`roles`, the scope: see `scoped`)."""

    roles: dict[str, RoleInfo]
    index: Index
    #: org unit -> the units directly under it
    children: dict[str, list[str]] = field(default_factory=dict)

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

    def scoped(self, role_ids: Iterable[str]) -> Workforce:
        """The same histories, with the figures limited to the roles `role_ids` (the roles of
        the units asked for)."""
        wanted = set(role_ids)
        mine = {r: info for r, info in self.roles.items() if r in wanted}
        return Workforce(mine, self.index, self.children)


#: the repository's large reads, as columns: name -> one value per row
Columns = dict[str, list[Any]]


def build(
    roles: Iterable[dict[str, Any]],
    histories: Columns,
    steady: Columns,
    requisitions: Columns,
    units: Iterable[dict[str, Any]] = (),
) -> Workforce:
    """The organisation's histories from the repository's rows and columns."""
    infos = {
        r["id"]: RoleInfo(r["id"], r["title"], int(r["grade"]), bool(r["critical"]), r["unit_id"])
        for r in roles
    }
    children: dict[str, list[str]] = {}
    for unit in units:
        if unit["parent_id"] is not None:
            children.setdefault(unit["parent_id"], []).append(unit["id"])
    return Workforce(infos, Index(infos, histories, steady, requisitions), children)


def grade_band(grade: int, width: int) -> str:
    low = (grade // width) * width
    return f"{low}-{low + width - 1}"


def tenure_band(days: float | None) -> str:
    if days is None:
        return UNKNOWN_TENURE
    return next(label for label, low, high in TENURE_BANDS if low <= days < high)


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
Bools = npt.NDArray[np.bool_]


def micros(t: datetime) -> int:
    """A time as whole microseconds since the epoch (exact, unlike a float timestamp)."""
    return (t - EPOCH) // timedelta(microseconds=1)


def _us(millis: list[Any]) -> Ints:
    """Epoch milliseconds as microseconds."""
    return np.array(millis, dtype=np.int64) * 1000


class _Codes:
    """Small numbers for ids, in order of first sight."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self.number: dict[str, int] = {}
        self.ids: list[str] = []
        for value in known:
            self.of(value)

    def of(self, value: str) -> int:
        found = self.number.get(value)
        if found is None:
            found = self.number[value] = len(self.ids)
            self.ids.append(value)
        return found

    def column(self, values: list[Any], none: int) -> Ints:
        """Each value's number (`none` for None)."""
        of = self.of
        return np.array([none if v is None else of(v) for v in values], dtype=np.int64)


@dataclass(frozen=True)
class Grouping:
    """How the roles of a scope map to groups: `of_role[code]` is the group number of the role
    with that code (-1 out of scope; the last entry stands for "no role"); for tenure bands
    the group is the band instead, and `in_scope` says which roles count."""

    names: list[str]
    of_role: Ints
    in_scope: Bools
    tenure: bool


class Index:
    """The organisation's histories in column form, built once per graph version straight from
    the repository's columns (no object per event): seats as arrays of person, role and bounds,
    events and filled requisitions sorted by time, so that a figure over a window is a slice and
    a count per group, however many events there are.

    Seats: each person's events, in time order (ties in the order read), open and close seats: a
    HIRE opens one, a MOVE or PROMOTION closes one and opens another, an EXIT closes one. A
    person's first event, when it is not a HIRE, closes a seat held since before the history
    began; their last, when it is not an EXIT, opens one held to this day; a HIRE while a seat is
    open replaces it (the import refuses such a history). Active people without events hold
    their roles throughout."""

    def __init__(
        self,
        roles: dict[str, RoleInfo],
        histories: Columns,
        steady: Columns,
        requisitions: Columns,
    ) -> None:
        self.roles = roles
        role_codes = _Codes(roles)
        people = _Codes()
        none = -1  # "no role" until every role is numbered, then len(role_ids)
        person = people.column(histories.get("employee_id", []), none)
        at = _us(histories.get("at", []))
        kind = np.array([KINDS.get(k, OTHER) for k in histories.get("kind", [])], dtype=np.int64)
        left = role_codes.column(histories.get("from_role_id", []), none)
        entered = role_codes.column(histories.get("to_role_id", []), none)
        reasons = {reason: i for i, reason in enumerate(REASONS)}
        reason = np.array(
            [reasons.get(r or "", len(REASONS)) for r in histories.get("reason", [])],
            dtype=np.int64,
        )
        steady_person = people.column(steady.get("employee_id", []), none)
        steady_role = role_codes.column(steady.get("role_id", []), none)
        filled_ok = [
            o is not None and f is not None
            for o, f in zip(
                requisitions.get("opened_at", []), requisitions.get("filled_at", []), strict=True
            )
        ]
        keep = np.array(filled_ok, dtype=np.bool_)
        req_role = role_codes.column(requisitions.get("role_id", []), none)[keep]
        opened = _us([v or 0 for v in requisitions.get("opened_at", [])])[keep]
        filled = _us([v or 0 for v in requisitions.get("filled_at", [])])[keep]
        internal = np.array(
            [f == "INTERNAL" for f in requisitions.get("fill", [])], dtype=np.int64
        )[keep]
        self.role_ids = role_codes.ids
        self.code = role_codes.number
        self.people = people.ids
        self._person_code = people.number
        size = len(self.role_ids)
        for column in (left, entered, steady_role, req_role):
            column[column == none] = size
        self._hired_on_rows = (
            [*histories.get("employee_id", []), *steady.get("employee_id", [])],
            [*histories.get("hired_on", []), *steady.get("hired_on", [])],
        )

        # Seats, from each person's events in time order.
        order = np.lexsort((at, person))
        p, t, k = person[order], at[order], kind[order]
        f, e = left[order], entered[order]
        new_person = np.ones(len(p), dtype=np.bool_)
        new_person[1:] = p[1:] != p[:-1]
        last = np.ones(len(p), dtype=np.bool_)
        last[:-1] = new_person[1:]
        following_kind = np.full(len(p), -1, dtype=np.int64)
        following_kind[:-1] = k[1:]
        following_at = np.full(len(p), NEVER, dtype=np.int64)
        following_at[:-1] = t[1:]
        opens = (e < size) & (last | (following_kind != HIRE))
        before = new_person & (k != HIRE) & (f < size)
        self.seat_person: Ints = np.concatenate([p[opens], p[before], steady_person])
        self.seat_role: Ints = np.concatenate([e[opens], f[before], steady_role])
        self.seat_start: Ints = np.concatenate(
            [
                t[opens],
                np.full(int(before.sum()), SINCE_EVER, dtype=np.int64),
                np.full(len(steady_person), SINCE_EVER, dtype=np.int64),
            ]
        )
        self.seat_end: Ints = np.concatenate(
            [
                np.where(last[opens], NEVER, following_at[opens]),
                t[before],
                np.full(len(steady_person), NEVER, dtype=np.int64),
            ]
        )
        # People with two seats at once (active people without events who hold two roles):
        # headcount counts people, so their second seat in a group is taken off again.
        by_person = np.lexsort((self.seat_start, self.seat_person))
        sp, ss = self.seat_person[by_person], self.seat_start[by_person]
        se = self.seat_end[by_person]
        clash = np.zeros(len(sp), dtype=np.bool_)
        clash[1:] = (sp[1:] == sp[:-1]) & (ss[1:] < se[:-1])
        twice = np.isin(self.seat_person, sp[clash])
        self.overlapping: list[list[int]] = []
        rows_of: dict[int, list[int]] = {}
        for row in np.flatnonzero(twice).tolist():
            rows_of.setdefault(int(self.seat_person[row]), []).append(row)
        self.overlapping = list(rows_of.values())

        # Events, by time (ties in the order read).
        by_time = np.argsort(at, kind="stable")
        self.event_at: Ints = at[by_time]
        self.event_person: Ints = person[by_time]
        self.event_from: Ints = left[by_time]
        self.event_to: Ints = entered[by_time]
        self.event_kind: Ints = kind[by_time]
        self.event_reason: Ints = reason[by_time]
        self._event_band: Ints | None = None

        by_fill = np.argsort(filled, kind="stable")
        self.req_filled: Ints = filled[by_fill]
        self.req_role: Ints = req_role[by_fill]
        self.req_days: Floats = (filled - opened)[by_fill] / 1e6 / DAY
        self.req_internal: Ints = internal[by_fill]
        self._groupings: dict[tuple[frozenset[str], GroupBy | None, int], Grouping] = {}
        self._holders: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None
        self._tenure: tuple[dict[int, list[int]], dict[int, int]] | None = None

    @property
    def holders(self) -> dict[str, set[str]]:
        """Role -> the people holding it now."""
        return self._current()[0]

    @property
    def held_by(self) -> dict[str, set[str]]:
        """Person -> the roles they hold now."""
        return self._current()[1]

    def _current(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        if self._holders is None:
            holders: dict[str, set[str]] = {}
            held_by: dict[str, set[str]] = {}
            now = np.flatnonzero(self.seat_end == NEVER)
            for who, role in zip(
                self.seat_person[now].tolist(), self.seat_role[now].tolist(), strict=True
            ):
                person, role_id = self.people[who], self.role_ids[role]
                holders.setdefault(role_id, set()).add(person)
                held_by.setdefault(person, set()).add(role_id)
            self._holders = (holders, held_by)
        return self._holders

    def tenure_days(self, person: int, at: int) -> float | None:
        """Days since the person's latest hire at or before `at` (their hiredOn without one)."""
        if self._tenure is None:
            hires: dict[int, list[int]] = {}
            hire_rows = np.flatnonzero(self.event_kind == HIRE)
            for who, when in zip(
                self.event_person[hire_rows].tolist(),
                self.event_at[hire_rows].tolist(),
                strict=True,
            ):
                hires.setdefault(who, []).append(when)
            hired_on: dict[int, int] = {}
            ids, dates = self._hired_on_rows
            for who_id, millis in zip(ids, dates, strict=True):
                if millis is not None:
                    hired_on[self._person_code[who_id]] = millis * 1000
            self._tenure = (hires, hired_on)
        hires, hired_on = self._tenure
        start = max((h for h in hires.get(person, ()) if h <= at), default=None)
        if start is None:
            start = hired_on.get(person)
        if start is None or start > at:
            return None
        return (at - start) / 1e6 / DAY

    @property
    def event_band(self) -> Ints:
        """Each event's tenure band (its number in TENURE_LABELS) at the event's time."""
        if self._event_band is None:
            self._event_band = np.array(
                [
                    TENURE_LABELS.index(tenure_band(self.tenure_days(who, when)))
                    for who, when in zip(
                        self.event_person.tolist(), self.event_at.tolist(), strict=True
                    )
                ],
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
            people: list[set[int]] = [set() for _ in range(size)]
            rows = np.flatnonzero(held & grouping.in_scope[self.seat_role])
            for who in self.seat_person[rows].tolist():
                band = TENURE_LABELS.index(tenure_band(self.tenure_days(who, at)))
                people[band].add(who)
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
