"""The review page end to end in a real headless Chromium (Debian's `chromium`, driven by Playwright):
sign in, filter, read a role card and check every figure against GraphQL, the 9-box and a person's
page, basic accessibility, the CSV download, and a PDF print with one role per page.

Needs /usr/bin/chromium (`apt-get install -y chromium`); CI installs it, and this test is never
skipped: without the browser it fails saying how to install it. Leaves a screenshot of the page at
test-artifacts/review.png.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright
from pypdf import PdfReader

from graph.db import Database
from tests.support.exposure_data import give_tasks
from tests.support.http_server import ApiClient
from tests.support.orgs import NASTY_TITLE, review_org
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

GRAPHQL = """
query ($unit: ID!, $role: ID!, $since: DateTime!) {
  benchStrength(orgUnitId: $unit, criticalOnly: true) {
    edges {
      node {
        role { id title critical }
        coverage cover benchScore keyPersonRisk readyNow readyOneToTwoYears readyThreeToFiveYears
        incumbents(first: 20) { edges { node { id name riskOfLoss impactOfLoss } } }
      }
    }
  }
  successors(roleId: $role) { edges { node { employee { id name } readiness fit } } }
  successionCandidates(roleId: $role, first: 10) {
    edges { node { employee { id name } fit hidden gaps { skill { name } have required } } }
  }
  vacancyChain(roleId: $role) { steps { role { id } filledBy { id } readiness fit } endsWith }
  role(id: $role) { title exposure exposureSource }
  automationExposedRoles(minExposure: 0.5, first: 500) { edges { node { role { id } headcount } } }
  nineBox(orgUnitId: $unit) {
    performance potential employees(first: 250) { totalCount edges { node { id name } } }
  }
  readinessChanges(since: $since, orgUnitId: $unit) {
    edges { node { kind employee { id } role { id } readiness } }
  }
}
"""
TALENT_MAP = """
query ($id: ID!) { talentMap(employeeId: $id, first: 10) { edges { node { role { id } fit move } } } }
"""


def flat(value: Any) -> Any:
    """`value` with every connection's page as the list of its nodes (a 9-box cell keeps its
    totalCount as `count`)."""
    if isinstance(value, list):
        return [flat(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "edges" in value:
        return [flat(edge["node"]) for edge in value["edges"]]
    found = {k: flat(v) for k, v in value.items()}
    if "potential" in value and "employees" in value:
        found["count"] = value["employees"]["totalCount"]
    return found


#: What a page must satisfy for screen readers and keyboards (run in the page).
ACCESSIBILITY = """
() => {
  const visible = (el) => el.type !== "hidden";
  const named = (el) => (el.labels && el.labels.length > 0)
    || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")];
  return {
    lang: document.documentElement.lang,
    unlabelled: [...document.querySelectorAll("input, select, textarea")]
      .filter(visible).filter((el) => !named(el)).map((el) => el.outerHTML),
    nameless: [...document.querySelectorAll("button, a[href]")]
      .filter((el) => !el.textContent.trim() && !el.getAttribute("aria-label"))
      .map((el) => el.outerHTML),
    levels: headings.map((h) => Number(h.tagName[1])),
    main: document.querySelectorAll("main").length,
    banner: document.querySelectorAll("body > header").length,
    search: document.querySelectorAll("form[role=search]").length,
    badges: [...document.querySelectorAll("[data-field=coverage]")].map((el) => el.innerText),
    legend: [...document.querySelectorAll(".legend li")].map((el) => el.innerText),
    images: [...document.querySelectorAll("svg[role=img]")].map(
      (el) => el.querySelector("title") && el.querySelector("title").textContent),
  };
}
"""


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the review page's browser test needs Debian's Chromium "
            "(apt-get update && apt-get install -y chromium); CI installs it in .ci/run"
        )
    async with async_playwright() as playwright:
        found = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield found
        await found.close()


def fmt(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}"


def pct(x: float) -> str:
    return f"{x * 100:.0f}%"


async def texts(page: Page, selector: str) -> list[str]:
    return [t.strip() for t in await page.locator(selector).all_inner_texts()]


async def attrs(page: Page, selector: str, name: str) -> list[str | None]:
    return [await el.get_attribute(name) for el in await page.locator(selector).all()]


async def accessible(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = await page.evaluate(ACCESSIBILITY)
    assert found["lang"] == "en"
    assert found["unlabelled"] == [], "inputs without a label"
    assert found["nameless"] == [], "buttons or links without a name"
    levels = found["levels"]
    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (
        f"a heading level is skipped: {levels}"
    )
    assert found["main"] == 1 and found["banner"] == 1
    return found


async def test_review_page_in_a_browser(
    db: Database, api: ApiClient, browser: Browser, tmp_path: Path
) -> None:
    await review_org().save(db)
    await give_tasks(
        db,
        tmp_path,
        [
            {"role_id": "HEAD", "task_id": "h1", "statement": "Write proposals", "exposure": 1.0},
            {"role_id": "HEAD", "task_id": "h2", "statement": "Meet buyers", "exposure": 0.5},
            {"role_id": "EU", "task_id": "e1", "statement": "Visit clients", "exposure": 0.25},
        ],
    )
    hr = api.as_user("hr@example.com", "hr")
    assert hr.token
    context = await browser.new_context(
        base_url=api.base_url, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # not signed in: the login form, then back to the page
    await page.goto("/review")
    assert re.search(r"/review/login\?next=%2Freview$", page.url), page.url
    assert (await accessible(page))["unlabelled"] == []
    await page.get_by_label("Access token").fill(hr.token)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(re.compile(r"/review$"))
    assert await page.evaluate("document.cookie") == ""  # HttpOnly: scripts cannot read it
    (cookie,) = await context.cookies()
    assert (cookie["name"], cookie["httpOnly"], cookie["sameSite"]) == (
        "talentgraph_token",
        True,
        "Strict",
    )
    assert await page.locator("h1").inner_text() == "Succession review: whole organisation"

    # filter by unit through the form
    await page.get_by_label("Org unit (with the units below it)").select_option("SALES")
    await page.get_by_role("button", name="Apply filters").click()
    await page.wait_for_url(re.compile(r"/review\?unit=SALES&roles=critical&since=$"))
    assert await page.locator("h1").inner_text() == "Succession review: Sales"
    assert await page.get_by_role("button", name="Print or save as PDF").is_visible()

    data = flat(
        hr.data(GRAPHQL, {"unit": "SALES", "role": "HEAD", "since": "2026-01-01T00:00:00Z"})
    )
    bench = data["benchStrength"]
    assert [b["role"]["id"] for b in bench] == ["EU", "HEAD"]
    assert await attrs(page, "article.role-card", "data-role-id") == ["EU", "HEAD"]

    # the summary strip
    assert await page.locator("[data-figure=critical-roles]").inner_text() == str(len(bench))
    by_coverage = {
        c: sum(1 for b in bench if b["coverage"] == c)
        for c in ("COVERED", "NOT_READY", "UNCOVERED")
    }
    for coverage, count in by_coverage.items():
        item = page.locator(f'.legend li[data-coverage="{coverage}"] [data-count]')
        assert await item.inner_text() == str(count), coverage
    in_view = {b["role"]["id"]: b for b in bench}
    exposed = [r for r in data["automationExposedRoles"] if r["role"]["id"] in in_view]
    assert [r["role"]["id"] for r in exposed] == ["HEAD"]
    assert await page.locator("[data-figure=exposed-headcount]").inner_text() == str(
        sum(r["headcount"] for r in exposed)
    )
    assert await page.locator("[data-figure=exposed-roles]").inner_text() == str(len(exposed))
    risky = [b for b in bench if b["keyPersonRisk"] > 0]
    assert await attrs(page, ".risk-list li", "data-role-id") == [b["role"]["id"] for b in risky]
    assert await texts(page, ".risk-list [data-figure=key-person-risk]") == [
        fmt(b["keyPersonRisk"]) for b in risky
    ]

    # open the HEAD card and check every figure against GraphQL
    card = page.locator('article.role-card[data-role-id="HEAD"]')
    await card.scroll_into_view_if_needed()
    head = in_view["HEAD"]
    assert await card.locator("h3").inner_text() == NASTY_TITLE == data["role"]["title"]
    badge = card.locator("[data-field=coverage]")
    assert await badge.get_attribute("data-value") == head["coverage"]
    assert await badge.inner_text() == {"COVERED": "Covered", "NOT_READY": "Not ready"}.get(
        head["coverage"], "Uncovered"
    )
    assert await card.locator("[data-field=bench-score]").inner_text() == fmt(head["benchScore"], 1)
    assert await card.locator("[data-field=cover]").inner_text() == pct(head["cover"])
    assert await card.locator("[data-field=key-person-risk]").inner_text() == fmt(
        head["keyPersonRisk"]
    )
    assert await card.locator("[data-field=ready-now]").inner_text() == str(head["readyNow"])
    assert await card.locator("[data-field=ready-1-2]").inner_text() == str(
        head["readyOneToTwoYears"]
    )
    incumbents = card.locator(".part-incumbents li")
    assert await attrs(page, '[data-role-id="HEAD"] .part-incumbents li', "data-person-id") == [
        i["id"] for i in head["incumbents"]
    ]
    assert await incumbents.locator("[data-field=risk-of-loss]").inner_text() == "High"
    assert head["incumbents"][0]["riskOfLoss"] == "HIGH"

    slate = data["successors"]
    assert await attrs(page, '[data-role-id="HEAD"] .slate tbody tr', "data-person-id") == [
        s["employee"]["id"] for s in slate
    ]
    assert await attrs(
        page, '[data-role-id="HEAD"] .slate [data-field=readiness]', "data-value"
    ) == [s["readiness"] for s in slate]
    assert await texts(page, '[data-role-id="HEAD"] .slate [data-field=fit]') == [
        pct(s["fit"]) for s in slate
    ]
    hidden = [c for c in data["successionCandidates"] if c["hidden"]][:3]
    assert [c["employee"]["id"] for c in hidden] == ["hid", "ops1"]  # fit 0.875, 0.5
    assert await attrs(
        page, '[data-role-id="HEAD"] .hidden-candidates tbody tr', "data-person-id"
    ) == [c["employee"]["id"] for c in hidden]
    assert await texts(page, '[data-role-id="HEAD"] .hidden-candidates [data-field=fit]') == [
        pct(c["fit"]) for c in hidden
    ]
    gaps = await card.locator(".hidden-candidates tbody td").nth(2).inner_text()
    assert gaps.startswith(hidden[0]["gaps"][0]["skill"]["name"])

    chain = data["vacancyChain"]
    moves = card.locator(".chain li")
    assert [
        (await m.get_attribute("data-role-id"), await m.get_attribute("data-person-id"))
        for m in await moves.all()
    ] == [(s["role"]["id"], s["filledBy"]["id"]) for s in chain["steps"]]
    assert (
        await card.locator("[data-field=chain-end]").get_attribute("data-value")
        == chain["endsWith"]
    )
    assert chain["endsWith"] == "EXTERNAL_HIRE" and len(chain["steps"]) == 1

    assert await card.locator("[data-field=exposure]").inner_text() == fmt(data["role"]["exposure"])
    source = card.locator("[data-field=exposure-source]")
    assert await source.get_attribute("data-value") == data["role"]["exposureSource"]

    # the 9-box of the unit: every cell's count and people, as nineBox
    for cell in data["nineBox"]:
        box = page.locator(
            f'.nine-box td[data-performance="{cell["performance"]}"]'
            f'[data-potential="{cell["potential"]}"]'
        )
        assert await box.locator("[data-count]").inner_text() == str(cell["count"])
        assert await texts(page, f"{_cell(cell)} li") == [e["name"] for e in cell["employees"]]

    found = await accessible(page)
    assert sorted(set(found["badges"])) == ["Covered", "Not ready"]
    assert [line.split(":")[0].strip() for line in found["legend"]] == [
        "Covered",
        "Not ready",
        "Uncovered",
    ]
    assert found["images"] and "Covered" in found["images"][0]
    assert found["search"] == 1

    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)

    # paper: the summary, then one page per role, then the 9-box
    pdf = PdfReader(io.BytesIO(await page.pdf(format="A4")))
    cards = await attrs(page, "article.role-card", "data-role-id")
    assert len(pdf.pages) == 1 + len(cards) + 1
    pages = [p.extract_text() for p in pdf.pages]
    assert "Summary" in pages[0]
    assert "Apply filters" not in "".join(pages)  # no filters or buttons on paper
    for number, role_id in enumerate(cards, start=1):
        title = in_view[role_id]["role"]["title"]
        assert pages[number].startswith(title.split("<")[0].strip()), (number, pages[number][:80])
    assert pages[-1].startswith("9-box: Sales")

    # the download uses the readiness export with the same filters
    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Download CSV").click()
    download = await download_info.value
    assert download.suggested_filename.endswith(".csv")
    exported = list(csv.DictReader(io.StringIO(Path(await download.path()).read_text())))
    assert {r["role_id"] for r in exported} == set(cards)

    # what changed since a date, through the form
    await page.get_by_label("Changed since").fill("2026-01-01")
    await page.get_by_role("button", name="Apply filters").click()
    await page.wait_for_url(re.compile(r"since=2026-01-01"))
    changes = data["readinessChanges"]
    assert await attrs(page, "article.role-card", "data-role-id") == [
        b["role"]["id"] for b in bench if b["role"]["id"] in {c["role"]["id"] for c in changes}
    ]
    head_changes = [c for c in changes if c["role"]["id"] == "HEAD"]
    listed = await texts(page, '[data-role-id="HEAD"] .changes li')
    assert len(listed) == len(head_changes) == 1
    assert "Uma Upward" in listed[0] and "ready now" in listed[0]

    # a name in the 9-box opens the person's page with their talent map
    await page.locator(".nine-box a", has_text="Hana <Hidden>").click()
    await page.wait_for_url(re.compile(r"/review/people/hid\?back="))
    assert await page.locator("h1").inner_text() == "Hana <Hidden>"
    talent = flat(hr.data(TALENT_MAP, {"id": "hid"})["talentMap"])
    assert await attrs(page, ".talent-map tbody tr", "data-role-id") == [
        t["role"]["id"] for t in talent
    ]
    assert await texts(page, ".talent-map [data-field=fit]") == [pct(t["fit"]) for t in talent]
    await accessible(page)
    await page.get_by_role("link", name="Back to the succession review").click()
    await page.wait_for_url(re.compile(r"/review\?unit=SALES&since=2026-01-01$"))

    # signing out clears the cookie
    await page.get_by_role("button", name="Sign out").click()
    await page.wait_for_url(re.compile(r"/review/login$"))
    assert await context.cookies() == []
    assert errors == []
    await context.close()


def _cell(cell: dict[str, Any]) -> str:
    return (
        f'.nine-box td[data-performance="{cell["performance"]}"]'
        f'[data-potential="{cell["potential"]}"]'
    )
