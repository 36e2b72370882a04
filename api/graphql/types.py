"""The types every feature shares: people, org units and roles (and the enums they use), and how
resolvers reach people and roles by id. How they derive from the domain models: api/graphql/derive.py.

Every resolver passes the caller (`Context.principal`) to the service it calls, and the services
decide (graph/services/access.py). Fields the caller may not see resolve to null with a FORBIDDEN
error entry, so the rest of the answer still arrives (a GraphQL partial result).

Over 400 lines on purpose: Employee, Role and OrgUnit refer to one another, so they live in one
module rather than in a loop of lazy imports.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Annotated, Any, Protocol, TypeVar

import strawberry
from pydantic.alias_generators import to_camel

from api.graphql.context import GraphInfo
from api.graphql.derive import derived, or_default
from api.graphql.pagination import AFTER, CONNECTION, Connection, first_described
from api.graphql.skills import Requirement, SkillLevel
from graph import exposure as domain
from graph import models
from graph.errors import Forbidden, NotFound
from graph.pagination import Page, check_first
from graph.services import audit, browse, people
from graph.services import exposure as exposure_service

strawberry.enum(
    models.Readiness,
    description="Readiness scale: ready now, in 1–2 years or in 3–5 years (horizons 0, 24 and 60 months; weights 1, 0.5 and 0.25 in bench figures by default).",
)
strawberry.enum(models.Rating, description="Performance and potential ratings.")
strawberry.enum(models.Level, description="Risk of loss and impact of loss.")
strawberry.enum(
    domain.ExposureSource,
    description=(
        "Where an exposure figure comes from. ROLE_TASKS: the weighted mean exposure of the "
        "role's own scored tasks. GPTS_*: the occupation's share of exposed tasks in "
        '"GPTs are GPTs" (Eloundou et al.), rated by people (HUMAN) or GPT-4 (GPT4), as '
        "alpha (E1), beta (E1 + 0.5·E2) or gamma (E1 + E2). MICROSOFT_AI_APPLICABILITY: "
        "Microsoft's AI applicability score (Tomlinson et al. 2025), which its authors say "
        "does not measure job replacement. See docs/exposure.md."
    ),
)


T = TypeVar("T")

# -- people and roles by id, through the request's loaders ------------------------------------


async def load_employee(info: GraphInfo, employee_id: str) -> models.Employee:
    found = await info.context.loaders.employee.load(employee_id)
    if found is None:  # deleted between the two reads
        raise NotFound(f"no employee with id {employee_id!r}")
    return found


async def load_employees(info: GraphInfo, ids: Iterable[str]) -> list[models.Employee]:
    """Those of `ids` that still exist, in order."""
    found = await info.context.loaders.employee.load_many(list(ids))
    return [e for e in found if e is not None]


async def load_role(info: GraphInfo, role_id: str) -> models.Role:
    found = await info.context.loaders.role.load(role_id)
    if found is None:  # deleted between the two reads
        raise NotFound(f"no role with id {role_id!r}")
    return found


class _Ref(Protocol):
    @property
    def id(self) -> str: ...


class NamesRole(Protocol):
    """A result that names a role by reference (a `RoleRef`)."""

    @property
    def role(self) -> _Ref: ...


async def named_role(parent: strawberry.Parent[NamesRole], info: GraphInfo) -> models.Role:
    """The whole role a result names (the resolver of its `role` field)."""
    return await load_role(info, parent.role.id)


# -- people ----------------------------------------------------------------------------------

SENSITIVE = " Sensitive: admin, hr and the person's manager chain only (else null + FORBIDDEN)."
#: Direct reports an employee lists when the caller does not say how many.
DEFAULT_REPORTS = 50


async def _check_readable(info: GraphInfo, employee_id: str, what: str) -> None:
    if not await info.context.loaders.readable.load(employee_id):
        raise Forbidden(f"{what} of {employee_id!r}: outside your scope")


def _sensitive(field: str) -> Callable[[models.Employee, GraphInfo], Awaitable[Any]]:
    """The resolver of a rating: Forbidden unless the caller may see this person's ratings
    (admin, hr and their manager chain); the read is audited."""
    label = to_camel(field)

    async def resolve(parent: strawberry.Parent[models.Employee], info: GraphInfo) -> Any:
        if not await info.context.loaders.sensitive.load(parent.id):
            raise Forbidden(
                f"{label} of {parent.id!r} is visible to admin, hr and their manager chain only"
            )
        audit.read(info.context.db, info.context.principal, "ratings", [parent.id])
        return getattr(parent, field)

    return resolve


# Employee and Role are each two classes: the integration resolves a derived type's field types
# at once, and their relations name types not defined yet (themselves, each other), which a plain
# Strawberry type resolves when the schema is built.
@derived(models.Employee, name="EmployeeFields")  # never in the schema itself: see Employee
class _EmployeeFields:
    id: strawberry.ID
    name: strawberry.auto
    email: strawberry.auto
    title: strawberry.auto
    hired_on: strawberry.auto
    location: strawberry.auto
    active: strawberry.auto
    performance: models.Rating | None = strawberry.field(
        resolver=_sensitive("performance"), description="Performance rating." + SENSITIVE
    )
    potential: models.Rating | None = strawberry.field(
        resolver=_sensitive("potential"), description="Potential rating." + SENSITIVE
    )
    risk_of_loss: models.Level | None = strawberry.field(
        resolver=_sensitive("risk_of_loss"), description="Risk of leaving." + SENSITIVE
    )
    impact_of_loss: models.Level | None = strawberry.field(
        resolver=_sensitive("impact_of_loss"), description="Impact if they left." + SENSITIVE
    )


async def _skills(
    parent: strawberry.Parent[models.Employee], info: GraphInfo
) -> list[models.SkillLevel]:
    await _check_readable(info, parent.id, "the skills")
    return await info.context.loaders.employee_skills.load(parent.id)


async def _roles(parent: strawberry.Parent[models.Employee], info: GraphInfo) -> list[models.Role]:
    ids = await info.context.loaders.employee_roles.load(parent.id)
    found = await info.context.loaders.role.load_many(ids)
    return [r for r in found if r is not None]


async def _manager(
    parent: strawberry.Parent[models.Employee], info: GraphInfo
) -> models.Employee | None:
    manager_id = await info.context.loaders.manager.load(parent.id)
    if manager_id is None:
        return None
    return await info.context.loaders.employee.load(manager_id)


async def _direct_reports(
    parent: strawberry.Parent[models.Employee],
    info: GraphInfo,
    first: Annotated[
        int | None,
        strawberry.argument(description=first_described(DEFAULT_REPORTS, people.MOST_REPORTS)),
    ] = DEFAULT_REPORTS,
    after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
) -> Page[models.Employee]:
    first = or_default(first, DEFAULT_REPORTS)
    check_first(first, people.MOST_REPORTS)
    reports = await info.context.loaders.reports.load(parent.id)
    page = Page.of_sorted(reports, lambda e: (e.id,), "directReports", first, after, str)
    info.context.loaders.know(page.items)
    return page


async def _redeployment_targets(
    parent: strawberry.Parent[models.Employee],
    info: GraphInfo,
    first: Annotated[
        int | None, strawberry.argument(description="1 to 50.")
    ] = exposure_service.DEFAULT_PERSONAL_TARGETS,
) -> list[domain.PersonalTarget]:
    await _check_readable(info, parent.id, "the redeployment targets")  # batched pre-check
    return await exposure_service.employee_redeployment_targets(
        info.context.db,
        info.context.settings,
        parent.id,
        or_default(first, exposure_service.DEFAULT_PERSONAL_TARGETS),
        principal=info.context.principal,
    )


@strawberry.type(
    description=(
        "A person in the organisation. Directory fields are shown wherever a person appears; "
        "skills and redeployment targets only to those who may read the person's profile, and "
        "performance, potential, riskOfLoss and impactOfLoss only to admin, hr and their manager "
        "chain (others get null and a FORBIDDEN error for the field)."
    )
)
class Employee(_EmployeeFields):
    skills = strawberry.field(
        resolver=_skills,
        graphql_type=list[SkillLevel] | None,
        description=(
            "Proficiencies, by skill id. Null with a FORBIDDEN error outside the caller's scope "
            "(manager: themselves and their reporting subtree; employee: themselves)."
        ),
    )
    roles = strawberry.field(
        resolver=_roles, graphql_type="list[Role]", description="Roles this person holds."
    )
    manager = strawberry.field(
        resolver=_manager, graphql_type="Employee | None", description="Line manager, if any."
    )
    direct_reports = strawberry.field(
        resolver=_direct_reports,
        graphql_type="EmployeeConnection",
        description="Active people who report to this person, by id.",
    )
    redeployment_targets = strawberry.field(
        resolver=_redeployment_targets,
        graphql_type="list[PersonalRedeploymentTarget] | None",
        description=(
            "Roles this person could move to as automation changes theirs: roles "
            "they do not hold with exposure at least the configured margin below their most "
            "exposed role, by their fit (rounded to 2 decimals) desc, critical roles with thin "
            "benches first among equals, then role id. Empty when they hold no role with an exposure. "
            "Null with a FORBIDDEN error outside the caller's scope (as skills)."
        ),
    )


# -- org units -------------------------------------------------------------------------------

UNIT_SCOPE = (
    " Null with a FORBIDDEN error outside the caller's org units (any for admin, hr and service; "
    "a manager's org units)."
)


@derived(models.OrgUnit, name="OrgUnitFields")  # never in the schema itself: see OrgUnit
class _OrgUnitFields:
    id: strawberry.ID
    name: strawberry.auto


async def _parent(
    parent: strawberry.Parent[models.OrgUnit], info: GraphInfo
) -> models.OrgUnit | None:
    path = await info.context.loaders.unit_path.load(parent.id)
    return path[-2] if len(path) > 1 else None


async def _path(parent: strawberry.Parent[models.OrgUnit], info: GraphInfo) -> list[models.OrgUnit]:
    return await info.context.loaders.unit_path.load(parent.id)


async def _children(
    parent: strawberry.Parent[models.OrgUnit],
    info: GraphInfo,
    first: Annotated[
        int | None,
        strawberry.argument(description=first_described(browse.DEFAULT_PAGE, browse.MAX_PAGE)),
    ] = browse.DEFAULT_PAGE,
    after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
) -> Page[models.OrgUnit]:
    first = or_default(first, browse.DEFAULT_PAGE)
    check_first(first, browse.MAX_PAGE)
    children = (await info.context.loaders.unit.load(parent.id)).children
    return Page.of_sorted(
        children, lambda u: (u.name.lower(), u.id), "unitChildren", first, after, str, str
    )


async def _unit_roles(
    parent: strawberry.Parent[models.OrgUnit],
    info: GraphInfo,
    first: Annotated[
        int | None,
        strawberry.argument(description=first_described(browse.DEFAULT_PAGE, browse.MAX_PAGE)),
    ] = browse.DEFAULT_PAGE,
    after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
) -> Page[models.Role]:
    first = or_default(first, browse.DEFAULT_PAGE)
    check_first(first, browse.MAX_PAGE)
    found = await info.context.loaders.unit_roles.load(parent.id)
    page = Page.of_sorted(
        found, lambda r: (r.title.lower(), r.id), "unitRoles", first, after, str, str
    )
    info.context.loaders.know(posts=page.items)
    return page


async def _headcount(parent: strawberry.Parent[models.OrgUnit], info: GraphInfo) -> int:
    return (await info.context.loaders.unit.load(parent.id)).headcount


async def _head(
    parent: strawberry.Parent[models.OrgUnit], info: GraphInfo
) -> models.Employee | None:
    found = (await info.context.loaders.unit.load(parent.id)).head
    if found is not None:
        info.context.loaders.know([found])
    return found


@strawberry.type(
    description=(
        "A unit of the organisation. Its id, name, parent and path are shown wherever it "
        "appears; its children, roles, headcount and head follow the rule of `orgUnit(id)`."
    )
)
class OrgUnit(_OrgUnitFields):
    parent = strawberry.field(
        resolver=_parent,
        graphql_type="OrgUnit | None",
        description="The unit it is part of; null at the top.",
    )
    path = strawberry.field(
        resolver=_path,
        graphql_type="list[OrgUnit]",
        description="The units from the top of the tree down to this one (last).",
    )
    children = strawberry.field(
        resolver=_children,
        graphql_type="OrgUnitConnection | None",
        description="The units directly below, by name (case-insensitive) then id." + UNIT_SCOPE,
    )
    roles = strawberry.field(
        resolver=_unit_roles,
        graphql_type="RoleConnection | None",
        description=(
            "The roles directly in the unit (not below it), by title (case-insensitive) then "
            "id." + UNIT_SCOPE
        ),
    )
    headcount = strawberry.field(
        resolver=_headcount,
        graphql_type=int | None,
        description=(
            "Active people holding a role in the unit or a unit below it, each counted once."
            + UNIT_SCOPE
        ),
    )
    head = strawberry.field(
        resolver=_head,
        graphql_type=Employee | None,
        description=(
            "The active incumbent of the unit's highest-grade role (ties: role id, then person "
            "id); null when its roles have none." + UNIT_SCOPE
        ),
    )


# -- roles -----------------------------------------------------------------------------------


@derived(models.Role, name="RoleFields")  # never in the schema itself: see Role
class _RoleFields:
    id: strawberry.ID
    title: strawberry.auto
    grade: strawberry.auto
    critical: strawberry.auto
    occupation_code: strawberry.auto


async def _org_unit(
    parent: strawberry.Parent[models.Role], info: GraphInfo
) -> models.OrgUnit | None:
    return await info.context.loaders.role_unit.load(parent.id)


#: Incumbents a role lists when the caller does not say how many, and the most a page holds.
DEFAULT_INCUMBENTS, MOST_INCUMBENTS = 50, 500


def incumbents_page(
    found: Sequence[T], id_of: Callable[[T], str], first: int | None, after: str | None
) -> Page[T]:
    """A page of a role's incumbents (ids or people), by id, for `first` and `after`."""
    first = or_default(first, DEFAULT_INCUMBENTS)
    check_first(first, MOST_INCUMBENTS)
    return Page.of_sorted(found, lambda i: (id_of(i),), "incumbents", first, after, str)


