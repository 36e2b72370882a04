"""GraphQL for browsing and searching: `employees`, `roles`, `skills` and `orgUnits` as Relay
connections, and `orgUnit(id)` (the fields of an org unit: api/graphql/types.py). The services
decide who sees what (graph/services/browse.py, access.py); resolvers return their pages as they
are."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.graphql.context import GraphInfo
from api.graphql.derive import derived, or_default
from api.graphql.pagination import AFTER, CONNECTION, Connection, first_described
from api.graphql.types import (
    EmployeeConnection,
    OrgUnit,
    OrgUnitConnection,
    RoleConnection,
)
from graph import models
from graph.pagination import Page
from graph.services import browse

strawberry.enum(
    models.SkillCategory, description="What a skill is: SKILL, KNOWLEDGE, TECHNOLOGY or OTHER."
)

FIRST = first_described(browse.DEFAULT_PAGE, browse.MAX_PAGE)


@derived(models.Skill, name="CatalogueSkill", description="A skill of the catalogue.")
class CatalogueSkill:
    id: strawberry.ID
    name: strawberry.auto
    category: strawberry.auto
    onet_element_id: strawberry.auto


@strawberry.input(description="People with this skill at minLevel or above.")
class SkillFilter:
    id: strawberry.ID
    min_level: float = strawberry.field(
        default=browse.SkillFilter.min_level, description="0 or more (0 when omitted)."
    )


@strawberry.type(description=CONNECTION)
class CatalogueSkillConnection(Connection[CatalogueSkill]):
    pass


@strawberry.type
class BrowseQuery:
    @strawberry.field(
        description=(
            "One org unit by id: any for admin, hr and service; those in their org units for a "
            "manager (FORBIDDEN otherwise, employees included)."
        ),
        graphql_type=OrgUnit | None,
    )
    async def org_unit(self, info: GraphInfo, id: strawberry.ID) -> models.OrgUnit:
        return (await info.context.loaders.unit.load(str(id))).unit

    @strawberry.field(
        description=(
            "Org units by name (case-insensitive) then id: all for admin, hr and service; a "
            "manager's org units; FORBIDDEN for anyone else. `search`: a case-insensitive "
            "substring of the name."
        ),
        graphql_type=OrgUnitConnection,
    )
    async def org_units(
        self,
        info: GraphInfo,
        search: str | None = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = browse.DEFAULT_PAGE,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Page[models.OrgUnit]:
        return await browse.org_units_list(
            info.context.db,
            principal=info.context.principal,
            search=search,
            first=or_default(first, browse.DEFAULT_PAGE),
            after=after,
        )

    @strawberry.field(
        description=(
            "People by name (case-insensitive) then id, among those the caller may read: "
            "everyone for admin, hr and service; themselves and their reporting subtree for a "
            "manager; themselves for an employee. Filters: `search` a case-insensitive substring "
            "of the name; `title` of the title; `orgUnitId` people holding a role in the unit or "
            "below it (a unit the caller may read); `skill` people with it at minLevel or above; "
            "`active` (true when omitted; null for everyone). Sensitive fields follow the same "
            "rules as on `employee`."
        ),
        graphql_type=EmployeeConnection,
    )
    async def employees(
        self,
        info: GraphInfo,
        search: str | None = None,
        org_unit_id: strawberry.ID | None = None,
        title: str | None = None,
        skill: SkillFilter | None = None,
        active: bool | None = True,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = browse.DEFAULT_PAGE,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Page[models.Employee]:
        page = await browse.employees(
            info.context.db,
            principal=info.context.principal,
            search=search,
            org_unit_id=None if org_unit_id is None else str(org_unit_id),
            title=title,
            skill=None if skill is None else browse.SkillFilter(str(skill.id), skill.min_level),
            active=active,
            first=or_default(first, browse.DEFAULT_PAGE),
            after=after,
        )
        info.context.loaders.know(page.items)
        return page

    @strawberry.field(
        description=(
            "Roles by title (case-insensitive) then id: all for admin, hr and service; those in "
            "their org units for a manager; FORBIDDEN for anyone else. Filters: `orgUnitId` roles "
            "in the unit or below it; `critical`; grades from `minGrade` to `maxGrade`; "
            "`occupationCode`; `search` a case-insensitive substring of the title."
        ),
        graphql_type=RoleConnection,
    )
    async def roles(
        self,
        info: GraphInfo,
        org_unit_id: strawberry.ID | None = None,
        critical: bool | None = None,
        min_grade: int | None = None,
        max_grade: int | None = None,
        occupation_code: str | None = None,
        search: str | None = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = browse.DEFAULT_PAGE,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Page[models.Role]:
        page = await browse.roles(
            info.context.db,
            principal=info.context.principal,
            org_unit_id=None if org_unit_id is None else str(org_unit_id),
            critical=critical,
            min_grade=min_grade,
            max_grade=max_grade,
            occupation_code=occupation_code,
            search=search,
            first=or_default(first, browse.DEFAULT_PAGE),
            after=after,
        )
        info.context.loaders.know(posts=page.items)
        return page

    @strawberry.field(
        description=(
            "The skill catalogue by name (case-insensitive) then id, for every role. `search`: "
            "a case-insensitive substring of the name; `category`."
        ),
        graphql_type=CatalogueSkillConnection,
    )
    async def skills(
        self,
        info: GraphInfo,
        search: str | None = None,
        category: models.SkillCategory | None = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = browse.DEFAULT_PAGE,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Page[models.Skill]:
        return await browse.skills(
            info.context.db,
            principal=info.context.principal,
            search=search,
            category=category,
            first=or_default(first, browse.DEFAULT_PAGE),
            after=after,
        )
