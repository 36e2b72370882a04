"""GraphQL for succession reviews: candidates, slates, benches, vacancy chains, talent maps, 9-boxes.

Resolvers only translate arguments and call services (graph/services); the people and roles the
services return come whole, and those named by id are read through the request's loaders.

Over 400 lines: the largest feature, six queries whose types refer to one another (a bench's
incumbents, a chain's steps, a talent map's gaps) and share their argument descriptions.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.graphql.context import GraphInfo
from api.graphql.derive import derived, or_default
from api.graphql.pagination import AFTER, CONNECTION, Connection, first_described
from api.graphql.types import (
    DEFAULT_INCUMBENTS,
    INCUMBENTS_FIRST,
    Employee,
    EmployeeConnection,
    Role,
    employees_page,
    incumbents_page,
    load_employees,
    named_role,
)
from graph import models
from graph.errors import Forbidden
from graph.pagination import Page, check_first
from graph.services import audit, shortlists, succession, talent_maps

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

#: People a 9-box cell lists when the caller does not say how many, and the most a page holds.
DEFAULT_CELL_PAGE, MAX_CELL_PAGE = 50, 500
#: The slate's page when the caller does not say, and the most a page holds.
DEFAULT_SLATE_PAGE, MAX_SLATE_PAGE = 50, 200


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


@strawberry.type(description=CONNECTION)
class CandidateConnection(Connection[Candidate]):
    pass


@strawberry.type(description=CONNECTION)
class SuccessorConnection(Connection[Successor]):
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
    parent: strawberry.Parent[models.BenchItem],
    info: GraphInfo,
    first: Annotated[
        int | None, strawberry.argument(description=INCUMBENTS_FIRST)
    ] = DEFAULT_INCUMBENTS,
    after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
) -> Page[models.Employee]:
    ids = incumbents_page([i.id for i in parent.incumbents], lambda i: i, first, after)
    return await employees_page(info, ids)


@derived(
    models.BenchItem,
    name="BenchStrength",
    description="Bench strength and key-person risk of one role: how many nominated successors it has at each readiness, and what they amount to.",
)
class BenchStrength:
    role: Role
    incumbents = strawberry.field(
        resolver=_bench_incumbents,
        graphql_type=EmployeeConnection,
        description="Active incumbents, by id.",
    )
    ready_now: strawberry.auto
    ready_one_to_two_years: strawberry.auto
    ready_three_to_five_years: strawberry.auto
    bench_score: strawberry.auto
    coverage: models.Coverage
    cover: strawberry.auto
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


@strawberry.type(description=CONNECTION)
class BenchStrengthConnection(Connection[BenchStrength]):
    pass


@derived(
    models.TalentMapEntry,
    name="TalentMapEntry",
    description="A role an employee could move to, with their fit and gaps for it.",
)
class TalentMapEntry:
    fit: strawberry.auto
    move: strawberry.auto
    gaps: strawberry.auto
    role = strawberry.field(resolver=named_role, graphql_type=Role)


@strawberry.type(description=CONNECTION)
class TalentMapEntryConnection(Connection[TalentMapEntry]):
    pass


def _cell_people(
    parent: strawberry.Parent[models.NineBoxCell],
    info: GraphInfo,
    first: Annotated[
        int | None,
        strawberry.argument(description=first_described(DEFAULT_CELL_PAGE, MAX_CELL_PAGE)),
    ] = DEFAULT_CELL_PAGE,
    after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
) -> Page[models.Employee]:
    first = or_default(first, DEFAULT_CELL_PAGE)
    check_first(first, MAX_CELL_PAGE)
    # One kind for the nine cells: `after` reaches every cell of the grid, so a cursor from one
    # cell resumes each cell after that person's id (refusing it in the other eight would null
    # the whole grid).
    page = Page.of_sorted(parent.employees, lambda e: (e.id,), "nineBox", first, after, str)
    info.context.loaders.know(page.items)
    return page


@derived(
    models.NineBoxCell,
    name="NineBoxCell",
    description="One cell of a 9-box (performance × potential).",
)
class NineBoxCell:
    performance: strawberry.auto
    potential: strawberry.auto
    employees = strawberry.field(
        resolver=_cell_people,
        graphql_type=EmployeeConnection,
        description=(
            "Active people in the cell, by id; totalCount: how many are in the cell. `after` "
            "applies to every cell of the grid: each resumes after that person's id."
        ),
    )


CANDIDATES_FIRST = first_described(succession.DEFAULT_CANDIDATES, succession.MAX_CANDIDATES)
SLATE_FIRST = first_described(DEFAULT_SLATE_PAGE, MAX_SLATE_PAGE)
BENCH_FIRST = first_described(succession.DEFAULT_BENCH_PAGE, succession.MAX_BENCH_PAGE)
TALENT_MAP_FIRST = first_described(
    talent_maps.DEFAULT_TALENT_MAP_PAGE, talent_maps.MAX_TALENT_MAP_PAGE
)


@strawberry.type
class SuccessionQuery:
    @strawberry.field(
        description=(
            "Active non-incumbents with fit > 0 for the role, by fit desc then id: the best "
            f"{shortlists.SHORTLIST_SIZE} at most (totalCount counts those). A manager: roles in "
            "their org units only."
        ),
        graphql_type=CandidateConnection,
    )
    async def succession_candidates(
        self,
        info: GraphInfo,
        role_id: strawberry.ID,
        first: Annotated[
            int | None, strawberry.argument(description=CANDIDATES_FIRST)
        ] = succession.DEFAULT_CANDIDATES,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        min_fit: Annotated[
            float | None, strawberry.argument(description="0 to 1.")
        ] = succession.DEFAULT_MIN_FIT,
    ) -> Page[models.Candidate]:
        page = await succession.succession_candidates(
            info.context.db,
            info.context.settings,
            str(role_id),
            or_default(first, succession.DEFAULT_CANDIDATES),
            or_default(min_fit, succession.DEFAULT_MIN_FIT),
            after,
            principal=info.context.principal,
        )
        info.context.loaders.know(c.employee for c in page.items)
        return page

    @strawberry.field(
        description=(
            "The slate of a role: active non-incumbents with a current readiness for it, by "
            "readiness (now first), then fit desc, then id. A manager: roles in "
            "their org units only."
        ),
        graphql_type=SuccessorConnection,
    )
    async def successors(
        self,
        info: GraphInfo,
        role_id: strawberry.ID,
        first: Annotated[
            int | None, strawberry.argument(description=SLATE_FIRST)
        ] = DEFAULT_SLATE_PAGE,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Page[models.Successor]:
        first = or_default(first, DEFAULT_SLATE_PAGE)
        check_first(first, MAX_SLATE_PAGE)
        found = await succession.successors(
            info.context.db, str(role_id), principal=info.context.principal
        )
        # The service reads the whole slate (people nominated for one role): sliced here.
        page = Page.of_sorted(
            found, succession.successor_order, succession.SUCCESSORS, first, after, int, float, str
        )
        info.context.loaders.know(s.employee for s in page.items)
        return page

    @strawberry.field(
        description=(
            "One item per role in the org unit and the units below it (every role when "
            "orgUnitId is omitted), by keyPersonRisk desc, then role id. A manager: units in "
            "their org units only (their own units when omitted)."
        ),
        graphql_type=BenchStrengthConnection,
    )
    async def bench_strength(
        self,
        info: GraphInfo,
        org_unit_id: strawberry.ID | None = None,
        critical_only: bool | None = succession.DEFAULT_CRITICAL_ONLY,
        first: Annotated[
            int | None, strawberry.argument(description=BENCH_FIRST)
        ] = succession.DEFAULT_BENCH_PAGE,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Page[models.BenchItem]:
        return await succession.bench_strength(
            info.context.db,
            succession.readiness_weights(info.context.settings),
            None if org_unit_id is None else str(org_unit_id),
            or_default(critical_only, succession.DEFAULT_CRITICAL_ONLY),
            or_default(first, succession.DEFAULT_BENCH_PAGE),
            after,
            principal=info.context.principal,
        )

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
        graphql_type=TalentMapEntryConnection,
    )
    async def talent_map(
        self,
        info: GraphInfo,
        employee_id: strawberry.ID,
        first: Annotated[
            int | None, strawberry.argument(description=TALENT_MAP_FIRST)
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
    ) -> Page[models.TalentMapEntry]:
        return await talent_maps.talent_map(
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
