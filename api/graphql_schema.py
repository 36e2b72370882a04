"""The GraphQL schema: output types derived from the domain models, resolvers that call services.

Every resolver passes the caller (`Context.principal`) to the service it calls, and the services
decide (graph/services/access.py). Fields the caller may not see resolve to null with a FORBIDDEN
error entry, so the rest of the answer still arrives (a GraphQL partial result).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from graphql import GraphQLError
from strawberry.dataloader import DataLoader
from strawberry.extensions import MaskErrors
from strawberry.fastapi import BaseContext
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, Info
from strawberry.types.nodes import SelectedField, Selection

from api.loaders import Loaders
from api.middleware import current_request_id
from graph import models
from graph.auth import Principal
from graph.db import Database
from graph.errors import Forbidden, NotFound, TalentGraphError
from graph.pagination import check_first
from graph.repositories.employees import MOST_REPORTS, Profile
from graph.services import audit, people, succession
from graph.settings import Settings

if TYPE_CHECKING:
    from api.graphql_exposure import PersonalRedeploymentTarget, SimilarRole
    from graph.exposure import ExposureSource

log = logging.getLogger("talentgraph.graphql")

Readiness = strawberry.enum(models.Readiness, description="Readiness scale (DESIGN §3).")
Rating = strawberry.enum(models.Rating, description="Performance and potential ratings.")
Level = strawberry.enum(models.Level, description="Risk of loss and impact of loss.")


ProfileKey = tuple[str, bool, bool]


class AccessLoaders:
    """Per request, as the caller: people and roles looked up by id (an error where refused),
    and which people the caller may see the skills, or the sensitive fields, of."""

    def __init__(self, db: Database, principal: Principal) -> None:
        async def employees(ids: list[str]) -> list[models.Employee | BaseException]:
            found = await people.employees_by_id(db, ids, principal=principal)
            return [found[i] for i in ids]

        async def profiles(keys: list[ProfileKey]) -> list[Profile | BaseException]:
            found: dict[ProfileKey, Profile | BaseException] = {}
            for skills, reports in sorted({(k[1], k[2]) for k in keys}):
                ids = [k[0] for k in keys if (k[1], k[2]) == (skills, reports)]
                batch = await people.profiles_by_id(
                    db, ids, principal=principal, skills=skills, reports=reports
                )
                found.update({(i, skills, reports): batch[i] for i in ids})
            return [found[k] for k in keys]

        async def roles(ids: list[str]) -> list[models.Role | BaseException]:
            found = await people.roles_by_id(db, ids, principal=principal)
            return [found[i] for i in ids]

        async def readable(ids: list[str]) -> list[bool]:
            found = await people.readable_people(db, principal, ids)
            return [i in found for i in ids]

        async def sensitive(ids: list[str]) -> list[bool]:
            found = await people.sensitive_people(db, principal, ids)
            return [i in found for i in ids]

        self.employee: DataLoader[str, models.Employee] = DataLoader(load_fn=employees)
        #: (id, with skills, with direct reports): a person and what their page shows.
        self.profile: DataLoader[ProfileKey, Profile] = DataLoader(load_fn=profiles)
        self.role: DataLoader[str, models.Role] = DataLoader(load_fn=roles)
        self.readable: DataLoader[str, bool] = DataLoader(load_fn=readable)
        self.sensitive: DataLoader[str, bool] = DataLoader(load_fn=sensitive)


class Context(BaseContext):
    def __init__(self, db: Database, settings: Settings, principal: Principal) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.loaders = Loaders(db)
        #: Who is calling (api.auth.principal_of); every service call gets it.
        self.principal = principal
        self.access = AccessLoaders(db, principal)


GraphInfo = Info[Context, None]


@strawberry.experimental.pydantic.type(model=models.SkillRef, name="Skill")
class Skill:
    id: strawberry.ID
    name: strawberry.auto


UNIT_SCOPE = (
    " Null with a FORBIDDEN error outside the caller's org units (any for admin, hr and service; "
    "a manager's org units)."
)


@strawberry.experimental.pydantic.type(
    model=models.OrgUnit,
    name="OrgUnit",
    description=(
        "A unit of the organisation. Its id, name, parent and path are shown wherever it "
        "appears; its children, roles, headcount and head follow the rule of `orgUnit(id)`."
    ),
)
class OrgUnit:
    id: strawberry.ID
    name: strawberry.auto

    @strawberry.field(description="The unit it is part of; null at the top.")
    async def parent(
        self, info: GraphInfo
    ) -> Annotated[OrgUnit, strawberry.lazy("api.graphql_schema")] | None:
        from api.graphql_browse import unit_parent

        return await unit_parent(info, self.id)

    @strawberry.field(description="The units from the top of the tree down to this one (last).")
    async def path(
        self, info: GraphInfo
    ) -> list[Annotated[OrgUnit, strawberry.lazy("api.graphql_schema")]]:
        from api.graphql_browse import unit_path

        return await unit_path(info, self.id)

    @strawberry.field(
        description="The units directly below, by name (case-insensitive) then id." + UNIT_SCOPE
    )
    async def children(
        self, info: GraphInfo
    ) -> list[Annotated[OrgUnit, strawberry.lazy("api.graphql_schema")]] | None:
        from api.graphql_browse import unit_detail, unit_of

        return [unit_of(c) for c in (await unit_detail(info, self.id)).children]

    @strawberry.field(
        description=(
            "The roles directly in the unit (not below it), by title (case-insensitive) then "
            "id: the first `first`." + UNIT_SCOPE
        )
    )
    async def roles(
        self,
        info: GraphInfo,
        first: Annotated[int | None, strawberry.argument(description="1 to 200.")] = 50,
    ) -> list[Annotated[Role, strawberry.lazy("api.graphql_schema")]] | None:
        from api.graphql_browse import unit_roles

        return await unit_roles(info, self.id, 50 if first is None else first)

    @strawberry.field(
        description=(
            "Active people holding a role in the unit or a unit below it, each counted once."
            + UNIT_SCOPE
        )
    )
    async def headcount(self, info: GraphInfo) -> int | None:
        from api.graphql_browse import unit_detail

        return (await unit_detail(info, self.id)).headcount

    @strawberry.field(
        description=(
            "The active incumbent of the unit's highest-grade role (ties: role id, then person "
            "id); null when its roles have none." + UNIT_SCOPE
        )
    )
    async def head(
        self, info: GraphInfo
    ) -> Annotated[Employee, strawberry.lazy("api.graphql_schema")] | None:
        from api.graphql_browse import unit_detail

        found = (await unit_detail(info, self.id)).head
        if found is None:
            return None
        info.context.loaders.know([found])
        return Employee.from_model(found)


@strawberry.experimental.pydantic.type(model=models.SkillLevel, name="SkillLevel")
class SkillLevel:
    skill: Skill
    level: strawberry.auto


@strawberry.experimental.pydantic.type(model=models.Requirement, name="Requirement")
class Requirement:
    skill: Skill
    level: strawberry.auto
    weight: strawberry.auto


@strawberry.type(
    description=(
        "A required skill the person falls short of (level below the role's). `have` and "
        "`shortfall` are the person's own level: null with a FORBIDDEN error where the caller "
        "may not read the person's skills."
    )
)
class Gap:
    skill: Skill
    required: float = strawberry.field(description="The level the role requires.")
    level: strawberry.Private[float | None]
    short: strawberry.Private[float | None]

    @strawberry.field(description="The person's level of the skill (0 when they lack it).")
    def have(self) -> float | None:
        return _own_level(self.level)

    @strawberry.field(description="required − have, exactly (levels count to 4 decimals).")
    def shortfall(self) -> float | None:
        return _own_level(self.short)


def _own_level(value: float | None) -> float:
    if value is None:
        raise Forbidden("this person's skill levels are outside your scope")
    return value


# Direct constructors for the small types above. Strawberry's generic `from_pydantic` inspects
# every field of every object (a tenth of a request's time for a slate with its gaps).
def skill_of(s: models.SkillRef) -> Skill:
    return Skill(id=strawberry.ID(s.id), name=s.name)


def org_unit_of(u: models.OrgUnit) -> OrgUnit:
    return OrgUnit(id=strawberry.ID(u.id), name=u.name)


def skill_level_of(s: models.SkillLevel) -> SkillLevel:
    return SkillLevel(skill=skill_of(s.skill), level=s.level)


def requirement_of(r: models.Requirement) -> Requirement:
    return Requirement(skill=skill_of(r.skill), level=r.level, weight=r.weight)


def gap_of(g: models.Gap) -> Gap:
    return Gap(skill=skill_of(g.skill), required=g.required, level=g.have, short=g.shortfall)


async def _employees(info: GraphInfo, ids: list[str]) -> list[Employee]:
    found = await info.context.loaders.employee.load_many(ids)
    return [Employee.from_model(e) for e in found if e is not None]


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


async def _check_readable(info: GraphInfo, employee_id: str, what: str) -> None:
    if not await info.context.access.readable.load(employee_id):
        raise Forbidden(f"{what} of {employee_id!r}: outside your scope")


async def _check_sensitive(info: GraphInfo, employee_id: str, what: str) -> None:
    """Raise Forbidden unless the caller may see this person's ratings; record the read."""
    if not await info.context.access.sensitive.load(employee_id):
        raise Forbidden(
            f"{what} of {employee_id!r} is visible to admin, hr and their manager chain only"
        )
    audit.read(info.context.db, info.context.principal, "ratings", [employee_id])


