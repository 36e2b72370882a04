"""DESIGN §4 worked out the slow, obvious way from everything in the graph, with exact fractions:
what tests compare the product's answers with. It shares no code with graph/scoring on purpose."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from graph.db import Database

READINESS = {"READY_NOW": 0, "READY_1_2_YEARS": 1, "READY_3_5_YEARS": 2}
WEIGHT = {
    "READY_NOW": Fraction(1),
    "READY_1_2_YEARS": Fraction(1, 2),
    "READY_3_5_YEARS": Fraction(1, 4),
}
LOSS = {"LOW": Fraction(1, 10), "MEDIUM": Fraction(3, 10), "HIGH": Fraction(6, 10)}
IMPACT = {"LOW": Fraction(1, 3), "MEDIUM": Fraction(2, 3), "HIGH": Fraction(1)}

_ALL = """
CALL () { MATCH (e:Employee) RETURN collect([e.id, e.active, e.riskOfLoss, e.impactOfLoss,
  [(e)-[h:HAS_SKILL]->(s:Skill) | [s.id, h.level]], [(e)-[:HOLDS]->(r:Role) | r.id],
  [(e)-[f:READY_FOR]->(r:Role) | [r.id, f.readiness]],
  [(e)<-[:OF]-(:ReadinessAssessment)-[:FOR]->(r:Role) | r.id]]) AS people }
CALL () { MATCH (r:Role) RETURN collect([r.id, r.grade, head([(r)-[:IN_UNIT]->(u) | u.id]),
  [(r)-[q:REQUIRES]->(s:Skill) | [s.id, q.level, q.weight]]]) AS roles }
RETURN people, roles
"""


def exact(value: Any) -> Fraction:
    return Fraction(Decimal(repr(float(value)))) if value is not None else Fraction(0)


@dataclass
class Person:
    id: str
    active: bool
    risk: str | None
    impact: str | None
    skills: dict[str, Fraction]
    holds: set[str]
    ready_for: dict[str, str]
    assessed: set[str] = field(default_factory=set)


@dataclass
class RoleData:
    id: str
    grade: int
    unit: str | None
    needs: dict[str, tuple[Fraction, Fraction]]  # skill -> (level, weight)


class Oracle:
    def __init__(self, people: list[Person], roles: list[RoleData]) -> None:
        self.people = {p.id: p for p in people}
        self.roles = {r.id: r for r in roles}

    @classmethod
    async def read(cls, db: Database) -> Oracle:
        async with db.driver.session(database=db.database) as session:
            record = await (await session.run(_ALL)).single()
        assert record is not None
        people = [
            Person(
                id=i,
                active=bool(active),
                risk=risk,
                impact=impact,
                skills={s: max(Fraction(0), exact(level)) for s, level in skills},
                holds=set(holds),
                ready_for=dict(ready),
                assessed=set(history) | {r for r, _ in ready},
            )
            for i, active, risk, impact, skills, holds, ready, history in record["people"]
        ]
        roles = [
            RoleData(
                i, grade, unit, {s: (exact(level), exact(weight)) for s, level, weight in reqs}
            )
            for i, grade, unit, reqs in record["roles"]
        ]
        return cls(people, roles)

    def fit(self, person_id: str, role_id: str) -> Fraction:
        needs = self.roles[role_id].needs
        total = sum((w * lv for lv, w in needs.values()), Fraction(0))
        if not total:
            return Fraction(0)
        have = self.people[person_id].skills
        covered = sum(
            (w * min(have.get(s, Fraction(0)), lv) for s, (lv, w) in needs.items()), Fraction(0)
        )
        return covered / total

    def gaps(self, person_id: str, role_id: str) -> list[tuple[str, float]]:
        have = self.people[person_id].skills
        found = [
            (s, lv - have.get(s, Fraction(0)), w)
            for s, (lv, w) in self.roles[role_id].needs.items()
            if have.get(s, Fraction(0)) < lv
        ]
        found.sort(key=lambda g: (-(g[2] * g[1]), g[0]))
        return [(s, float(short)) for s, short, _ in found]

    def candidates(
        self, role_id: str, first: int = 100, min_fit: float = 0.0
    ) -> list[tuple[str, float]]:
        found = [
            (p.id, float(self.fit(p.id, role_id)))
            for p in self.people.values()
            if p.active and role_id not in p.holds and self.fit(p.id, role_id) > 0
        ]
        found = [c for c in found if c[1] >= min_fit]
        found.sort(key=lambda c: (-c[1], c[0]))
        return found[:first]

    def nominees(self, role_id: str) -> list[Person]:
        return [
            p
            for p in self.people.values()
            if p.active and role_id not in p.holds and p.ready_for.get(role_id) in READINESS
        ]

    def slate(self, role_id: str) -> list[tuple[str, str, float]]:
        found = [
            (p.id, p.ready_for[role_id], float(self.fit(p.id, role_id)))
            for p in self.nominees(role_id)
        ]
        found.sort(key=lambda s: (READINESS[s[1]], -s[2], s[0]))
        return found

    def nominations(self, person: Person) -> int:
        return sum(1 for r in person.ready_for if r not in person.holds and r in self.roles)

    def bench(self, role_id: str) -> tuple[float, float, float]:
        """(benchScore, cover, keyPersonRisk)."""
        shares = [
            WEIGHT[p.ready_for[role_id]] / self.nominations(p) for p in self.nominees(role_id)
        ]
        score = sum(shares, Fraction(0))
        none = Fraction(1)
        for share in shares:
            none *= 1 - share
        cover = 1 - none
        losses = [
            LOSS.get(p.risk or "MEDIUM", LOSS["MEDIUM"])
            * IMPACT.get(p.impact or "MEDIUM", IMPACT["MEDIUM"])
            for p in self.people.values()
            if p.active and role_id in p.holds
        ]
        risk = max(losses, default=Fraction(0)) * (1 - cover)
        return float(score), float(cover), float(risk)

    def talent_map(self, person_id: str, below: int = 1, above: int = 3) -> list[tuple[str, float]]:
        person = self.people[person_id]
        if not person.active:
            return []
        grades = [self.roles[r].grade for r in person.holds if r in self.roles]
        top = max(grades) if grades else None
        found = []
        for role in self.roles.values():
            if role.id in person.holds:
                continue
            if top is not None and not top - below <= role.grade <= top + above:
                continue
            fit = self.fit(person_id, role.id)
            if fit > 0:
                found.append((role.id, float(fit)))
        found.sort(key=lambda t: (-t[1], t[0]))
        return found

    def chain(self, role_id: str, depth: int = 3) -> tuple[list[tuple[str, str]], str]:
        """[(role, mover)], end."""
        moved = {p.id for p in self.people.values() if role_id in p.holds}
        steps: list[tuple[str, str]] = []
        vacancy = role_id
        while True:
            if len(steps) == depth:
                return steps, "DEPTH_LIMIT"
            options = [
                p
                for p in self.nominees(vacancy)
                if p.id not in moved and p.ready_for[vacancy] in ("READY_NOW", "READY_1_2_YEARS")
            ]
            if not options:
                return steps, "EXTERNAL_HIRE"
            best = min(
                options,
                key=lambda p: (READINESS[p.ready_for[vacancy]], -self.fit(p.id, vacancy), p.id),
            )
            steps.append((vacancy, best.id))
            moved.add(best.id)
            held = [self.roles[r] for r in best.holds if r in self.roles]
            if not held:
                return steps, "NO_BACKFILL"
            vacancy = min(held, key=lambda r: (-r.grade, r.id)).id
