"""Faults on a real Neo4j of the test's own (not the session's): killed mid-import and
mid-request, stopped gracefully under load, started again.

While it is down `/readyz` and GraphQL answer 503 quickly; when it is back the service recovers
by itself (no restart: the driver reconnects, a schema that could not be applied at start is
applied then); an import interrupted by the crash knows what it wrote, its audit event is kept
until Neo4j is back, and run again it ends in the same graph as one that never was. What the
tests measure on the way goes into FIGURES, which `bench/outage.py` runs this file to print.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from api.cli.common import operator
from graph.auth import LOCAL_DEVELOPER
from graph.db import Database
from graph.demo import generate_demo, write_csv_dir
from graph.errors import LocalServerError, ServiceUnavailable
from graph.importing.csv_import import import_directory
from graph.importing.progress import ImportProgress
from graph.neo4j_server import LocalNeo4j
from graph.repositories.schema import migrate, wipe
from graph.services import dump as dumping
from graph.services import imports
from graph.services.audit import record_kept_events
from graph.services.audit.spool import AuditSpool
from graph.settings import Settings
from tests.support.bolt_proxy import SilentProxy
from tests.support.http_server import serve
from tests.support.launcher import local_neo4j

QUERY = '{ role(id: "R00001") { id title incumbents { edges { node { id name } } } } }'
FIGURES: dict[str, Any] = {}


@pytest.fixture(scope="module")
def own_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    server = local_neo4j(tmp_path_factory.mktemp("fault-neo4j"), heap="512m", pagecache="128m")
    try:
        server.start()
    except LocalServerError as exc:
        pytest.skip(f"no local Neo4j for fault injection: {exc}")
    try:
        yield server
    finally:
        server.kill()  # a throw-away store: no need to wait for a clean shutdown


@pytest.fixture
async def own_db(own_neo4j: LocalNeo4j) -> AsyncIterator[Database]:
    if not own_neo4j.status().running:
        own_neo4j.start()
    db = Database.connect(Settings(neo4j_uri=own_neo4j.uri), retry_time=1.0)
    await migrate(db)
    yield db
    await db.close()


def timed_start(server: LocalNeo4j, what: str) -> None:
    started = time.monotonic()
    server.start()
    FIGURES[f"{what}: Neo4j start (s)"] = round(time.monotonic() - started, 2)


async def graph_lines(db: Database, path: Path) -> list[str]:
    """The dump's lines without the audit trail (dumps record themselves) and the counts line."""
    await dumping.dump(db, path, principal=LOCAL_DEVELOPER)
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if '"labels":["AuditEvent"]' not in line and '"kind":"end"' not in line
    ]


async def has_skill_count(db: Database) -> int:
    async with db.driver.session(database=db.database) as session:
        result = await session.run("MATCH ()-[h:HAS_SKILL]->() RETURN count(h) AS n")
        record = await result.single()
    return int(record["n"]) if record else 0


