"""The local Neo4j launcher as a user meets it (`talentgraph neo4j ...` in a subprocess): its home
and port remembered, so `status` and every command that needs Neo4j find it from any folder
without NEO4J_URI; a busy port or a second port refused at once. What needs no server (memory
defaults, the home found upwards, a busy port) is in tests/unit/test_first_hour_cli.py."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.neo4j_home import free_port, port_is_free
from graph.neo4j_server import LocalNeo4j
from graph.settings import Settings
from tests.support.cli_runs import isolated_env, run


@pytest.fixture
def layout(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """A project folder, a folder elsewhere, a state folder; every server started in them is
    stopped at the end."""
    places = {name: tmp_path / name for name in ("project", "elsewhere", "other")}
    for place in places.values():
        place.mkdir()
    (places["project"] / "sub").mkdir()
    yield places
    for home in (places["project"] / ".talentgraph", places["other"]):
        LocalNeo4j(home / "neo4j", Settings().cache_dir, Settings().neo4j_version).stop()


def test_the_local_server_is_found_from_any_folder_on_its_own_port(
    tmp_path: Path, layout: dict[str, Path]
) -> None:
    env = isolated_env(tmp_path)
    del env["TALENTGRAPH_HOME"]  # found, not given
    port = free_port()
    started = run(
        env,
        *("neo4j", "start", "--port", str(port), "--heap", "512m", "--pagecache", "128m"),
        cwd=layout["project"],
    )
    if started.returncode != 0 and ("Java" in started.stderr or "Maven" in started.stderr):
        pytest.skip(f"no local Neo4j here: {started.stderr}")
    assert started.returncode == 0, started.stderr
    assert f"bolt://127.0.0.1:{port}" in started.stdout
    home = layout["project"] / ".talentgraph"
    state = json.loads((home / "neo4j" / "server.json").read_text())
    assert (state["port"], state["heap"], state["pagecache"]) == (port, "512m", "128m")

    # `status` from a subfolder (found upwards) and from elsewhere (remembered), on its port.
    for folder in (layout["project"] / "sub", layout["elsewhere"]):
        status = run(env, "neo4j", "status", cwd=folder)
        assert status.returncode == 0, status.stdout
        assert f"at bolt://127.0.0.1:{port}" in status.stdout
        assert "heap 512m, page cache 128m" in status.stdout
        assert f"home {home.resolve() / 'neo4j'}" in status.stdout
    # Commands that need Neo4j reach it without NEO4J_URI.
    migrated = run(env, "migrate", cwd=layout["elsewhere"])
    assert migrated.returncode == 0, migrated.stderr

    # Another port for the running server, or a port another program holds: refused at once
    # (the time includes starting Python).
    began = time.monotonic()
    moved = run(env, "neo4j", "start", "--port", str(free_port()), cwd=layout["elsewhere"])
    assert moved.returncode == 2
    assert f"already runs on port {port}" in moved.stderr
    assert time.monotonic() - began < 5
    began = time.monotonic()
    busy_env = {**env, "TALENTGRAPH_HOME": str(layout["other"])}
    busy = run(busy_env, "neo4j", "start", "--port", str(port), cwd=layout["other"])
    assert busy.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in busy.stderr
    assert "talentgraph neo4j start --port " in busy.stderr
    assert time.monotonic() - began < 5

    # Stopped and started again from elsewhere: the same port and memory.
    stopped = run(env, "neo4j", "stop", cwd=layout["elsewhere"])
    assert "Neo4j stopped" in stopped.stdout
    assert run(env, "neo4j", "status", cwd=layout["elsewhere"]).returncode == 3
    assert port_is_free(port)
    again = run(env, "neo4j", "start", cwd=layout["elsewhere"])
    assert again.returncode == 0, again.stderr
    assert f"bolt://127.0.0.1:{port} (heap 512m, page cache 128m" in again.stdout
