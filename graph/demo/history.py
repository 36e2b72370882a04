"""Three years of workforce history behind the demo organisation: employment events (hires,
promotions, moves, exits), the people who left, and the requisitions that refilled their seats
(rules in the `graph.demo` docstring, "Workforce history").

Drawn from its own `random.Random("<seed>:history")`, so the rest of the organisation is the same
with or without it. Every story ends where the holdings are: a current person's last event puts
them in the role they hold; a leaver's last event is their EXIT and they are inactive.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from graph.demo.people import People
from graph.demo.structure import Params, Structure
from graph.demo.words import Words, email_local

#: The history covers the three years before the reference.
HISTORY_DAYS = 3 * 365
#: How likely a seat's previous holder left the company (rather than the seat being new), by the
#: month they left: more leave after the new year and over the summer.
LEFT_BEFORE = 0.55
SEASON = (1.3, 1.0, 1.1, 1.0, 0.9, 1.1, 1.2, 1.25, 1.15, 0.9, 0.8, 0.7)
#: Mean years a leaver stayed: most who leave, leave early.
LEAVER_YEARS = 1.8
#: Median days from opening a requisition to filling it: 30 + 5 per grade (lognormal, sigma 0.5).
FILL_DAYS_BASE, FILL_DAYS_PER_GRADE, FILL_SIGMA = 30.0, 5.0, 0.5
#: Share of external hires who had worked here before (left, then came back).
RETURNERS = 0.03
#: Share of roles with an open requisition now, and with a cancelled one in the history.
OPEN_NOW, CANCELLED = 0.03, 0.01
MORNING, EVENING = time(9, 0, tzinfo=UTC), time(17, 0, tzinfo=UTC)


@dataclass(slots=True)
class _Event:
    at: datetime
    employee: str
    kind: str
    from_role: str | None
    to_role: str | None
    reason: str | None = None


def _at(day: date, when: time = MORNING) -> datetime:
    return datetime.combine(day, when)


class History:
    """The events, leavers (employees.csv and reporting_lines.csv rows) and requisitions."""

    def __init__(
        self, seed: int, structure: Structure, people: People, words: Words, domain: str
    ) -> None:
        self._rng = random.Random(f"{seed}:history")
        self._reference = people.reference
        self._start = people.reference - timedelta(days=HISTORY_DAYS)
        self._structure = structure
        self._people = people
        self._words = words
        self._domain = domain
        self.leavers: list[Params] = []
        self.leaver_lines: list[Params] = []
        self._events: list[_Event] = []
        self._requisitions: list[Params] = []
        self._unit_factor = [math.exp(self._rng.gauss(0.0, 0.35)) for _ in structure.departments]
        self._feeders: dict[int, list[int]] = {}
        for index, role in enumerate(structure.roles):
            if role.above >= 0:
                self._feeders.setdefault(role.above, []).append(index)
        self._make()
        self._events.sort(key=lambda e: (e.at, e.employee, e.kind))
        self.events = [
            {
                "id": f"EV{k + 1:07d}",
                "employee_id": e.employee,
                "kind": e.kind,
                "at": e.at,
                "from_role_id": e.from_role,
                "to_role_id": e.to_role,
                "reason": e.reason,
            }
            for k, e in enumerate(self._events)
        ]
        self._requisitions.sort(key=lambda r: (r["opened_at"], r["role_id"]))
        self.requisitions = [{"id": f"Q{k + 1:06d}", **r} for k, r in enumerate(self._requisitions)]

    def _make(self) -> None:
        rng = self._rng
        roles = self._structure.roles
        for index, (person, row) in enumerate(
            zip(self._people.people, self._people.rows, strict=True)
        ):
            if not person.active:
                continue
            since: date = row["role_since"]
            hired: date = row["hired_on"]
            role = roles[person.role]
            if since < self._start:
                continue
            internal = since > hired
            previous = self._previous_role(person.role) if internal else None
            if internal and previous is None:
                continue
            if internal:
                assert previous is not None
                if hired >= self._start:
                    self._event(hired, row["id"], "HIRE", None, roles[previous].id)
                kind = "PROMOTION" if roles[previous].grade < role.grade else "MOVE"
                self._event(since, row["id"], kind, roles[previous].id, role.id)
            else:
                if rng.random() < RETURNERS:
                    self._earlier_stint(row["id"], role.id, hired)
                self._event(hired, row["id"], "HIRE", None, role.id)
            self._refill(index, since, internal)
        self._open_and_cancelled()

    def _previous_role(self, role: int) -> int | None:
        """The role someone moving into `role` came from: a rung below on its ladder, else
        another role of its department."""
        feeders = self._feeders.get(role)
        if feeders:
            return self._rng.choice(feeders)
        department = self._structure.roles[role].department
        if department < 0:
            return None
        others = [
            r
            for r in range(len(self._structure.roles))
            if r != role and self._structure.roles[r].department == department
        ]
        return self._rng.choice(others) if others else None

    def _event(
        self,
        day: date,
        employee: str,
        kind: str,
        from_role: str | None,
        to_role: str | None,
        reason: str | None = None,
    ) -> None:
        when = EVENING if kind == "EXIT" else MORNING
        self._events.append(_Event(_at(day, when), employee, kind, from_role, to_role, reason))

    def _earlier_stint(self, employee: str, role: str, hired: date) -> None:
        """A returner: hired into the same role before, left, and came back on `hired`."""
        rng = self._rng
        left = hired - timedelta(days=rng.randint(60, 400))
        joined = left - timedelta(days=rng.randint(120, 700))
        if joined < self._start:
            return
        self._event(joined, employee, "HIRE", None, role)
        self._event(left, employee, "EXIT", role, None, "VOLUNTARY")

    def _refill(self, index: int, arrived: date, internal: bool) -> None:
        """The requisition the arrival on `arrived` filled, and the leaver it replaced if the
        seat's previous holder left the company."""
        rng = self._rng
        person = self._people.people[index]
        row = self._people.rows[index]
        role = self._structure.roles[person.role]
        days = FILL_DAYS_BASE + FILL_DAYS_PER_GRADE * role.grade
        fill_days = max(3, round(days * math.exp(rng.gauss(0.0, FILL_SIGMA))))
        opened = arrived - timedelta(days=fill_days)
        left = opened + timedelta(days=rng.randint(0, min(30, fill_days - 1)))
        factor = self._unit_factor[person.department] if person.department >= 0 else 1.0
        chance = min(0.95, LEFT_BEFORE * SEASON[left.month - 1] * factor)
        replaced = left >= self._start and rng.random() < chance
        if not replaced and rng.random() < 0.4:
            return  # a seat that was never advertised
        if replaced:
            self._leaver(person.role, person.manager, left)
        self._requisitions.append(
            {
                "role_id": role.id,
                "opened_at": _at(opened),
                "filled_at": _at(arrived),
                "status": "FILLED",
                "fill": "INTERNAL" if internal else "EXTERNAL",
                "filled_by": row["id"],
            }
        )

    def _leaver(self, role_index: int, manager: int, left: date) -> None:
        rng = self._rng
        words = self._words
        role = self._structure.roles[role_index]
        years = max(30 / 365, rng.expovariate(1 / LEAVER_YEARS))
        joined = left - timedelta(days=round(years * 365))
        employee = f"X{len(self.leavers) + 1:06d}"
        if joined >= self._start:
            self._event(joined, employee, "HIRE", None, role.id)
        if years >= 10 and rng.random() < 0.4:
            reason = "RETIREMENT"
        else:
            reason = rng.choices(("VOLUNTARY", "INVOLUNTARY", "OTHER"), weights=(72, 20, 8))[0]
        self._event(left, employee, "EXIT", role.id, None, reason)
        first, last = rng.choice(words.first_names), rng.choice(words.last_names)
        self.leavers.append(
            {
                "id": employee,
                "name": f"{first} {last}",
                "email": f"{email_local(first, last)}.{employee.lower()}@{self._domain}",
                "title": role.title,
                "hired_on": joined,
                "location": None,
                "active": False,
                "performance": None,
                "potential": None,
                "risk_of_loss": None,
                "impact_of_loss": None,
                "willing_to_relocate": None,
                "role_ids": [],
                "role_since": None,
            }
        )
        if manager >= 0:
            self.leaver_lines.append(
                {"employee_id": employee, "manager_id": self._people.rows[manager]["id"]}
            )

    def _open_and_cancelled(self) -> None:
        rng = self._rng
        for role in self._structure.roles:
            if rng.random() < OPEN_NOW:
                opened = self._reference - timedelta(days=rng.randint(5, 120))
                self._requisitions.append(_unfilled(role.id, _at(opened), "OPEN"))
            if rng.random() < CANCELLED:
                opened = self._start + timedelta(days=rng.randint(0, HISTORY_DAYS - 30))
                self._requisitions.append(_unfilled(role.id, _at(opened), "CANCELLED"))


def _unfilled(role: str, opened: datetime, status: str) -> Params:
    return {
        "role_id": role,
        "opened_at": opened,
        "filled_at": None,
        "status": status,
        "fill": None,
        "filled_by": None,
    }
