"""The local Neo4j launcher as a user meets it (`talentgraph neo4j ...` in a subprocess): its home
and port remembered, so `status` and every command that needs Neo4j find it from any folder
without NEO4J_URI; a busy port or a second port refused at once; memory from the machine's."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import LocalServerError
from graph.neo4j_home import (
    default_heap,
    default_pagecache,
    find_home,
    free_port,
    parse_size,
    port_is_free,
)
from graph.neo4j_server import LocalNeo4j
from graph.settings import Settings
from tests.cli_runs import cli_env, run

GiB = 1024**3


@pytest.mark.parametrize(
    ("memory", "heap", "pagecache"),
    [(2, "1g", "512m"), (4, "1g", "512m"), (8, "2g", "1g"), (16, "4g", "2g"), (64, "8g", "4g")],
)
def test_memory_defaults_are_a_share_of_the_machine(memory: int, heap: str, pagecache: str) -> None:
    assert default_heap(memory * GiB) == heap
    assert default_pagecache(memory * GiB) == pagecache


def test_memory_sizes_are_checked() -> None:
    assert parse_size("512m") == 512 * 1024**2
    assert parse_size("2G") == 2 * GiB
    for bad in ("lots", "0g", "2", "1.5g", ""):
        with pytest.raises(ValueError, match="memory size"):
            parse_size(bad)


def test_a_bad_memory_size_is_refused_before_anything_starts(tmp_path: Path) -> None:
    refused = run(cli_env(tmp_path), "neo4j", "start", "--heap", "lots")
    assert refused.returncode == 2
    assert "memory size" in refused.stderr
    assert not (tmp_path / "home").exists()
    bad_env = run(cli_env(tmp_path, TALENTGRAPH_NEO4J_PAGECACHE="big"), "neo4j", "status")
    assert bad_env.returncode == 2
    assert bad_env.stderr.startswith("configuration: TALENTGRAPH_NEO4J_PAGECACHE:")
    assert "Traceback" not in bad_env.stderr


def test_the_home_is_found_in_parent_folders_then_remembered(tmp_path: Path) -> None:
    project, state = tmp_path / "project", tmp_path / "state"
    (project / ".talentgraph").mkdir(parents=True)
    (project / "docs" / "deep").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert find_home(state, project / "docs" / "deep") == project / ".talentgraph"
    assert find_home(state, elsewhere) == elsewhere / ".talentgraph"  # nothing remembered yet


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
    env = cli_env(tmp_path)
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


def test_a_busy_port_is_refused_in_under_two_seconds(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        local = LocalNeo4j(tmp_path / "neo4j", Settings().cache_dir, "5.26.17", port=port)
        began = time.monotonic()
        with pytest.raises(LocalServerError, match="already in use"):
            local.start()
        assert time.monotonic() - began < 2
