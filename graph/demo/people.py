"""The people of the organisation: who holds which seat, reports to whom, their tenure and
ratings (rules in the `graph.demo` docstring)."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import TypeVar

from graph.demo.structure import CHIEF, EVP, HEAD, JUNIOR, LEAD, MID, SENIOR, Params, Structure
from graph.demo.words import Words, email_local

T = TypeVar("T")
RATINGS = ("LOW", "MODERATE", "HIGH")
LEVELS = ("LOW", "MEDIUM", "HIGH")
#: Mean years with the company by rung.
TENURE_YEARS = {JUNIOR: 2.0, MID: 5.0, SENIOR: 8.0, LEAD: 9.0, HEAD: 10.0, EVP: 11.0, CHIEF: 11.0}
#: Impact of loss (LOW, MEDIUM, HIGH weights) by rung.
IMPACT = {
    JUNIOR: (65, 30, 5),
    MID: (45, 45, 10),
    SENIOR: (25, 50, 25),
    LEAD: (15, 50, 35),
    HEAD: (5, 35, 60),
    EVP: (5, 35, 60),
    CHIEF: (5, 35, 60),
}


@dataclass(slots=True)
class Person:
    """What skills and assessments need to know about an employee."""

    role: int
    department: int  # -1 above department level
    manager: int  # -1 for the chief executive
    active: bool
    performance: str | None
    potential: str | None
    in_role_days: int


class People:
    """Every employee, depth first from the chief executive, with their row of employees.csv."""

    def __init__(
        self, structure: Structure, rng: random.Random, words: Words, domain: str, reference: date
    ) -> None:
        self.reference = reference
        self.structure = structure
        self.domain = domain
        self.people: list[Person] = []
        self.rows: list[Params] = []
        #: role -> the people holding it
        self.holders: list[list[int]] = [[] for _ in structure.roles]
        self._rng = rng
        self._words = words
        self._emails: dict[str, int] = {}
        ceo = self._person(structure.chief, -1, -1, structure.hq)
        for division in structure.divisions:
            evp = self._person(division.head, -1, ceo, division.city)
            for d in division.departments:
                dept = structure.departments[d]
                head = self._person(dept.head, d, evp, dept.city)
                for team in dept.teams:
                    lead = self._person(team.lead, d, head, dept.city)
                    for role in team.members:
                        self._person(role, d, lead, dept.city)

    def __len__(self) -> int:
        return len(self.people)

    def reporting_rows(self) -> Iterator[Params]:
        rows = self.rows
        for person, row in zip(self.people, rows, strict=True):
            if person.manager >= 0:
                yield {"employee_id": row["id"], "manager_id": rows[person.manager]["id"]}

    def _person(self, role_index: int, department: int, manager: int, city: str) -> int:
        rng = self._rng
        words = self._words
        role = self.structure.roles[role_index]
        index = len(self.people)
        first, last = rng.choice(words.first_names), rng.choice(words.last_names)
        leader = role.rung >= LEAD
        years = min(35.0, rng.expovariate(1 / TENURE_YEARS[role.rung]))
        tenure_days = max(30, round(years * 365))
        in_role_days = min(tenure_days, max(14, round(rng.expovariate(1 / 2.5) * 365)))
        active = leader or rng.random() >= 0.021
        performance: str | None = None
        if tenure_days >= 183:
            performance = pick(rng, RATINGS, PERFORMANCE)
        potential: str | None = pick(rng, RATINGS, POTENTIAL[performance])
        if performance is None and rng.random() < 0.5:
            potential = None
        years = min(tenure_days // 365, 10)
        risk = pick(rng, LEVELS, _risk_weights(years, performance, potential))
        impact = pick(rng, LEVELS, _impact_weights(role.rung, role.critical, performance))
        self.people.append(
            Person(role_index, department, manager, active, performance, potential, in_role_days)
        )
        self.holders[role_index].append(index)
        self.rows.append(
            {
                "id": f"E{index + 1:06d}",
                "name": f"{first} {last}",
                "email": self._email(first, last),
                "title": role.title,
                "hired_on": self.reference - timedelta(days=tenure_days),
                "location": city if rng.random() < 0.85 else rng.choice(words.cities),
                "active": active,
                "performance": performance,
                "potential": potential,
                "risk_of_loss": risk,
                "impact_of_loss": impact,
                "willing_to_relocate": pick(rng, RELOCATE, RELOCATE_WEIGHTS),
                "role_ids": [role.id],
                "role_since": self.reference - timedelta(days=in_role_days),
            }
        )
        return index

    def _email(self, first: str, last: str) -> str:
        local = email_local(first, last)
        seen = self._emails[local] = self._emails.get(local, 0) + 1
        return f"{local}{'' if seen == 1 else seen}@{self.domain}"


def pick(rng: random.Random, values: Sequence[T], cumulative: Sequence[float]) -> T:
    """One of `values`, by cumulative weights (what `rng.choices` does, without its set-up)."""
    return values[bisect(cumulative, rng.random() * cumulative[-1])]


def cumulative(*weights: float) -> tuple[float, ...]:
    return tuple(accumulate(weights))


PERFORMANCE = cumulative(15, 60, 25)
#: Potential (LOW, MODERATE, HIGH) by performance.
POTENTIAL = {
    "HIGH": cumulative(10, 45, 45),
    "MODERATE": cumulative(25, 55, 20),
    "LOW": cumulative(55, 40, 5),
    None: cumulative(25, 55, 20),
}
RELOCATE = (True, False, None)
RELOCATE_WEIGHTS = cumulative(30, 60, 10)


@cache
def _risk_weights(years: int, performance: str | None, potential: str | None) -> tuple[float, ...]:
    """Risk of loss: highest in the first two years, lowest after ten; high potential is
    courted elsewhere, low performers drift out."""
    low, medium, high = (40, 35, 25) if years < 2 else (70, 22, 8) if years >= 10 else (55, 30, 15)
    if potential == "HIGH":
        low, high = low - 10, high + 10
    if performance == "LOW":
        low, high = low - 5, high + 5
    return cumulative(low, medium, high)


@cache
def _impact_weights(rung: int, critical: bool, performance: str | None) -> tuple[float, ...]:
    """Impact of loss: rises with the rung and on critical roles; a high performer is harder
    to replace, a low performer easier."""
    low, medium, high = IMPACT[rung]
    if critical and rung < HEAD:
        low, medium, high = min(low, 10), 40, max(high, 50)
    if performance == "HIGH":
        shift = min(low, 10)
        low, high = low - shift, high + shift
    elif performance == "LOW":
        shift = min(high, 10)
        low, high = low + shift, high - shift
    return cumulative(low, medium, high)
