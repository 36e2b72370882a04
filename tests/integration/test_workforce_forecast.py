"""The vacancy forecast (DESIGN §4) on the hand-computed organisation of test_workforce_figures,
with R4 made critical and H (who holds R3) nominated READY_NOW for it; and its scenarios."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph import version as graph_version
from graph.db import Database
from graph.errors import BadUserInput, NotFound
from graph.importing.onet import import_onet
from graph.services.workforce_forecast import Scenario, Shrink, vacancy_forecast
from graph.settings import Settings
from tests.integration.test_workforce_figures import HR, organisation
from tests.support.exposure_data import synthetic_reference
from tests.support.factories import Org, count_graph

AS_OF = datetime(2026, 1, 1, tzinfo=UTC)
#: four quarters of history: [2024-12-31T18:00, 2026-01-01), shrinkage k = 8
SETTINGS = Settings(workforce_hazard_quarters=4, workforce_shrinkage=8)


@pytest.fixture
async def org(db: Database) -> None:
    org = organisation(critical_r4=True).assess("H", "R4", "READY_NOW")
    await org.save(db)


async def test_forecast_of_a_critical_role(db: Database, org: None) -> None:
    found = await vacancy_forecast(db, SETTINGS, 2, as_of=AS_OF, principal=HR)
    assert [r.role_id for r in found.roles] == ["R4"]
    r4 = found.roles[0]
    # R4: no event, two seats held the whole four quarters: 8 incumbent-quarters, so
    # q = (0 + 8 q_org) / (8 + 8) = q_org / 2.
    assert (r4.hazard.events, r4.incumbents) == (0, 2)
    assert r4.hazard.incumbent_quarters == pytest.approx(8)
    # The organisation: exits G F K and moves D J in the lookback (E's EXIT is at as_of).
    assert found.organisation_hazard > 0
    q = found.organisation_hazard / 2
    assert r4.hazard.value == pytest.approx(q)
    assert r4.expected_vacancies == pytest.approx(2 * (1 - (1 - q) ** 2))
    # H holds R3 and is ready now: supply is the chance H stays two quarters in R3's hazard.
    assert 0 < r4.internal_supply < 1
    assert r4.external_hiring_need == pytest.approx(
        max(0.0, r4.expected_vacancies - r4.internal_supply)
    )


async def test_scenarios_never_write(db: Database, org: None) -> None:
    from tests.support.factories import count_graph

    before = await count_graph(db, audit=False)
    scenario = Scenario(leavers=("I",), hiring_freeze=True)
    found = await vacancy_forecast(db, SETTINGS, 2, scenario=scenario, as_of=AS_OF, principal=HR)
    r4 = found.roles[0]
    q = found.organisation_hazard / 2
    # I leaves for certain; M may: 1 + (1 - (1 - q)^2).
    assert r4.expected_vacancies == pytest.approx(1 + (1 - (1 - q) ** 2))
    assert r4.leavers == ["I"]
    assert r4.external_hiring_need == 0
    assert r4.unfilled_under_freeze == pytest.approx(r4.expected_vacancies - r4.internal_supply)
    # The chain I's departure triggers: H (ready now) moves into R4, leaving R3 open.
    assert [[s.employee.id for s in c.steps] for c in found.chains] == [["H"]]
    assert await count_graph(db, audit=False) == before


async def test_bad_arguments(db: Database, org: None) -> None:
    with pytest.raises(BadUserInput, match="quarters"):
        await vacancy_forecast(db, SETTINGS, 0, as_of=AS_OF, principal=HR)
    with pytest.raises(BadUserInput, match="no active incumbent with id 'nobody'"):
        await vacancy_forecast(
            db, SETTINGS, 2, scenario=Scenario(leavers=("nobody",)), as_of=AS_OF, principal=HR
        )


# A second organisation where every forecast number is worked out by hand (4 quarters of history
# before AS_OF, the default shrinkage k = 8, a horizon of h = 4 quarters).
#
# The lookback is 4 quarters of 365.25 / 4 days: [2024-12-31T18:00, 2026-01-01). MID, two quarters
# (182.625 days) into it, is 2025-07-02T09:00: a seat left or entered at MID counts 2 quarters.
#
# role  critical  people                                              events  incumbent-quarters
# R1    yes       a1..a5 hold it throughout; x1, x2 held it, EXIT MID   2       5*4 + 2 + 2 = 24
# R2    yes       b1 throughout; b2 held it, MOVE R2 -> R3 at MID       1       4 + 2 = 6
# R3    no        c1 throughout; c2 held it, EXIT MID; b2 from MID;     1       4 + 2 + 2 + 2 = 10
#                 c3 HIRE at MID
# R4    yes       nobody, no events                                   0       0
#
# q_org = 4 events / 40 incumbent-quarters = 0.1
# q_R1 = (2 + 8 * 0.1) / (24 + 8) = 2.8 / 32 = 0.0875
# q_R2 = (1 + 0.8) / (6 + 8) = 1.8 / 14
# q_R3 = (1 + 0.8) / (10 + 8) = 0.1
# q_R4 = (0 + 0.8) / (0 + 8) = 0.1 = q_org (no events, no incumbents: the organisation's rate)
#
# Successors (h = 4 quarters = 12 months): b1 (holds R2) READY_NOW for R1; c1 (holds R3)
# READY_1_2_YEARS for R1 (24 months > 12: not counted) and READY_NOW for R2; d1 (holds no role)
# READY_NOW for R4, staying with q_org.
#
# R1: expected vacancies 5 * (1 - 0.9125^4); supply (1 - 1.8/14)^4; need = vacancies - supply.
# R2: expected 1 - (1 - 1.8/14)^4; supply 0.9^4 = 0.6561 > expected: need 0.
# R4: expected 0; supply 0.9^4; need 0.
MID = "2025-07-02T09:00:00Z"
Q_ORG = 0.1
Q_R1, Q_R2 = 2.8 / 32, 1.8 / 14
V_R1, S_R1 = 5 * (1 - (1 - Q_R1) ** 4), (1 - Q_R2) ** 4
V_R2, S_R2 = 1 - (1 - Q_R2) ** 4, 0.9**4
TIGHT = {"rel": 1e-12, "abs": 1e-12}
OCC_B = "11-0002.00"  # exposure 0.2 in the synthetic reference (tests/support/exposure_data.py)


def by_hand() -> Org:
    org = (
        Org()
        .unit("U")
        .role("R1", "U", grade=5, critical=True)
        .role("R2", "U", grade=4, critical=True, occupation=OCC_B)
        .role("R3", "U", grade=3)
        .role("R4", "U", grade=6, critical=True)
    )
    for person in ("a1", "a2", "a3", "a4", "a5"):
        org = org.employee(person, ("R1",))
    return (
        org.employee("x1", active=False)
        .employee("x2", active=False)
        .employee("b1", ("R2",))
        .employee("b2", ("R3",))
        .employee("c1", ("R3",))
        .employee("c2", active=False)
        .employee("c3", ("R3",))
        .employee("d1")
        .event("x1", "EXIT", MID, "R1", reason="VOLUNTARY")
        .event("x2", "EXIT", MID, "R1", reason="OTHER")
        .event("b2", "MOVE", MID, "R2", "R3")
        .event("c2", "EXIT", MID, "R3", reason="VOLUNTARY")
        .event("c3", "HIRE", MID, to_role="R3")
        .assess("b1", "R1", "READY_NOW")
        .assess("c1", "R1", "READY_1_2_YEARS")
        .assess("c1", "R2", "READY_NOW")
        .assess("d1", "R4", "READY_NOW")
    )


HAND = Settings(workforce_hazard_quarters=4)


async def test_forecast_by_hand(db: Database) -> None:
    await by_hand().save(db)
    assert HAND.workforce_shrinkage == 8  # the default k
    found = await vacancy_forecast(db, HAND, 4, as_of=AS_OF, principal=HR)
    assert found.organisation_hazard == pytest.approx(Q_ORG, **TIGHT)
    roles = {r.role_id: r for r in found.roles}
    assert list(roles) == ["R1", "R2", "R4"]
    r1, r2, r4 = roles["R1"], roles["R2"], roles["R4"]
    assert (r1.incumbents, r1.hazard.events) == (5, 2)
    assert r1.hazard.incumbent_quarters == pytest.approx(24, **TIGHT)
    assert r1.hazard.value == pytest.approx(Q_R1, **TIGHT)
    assert r1.expected_vacancies == pytest.approx(V_R1, **TIGHT)
    assert r1.internal_supply == pytest.approx(S_R1, **TIGHT)
    assert r1.external_hiring_need == pytest.approx(V_R1 - S_R1, **TIGHT)
    assert (r2.incumbents, r2.hazard.events) == (1, 1)
    assert r2.hazard.incumbent_quarters == pytest.approx(6, **TIGHT)
    assert r2.hazard.value == pytest.approx(Q_R2, **TIGHT)
    assert r2.expected_vacancies == pytest.approx(V_R2, **TIGHT)
    assert r2.internal_supply == pytest.approx(S_R2, **TIGHT)
    assert r2.external_hiring_need == 0
    assert (r4.incumbents, r4.hazard.events, r4.hazard.incumbent_quarters) == (0, 0, 0)
    assert r4.hazard.value == pytest.approx(Q_ORG, **TIGHT)
    assert r4.expected_vacancies == 0
    assert r4.internal_supply == pytest.approx(0.9**4, **TIGHT)
    assert r4.external_hiring_need == 0
    # Without automation nothing is removed: every vacancy is one to fill.
    assert (r1.automation_share, r1.seats_removed, r1.displaced) == (0, 0, 0)
    assert r1.vacancies_to_fill == r1.expected_vacancies


async def test_automation_shrink_by_hand(db: Database, tmp_path: Path) -> None:
    """R1 loses 10% of its 5 seats (0.5 seat): it absorbs half a vacancy, so 5 (1 - 0.9125^4)
    - 0.5 remain to fill and the need falls by 0.5. R2 shrinks by its automation exposure (0.2 of
    one seat): 0.2 < its expected vacancies, so nobody is displaced; need stays 0. A 40% shrink of
    R1 (2 seats) removes more than its expected vacancies (about 1.53): none to fill, and
    2 - 5 (1 - 0.9125^4) incumbents displaced. Nothing is written."""
    synthetic_reference(
        tmp_path / "ref", {OCC_B: {"human_rating_beta": 0.2, "dv_rating_beta": 0.1}}
    )
    await import_onet(db, tmp_path / "ref")
    await by_hand().save(db)
    before = await count_graph(db, audit=False)
    version = await graph_version.now(db)
    scenario = Scenario(automation=(Shrink("R1", 0.1), Shrink("R2")))
    found = await vacancy_forecast(db, HAND, 4, scenario=scenario, as_of=AS_OF, principal=HR)
    roles = {r.role_id: r for r in found.roles}
    r1, r2 = roles["R1"], roles["R2"]
    assert r1.expected_vacancies == pytest.approx(V_R1, **TIGHT)  # departures do not change
    assert (r1.automation_share, r1.seats_removed) == (0.1, pytest.approx(0.5, **TIGHT))
    assert r1.vacancies_to_fill == pytest.approx(V_R1 - 0.5, **TIGHT)
    assert r1.displaced == 0
    assert r1.external_hiring_need == pytest.approx(V_R1 - 0.5 - S_R1, **TIGHT)
    assert r2.automation_share == pytest.approx(0.2, **TIGHT)
    assert r2.seats_removed == pytest.approx(0.2, **TIGHT)
    assert r2.vacancies_to_fill == pytest.approx(V_R2 - 0.2, **TIGHT)
    assert (r2.displaced, r2.external_hiring_need) == (0, 0)
    assert roles["R4"].automation_share == 0

    deep = Scenario(automation=(Shrink("R1", 0.4),), hiring_freeze=True)
    r1 = (await vacancy_forecast(db, HAND, 4, scenario=deep, as_of=AS_OF, principal=HR)).roles[0]
    assert r1.seats_removed == pytest.approx(2, **TIGHT)
    assert r1.vacancies_to_fill == 0
    assert r1.displaced == pytest.approx(2 - V_R1, **TIGHT)
    assert (r1.external_hiring_need, r1.unfilled_under_freeze) == (0, 0)

    # Every forecast role with exposure >= 0.2 shrinks by it: R2 only (R1, R4 have none).
    above = Scenario(automation_above=0.2)
    shares = {
        r.role_id: r.automation_share
        for r in (
            await vacancy_forecast(db, HAND, 4, scenario=above, as_of=AS_OF, principal=HR)
        ).roles
    }
    assert shares == {"R1": 0, "R2": pytest.approx(0.2, **TIGHT), "R4": 0}
    assert await count_graph(db, audit=False) == before
    assert await graph_version.now(db) == version


async def test_automation_bad_input(db: Database) -> None:
    await by_hand().save(db)

    async def run(scenario: Scenario) -> None:
        await vacancy_forecast(db, HAND, 4, scenario=scenario, as_of=AS_OF, principal=HR)

    with pytest.raises(BadUserInput, match="share must be between 0 and 1"):
        await run(Scenario(automation=(Shrink("R1", 1.5),)))
    with pytest.raises(BadUserInput, match="automationAbove must be between 0 and 1"):
        await run(Scenario(automation_above=-0.1))
    with pytest.raises(BadUserInput, match="named twice"):
        await run(Scenario(automation=(Shrink("R1", 0.1), Shrink("R1", 0.2))))
    with pytest.raises(NotFound, match="no role with id 'nope'"):
        await run(Scenario(automation=(Shrink("nope", 0.1),)))
    with pytest.raises(BadUserInput, match="not a critical role"):
        await run(Scenario(automation=(Shrink("R3", 0.1),)))
    with pytest.raises(BadUserInput, match="has no automation exposure"):
        await run(Scenario(automation=(Shrink("R1"),)))
