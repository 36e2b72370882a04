"""The workforce dashboard end to end in a real headless Chromium (Debian's, as the review page's
browser test drives it) with every request not to the test server blocked: sign in, the four
charts draw (Chart.js from TalentGraph itself), the numbers in the charts and their tables equal
GraphQL's for the same arguments, axe-core finds no WCAG 2 A/AA violation, and the printout holds
the tables. Leaves screenshots at test-artifacts/workforce.png and workforce-print.pdf."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, Page, Route, async_playwright
from pypdf import PdfReader

from graph.db import Database
from tests.integration.test_workforce_figures import organisation
from tests.support.accessibility import axe_violations
from tests.support.http_server import ApiClient
from tests.support.paths import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
ARGS = "from=2025-01-01&to=2026-01-01&groupBy=GRADE_BAND&quarters=2"
GRAPHQL = """
query {
  workforceFigures(from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z", groupBy: GRADE_BAND) {
    total { headcountStart headcountEnd attrition { count rate } }
    groups { label timeToFill { count medianDays p90Days } }
    trend { start figures { attrition { count rate } internalMobility { count rate } } }
  }
  mobilityFlows(from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") {
    fromUnit toUnit count
  }
  vacancyForecast(quarters: 2) {
    roles { roleId title expectedVacancies internalSupply externalHiringNeed }
  }
}
"""
#: Each chart's labels and series as Chart.js holds them, and whether every bar has a size.
CHARTS = """
() => Object.fromEntries([...document.querySelectorAll("canvas[data-chart]")].map((canvas) => {
  const chart = window.Chart.getChart(canvas);
  return [canvas.id, {
    labels: chart.data.labels,
    series: chart.data.datasets.map((d) => d.data),
    drawn: chart.data.datasets.every((d, i) => chart.getDatasetMeta(i).data.length === d.data.length),
    width: canvas.width,
    height: canvas.height,
  }];
}))
"""


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(apt-get update && apt-get install -y chromium); CI installs it in .ci/run"
        )
    async with async_playwright() as playwright:
        found = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield found
        await found.close()


async def column(page: Page, table: str, name: str) -> list[str]:
    cells = page.locator(f'table[data-table="{table}"] td[data-col="{name}"]')
    return [t.strip() for t in await cells.all_text_contents()]


def pct(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


async def test_the_dashboard_draws_graphqls_numbers_offline(
    db: Database, api: ApiClient, browser: Browser
) -> None:
    await organisation(critical_r4=True).assess("H", "R4", "READY_NOW").save(db)
    hr = api.as_user("hr@example.com", "hr")
    assert hr.token
    expected = hr.data(GRAPHQL)
    server = urlsplit(api.base_url).netloc
    context = await browser.new_context(
        base_url=api.base_url, viewport={"width": 1920, "height": 1080}
    )
    blocked: list[str] = []

    async def only_the_server(route: Route) -> None:
        if urlsplit(route.request.url).netloc == server:
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort("blockedbyclient")

    await context.route("**/*", only_the_server)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    await page.goto(f"/workforce?{ARGS}")
    assert "/review/login" in page.url  # not signed in yet
    await page.get_by_label("Access token").fill(hr.token)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(re.compile(r"/workforce\?"))
    assert await page.locator("h1").inner_text() == "Workforce: whole organisation"
    await page.wait_for_function("document.querySelectorAll('canvas[data-drawn=yes]').length === 4")
    charts: dict[str, Any] = await page.evaluate(CHARTS)
    assert set(charts) == {"chart-attrition", "chart-mobility", "chart-fill", "chart-forecast"}
    for name, chart in charts.items():
        assert chart["drawn"] and chart["width"] > 100 and chart["height"] > 100, name

    figures = expected["workforceFigures"]
    total = figures["total"]
    assert await page.locator('[data-figure="headcount"]').inner_text() == (
        f"{total['headcountStart']} / {total['headcountEnd']}"
    )
    # attrition and mobility per quarter: chart and table equal GraphQL's trend
    trend = figures["trend"]
    assert charts["chart-attrition"]["labels"] == ["2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4"]
    assert charts["chart-attrition"]["series"] == [
        [pct(p["figures"]["attrition"]["rate"]) for p in trend],
        [pct(p["figures"]["internalMobility"]["rate"]) for p in trend],
    ]
    assert await column(page, "attrition", "exits") == [
        str(p["figures"]["attrition"]["count"]) for p in trend
    ]
    assert await column(page, "attrition", "moves") == [
        str(p["figures"]["internalMobility"]["count"]) for p in trend
    ]
    # time to fill by grade band
    groups = figures["groups"]
    assert charts["chart-fill"]["series"] == [
        [g["timeToFill"]["medianDays"] for g in groups],
        [g["timeToFill"]["p90Days"] for g in groups],
    ]
    assert await column(page, "time-to-fill", "count") == [
        str(g["timeToFill"]["count"]) for g in groups
    ]
    # mobility: the chart's bars are GraphQL's flows, largest first
    flows = sorted(expected["mobilityFlows"], key=lambda f: -f["count"])
    assert sorted(charts["chart-mobility"]["series"][0], reverse=True) == [
        f["count"] for f in flows
    ]
    cells = page.locator('table[data-table="mobility"] td[data-from]')
    matrix = {
        (await c.get_attribute("data-from"), await c.get_attribute("data-to")): int(
            (await c.text_content()) or ""
        )
        for c in await cells.all()
    }
    assert matrix == {(f["fromUnit"], f["toUnit"]): f["count"] for f in flows}
    # the forecast per critical role, with its external hiring need
    roles = expected["vacancyForecast"]["roles"]
    assert charts["chart-forecast"]["labels"] == [r["title"] for r in roles]
    series = charts["chart-forecast"]["series"]
    for values, key in zip(
        series, ("expectedVacancies", "internalSupply", "externalHiringNeed"), strict=True
    ):
        assert values == pytest.approx([round(r[key], 2) for r in roles], abs=0.011)
    assert await column(page, "forecast", "need") == pytest.approx(
        [f"{r['externalHiringNeed']:.2f}" for r in roles]
    )

    assert await axe_violations(page) == []
    assert blocked == []  # it asked for nothing but the server
    assert errors == []

    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "workforce.png"), full_page=True)
    await page.emulate_media(media="print")
    pdf_bytes = await page.pdf(format="A4")
    (ARTIFACTS / "workforce-print.pdf").write_bytes(pdf_bytes)
    printed = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert "Apply filters" not in printed  # the filters are not printed
    for text in ("Attrition and internal mobility per quarter", "2025 Q4", "Role R4"):
        assert text in printed
    # the tables print, opened, beside their charts
    assert "Moves and promotions in the window" in printed
    assert "Expected people over the horizon" in printed
    await context.close()


async def test_a_managers_dashboard_withholds_small_groups_and_stays_accessible(
    db: Database, api: ApiClient, browser: Browser
) -> None:
    await organisation(critical_r4=True).save(db)
    manager = api.as_user("m@example.com", "manager", employee_id="M")  # holds R4, in U3
    assert manager.token
    context = await browser.new_context(base_url=api.base_url)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(f"/review/login?next=%2Fworkforce%3F{ARGS.replace('&', '%26')}")
    await page.get_by_label("Access token").fill(manager.token)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(re.compile(r"/workforce\?"))
    assert await page.locator("h1").inner_text() == "Workforce: your org units"
    await page.wait_for_function(
        "[...document.querySelectorAll('canvas[data-chart]')]"
        ".every((c) => c.dataset.drawn === 'yes')"
    )
    assert "fewer than 5" in await page.locator('[data-figure="total-withheld"]').inner_text()
    charts: dict[str, Any] = await page.evaluate(CHARTS)
    # every quarter of a 2-person scope is withheld: the chart has gaps, not zeros
    assert charts["chart-attrition"]["series"] == [[None] * 4, [None] * 4]
    withheld = page.locator('table[data-table="attrition"] .withheld')
    assert await withheld.count() == 4
    assert await axe_violations(page) == []
    assert errors == []
    await context.close()


async def test_without_javascript_the_numbers_are_open_and_no_chart_is_left_blank(
    db: Database, api: ApiClient, browser: Browser
) -> None:
    await organisation(critical_r4=True).save(db)
    hr = api.as_user("hr@example.com", "hr")
    assert hr.token
    for scripts in (False, True):
        context = await browser.new_context(base_url=api.base_url, java_script_enabled=scripts)
        page = await context.new_page()
        await page.goto(f"/review/login?next=%2Fworkforce%3F{ARGS.replace('&', '%26')}")
        await page.get_by_label("Access token").fill(hr.token)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url(re.compile(r"/workforce\?"))
        if scripts:
            await page.wait_for_function(
                "document.querySelectorAll('canvas[data-drawn=yes]').length === 4"
            )
        tables = page.locator("section details.chart-data[id$='-details']:not(#groups-details)")
        opened = [await d.get_attribute("open") is not None for d in await tables.all()]
        assert len(opened) == 4
        # without scripts: every table open, the empty chart boxes hidden; with: tables folded
        assert opened == [not scripts] * 4
        assert await page.locator(".chart-box").first.is_visible() is scripts
        await context.close()
