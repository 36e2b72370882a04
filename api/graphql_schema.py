"""The GraphQL schema: output types derived from the domain models, resolvers that call services."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.fastapi import BaseContext
from strawberry.tools import merge_types
from strawberry.types import Info

from api.loaders import Loaders
from graph import models
from graph.db import Database
from graph.errors import NotFound, TalentGraphError
from graph.services import succession
from graph.settings import Settings

if TYPE_CHECKING:
    from api.graphql_exposure import PersonalRedeploymentTarget, SimilarRole
    from graph.exposure import ExposureSource

log = logging.getLogger("talentgraph.graphql")

Readiness = strawberry.enum(models.Readiness, description="Readiness scale (DESIGN §3).")


class Context(BaseContext):
    def __init__(self, db: Database, settings: Settings, assessed_by: str = "anonymous") -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.loaders = Loaders(db)
        #: Who is acting, recorded on readiness writes (api.app.acting_user decides).
        self.assessed_by = assessed_by


GraphInfo = Info[Context, None]


@strawberry.experimental.pydantic.type(model=models.SkillRef, name="Skill")
class Skill:
    id: strawberry.ID
    name: strawberry.auto


@strawberry.experimental.pydantic.type(model=models.OrgUnit, name="OrgUnit")
class OrgUnit:
    id: strawberry.ID
    name: strawberry.auto


@strawberry.experimental.pydantic.type(model=models.SkillLevel, name="SkillLevel")
class SkillLevel:
    skill: Skill
    level: strawberry.auto


@strawberry.experimental.pydantic.type(model=models.Requirement, name="Requirement")
class Requirement:
    skill: Skill
    level: strawberry.auto
    weight: strawberry.auto


@strawberry.experimental.pydantic.type(model=models.Gap, name="Gap")
class Gap:
    skill: Skill
    required: strawberry.auto
    have: strawberry.auto
    shortfall: strawberry.auto


async def _employees(info: GraphInfo, ids: list[str]) -> list[Employee]:
    found = await info.context.loaders.employee.load_many(ids)
    return [Employee.from_model(e) for e in found if e is not None]


async def _role(info: GraphInfo, role_id: str) -> Role | None:
    found = await info.context.loaders.role.load(role_id)
    return Role.from_model(found) if found else None


@strawberry.type(description="A person in the organisation.")
class Employee:
    id: strawberry.ID
    name: str
    email: str | None
    title: str | None
    hired_on: date | None
    location: str | None
    active: bool

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
        )

    @strawberry.field(description="Proficiencies, by skill id.")
    async def skills(self, info: GraphInfo) -> list[SkillLevel]:
        levels = await info.context.loaders.employee_skills.load(self.id)
        return [SkillLevel.from_pydantic(s) for s in levels]

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

    @strawberry.field(description="Active people who report to this person, by id.")
    async def direct_reports(self, info: GraphInfo) -> list[Employee]:
        return await _employees(info, await info.context.loaders.reports.load(self.id))

    @strawberry.field(
        description=(
            "Roles this person could move to as automation changes theirs (DESIGN §4): roles "
            "they do not hold with exposure at least the configured margin below their most "
            "exposed role, by their fit (rounded to 2 decimals) desc, critical roles with thin "
            "benches first among equals, then role id. Empty when they hold no role with an exposure."
        )
    )
    async def redeployment_targets(
        self,
        info: GraphInfo,
        first: Annotated[int | None, strawberry.argument(description="1 to 50.")] = 5,
    ) -> list[Annotated[PersonalRedeploymentTarget, strawberry.lazy("api.graphql_exposure")]]:
        from api.graphql_exposure import employee_targets

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
        return OrgUnit.from_pydantic(unit) if unit else None

    @strawberry.field(description="Active people who hold the role, by id.")
    async def incumbents(self, info: GraphInfo) -> list[Employee]:
        return await _employees(info, await info.context.loaders.incumbents.load(self.id))

    @strawberry.field(description="Required skills, heaviest (weight × level) first.")
    async def requirements(self, info: GraphInfo) -> list[Requirement]:
        found = await info.context.loaders.requirements.load(self.id)
        return [Requirement.from_pydantic(r) for r in found]

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
    @strawberry.field(description="One employee by id.")
    async def employee(self, info: GraphInfo, id: strawberry.ID) -> Employee | None:
        found = await info.context.loaders.employee.load(str(id))
        if found is None:
            raise NotFound(f"no employee with id {id!r}", field="id")
        return Employee.from_model(found)

    @strawberry.field(description="One role by id.")
    async def role(self, info: GraphInfo, id: strawberry.ID) -> Role | None:
        found = await _role(info, str(id))
        if found is None:
            raise NotFound(f"no role with id {id!r}", field="id")
        return found

    @strawberry.field(
        description="Active non-incumbents with fit > 0 for the role, by fit desc then id (DESIGN §4)."
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
            str(role_id),
            10 if first is None else first,
            0.0 if min_fit is None else min_fit,
        )
        return [
            Candidate(
                employee_id=c.employee.id,
                fit=c.fit,
                readiness=c.readiness,
                assessed_at=c.assessed_at,
                gaps=[Gap.from_pydantic(g) for g in c.gaps],
                hidden=c.hidden,
            )
            for c in found
        ]


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, TalentGraphError | GraphQLError):
        return False
    log.error("unexpected error in %s", error.path, exc_info=original)
    return True


class MaskUnexpected(MaskErrors):
    """Unexpected errors reach clients as a bare message with a code; the log keeps the trace."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked


def build_schema(extensions: list[Any] | None = None) -> strawberry.Schema:
    """The schema: each feature module contributes its own Query (and Mutation) type."""
    from api.graphql_exposure import ExposureQuery
    from api.graphql_succession import SuccessionMutation, SuccessionQuery

    query = merge_types("Query", (CoreQuery, SuccessionQuery, ExposureQuery))
    return strawberry.Schema(
        query=query,
        mutation=merge_types("Mutation", (SuccessionMutation,)),
        extensions=[lambda: MaskUnexpected(should_mask_error=_should_mask), *(extensions or [])],
    )
