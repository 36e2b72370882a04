"""GraphQL for succession reviews: candidates, slates, benches, vacancy chains, talent maps, 9-boxes.

Resolvers only translate arguments and call services (graph/services); the people and roles the
services return come whole, and those named by id are read through the request's loaders.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.graphql.context import GraphInfo
from api.graphql.derive import derived, or_default
from api.graphql.pagination import Cursored, with_cursors
from api.graphql.types import Employee, Role, load_employees, named_role
from graph import models
from graph.errors import Forbidden
from graph.services import audit, succession, talent_maps

strawberry.enum(
    models.Coverage,
    description="UNCOVERED: no nominated successor; NOT_READY: none ready now; COVERED otherwise.",
)
strawberry.enum(
    models.Move,
    description=(
        "UPWARD: grade above the highest grade the person holds; LATERAL: same or lower grade, "
        "in the org unit of a role they hold; PIVOT: same or lower grade in another org unit "
        "(every role, for someone who holds none)."
    ),
)
strawberry.enum(
    models.ChainEnd,
    description=(
        "EXTERNAL_HIRE: a vacated role has no acceptable successor; DEPTH_LIMIT: maxDepth steps "
        "were taken and the last mover left a role open; NO_BACKFILL: the last mover held no "
        "role, so nothing is left open."
    ),
)

AFTER = "The cursor of the last item seen."


@derived(
    models.Candidate,
    name="Candidate",
    description="A possible successor for a role, scored by skill fit.",
)
class Candidate:
    fit: strawberry.auto
    readiness: strawberry.auto
    assessed_at: strawberry.auto
    gaps: strawberry.auto
    hidden: bool = strawberry.field(
        description=(
            "A hidden candidate: returned here, fit ≥ 0.5, and never assessed for the role "
            "(no current readiness and no readiness history)."
        )
    )
    employee: Employee


@derived(
    models.Successor,
    name="Successor",
    description="A nominated successor on a role's slate: someone with a current readiness for it.",
)
class Successor:
    readiness: strawberry.auto
    fit: strawberry.auto
    assessed_at: strawberry.auto
    assessed_by: strawberry.auto
    employee: Employee


class _BenchPageItem(models.BenchItem, Cursored):
    pass


def _key_person_risk(parent: strawberry.Parent[models.BenchItem], info: GraphInfo) -> float:
    if parent.key_person_risk is None:
        raise Forbidden(
            "key-person risk is derived from ratings you may not see (admin, hr and the "
            "incumbents' manager chain only)"
        )
    audit.read(info.context.db, info.context.principal, "keyPersonRisk", [parent.role.id])
    return parent.key_person_risk


async def _bench_incumbents(
    parent: strawberry.Parent[models.BenchItem], info: GraphInfo
) -> list[models.Employee]:
    return await load_employees(info, [i.id for i in parent.incumbents])


@derived(
    _BenchPageItem,
    name="BenchStrength",
    description="Bench strength and key-person risk of one role: how many nominated successors it has at each readiness, and what they amount to.",
)
class BenchStrength:
    role: Role
    incumbents = strawberry.field(
        resolver=_bench_incumbents,
        graphql_type=list[Employee],
        description="Active incumbents, by id.",
    )
    ready_now: strawberry.auto
    ready_one_to_two_years: strawberry.auto
    ready_three_to_five_years: strawberry.auto
    bench_score: strawberry.auto
    coverage: models.Coverage
    cover: strawberry.auto
    cursor: strawberry.auto
    key_person_risk = strawberry.field(
        resolver=_key_person_risk,
        graphql_type=float | None,
        description=(
            "Max over active incumbents of p(riskOfLoss) · impact(impactOfLoss) · (1 − cover), "
            "with p = 0.1 / 0.3 / 0.6 and impact = 1/3, 2/3, 1 for LOW / MEDIUM / HIGH (unknown "
            "counts as MEDIUM); 0 when the role has no active incumbent. Derived from the "
            "incumbents' ratings, so it follows their rule: null with a FORBIDDEN error unless "
            "the caller may read the ratings of every incumbent (admin, hr, their manager chain)."
        ),
    )


@derived(
    models.ChainStep,
    name="VacancyChainStep",
    description="One move of a vacancy chain: filledBy moves into role.",
)
class VacancyChainStep:
    readiness: strawberry.auto
    fit: strawberry.auto
    role: Role
    employee: Employee = strawberry.field(name="filledBy")


@derived(
    models.VacancyChain,
    name="VacancyChain",
    description="Who moves where if a role falls vacant: each step's mover vacates a seat of their own, which the next step fills.",
)
class VacancyChain:
    steps: strawberry.auto
    ends_with: strawberry.auto


async def _mentors(
    parent: strawberry.Parent[models.TalentGap], info: GraphInfo
) -> list[models.Employee]:
    return await load_employees(info, (m.id for m in parent.mentors))


@derived(
    models.TalentGap,
    name="TalentGap",
    description="A skill gap on a talent map, with people who could teach it.",
)
class TalentGap:
    skill: strawberry.auto
    required: strawberry.auto
    have: strawberry.auto
    shortfall: strawberry.auto
    mentors = strawberry.field(
        resolver=_mentors,
        graphql_type=list[Employee],
        description=(
            "Up to 3 active colleagues with the skill at or above the required level: nearest "
            "in the reporting tree first (undirected REPORTS_TO hops, up to 8), then others; "
            "ties by id."
        ),
    )


class _TalentMapPageItem(models.TalentMapEntry, Cursored):
    pass


@derived(
    _TalentMapPageItem,
    name="TalentMapEntry",
    description="A role an employee could move to, with their fit and gaps for it.",
)
class TalentMapEntry:
    fit: strawberry.auto
    move: strawberry.auto
    gaps: strawberry.auto
    cursor: strawberry.auto
    role = strawberry.field(resolver=named_role, graphql_type=Role)


def _count(parent: strawberry.Parent[models.NineBoxCell]) -> int:
    return len(parent.employees)


@derived(
    models.NineBoxCell,
    name="NineBoxCell",
    description="One cell of a 9-box (performance × potential).",
)
class NineBoxCell:
    performance: strawberry.auto
    potential: strawberry.auto
    employees: list[Employee]
    count = strawberry.field(resolver=_count, description="How many people are in the cell.")


@strawberry.type
class SuccessionQuery:
    @strawberry.field(
        description=(
            "Active non-incumbents with fit > 0 for the role, by fit desc then id. "
            "A manager: roles in their org units only."
        ),
        graphql_type=list[Candidate],
    )
    async def succession_candidates(
        self,
        info: GraphInfo,
        role_id: strawberry.ID,
        first: Annotated[
            int | None, strawberry.argument(description="1 to 100.")
        ] = succession.DEFAULT_CANDIDATES,
        min_fit: Annotated[
            float | None, strawberry.argument(description="0 to 1.")
        ] = succession.DEFAULT_MIN_FIT,
    ) -> list[models.Candidate]:
        found = await succession.succession_candidates(
            info.context.db,
            info.context.settings,
            str(role_id),
            or_default(first, succession.DEFAULT_CANDIDATES),
            or_default(min_fit, succession.DEFAULT_MIN_FIT),
            principal=info.context.principal,
        )
        info.context.loaders.know(c.employee for c in found)
        return found

    @strawberry.field(
        description=(
            "The slate of a role: active non-incumbents with a current readiness for it, by "
            "readiness (now first), then fit desc, then id. A manager: roles in "
            "their org units only."
        ),
        graphql_type=list[Successor],
    )
    async def successors(self, info: GraphInfo, role_id: strawberry.ID) -> list[models.Successor]:
        found = await succession.successors(
            info.context.db, str(role_id), principal=info.context.principal
        )
        info.context.loaders.know(s.employee for s in found)
        return found

    @strawberry.field(
        description=(
            "One item per role in the org unit and the units below it (every role when "
            "orgUnitId is omitted), by keyPersonRisk desc, then role id. A manager: units in "
            "their org units only (their own units when omitted)."
        ),
        graphql_type=list[BenchStrength],
    )
    async def bench_strength(
        self,
        info: GraphInfo,
        org_unit_id: strawberry.ID | None = None,
        critical_only: bool | None = succession.DEFAULT_CRITICAL_ONLY,
        first: Annotated[
            int | None, strawberry.argument(description="1 to 500 items per page.")
        ] = succession.DEFAULT_BENCH_PAGE,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> list[_BenchPageItem]:
        page = await succession.bench_strength(
            info.context.db,
            succession.readiness_weights(info.context.settings),
            None if org_unit_id is None else str(org_unit_id),
            or_default(critical_only, succession.DEFAULT_CRITICAL_ONLY),
            or_default(first, succession.DEFAULT_BENCH_PAGE),
            after,
            principal=info.context.principal,
        )
        return with_cursors(page, _BenchPageItem)

    @strawberry.field(
        description=(
            "Who moves where if the role falls vacant: at each step the best nominated "
            "successor ready now or in 1–2 years (3–5 years is not acceptable), then fit desc, "
            "then id, who has not moved yet and holds no role already in the chain. A manager: "
            "roles in their org units only."
        ),
        graphql_type=VacancyChain,
    )
    async def vacancy_chain(
        self,
        info: GraphInfo,
        role_id: strawberry.ID,
        max_depth: Annotated[
            int | None, strawberry.argument(description="1 to 10.")
        ] = succession.DEFAULT_CHAIN_DEPTH,
    ) -> models.VacancyChain:
        chain = await succession.vacancy_chain(
            info.context.db,
            str(role_id),
            or_default(max_depth, succession.DEFAULT_CHAIN_DEPTH),
            principal=info.context.principal,
        )
        info.context.loaders.know(
            (step.employee for step in chain.steps), (step.role for step in chain.steps)
        )
        return chain

    @strawberry.field(
        description=(
            "Roles the employee could move to: roles they do not hold with fit > 0 whose grade "
            "is within the window around the highest grade g they hold (g − gradesBelow to g + "
            "gradesAbove; every role for someone who holds none), by fit desc then role id; "
            "empty for an inactive employee. A manager: themselves and their reporting subtree; "
            "an employee: themselves."
        ),
        graphql_type=list[TalentMapEntry],
    )
    async def talent_map(
        self,
        info: GraphInfo,
        employee_id: strawberry.ID,
        first: Annotated[
            int | None, strawberry.argument(description="1 to 100 items per page.")
        ] = talent_maps.DEFAULT_TALENT_MAP_PAGE,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        grades_below: Annotated[
            int | None,
            strawberry.argument(description="Grades below the person's highest shown, 0 to 50."),
        ] = talent_maps.GradeWindow.below,
        grades_above: Annotated[
            int | None,
            strawberry.argument(description="Grades above the person's highest shown, 0 to 50."),
        ] = talent_maps.GradeWindow.above,
    ) -> list[_TalentMapPageItem]:
        page = await talent_maps.talent_map(
            info.context.db,
            info.context.settings,
            str(employee_id),
            or_default(first, talent_maps.DEFAULT_TALENT_MAP_PAGE),
            after,
            talent_maps.GradeWindow(
                or_default(grades_below, talent_maps.GradeWindow.below),
                or_default(grades_above, talent_maps.GradeWindow.above),
            ),
            principal=info.context.principal,
        )
        return with_cursors(page, _TalentMapPageItem)


@strawberry.type
class NineBoxQuery:  # its own type only so the schema lists nineBox after readinessChanges
    @strawberry.field(
        description=(
            "The nine performance × potential cells, always all nine, rows by potential HIGH → "
            "LOW, columns by performance LOW → HIGH; active holders of roles in the org unit "
            "subtree (any role when omitted); people without both ratings are left out. Admin "
            "and hr: everyone; a manager: the people of their reporting subtree, in units in "
            "their org units (their own units when omitted)."
        ),
        graphql_type=list[NineBoxCell],
    )
    async def nine_box(
        self, info: GraphInfo, org_unit_id: strawberry.ID | None = None
    ) -> list[models.NineBoxCell]:
        return await succession.nine_box(
            info.context.db,
            None if org_unit_id is None else str(org_unit_id),
            principal=info.context.principal,
        )
