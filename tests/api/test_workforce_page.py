"""The workforce dashboard (`/workforce`) and its downloads over plain HTTP, on the hand-computed
organisation of tests/integration/test_workforce_figures.py: who may open it, what a manager sees,
bad filters, and the CSV and Parquet files against GraphQL's figures for the same arguments. The
browser test (tests/browser/test_workforce_browser.py) checks the charts."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from typing import Any

import httpx
import pyarrow.parquet as pq
import pytest

from graph.db import Database
from tests.integration.test_workforce_figures import organisation
from tests.support.http_server import ApiClient

WINDOW = "from=2025-01-01&to=2026-01-01"
GQL_WINDOW = {"from": "2025-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}

FIGURES = """
query($from: DateTime!, $to: DateTime!, $unit: ID, $groupBy: WorkforceGroupBy) {
  workforceFigures(from: $from, to: $to, orgUnitId: $unit, groupBy: $groupBy) {
    total { ...f }
    groups { ...f }
    trend { start end figures { ...f } }
  }
  mobilityFlows(from: $from, to: $to, orgUnitId: $unit, first: 500) {
    totalCount edges { node { fromUnit toUnit count suppressed } }
  }
  vacancyForecast(quarters: 4, orgUnitId: $unit) {
    roles { roleId title incumbents expectedVacancies internalSupply externalHiringNeed
            hazard { events } }
  }
}
fragment f on WorkforceGroup {
  group label suppressed headcountStart headcountEnd averageHeadcount
  attrition { count denominator rate } internalMobility { count denominator rate }
  attritionByReason { reason count }
  timeToFill { count medianDays p90Days } internalFillRate { count denominator rate }
}
"""


def page(client: ApiClient, path: str) -> httpx.Response:
    """A GET as a browser asks (HTML), with the client's bearer token."""
    return client.http.get(path, headers={"Accept": "text/html"})


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{re.escape(name)}">([^<]*)<', html)
    assert found, f"no figure {name!r} on the page"
    return unescape(found.group(1))


def cells(html: str, table: str) -> list[list[str]]:
    """The rows of a data table, each as its header cell and its cells' text."""
    found = re.search(rf'<table class="data[^"]*" data-table="{table}">(.*?)</table>', html, re.S)
    assert found, f"no table {table!r}"
    body = found.group(1).split("<tbody>", 1)[1]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        texts = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", t)).strip() for t in texts])
    return rows


async def test_hr_and_admin_see_the_whole_organisation(db: Database, api: ApiClient) -> None:
    await organisation(critical_r4=True).assess("H", "R4", "READY_NOW").save(db)
    for client in (api, api.as_user("hr@example.com", "hr")):
        response = page(client, f"/workforce?{WINDOW}")
        assert response.status_code == 200, response.text
        html = response.text
        assert "<h1>Workforce: whole organisation</h1>" in html
        assert figure(html, "headcount") == "11 / 9"
        assert figure(html, "attrition") == "30.0%"
        assert figure(html, "time-to-fill") == "53 days"
        assert figure(html, "internal-fill") == "50.0%"
        # the trend: a row per quarter, exits 2, 1, 0, 0 (worked out in the integration test)
        trend = cells(html, "attrition")
        assert [r[0] for r in trend] == ["2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4"]
        assert [r[2] for r in trend] == ["2", "1", "0", "0"]
        # mobility: U1 -> U1 once (the promotion), U2 -> U1 once (the move)
        flows = cells(html, "mobility")
        assert flows == [["Unit U1", "Unit U1", "1"], ["Unit U2", "Unit U1", "1"]]
        assert "2 moves and promotions: 1 within a unit, 1 between units" in html
        assert [r[0] for r in cells(html, "forecast")] == ["Role R4 (R4)"]
        for chart in ("attrition", "mobility", "fill", "forecast"):
            assert f'id="chart-{chart}-data"' in html
        assert '<script src="/review/static/chart-4.5.1.umd.min.js" defer></script>' in html
        assert 'href="/workforce.csv?from=2025-01-01&amp;to=2026-01-01' in html
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert '<span class="brand-sub">workforce analytics</span>' in html
    chartjs = api.http.get("/review/static/chart-4.5.1.umd.min.js")
    assert chartjs.status_code == 200
    assert chartjs.headers["content-type"].startswith("text/javascript")
    assert chartjs.text.startswith("/*!\n * Chart.js v4.5.1")
    assert api.http.get("/review/static/workforce.js").status_code == 200
    review = page(api, "/review")
    assert '<a href="/workforce">Workforce</a>' in review.text
    assert '<span class="brand-sub">succession review</span>' in review.text


