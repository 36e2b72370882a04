"""`DemoOrg`: the generated organisation as the rows of the ten import files."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import chain

from graph.demo.assessments import Assessments
from graph.demo.clock import quarter_start
from graph.demo.history import History
from graph.demo.occupations import onet_subset
from graph.demo.people import People
from graph.demo.skills import Skills
from graph.demo.structure import Params, Structure
from graph.demo.words import domain_of, words
from graph.errors import BadUserInput
from graph.importing.rows import (
    AssessmentRow,
    EmployeeRow,
    EmployeeSkillRow,
    EmploymentEventRow,
    OrgUnitRow,
    ReportingLineRow,
    RequirementRow,
    RequisitionRow,
    RoleRow,
    Row,
    SkillRow,
)

MIN_EMPLOYEES = 50
MAX_EMPLOYEES = 100_000


class DemoOrg:
    """A generated organisation; `rows(RowType)` yields parameter dicts for that file."""

    def __init__(self, employees: int, seed: int, reference: datetime) -> None:
        self.employees = employees
        self.seed = seed
        #: Every date is counted back from it (graph/demo/clock.py).
        self.reference = reference
        onet = onet_subset()
        lists = words()
        self.attribution = onet.attribution
        self._onet = onet
        rng = random.Random(seed)
        self.company = rng.choice(lists.companies)
        self.domain = domain_of(self.company)
        self.structure = Structure(employees, rng, onet, lists, self.company)
        self.people = People(self.structure, rng, lists, self.domain, reference.date())
        self.skills = Skills(seed, self.structure, self.people, lists.skill_sources)
        self._assessments = Assessments(
            rng, self.structure, self.people, self.skills, lists.notes, reference
        )
        self.history = History(seed, self.structure, self.people, lists, self.domain)
        self._employee_skill_count: int | None = None

    def rows(self, row_type: type[Row]) -> Iterator[Params]:
        """A fresh iterator over the rows of one file, as `RowType(...).params()` would give."""
        producers: dict[type[Row], Callable[[], Iterator[Params]]] = {
            OrgUnitRow: lambda: (dict(u) for u in self.structure.units),
            SkillRow: self._skill_rows,
            RoleRow: self._role_rows,
            EmployeeRow: lambda: (dict(e) for e in chain(self.people.rows, self.history.leavers)),
            RequirementRow: self._requirement_rows,
            EmployeeSkillRow: self.skills.rows,
            ReportingLineRow: lambda: chain(
                self.people.reporting_rows(), (dict(r) for r in self.history.leaver_lines)
            ),
            AssessmentRow: lambda: (dict(a) for a in self._assessments.rows),
            EmploymentEventRow: lambda: (dict(e) for e in self.history.events),
            RequisitionRow: lambda: (dict(r) for r in self.history.requisitions),
        }
        return producers[row_type]()

    def counts(self) -> dict[str, int]:
        """Rows per file name. The first call walks the (lazy) employee skills once."""
        if self._employee_skill_count is None:
            self._employee_skill_count = sum(1 for _ in self.skills.rows())
        roles = self.structure.roles
        return {
            OrgUnitRow.FILE: len(self.structure.units),
            SkillRow.FILE: len(self._onet.skills),
            RoleRow.FILE: len(roles),
            EmployeeRow.FILE: len(self.people.rows) + len(self.history.leavers),
            RequirementRow.FILE: sum(len(r.requirements) for r in roles),
            EmployeeSkillRow.FILE: self._employee_skill_count,
            ReportingLineRow.FILE: sum(1 for p in self.people.people if p.manager >= 0)
            + len(self.history.leaver_lines),
            AssessmentRow.FILE: len(self._assessments.rows),
            EmploymentEventRow.FILE: len(self.history.events),
            RequisitionRow.FILE: len(self.history.requisitions),
        }

    def _skill_rows(self) -> Iterator[Params]:
        for element, name, category in self._onet.skills:
            yield {"id": element, "name": name, "category": category, "onet_element_id": element}

    def _role_rows(self) -> Iterator[Params]:
        for role in self.structure.roles:
            yield {
                "id": role.id,
                "title": role.title,
                "grade": role.grade,
                "critical": role.critical,
                "org_unit_id": role.unit,
                "occupation_code": role.occupation,
            }

    def _requirement_rows(self) -> Iterator[Params]:
        for role in self.structure.roles:
            for skill, level, weight in role.requirements:
                yield {"role_id": role.id, "skill_id": skill, "level": level, "weight": weight}


def generate_demo(employees: int, seed: int, reference: datetime | None = None) -> DemoOrg:
    """The demo organisation of `employees` people for `seed`, its dates counted back from
    `reference` (default: the start of this quarter); same arguments, same rows."""
    if isinstance(employees, bool) or not isinstance(employees, int):
        raise BadUserInput(f"the number of employees must be a whole number, not {employees!r}")
    if not MIN_EMPLOYEES <= employees <= MAX_EMPLOYEES:
        raise BadUserInput(
            f"the demo organisation has {MIN_EMPLOYEES:,} to {MAX_EMPLOYEES:,} employees; "
            f"got {employees:,}",
            employees=employees,
        )
    return DemoOrg(employees, seed, quarter_start() if reference is None else reference)
