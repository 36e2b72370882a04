"""Readiness assessments: who is nominated for which role, and how ready they are judged
(rules in the `graph.demo` docstring)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from graph.demo.clock import ASSESSMENT_WINDOW_DAYS
from graph.demo.people import People
from graph.demo.skills import Skills
from graph.demo.structure import CHIEF, EVP, HEAD, LEAD, SENIOR, Params, Structure, clamp
from graph.scoring.fit import Needs

READINESS = ("READY_NOW", "READY_1_2_YEARS", "READY_3_5_YEARS")
#: How likely a manager is to put someone forward, by potential and by performance.
POTENTIAL_WEIGHT = {"HIGH": 4.0, "MODERATE": 2.0, "LOW": 0.7, None: 1.0}
PERFORMANCE_WEIGHT = {"HIGH": 2.0, "MODERATE": 1.0, "LOW": 0.4, None: 0.6}
#: Added to a nominee's fit before it is read as readiness.
PERFORMANCE_BONUS = {"HIGH": 0.04, "MODERATE": 0.0, "LOW": -0.06, None: -0.03}
POTENTIAL_BONUS = {"HIGH": 0.03, "MODERATE": 0.0, "LOW": -0.03, None: 0.0}
#: Fit (with bonuses and noise) from which a nominee is ready now, in one or two years.
READY_NOW_FROM, READY_1_2_FROM = 0.86, 0.68

Event = tuple[datetime, int, int, str, str, str | None]


class Assessments:
    def __init__(
        self,
        rng: random.Random,
        structure: Structure,
        people: People,
        skills: Skills,
        notes: tuple[str, ...],
        reference: datetime,
    ) -> None:
        self.reference = reference
        self.structure = structure
        self.people = people
        self.skills = skills
        self._notes = notes
        self._pools: dict[int, tuple[list[int], list[float]]] = {}
        self._needs: dict[int, Needs] = {}
        self._held: dict[int, dict[str, int]] = {}
        self.rows = self._make(rng)

    def _make(self, rng: random.Random) -> list[Params]:
        n = len(self.people)
        target = min(n, clamp(round(0.12 * n), 150, 4000))
        roles = self.structure.roles
        critical = [i for i, r in enumerate(roles) if r.critical]
        others = [i for i, r in enumerate(roles) if not r.critical]
        pairs: set[tuple[int, int]] = set()
        events: list[Event] = []
        misses = 0
        while len(events) < target and misses < 50 * target:
            role = rng.choice(critical if (rng.random() < 0.75 or not others) else others)
            people, weights = self._pool(role)
            if not people:
                misses += 1
                continue
            candidate = rng.choices(people, weights=weights)[0]
            if (candidate, role) in pairs:
                misses += 1
                continue
            pairs.add((candidate, role))
            step = self._readiness(rng, candidate, role)
            times = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
            days = sorted(rng.sample(range(ASSESSMENT_WINDOW_DAYS), times))
            for k, day in enumerate(days[: target - len(events)]):
                if k:  # an earlier assessment: mostly a step less ready
                    step = clamp(step + rng.choices((1, 0, -1), weights=(60, 30, 10))[0], 0, 2)
                events.append(self._event(rng, day, candidate, role, step))
        events.sort(key=lambda e: (e[0], e[1], e[2]))
        rows = self.people.rows
        return [
            {
                "id": f"A{k + 1:06d}",
                "employee_id": rows[candidate]["id"],
                "role_id": roles[role].id,
                "readiness": readiness,
                "assessed_by": by,
                "assessed_at": at,
                "note": note,
            }
            for k, (at, candidate, role, readiness, by, note) in enumerate(events)
        ]

    def _event(self, rng: random.Random, day: int, candidate: int, role: int, step: int) -> Event:
        at = (
            self.reference
            - timedelta(days=day + 1)
            + timedelta(seconds=rng.randrange(8 * 3600, 18 * 3600))
        )
        manager = self.people.people[candidate].manager
        by = (
            self.people.rows[manager]["email"]
            if manager >= 0 and rng.random() < 0.65
            else f"hr@{self.people.domain}"
        )
        note = rng.choice(self._notes) if rng.random() < 0.5 else None
        return (at, candidate, role, READINESS[step], by, note)

    def _readiness(self, rng: random.Random, candidate: int, role: int) -> int:
        """0 (ready now), 1 or 2, from the nominee's fit for the role and their ratings."""
        needs = self._needs.get(role)
        if needs is None:
            needs = self._needs[role] = Needs(self.structure.roles[role].requirements)
        held = self._held.get(candidate)
        if held is None:
            held = self._held[candidate] = self.skills.held(candidate)
        person = self.people.people[candidate]
        score = (
            needs.fit(held).value
            + PERFORMANCE_BONUS[person.performance]
            + POTENTIAL_BONUS[person.potential]
            + rng.gauss(0.0, 0.04)
        )
        return 0 if score >= READY_NOW_FROM else 1 if score >= READY_1_2_FROM else 2

    def _pool(self, role_index: int) -> tuple[list[int], list[float]]:
        """Active non-incumbents who could be nominated for the role, with their weights."""
        pool = self._pools.get(role_index)
        if pool is None:
            people = self.people.people
            chosen: list[int] = []
            weights: list[float] = []
            for source, nearness in self._sources(role_index):
                for i in self.people.holders[source]:
                    person = people[i]
                    if person.active:
                        chosen.append(i)
                        weights.append(
                            nearness
                            * POTENTIAL_WEIGHT[person.potential]
                            * PERFORMANCE_WEIGHT[person.performance]
                        )
            pool = self._pools[role_index] = (chosen, weights)
        return pool

    def _sources(self, role_index: int) -> list[tuple[int, float]]:
        """Roles whose people are put forward for the role, and how near they are: one grade
        below in its family 1, two below 0.5, the same rung of a related family 0.15; for a
        head the department's leads (1) and seniors (0.4), the division's other heads (0.15);
        for an executive vice president the division's heads (1), other heads (0.15), the other
        executive vice presidents (0.1), the division's leads (0.05); for the chief executive
        the executive vice presidents (1) and the heads (0.2)."""
        structure = self.structure
        roles = structure.roles
        role = roles[role_index]
        if role.rung <= LEAD:
            family = structure.families[role.family]
            out = [
                (other, 1.0 if role.grade - roles[other].grade == 1 else 0.5)
                for other in family.roles.values()
                if 1 <= role.grade - roles[other].grade <= 2
            ]
            for g in family.related:
                same = structure.families[g].roles.get(role.rung)
                if same is not None:
                    out.append((same, 0.15))
            return out
        if role.rung == HEAD:
            dept = structure.departments[role.department]
            division = structure.divisions[dept.division]
            out = [
                (structure.families[f].roles[rung], nearness)
                for f in dept.families
                for rung, nearness in ((LEAD, 1.0), (SENIOR, 0.4))
            ]
            out += [
                (structure.departments[d].head, 0.15)
                for d in division.departments
                if d != role.department
            ]
            return out
        if role.rung == EVP:
            own = structure.divisions[role.division].departments
            out = [
                (dept.head, 1.0 if dept.division == role.division else 0.15)
                for dept in structure.departments
            ]
            out += [(other.head, 0.1) for other in structure.divisions if other.head != role_index]
            out += [
                (structure.families[f].roles[LEAD], 0.05)
                for d in own
                for f in structure.departments[d].families
            ]
            return out
        assert role.rung == CHIEF
        return [(d.head, 1.0) for d in structure.divisions] + [
            (dept.head, 0.2) for dept in structure.departments
        ]
