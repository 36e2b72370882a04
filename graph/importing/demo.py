"""The demo organisation behind `talentgraph demo`: a plausible company of 50 to 100,000 people.

Everything follows from `(employees, seed)`: the same pair gives the same rows in every process
(one `random.Random(seed)` for the structure, one `random.Random("<seed>:skills:<n>")` per
employee for their skills, so those can be produced lazily and again; dates are counted back
from `REFERENCE`, never from today).

Made from real O*NET data (`graph/data/onet_demo.json.gz`, built by
`scripts/build_onet_subset.py`, ~150 occupations); its attribution is `DemoOrg.attribution`.

Structure
    company (U0001) -> divisions -> departments -> teams. Each department works in one SOC major
    group (its *field*: "Manufacturing", "Clinical Services", ...) and sits in a city.
    Reporting lines follow it: team members -> team lead -> head of department -> division head
    (an executive vice president) -> chief executive, who reports to no one.
Skills
    The O*NET Skills and Knowledge elements; id = onet_element_id = the O*NET element id
    (`2.A.1.a`), the ids the O*NET reference import uses, category SKILL or KNOWLEDGE.
Roles (about employees / 20; at least the leaders' roles and one more per department)
    One per division head, department head and the chief executive, mapped to a management
    occupation; one team-lead role per department (every team lead of the department holds it),
    mapped to the field's first-line supervisor occupation when the subset has one, else "Lead"
    + the department's largest role; the rest are individual-contributor roles in departments,
    each a field occupation at a seniority: "Junior"/"Associate" (zone 4-5; never for managers,
    chiefs or supervisors), none, or "Senior".
    All roles sit in their department's unit (division heads in the division, the chief
    executive in the company unit).
Grade (higher = more senior)
    individual contributor 2*job_zone + (0 junior, 1 mid, 2 senior); team lead 2*job_zone + 3
    but above every individual contributor of the department, at most 14; department head 15,
    division head 18, chief executive 20.
Critical
    10% of roles (rounded), the chief executive always; the others drawn without replacement
    with weight 2 ** ((grade - 8) / 2), so senior roles are far more likely.
Requirements (role -> skill)
    The occupation's O*NET requirements. weight = O*NET importance (IM, 1-5, 2 decimals);
    level = O*NET level (LV, 0-7) * 0.85 for junior, * 1.1 for senior and team lead (at most 7),
    * 1 otherwise, 2 decimals.
Employees
    Each holds one role; every role has at least one incumbent. ~2% of individual contributors
    are inactive (leaders never). Performance is unrated in the first six months.
Employee skills (~15 per employee, produced lazily)
    For each requirement of their role: missing (22%), weaker by 0.6-2.2 (20%), stronger by
    0.3-1.4 (16%), else within a few tenths of the required level; then +0.3 for high
    performers, -0.3 for low, -0.1 for the not yet rated. Plus 1-3 skills from the requirements of another role (70% in the same department)
    at 40-100% of that role's level. Levels in 0.5-7, 1 decimal; below 0.5 the skill is left out.
Readiness assessments
    min(employees, clamp(round(0.12 * employees), 150, 4000)) rows, 75% for critical roles,
    of active employees who do not hold the role, drawn near it (division heads for the chief
    executive, department heads for a division head, the department's people otherwise),
    preferring high potential. 20% of pairs are assessed two or three times (history), mostly
    improving. Assessed by the candidate's manager (by email) or hr@<company domain>, at
    business hours over the two years before `REFERENCE`.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import random
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.errors import BadUserInput
from graph.importing.rows import (
    ROW_TYPES,
    AssessmentRow,
    EmployeeRow,
    EmployeeSkillRow,
    OrgUnitRow,
    ReportingLineRow,
    RequirementRow,
    RoleRow,
    Row,
    SkillRow,
)
from graph.importing.writer import Advance, Created, write_rows

Params = dict[str, Any]

MIN_EMPLOYEES = 50
MAX_EMPLOYEES = 100_000
#: Every date is counted back from here, so a seed gives the same organisation on any day.
REFERENCE = datetime(2026, 1, 1, tzinfo=UTC)
REFERENCE_DATE = REFERENCE.date()
ASSESSMENT_WINDOW_DAYS = 730

DIVISIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Corporate Functions", ("13", "43", "23", "11")),
    ("Technology & Engineering", ("15", "17", "19")),
    ("Health & Care", ("29", "31", "21", "39")),
    ("Operations", ("51", "47", "49", "53", "45")),
    ("Commercial", ("41", "27", "25")),
    ("Facilities & Services", ("35", "37", "33")),
)
#: SOC major group -> what its departments are called.
FIELDS = {
    "11": "General Management",
    "13": "Finance & Business Operations",
    "15": "Software & Data",
    "17": "Engineering",
    "19": "Research & Science",
    "21": "Community Programmes",
    "23": "Legal",
    "25": "Learning & Education",
    "27": "Design & Media",
    "29": "Clinical Services",
    "31": "Care Support",
    "33": "Security",
    "35": "Food Services",
    "37": "Facilities",
    "39": "Personal Services",
    "41": "Sales",
    "43": "Administration",
    "45": "Agriculture",
    "47": "Construction",
    "49": "Maintenance & Repair",
    "51": "Manufacturing",
    "53": "Logistics",
}
COMPANIES = (
    "Meridian Group",
    "Northwind Holdings",
    "Bluestone Industries",
    "Aurora Consolidated",
    "Harbourview Enterprises",
    "Kestrel & Vale",
)
CITIES = (
    "Rotterdam",
    "Kraków",
    "São Paulo",
    "Toronto",
    "Manchester",
    "Lyon",
    "Austin",
    "Singapore",
    "Nairobi",
    "Bengaluru",
    "Melbourne",
    "Dublin",
    "Monterrey",
    "Seoul",
    "Hamburg",
    "Cape Town",
    "Ho Chi Minh City",
    "Zürich",
    "Osaka",
    "Chicago",
)
TEAM_NAMES = (
    "Atlas",
    "Birch",
    "Cedar",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Harbour",
    "Iris",
    "Juniper",
    "Kite",
    "Lumen",
    "Maple",
    "Nova",
    "Orbit",
    "Pine",
    "Quartz",
    "Raven",
    "Summit",
    "Tide",
)
FIRST_NAMES = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Lucas", "Mia", "Ethan",
    "Amara", "Kwame", "Aisha", "Omar", "Fatima", "Yusuf", "Priya", "Arjun", "Ananya", "Rohan",
    "Mei", "Wei", "Hana", "Kenji", "Yuki", "Min-jun", "Seo-yeon", "Linh", "Minh", "José",
    "María", "Zoë", "Chloé", "Léa", "Łukasz", "Zofia", "Søren", "Björn", "Ingrid", "Astrid",
    "Siobhán", "Niamh", "Seán", "Dmitri", "Olga", "Giulia", "Matteo", "Francesca", "Andrés",
    "Camila", "Thiago", "Valentina", "Oluwaseun", "Chidi", "Ngozi", "Tariq", "Leila", "Reza",
    "Elif", "Emre", "Ayşe", "Kofi", "Sipho", "Thandiwe", "Aroha", "Tane", "Jamal", "Keisha",
    "Daniel", "Sarah", "David", "Rachel", "Hannah", "Noa", "Ali", "Zainab", "Ravi", "Deepika",
    "Jin", "Xiu", "Nikolai", "Petra", "Jürgen", "Anaïs", "François", "Renée", "Gabriel",
    "Isabela", "João", "Inês", "Mohammed", "Layla", "Samuel", "Grace", "Isaac", "Esther",
    "Tomás", "Lucía", "Paul", "Anna",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Garcia", "Martinez", "Rodríguez", "Hernández",
    "López", "González", "Nguyễn", "Trần", "Lê", "Phạm", "Kim", "Lee", "Park", "Choi", "Wang",
    "Li", "Zhang", "Chen", "Liu", "Tanaka", "Suzuki", "Sato", "Patel", "Sharma", "Singh",
    "Gupta", "Iyer", "Khan", "Ahmed", "Hussain", "Okafor", "Adeyemi", "Mensah", "Owusu",
    "Mwangi", "Ndlovu", "Dlamini", "Kowalski", "Nowak", "Wiśniewski", "Müller", "Schmidt",
    "Schäfer", "Jensen", "Nielsen", "Søgaard", "Johansson", "Andersson", "Lindqvist",
    "O'Brien", "Murphy", "Ó Súilleabháin", "Rossi", "Bianchi", "Ferrari", "Dubois", "Lefèvre",
    "Moreau", "Silva", "Santos", "Oliveira", "Costa", "Fernández", "Yılmaz", "Kaya", "Şahin",
    "Demir", "Ivanov", "Petrov", "Novák", "Dvořák", "Horváth", "Papadopoulos", "Cohen", "Levi",
    "Haddad", "Nasser", "Karimi", "Hosseini", "Te Rangi", "Ngata", "Wilson", "Taylor",
    "Thomas", "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall",
    "Young", "Allen", "King",
)  # fmt: skip
NOTES = (
    "Has deputised for the incumbent during leave.",
    "Strong with stakeholders; needs budget ownership.",
    "Technical depth is there; people leadership still developing.",
    "Ready once the leadership programme is completed.",
    "Needs broader exposure outside the department.",
    "Mentoring in place; revisit at the next talent review.",
    "Would need relocation support.",
)
SKILL_SOURCES = ("self-assessment", "manager", "certification", "360 review")

# Seniority of a role: individual contributors 0-2, then the leaders.
JUNIOR, MID, SENIOR, LEAD, DEPARTMENT_HEAD, DIVISION_HEAD, CHIEF = range(7)
SENIORITY_WEIGHTS = (0.30, 0.45, 0.25)
LEVEL_SCALE = {JUNIOR: 0.85, SENIOR: 1.1, LEAD: 1.1}
LEADER_GRADES = {DEPARTMENT_HEAD: 15, DIVISION_HEAD: 18, CHIEF: 20}
#: Mean years of tenure by seniority.
TENURE_YEARS = {JUNIOR: 2.0, MID: 5.0, SENIOR: 8.0, LEAD: 8.0, DEPARTMENT_HEAD: 9.0}
READINESS = ("READY_NOW", "READY_1_2_YEARS", "READY_3_5_YEARS")

_ASCII = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "ı": "i"}
)

Requirement = tuple[str, float, float]  # skill id, level, weight


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str
    role_title: str
    job_zone: int
    requirements: tuple[tuple[str, float, float], ...]  # element id, importance, level

    @property
    def group(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class OnetSubset:
    attribution: str
    skills: tuple[tuple[str, str, str], ...]  # element id, name, category
    occupations: dict[str, Occupation]
    chief_executive: str
    managers: dict[str, str]
    supervisors: dict[str, str]


@cache
def onet_subset() -> OnetSubset:
    """The bundled O*NET subset, read once per process."""
    raw = resources.files("graph").joinpath("data", "onet_demo.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    occupations = {
        o["code"]: Occupation(
            o["code"],
            o["title"],
            o["role_title"],
            o["job_zone"],
            tuple((r["element_id"], r["importance"], r["level"]) for r in o["requirements"]),
        )
        for o in data["occupations"]
    }
    return OnetSubset(
        attribution=data["attribution"],
        skills=tuple((s["element_id"], s["name"], s["category"]) for s in data["skills"]),
        occupations=occupations,
        chief_executive=data["chief_executive"],
        managers=data["managers"],
        supervisors=data["supervisors"],
    )


@dataclass(slots=True)
class _Role:
    id: str
    title: str
    grade: int
    seniority: int
    unit: str
    department: int  # index, -1 above department level
    division: int  # index, -1 for the chief executive
    occupation: str
    requirements: tuple[Requirement, ...]
    critical: bool = False


@dataclass(slots=True)
class _Department:
    unit: str
    name: str
    division: int
    fields: tuple[str, ...]  # of its division, its own first
    city: str
    roles: list[int] = field(default_factory=list)
    people: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Person:
    """What skill and assessment generation need to know about an employee."""

    role: int
    department: int
    manager: int  # -1 for the chief executive
    active: bool
    performance: str | None
    potential: str | None


class DemoOrg:
    """A generated organisation; `rows(RowType)` yields parameter dicts for that file."""

    def __init__(self, employees: int, seed: int) -> None:
        self.employees = employees
        self.seed = seed
        onet = onet_subset()
        self.attribution = onet.attribution
        self._onet = onet
        self._rng = random.Random(seed)
        self.company = self._rng.choice(COMPANIES)
        self.domain = _ascii(self.company).replace("&", "and").lower().replace(" ", "-")
        self.domain = "".join(c for c in self.domain if c.isalnum() or c == "-") + ".example"
        self._units: list[Params] = []
        self._roles: list[_Role] = []
        self._departments: list[_Department] = []
        self._people: list[_Person] = []
        self._employee_rows: list[Params] = []
        self._emails: dict[str, int] = {}
        self._employee_skill_count: int | None = None
        self._division_heads: list[int] = []
        reserved = {onet.chief_executive, *onet.managers.values(), *onet.supervisors.values()}
        #: major group -> occupations for individual-contributor roles
        self._ic_pool: dict[str, list[Occupation]] = {group: [] for group in FIELDS}
        for code, occupation in onet.occupations.items():
            if code not in reserved and occupation.group in self._ic_pool:
                self._ic_pool[occupation.group].append(occupation)
        self._build()
        self._assessments = self._make_assessments()

    # -- public ---------------------------------------------------------------------------------

    def rows(self, row_type: type[Row]) -> Iterator[Params]:
        """A fresh iterator over the rows of one file, as `RowType(...).params()` would give."""
        producers: dict[type[Row], Callable[[], Iterator[Params]]] = {
            OrgUnitRow: lambda: (dict(u) for u in self._units),
            SkillRow: self._skill_rows,
            RoleRow: self._role_rows,
            EmployeeRow: lambda: (dict(e) for e in self._employee_rows),
            RequirementRow: self._requirement_rows,
            EmployeeSkillRow: self._employee_skill_rows,
            ReportingLineRow: self._reporting_rows,
            AssessmentRow: lambda: (dict(a) for a in self._assessments),
        }
        return producers[row_type]()

    def counts(self) -> dict[str, int]:
        """Rows per file name. The first call walks the (lazy) employee skills once."""
        if self._employee_skill_count is None:
            self._employee_skill_count = sum(1 for _ in self._employee_skill_rows())
        return {
            OrgUnitRow.FILE: len(self._units),
            SkillRow.FILE: len(self._onet.skills),
            RoleRow.FILE: len(self._roles),
            EmployeeRow.FILE: len(self._employee_rows),
            RequirementRow.FILE: sum(len(r.requirements) for r in self._roles),
            EmployeeSkillRow.FILE: self._employee_skill_count,
            ReportingLineRow.FILE: sum(1 for p in self._people if p.manager >= 0),
            AssessmentRow.FILE: len(self._assessments),
        }

    # -- structure ------------------------------------------------------------------------------

    def _build(self) -> None:
        rng = self._rng
        n = self.employees
        n_div = _clamp(round(n ** (1 / 3) / 2), 2, len(DIVISIONS))
        department_size = _clamp(math.sqrt(n) * 2.5, 25, 500)
        n_dept = max(n_div, round((n - 1 - n_div) / department_size))
        in_teams = n - 1 - n_div - n_dept
        divisions = sorted(rng.sample(range(len(DIVISIONS)), n_div))

        company = self._unit(self.company, None)
        hq = rng.choice(CITIES)
        ceo_occupation = self._onet.occupations[self._onet.chief_executive]
        ceo_role = self._role("Chief Executive Officer", CHIEF, company, -1, -1, ceo_occupation)
        general_manager = self._onet.occupations[self._onet.managers["11"]]

        per_division = _allocate(
            n_dept, [len(DIVISIONS[d][1]) * rng.uniform(0.7, 1.3) for d in divisions], 1
        )
        division_units: list[str] = []
        division_roles: list[int] = []
        division_cities: list[str] = []
        for v, (d, count) in enumerate(zip(divisions, per_division, strict=True)):
            name, fields = DIVISIONS[d]
            unit = self._unit(name, company)
            division_units.append(unit)
            division_cities.append(rng.choice(CITIES))
            division_roles.append(
                self._role(
                    f"Executive Vice President, {name}", DIVISION_HEAD, unit, -1, v, general_manager
                )
            )
            order = list(fields)
            rng.shuffle(order)
            for j in range(count):
                city = division_cities[v] if rng.random() < 0.5 else rng.choice(CITIES)
                own = order[j % len(order)]
                others = tuple(f for f in fields if f != own)
                self._departments.append(_Department("", "", v, (own, *others), city))

        department_names: dict[str, int] = {}
        for dept in self._departments:
            base = f"{FIELDS[dept.fields[0]]}, {dept.city}"
            seen = department_names.get(base, 0) + 1
            department_names[base] = seen
            dept.name = base if seen == 1 else f"{base} {_roman(seen)}"
            dept.unit = self._unit(dept.name, division_units[dept.division])

        sizes = _allocate(in_teams, [rng.uniform(0.6, 1.4) for _ in self._departments], 2)
        role_budget = max(
            len(self._departments), round(n / 20) - 1 - n_div - 2 * len(self._departments)
        )
        members = [size - _teams(size) for size in sizes]
        role_counts = _allocate(role_budget, [float(m) for m in members], 1)
        role_counts = [min(c, m) for c, m in zip(role_counts, members, strict=True)]

        # Roles first (ids in org order), then the people, depth first.
        plans = [
            self._plan_department(i, size, n_roles)
            for i, (size, n_roles) in enumerate(zip(sizes, role_counts, strict=True))
        ]
        self._mark_critical(ceo_role)

        ceo = self._person(ceo_role, -1, -1, hq)
        for v, role in enumerate(division_roles):
            head = self._person(role, -1, ceo, division_cities[v])
            self._division_heads.append(head)
            for i, dept in enumerate(self._departments):
                if dept.division != v:
                    continue
                head_role, lead_role, teams = plans[i]
                dept_head = self._person(head_role, i, head, dept.city)
                for team_no, team in enumerate(teams):
                    self._unit(f"Team {_numbered(TEAM_NAMES, team_no)} ({dept.name})", dept.unit)
                    lead = self._person(lead_role, i, dept_head, dept.city)
                    for role in team:
                        self._person(role, i, lead, dept.city)

    def _plan_department(
        self, index: int, size: int, n_roles: int
    ) -> tuple[int, int, list[list[int]]]:
        """Create the department's roles; returns (head role, lead role, roles of each team)."""
        rng = self._rng
        onet = self._onet
        dept = self._departments[index]
        n_teams = _teams(size)
        n_members = size - n_teams
        head = self._role(
            f"Head of {dept.name}",
            DEPARTMENT_HEAD,
            dept.unit,
            index,
            dept.division,
            onet.occupations[onet.managers[dept.fields[0]]],
        )
        specs = self._role_specs(dept, n_roles)
        headcount = [1] * len(specs)
        weights = [(3.0, 4.0, 1.5)[seniority] * rng.uniform(0.5, 1.5) for _, seniority in specs]
        for k in rng.choices(range(len(specs)), weights=weights, k=n_members - len(specs)):
            headcount[k] += 1

        supervisor = onet.supervisors.get(dept.fields[0])
        if supervisor is not None:
            occupation = onet.occupations[supervisor]
            title = occupation.role_title
        else:
            largest = max(range(len(specs)), key=lambda k: (headcount[k], -k))
            occupation = specs[largest][0]
            title = f"Lead {occupation.role_title}"
        above_team = max(2 * o.job_zone + seniority for o, seniority in specs) + 1
        lead_grade = min(
            LEADER_GRADES[DEPARTMENT_HEAD] - 1, max(above_team, _grade(occupation, LEAD))
        )
        lead = self._role(title, LEAD, dept.unit, index, dept.division, occupation, lead_grade)
        roles = [
            self._role(
                _seniority_title(occupation, seniority),
                seniority,
                dept.unit,
                index,
                dept.division,
                occupation,
            )
            for occupation, seniority in specs
        ]
        dept.roles.extend([head, lead, *roles])

        seats = [role for role, count in zip(roles, headcount, strict=True) for _ in range(count)]
        team_sizes = _allocate(n_members, [rng.uniform(0.7, 1.3) for _ in range(n_teams)], 0)
        teams, start = [], 0
        for team_size in team_sizes:
            teams.append(seats[start : start + team_size])
            start += team_size
        return head, lead, teams

    def _role_specs(self, dept: _Department, count: int) -> list[tuple[Occupation, int]]:
        """(occupation, seniority) of the department's individual-contributor roles.

        75% from the department's own field, the rest from the other fields of its division;
        the same pair twice only when eight draws found nothing new.
        """
        rng = self._rng
        own = self._ic_pool[dept.fields[0]]
        others = [o for f in dept.fields[1:] for o in self._ic_pool[f]]
        specs: list[tuple[Occupation, int]] = []
        taken: set[tuple[str, int]] = set()
        for _ in range(count):
            for _attempt in range(8):
                pool = others if (others and rng.random() < 0.25) or not own else own
                occupation = rng.choice(pool)
                seniority = rng.choices((JUNIOR, MID, SENIOR), weights=SENIORITY_WEIGHTS)[0]
                if seniority == JUNIOR and not _juniors_exist(occupation):
                    seniority = MID
                if (occupation.code, seniority) not in taken:
                    break
            taken.add((occupation.code, seniority))
            specs.append((occupation, seniority))
        specs.sort(key=lambda s: (s[0].code, s[1]))
        return specs

    def _unit(self, name: str, parent: str | None) -> str:
        # employees / 8 bounds the number of units, so every id of an organisation has one width
        unit_id = f"U{len(self._units) + 1:0{max(4, len(str(self.employees // 8)))}d}"
        self._units.append({"id": unit_id, "name": name, "parent_id": parent})
        return unit_id

    def _role(
        self,
        title: str,
        seniority: int,
        unit: str,
        department: int,
        division: int,
        occupation: Occupation,
        grade: int | None = None,
    ) -> int:
        scale = LEVEL_SCALE.get(seniority, 1.0)
        requirements = tuple(
            (element, max(0.01, round(min(7.0, level * scale), 2)), importance)
            for element, importance, level in occupation.requirements
        )
        index = len(self._roles)
        self._roles.append(
            _Role(
                id=f"R{index + 1:05d}",
                title=title,
                grade=_grade(occupation, seniority) if grade is None else grade,
                seniority=seniority,
                unit=unit,
                department=department,
                division=division,
                occupation=occupation.code,
                requirements=requirements,
            )
        )
        return index

    def _mark_critical(self, chief: int) -> None:
        rng = self._rng
        roles = self._roles
        wanted = max(1, round(0.10 * len(roles)))
        roles[chief].critical = True
        keyed = sorted(
            (
                (rng.random() ** (1 / 2 ** ((role.grade - 8) / 2)), -i)
                for i, role in enumerate(roles)
                if i != chief
            ),
            reverse=True,
        )
        for _, negative in keyed[: wanted - 1]:
            roles[-negative].critical = True

    # -- people ---------------------------------------------------------------------------------

    def _person(self, role_index: int, department: int, manager: int, city: str) -> int:
        rng = self._rng
        role = self._roles[role_index]
        index = len(self._people)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        leader = role.seniority >= LEAD
        tenure_days = max(
            30, round(min(35.0, rng.expovariate(1 / TENURE_YEARS.get(role.seniority, 11.0))) * 365)
        )
        in_role_days = min(tenure_days, max(14, round(rng.expovariate(1 / 2.5) * 365)))
        active = leader or rng.random() >= 0.021
        performance: str | None = None
        if tenure_days >= 183:
            performance = rng.choices(("LOW", "MODERATE", "HIGH"), weights=(15, 60, 25))[0]
        potential_weights = {"HIGH": (10, 45, 45), "LOW": (55, 40, 5)}.get(
            performance or "", (25, 55, 20)
        )
        potential: str | None = rng.choices(("LOW", "MODERATE", "HIGH"), potential_weights)[0]
        if performance is None and rng.random() < 0.5:
            potential = None
        risk_weights = (40, 35, 25) if potential == "HIGH" else (58, 29, 13)
        if tenure_days < 730:
            risk_weights = (risk_weights[0] - 10, risk_weights[1], risk_weights[2] + 10)
        if leader:
            impact_weights = (5, 35, 60)
        elif role.critical:
            impact_weights = (10, 40, 50)
        elif role.grade >= 10:
            impact_weights = (20, 50, 30)
        else:
            impact_weights = (50, 40, 10)
        self._people.append(
            _Person(role_index, department, manager, active, performance, potential)
        )
        self._employee_rows.append(
            {
                "id": f"E{index + 1:06d}",
                "name": f"{first} {last}",
                "email": self._email(first, last),
                "title": role.title,
                "hired_on": REFERENCE_DATE - timedelta(days=tenure_days),
                "location": city if rng.random() < 0.85 else rng.choice(CITIES),
                "active": active,
                "performance": performance,
                "potential": potential,
                "risk_of_loss": rng.choices(("LOW", "MEDIUM", "HIGH"), weights=risk_weights)[0],
                "impact_of_loss": rng.choices(("LOW", "MEDIUM", "HIGH"), weights=impact_weights)[0],
                "willing_to_relocate": rng.choices((True, False, None), weights=(30, 60, 10))[0],
                "role_ids": [role.id],
                "role_since": REFERENCE_DATE - timedelta(days=in_role_days),
            }
        )
        if department >= 0:
            self._departments[department].people.append(index)
        return index

    def _email(self, first: str, last: str) -> str:
        local = ".".join(
            "".join(c for c in _ascii(part).lower() if c.isalnum()) for part in (first, last)
        )
        seen = self._emails.get(local, 0) + 1
        self._emails[local] = seen
        return f"{local}{'' if seen == 1 else seen}@{self.domain}"

    # -- assessments ----------------------------------------------------------------------------

    def _make_assessments(self) -> list[Params]:
        rng = self._rng
        n = self.employees
        target = min(n, _clamp(round(0.12 * n), 150, 4000))
        critical = [i for i, r in enumerate(self._roles) if r.critical]
        others = [i for i, r in enumerate(self._roles) if not r.critical]
        pairs: set[tuple[int, int]] = set()
        events: list[tuple[datetime, int, int, str, str, str | None]] = []
        misses = 0
        while len(events) < target and misses < 50 * target:
            role = rng.choice(critical if (rng.random() < 0.75 or not others) else others)
            candidate = self._candidate(role)
            if candidate is None or (candidate, role) in pairs:
                misses += 1
                continue
            pairs.add((candidate, role))
            times = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
            days = sorted(rng.sample(range(ASSESSMENT_WINDOW_DAYS), times), reverse=True)
            gap = self._roles[role].grade - self._roles[self._people[candidate].role].grade
            weights = (50, 40, 10) if gap <= 1 else (25, 50, 25) if gap <= 4 else (10, 40, 50)
            step = rng.choices(range(3), weights=weights)[0]
            for k, day in enumerate(days[: target - len(events)]):
                if k:
                    step = _clamp(step + rng.choices((-1, 0, 1), weights=(50, 40, 10))[0], 0, 2)
                at = (
                    REFERENCE
                    - timedelta(days=day + 1)
                    + timedelta(seconds=rng.randrange(8 * 3600, 18 * 3600))
                )
                manager = self._people[candidate].manager
                by = (
                    self._employee_rows[manager]["email"]
                    if manager >= 0 and rng.random() < 0.65
                    else f"hr@{self.domain}"
                )
                note = rng.choice(NOTES) if rng.random() < 0.5 else None
                events.append((at, candidate, role, READINESS[step], by, note))
        events.sort(key=lambda e: (e[0], e[1], e[2]))
        return [
            {
                "id": f"A{k + 1:06d}",
                "employee_id": self._employee_rows[candidate]["id"],
                "role_id": self._roles[role].id,
                "readiness": readiness,
                "assessed_by": by,
                "assessed_at": at,
                "note": note,
            }
            for k, (at, candidate, role, readiness, by, note) in enumerate(events)
        ]

    def _candidate(self, role_index: int) -> int | None:
        """An active non-incumbent near the role, preferring high potential."""
        rng = self._rng
        role = self._roles[role_index]
        people = self._people
        if role.seniority == CHIEF:
            near = self._division_heads
        elif role.seniority == DIVISION_HEAD:
            near = [
                self._departments[d].people[0]
                for d in range(len(self._departments))
                if self._departments[d].division == role.division
            ]
        else:
            near = self._departments[role.department].people
            floor = role.grade - (8 if role.seniority == DEPARTMENT_HEAD else 5)
            graded = [
                i for i in near if floor <= self._roles[people[i].role].grade < role.grade + 1
            ]
            near = graded or near
        pool = [i for i in near if people[i].active and people[i].role != role_index]
        if not pool:
            return None
        weights = [
            {"HIGH": 4.0, "MODERATE": 2.0}.get(people[i].potential or "", 1.0)
            * (1.5 if people[i].performance == "HIGH" else 1.0)
            for i in pool
        ]
        return rng.choices(pool, weights=weights)[0]

    # -- rows -----------------------------------------------------------------------------------

    def _skill_rows(self) -> Iterator[Params]:
        for element, name, category in self._onet.skills:
            yield {"id": element, "name": name, "category": category, "onet_element_id": element}

    def _role_rows(self) -> Iterator[Params]:
        for role in self._roles:
            yield {
                "id": role.id,
                "title": role.title,
                "grade": role.grade,
                "critical": role.critical,
                "org_unit_id": role.unit,
                "occupation_code": role.occupation,
            }

    def _requirement_rows(self) -> Iterator[Params]:
        for role in self._roles:
            for skill, level, weight in role.requirements:
                yield {"role_id": role.id, "skill_id": skill, "level": level, "weight": weight}

    def _reporting_rows(self) -> Iterator[Params]:
        rows = self._employee_rows
        for person, row in zip(self._people, rows, strict=True):
            if person.manager >= 0:
                yield {"employee_id": row["id"], "manager_id": rows[person.manager]["id"]}

    def _employee_skill_rows(self) -> Iterator[Params]:
        roles = self._roles
        shift = {"HIGH": 0.3, "LOW": -0.3, None: -0.1}
        for index, (person, row) in enumerate(zip(self._people, self._employee_rows, strict=True)):
            rng = random.Random(f"{self.seed}:skills:{index}")
            employee_id = row["id"]
            role = roles[person.role]
            source = rng.choices(SKILL_SOURCES, weights=(45, 35, 10, 10))[0]
            assessed_on = REFERENCE_DATE - timedelta(days=rng.randrange(30, 1095))
            bias = shift.get(person.performance, 0.0)
            held: set[str] = set()
            for skill, required, _weight in role.requirements:
                u = rng.random()
                if u < 0.22:
                    continue
                if u < 0.42:
                    level = required - rng.uniform(0.6, 2.2)
                elif u < 0.58:
                    level = required + rng.uniform(0.3, 1.4)
                else:
                    level = required + rng.gauss(0.0, 0.3)
                level = round(min(7.0, level + bias), 1)
                if level < 0.5:
                    continue
                held.add(skill)
                yield {
                    "employee_id": employee_id,
                    "skill_id": skill,
                    "level": level,
                    "source": source,
                    "assessed_on": assessed_on,
                }
            if person.department >= 0 and rng.random() < 0.7:
                other = roles[rng.choice(self._departments[person.department].roles)]
            else:
                other = roles[rng.randrange(len(roles))]
            extra = [r for r in other.requirements if r[0] not in held]
            for skill, required, _weight in rng.sample(extra, min(len(extra), rng.randint(1, 3))):
                level = round(min(7.0, required * rng.uniform(0.4, 1.0)), 1)
                if level >= 0.5:
                    yield {
                        "employee_id": employee_id,
                        "skill_id": skill,
                        "level": level,
                        "source": "self-assessment",
                        "assessed_on": assessed_on,
                    }


