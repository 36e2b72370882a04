"""GraphQL for people and roles looked up by id: `employee(id)` and `role(id)`."""

from __future__ import annotations

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from api.graphql.context import GraphInfo
from api.graphql.types import Employee, Role
from graph import models


def _selected(info: GraphInfo) -> set[str]:
    """The names of the fields selected directly under this one, fragments included."""
    names: set[str] = set()

    def walk(selections: list[Selection]) -> None:
        for selection in selections:
            if isinstance(selection, SelectedField):
                names.add(selection.name)
            else:  # a fragment: its fields are this field's too
                walk(selection.selections)

    for field in info.selected_fields:
        walk(field.selections)
    return names


@strawberry.type
class PeopleQuery:
    @strawberry.field(
        description=(
            "One employee by id: anyone for admin, hr and service; themselves and their reporting "
            "subtree for a manager; themselves for an employee (FORBIDDEN otherwise)."
        ),
        graphql_type=Employee | None,
    )
    async def employee(self, info: GraphInfo, id: strawberry.ID) -> models.Employee:
        loaders = info.context.loaders
        wanted = _selected(info)
        skills, reports = "skills" in wanted, "directReports" in wanted
        if not (skills or reports):
            found = await loaders.checked_employee.load(str(id))
            loaders.know([found])
            return found
        # What the page shows comes with the person, so the nested fields read nothing more.
        profile = await loaders.profile.load((str(id), skills, reports))
        person = profile.employee
        loaders.know([person])
        loaders.readable.prime(person.id, True)  # the rule the lookup passed
        if profile.skills is not None:
            loaders.employee_skills.prime(person.id, profile.skills)
        if profile.reports is not None:
            loaders.reports.prime(person.id, profile.reports)
        return person

    @strawberry.field(
        description=(
            "One role by id: any for admin, hr and service; those in their org units for a "
            "manager (FORBIDDEN otherwise)."
        ),
        graphql_type=Role | None,
    )
    async def role(self, info: GraphInfo, id: strawberry.ID) -> models.Role:
        found = await info.context.loaders.checked_role.load(str(id))
        info.context.loaders.know(posts=[found])
        return found