async def test_an_import_killed_midway_and_run_again_ends_in_the_same_graph(
    own_neo4j: LocalNeo4j, own_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "csv"
    write_csv_dir(generate_demo(80, seed=3), folder)
    await wipe(own_db)
    started = time.monotonic()
    await import_directory(own_db, folder, batch_size=1000)
    FIGURES["import: uninterrupted (s)"] = round(time.monotonic() - started, 2)
    reference = await graph_lines(own_db, tmp_path / "reference.jsonl")

    await wipe(own_db)
    killed: list[float] = []

    def advance(name: str, done: int) -> None:
        if name == "employee_skills.csv" and done >= 500 and not killed:
            own_neo4j.kill()
            killed.append(time.monotonic())

    progress = ImportProgress()
    spool = AuditSpool(tmp_path / "audit-pending", own_neo4j.uri)
    with pytest.raises(ServiceUnavailable):
        await imports.import_csv(
            own_db,
            folder,
            100,
            advance=advance,
            principal=operator(),
            progress=progress,
            spool=spool,
        )
    FIGURES["import: failed after the kill (s)"] = round(time.monotonic() - killed[0], 2)
    assert len(spool.kept) == 1, "the audit event waits on disk for the database"
    timed_start(own_neo4j, "import")
    partial = await graph_lines(own_db, tmp_path / "partial.jsonl")
    assert 0 < len(partial) < len(reference), "the crash left part of the import"
    # What the import said it wrote is what the graph holds.
    assert progress.current == "employee_skills.csv"
    said = progress.file("employee_skills.csv").written
    assert said <= await has_skill_count(own_db) <= said + progress.in_doubt
    assert [f.name for f in progress.files if f.finished] == progress.audit()["complete"]
    assert await record_kept_events(own_db, spool) == 1
    assert not spool.pending()
    async with own_db.driver.session(database=own_db.database) as session:
        result = await session.run(
            "MATCH (a:AuditEvent) WHERE a.action STARTS WITH 'import' "
            "RETURN a.outcome AS o, a.detail AS d"
        )
        (event,) = [record async for record in result]  # the dumps above record themselves too
    assert event["o"] == "FAILURE"
    assert json.loads(event["d"])["written"]["employee_skills.csv"] == said

    report = await import_directory(own_db, folder, batch_size=1000)  # the same driver, reconnected
    assert report.rows > 0
    assert await graph_lines(own_db, tmp_path / "again.jsonl") == reference


@dataclass
class Load:
    """Queries sent back to back from a thread, each answer recorded."""

    base_url: str
    answers: list[tuple[float, float, int, dict[str, Any] | None]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=60) as client:
            while not self.stop.is_set():
                sent = time.monotonic()
                response = client.post("/graphql", json={"query": QUERY})
                took = time.monotonic() - sent
                try:
                    body = response.json()
                except ValueError:
                    body = None
                self.answers.append((sent, took, response.status_code, body))


def wait_ready(client: httpx.Client, within: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < within:
        if client.get("/readyz").status_code == 200:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"/readyz not back within {within}s")


async def test_requests_during_outages_answer_503_quickly_and_recover(
    own_neo4j: LocalNeo4j, own_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "csv"
    write_csv_dir(generate_demo(50, seed=4), folder)
    await wipe(own_db)
    await import_directory(own_db, folder, batch_size=1000)
    settings = Settings(neo4j_uri=own_neo4j.uri)
    # Refused connections (Neo4j down): retries for api_retry_time, the last back-off included.
    typical = settings.api_retry_time * 2 + 1
    # A server starting up accepts connections before it answers them: each attempt may wait the
    # connection timeout, and such a request may then succeed rather than fail.
    bound = typical + 2 * settings.neo4j_connection_timeout

    with serve(settings, auth=False) as api:
        client = api.http
        healthy = client.post("/graphql", json={"query": QUERY}).json()
        assert healthy["data"]["role"]["incumbents"]["edges"], healthy
        load = Load(api.base_url)
        worker = threading.Thread(target=load.run, daemon=True)
        worker.start()
        await asyncio.sleep(0.5)

        # Fault 1: killed under load, as by a crash or the OOM killer.
        own_neo4j.kill()
        down = time.monotonic()
        readyz = client.get("/readyz")
        FIGURES["kill: /readyz answer while down (s)"] = round(time.monotonic() - down, 3)
        assert readyz.status_code == 503
        assert readyz.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
        during = client.post("/graphql", json={"query": QUERY})
        assert during.status_code == 503 and during.headers["retry-after"] == "5"
        assert during.json()["data"] is None
        assert [e["extensions"]["code"] for e in during.json()["errors"]] == ["SERVICE_UNAVAILABLE"]

        # An API started while Neo4j is down comes up, and applies the schema once Neo4j is back.
        with serve(settings, auth=False) as late:
            assert late.app is not None and late.app.state.schema_ready is False
            assert late.http.get("/readyz").status_code == 503
            timed_start(own_neo4j, "kill")
            FIGURES["kill: /readyz 200 after Neo4j is up (s)"] = round(wait_ready(client, 60), 2)
            wait_ready(late.http, 30)
            assert late.app.state.schema_ready is True
        first_good = time.monotonic()
        assert client.post("/graphql", json={"query": QUERY}).json() == healthy
        FIGURES["kill: first query once ready (s)"] = round(time.monotonic() - first_good, 3)
        await asyncio.sleep(0.5)

        # Fault 2: a graceful stop under load (a rolling restart).
        own_neo4j.stop()
        assert client.get("/readyz").status_code == 503
        timed_start(own_neo4j, "stop")
        FIGURES["stop: /readyz 200 after Neo4j is up (s)"] = round(wait_ready(client, 60), 2)
        await asyncio.sleep(0.5)
        load.stop.set()
        worker.join(timeout=bound + 5)
        assert client.post("/graphql", json={"query": QUERY}).json() == healthy

    statuses = [status for _, _, status, _ in load.answers]
    unavailable = [a for a in load.answers if a[2] == 503]
    assert set(statuses) <= {200, 503}, sorted(set(statuses))
    assert unavailable and statuses.count(200) > len(unavailable) / 10
    for _, took, status, body in load.answers:
        assert took < bound, (took, status, body)
        assert body is not None
        if status == 503:
            assert body["data"] is None
            assert [e["extensions"]["code"] for e in body["errors"]] == ["SERVICE_UNAVAILABLE"]
        else:
            assert not body.get("errors") and body == healthy, body
    waits = [took for _, took, status, _ in load.answers if status == 503]
    assert statistics.median(waits) < typical, waits
    FIGURES["load: requests"] = len(load.answers)
    FIGURES["load: 503 answers"] = len(unavailable)
    FIGURES["load: 503 latency median / max (s)"] = (
        round(statistics.median(waits), 2),
        round(max(waits), 2),
    )
    FIGURES["load: slowest 200 (s)"] = round(
        max(took for _, took, status, _ in load.answers if status == 200), 2
    )


async def _one(db: Database) -> int:
    async with db.reading() as tx:
        _, records = await tx.records("RETURN 1 AS one", {})
    return int(records[0]["one"])


async def test_a_silent_network_is_bounded_by_the_deadline(neo4j_settings: Settings) -> None:
    """Without the API's deadline, a query whose connection went silent waits for the driver's
    read timeout: Neo4j's hint, 120 s by default, and none at all without it."""
    target = urlsplit(neo4j_settings.effective_uri)
    if target.scheme not in ("bolt", "neo4j") or target.hostname is None:
        pytest.skip("the silent proxy speaks plain Bolt only")
    with SilentProxy(target.hostname, target.port or 7687) as proxy:
        settings = neo4j_settings.model_copy(
            update={"neo4j_uri": proxy.uri, "neo4j_connection_timeout": 1.0}
        )
        db = Database.connect(settings, query_timeout=5.0, retry_time=0.0)
        assert db.deadline == 7.0
        try:
            assert await _one(db) == 1
            proxy.silent.set()
            started = time.monotonic()
            with pytest.raises(ServiceUnavailable):
                await _one(db)  # on the pooled connection: sent, never answered
            FIGURES["silent network: a read gives up after (s)"] = round(
                time.monotonic() - started, 2
            )
            assert time.monotonic() - started < db.deadline + 1
            started = time.monotonic()
            with pytest.raises(ServiceUnavailable):
                await db.ping()
            FIGURES["silent network: /readyz check gives up after (s)"] = round(
                time.monotonic() - started, 2
            )
            assert time.monotonic() - started < settings.neo4j_connection_timeout + 1
            proxy.silent.clear()
            assert await _one(db) == 1
        finally:
            await db.close()
