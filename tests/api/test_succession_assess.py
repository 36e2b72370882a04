"""assessReadiness and withdrawNomination over HTTP: one current READY_FOR edge per pair, an
append-only history, nothing written on error, and no lost update under 50 concurrent calls.

Organisation: unit u1; roles R (critical) and Q; `inc` holds R; `a` and `b` hold Q; `gone` is
inactive. Imported history: a → R READY_3_5_YEARS (so a's first API assessment replaces it).
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import httpx
import pytest

from graph.db import Database
from tests.support.factories import Org, count_graph
from tests.support.http_server import ADMIN_SUBJECT, ApiClient, nodes

ASSESS = """
mutation($input: AssessReadinessInput!) {
  assessReadiness(input: $input) {
    id kind employee { id } role { id } readiness previousReadiness assessedBy assessedAt note
  }
}
"""
WITHDRAW = """
mutation($employeeId: ID!, $roleId: ID!) {
  withdrawNomination(employeeId: $employeeId, roleId: $roleId) {
    id kind employee { id } role { id } readiness previousReadiness assessedBy
  }
}
"""
SUCCESSORS = """
query($roleId: ID!) {
  successors(roleId: $roleId) { edges { node { employee { id } readiness assessedBy } } }
}
"""


def org() -> Org:
    return (
        Org()
        .unit("u1")
        .skill("s1")
        .role("R", "u1", {"s1": (4, 1)}, critical=True)
        .role("Q", "u1", {"s1": (2, 1)})
        .employee("inc", holds=("R",), skills={"s1": 5})
        .employee("a", holds=("Q",), skills={"s1": 3})
        .employee("b", holds=("Q",), skills={"s1": 2})
        .employee("gone", skills={"s1": 4}, active=False)
        .assess("a", "R", "READY_3_5_YEARS")
    )


async def pair(db: Database, employee_id: str, role_id: str) -> dict[str, Any]:
    """The pair's READY_FOR edges and history, read straight from the graph."""
    async with db.driver.session(database=db.database) as session:
        result = await session.run(
            "MATCH (e:Employee {id: $e}), (r:Role {id: $r}) "
            "RETURN [(e)-[rf:READY_FOR]->(r) | rf.readiness] AS edges, "
            "[(e)<-[:OF]-(a:ReadinessAssessment)-[:FOR]->(r) | a {.*}] AS history, "
            "e._lock AS lock",
            {"e": employee_id, "r": role_id},
        )
        record = await result.single()
    assert record is not None
    return record.data()


def assess_input(employee: str, role: str, readiness: str, note: str | None = None) -> dict:
    return {"input": {"employeeId": employee, "roleId": role, "readiness": readiness, "note": note}}


async def test_assess_sets_current_edge_and_appends_history(db: Database, api: ApiClient) -> None:
    await org().save(db)
    alice = api.as_user("alice@example.com", "hr")  # assessedBy is the token's subject
    response = alice.http.post(
        "/graphql",
        json={"query": ASSESS, "variables": assess_input("a", "R", "READY_1_2_YEARS", "solid")},
    )
    first = response.json()["data"]["assessReadiness"]
    assert first["id"].startswith("ra-")
    assert first["kind"] == "ASSESSED"
    assert first["employee"] == {"id": "a"}
    assert first["role"] == {"id": "R"}
    assert first["readiness"] == "READY_1_2_YEARS"
    assert first["previousReadiness"] == "READY_3_5_YEARS"  # the imported one it replaced
    assert first["assessedBy"] == "alice@example.com"
    assert first["note"] == "solid"

    second = api.data(ASSESS, assess_input("a", "R", "READY_NOW"))["assessReadiness"]
    assert second["previousReadiness"] == "READY_1_2_YEARS"
    assert second["assessedBy"] == ADMIN_SUBJECT
    assert second["note"] is None
    assert second["assessedAt"] > first["assessedAt"]

    state = await pair(db, "a", "R")
    assert state["edges"] == ["READY_NOW"]
    assert len(state["history"]) == 3  # the imported entry and the two new ones
    assert state["lock"] is None  # the lock property never survives the transaction
    assert nodes(api.data(SUCCESSORS, {"roleId": "R"})["successors"]) == [
        {"employee": {"id": "a"}, "readiness": "READY_NOW", "assessedBy": ADMIN_SUBJECT}
    ]


