"""GraphQL for automation exposure and reskilling: exposed roles, similar roles, redeployment targets.

Exposure is a plain `Float` beside an `ExposureSource` enum (`exposure` + `source` on the exposed
role list, `exposure` + `exposureSource` on `Role` and on targets) rather than an object, so a
client selects `exposure` as a number everywhere. Nested lists (a role's exposure, top tasks,
redeployment targets) go through per-request DataLoaders: one query per batch, not per row.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from typing import Annotated

import strawberry
from strawberry.dataloader import DataLoader

from api.graphql_schema import Context, Gap, GraphInfo, Role, gap_of
from graph import exposure as domain
from graph.errors import NotFound
from graph.services import exposure as service

ExposureSource = strawberry.enum(
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


class ExposureLoaders:
    """The request's loaders for exposure figures, keyed by role (and argument values)."""

    def __init__(self, context: Context) -> None:
        db, settings, principal = context.db, context.settings, context.principal

        async def exposures(ids: list[str]) -> list[domain.RoleExposure | None]:
            found = await service.role_exposures(db, settings, ids)
            return [found.get(i) for i in ids]

        async def tasks(
            keys: list[tuple[str, domain.ExposureSource, int]],
        ) -> list[list[domain.TaskExposure]]:
            by_first: dict[int, list[tuple[str, domain.ExposureSource]]] = defaultdict(list)
            for role_id, source, first in keys:
                by_first[first].append((role_id, source))
            found = {
                first: await service.top_tasks(db, roles, first)
                for first, roles in by_first.items()
            }
            return [found[first].get(role_id, []) for role_id, _, first in keys]

        async def targets(
            keys: list[tuple[str, float, int]],
        ) -> list[list[domain.RedeploymentTarget]]:
            by_first: dict[int, list[tuple[str, float]]] = defaultdict(list)
            for role_id, value, first in keys:
                by_first[first].append((role_id, value))
            found = {
                first: await service.role_redeployment_targets(
                    db, settings, roles, first, principal=principal
                )
                for first, roles in by_first.items()
            }
            return [found[first].get(role_id, []) for role_id, _, first in keys]

        self.exposure = DataLoader(load_fn=exposures)
        self.top_tasks = DataLoader(load_fn=tasks)
        self.targets = DataLoader(load_fn=targets)


_LOADERS: weakref.WeakKeyDictionary[Context, ExposureLoaders] = weakref.WeakKeyDictionary()


def loaders(info: GraphInfo) -> ExposureLoaders:
    found = _LOADERS.get(info.context)
    if found is None:
        found = _LOADERS[info.context] = ExposureLoaders(info.context)
    return found


async def _role(info: GraphInfo, role_id: str) -> Role:
    found = await info.context.loaders.role.load(role_id)
    if found is None:  # deleted between the two reads
        raise NotFound(f"no role with id {role_id!r}")
    return Role.from_model(found)


@strawberry.type(description="A task behind a role's exposure.")
class TaskExposure:
    id: strawberry.ID
    statement: str
    exposure: float | None = strawberry.field(description="0 to 1; null when unscored.")


@strawberry.type(
    description=(
        "A lower-exposure role for the incumbents of an exposed role (DESIGN §4): picked among "
        "the most similar roles whose exposure is at least the configured margin lower."
    )
)
class RedeploymentTarget:
    role_id: strawberry.Private[str]
    exposure: float = strawberry.field(description="The target role's exposure, 0 to 1.")
    exposure_source: ExposureSource  # type: ignore[valid-type]
    similarity: float = strawberry.field(
        description="Role similarity of the two roles, 0 to 1 (as on SimilarRole)."
    )
    mean_fit: float | None = strawberry.field(
        description="Mean skill fit of the exposed role's active incumbents for this role; null without incumbents."
    )
    thin_bench: bool = strawberry.field(
        description="A critical role whose benchScore is below the configured threshold."
    )

    @strawberry.field
    async def role(self, info: GraphInfo) -> Role:
        return await _role(info, self.role_id)


