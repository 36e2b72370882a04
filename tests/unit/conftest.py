"""Unit tests run without Neo4j (`pytest tests/unit` starts no server). A test here that asks for
the database, directly or through `db`, `session_db` or `api`, fails and says where it belongs."""

from __future__ import annotations

import pytest

from graph.settings import Settings


@pytest.fixture(scope="session")
def neo4j_settings() -> Settings:
    pytest.fail(
        "a unit test asked for Neo4j: move it to tests/integration (or tests/api, over HTTP); "
        "see tests/README.md",
        pytrace=False,
    )
