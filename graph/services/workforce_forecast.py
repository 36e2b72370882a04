"""The vacancy forecast of critical roles (DESIGN §4 "Vacancy forecast"; docs/workforce.md) and its
what-if scenarios (named leavers, automation shrinking a role, a hiring freeze). Read only: a
scenario never writes to the graph.

Expected vacancies of role r over h quarters = Σ over its incumbents of 1 − (1 − q_r)^h (1 for a
named leaver); internal supply = Σ over its nominated successors ready within the horizon
(READY_NOW: 0 months, READY_1_2_YEARS: 24, READY_3_5_YEARS: 60 ≤ 3h) of the chance they stay,
(1 − q)^h with q the hazard of the role they hold (named leavers supply nothing); the expected
external hiring need = max(0, vacancies to fill − supply). Automation removes a share s of a
role's n seats (s·n, s by default the role's automation exposure, graph/services/exposure.py):
removed seats absorb expected vacancies first, so vacancies to fill = max(0, vacancies − s·n),
and what is removed beyond the vacancies, max(0, s·n − vacancies), is incumbents displaced
(to redeploy), not a vacancy. Under a hiring freeze the external need is not met: it is reported
as unfilled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from graph.auth import Principal
from graph.db import Database
from graph.errors import BadUserInput, NotFound, TalentGraphError
from graph.models import VacancyChain
from graph.repositories import workforce as repo
from graph.scoring.workforce import QUARTER_DAYS, Hazard, RoleInfo, hazards
from graph.services import exposure, succession
from graph.services.workforce import check_window, load
from graph.settings import Settings

MAX_QUARTERS = 20
MAX_LEAVERS = 500
HORIZON_MONTHS = {"READY_NOW": 0, "READY_1_2_YEARS": 24, "READY_3_5_YEARS": 60}


@dataclass(frozen=True)
class Shrink:
    """Automation removes `share` of the role's seats (None: its automation exposure)."""

    role_id: str
    share: float | None = None


@dataclass(frozen=True)
class Scenario:
    leavers: tuple[str, ...] = ()
    hiring_freeze: bool = False
    automation: tuple[Shrink, ...] = ()
    #: every role of the forecast whose exposure is at least this shrinks by its exposure
    #: (a role named in `automation` takes that entry instead)
    automation_above: float | None = None


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
    #: the share of seats automation removes (0 without), and what it does
    automation_share: float = 0.0
    seats_removed: float = 0.0
    vacancies_to_fill: float = 0.0
    displaced: float = 0.0


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
    _check_automation(scenario)
    now = datetime.now(UTC) if as_of is None else as_of
    lookback = timedelta(days=QUARTER_DAYS * settings.workforce_hazard_quarters)
    start, now = check_window(now - lookback, now)
    scoped = await load(db, principal, org_unit_id, "the vacancy forecast")
    # Hazards rest on the whole organisation (q_org is its rate); only the scope's roles show.
    critical = sorted(r for r, info in scoped.roles.items() if info.critical)
    async with db.reading() as tx:
        nominees = await repo.successors(tx, critical)
    found, q_org = hazards(scoped, start, now, settings.workforce_shrinkage)
    current, held_by = scoped.index.holders, scoped.index.held_by
    unknown = [p for p in scenario.leavers if p not in held_by]
    if unknown:
        raise BadUserInput(
            f"no active incumbent with id {unknown[0]!r} (a named leaver must hold a role now)",
            field="leavers",
        )
    shares = await _automation_shares(db, settings, scenario, scoped.index.roles, critical)
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
        share = shares.get(role, 0.0)
        removed = share * len(people)
        to_fill = max(0.0, expected - removed)
        need = max(0.0, to_fill - supply.get(role, 0.0))
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
                share,
                removed,
                to_fill,
                max(0.0, removed - expected),
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


def _check_share(value: float | None, field: str) -> None:
    if value is not None and not (isinstance(value, int | float) and 0.0 <= value <= 1.0):
        raise BadUserInput(f"{field} must be between 0 and 1, not {value}", field=field)


def _check_automation(scenario: Scenario) -> None:
    """Shares in [0, 1], each role named once (before anything is read)."""
    _check_share(scenario.automation_above, "automationAbove")
    seen: set[str] = set()
    for shrink in scenario.automation:
        _check_share(shrink.share, "share")
        if shrink.role_id in seen:
            raise BadUserInput(
                f"role {shrink.role_id!r} is named twice in automation", field="automation"
            )
        seen.add(shrink.role_id)


async def _automation_shares(
    db: Database,
    settings: Settings,
    scenario: Scenario,
    roles: dict[str, RoleInfo],
    forecast: list[str],
) -> dict[str, float]:
    """The share of seats automation removes from each role of the forecast (`forecast`): the
    one asked for, else the role's automation exposure as the exposure service serves it."""
    for shrink in scenario.automation:
        if shrink.role_id not in roles:
            raise NotFound(f"no role with id {shrink.role_id!r}", field="automation")
        if shrink.role_id not in forecast:
            raise BadUserInput(
                f"role {shrink.role_id!r} is not a critical role of the forecast's scope",
                field="automation",
            )
    wanted = [s.role_id for s in scenario.automation if s.share is None]
    if scenario.automation_above is not None:
        wanted = forecast
    if not wanted:
        return {s.role_id: float(s.share or 0.0) for s in scenario.automation}
    found = await exposure.role_exposures(db, settings, wanted)
    shares: dict[str, float] = {}
    if scenario.automation_above is not None:
        for role in forecast:
            if role in found and found[role].exposure >= scenario.automation_above:
                shares[role] = found[role].exposure
    for shrink in scenario.automation:
        if shrink.share is not None:
            shares[shrink.role_id] = shrink.share
        elif shrink.role_id in found:
            shares[shrink.role_id] = found[shrink.role_id].exposure
        else:
            raise BadUserInput(
                f"role {shrink.role_id!r} has no automation exposure (no tasks or occupation "
                "scored): give its share",
                field="automation",
            )
    return shares
