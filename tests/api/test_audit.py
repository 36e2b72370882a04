"""The audit trail: every mutation, import and export leaves an AuditEvent (who, what, when,
outcome with the error code), readable by admins through `auditLog`."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from api.cli.common import operator
from graph.auth import SYSTEM, AccessRole, Principal
from graph.db import Database
from graph.demo import generate_demo, write_csv_dir
from graph.errors import Forbidden
from graph.importing.csv_import import ImportRejected
from graph.services import audit, imports
from graph.settings import Settings
from tests.support.callers import client_for
from tests.support.factories import audit_events, count_graph
from tests.support.http_server import ADMIN_SUBJECT, ApiClient, nodes
from tests.support.orgs import seed_access_org

LOG = """
query($since: DateTime, $first: Int, $after: String) {
  auditLog(since: $since, first: $first, after: $after) {
    totalCount
    edges { cursor node { id at actor action target outcome code detail } }
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


async def test_a_mutation_is_audited_in_its_transaction(db: Database, api: ApiClient) -> None:
    await seed_access_org(db)
    before = len(await audit_events(db))
    hr = client_for(api, "hr")
    assessment = hr.data(ASSESS, {"e": "A", "r": "R2", "note": "private words"})["assessReadiness"]
    found = (await audit_events(db))[before:]
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
    last = (await audit_events(db))[-1]
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
    await seed_access_org(db)
    graph = await count_graph(db)
    before = len(await audit_events(db))
    assert client_for(api, caller).error_codes(ASSESS, variables) == [code]
    assert await count_graph(db) == graph  # no assessment, no success event
    found = (await audit_events(db))[before:]
    assert [(e["actor"], e["action"], e["outcome"], e["code"]) for e in found] == [
        (f"{caller}@example.com", "assessReadiness", "FAILURE", code)
    ]
    assert found[0]["target"] == f"employee:{variables['e']} role:{variables['r']}"


async def test_failed_withdrawal_is_audited(db: Database, api: ApiClient) -> None:
    await seed_access_org(db)
    assert api.error_codes(WITHDRAW, {"e": "A", "r": "R2"}) == ["NOT_FOUND"]
    last = (await audit_events(db))[-1]
    assert (last["actor"], last["action"], last["outcome"], last["code"]) == (
        ADMIN_SUBJECT,
        "withdrawNomination",
        "FAILURE",
        "NOT_FOUND",
    )


async def test_exports_are_audited(db: Database, api: ApiClient) -> None:
    await seed_access_org(db)
    service = client_for(api, "service")
    response = service.http.get("/exports/readiness", params={"format": "jsonl", "orgUnitId": "U1"})
    assert response.status_code == 200
    rows = response.text.count("\n")
    last = (await audit_events(db))[-1]
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
    failures = [(e["actor"], e["code"]) for e in (await audit_events(db))[-2:]]
    assert failures == [("manager@example.com", "FORBIDDEN"), (ADMIN_SUBJECT, "NOT_FOUND")]


async def test_imports_are_audited_and_for_admins_only(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "org"
    write_csv_dir(generate_demo(60, 3), folder)
    cli = operator()
    assert cli.subject.startswith("cli:")
    assert cli.has(AccessRole.ADMIN)
    report = await imports.import_csv(db, folder, 500, principal=cli)
    event = (await audit_events(db))[-1]
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
    event = (await audit_events(db))[-1]
    assert (event["outcome"], event["code"]) == ("FAILURE", "BAD_USER_INPUT")
    assert json.loads(event["detail"])["issues"] >= 1

    hr = Principal("hr-person", frozenset({AccessRole.HR}))
    with pytest.raises(Forbidden):
        await imports.load_demo(db, 50, 1, 500, principal=hr)
    event = (await audit_events(db))[-1]
    assert (event["actor"], event["action"], event["code"]) == (
        "hr-person",
        "import.demo",
        "FORBIDDEN",
    )


async def test_audit_log_pages_newest_first_for_admins_only(db: Database, api: ApiClient) -> None:
    await seed_access_org(db)
    for employee in ("A2", "O2", "A2"):
        api.data(ASSESS, {"e": employee, "r": "R2"})
    everything = api.data(LOG, {"first": 500})["auditLog"]
    assert everything["pageInfo"]["hasNextPage"] is False
    ids = [e["id"] for e in nodes(everything)]
    times = [e["at"] for e in nodes(everything)]
    assert everything["totalCount"] == len(ids)
    assert times == sorted(times, reverse=True)
    assert len(ids) == len(set(ids)) >= 5  # two nominations in seed, three here

    first = api.data(LOG, {"first": 2})["auditLog"]
    assert [e["id"] for e in nodes(first)] == ids[:2] and first["totalCount"] == len(ids)
    assert first["pageInfo"]["hasNextPage"] is True
    second = api.data(LOG, {"first": 2, "after": first["pageInfo"]["endCursor"]})["auditLog"]
    assert [e["id"] for e in nodes(second)] == ids[2:4]
    since = api.data(LOG, {"since": times[1], "first": 50})["auditLog"]
    assert [e["id"] for e in nodes(since)] == ids[:2] and since["totalCount"] == 2
    walked = [e["id"] for page in api.walk(LOG, "auditLog", {"first": 1}) for e in page]
    assert len(walked) == len(set(walked)) and set(ids) <= set(walked)  # each once
    assert api.error_codes(LOG, {"after": first["edges"][0]["cursor"][::-1]}) == ["BAD_USER_INPUT"]

    assert api.error_codes(LOG, {"first": 501}) == ["BAD_USER_INPUT"]
    assert api.error_codes(LOG, {"after": "garbage"}) == ["BAD_USER_INPUT"]
    for caller in ("hr", "manager", "employee", "service"):
        assert client_for(api, caller).error_codes(LOG) == ["FORBIDDEN"]


async def _settled(db: Database, *actions: str) -> dict[str, dict[str, Any]]:
    """The latest event of each of `actions`, once the read log has written them all."""
    found: dict[str, dict[str, Any]] = {}
    for _ in range(50):
        found = {e["action"]: e for e in await audit_events(db) if e["action"] in actions}
        if set(found) == set(actions):
            return found
        await asyncio.sleep(0.1)
    return found


async def test_sensitive_reads_are_recorded_in_batches(db: Database, api: ApiClient) -> None:
    """Ratings, notes, a 9-box and a review page read as hr each leave a read event: who read
    whose data, with the ids (bounded) and how many."""
    await seed_access_org(db)
    hr = client_for(api, "hr")
    hr.data('{ employee(id: "A") { performance potential riskOfLoss } }')
    hr.data('{ nineBox(orgUnitId: "U1") { employees { totalCount } } }')
    hr.data(
        '{ readinessChanges(since: "2000-01-01T00:00:00Z", orgUnitId: "U1") '
        "{ edges { node { note } } } }"
    )
    page = hr.http.get("/review", params={"unit": "U1"})
    assert page.status_code == 200, page.text
    by_action = await _settled(db, "read.ratings", "read.nineBox", "read.notes", "read.reviewPage")
    assert {e["actor"] for e in by_action.values()} == {"hr@example.com"}
    ratings = [
        json.loads(e["detail"]) for e in await audit_events(db) if e["action"] == "read.ratings"
    ]
    assert any("A" in r["ids"] and r["count"] >= 3 for r in ratings)  # three fields of A
    assert set(json.loads(by_action["read.notes"]["detail"])["ids"]) == {"A2", "O2"}
    assert by_action["read.nineBox"]["target"] == "U1"


async def test_the_trail_cannot_be_flooded(db: Database, api: ApiClient) -> None:
    """A refused mutation's target is cut short; failures beyond the rate are counted in one
    event, not written one by one."""
    await seed_access_org(db)
    flooder = f"flooder-{uuid.uuid4().hex}@example.com"  # the rate is per caller, per process
    employee = api.as_user(flooder, "employee", employee_id="A")
    huge = "X" * 250_000
    assert employee.error_codes(ASSESS, {"e": huge, "r": "R1"}) == ["FORBIDDEN"]
    failures = [e for e in await audit_events(db) if e["outcome"] == "FAILURE"]
    assert failures and len(failures[-1]["target"]) <= 300
    for _ in range(40):
        employee.error_codes(ASSESS, {"e": "A", "r": "R1"})
    written = [
        e
        for e in await audit_events(db)
        if e["actor"] == flooder and e["action"] == "assessReadiness"
    ]
    assert len(written) == 30  # the default per-minute rate, of 41 refusals
    suppressed = (await _settled(db, "audit.suppressed"))["audit.suppressed"]
    assert suppressed["actor"] == flooder
    assert json.loads(suppressed["detail"])["failures"] == 11


async def test_events_past_their_retention_are_deleted(db: Database) -> None:
    await seed_access_org(db)
    async with db.driver.session(database=db.database) as session:
        await session.run(
            "CREATE (:AuditEvent {id: 'ae-old', at: datetime() - duration({days: 400}), "
            "actor: 'x', action: 'old', outcome: 'SUCCESS'})"
        )
    audit.configure(db, Settings(audit_retention_days=365))
    try:
        assert await audit.purge(db, SYSTEM) == 1
    finally:
        audit.configure(db, Settings())
    remaining = await audit_events(db)
    assert "ae-old" not in {e["id"] for e in remaining}
    assert json.loads(remaining[-1]["detail"])["deleted"] == 1
    assert remaining[-1]["action"] == "audit.purge"