async def test_a_manager_sees_their_units_and_small_groups_say_they_are_withheld(
    db: Database, api: ApiClient
) -> None:
    await organisation().save(db)
    manager = api.as_user("m@example.com", "manager", employee_id="M")  # holds R4, in U3
    response = page(manager, f"/workforce?{WINDOW}")
    assert response.status_code == 200, response.text
    html = response.text
    assert "<h1>Workforce: your org units</h1>" in html
    assert "fewer than 5" in figure(html, "total-withheld")
    assert 'data-figure="headcount"' not in html
    assert all("withheld (fewer than 5)" in row[1] for row in cells(html, "attrition"))
    units = re.findall(r'<option value="([^"]+)"', html)
    assert "U3" in units and "U1" not in units and "U2" not in units
    assert page(manager, f"/workforce?unit=U1&{WINDOW}").status_code == 403
    download = manager.http.get(f"/workforce.csv?{WINDOW}")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.text)))
    totals = [r for r in rows if r["section"] in ("TOTAL", "QUARTER")]
    assert totals and all(r["suppressed"] == "true" for r in totals)
    assert all(r["headcount_start"] == "" and r["attrition_count"] == "" for r in totals)
    assert manager.http.get(f"/workforce.csv?unit=U1&{WINDOW}").status_code == 403


async def test_an_employee_is_refused(db: Database, api: ApiClient) -> None:
    await organisation().save(db)
    employee = api.as_user("a@example.com", "employee", employee_id="A")
    response = page(employee, f"/workforce?{WINDOW}")
    assert response.status_code == 403
    assert "workforce figures are for the hr, admin and manager roles" in response.text
    download = employee.http.get(f"/workforce.parquet?{WINDOW}")
    assert download.status_code == 403
    assert download.json()["error"]["code"] == "FORBIDDEN"
    anonymous = api.with_token(None).http.get(f"/workforce.csv?{WINDOW}")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=yesterday", "from"),
        ("from=2026-01-01&to=2025-01-01", "to"),
        ("from=2025-01-01&to=2025-01-01", "to"),
        ("groupBy=SHOE_SIZE", "groupBy"),
        ("quarters=0", "quarters"),
        ("quarters=21", "quarters"),
        ("quarters=two", "quarters"),
        (f"unit={'x' * 201}", "unit"),
    ],
)
async def test_bad_filters_say_what_is_wrong(
    db: Database, api: ApiClient, query: str, field: str
) -> None:
    await organisation().save(db)
    response = page(api, f"/workforce?{query}")
    assert response.status_code == 400
    assert "That filter is not valid" in response.text
    assert field in unescape(response.text)
    assert "BAD_USER_INPUT" in response.text
    download = api.http.get(f"/workforce.csv?{query}")
    assert download.status_code == 400
    error = download.json()["error"]
    assert error["code"] == "BAD_USER_INPUT"
    assert field in error["message"]


async def test_an_unknown_unit_is_not_found(db: Database, api: ApiClient) -> None:
    await organisation().save(db)
    assert page(api, f"/workforce?unit=NOPE&{WINDOW}").status_code == 404
    assert api.http.get(f"/workforce.csv?unit=NOPE&{WINDOW}").status_code == 404


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def _expected(group: dict[str, Any], section: str, start: str, end: str) -> dict[str, Any]:
    """GraphQL's figures of a group as the download's columns hold them."""
    out: dict[str, Any] = {
        "section": section,
        "group": group["group"],
        "label": group["label"],
        "suppressed": group["suppressed"],
        "start": start,
        "end": end,
        "headcount_start": _number(group["headcountStart"]),
        "headcount_end": _number(group["headcountEnd"]),
        "average_headcount": _number(group["averageHeadcount"]),
    }
    for name, key in (("attrition", "attrition"), ("internal_mobility", "internalMobility")):
        rate = group[key] or {}
        out |= {
            f"{name}_count": _number(rate.get("count")),
            f"{name}_denominator": _number(rate.get("denominator")),
            f"{name}_rate": _number(rate.get("rate")),
        }
    for reason in group["attritionByReason"] or []:
        out[f"attrition_{reason['reason'].lower()}_count"] = float(reason["count"])
    fill = group["timeToFill"] or {}
    out |= {
        "time_to_fill_count": _number(fill.get("count")),
        "time_to_fill_median_days": _number(fill.get("medianDays")),
        "time_to_fill_p90_days": _number(fill.get("p90Days")),
    }
    internal = group["internalFillRate"] or {}
    out |= {
        "internal_fill_count": _number(internal.get("count")),
        "internal_fill_denominator": _number(internal.get("denominator")),
        "internal_fill_rate": _number(internal.get("rate")),
    }
    return out


