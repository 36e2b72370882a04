"""The vacancy forecast (DESIGN §4) on the hand-computed organisation of test_workforce_figures,
with R4 made critical and H (who holds R3) nominated READY_NOW for it; and its scenarios."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.db import Database
from graph.errors import BadUserInput
from graph.services.workforce_forecast import Scenario, vacancy_forecast
from graph.settings import Settings
from tests.integration.test_workforce_figures import HR, organisation

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
