"""The audit trail: every mutation, import and export leaves an AuditEvent (who, what, when,
outcome with the error code), readable by admins through `auditLog`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from api.cli import operator
from graph.auth import AccessRole, Principal
from graph.db import Database
from graph.demo import generate_demo, write_csv_dir
from graph.errors import Forbidden
from graph.importing.csv_import import ImportRejected
from graph.services import imports
from tests.access_org import client_for, seed
from tests.factories import count_graph
from tests.http_server import ADMIN_SUBJECT, ApiClient

LOG = """
query($since: DateTime, $first: Int, $after: String) {
  auditLog(since: $since, first: $first, after: $after) {
    items { id at actor action target outcome code detail }
    pageInfo { endCursor hasNextPage }
  }
}
"""
ASSESS = """
mutation($e: ID!, $r: ID!, $note: String) {
  assessReadiness(input: {employeeId: $e, roleId: $r, readiness: READY_NOW, note: $note}) { id }
}
"""
WITHDRAW = "mutation($e: ID!, $r: ID!) { withdrawNomination(employeeId: $e, roleId: $r) { id } }"


async def events(db: Database) -> list[dict[str, Any]]:
    """Every AuditEvent, oldest first, read straight from the graph."""
    async with db.driver.session(database=db.database) as session:
        result = await session.run("MATCH (a:AuditEvent) RETURN a {.*} AS a ORDER BY a.at, a.id")
        return [record["a"] async for record in result]


async def test_a_mutation_is_audited_in_its_transaction(db: Database, api: ApiClient) -> None:
    await seed(db)
    before = len(await events(db))
    hr = client_for(api, "hr")
    assessment = hr.data(ASSESS, {"e": "A", "r": "R2", "note": "private words"})["assessReadiness"]
    found = (await events(db))[before:]
    assert len(found) == 1
    event = found[0]
    assert event["actor"] == "hr@example.com"
    assert event["action"] == "assessReadiness"
    assert event["target"] == "employee:A role:R2"
    assert event["outcome"] == "SUCCESS"
    assert event.get("code") is None
    detail = json.loads(event["detail"])
    assert detail["assessment"] == assessment["id"]
    assert detail["roles"] == ["hr"]
    assert "private words" not in event["detail"]  # notes stay out of the audit trail

    hr.data(WITHDRAW, {"e": "A", "r": "R2"})
    last = (await events(db))[-1]
    assert (last["action"], last["outcome"], last["actor"]) == (
        "withdrawNomination",
        "SUCCESS",
        "hr@example.com",
    )


@pytest.mark.parametrize(
    ("caller", "variables", "code"),
    [
        ("hr", {"e": "nobody", "r": "R1"}, "NOT_FOUND"),
        ("hr", {"e": "A", "r": "R1"}, "BAD_USER_INPUT"),  # A holds R1
        ("hr", {"e": "A2", "r": "R1", "note": "n" * 2001}, "BAD_USER_INPUT"),
        ("manager", {"e": "O2", "r": "R1"}, "FORBIDDEN"),  # outside M's subtree
        ("employee", {"e": "A2", "r": "R1"}, "FORBIDDEN"),
        ("service", {"e": "A2", "r": "R1"}, "FORBIDDEN"),
    ],
)
async def test_failed_mutations_are_audited_and_write_nothing_else(
    db: Database, api: ApiClient, caller: str, variables: dict[str, Any], code: str
) -> None:
    await seed(db)
    graph = await count_graph(db)
    before = len(await events(db))
    assert client_for(api, caller).error_codes(ASSESS, variables) == [code]
    assert await count_graph(db) == graph  # no assessment, no success event
    found = (await events(db))[before:]
    assert [(e["actor"], e["action"], e["outcome"], e["code"]) for e in found] == [
        (f"{caller}@example.com", "assessReadiness", "FAILURE", code)
    ]
    assert found[0]["target"] == f"employee:{variables['e']} role:{variables['r']}"


async def test_failed_withdrawal_is_audited(db: Database, api: ApiClient) -> None:
    await seed(db)
    assert api.error_codes(WITHDRAW, {"e": "A", "r": "R2"}) == ["NOT_FOUND"]
    last = (await events(db))[-1]
    assert (last["actor"], last["action"], last["outcome"], last["code"]) == (
        ADMIN_SUBJECT,
        "withdrawNomination",
        "FAILURE",
        "NOT_FOUND",
    )


async def test_exports_are_audited(db: Database, api: ApiClient) -> None:
    await seed(db)
    service = client_for(api, "service")
    response = service.http.get("/exports/readiness", params={"format": "jsonl", "orgUnitId": "U1"})
    assert response.status_code == 200
    rows = response.text.count("\n")
    last = (await events(db))[-1]
    assert (last["actor"], last["action"], last["target"], last["outcome"]) == (
        "service@example.com",
        "export.readiness",
        "orgUnit:U1",
        "SUCCESS",
    )
    detail = json.loads(last["detail"])
    assert detail["format"] == "jsonl"
    assert detail["rows"] == rows
    assert detail["filters"]["org_unit_id"] == "U1"

    assert client_for(api, "manager").http.get("/exports/readiness").status_code == 403
    assert api.http.get("/exports/readiness", params={"orgUnitId": "nope"}).status_code == 404
    failures = [(e["actor"], e["code"]) for e in (await events(db))[-2:]]
    assert failures == [("manager@example.com", "FORBIDDEN"), (ADMIN_SUBJECT, "NOT_FOUND")]


async def test_imports_are_audited_and_for_admins_only(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "org"
    write_csv_dir(generate_demo(60, 3), folder)
    cli = operator()
    assert cli.subject.startswith("cli:")
    assert cli.has(AccessRole.ADMIN)
    report = await imports.import_csv(db, folder, 500, principal=cli)
    event = (await events(db))[-1]
    assert (event["actor"], event["action"], event["target"], event["outcome"]) == (
        cli.subject,
        "import.csv",
        str(folder),
        "SUCCESS",
    )
    assert json.loads(event["detail"])["rows"] == report.files

    (folder / "employee_skills.csv").write_text("employee_id,skill_id,level\nnobody,S1,x\n")
    with pytest.raises(ImportRejected):
        await imports.import_csv(db, folder, 500, principal=cli)
    event = (await events(db))[-1]
    assert (event["outcome"], event["code"]) == ("FAILURE", "BAD_USER_INPUT")
    assert json.loads(event["detail"])["issues"] >= 1

    hr = Principal("hr-person", frozenset({AccessRole.HR}))
    with pytest.raises(Forbidden):
        await imports.load_demo(db, 50, 1, 500, principal=hr)
    event = (await events(db))[-1]
    assert (event["actor"], event["action"], event["code"]) == (
        "hr-person",
        "import.demo",
        "FORBIDDEN",
    )


async def test_audit_log_pages_newest_first_for_admins_only(db: Database, api: ApiClient) -> None:
    await seed(db)
    for employee in ("A2", "O2", "A2"):
        api.data(ASSESS, {"e": employee, "r": "R2"})
    everything = api.data(LOG, {"first": 500})["auditLog"]
    assert everything["pageInfo"]["hasNextPage"] is False
    ids = [e["id"] for e in everything["items"]]
    times = [e["at"] for e in everything["items"]]
    assert times == sorted(times, reverse=True)
    assert len(ids) == len(set(ids)) >= 5  # two nominations in seed, three here

    first = api.data(LOG, {"first": 2})["auditLog"]
    assert [e["id"] for e in first["items"]] == ids[:2]
    assert first["pageInfo"]["hasNextPage"] is True
    second = api.data(LOG, {"first": 2, "after": first["pageInfo"]["endCursor"]})["auditLog"]
    assert [e["id"] for e in second["items"]] == ids[2:4]
    since = api.data(LOG, {"since": times[1], "first": 50})["auditLog"]
    assert [e["id"] for e in since["items"]] == ids[:2]

    assert api.error_codes(LOG, {"first": 501}) == ["BAD_USER_INPUT"]
    assert api.error_codes(LOG, {"after": "garbage"}) == ["BAD_USER_INPUT"]
    for caller in ("hr", "manager", "employee", "service"):
        assert client_for(api, caller).error_codes(LOG) == ["FORBIDDEN"]
