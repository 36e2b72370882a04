"""workforceFigures, mobilityFlows and vacancyForecast over HTTP, on the hand-computed organisation
of tests/integration/test_workforce_figures.py (the numbers are worked out there); access and
bad arguments."""

from __future__ import annotations

import pytest

from graph.db import Database
from tests.integration.test_workforce_figures import organisation
from tests.support.http_server import ApiClient, nodes

FIGURES = """
query($from: DateTime!, $to: DateTime!, $unit: ID, $groupBy: WorkforceGroupBy, $min: Int) {
  workforceFigures(from: $from, to: $to, orgUnitId: $unit, groupBy: $groupBy, minGroupSize: $min) {
    minGroupSize
    total { headcountStart headcountEnd averageHeadcount suppressed note
            attrition { count denominator rate } internalMobility { count rate }
            timeToFill { count medianDays p90Days } internalFillRate { count denominator rate } }
    groups { group suppressed attrition { count } }
    trend { start figures { headcountStart attrition { count } } }
  }
}
"""
FLOWS = """
query($from: DateTime!, $to: DateTime!) {
  mobilityFlows(from: $from, to: $to) {
    totalCount edges { node { fromUnit toUnit count suppressed } }
  }
}
"""
FORECAST = """
query($q: Int!, $scenario: ForecastScenario) {
  vacancyForecast(quarters: $q, asOf: "2026-01-01T00:00:00Z", scenario: $scenario) {
    roles { roleId incumbents expectedVacancies internalSupply externalHiringNeed
            hazard { value events incumbentQuarters organisation } leavers }
    chains { moves { roleId employeeId } endsWith }
  }
}
"""
WINDOW = {"from": "2025-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}


async def test_figures_over_graphql(db: Database, api: ApiClient) -> None:
    await organisation(critical_r4=True).assess("H", "R4", "READY_NOW").save(db)
    found = api.data(FIGURES, {**WINDOW, "groupBy": "ORG_UNIT"})["workforceFigures"]
    total = found["total"]
    assert (total["headcountStart"], total["headcountEnd"], total["averageHeadcount"]) == (
        11,
        9,
        10,
    )
    assert total["attrition"] == {"count": 3, "denominator": 10, "rate": pytest.approx(0.3)}
    assert total["timeToFill"] == {"count": 4, "medianDays": 53, "p90Days": 184}
    assert total["internalFillRate"] == {"count": 2, "denominator": 4, "rate": 0.5}
    assert {g["group"]: g["attrition"]["count"] for g in found["groups"]} == {
        "U1": 1,
        "U2": 2,
        "U3": 0,
    }
    assert [p["figures"]["attrition"]["count"] for p in found["trend"]] == [2, 1, 0, 0]
    listed = api.data(FLOWS, WINDOW)["mobilityFlows"]
    assert listed["totalCount"] == 2
    flows = nodes(listed)
    assert [(f["fromUnit"], f["toUnit"], f["count"]) for f in flows] == [
        ("U1", "U1", 1),
        ("U2", "U1", 1),
    ]
    forecast = api.data(FORECAST, {"q": 2, "scenario": {"leavers": ["I"]}})["vacancyForecast"]
    (r4,) = forecast["roles"]
    assert (r4["roleId"], r4["incumbents"], r4["leavers"]) == ("R4", 2, ["I"])
    assert r4["hazard"]["events"] == 0
    assert forecast["chains"] == [
        {"moves": [{"roleId": "R4", "employeeId": "H"}], "endsWith": "EXTERNAL_HIRE"}
    ]


async def test_a_manager_sees_their_units_with_small_groups_withheld(
    db: Database, api: ApiClient
) -> None:
    await organisation().save(db)
    manager = api.as_user("m", "manager", employee_id="M")
    total = manager.data(FIGURES, WINDOW)["workforceFigures"]["total"]
    assert total["suppressed"] is True and total["headcountStart"] is None
    assert "fewer than 5" in total["note"]
    assert manager.error_codes(FIGURES, {**WINDOW, "unit": "U1"}) == ["FORBIDDEN"]
    employee = api.as_user("e", "employee", employee_id="A")
    assert employee.error_codes(FIGURES, WINDOW) == ["FORBIDDEN"]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (FIGURES, {"from": "2026-01-01T00:00:00Z", "to": "2025-01-01T00:00:00Z"}),
        (FIGURES, {**WINDOW, "min": 0}),
        (FIGURES, {**WINDOW, "min": 1001}),
        (FLOWS, {"from": "2026-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}),
        (FORECAST, {"q": 0}),
        (FORECAST, {"q": 2, "scenario": {"leavers": ["nobody"]}}),
    ],
)
async def test_bad_arguments(db: Database, api: ApiClient, query: str, variables: dict) -> None:
    await organisation().save(db)
    assert api.error_codes(query, variables) == ["BAD_USER_INPUT"]


AUTOMATION = """
query($scenario: ForecastScenario) {
  vacancyForecast(quarters: 2, asOf: "2026-01-01T00:00:00Z", scenario: $scenario) {
    roles { roleId incumbents expectedVacancies automationShare seatsRemoved vacanciesToFill
            displaced externalHiringNeed }
  }
}
"""


async def test_automation_shrink_over_graphql(db: Database, api: ApiClient) -> None:
    await organisation(critical_r4=True).save(db)
    # R4 (2 incumbents, no events) loses half its seats: 1 seat removed absorbs its expected
    # vacancies, 2 (1 - (1 - q)^2) < 1, and displaces the rest of one incumbent.
    found = api.data(AUTOMATION, {"scenario": {"automation": [{"roleId": "R4", "share": 0.5}]}})
    (r4,) = found["vacancyForecast"]["roles"]
    assert (r4["roleId"], r4["incumbents"], r4["automationShare"]) == ("R4", 2, 0.5)
    assert r4["seatsRemoved"] == 1
    assert 0 < r4["expectedVacancies"] < 1
    assert (r4["vacanciesToFill"], r4["externalHiringNeed"]) == (0, 0)
    assert r4["displaced"] == pytest.approx(1 - r4["expectedVacancies"])
    unknown = {"scenario": {"automation": [{"roleId": "nope", "share": 0.5}]}}
    assert api.error_codes(AUTOMATION, unknown) == ["NOT_FOUND"]
    for bad in (
        {"automation": [{"roleId": "R4", "share": 1.5}]},
        {"automation": [{"roleId": "R1", "share": 0.5}]},  # not critical
        {"automationAbove": 2},
    ):
        assert api.error_codes(AUTOMATION, {"scenario": bad}) == ["BAD_USER_INPUT"]
