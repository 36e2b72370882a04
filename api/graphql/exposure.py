"""GraphQL for automation exposure and reskilling: exposed roles and their redeployment targets.

Exposure is a plain `Float` beside an `ExposureSource` enum (`exposure` + `source` on the exposed
role list, `exposure` + `exposureSource` on `Role` and on targets) rather than an object, so a
client selects `exposure` as a number everywhere. A role's exposure, similar roles and a person's
redeployment targets are fields of `Role` and `Employee` (api/graphql/types.py); nested lists go
through the request's loaders: one read per batch, not per row.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.graphql.context import GraphInfo
from api.graphql.derive import derived, or_default
from api.graphql.pagination import AFTER, CONNECTION, Connection, first_described
from api.graphql.types import Role, named_role
from graph import exposure as domain
from graph.pagination import Page
from graph.services import exposure as service


@derived(domain.TaskExposure, name="TaskExposure", description="A task behind a role's exposure.")
class TaskExposure:
    id: strawberry.ID
    statement: strawberry.auto
    exposure: strawberry.auto


@derived(
    domain.RedeploymentTarget,
    name="RedeploymentTarget",
    description=(
        "A lower-exposure role for the incumbents of an exposed role: picked among "
        "the most similar roles whose exposure is at least the configured margin lower."
    ),
)
class RedeploymentTarget:
    exposure: strawberry.auto
    source: strawberry.auto = strawberry.field(name="exposureSource")
    similarity: strawberry.auto
    mean_fit: strawberry.auto
    thin_bench: strawberry.auto
    role = strawberry.field(resolver=named_role, graphql_type=Role)


async def _top_tasks(
    parent: strawberry.Parent[domain.ExposedRole],
    info: GraphInfo,
    first: Annotated[
        int | None, strawberry.argument(description="1 to 20.")
    ] = service.DEFAULT_TOP_TASKS,
) -> list[domain.TaskExposure]:
    first = or_default(first, service.DEFAULT_TOP_TASKS)
    service.check_first(first, service.MAX_TOP_TASKS)
    return await info.context.loaders.top_tasks.load((parent.role.id, parent.source, first))


async def _redeployment_targets(
    parent: strawberry.Parent[domain.ExposedRole],
    info: GraphInfo,
    first: Annotated[
        int | None, strawberry.argument(description="1 to 10.")
    ] = service.DEFAULT_ROLE_TARGETS,
) -> list[domain.RedeploymentTarget]:
    first = or_default(first, service.DEFAULT_ROLE_TARGETS)
    service.check_first(first, service.MAX_ROLE_TARGETS)
    return await info.context.loaders.role_targets.load((parent.role.id, parent.exposure, first))


@derived(
    domain.ExposedRole,
    name="ExposedRole",
    description="A role automation is likely to change, with its people and options.",
)
class ExposedRole:
    exposure: strawberry.auto
    source: strawberry.auto
    headcount: strawberry.auto
    role = strawberry.field(resolver=named_role, graphql_type=Role)
    top_tasks = strawberry.field(
        resolver=_top_tasks,
        graphql_type=list[TaskExposure],
        description=(
            "The most exposed scored tasks behind the figure: the role's own for ROLE_TASKS, "
            "else its occupation's."
        ),
    )
    redeployment_targets = strawberry.field(
        resolver=_redeployment_targets,
        graphql_type=list[RedeploymentTarget],
        description=(
            "Lower-exposure roles for this role's incumbents, by their mean fit (rounded to 2 "
            "decimals) desc, critical roles with thin benches first among equals, then role id."
        ),
    )


@strawberry.type(description=CONNECTION)
class ExposedRoleConnection(Connection[ExposedRole]):
    pass


@strawberry.type
class ExposureQuery:
    @strawberry.field(
        description=(
            "Roles with automation exposure (see Role.exposure) ≥ minExposure, by exposure × headcount "
            "desc, then role id. A manager: roles in their org units only."
        ),
        graphql_type=ExposedRoleConnection,
    )
    async def automation_exposed_roles(
        self,
        info: GraphInfo,
        min_exposure: Annotated[
            float | None, strawberry.argument(description="0 to 1.")
        ] = service.DEFAULT_MIN_EXPOSURE,
        first: Annotated[
            int | None,
            strawberry.argument(
                description=first_described(
                    service.DEFAULT_EXPOSED_ROLES, service.MAX_EXPOSED_ROLES
                )
            ),
        ] = service.DEFAULT_EXPOSED_ROLES,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Page[domain.ExposedRole]:
        return await service.automation_exposed_roles(
            info.context.db,
            info.context.settings,
            or_default(min_exposure, service.DEFAULT_MIN_EXPOSURE),
            or_default(first, service.DEFAULT_EXPOSED_ROLES),
            after,
            principal=info.context.principal,
        )
