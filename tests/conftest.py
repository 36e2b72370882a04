"""Fixtures every folder shares. Where the tests' Neo4j comes from: NEO4J_URI, else testcontainers
(Docker), else the project's launcher (tests/support/launcher.py). See tests/README.md."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from graph.db import Database
from graph.repositories.schema import migrate, wipe
from graph.settings import DEFAULT_NEO4J_VERSION, Settings
from tests.support.factories import count_graph
from tests.support.http_server import ApiClient, serve
from tests.support.launcher import local_neo4j


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception:
        return False
    return True


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    if os.environ.get("NEO4J_URI"):
        yield Settings()
        return
    if _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        image = f"neo4j:{DEFAULT_NEO4J_VERSION}-community"  # the version the launcher runs
        with Neo4jContainer(image, password="talentgraph-test") as container:
            yield Settings(
                neo4j_uri=container.get_connection_url(),
                neo4j_user="neo4j",
                neo4j_password="talentgraph-test",
            )
        return
    server = local_neo4j(tmp_path_factory.mktemp("neo4j"))
    server.start()
    try:
        yield Settings(neo4j_uri=server.uri)
    finally:
        server.stop()


@pytest.fixture(scope="session")
async def session_db(neo4j_settings: Settings) -> AsyncIterator[Database]:
    db = Database.connect(neo4j_settings)
    counts = await count_graph(db, audit=True)
    if sum(counts.values()) and os.environ.get("TALENTGRAPH_TEST_WIPE") != "1":
        pytest.exit(
            f"the test database at {neo4j_settings.effective_uri} is not empty; the tests wipe it. "
            "Point NEO4J_URI at a scratch server, or set TALENTGRAPH_TEST_WIPE=1 to allow it.",
            returncode=2,
        )
    await migrate(db)
    yield db
    await wipe(db)
    await db.close()


@pytest.fixture
async def db(session_db: Database) -> Database:
    """The test database, emptied (constraints and indexes stay)."""
    await wipe(session_db)
    return session_db


@pytest.fixture
def tmp_dir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture(scope="session")
def api(neo4j_settings: Settings) -> Iterator[ApiClient]:
    """A real HTTP server for the API, shared by the session; tests seed data through `db`."""
    with serve(neo4j_settings) as client:
        yield client