async def test_note_of_exactly_2000_characters_is_accepted(db: Database, api: ApiClient) -> None:
    await org().save(db)
    got = api.data(ASSESS, assess_input("b", "R", "READY_NOW", "n" * 2000))["assessReadiness"]
    assert len(got["note"]) == 2000
    assert got["previousReadiness"] is None


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        (assess_input("nobody", "R", "READY_NOW"), "NOT_FOUND"),
        (assess_input("a", "NOPE", "READY_NOW"), "NOT_FOUND"),
        (assess_input("inc", "R", "READY_NOW"), "BAD_USER_INPUT"),  # incumbent, own role
        (assess_input("gone", "R", "READY_NOW"), "BAD_USER_INPUT"),  # inactive
        (assess_input("a", "R", "READY_NOW", "n" * 2001), "BAD_USER_INPUT"),
    ],
)
async def test_assess_errors_write_nothing(
    db: Database, api: ApiClient, variables: dict, code: str
) -> None:
    await org().save(db)
    before = await count_graph(db)
    assert api.error_codes(ASSESS, variables) == [code]
    assert await count_graph(db) == before
    state = await pair(db, "a", "R")
    assert state["edges"] == ["READY_3_5_YEARS"]
    assert state["lock"] is None


async def test_withdraw_deletes_edge_and_records_it(db: Database, api: ApiClient) -> None:
    await org().save(db)
    api.data(ASSESS, assess_input("b", "R", "READY_NOW"))
    got = api.data(WITHDRAW, {"employeeId": "b", "roleId": "R"})["withdrawNomination"]
    assert got["kind"] == "WITHDRAWN"
    assert got["readiness"] is None
    assert got["previousReadiness"] == "READY_NOW"
    assert got["assessedBy"] == ADMIN_SUBJECT
    state = await pair(db, "b", "R")
    assert state["edges"] == []
    assert sorted(h["kind"] for h in state["history"]) == ["ASSESSED", "WITHDRAWN"]
    assert nodes(api.data(SUCCESSORS, {"roleId": "R"})["successors"]) == [
        {"employee": {"id": "a"}, "readiness": "READY_3_5_YEARS", "assessedBy": "hr@example.com"}
    ]

    before = await count_graph(db)
    assert api.error_codes(WITHDRAW, {"employeeId": "b", "roleId": "R"}) == ["NOT_FOUND"]
    assert api.error_codes(WITHDRAW, {"employeeId": "b", "roleId": "NOPE"}) == ["NOT_FOUND"]
    assert api.error_codes(WITHDRAW, {"employeeId": "nobody", "roleId": "R"}) == ["NOT_FOUND"]
    assert await count_graph(db) == before


async def test_fifty_concurrent_assessments_of_one_pair(db: Database, api: ApiClient) -> None:
    """Each call must see the edge the previous one left: one edge, 50 entries, one unbroken chain.

    Without the employee lock, concurrent MERGEs can create two edges, and two calls can read the
    same previous readiness (a lost update that shows as a fork in the chain).
    """
    await org().save(db)
    levels = ["READY_NOW", "READY_1_2_YEARS", "READY_3_5_YEARS"]

    async def call(client: httpx.AsyncClient, i: int) -> dict[str, Any]:
        response = await client.post(
            "/graphql",
            json={"query": ASSESS, "variables": assess_input("b", "R", levels[i % 3], f"#{i}")},
        )
        body: dict[str, Any] = response.json()
        assert not body.get("errors"), body
        return body["data"]["assessReadiness"]  # type: ignore[no-any-return]

    async with httpx.AsyncClient(base_url=api.base_url, timeout=60, headers=api.headers) as client:
        results = await asyncio.gather(*(call(client, i) for i in range(50)))

    assert len({r["id"] for r in results}) == 50
    state = await pair(db, "b", "R")
    assert len(state["edges"]) == 1
    history = sorted(state["history"], key=lambda h: h["assessedAt"])
    assert len(history) == 50
    assert len({h["assessedAt"] for h in history}) == 50  # serialised: strictly increasing times
    assert history[0].get("previousReadiness") is None
    for before, after in itertools.pairwise(history):
        assert after["previousReadiness"] == before["readiness"]
    assert state["edges"] == [history[-1]["readiness"]]