async def employees_page(info: GraphInfo, page: Page[str]) -> Page[models.Employee]:
    """The people of a page of ids, through the request's loaders."""
    found = await info.context.loaders.employee.load_many(page.items)
    kept = [(e, k) for e, k in zip(found, page.keys, strict=True) if e is not None]
    return Page(
        items=[e for e, _ in kept],
        keys=[k for _, k in kept],
        kind=page.kind,
        has_next_page=page.has_next_page,
        total_count=page.total_count,
    )


INCUMBENTS_FIRST = first_described(DEFAULT_INCUMBENTS, MOST_INCUMBENTS)


async def _incumbents(
    parent: strawberry.Parent[models.Role],
    info: GraphInfo,
    first: Annotated[
        int | None, strawberry.argument(description=INCUMBENTS_FIRST)
    ] = DEFAULT_INCUMBENTS,
    after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
) -> Page[models.Employee]:
    ids = await info.context.loaders.incumbents.load(parent.id)
    return await employees_page(info, incumbents_page(ids, str, first, after))


async def _requirements(
    parent: strawberry.Parent[models.Role], info: GraphInfo
) -> list[models.Requirement]:
    return await info.context.loaders.requirements.load(parent.id)


async def _exposure(parent: strawberry.Parent[models.Role], info: GraphInfo) -> float | None:
    found = await info.context.loaders.exposure.load(parent.id)
    return found.exposure if found else None


async def _exposure_source(
    parent: strawberry.Parent[models.Role], info: GraphInfo
) -> domain.ExposureSource | None:
    found = await info.context.loaders.exposure.load(parent.id)
    return found.source if found else None


async def _similar_roles(
    parent: strawberry.Parent[models.Role],
    info: GraphInfo,
    first: Annotated[
        int | None, strawberry.argument(description="1 to 100.")
    ] = exposure_service.DEFAULT_SIMILAR_ROLES,
) -> list[domain.SimilarRole]:
    return await exposure_service.similar_roles(
        info.context.db,
        info.context.settings,
        parent.id,
        or_default(first, exposure_service.DEFAULT_SIMILAR_ROLES),
        principal=info.context.principal,
    )


@strawberry.type(description="A position in the organisation; several people may hold it.")
class Role(_RoleFields):
    org_unit = strawberry.field(
        resolver=_org_unit,
        graphql_type=OrgUnit | None,
        description="The org unit the role sits in.",
    )
    incumbents = strawberry.field(
        resolver=_incumbents,
        graphql_type="EmployeeConnection",
        description="Active people who hold the role, by id.",
    )
    requirements = strawberry.field(
        resolver=_requirements,
        graphql_type=list[Requirement],
        description="Required skills, heaviest (weight × level) first.",
    )
    exposure = strawberry.field(
        resolver=_exposure,
        description=(
            "Automation exposure in [0, 1]: the weighted mean exposure of the role's own scored tasks, else "
            "its occupation's figure in the configured dataset; null with neither. See exposureSource."
        ),
    )
    exposure_source = strawberry.field(
        resolver=_exposure_source,
        description="Where exposure comes from; null when exposure is null.",
    )
    similar_roles = strawberry.field(
        resolver=_similar_roles,
        graphql_type="list[SimilarRole]",
        description=(
            "Roles people in this one could move to, by similarity (see SimilarRole.similarity) "
            "desc, then role id; similarity > 0 only."
        ),
    )


@strawberry.type(description=CONNECTION)
class OrgUnitConnection(Connection[OrgUnit]):
    pass


@strawberry.type(description=CONNECTION)
class EmployeeConnection(Connection[Employee]):
    pass


@strawberry.type(description=CONNECTION)
class RoleConnection(Connection[Role]):
    pass


@derived(
    domain.SimilarRole,
    name="SimilarRole",
    description="A role people in this one could move to, and how alike the two are.",
)
class SimilarRole:
    similarity: strawberry.auto
    requirement_overlap: strawberry.auto
    role = strawberry.field(resolver=named_role, graphql_type=Role)


@derived(
    domain.PersonalTarget,
    name="PersonalRedeploymentTarget",
    description="A lower-exposure role for one person, scored by their own fit.",
)
class PersonalRedeploymentTarget:
    exposure: strawberry.auto
    source: strawberry.auto = strawberry.field(name="exposureSource")
    fit: strawberry.auto
    thin_bench: strawberry.auto
    gaps: strawberry.auto
    role = strawberry.field(resolver=named_role, graphql_type=Role)
