"""Calibration sessions on the review page over real HTTP: start by form, the editable page
(readable without JavaScript), JSON edits with conflicts, the event stream, the summary page and
its CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import threading

import httpx

from graph.db import Database
from tests.support.http_server import ApiClient
from tests.support.orgs import review_org


def _start(hr: ApiClient) -> str:
    response = hr.http.post(
        "/review/sessions",
        data={
            "name": "Q4 2026 talent review — Sales",
            "unit": "SALES",
            "participants": "ops@example.com",
        },
    )
    assert response.status_code == 303, response.text
    found = re.fullmatch(r"/review/sessions/(cs-[0-9a-f-]+)", response.headers["location"])
    assert found, response.headers["location"]
    return found.group(1)


def _change(client: ApiClient, session_id: str, body: dict[str, object]) -> httpx.Response:
    return client.http.post(f"/review/sessions/{session_id}/changes", json=body)


async def test_a_session_page_edits_and_streams(db: Database, api: ApiClient) -> None:
    await review_org().save(db)
    hr = api.as_user("hr@example.com", "hr")
    boss = api.as_user("boss", "manager", employee_id="boss")
    session_id = _start(hr)

    page = hr.http.get(f"/review/sessions/{session_id}")
    assert page.status_code == 200
    html = page.text
    assert "Q4 2026 talent review — Sales" in html
    assert 'data-role-id="HEAD"' in html and 'class="chip"' in html
    assert "connect-src 'self'" in page.headers["content-security-policy"]
    assert re.search(r'<tr data-person-id="hid" data-version="0">', html)
    assert "have / need, in skill levels" in html

    # an event stream, read in a thread while the changes are made
    seen: list[dict[str, object]] = []
    ready = threading.Event()

    def listen() -> None:
        url = f"/review/sessions/{session_id}/events"
        with (
            httpx.Client(base_url=api.base_url, headers=hr.headers, timeout=20) as client,
            client.stream("GET", url) as stream,
        ):
            ready.set()
            for line in stream.iter_lines():
                if line.startswith('data: {"id"'):
                    seen.append(json.loads(line[len("data: ") :]))
                if line.startswith("event: closed"):
                    return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert ready.wait(20)

    made = _change(
        hr,
        session_id,
        {
            "op": "readiness",
            "employeeId": "hid",
            "roleId": "HEAD",
            "readiness": "READY_NOW",
            "version": 0,
            "note": "ready",
        },
    )
    assert made.status_code == 200, made.text
    assert made.json()["change"]["kind"] == "NOMINATE"

    # the manager has not joined: refused; after joining, a stale version is a 409 with the value
    stale = {
        "op": "readiness",
        "employeeId": "hid",
        "roleId": "HEAD",
        "readiness": "READY_3_5_YEARS",
        "version": 0,
    }
    assert _change(boss, session_id, stale).status_code == 403
    assert boss.http.post(f"/review/sessions/{session_id}/join").status_code == 303
    conflict = _change(boss, session_id, stale)
    assert conflict.status_code == 409
    error = conflict.json()["error"]
    assert (error["code"], error["current"], error["version"]) == ("CONFLICT", "READY_NOW", 1)
    assert _change(boss, session_id, {**stale, "version": 1}).status_code == 200
    bad = _change(
        boss,
        session_id,
        {
            "op": "rate",
            "employeeId": "eu2",
            "performance": "HUGE",
            "potential": "HIGH",
            "version": 0,
        },
    )
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "performance"
    moved = _change(
        boss,
        session_id,
        {
            "op": "rate",
            "employeeId": "eu2",
            "performance": "HIGH",
            "potential": "HIGH",
            "version": 0,
        },
    )
    assert moved.status_code == 200, moved.text
    assert _change(hr, session_id, {"op": "discussed", "roleId": "HEAD"}).status_code == 200
    assert (
        _change(
            hr,
            session_id,
            {
                "op": "action",
                "roleId": "EU",
                "what": "=cmd|' /C calc'!A0",
                "owner": "hr",
                "due": "2027-03-31",
            },
        ).status_code
        == 200
    )
    not_json = boss.http.post(f"/review/sessions/{session_id}/changes", data={"op": "undo"})
    assert not_json.status_code == 400

    # the page shows the new state, without JavaScript
    html = hr.http.get(f"/review/sessions/{session_id}").text
    assert "Discussed in this session" in html
    assert re.search(r'<tr data-person-id="hid" data-version="2">', html)

    closed = hr.http.post(f"/review/sessions/{session_id}/close", data={"note": "thanks"})
    assert closed.status_code == 303
    thread.join(20)
    assert [c["seq"] for c in seen] == [1, 2, 3, 4, 5]
    assert [c["by"] for c in seen] == [
        "hr@example.com",
        "boss",
        "boss",
        "hr@example.com",
        "hr@example.com",
    ]

    summary = hr.http.get(f"/review/sessions/{session_id}/summary")
    assert summary.status_code == 200
    text = summary.text
    assert "Critical roles not discussed" in text and 'data-role-id="EU"' in text
    assert "performance moderate, potential moderate" not in text
    assert "performance high, potential high" in text
    rows = list(
        csv.DictReader(io.StringIO(hr.http.get(f"/review/sessions/{session_id}/summary.csv").text))
    )
    assert [r["kind"] for r in rows] == ["NOMINATE", "READINESS", "RATE", "DISCUSSED", "ACTION"]
    assert rows[4]["after"].startswith("'=")  # neutralised for spreadsheets
    listing = hr.http.get("/review/sessions").text
    assert session_id in listing
    # the whole organisation's 9-box, on request
    whole = hr.http.get("/review?box=all").text
    assert "9-box: whole organisation" in whole and 'data-person-id="ops1"' in whole
    assert "9-box: whole organisation" not in hr.http.get("/review").text
    employee = api.as_user("e", "employee", employee_id="eu2")
    assert employee.http.get(f"/review/sessions/{session_id}").status_code == 403


async def test_a_change_event_carries_the_changed_card(db: Database, api: ApiClient) -> None:
    await review_org().save(db)
    hr = api.as_user("hr@example.com", "hr")
    session_id = _start(hr)
    page = hr.http.get(f"/review/sessions/{session_id}").text
    anchor = re.search(r'<article class="role-card" id="(card-\d+)"[^>]*data-role-id="HEAD"', page)
    assert anchor, "the HEAD card"
    seen: list[dict[str, object]] = []
    ready, first = threading.Event(), threading.Event()

    def listen() -> None:
        url = f"/review/sessions/{session_id}/events"
        with (
            httpx.Client(base_url=api.base_url, headers=hr.headers, timeout=20) as client,
            client.stream("GET", url) as stream,
        ):
            ready.set()
            for line in stream.iter_lines():
                if line.startswith('data: {"id"'):
                    seen.append(json.loads(line[len("data: ") :]))
                    first.set()
                if len(seen) == 2:
                    return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert ready.wait(20)
    nominate = {
        "op": "readiness",
        "employeeId": "hid",
        "roleId": "HEAD",
        "readiness": "READY_NOW",
        "version": 0,
    }
    assert _change(hr, session_id, nominate).status_code == 200
    assert first.wait(20)  # each change its own event, so each carries its own parts
    rate = {"op": "rate", "employeeId": "eu2", "performance": "HIGH", "potential": "HIGH"}
    assert _change(hr, session_id, {**rate, "version": 0}).status_code == 200
    thread.join(20)
    assert [c["seq"] for c in seen] == [1, 2]

    # the nomination: the HEAD card as the page now renders it, under the same anchor
    live = seen[0]["live"]
    assert isinstance(live, dict)
    assert (live["cards"], live["nineBox"]) == (["HEAD"], False)
    html = live["html"]
    assert f'id="{anchor.group(1)}"' in html
    assert re.search(r'<tr data-person-id="hid" data-version="1">', html)
    assert 'data-role-id="EU"' not in html  # only the changed card
    head = hr.http.get(f"/review/sessions/{session_id}").text
    card = re.compile(r'<article class="role-card"[^>]*data-role-id="HEAD".*?</article>', re.S)
    fresh, whole = card.search(html), card.search(head)
    assert fresh and whole and fresh.group(0) == whole.group(0)

    # the 9-box move: the 9-box, no card
    moved = seen[1]["live"]
    assert isinstance(moved, dict)
    assert (moved["cards"], moved["nineBox"]) == ([], True)
    cell = re.search(
        r'<td[^>]*data-performance="HIGH" data-potential="HIGH".*?</td>', moved["html"], re.S
    )
    assert cell and 'data-person-id="eu2"' in cell.group(0)
