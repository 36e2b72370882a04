"""The organisation's shape: units, job families on career ladders, roles with grades and
requirements, and the seats each team fills (rules in the `graph.demo` docstring)."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from graph.demo.occupations import Occupation, OnetSubset, overlap
from graph.demo.words import Words, numbered, roman

Params = dict[str, Any]
Requirement = tuple[str, float, float]  # skill id, level, weight

# Rungs of a ladder: a family's individual contributors and lead, then the leaders above it.
JUNIOR, MID, SENIOR, LEAD, HEAD, EVP, CHIEF = range(7)
#: Required level = O*NET level x this (at most 7): each rung of a family asks more.
LEVEL_SCALE = {JUNIOR: 0.7, MID: 0.85, SENIOR: 1.0, LEAD: 1.1, HEAD: 1.0, EVP: 1.05, CHIEF: 1.0}
#: A role profile names its occupation's most important requirements, at most this many.
CORE = 12
#: What a lead adds to its family's requirements (from the field's supervisor occupation), what
#: a head adds to the manager occupation's (from the department's principal family) and an EVP
#: to general management's (from the head of the division's first department).
LEAD_EXTRA, HEAD_DOMAIN = 3, 2
#: Grades from the highest lead of a department to its head, and from one leader level up.
LEADER_STEP = 2
#: Share of a family's individual contributors by rung.
RUNG_SHARE = {JUNIOR: 0.30, MID: 0.45, SENIOR: 0.25}
TEAM_SIZE = 10  # a lead and nine members
ROLES_PER_FAMILY = 4  # junior, mid, senior, lead
MIN_FAMILY = 5  # people in a family: its lead and enough members for every rung
MIN_ROLES = 3  # roles of a department's smallest budget: one family without juniors


@dataclass(slots=True)
class Role:
    id: str
    title: str
    rung: int
    unit: str
    department: int  # index, -1 above department level
    division: int  # index, -1 for the chief executive
    family: int  # index, -1 for heads, executive vice presidents and the chief executive
    occupation: str
    requirements: tuple[Requirement, ...]
    grade: int = 0
    above: int = -1  # the next role up the ladder, -1 for the chief executive
    critical: bool = False


@dataclass(slots=True)
class Family:
    """A career ladder of one occupation in one department (rung -> role), and the families
    its people take secondary skills from, with weights (how alike their requirements are)."""

    occupation: Occupation
    department: int
    roles: dict[int, int] = field(default_factory=dict)
    related: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)


@dataclass(slots=True)
class Team:
    unit: str
    lead: int  # the lead role its leader holds
    members: list[int]  # the role of each member


@dataclass(slots=True)
class Department:
    unit: str
    name: str
    division: int
    fields: tuple[str, ...]  # of its division, its own first
    city: str
    head: int = -1
    families: list[int] = field(default_factory=list)  # the principal family first
    teams: list[Team] = field(default_factory=list)


@dataclass(slots=True)
class Division:
    unit: str
    name: str
    city: str
    head: int
    departments: list[int] = field(default_factory=list)


class Structure:
    """Units, roles and seats of an organisation of `employees` people (draws from `rng`)."""

    def __init__(
        self, employees: int, rng: random.Random, onet: OnetSubset, words: Words, company: str
    ) -> None:
        self.employees = employees
        self.units: list[Params] = []
        self.roles: list[Role] = []
        self.families: list[Family] = []
        self.departments: list[Department] = []
        self.divisions: list[Division] = []
        self._onet = onet
        self._words = words
        reserved = {onet.chief_executive, *onet.managers.values(), *onet.supervisors.values()}
        #: major group -> occupations for individual contributors
        self._pool: dict[str, list[Occupation]] = {group: [] for group in words.fields}
        for code, occupation in onet.occupations.items():
            supervises = occupation.role_title.startswith("First-Line")
            if code not in reserved and not supervises and occupation.group in self._pool:
                self._pool[occupation.group].append(occupation)
        self.hq = ""
        self.chief = -1
        self._build(rng, company)

    def _build(self, rng: random.Random, company: str) -> None:
        n = self.employees
        onet = self._onet
        cities = self._words.cities
        divisions = self._words.divisions
        n_div = clamp(round(n ** (1 / 3) / 2), 2, len(divisions))
        department_size = clamp(math.sqrt(n) * 2.5, 25, 500)
        n_dept = max(n_div, round((n - 1 - n_div) / department_size))
        in_teams = n - 1 - n_div - n_dept
        chosen = sorted(rng.sample(range(len(divisions)), n_div))

        company_unit = self._unit(company, None)
        self.hq = rng.choice(cities)
        chief = onet.occupations[onet.chief_executive]
        self.chief = self._role("Chief Executive Officer", CHIEF, company_unit, -1, -1, -1, chief)
        self.roles[self.chief].requirements = _profile(chief, CHIEF)
        general_manager = onet.occupations[onet.managers["11"]]
        per_division = allocate(
            n_dept, [len(divisions[d][1]) * rng.uniform(0.7, 1.3) for d in chosen], 1
        )
        for v, (d, count) in enumerate(zip(chosen, per_division, strict=True)):
            name, fields = divisions[d]
            unit = self._unit(name, company_unit)
            title = f"Executive Vice President, {name}"
            head = self._role(title, EVP, unit, -1, v, -1, general_manager)
            self.roles[head].requirements = _profile(general_manager, EVP)
            self.divisions.append(Division(unit, name, rng.choice(cities), head))
            order = list(fields)
            rng.shuffle(order)
            for j in range(count):
                city = self.divisions[v].city if rng.random() < 0.5 else rng.choice(cities)
                own = order[j % len(order)]
                others = tuple(f for f in fields if f != own)
                self.divisions[v].departments.append(len(self.departments))
                self.departments.append(Department("", "", v, (own, *others), city))

        names: dict[str, int] = {}
        for dept in self.departments:
            base = f"{self._words.fields[dept.fields[0]]}, {dept.city}"
            seen = names[base] = names.get(base, 0) + 1
            dept.name = base if seen == 1 else f"{base} {roman(seen)}"
            dept.unit = self._unit(dept.name, self.divisions[dept.division].unit)

        sizes = allocate(in_teams, [rng.uniform(0.6, 1.4) for _ in self.departments], MIN_FAMILY)
        budget = max(MIN_ROLES * n_dept, round(n / 20) - 1 - n_div - n_dept)
        budgets = allocate(budget, [float(s) for s in sizes], MIN_ROLES)
        for i, (size, roles) in enumerate(zip(sizes, budgets, strict=True)):
            self._plan_department(rng, i, size, roles)
        for dept in self.departments:
            for t, team in enumerate(dept.teams):
                team.unit = self._unit(
                    f"Team {numbered(self._words.team_names, t)} ({dept.name})", dept.unit
                )
        for division in self.divisions:
            # an EVP's profile: general management and two skills of the division's trade
            evp = self.roles[division.head]
            known = {skill for skill, _, _ in evp.requirements}
            first = self.roles[self.departments[division.departments[0]].head].requirements
            evp.requirements += tuple(r for r in first if r[0] not in known)[:HEAD_DOMAIN]
        self._grade_leaders()
        self._relate_families()
        self._mark_critical(rng)

    def _plan_department(self, rng: random.Random, index: int, size: int, budget: int) -> None:
        """The department's head, families (roles, ladders) and teams (seats)."""
        dept = self.departments[index]
        manager = self._onet.occupations[self._onet.managers[dept.fields[0]]]
        dept.head = self._role(
            f"Head of {dept.name}", HEAD, dept.unit, index, dept.division, -1, manager
        )
        wanted = clamp(math.ceil(budget / ROLES_PER_FAMILY), 1, max(1, size // MIN_FAMILY))
        occupations = self._pick_families(rng, dept, wanted)
        with_juniors = budget - 3 * len(occupations)
        family_sizes = allocate(size, [rng.uniform(0.6, 1.4) for _ in occupations], MIN_FAMILY)
        supervisor_code = self._onet.supervisors.get(dept.fields[0])
        leader = self._onet.occupations[supervisor_code] if supervisor_code is not None else manager
        for k, (occupation, family_size) in enumerate(zip(occupations, family_sizes, strict=True)):
            f = len(self.families)
            family = Family(occupation, index)
            self.families.append(family)
            dept.families.append(f)
            rungs = [MID, SENIOR]
            if k < with_juniors and _juniors_exist(occupation):
                rungs.insert(0, JUNIOR)
            for rung in rungs:
                family.roles[rung] = self._role(
                    _title(occupation, rung), rung, dept.unit, index, dept.division, f, occupation
                )
            lead = self._role(
                f"Lead {occupation.role_title}",
                LEAD,
                dept.unit,
                index,
                dept.division,
                f,
                occupation,
            )
            family.roles[LEAD] = lead
            core = _profile(occupation, LEAD)
            known = {skill for skill, _, _ in core}
            extra = [
                (element, _level(level * LEVEL_SCALE[SENIOR]), importance)
                for element, importance, level in leader.requirements
                if element not in known
            ]
            self.roles[lead].requirements = core + tuple(extra[:LEAD_EXTRA])
            ladder = [*rungs, LEAD]
            for below, above in pairwise(ladder):
                self.roles[family.roles[below]].above = family.roles[above]
            self.roles[lead].above = dept.head

            n_teams = max(1, round(family_size / TEAM_SIZE))
            members = family_size - n_teams
            counts = allocate(members, [RUNG_SHARE[r] * rng.uniform(0.7, 1.3) for r in rungs], 1)
            seats = [family.roles[r] for r, c in zip(rungs, counts, strict=True) for _ in range(c)]
            rng.shuffle(seats)
            start = 0
            for team_size in allocate(members, [rng.uniform(0.7, 1.3) for _ in range(n_teams)], 0):
                dept.teams.append(Team("", lead, seats[start : start + team_size]))
                start += team_size

        principal = self.families[dept.families[0]].occupation
        head = _profile(manager, HEAD)
        known = {skill for skill, _, _ in head}
        domain = [r for r in _profile(principal, HEAD) if r[0] not in known][:HEAD_DOMAIN]
        self.roles[dept.head].requirements = head + tuple(domain)
        self.roles[dept.head].above = self.divisions[dept.division].head

    def _pick_families(self, rng: random.Random, dept: Department, count: int) -> list[Occupation]:
        """The department's principal occupation from its field, then occupations alike to it:
        75% from its field while any is left, else from its division's other fields."""
        own = self._pool[dept.fields[0]]
        every = [o for group in self._words.fields for o in self._pool[group]]
        chosen = [rng.choice(own or every)]
        taken = {chosen[0].code}
        while len(chosen) < count:
            own_left = [o for o in own if o.code not in taken]
            others = [o for f in dept.fields[1:] for o in self._pool[f] if o.code not in taken]
            pool = own_left if own_left and (not others or rng.random() < 0.75) else others
            pool = pool or [o for o in every if o.code not in taken]
            if not pool:
                break
            weights = [overlap(chosen[0].code, o.code, CORE) ** 2 + 0.01 for o in pool]
            picked = rng.choices(pool, weights=weights)[0]
            chosen.append(picked)
            taken.add(picked.code)
        return chosen

    def _grade_leaders(self) -> None:
        """Heads sit `LEADER_STEP` above their department's highest lead (so a department's
        heads follow its fields), every executive vice president as far above the highest
        head, the chief executive above them."""
        roles = self.roles
        for dept in self.departments:
            top = max(roles[self.families[f].roles[LEAD]].grade for f in dept.families)
            roles[dept.head].grade = top + LEADER_STEP
        executive = max(roles[dept.head].grade for dept in self.departments) + LEADER_STEP
        for division in self.divisions:
            roles[division.head].grade = executive
            roles[division.head].above = self.chief
        roles[self.chief].grade = executive + LEADER_STEP

    def _relate_families(self) -> None:
        """A family's related families: the others of its department; in a department of one
        family, those of other occupations in its division. Weighted by requirement overlap."""
        for f, family in enumerate(self.families):
            dept = self.departments[family.department]
            near = [g for g in dept.families if g != f]
            if not near:
                near = [
                    g
                    for d in self.divisions[dept.division].departments
                    if d != family.department
                    for g in self.departments[d].families
                    if self.families[g].occupation.code != family.occupation.code
                ]
            code = family.occupation.code
            family.related = near
            family.weights = [
                overlap(code, self.families[g].occupation.code, CORE) ** 2 + 0.01 for g in near
            ]

    def _mark_critical(self, rng: random.Random) -> None:
        """10% of roles (rounded), the chief executive always; the others drawn without
        replacement with weight 2 ** ((grade - 8) / 2)."""
        roles = self.roles
        wanted = max(1, round(0.10 * len(roles)))
        roles[self.chief].critical = True
        keyed = sorted(
            (
                (rng.random() ** (1 / 2 ** ((role.grade - 8) / 2)), -i)
                for i, role in enumerate(roles)
                if i != self.chief
            ),
            reverse=True,
        )
        for _, negative in keyed[: wanted - 1]:
            roles[-negative].critical = True

    def _unit(self, name: str, parent: str | None) -> str:
        # employees / 8 bounds the number of units, so every id of an organisation has one width
        unit_id = f"U{len(self.units) + 1:0{max(4, len(str(self.employees // 8)))}d}"
        self.units.append({"id": unit_id, "name": name, "parent_id": parent})
        return unit_id

    def _role(
        self,
        title: str,
        rung: int,
        unit: str,
        department: int,
        division: int,
        family: int,
        occupation: Occupation,
    ) -> int:
        """A new role; a family's roles get their requirements and grade here, leaders later."""
        index = len(self.roles)
        self.roles.append(
            Role(
                id=f"R{index + 1:05d}",
                title=title,
                rung=rung,
                unit=unit,
                department=department,
                division=division,
                family=family,
                occupation=occupation.code,
                requirements=_profile(occupation, rung) if family >= 0 else (),
                grade=2 * occupation.job_zone + rung if family >= 0 else 0,
            )
        )
        return index


def _profile(occupation: Occupation, rung: int) -> tuple[Requirement, ...]:
    """The occupation's `CORE` most important requirements at the rung's level."""
    scale = LEVEL_SCALE[rung]
    return tuple(
        (element, _level(level * scale), importance)
        for element, importance, level in occupation.requirements[:CORE]
    )


def _level(value: float) -> float:
    return max(0.01, round(min(7.0, value), 2))


def _juniors_exist(occupation: Occupation) -> bool:
    return occupation.group != "11" and not occupation.role_title.startswith(
        ("Chief", "First-Line")
    )


def _title(occupation: Occupation, rung: int) -> str:
    if rung == JUNIOR:
        return ("Associate " if occupation.job_zone >= 4 else "Junior ") + occupation.role_title
    return ("Senior " if rung == SENIOR else "") + occupation.role_title


def clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, value)))


def allocate(total: int, weights: Sequence[float], minimum: int) -> list[int]:
    """Split `total` into len(weights) whole parts of at least `minimum`, proportional to weights."""
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError("total too small for the minimum")
    whole = sum(weights)
    shares = [rest * w / whole for w in weights]
    parts = [minimum + math.floor(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(shares[i] % 1), i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts
