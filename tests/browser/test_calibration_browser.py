"""A calibration session in two browsers at once (issue 17), in Debian's Chromium through
Playwright: hr and a manager edit the same session; each sees the other's changes live, a stale
edit shows the conflict, the 9-box moves by keyboard and by drag and drop, the summary lists every
change, GraphQL agrees after, and axe-core finds no WCAG A/AA violation. Screenshots of the open
session and its summary go to /work/screens/ (or $TALENTGRAPH_SCREENS)."""

from __future__ import annotations

import os
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from graph.db import Database
from tests.support.accessibility import axe_violations
from tests.support.http_server import ApiClient, nodes
from tests.support.orgs import review_org

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENS = Path(os.environ.get("TALENTGRAPH_SCREENS", "/work/screens"))
#: A change must reach the other browser within this many milliseconds (issue 17: 1 s), with
#: room for a loaded test machine.
LIVE_MS = 3000

SESSIONS = """
{ calibrationSessions(first: 5) { edges { node {
    id name status orgUnitId notDiscussed
    changes { seq kind by employeeId roleId before after note undone }
} } } }
"""
NINE_BOX = """
query { nineBox(orgUnitId: "SALES") { performance potential employees { edges { node { id } } } } }
"""
SUCCESSORS = 'query { successors(roleId: "HEAD") { edges { node { employee { id } readiness } } } }'


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get update && apt-get install -y chromium")
    async with async_playwright() as playwright:
        found = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield found
        await found.close()


async def _signed_in(browser: Browser, api: ApiClient, client: ApiClient) -> BrowserContext:
    context = await browser.new_context(
        base_url=api.base_url, viewport={"width": 1920, "height": 1080}
    )
    assert client.token
    await context.add_cookies(
        [
            {
                "name": "talentgraph_token",
                "value": client.token,
                "url": api.base_url,
                "httpOnly": True,
                "sameSite": "Strict",
            }
        ]
    )
    return context


def _cell(performance: str, potential: str) -> str:
    return f'.nine-box td[data-performance="{performance}"][data-potential="{potential}"]'


async def _no_violations(page: Page) -> None:
    found = await axe_violations(page)
    assert found == [], found