SENSITIVE = " Sensitive: admin, hr and the person's manager chain only (else null + FORBIDDEN)."


@strawberry.type(
    description=(
        "A person in the organisation. Directory fields are shown wherever a person appears; "
        "skills and redeployment targets only to those who may read the person's profile, and "
        "performance, potential, riskOfLoss and impactOfLoss only to admin, hr and their manager "
        "chain (others get null and a FORBIDDEN error for the field)."
    )
)
class Employee:
    id: strawberry.ID
    name: str
    email: str | None
    title: str | None
    hired_on: date | None
    location: str | None
    active: bool
    ratings: strawberry.Private[models.Employee]

    @classmethod
    def from_model(cls, e: models.Employee) -> Employee:
        return cls(
            id=strawberry.ID(e.id),
            name=e.name,
            email=e.email,
            title=e.title,
            hired_on=e.hired_on,
            location=e.location,
            active=e.active,
            ratings=e,
        )

    @strawberry.field(description="Performance rating." + SENSITIVE)
    async def performance(self, info: GraphInfo) -> Rating | None:  # type: ignore[valid-type]
        await _check_sensitive(info, self.id, "performance")
        return self.ratings.performance

    @strawberry.field(description="Potential rating." + SENSITIVE)
    async def potential(self, info: GraphInfo) -> Rating | None:  # type: ignore[valid-type]
        await _check_sensitive(info, self.id, "potential")
        return self.ratings.potential

    @strawberry.field(description="Risk of leaving." + SENSITIVE)
    async def risk_of_loss(self, info: GraphInfo) -> Level | None:  # type: ignore[valid-type]
        await _check_sensitive(info, self.id, "riskOfLoss")
        return self.ratings.risk_of_loss

    @strawberry.field(description="Impact if they left." + SENSITIVE)
    async def impact_of_loss(self, info: GraphInfo) -> Level | None:  # type: ignore[valid-type]
        await _check_sensitive(info, self.id, "impactOfLoss")
        return self.ratings.impact_of_loss

    @strawberry.field(
        description=(
            "Proficiencies, by skill id. Null with a FORBIDDEN error outside the caller's scope "
            "(manager: themselves and their reporting subtree; employee: themselves)."
        )
    )
    async def skills(self, info: GraphInfo) -> list[SkillLevel] | None:
        await _check_readable(info, self.id, "the skills")
        levels = await info.context.loaders.employee_skills.load(self.id)
        return [skill_level_of(s) for s in levels]

    @strawberry.field(description="Roles this person holds.")
    async def roles(self, info: GraphInfo) -> list[Role]:
        ids = await info.context.loaders.employee_roles.load(self.id)
        found = await info.context.loaders.role.load_many(ids)
        return [Role.from_model(r) for r in found if r is not None]

    @strawberry.field(description="Line manager, if any.")
    async def manager(self, info: GraphInfo) -> Employee | None:
        manager_id = await info.context.loaders.manager.load(self.id)
        if manager_id is None:
            return None
        found = await info.context.loaders.employee.load(manager_id)
        return Employee.from_model(found) if found else None

    @strawberry.field(
        description="Active people who report to this person, by id: the first `first`."
    )
    async def direct_reports(
        self,
        info: GraphInfo,
        first: Annotated[int | None, strawberry.argument(description="1 to 100.")] = 50,
    ) -> list[Employee]:
        first = 50 if first is None else first
        check_first(first, MOST_REPORTS)
        reports = (await info.context.loaders.reports.load(self.id))[:first]
        info.context.loaders.know(reports)
        return [Employee.from_model(e) for e in reports]

    @strawberry.field(
        description=(
            "Roles this person could move to as automation changes theirs (DESIGN §4): roles "
            "they do not hold with exposure at least the configured margin below their most "
            "exposed role, by their fit (rounded to 2 decimals) desc, critical roles with thin "
            "benches first among equals, then role id. Empty when they hold no role with an exposure. "
            "Null with a FORBIDDEN error outside the caller's scope (as skills)."
        )
    )
    async def redeployment_targets(
        self,
        info: GraphInfo,
        first: Annotated[int | None, strawberry.argument(description="1 to 50.")] = 5,
    ) -> (
        list[Annotated[PersonalRedeploymentTarget, strawberry.lazy("api.graphql_exposure")]] | None
    ):
        from api.graphql_exposure import employee_targets

        await _check_readable(info, self.id, "the redeployment targets")  # batched pre-check
        return await employee_targets(info, self.id, first)


@strawberry.type(description="A position in the organisation; several people may hold it.")
class Role:
    id: strawberry.ID
    title: str
    grade: int
    critical: bool
    occupation_code: str | None

    @classmethod
    def from_model(cls, r: models.Role) -> Role:
        return cls(
            id=strawberry.ID(r.id),
            title=r.title,
            grade=r.grade,
            critical=r.critical,
            occupation_code=r.occupation_code,
        )

    @strawberry.field(description="The org unit the role sits in.")
    async def org_unit(self, info: GraphInfo) -> OrgUnit | None:
        unit = await info.context.loaders.role_unit.load(self.id)
        return org_unit_of(unit) if unit else None

    @strawberry.field(description="Active people who hold the role, by id.")
    async def incumbents(self, info: GraphInfo) -> list[Employee]:
        return await _employees(info, await info.context.loaders.incumbents.load(self.id))

    @strawberry.field(description="Required skills, heaviest (weight × level) first.")
    async def requirements(self, info: GraphInfo) -> list[Requirement]:
        found = await info.context.loaders.requirements.load(self.id)
        return [requirement_of(r) for r in found]

    @strawberry.field(
        description=(
            "Automation exposure in [0, 1] (DESIGN §4): from the role's own scored tasks, else "
            "its occupation's figure in the configured dataset; null with neither. See exposureSource."
        )
    )
    async def exposure(self, info: GraphInfo) -> float | None:
        from api.graphql_exposure import role_exposure

        found = await role_exposure(info, self.id)
        return found.exposure if found else None

    @strawberry.field(description="Where exposure comes from; null when exposure is null.")
    async def exposure_source(
        self, info: GraphInfo
    ) -> Annotated[ExposureSource, strawberry.lazy("api.graphql_exposure")] | None:
        from api.graphql_exposure import role_exposure

        found = await role_exposure(info, self.id)
        return found.source if found else None

    @strawberry.field(
        description="Roles with the most similar requirements (weighted Jaccard, DESIGN §4), similarity > 0, most similar first, then role id."
    )
    async def similar_roles(
        self,
        info: GraphInfo,
        first: Annotated[int | None, strawberry.argument(description="1 to 100.")] = 10,
    ) -> list[Annotated[SimilarRole, strawberry.lazy("api.graphql_exposure")]]:
        from api.graphql_exposure import similar_roles

        return await similar_roles(info, self.id, first)


