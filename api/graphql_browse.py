"""GraphQL for browsing and searching: `employees`, `roles`, `skills`, `orgUnits` as Relay
connections, `orgUnit(id)`, and the fields of an org unit (parent, children, roles, headcount,
head, path). The services decide who sees what (graph/services/browse.py, access.py).

The connection shape here is kept minimal (one generic `Connection` and `Edge`) until the GraphQL
package (branch graphql-pkg) brings the shared one.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry.dataloader import DataLoader

from api.graphql_schema import (
    Employee,
    GraphInfo,
    OrgUnit,
    Role,
)
from api.graphql_succession import PageInfo
from graph import models
from graph.auth import Principal
from graph.db import Database
from graph.pagination import CountedPage, check_first
from graph.services import browse
from graph.services.browse import MOST_UNIT_ROLES, UnitDetail

T = TypeVar("T")

SkillCategory = strawberry.enum(
    models.SkillCategory, description="What a skill is: SKILL, KNOWLEDGE, TECHNOLOGY or OTHER."
)

FIRST = "1 to 200 items per page (50 when omitted)."
AFTER = "pageInfo.endCursor (or an edge's cursor) of the last page."


@strawberry.type(description="An item of a list and the cursor that resumes the list after it.")
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type(
    description="A page of a list: its edges, where to resume, and how many items match in all."
)
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Items matching in all, every page together.")


def connection(page: CountedPage[T]) -> Connection[T]:
    return Connection(
        edges=[Edge(node=n, cursor=c) for n, c in zip(page.items, page.cursors, strict=True)],
        page_info=PageInfo(end_cursor=page.end_cursor, has_next_page=page.has_next_page),
        total_count=page.total_count,
    )


def _map(page: CountedPage[Any], items: list[T]) -> CountedPage[T]:
    return CountedPage(items, page.cursors, page.has_next_page, page.total_count)


@strawberry.type(name="CatalogueSkill", description="A skill of the catalogue.")
class CatalogueSkill:
    id: strawberry.ID
    name: str
    category: SkillCategory  # type: ignore[valid-type]
    onet_element_id: str | None


@strawberry.input(description="People with this skill at minLevel or above.")
class SkillFilter:
    id: strawberry.ID
    min_level: float = strawberry.field(default=0.0, description="0 or more (0 when omitted).")


class UnitLoaders:
    """Per request, as the caller: org units by id with their details and roles (an error where
    refused), and their paths (directory data)."""

    def __init__(self, db: Database, principal: Principal) -> None:
        async def details(ids: list[str]) -> list[UnitDetail | BaseException]:
            found = await browse.org_units_by_id(db, ids, principal=principal)
            return [found[i] for i in ids]

        async def roles(ids: list[str]) -> list[list[models.Role] | BaseException]:
            found = await browse.unit_roles_by_id(db, ids, principal=principal)
            return [found[i] for i in ids]

        async def paths(ids: list[str]) -> list[list[models.OrgUnit]]:
            found = await browse.unit_paths(db, ids)
            return [found.get(i, []) for i in ids]

        self.details: DataLoader[str, UnitDetail] = DataLoader(load_fn=details)
        self.roles: DataLoader[str, list[models.Role]] = DataLoader(load_fn=roles)
        self.paths: DataLoader[str, list[models.OrgUnit]] = DataLoader(load_fn=paths)


def unit_loaders(info: GraphInfo) -> UnitLoaders:
    context = info.context
    found = getattr(context, "_unit_loaders", None)
    if found is None:
        found = UnitLoaders(context.db, context.principal)
        context._unit_loaders = found  # type: ignore[attr-defined]
    return found


def unit_of(u: models.OrgUnit) -> OrgUnit:
    return OrgUnit(id=strawberry.ID(u.id), name=u.name)


# The resolvers of OrgUnit's fields beyond id and name (api/graphql_schema.py declares them).


async def unit_parent(info: GraphInfo, unit_id: str) -> OrgUnit | None:
    found = await unit_loaders(info).paths.load(unit_id)
    return unit_of(found[-2]) if len(found) > 1 else None


async def unit_path(info: GraphInfo, unit_id: str) -> list[OrgUnit]:
    return [unit_of(u) for u in await unit_loaders(info).paths.load(unit_id)]


async def unit_detail(info: GraphInfo, unit_id: str) -> UnitDetail:
    return await unit_loaders(info).details.load(unit_id)


async def unit_roles(info: GraphInfo, unit_id: str, first: int) -> list[Role]:
    check_first(first, MOST_UNIT_ROLES)
    found = (await unit_loaders(info).roles.load(unit_id))[:first]
    info.context.loaders.know(posts=found)
    return [Role.from_model(r) for r in found]


@strawberry.type
class BrowseQuery:
    @strawberry.field(
        description=(
            "One org unit by id: any for admin, hr and service; those in their org units for a "
            "manager (FORBIDDEN otherwise, employees included)."
        )
    )
    async def org_unit(self, info: GraphInfo, id: strawberry.ID) -> OrgUnit | None:
        found = await unit_detail(info, str(id))
        return unit_of(found.unit)

    @strawberry.field(
        description=(
            "Org units by name (case-insensitive) then id: all for admin, hr and service; a "
            "manager's org units; FORBIDDEN for anyone else. `search`: a case-insensitive "
            "substring of the name."
        )
    )
    async def org_units(
        self,
        info: GraphInfo,
        search: str | None = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = 50,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Connection[OrgUnit]:
        page = await browse.org_units_list(
            info.context.db,
            principal=info.context.principal,
            search=search,
            first=browse.DEFAULT_PAGE if first is None else first,
            after=after,
        )
        return connection(_map(page, [unit_of(u) for u in page.items]))

    @strawberry.field(
        description=(
            "People by name (case-insensitive) then id, among those the caller may read: "
            "everyone for admin, hr and service; themselves and their reporting subtree for a "
            "manager; themselves for an employee. Filters: `search` a case-insensitive substring "
            "of the name; `title` of the title; `orgUnitId` people holding a role in the unit or "
            "below it (a unit the caller may read); `skill` people with it at minLevel or above; "
            "`active` (true when omitted; null for everyone). Sensitive fields follow the same "
            "rules as on `employee`."
        )
    )
    async def employees(
        self,
        info: GraphInfo,
        search: str | None = None,
        org_unit_id: strawberry.ID | None = None,
        title: str | None = None,
        skill: SkillFilter | None = None,
        active: bool | None = True,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = 50,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Connection[Employee]:
        page = await browse.employees(
            info.context.db,
            principal=info.context.principal,
            search=search,
            org_unit_id=None if org_unit_id is None else str(org_unit_id),
            title=title,
            skill=None if skill is None else browse.SkillFilter(str(skill.id), skill.min_level),
            active=active,
            first=browse.DEFAULT_PAGE if first is None else first,
            after=after,
        )
        info.context.loaders.know(page.items)
        return connection(_map(page, [Employee.from_model(e) for e in page.items]))

    @strawberry.field(
        description=(
            "Roles by title (case-insensitive) then id: all for admin, hr and service; those in "
            "their org units for a manager; FORBIDDEN for anyone else. Filters: `orgUnitId` roles "
            "in the unit or below it; `critical`; grades from `minGrade` to `maxGrade`; "
            "`occupationCode`; `search` a case-insensitive substring of the title."
        )
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
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = 50,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Connection[Role]:
        page = await browse.roles(
            info.context.db,
            principal=info.context.principal,
            org_unit_id=None if org_unit_id is None else str(org_unit_id),
            critical=critical,
            min_grade=min_grade,
            max_grade=max_grade,
            occupation_code=occupation_code,
            search=search,
            first=browse.DEFAULT_PAGE if first is None else first,
            after=after,
        )
        info.context.loaders.know(posts=page.items)
        return connection(_map(page, [Role.from_model(r) for r in page.items]))

    @strawberry.field(
        description=(
            "The skill catalogue by name (case-insensitive) then id, for every role. `search`: "
            "a case-insensitive substring of the name; `category`."
        )
    )
    async def skills(
        self,
        info: GraphInfo,
        search: str | None = None,
        category: SkillCategory | None = None,  # type: ignore[valid-type]
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = 50,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Connection[CatalogueSkill]:
        page = await browse.skills(
            info.context.db,
            principal=info.context.principal,
            search=search,
            category=None if category is None else models.SkillCategory(category),
            first=browse.DEFAULT_PAGE if first is None else first,
            after=after,
        )
        nodes = [
            CatalogueSkill(
                id=strawberry.ID(s.id),
                name=s.name,
                category=s.category,
                onet_element_id=s.onet_element_id,
            )
            for s in page.items
        ]
        return connection(_map(page, nodes))
