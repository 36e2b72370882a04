"""The vacancy forecast of critical roles (DESIGN §4 "Vacancy forecast"; docs/workforce.md) and its
what-if scenarios (named leavers, a hiring freeze), plus mobility flows between org units. Read
only: a scenario never writes to the graph.

Expected vacancies of role r over h quarters = Σ over its incumbents of 1 − (1 − q_r)^h (1 for a
named leaver); internal supply = Σ over its nominated successors ready within the horizon
(READY_NOW: 0 months, READY_1_2_YEARS: 24, READY_3_5_YEARS: 60 ≤ 3h) of the chance they stay,
(1 − q)^h with q the hazard of the role they hold (named leavers supply nothing); the expected
external hiring need = max(0, vacancies − supply). Under a hiring freeze that need is not met: it
is reported as unfilled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from graph.auth import Principal
from graph.db import Database
from graph.errors import BadUserInput, TalentGraphError
from graph.models import VacancyChain
from graph.repositories import workforce as repo
from graph.scoring.workforce import QUARTER_DAYS, Hazard, build, hazards
from graph.services import succession
from graph.services.workforce import check_window, load
from graph.settings import Settings

MAX_QUARTERS = 20
MAX_LEAVERS = 500
HORIZON_MONTHS = {"READY_NOW": 0, "READY_1_2_YEARS": 24, "READY_3_5_YEARS": 60}


@dataclass(frozen=True)
class Scenario:
    leavers: tuple[str, ...] = ()
    hiring_freeze: bool = False


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Forecast:
    quarters: int
    as_of: datetime
    history_from: datetime
    organisation_hazard: float
    roles: list[RoleForecast]
    chains: list[VacancyChain] = field(default_factory=list)


async def vacancy_forecast(
    db: Database,
    settings: Settings,
    quarters: int,
    org_unit_id: str | None = None,
    scenario: Scenario | None = None,
    as_of: datetime | None = None,
    *,
    principal: Principal,
) -> Forecast:
    """The forecast for the critical roles of the unit (the caller's units by default)."""
    if isinstance(quarters, bool) or not 1 <= quarters <= MAX_QUARTERS:
        raise BadUserInput(
            f"quarters must be between 1 and {MAX_QUARTERS}, not {quarters}", field="quarters"
        )
    scenario = scenario or Scenario()
    if len(scenario.leavers) > MAX_LEAVERS:
        raise BadUserInput(f"at most {MAX_LEAVERS} named leavers", field="leavers")
    now = datetime.now(UTC) if as_of is None else as_of
    lookback = timedelta(days=QUARTER_DAYS * settings.workforce_hazard_quarters)
    start, now = check_window(now - lookback, now)
    scoped = await load(db, principal, org_unit_id, "the vacancy forecast")
    # Hazards rest on the whole organisation (q_org is its rate); only the scope's roles show.
    async with db.reading() as tx:
        roles = await repo.roles(tx, None)
        ids = [r["id"] for r in roles]
        everything = (
            scoped
            if len(ids) == len(scoped.roles)
            else build(
                roles,
                await repo.histories(tx, ids),
                await repo.steady_seats(tx, ids),
                [],
            )
        )
        critical = sorted(r for r, info in scoped.roles.items() if info.critical)
        nominees = await repo.successors(tx, critical)
    found, q_org = hazards(everything, start, now, settings.workforce_shrinkage)
    current: dict[str, set[str]] = {}
    held_by: dict[str, set[str]] = {}
    for seat in everything.seats:
        if seat.end is None:
            current.setdefault(seat.role, set()).add(seat.employee)
            held_by.setdefault(seat.employee, set()).add(seat.role)
    unknown = [p for p in scenario.leavers if p not in held_by]
    if unknown:
        raise BadUserInput(
            f"no active incumbent with id {unknown[0]!r} (a named leaver must hold a role now)",
            field="leavers",
        )
    leaving = set(scenario.leavers)
    h = quarters
    months = 3 * h
    supply: dict[str, float] = {}
    for row in nominees:
        if row["employee_id"] in leaving or HORIZON_MONTHS[row["readiness"]] > months:
            continue
        own = [found[r].value for r in row["holds"] if r in found]
        stay = (1 - (max(own) if own else q_org)) ** h
        supply[row["role_id"]] = supply.get(row["role_id"], 0.0) + stay
    result = []
    for role in critical:
        hazard = found[role]
        people = current.get(role, set())
        gone = sorted(people & leaving)
        expected = len(gone) + (len(people) - len(gone)) * (1 - (1 - hazard.value) ** h)
        need = max(0.0, expected - supply.get(role, 0.0))
        result.append(
            RoleForecast(
                role,
                scoped.roles[role].title,
                len(people),
                hazard,
                expected,
                supply.get(role, 0.0),
                0.0 if scenario.hiring_freeze else need,
                need if scenario.hiring_freeze else 0.0,
                gone,
            )
        )
    vacated = [role for person in scenario.leavers for role in sorted(held_by[person])]
    walked = await succession.vacancy_chains(db, vacated, principal=principal)
    chains = []
    for role in vacated:
        chain = walked[role]
        if isinstance(chain, TalentGraphError):
            raise chain
        chains.append(chain)
    return Forecast(h, now, start, q_org, result, chains)
