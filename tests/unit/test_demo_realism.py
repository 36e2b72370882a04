"""The demo organisation reads like a real one: incumbents fit their roles, roles sit on career
ladders with candidates a grade or two below, people's other skills come from related roles,
and ratings, nominations, readiness and risk hang together.

Checked on the rows of the 2,000-person demo `make run` loads (seed 42, the default of
`talentgraph demo` and `serve --demo`) and on a second seed, in Python (no database), with fits
from `graph.scoring.fit`, the one definition of skill fit. Families are read from the rows: the
roles of one department with one occupation (junior to lead); above them the department's head
(title "Head of ..."), the division's executive vice president (a role in a division's unit),
the chief executive (the role in the company's unit).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import Any

import pytest

from graph.demo import generate_demo
from graph.importing.rows import (
    ROW_TYPES,
    AssessmentRow,
    EmployeeRow,
    EmployeeSkillRow,
    OrgUnitRow,
    RequirementRow,
    RoleRow,
)
from graph.scoring.fit import Needs, held_units

#: A fixed reference, so the figures are the same whatever the day.
REFERENCE = datetime(2026, 1, 1, tzinfo=UTC)
N = 2000
SEEDS = (42, 1)
READINESS = ("READY_NOW", "READY_1_2_YEARS", "READY_3_5_YEARS")

Params = dict[str, Any]


class DemoRows:
    """The rows of a demo organisation, read the way a user of the graph would."""

    def __init__(self, rows: dict[type[Any], list[Params]]) -> None:
        self.parent = {u["id"]: u["parent_id"] for u in rows[OrgUnitRow]}
        self.roles = {r["id"]: r for r in rows[RoleRow]}
        requirements: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
        for q in rows[RequirementRow]:
            requirements[q["role_id"]].append((q["skill_id"], q["level"], q["weight"]))
        self.requirements = dict(requirements)
        self.needs = {role: Needs(reqs) for role, reqs in requirements.items()}
        skills: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for s in rows[EmployeeSkillRow]:
            skills[s["employee_id"]].append((s["skill_id"], s["level"]))
        self.skills = dict(skills)
        self.held = {e: held_units(levels) for e, levels in skills.items()}
        # the people of the organisation now, not those who left in its history
        self.employees = {e["id"]: e for e in rows[EmployeeRow] if e["role_ids"]}
        self.active = [e for e in self.employees.values() if e["active"]]
        self.role_of = {e["id"]: e["role_ids"][0] for e in self.employees.values()}
        self.holders: dict[str, list[str]] = defaultdict(list)
        for e in self.active:
            self.holders[e["role_ids"][0]].append(e["id"])
        self.assessments = rows[AssessmentRow]
        self.root = next(u for u, p in self.parent.items() if p is None)

    def fit(self, employee: str, role: str) -> float:
        return self.needs[role].fit(self.held.get(employee, {})).value

    def kind(self, role: str) -> str:
        unit = self.roles[role]["org_unit_id"]
        if unit == self.root:
            return "chief"
        if self.parent[unit] == self.root:
            return "evp"
        return "head" if self.roles[role]["title"].startswith("Head of ") else "family"

    def division(self, unit: str) -> str:
        """The division a unit is in (the company unit for the chief executive's)."""
        while self.parent[unit] is not None and self.parent[self.parent[unit]] is not None:
            unit = self.parent[unit]
        return unit

    def ancestors(self, unit: str | None) -> list[str]:
        out = []
        while unit is not None:
            out.append(unit)
            unit = self.parent[unit]
        return out

    def same_family(self, upper: str, lower: str) -> bool:
        """Whether `lower` is on `upper`'s ladder: its family, or the families a leader heads."""
        a, b = self.roles[upper], self.roles[lower]
        kind, lower_kind = self.kind(upper), self.kind(lower)
        if kind == "family":
            return (
                lower_kind == "family"
                and a["org_unit_id"] == b["org_unit_id"]
                and a["occupation_code"] == b["occupation_code"]
            )
        if kind == "head":
            return lower_kind == "family" and a["org_unit_id"] == b["org_unit_id"]
        if kind == "evp":
            return lower_kind == "head" and self.parent[b["org_unit_id"]] == a["org_unit_id"]
        return lower_kind == "evp"

    def feeders(self, role: str) -> list[str]:
        """Roles one or two grades below `role` on its ladder."""
        grade = self.roles[role]["grade"]
        return [
            other
            for other, row in self.roles.items()
            if grade - 2 <= row["grade"] <= grade - 1 and self.same_family(role, other)
        ]

    def families(self) -> dict[tuple[str, str], list[str]]:
        """(unit, occupation) -> the family's roles, lowest grade first."""
        out: dict[tuple[str, str], list[str]] = defaultdict(list)
        for role, row in self.roles.items():
            if self.kind(role) == "family":
                out[(row["org_unit_id"], row["occupation_code"])].append(role)
        return {
            key: sorted(roles, key=lambda r: self.roles[r]["grade"]) for key, roles in out.items()
        }

    def current_readiness(self) -> dict[tuple[str, str], str]:
        """(employee, role) -> the newest assessment's readiness."""
        latest: dict[tuple[str, str], Params] = {}
        for a in self.assessments:
            pair = (a["employee_id"], a["role_id"])
            if pair not in latest or (a["assessed_at"], a["id"]) > (
                latest[pair]["assessed_at"],
                latest[pair]["id"],
            ):
                latest[pair] = a
        return {pair: a["readiness"] for pair, a in latest.items()}


def _demo_rows(employees: int, seed: int) -> DemoRows:
    demo = generate_demo(employees, seed, REFERENCE)
    return DemoRows({row_type: list(demo.rows(row_type)) for row_type in ROW_TYPES})


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def demo(request: pytest.FixtureRequest) -> DemoRows:
    return _demo_rows(N, request.param)


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values)