def generate_demo(employees: int, seed: int) -> DemoOrg:
    """The demo organisation of `employees` people for `seed` (same arguments, same rows)."""
    if isinstance(employees, bool) or not isinstance(employees, int):
        raise BadUserInput(f"the number of employees must be a whole number, not {employees!r}")
    if not MIN_EMPLOYEES <= employees <= MAX_EMPLOYEES:
        raise BadUserInput(
            f"the demo organisation has {MIN_EMPLOYEES:,} to {MAX_EMPLOYEES:,} employees; "
            f"got {employees:,}",
            employees=employees,
        )
    return DemoOrg(employees, seed)


async def load_demo(
    db: Database,
    employees: int,
    seed: int,
    batch_size: int = 5000,
    advance: Advance | None = None,
) -> dict[str, int]:
    """Generate the demo organisation and upsert it file by file; returns rows per file."""
    demo = generate_demo(employees, seed)
    created: Created = {}
    return {
        row_type.FILE: await write_rows(
            db, row_type, demo.rows(row_type), batch_size, advance, created
        )
        for row_type in ROW_TYPES
    }


def write_csv_dir(demo: DemoOrg, directory: Path) -> dict[str, int]:
    """Write the eight CSV files `talentgraph import DIR` reads; returns rows per file."""
    directory.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for row_type in ROW_TYPES:
        columns = row_type.columns()
        with (directory / row_type.FILE).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            count = 0
            for row in demo.rows(row_type):
                writer.writerow([_csv_value(row[c]) for c in columns])
                count += 1
        counts[row_type.FILE] = count
    return counts


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, value)))


def _allocate(total: int, weights: Sequence[float], minimum: int) -> list[int]:
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


def _teams(people: int) -> int:
    """Teams of about ten (a lead and nine members) for a department's people below its head."""
    return max(1, round(people / 10))


def _grade(occupation: Occupation, seniority: int) -> int:
    return LEADER_GRADES.get(seniority, 2 * occupation.job_zone + seniority)


def _juniors_exist(occupation: Occupation) -> bool:
    return occupation.group != "11" and not occupation.role_title.startswith(
        ("Chief", "First-Line")
    )


def _seniority_title(occupation: Occupation, seniority: int) -> str:
    if seniority == JUNIOR:
        prefix = "Associate " if occupation.job_zone >= 4 else "Junior "
    else:
        prefix = "Senior " if seniority == SENIOR else ""
    return prefix + occupation.role_title


def _numbered(names: Sequence[str], k: int) -> str:
    return names[k % len(names)] + ("" if k < len(names) else f" {k // len(names) + 1}")


def _roman(n: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, numeral in numerals:
        while n >= value:
            out += numeral
            n -= value
    return out