async def test_two_browsers_edit_one_session(
    db: Database, api: ApiClient, browser: Browser
) -> None:
    await review_org().save(db)
    hr = api.as_user("hr@example.com", "hr")
    boss = api.as_user("boss@example.com", "manager", employee_id="boss")
    hr_context = await _signed_in(browser, api, hr)
    boss_context = await _signed_in(browser, api, boss)
    errors: list[str] = []
    a = await hr_context.new_page()
    b = await boss_context.new_page()
    for page in (a, b):
        page.on("pageerror", lambda exc: errors.append(str(exc)))

    # hr starts the session through the form
    await a.goto("/review/sessions")
    await a.get_by_label("Name").fill("Q4 2026 talent review — Sales")
    await a.get_by_label("Org unit (with the units below it)").select_option("SALES")
    await a.get_by_role("button", name="Start the session").click()
    await a.wait_for_url(re.compile(r"/review/sessions/cs-[0-9a-f-]+$"))
    url = a.url
    assert await a.locator("h1").inner_text() == "Q4 2026 talent review — Sales"
    await a.wait_for_function(
        "() => document.getElementById('live-state').textContent.startsWith('Live')"
    )

    # the first screen at 1920×1080 shows a role card with its slate
    slate = a.locator("article.role-card").first.locator(".part-slate")
    box = await slate.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 1080, box

    # the manager joins
    await b.goto(url)
    await b.get_by_role("button", name="Join this session").click()
    await b.wait_for_url(url)
    await b.wait_for_function(
        "() => document.getElementById('live-state').textContent.startsWith('Live')"
    )

    # hr nominates the hidden candidate; the manager's page shows it, with the new figures
    head_a = a.locator('article.role-card[data-role-id="HEAD"]')
    await head_a.get_by_label("Readiness of Hana <Hidden> for").select_option("READY_3_5_YEARS")
    started = time.monotonic()
    await (
        head_a.locator('.hidden-candidates tr[data-person-id="hid"]')
        .get_by_role("button", name="Nominate")
        .click()
    )
    slate_row = '[data-role-id="HEAD"] .slate tr[data-person-id="hid"]'
    await b.wait_for_selector(slate_row, timeout=LIVE_MS)
    seen_after = time.monotonic() - started
    assert await b.locator(f"{slate_row} [data-field=readiness]").get_attribute("data-value") == (
        "READY_3_5_YEARS"
    )
    graphql = {
        s["employee"]["id"]: s["readiness"] for s in nodes(hr.data(SUCCESSORS)["successors"])
    }
    assert graphql["hid"] == "READY_3_5_YEARS"
    log_b = b.locator("#changes-log li")
    await b.wait_for_function("() => document.querySelectorAll('#changes-log li').length === 1")
    assert "hr@example.com" in await log_b.first.inner_text()

    # the manager changes it back and forth; hr sees it; a stale page gets the conflict
    stale = await boss_context.new_page()
    await stale.route("**/events*", lambda route: route.abort())
    await stale.goto(url)
    head_b = b.locator('article.role-card[data-role-id="HEAD"]')
    row_b = head_b.locator('.slate tr[data-person-id="hid"]')
    await row_b.get_by_label(re.compile("Readiness of Hana")).select_option("READY_1_2_YEARS")
    await row_b.get_by_role("button", name="Save").click()
    await a.wait_for_selector(
        f'{slate_row} [data-field=readiness][data-value="READY_1_2_YEARS"]', timeout=LIVE_MS
    )
    row_stale = stale.locator('[data-role-id="HEAD"] .slate tr[data-person-id="hid"]')
    await row_stale.get_by_label(re.compile("Readiness of Hana")).select_option("READY_NOW")
    await row_stale.get_by_role("button", name="Save").click()
    alert = stale.locator("#session-status")
    await alert.filter(has_text="Conflict").wait_for(timeout=LIVE_MS)
    assert "READY_1_2_YEARS" in await alert.inner_text()
    await stale.wait_for_selector(
        f'{slate_row} [data-field=readiness][data-value="READY_1_2_YEARS"]', timeout=LIVE_MS
    )
    await stale.close()

    # the 9-box: hr moves Uma up by keyboard, the manager moves Hana by drag and drop
    chip = a.locator(f'{_cell("HIGH", "MODERATE")} .chip[data-person-id="eu2"]')
    await chip.focus()
    await a.keyboard.press("ArrowUp")
    await b.wait_for_selector(f'{_cell("HIGH", "HIGH")} [data-person-id="eu2"]', timeout=LIVE_MS)
    hana = b.locator('.chip[data-person-id="hid"]')
    await hana.drag_to(b.locator(_cell("HIGH", "HIGH")))
    await a.wait_for_selector(f'{_cell("HIGH", "HIGH")} [data-person-id="hid"]', timeout=LIVE_MS)
    cells = {
        (c["performance"], c["potential"]): {e["id"] for e in nodes(c["employees"])}
        for c in hr.data(NINE_BOX)["nineBox"]
    }
    assert {"eu2", "hid"} <= cells[("HIGH", "HIGH")]

    # marks, actions and undo
    await head_b.get_by_role("button", name=re.compile("Mark .* discussed")).click()
    await a.wait_for_selector('[data-role-id="HEAD"] .badge-discussed', timeout=LIVE_MS)
    head_b = b.locator('article.role-card[data-role-id="HEAD"]')
    await head_b.get_by_label("Action").fill("Mentoring plan for Hana")
    await head_b.get_by_label("Owner").fill("boss@example.com")
    await head_b.get_by_label("Due (YYYY-MM-DD)").fill("2027-01-31")
    await head_b.get_by_role("button", name="Add action").click()
    await b.locator("#session-status").filter(has_text="change #6").wait_for(timeout=LIVE_MS)
    await a.wait_for_function("() => document.querySelectorAll('#changes-log li').length === 6")
    await a.get_by_role("button", name="Undo my last change").click()
    await b.wait_for_selector(
        f'{_cell("HIGH", "MODERATE")} [data-person-id="eu2"]', timeout=LIVE_MS
    )

    await _no_violations(a)
    await _no_violations(b)
    SCREENS.mkdir(parents=True, exist_ok=True)
    await a.evaluate("() => window.scrollTo(0, 0)")
    await a.screenshot(path=str(SCREENS / "calibration-session.png"))
    await a.screenshot(path=str(SCREENS / "calibration-session-full.png"), full_page=True)

    # close: the summary lists every change, and GraphQL agrees
    await a.get_by_label("Closing note").fill("Thanks all")
    await a.get_by_role("button", name="Close the session").click()
    await a.wait_for_url(re.compile(r"/summary$"))
    await b.locator("#session-status").filter(has_text="closed").wait_for(timeout=LIVE_MS)
    listed = await a.locator(".changes-log li").all_inner_texts()
    assert len(listed) == 7
    sessions = nodes(hr.data(SESSIONS)["calibrationSessions"])
    changes = sessions[0]["changes"]
    assert [c["seq"] for c in changes] == list(range(1, 8))
    assert [c["kind"] for c in changes] == [
        "NOMINATE",
        "READINESS",
        "RATE",
        "RATE",
        "DISCUSSED",
        "ACTION",
        "UNDO",
    ]
    assert [c["by"] for c in changes] == [
        "hr@example.com",
        "boss@example.com",
        "hr@example.com",
        "boss@example.com",
        "boss@example.com",
        "boss@example.com",
        "hr@example.com",
    ]
    seq_on_page = [
        int(x)
        for x in await a.locator(".changes-log li").evaluate_all(
            "(items) => items.map((li) => li.dataset.seq)"
        )
    ]
    assert seq_on_page == [c["seq"] for c in changes]
    assert sessions[0]["status"] == "CLOSED"
    assert sessions[0]["notDiscussed"] == ["EU"]
    assert await a.locator(".not-discussed li").get_attribute("data-role-id") == "EU"
    await _no_violations(a)
    await a.screenshot(path=str(SCREENS / "calibration-summary.png"), full_page=True)
    assert errors == []
    assert seen_after < LIVE_MS / 1000
    await hr_context.close()
    await boss_context.close()