def test_incumbents_fit_their_own_role(demo: DemoRows) -> None:
    fits = [demo.fit(e, demo.role_of[e]) for e in demo.employees]
    assert statistics.median(fits) >= 0.8
    assert min(fits) >= 0.5


@pytest.mark.parametrize(("employees", "seed"), [(50, 3), (300, 7)])
def test_incumbents_fit_their_own_role_in_small_organisations(employees: int, seed: int) -> None:
    small = _demo_rows(employees, seed)
    fits = [small.fit(e, small.role_of[e]) for e in small.employees]
    assert statistics.median(fits) >= 0.8
    assert min(fits) >= 0.5


def test_a_ladder_asks_more_at_every_rung_and_its_people_have_more(demo: DemoRows) -> None:
    families = demo.families()
    assert statistics.mean(len(roles) for roles in families.values()) >= 3
    for roles in families.values():
        for lower, upper in pairwise(roles):
            assert demo.roles[upper]["grade"] > demo.roles[lower]["grade"]
            low = {s: level for s, level, _ in demo.requirements[lower]}
            high = {s: level for s, level, _ in demo.requirements[upper]}
            assert set(low) <= set(high), (lower, upper)
            assert all(high[s] >= level for s, level in low.items()), (lower, upper)
            assert sum(high.values()) > sum(low.values()), (lower, upper)
    # People on a higher rung hold their family's core skills at higher levels.
    rising = []
    for roles in families.values():
        core = {s for s, _, _ in demo.requirements[roles[0]]}
        means = [
            statistics.mean(
                level for e in demo.holders[role] for s, level in demo.skills[e] if s in core
            )
            for role in roles
            if demo.holders[role]
        ]
        rising.append(all(b > a for a, b in pairwise(means)))
    assert _share(rising) >= 0.8


def test_most_roles_have_upward_candidates_a_grade_or_two_below(demo: DemoRows) -> None:
    """For most roles, someone one or two grades below on its ladder fits it 0.6-0.9: close,
    not there yet."""
    with_candidate = [
        any(
            0.6 <= demo.fit(e, role) <= 0.9
            for feeder in demo.feeders(role)
            for e in demo.holders[feeder]
        )
        for role in demo.roles
    ]
    assert _share(with_candidate) >= 0.6
    leaders = [r for r in demo.roles if demo.kind(r) != "family"]
    fed_leaders = [r for r in leaders if demo.feeders(r)]
    assert len(fed_leaders) >= 0.6 * len(leaders)


