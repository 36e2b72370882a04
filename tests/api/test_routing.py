"""On a cluster, reads must be routable to any server and writes to the leader: every read path
asks for read routing, mutations for write routing; a write's bookmark goes back to the client and
is accepted on its next request (read-your-writes across API replicas).

Bookmarks are signed by the API: a forged, altered or malformed one is refused at once with 400
BAD_USER_INPUT (never a 500, never a wait on Neo4j), and one no server reaches in time is answered
BOOKMARK_NOT_READY within the bookmark wait, not as an outage."""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from api.causal import HEADER, BadBookmark, BookmarkSigner, signer_for
from graph import version as graph_version
from graph.db import Database
from graph.errors import ConfigurationError
from graph.settings import Settings
from tests.support.bookmarks import later, neo4j_bookmarks
from tests.support.factories import Org
from tests.support.http_server import TEST_SECRET, ApiClient, serve

READS = {
    "employee": '{ employee(id: "a") { id name skills { level } roles { id } manager { id } directReports { edges { node { id } } } } }',
    "role": '{ role(id: "R") { id orgUnit { id } incumbents { edges { node { id } } } requirements { level } } }',
    "successionCandidates": '{ successionCandidates(roleId: "R") { edges { node { employee { id } fit gaps { shortfall } } } } }',
    "successors": '{ successors(roleId: "R") { edges { node { employee { id } readiness fit } } } }',
    "benchStrength": "{ benchStrength { edges { node { role { id } benchScore coverage keyPersonRisk } } } }",
    "vacancyChain": '{ vacancyChain(roleId: "R") { steps { role { id } } endsWith } }',
    "talentMap": '{ talentMap(employeeId: "a") { edges { node { role { id } fit move } } } }',
    "readinessChanges": '{ readinessChanges(since: "2020-01-01T00:00:00Z") { edges { node { readiness } } } }',
    "nineBox": "{ nineBox { performance potential employees { edges { node { id } } } } }",
    "automationExposedRoles": "{ automationExposedRoles { edges { node { role { id } exposure } } } }",
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


@pytest.fixture(scope="module")
def reads_only(neo4j_settings: Settings) -> Iterator[ApiClient]:
    """A server whose audit read log is not written during these tests (it is a write, made
    every few seconds in the background: tests/test_audit.py covers it)."""
    with serve(neo4j_settings, read_flush=3600) as client:
        yield client


@pytest.mark.parametrize("name", sorted(READS))
async def test_every_read_path_asks_for_read_routing(
    db: Database, reads_only: ApiClient, name: str
) -> None:
    api = reads_only
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
    assert bookmark.startswith("tg1.") and neo4j_bookmarks(bookmark)
    # The next request brings it back: the read waits for that write, then sees it.
    follow = api.http.post(
        "/graphql",
        json={
            "query": '{ successors(roleId: "R") { edges { node { employee { id } readiness } } } }'
        },
        headers={HEADER: bookmark},
    )
    assert follow.json()["data"]["successors"]["edges"] == [
        {"node": {"employee": {"id": "a"}, "readiness": "READY_NOW"}}
    ]
    assert HEADER not in follow.headers  # reads produce no new bookmark


# -- signed bookmarks ----------------------------------------------------------------------

ASSESS = (
    'mutation { assessReadiness(input: {employeeId: "a", roleId: "R", readiness: READY_NOW}) '
    "{ id } }"
)
READ = '{ role(id: "R") { id } successors(roleId: "R") { totalCount } }'
#: Shorter than the shared server's: a test can tell a wait on Neo4j from a quick answer.
QUICK = {
    "neo4j_query_timeout": 3.0,
    "api_retry_time": 0.5,
    "neo4j_connection_timeout": 1.0,
    "api_bookmark_wait": 1.0,
}


@pytest.fixture(scope="module")
def quick(neo4j_settings: Settings) -> Iterator[ApiClient]:
    """A server whose request timeout (the query timeout) is 3 s and bookmark wait 1 s."""
    with serve(neo4j_settings.model_copy(update=QUICK)) as client:
        yield client


def forgeries(header: str) -> dict[str, str]:
    """What the attacker sent: the real bookmark raised, bare or re-wrapped with the old MAC."""
    raised = [later(v) for v in neo4j_bookmarks(header)]
    forged = {"raised, bare": ",".join(raised)}
    if header.startswith("tg1."):
        _, _, mac = header.split(".")
        payload = base64.urlsafe_b64encode(json.dumps(raised).encode()).rstrip(b"=").decode()
        forged["raised, old signature"] = f"tg1.{payload}.{mac}"
    return forged


def a_real_bookmark(api: ApiClient) -> str:
    """A bookmark any token holder gets: an employee's refused mutation still writes its audit
    event, and answers that write's bookmark."""
    employee = api.as_user("someone", "employee", employee_id="a")
    refused = employee.http.post("/graphql", json={"query": ASSESS})
    assert [e["extensions"]["code"] for e in refused.json()["errors"]] == ["FORBIDDEN"]
    return refused.headers[HEADER]


def _timed(call: Callable[[], httpx.Response]) -> httpx.Response:
    """`call()`, which must answer within the quick server's request timeout."""
    started = time.monotonic()
    result = call()
    elapsed = time.monotonic() - started
    assert elapsed < QUICK["neo4j_query_timeout"], f"took {elapsed:.1f} s"
    return result


def _answers(api: ApiClient, header: str) -> dict[str, httpx.Response]:
    """The answers of three routes to a request with `header`, each within the quick server's
    request timeout (the query timeout)."""
    headers = {HEADER: header}
    calls = {
        "/graphql": lambda: api.http.post("/graphql", json={"query": READ}, headers=headers),
        "/review": lambda: api.http.get("/review", headers=headers),
        "/exports/readiness": lambda: api.http.get("/exports/readiness", headers=headers),
    }
    return {path: _timed(call) for path, call in calls.items()}


def _refused_as_bad_input(path: str, response: httpx.Response) -> None:
    assert response.status_code == 400, (path, response.status_code, response.text[:300])
    body = response.json()
    if path == "/graphql":
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
        message = body["errors"][0]["message"]
    else:
        assert body["error"]["code"] == "BAD_USER_INPUT"
        message = body["error"]["message"]
    assert HEADER in message


async def test_a_forged_bookmark_is_refused_at_once(
    db: Database, quick: ApiClient, caplog: pytest.LogCaptureFixture
) -> None:
    """The attack of "Access and abuse, round two": a real bookmark with its transaction number
    raised made each request wait ~42 s and answer 503 while Neo4j was healthy."""
    await org().save(db)
    header = a_real_bookmark(quick)
    caplog.set_level(logging.WARNING, logger="talentgraph")
    for name, forged in forgeries(header).items():
        for path, response in _answers(quick, forged).items():
            _refused_as_bad_input(path, response)
        assert name
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(HEADER in w and "signature" in w for w in warnings), warnings
    assert any(HEADER in w and "format" in w for w in warnings), warnings
    logged = " ".join(warnings)
    assert TEST_SECRET not in logged and "FB:" not in logged and "tg1." not in logged
    # The real one still works.
    assert quick.http.post("/graphql", json={"query": READ}, headers={HEADER: header}).json()[
        "data"
    ]["role"] == {"id": "R"}


@pytest.mark.parametrize(
    "header",
    [
        "FB:abc",
        "FB:kcwQHYQSdSJ4TNSv2AkzGK2OzMkA25A=",
        "abc,def",
        "tg1.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "tg1." + "A" * 3000 + ".x",
        "x" * 10_000,
    ],
)
async def test_a_malformed_bookmark_is_400_not_500(
    db: Database, quick: ApiClient, header: str
) -> None:
    """A value that passed the old header pattern gave INTERNAL_SERVER_ERROR on every field and
    500 on /review."""
    await org().save(db)
    for path, response in _answers(quick, header).items():
        _refused_as_bad_input(path, response)


async def test_forged_bookmarks_do_not_take_the_api_down_for_others(
    db: Database, quick: ApiClient
) -> None:
    """120 forged requests at once; another user's request meanwhile still gets its answer."""
    await org().save(db)
    forged = forgeries(a_real_bookmark(quick))["raised, bare"]
    other = quick.as_user("other", "hr")

    def attack(_: int) -> int:
        response = quick.http.post("/graphql", json={"query": READ}, headers={HEADER: forged})
        return response.status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
        attacks = pool.map(attack, range(120))
        await asyncio.sleep(0.2)
        started = time.monotonic()
        mine = other.http.post("/graphql", json={"query": READ})
        elapsed = time.monotonic() - started
        statuses = list(attacks)
    assert mine.status_code == 200 and mine.json()["data"]["role"] == {"id": "R"}, mine.text
    assert elapsed < QUICK["neo4j_query_timeout"]
    assert set(statuses) == {400}


async def test_a_bookmark_no_server_reaches_is_not_an_outage(
    db: Database, quick: ApiClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A bookmark this service signed whose write no server has (a replica far behind, here one
    ahead of the database): answered BOOKMARK_NOT_READY (409) after the bookmark wait, well
    within the request timeout, and said so in the log; never SERVICE_UNAVAILABLE."""
    await org().save(db)
    assert quick.app is not None
    signer: BookmarkSigner = quick.app.state.bookmarks
    ahead = signer.sign([later(v) for v in neo4j_bookmarks(a_real_bookmark(quick))])
    caplog.set_level(logging.WARNING, logger="graph.db")
    answers = _answers(quick, ahead)
    for path, response in answers.items():
        assert response.status_code == 409, (path, response.text[:300])
        assert "SERVICE_UNAVAILABLE" not in response.text
    graphql = answers["/graphql"].json()
    assert graphql["data"] is None
    assert [e["extensions"]["code"] for e in graphql["errors"]] == ["BOOKMARK_NOT_READY"]
    assert answers["/graphql"].headers["retry-after"] == "1"
    assert answers["/exports/readiness"].json()["error"]["code"] == "BOOKMARK_NOT_READY"
    assert any("BOOKMARK_NOT_READY" in r.getMessage() for r in caplog.records)
    assert quick.http.get("/readyz").status_code == 200
    # A request reading in several places (two nullable fields, so one error does not stop
    # the other) waits once, not once for each.
    both = '{ employee(id: "a") { id } role(id: "R") { id } }'
    started = time.monotonic()
    answer = quick.http.post("/graphql", json={"query": both}, headers={HEADER: ahead})
    assert time.monotonic() - started < 1.6 * QUICK["api_bookmark_wait"]
    assert answer.status_code == 409 and answer.json()["data"] is None


async def test_a_bookmark_neo4j_refuses_is_400(db: Database, quick: ApiClient) -> None:
    """Signed by this service but not a bookmark Neo4j can read (as after a restore into a
    new database): 400, never 500."""
    await org().save(db)
    assert quick.app is not None
    odd = quick.app.state.bookmarks.sign(["FB:abc"])
    for path, response in _answers(quick, odd).items():
        assert response.status_code == 400, (path, response.text[:300])
    body = quick.http.post("/graphql", json={"query": READ}, headers={HEADER: odd}).json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]


def test_signed_bookmarks() -> None:
    signer = BookmarkSigner(b"k" * 32, "neo4j")
    header = signer.sign(["FB:b", "FB:a"])
    assert signer.verify(header) == ["FB:a", "FB:b"]
    assert signer.verify(None) == [] and signer.verify("  ") == []
    two = signer.sign(["FB:c"])
    assert signer.verify(f"{header}, {two}") == ["FB:a", "FB:b", "FB:c"]
    for other in (BookmarkSigner(b"j" * 32, "neo4j"), BookmarkSigner(b"k" * 32, "other")):
        with pytest.raises(BadBookmark, match="signature"):
            other.verify(header)
    _, payload, mac = header.split(".")
    for altered in (f"tg1.{payload}A.{mac}", f"tg1.{payload}.{mac[:-1]}B", f"tg2.{payload}.{mac}"):
        with pytest.raises(BadBookmark):
            signer.verify(altered)
    with pytest.raises(BadBookmark, match="more than 16"):
        signer.verify(signer.sign([f"FB:{i}" for i in range(17)]))
    with pytest.raises(BadBookmark, match="not a list of bookmarks"):
        signer.verify(signer.sign(["has space"]))


def test_bookmark_keys(caplog: pytest.LogCaptureFixture) -> None:
    """Replicas sharing the JWT secret (or TALENTGRAPH_BOOKMARK_KEY) accept each other's
    bookmarks; anything else signs with a key of its own process."""
    hs256 = Settings(auth_enabled=True, jwt_secret=SecretStr(TEST_SECRET))
    header = signer_for(hs256).sign(["FB:a"])
    assert signer_for(hs256).verify(header) == ["FB:a"]
    other = hs256.model_copy(update={"jwt_secret": SecretStr(TEST_SECRET + "x")})
    with pytest.raises(BadBookmark):
        signer_for(other).verify(header)
    shared = Settings(auth_enabled=True, jwt_algorithm="RS256", bookmark_key=SecretStr("b" * 32))
    assert signer_for(shared).verify(signer_for(shared).sign(["FB:a"])) == ["FB:a"]
    caplog.set_level(logging.WARNING, logger="talentgraph")
    rs256 = Settings(auth_enabled=True, jwt_algorithm="RS256")
    with pytest.raises(BadBookmark):
        signer_for(rs256).verify(signer_for(rs256).sign(["FB:a"]))
    assert any("TALENTGRAPH_BOOKMARK_KEY" in r.getMessage() for r in caplog.records)
    local = Settings(auth_enabled=False)
    with pytest.raises(BadBookmark):
        signer_for(local).verify(signer_for(local).sign(["FB:a"]))
    with pytest.raises(ConfigurationError, match="TALENTGRAPH_BOOKMARK_KEY"):
        signer_for(Settings(bookmark_key=SecretStr("short")))