@strawberry.type(description="A possible successor for a role, scored by skill fit (DESIGN §4).")
class Candidate:
    employee_id: strawberry.Private[str]
    fit: float = strawberry.field(description="Skill fit in [0, 1].")
    readiness: Readiness | None = strawberry.field(  # type: ignore[valid-type]
        description="Current readiness assessment for the role, if any."
    )
    assessed_at: datetime | None
    gaps: list[Gap] = strawberry.field(description="Largest weight × shortfall first.")
    hidden: bool = strawberry.field(
        description=(
            "A hidden candidate: returned here, fit ≥ 0.5, and never assessed for the role "
            "(no current readiness and no readiness history)."
        )
    )

    @strawberry.field
    async def employee(self, info: GraphInfo) -> Employee:
        found = await info.context.loaders.employee.load(self.employee_id)
        if found is None:  # deleted between the two reads
            raise NotFound(f"no employee with id {self.employee_id!r}")
        return Employee.from_model(found)


@strawberry.type
class CoreQuery:
    @strawberry.field(
        description=(
            "One employee by id: anyone for admin, hr and service; themselves and their reporting "
            "subtree for a manager; themselves for an employee (FORBIDDEN otherwise)."
        )
    )
    async def employee(self, info: GraphInfo, id: strawberry.ID) -> Employee | None:
        wanted = _selected(info)
        skills, reports = "skills" in wanted, "directReports" in wanted
        if not (skills or reports):
            found = await info.context.access.employee.load(str(id))
            info.context.loaders.know([found])
            return Employee.from_model(found)
        # What the page shows comes with the person, so the nested fields read nothing more.
        profile = await info.context.access.profile.load((str(id), skills, reports))
        person = profile.employee
        loaders = info.context.loaders
        loaders.know([person])
        info.context.access.readable.prime(person.id, True)  # the rule the lookup passed
        if profile.skills is not None:
            loaders.employee_skills.prime(person.id, profile.skills)
        if profile.reports is not None:
            loaders.reports.prime(person.id, profile.reports)
        return Employee.from_model(person)

    @strawberry.field(
        description=(
            "One role by id: any for admin, hr and service; those in their org units for a "
            "manager (FORBIDDEN otherwise)."
        )
    )
    async def role(self, info: GraphInfo, id: strawberry.ID) -> Role | None:
        found = await info.context.access.role.load(str(id))
        info.context.loaders.know(posts=[found])
        return Role.from_model(found)

    @strawberry.field(
        description=(
            "Active non-incumbents with fit > 0 for the role, by fit desc then id (DESIGN §4). "
            "A manager: roles in their org units only."
        )
    )
    async def succession_candidates(
        self,
        info: GraphInfo,
        role_id: strawberry.ID,
        first: Annotated[int | None, strawberry.argument(description="1 to 100.")] = 10,
        min_fit: Annotated[float | None, strawberry.argument(description="0 to 1.")] = 0.0,
    ) -> list[Candidate]:
        found = await succession.succession_candidates(
            info.context.db,
            info.context.settings,
            str(role_id),
            10 if first is None else first,
            0.0 if min_fit is None else min_fit,
            principal=info.context.principal,
        )
        info.context.loaders.know(c.employee for c in found)
        return [
            Candidate(
                employee_id=c.employee.id,
                fit=c.fit,
                readiness=c.readiness,
                assessed_at=c.assessed_at,
                gaps=[gap_of(g) for g in c.gaps],
                hidden=c.hidden,
            )
            for c in found
        ]


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, TalentGraphError | GraphQLError):
        return False
    if error.extensions and "code" in error.extensions:
        return False  # a refused document: a validation error that caught a value's exception
    log.error(
        "unexpected error in %s (request %s)",
        error.path,
        current_request_id(),
        exc_info=original,
    )
    return True


class MaskUnexpected(MaskErrors):
    """Unexpected errors reach clients as a bare message with a code and the request id (to find
    the trace in the log); the log keeps the trace."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        if request_id := current_request_id():
            masked.extensions["requestId"] = request_id
        return masked


class Schema(strawberry.Schema):
    """Strawberry logs every error of every operation, with a traceback (a NOT_FOUND, a refused
    document); here only unexpected ones are logged, once, with the request id (`_should_mask`)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


def build_schema(extensions: list[Any] | None = None) -> strawberry.Schema:
    """The schema: each feature module contributes its own Query (and Mutation) type."""
    from api.graphql_audit import AuditQuery
    from api.graphql_browse import BrowseQuery
    from api.graphql_exposure import ExposureQuery
    from api.graphql_succession import SuccessionMutation, SuccessionQuery

    query = merge_types(
        "Query", (CoreQuery, SuccessionQuery, ExposureQuery, AuditQuery, BrowseQuery)
    )
    return Schema(
        query=query,
        mutation=merge_types("Mutation", (SuccessionMutation,)),
        extensions=[lambda: MaskUnexpected(should_mask_error=_should_mask), *(extensions or [])],
    )
