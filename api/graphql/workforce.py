"""GraphQL for workforce analytics (docs/workforce.md): `workforceFigures`, `mobilityFlows`,
`vacancyForecast` (graph/services/workforce.py, workforce_forecast.py)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from api.graphql.context import GraphInfo
from api.graphql.derive import or_default
from api.graphql.pagination import AFTER, CONNECTION, Connection, first_described
from graph.pagination import Page, check_first
from graph.scoring import workforce as figures_core
from graph.services import workforce, workforce_forecast


@strawberry.enum(description="How workforce figures are grouped.")
class WorkforceGroupBy(Enum):
    ORG_UNIT = "ORG_UNIT"
    GRADE_BAND = "GRADE_BAND"
    ROLE = "ROLE"
    TENURE_BAND = "TENURE_BAND"


@strawberry.type(description="count / denominator, annualised for rates over the window.")
class WorkforceRate:
    count: int
    denominator: float
    rate: float | None


@strawberry.type
class ReasonRate:
    reason: str
    count: int
    rate: float | None


@strawberry.type(description="Days from a requisition's opening to its filling.")
class TimeToFill:
    count: int
    median_days: float | None
    p90_days: float | None


@strawberry.type
class WorkforceGroup:
    group: str
    label: str
    suppressed: bool = strawberry.field(
        description="True when the group is below the minimum group size: figures are null."
    )
    note: str | None
    headcount_start: int | None
    headcount_end: int | None
    average_headcount: float | None
    attrition: WorkforceRate | None
    attrition_by_reason: list[ReasonRate] | None
    internal_mobility: WorkforceRate | None
    time_to_fill: TimeToFill | None
    internal_fill_rate: WorkforceRate | None

    @classmethod
    def of(cls, g: workforce.GroupFigures) -> WorkforceGroup:
        f = g.figures

        def rate(r: figures_core.Rate | None) -> WorkforceRate | None:
            return (
                None
                if r is None
                else WorkforceRate(count=r.count, denominator=r.denominator, rate=r.rate)
            )

        return cls(
            group=g.group,
            label=g.label,
            suppressed=g.suppressed,
            note=g.note,
            headcount_start=f.headcount_start if f else None,
            headcount_end=f.headcount_end if f else None,
            average_headcount=f.average_headcount if f else None,
            attrition=rate(f.attrition) if f else None,
            attrition_by_reason=[
                ReasonRate(reason=r.reason, count=r.count, rate=r.rate)
                for r in f.attrition_by_reason
            ]
            if f
            else None,
            internal_mobility=rate(f.internal_mobility) if f else None,
            time_to_fill=TimeToFill(
                count=f.time_to_fill.count,
                median_days=f.time_to_fill.median_days,
                p90_days=f.time_to_fill.p90_days,
            )
            if f and f.time_to_fill
            else None,
            internal_fill_rate=rate(f.internal_fill_rate) if f else None,
        )


@strawberry.type
class WorkforceQuarter:
    start: datetime
    end: datetime
    figures: WorkforceGroup


@strawberry.type
class WorkforceFigures:
    start: datetime
    end: datetime
    min_group_size: int | None
    total: WorkforceGroup
    groups: list[WorkforceGroup]
    trend: list[WorkforceQuarter]


@strawberry.type
class MobilityFlow:
    from_unit: str
    to_unit: str
    count: int | None
    suppressed: bool


@strawberry.type(description=CONNECTION)
class MobilityFlowConnection(Connection[MobilityFlow]):
    pass


#: Flows a page holds when the caller does not say, and the most it may hold.
DEFAULT_FLOWS, MAX_FLOWS = 100, 500


@strawberry.type
class Hazard:
    value: float
    events: int
    incumbent_quarters: float
    organisation: float


@strawberry.type
class RoleForecast:
    role_id: str
    title: str
    incumbents: int
    hazard: Hazard
    expected_vacancies: float
    internal_supply: float
    external_hiring_need: float
    unfilled_under_freeze: float
    leavers: list[str]
    automation_share: float = strawberry.field(
        description="The share of the role's seats the scenario's automation removes (0 without)."
    )
    seats_removed: float = strawberry.field(
        description="Seats automation removes: automationShare × incumbents."
    )
    vacancies_to_fill: float = strawberry.field(
        description=(
            "Expected vacancies left to fill once removed seats have absorbed them: "
            "max(0, expectedVacancies − seatsRemoved); without automation, expectedVacancies."
        )
    )
    displaced: float = strawberry.field(
        description=(
            "Seats removed beyond the expected vacancies: incumbents whose seat goes though they "
            "stay (to redeploy), max(0, seatsRemoved − expectedVacancies). Not a vacancy."
        )
    )


@strawberry.type
class ChainMove:
    role_id: str
    employee_id: str


@strawberry.type
class ScenarioChain:
    moves: list[ChainMove]
    ends_with: str


@strawberry.type
class VacancyForecast:
    quarters: int
    as_of: datetime
    history_from: datetime
    organisation_hazard: float
    roles: list[RoleForecast]
    chains: list[ScenarioChain]


@strawberry.input(
    description=(
        "Automation shrinks a critical role of the forecast: `share` of its seats are removed "
        "(between 0 and 1; null: the role's automation exposure)."
    )
)
class AutomationShrink:
    role_id: strawberry.ID
    share: float | None = None


@strawberry.input(
    description=(
        "What-ifs: named people leave; automation removes a share of some roles' seats; a "
        "hiring freeze. Seats removed absorb expected vacancies first (vacanciesToFill = "
        "max(0, expectedVacancies − seatsRemoved)); internal supply is unchanged; the external "
        "hiring need = max(0, vacanciesToFill − internalSupply)."
    )
)
class ForecastScenario:
    leavers: list[strawberry.ID] = strawberry.field(default_factory=list)
    hiring_freeze: bool = False
    automation: list[AutomationShrink] = strawberry.field(
        default_factory=list,
        description="Roles that shrink, each named once (an unknown role is NOT_FOUND).",
    )
    automation_above: float | None = strawberry.field(
        default=None,
        description=(
            "Every critical role of the forecast whose automation exposure is at least this "
            "(between 0 and 1) shrinks by its exposure; a role in `automation` takes that entry."
        ),
    )


@strawberry.type
class WorkforceQuery:
    @strawberry.field(
        name="workforceFigures",
        description=(
            "Headcount, attrition, internal mobility, time to fill and internal fill rate over "
            "[from, to), per group and per quarter (docs/workforce.md). Admin and hr: any unit; "
            "a manager: their units, groups below the minimum size withheld."
        ),
    )
    async def workforce_figures(
        self,
        info: GraphInfo,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        org_unit_id: strawberry.ID | None = None,
        group_by: WorkforceGroupBy | None = None,
        min_group_size: int | None = None,
    ) -> WorkforceFigures:
        found = await workforce.workforce_figures(
            info.context.db,
            info.context.settings,
            from_,
            to,
            None if org_unit_id is None else str(org_unit_id),
            None if group_by is None else figures_core.GroupBy(group_by.value),
            min_group_size,
            principal=info.context.principal,
        )
        return WorkforceFigures(
            start=found.start,
            end=found.end,
            min_group_size=found.min_group_size,
            total=WorkforceGroup.of(found.total),
            groups=[WorkforceGroup.of(g) for g in found.groups],
            trend=[
                WorkforceQuarter(
                    start=p.start,
                    end=p.end,
                    figures=WorkforceGroup.of(
                        workforce.GroupFigures("ALL", "ALL", p.figures, p.suppressed, None)
                    ),
                )
                for p in found.trend
            ],
        )

    @strawberry.field(
        name="mobilityFlows",
        description=(
            "Moves and promotions in [from, to) between org units, with counts, by the unit "
            "left then the unit entered."
        ),
        graphql_type=MobilityFlowConnection,
    )
    async def mobility_flows(
        self,
        info: GraphInfo,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        org_unit_id: strawberry.ID | None = None,
        min_group_size: int | None = None,
        first: Annotated[
            int | None,
            strawberry.argument(description=first_described(DEFAULT_FLOWS, MAX_FLOWS)),
        ] = DEFAULT_FLOWS,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Page[MobilityFlow]:
        first = or_default(first, DEFAULT_FLOWS)
        check_first(first, MAX_FLOWS)
        flows = await workforce.mobility_flows(
            info.context.db,
            info.context.settings,
            from_,
            to,
            None if org_unit_id is None else str(org_unit_id),
            min_group_size,
            principal=info.context.principal,
        )
        # The service counts every flow of the window (one pass over the events): sliced here.
        return Page.of_sorted(
            [
                MobilityFlow(
                    from_unit=f.from_unit, to_unit=f.to_unit, count=f.count, suppressed=f.suppressed
                )
                for f in flows
            ],
            lambda f: (f.from_unit, f.to_unit),
            "mobilityFlows",
            first,
            after,
            str,
            str,
        )

    @strawberry.field(
        name="vacancyForecast",
        description=(
            "Expected vacancies, internal supply and external hiring need of the critical "
            "roles over the next `quarters`, with the hazard used and the events it rests on; "
            "a scenario (leavers, automation, hiring freeze) never writes."
        ),
    )
    async def vacancy_forecast(
        self,
        info: GraphInfo,
        quarters: int,
        org_unit_id: strawberry.ID | None = None,
        scenario: ForecastScenario | None = None,
        as_of: datetime | None = None,
    ) -> VacancyForecast:
        what_if = workforce_forecast.Scenario(
            tuple(str(p) for p in scenario.leavers) if scenario else (),
            scenario.hiring_freeze if scenario else False,
            tuple(
                workforce_forecast.Shrink(str(a.role_id), a.share)
                for a in (scenario.automation if scenario else [])
            ),
            scenario.automation_above if scenario else None,
        )
        found = await workforce_forecast.vacancy_forecast(
            info.context.db,
            info.context.settings,
            quarters,
            None if org_unit_id is None else str(org_unit_id),
            what_if,
            as_of,
            principal=info.context.principal,
        )
        return VacancyForecast(
            quarters=found.quarters,
            as_of=found.as_of,
            history_from=found.history_from,
            organisation_hazard=found.organisation_hazard,
            roles=[
                RoleForecast(
                    role_id=r.role_id,
                    title=r.title,
                    incumbents=r.incumbents,
                    hazard=Hazard(
                        value=r.hazard.value,
                        events=r.hazard.events,
                        incumbent_quarters=r.hazard.incumbent_quarters,
                        organisation=r.hazard.organisation,
                    ),
                    expected_vacancies=r.expected_vacancies,
                    internal_supply=r.internal_supply,
                    external_hiring_need=r.external_hiring_need,
                    unfilled_under_freeze=r.unfilled_under_freeze,
                    leavers=r.leavers,
                    automation_share=r.automation_share,
                    seats_removed=r.seats_removed,
                    vacancies_to_fill=r.vacancies_to_fill,
                    displaced=r.displaced,
                )
                for r in found.roles
            ],
            chains=[
                ScenarioChain(
                    moves=[
                        ChainMove(role_id=s.role.id, employee_id=s.employee.id) for s in c.steps
                    ],
                    ends_with=c.ends_with.value,
                )
                for c in found.chains
            ],
        )
