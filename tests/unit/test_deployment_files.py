"""The files for users with Docker stay true to the project, though no Docker engine runs here:
the same Neo4j version as the local launcher, and health checks that mean "ready"."""

from __future__ import annotations

import re

from graph.settings import DEFAULT_NEO4J_VERSION
from tests.support.paths import REPO


def test_compose_files_run_the_launchers_neo4j_version() -> None:
    for name, edition in (
        ("docker-compose.yml", "community"),
        ("docker-compose.cluster.yml", "enterprise"),
    ):
        images = re.findall(r"image:\s*neo4j:(\S+)", (REPO / name).read_text(encoding="utf-8"))
        assert images == [f"{DEFAULT_NEO4J_VERSION}-{edition}"], (name, images)


def test_the_api_is_healthy_only_when_ready() -> None:
    compose = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    api = compose[compose.index("\n  api:") :]
    assert "/readyz" in api[api.index("healthcheck:") :]
    assert "/readyz" in (REPO / "Dockerfile").read_text(encoding="utf-8")
