"""On a cluster, reads must be routable to any server and writes to the leader: every read path
asks for read routing, mutations for write routing; a write's bookmark goes back to the client and
is accepted on its next request (read-your-writes across API replicas)."""

from __future__ import annotations

from typing import Any

import pytest

from api.causal import HEADER, parse
from graph import version as graph_version
from graph.db import Database
from tests.factories import Org
from tests.http_server import ApiClient

READS = {
    "employee": '{ employee(id: "a") { id name skills { level } roles { id } manager { id } directReports { id } } }',
    "role": '{ role(id: "R") { id orgUnit { id } incumbents { id } requirements { level } } }',
    "successionCandidates": '{ successionCandidates(roleId: "R") { employee { id } fit gaps { shortfall } } }',
    "successors": '{ successors(roleId: "R") { employee { id } readiness fit } }',
    "benchStrength": "{ benchStrength { role { id } benchScore coverage keyPersonRisk } }",
    "vacancyChain": '{ vacancyChain(roleId: "R") { steps { role { id } } endsWith } }',
    "talentMap": '{ talentMap(employeeId: "a") { role { id } fit move } }',
    "readinessChanges": '{ readinessChanges(since: "2020-01-01T00:00:00Z") { items { readiness } } }',
    "nineBox": "{ nineBox { performance potential employees { id } } }",
    "automationExposedRoles": "{ automationExposedRoles { role { id } exposure } }",
}


def _db(api: ApiClient) -> Database:
    assert api.app is not None
    db: Database = api.app.state.db
    return db


def org() -> Org:
    return (
        Org()
        .unit("u")
        .skill("s")
        .role("R", "u", {"s": (3, 1)}, critical=True)
        .role("Q", "u", {"s": (2, 1)})
        .employee("boss", holds=("Q",), skills={"s": 3})
        .employee("a", skills={"s": 2}, manager="boss")
        .assess("a", "R", "READY_1_2_YEARS")
    )


@pytest.mark.parametrize("name", sorted(READS))
async def test_every_read_path_asks_for_read_routing(
    db: Database, api: ApiClient, name: str
) -> None:
    await org().save(db)
    # The test's wipe wrote behind TalentGraph's back: the first read adopts that (a write, see
    # graph/version.py). Settle it first; from then on reads only read.
    await graph_version.now(db)
    sessions = _db(api).sessions
    before = dict(sessions)
    body: dict[str, Any] = api.graphql(READS[name])
    assert not body.get("errors"), body
    assert sessions["READ"] > before.get("READ", 0), "the read opened no read session"
    assert sessions["WRITE"] == before.get("WRITE", 0), f"{name} opened a write session"


async def test_mutations_use_write_routing_and_return_a_bookmark(
    db: Database, api: ApiClient
) -> None:
    await org().save(db)
    sessions = _db(api).sessions
    writes = sessions["WRITE"]
    response = api.http.post(
        "/graphql",
        json={
            "query": 'mutation { assessReadiness(input: {employeeId: "a", roleId: "R", readiness: READY_NOW}) { id } }'
        },
    )
    assert response.status_code == 200 and not response.json().get("errors"), response.text
    assert sessions["WRITE"] > writes
    bookmark = response.headers[HEADER]
    assert parse(bookmark)
    # The next request brings it back: the read waits for that write, then sees it.
    follow = api.http.post(
        "/graphql",
        json={"query": '{ successors(roleId: "R") { employee { id } readiness } }'},
        headers={HEADER: bookmark},
    )
    assert follow.json()["data"]["successors"] == [
        {"employee": {"id": "a"}, "readiness": "READY_NOW"}
    ]
    assert HEADER not in follow.headers  # reads produce no new bookmark


def test_bookmark_header_is_sanitised() -> None:
    assert parse(None) == []
    assert parse("FB:abc=, bad value with spaces, ok:1") == ["FB:abc=", "ok:1"]
    assert len(parse(",".join(["b:1"] * 50))) == 16