def test_secondary_skills_come_from_related_roles(demo: DemoRows) -> None:
    """A skill someone holds beyond their role's comes from a role of their own division (its
    families, their heads) or above them (their ladder): never from a random trade elsewhere."""
    required_in: dict[str, set[str]] = defaultdict(set)
    for role, reqs in demo.requirements.items():
        required_in[demo.roles[role]["org_unit_id"]].update(s for s, _, _ in reqs)
    in_division: dict[str, set[str]] = defaultdict(set)
    for unit, required in required_in.items():
        in_division[demo.division(unit)] |= required
    secondary = 0
    strays = []
    for e, skills in demo.skills.items():
        role = demo.role_of[e]
        unit = demo.roles[role]["org_unit_id"]
        own = {s for s, _, _ in demo.requirements[role]}
        related = set(in_division[demo.division(unit)])
        for above in demo.ancestors(unit):
            related |= required_in[above]
        for skill, _ in skills:
            if skill not in own:
                secondary += 1
                if skill not in related:
                    strays.append((e, skill))
    assert secondary >= 0.5 * len(demo.employees)
    assert strays == []


def test_nominations_follow_performance_potential_and_fit(demo: DemoRows) -> None:
    readiness = demo.current_readiness()
    nominated = {e for e, _ in readiness}

    def rate(people: list[Params]) -> float:
        return _share(e["id"] in nominated for e in people)

    by = defaultdict(list)
    for e in demo.active:
        by[e["performance"]].append(e)
    assert rate(by["HIGH"]) >= 2 * rate(by["LOW"])
    assert rate(by["HIGH"]) > rate(by["MODERATE"])
    high_potential = [e for e in demo.active if e["potential"] == "HIGH"]
    low_potential = [e for e in demo.active if e["potential"] == "LOW"]
    assert rate(high_potential) >= 2 * rate(low_potential)

    fits = {
        level: [demo.fit(e, r) for (e, r), rd in readiness.items() if rd == level]
        for level in READINESS
    }
    means = [statistics.mean(fits[level]) for level in READINESS]
    assert means[0] >= 0.8, "a READY_NOW nominee should fit the role well"
    assert means[0] > means[1] > means[2]
    assert _share(f >= 0.7 for f in fits["READY_NOW"]) >= 0.9

    def ready_now(people: Iterable[str]) -> float:
        return _share(readiness[pair] == "READY_NOW" for pair in readiness if pair[0] in people)

    high = {e["id"] for e in by["HIGH"]}
    others = {e["id"] for e in demo.active} - high
    assert ready_now(high) > ready_now(others)


def test_risk_and_impact_of_loss_follow_tenure_rung_and_performance(demo: DemoRows) -> None:
    def high(people: Iterable[Params], field: str) -> float:
        return _share(e[field] == "HIGH" for e in people)

    reference: date = REFERENCE.date()
    years = {e["id"]: (reference - e["hired_on"]).days / 365 for e in demo.employees.values()}
    everyone = list(demo.employees.values())
    newcomers = [e for e in everyone if years[e["id"]] < 2]
    veterans = [e for e in everyone if years[e["id"]] >= 10]
    assert high(newcomers, "risk_of_loss") > 1.5 * high(veterans, "risk_of_loss")

    leaders = [e for e in everyone if demo.kind(demo.role_of[e["id"]]) != "family"]
    juniors = [
        e
        for e in everyone
        if demo.roles[demo.role_of[e["id"]]]["title"].startswith(("Junior ", "Associate "))
    ]
    assert high(leaders, "impact_of_loss") > 3 * high(juniors, "impact_of_loss")
    by_performance = defaultdict(list)
    for e in everyone:
        if demo.kind(demo.role_of[e["id"]]) == "family":
            by_performance[e["performance"]].append(e)
    assert high(by_performance["HIGH"], "impact_of_loss") > high(
        by_performance["LOW"], "impact_of_loss"
    )