@strawberry.type(description="A role automation is likely to change, with its people and options.")
class ExposedRole:
    role_id: strawberry.Private[str]
    exposure: float = strawberry.field(description="Automation exposure, 0 to 1 (DESIGN §4).")
    source: ExposureSource  # type: ignore[valid-type]
    headcount: int = strawberry.field(description="Active incumbents.")

    @strawberry.field
    async def role(self, info: GraphInfo) -> Role:
        return await _role(info, self.role_id)

    @strawberry.field(
        description="The most exposed scored tasks behind the figure: the role's own for ROLE_TASKS, else its occupation's."
    )
    async def top_tasks(
        self,
        info: GraphInfo,
        first: Annotated[int | None, strawberry.argument(description="1 to 20.")] = 5,
    ) -> list[TaskExposure]:
        first = 5 if first is None else first
        service.check_first(first, service.MAX_TOP_TASKS)
        found = await loaders(info).top_tasks.load((self.role_id, self.source, first))
        return [
            TaskExposure(id=strawberry.ID(t.id), statement=t.statement, exposure=t.exposure)
            for t in found
        ]

    @strawberry.field(
        description=(
            "Lower-exposure roles for this role's incumbents, by their mean fit (rounded to 2 "
            "decimals) desc, critical roles with thin benches first among equals, then role id."
        )
    )
    async def redeployment_targets(
        self,
        info: GraphInfo,
        first: Annotated[int | None, strawberry.argument(description="1 to 10.")] = 3,
    ) -> list[RedeploymentTarget]:
        first = 3 if first is None else first
        service.check_first(first, service.MAX_ROLE_TARGETS)
        found = await loaders(info).targets.load((self.role_id, self.exposure, first))
        return [
            RedeploymentTarget(
                role_id=t.role.id,
                exposure=t.exposure,
                exposure_source=t.source,
                similarity=t.similarity,
                mean_fit=t.mean_fit,
                thin_bench=t.thin_bench,
            )
            for t in found
        ]


@strawberry.type(description="A role people in this one could move to, and how alike the two are.")
class SimilarRole:
    role_id: strawberry.Private[str]
    similarity: float = strawberry.field(
        description=(
            "Role similarity, 0 to 1: what the list is ranked by. A blend of requirement "
            "overlap, the two roles' occupations (O*NET skills, knowledge, tasks, related "
            "occupations) and their grades; see docs/similarity.md."
        )
    )
    requirement_overlap: float = strawberry.field(
        description=(
            "How much the two roles' requirements overlap, exactly: Σ min(w·l) / Σ max(w·l) "
            "over the union of required skills (weighted Jaccard), 0 to 1."
        )
    )

    @strawberry.field
    async def role(self, info: GraphInfo) -> Role:
        return await _role(info, self.role_id)


@strawberry.type(description="A lower-exposure role for one person, scored by their own fit.")
class PersonalRedeploymentTarget:
    role_id: strawberry.Private[str]
    exposure: float = strawberry.field(description="The target role's exposure, 0 to 1.")
    exposure_source: ExposureSource  # type: ignore[valid-type]
    fit: float = strawberry.field(description="The person's skill fit for the role, 0 to 1.")
    thin_bench: bool = strawberry.field(
        description="A critical role whose benchScore is below the configured threshold."
    )
    gaps: list[Gap] = strawberry.field(description="Largest weight × shortfall first.")

    @strawberry.field
    async def role(self, info: GraphInfo) -> Role:
        return await _role(info, self.role_id)


async def role_exposure(info: GraphInfo, role_id: str) -> domain.RoleExposure | None:
    """For `Role.exposure` and `Role.exposureSource`."""
    found: domain.RoleExposure | None = await loaders(info).exposure.load(role_id)
    return found


async def similar_roles(info: GraphInfo, role_id: str, first: int | None) -> list[SimilarRole]:
    """For `Role.similarRoles`."""
    found = await service.similar_roles(
        info.context.db,
        info.context.settings,
        role_id,
        10 if first is None else first,
        principal=info.context.principal,
    )
    return [
        SimilarRole(
            role_id=s.role.id, similarity=s.similarity, requirement_overlap=s.requirement_overlap
        )
        for s in found
    ]


async def employee_targets(
    info: GraphInfo, employee_id: str, first: int | None
) -> list[PersonalRedeploymentTarget]:
    """For `Employee.redeploymentTargets`."""
    found = await service.employee_redeployment_targets(
        info.context.db,
        info.context.settings,
        employee_id,
        5 if first is None else first,
        principal=info.context.principal,
    )
    return [
        PersonalRedeploymentTarget(
            role_id=t.role.id,
            exposure=t.exposure,
            exposure_source=t.source,
            fit=t.fit,
            thin_bench=t.thin_bench,
            gaps=[gap_of(g) for g in t.gaps],
        )
        for t in found
    ]


@strawberry.type
class ExposureQuery:
    @strawberry.field(
        description=(
            "Roles with automation exposure ≥ minExposure (DESIGN §4), by exposure × headcount "
            "desc, then role id. A manager: roles in their org units only."
        )
    )
    async def automation_exposed_roles(
        self,
        info: GraphInfo,
        min_exposure: Annotated[float | None, strawberry.argument(description="0 to 1.")] = 0.5,
        first: Annotated[int | None, strawberry.argument(description="1 to 500.")] = 50,
    ) -> list[ExposedRole]:
        found = await service.automation_exposed_roles(
            info.context.db,
            info.context.settings,
            0.5 if min_exposure is None else min_exposure,
            50 if first is None else first,
            principal=info.context.principal,
        )
        return [
            ExposedRole(
                role_id=r.role.id, exposure=r.exposure, source=r.source, headcount=r.headcount
            )
            for r in found
        ]