def _instant(value: Any) -> str:
    text = value if isinstance(value, str) else value.isoformat()
    return text.replace("+00:00", "Z")


def _as_read(row: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in keys:
        value = row.get(key)
        if key in ("section", "group", "label"):
            out[key] = value
        elif key == "suppressed":
            out[key] = value in (True, "true")
        elif key in ("start", "end"):
            out[key] = _instant(value)
        else:
            out[key] = _number(value)
    return out


@pytest.mark.parametrize("group_by", ["ORG_UNIT", "GRADE_BAND", "TENURE_BAND"])
async def test_downloads_hold_the_figures_graphql_gives(
    db: Database, api: ApiClient, group_by: str
) -> None:
    await organisation(critical_r4=True).assess("H", "R4", "READY_NOW").save(db)
    answer = api.data(FIGURES, {**GQL_WINDOW, "unit": "U0", "groupBy": group_by})
    found = answer["workforceFigures"]
    start, end = GQL_WINDOW["from"], GQL_WINDOW["to"]
    expected = [_expected(found["total"], "TOTAL", start, end)]
    expected += [_expected(g, "GROUP", start, end) for g in found["groups"]]
    expected += [
        _expected(p["figures"], "QUARTER", _instant(p["start"]), _instant(p["end"]))
        for p in found["trend"]
    ]
    keys = list(expected[0])
    query = f"/workforce.{{}}?unit=U0&{WINDOW}&groupBy={group_by}&quarters=4"
    csv_response = api.http.get(query.format("csv"))
    assert csv_response.status_code == 200, csv_response.text
    assert csv_response.headers["content-type"].startswith("text/csv")
    assert (
        'filename="workforce-20250101-20260101.csv"' in csv_response.headers["content-disposition"]
    )
    parquet_response = api.http.get(query.format("parquet"))
    assert parquet_response.status_code == 200
    from_csv = list(csv.DictReader(io.StringIO(csv_response.text)))
    from_parquet = pq.read_table(io.BytesIO(parquet_response.content)).to_pylist()
    for rows in (from_csv, from_parquet):
        figures = [_as_read(r, keys) for r in rows if r["section"] in ("TOTAL", "GROUP", "QUARTER")]
        assert figures == expected
        flows = [
            (r["from_unit"], r["to_unit"], _number(r["moves"]))
            for r in rows
            if r["section"] == "FLOW"
        ]
        assert flows == [
            (f["fromUnit"], f["toUnit"], _number(f["count"]))
            for f in (e["node"] for e in answer["mobilityFlows"]["edges"])
        ]
        assert answer["mobilityFlows"]["totalCount"] == len(flows)
        forecast = [r for r in rows if r["section"] == "FORECAST"]
        roles = answer["vacancyForecast"]["roles"]
        assert [(r["role_id"], _number(r["incumbents"])) for r in forecast] == [
            (r["roleId"], float(r["incumbents"])) for r in roles
        ]
        for got, want in zip(forecast, roles, strict=True):
            # read a moment apart: the hazard's window ends at "now" each time
            assert _number(got["expected_vacancies"]) == pytest.approx(
                want["expectedVacancies"], rel=1e-3
            )
            assert _number(got["external_hiring_need"]) == pytest.approx(
                want["externalHiringNeed"], rel=1e-3, abs=1e-6
            )


async def test_the_page_reads_each_service_once(
    db: Database, api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page (and each download) asks figures, flows and the forecast once each."""
    from graph.services import workforce_dashboard as dashboard

    await organisation(critical_r4=True).save(db)
    calls: list[str] = []

    def counted(name: str) -> None:
        real = getattr(dashboard, name)

        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return await real(*args, **kwargs)

        monkeypatch.setattr(dashboard, name, wrapper)

    for name in ("workforce_figures", "mobility_flows", "vacancy_forecast"):
        counted(name)
    assert page(api, f"/workforce?{WINDOW}&groupBy=ROLE").status_code == 200
    assert sorted(calls) == ["mobility_flows", "vacancy_forecast", "workforce_figures"]
    calls.clear()
    assert api.http.get(f"/workforce.parquet?{WINDOW}").status_code == 200
    assert sorted(calls) == ["mobility_flows", "vacancy_forecast", "workforce_figures"]
