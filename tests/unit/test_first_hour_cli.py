"""The command line's first-hour habits, as a user meets them (the real `talentgraph` in a
subprocess, its output not a terminal, and on a pseudo-terminal), none needing Neo4j: `--version`;
`serve` on a busy port says so at once and suggests another (`make run PORT=`); the local Neo4j's
memory defaults and sizes, its home found upwards, a busy Bolt port refused in under 2 s; progress
off a terminal as plain lines. Those that need a server: tests/integration/test_local_neo4j.py and
tests/integration/test_first_run.py."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import common
from graph.errors import LocalServerError
from graph.neo4j_home import default_heap, default_pagecache, find_home, parse_size
from graph.neo4j_server import LocalNeo4j
from graph.settings import Settings
from tests.support.cli_runs import isolated_env, on_terminal, run

GiB = 1024**3


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port another program listens on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


@pytest.mark.parametrize("terminal", [False, True])
def test_version(tmp_path: Path, terminal: bool) -> None:
    env = isolated_env(tmp_path)
    if terminal:
        code, shown = on_terminal(env, "--version", answers={})
    else:
        done = run(env, "--version")
        code, shown = done.returncode, done.stdout
    assert code == 0
    assert shown.startswith("talentgraph 0.")
    assert "Neo4j 5." in shown


@pytest.mark.parametrize("demo", [False, True])
def test_serve_on_a_busy_port_says_so_at_once_and_suggests_another(
    tmp_path: Path, busy_port: int, demo: bool
) -> None:
    env = isolated_env(tmp_path, TALENTGRAPH_AUTH_ENABLED="false")
    began = time.monotonic()
    # As `make run` runs it: with --demo, refused before the local Neo4j is started.
    done = run(env, "serve", *(["--demo"] if demo else []), "--port", str(busy_port))
    assert time.monotonic() - began < 10  # starting Python included; no Neo4j, no uvicorn
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "address already in use" not in done.stderr
    said = done.stderr.strip().splitlines()
    assert len(said) == 1, done.stderr  # one unbroken line, though COLUMNS is 40
    assert said[0].startswith(f"port {busy_port} on 127.0.0.1 is already in use")
    assert "`make run PORT=" in said[0] and "`talentgraph serve --port " in said[0]
    assert "TalentGraph GraphQL:" not in done.stdout  # no URL of a server that will not run
    assert not (tmp_path / "home" / "neo4j").exists()


def test_serve_on_a_busy_port_on_a_terminal(tmp_path: Path, busy_port: int) -> None:
    env = isolated_env(tmp_path, TALENTGRAPH_AUTH_ENABLED="false")
    code, shown = on_terminal(env, "serve", "--port", str(busy_port), answers={})
    assert code == 2
    assert "already in use" in shown and "PORT=" in shown
    assert "Traceback" not in shown


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
    refused = run(isolated_env(tmp_path), "neo4j", "start", "--heap", "lots")
    assert refused.returncode == 2
    assert "memory size" in refused.stderr
    assert not (tmp_path / "home").exists()
    bad_env = run(isolated_env(tmp_path, TALENTGRAPH_NEO4J_PAGECACHE="big"), "neo4j", "status")
    assert bad_env.returncode == 2
    assert bad_env.stderr.startswith("configuration: TALENTGRAPH_NEO4J_PAGECACHE:")
    assert "Traceback" not in bad_env.stderr


def test_the_home_is_found_in_parent_folders(tmp_path: Path) -> None:
    project, state = tmp_path / "project", tmp_path / "state"
    (project / ".talentgraph").mkdir(parents=True)
    (project / "docs" / "deep").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert find_home(state, project / "docs" / "deep") == project / ".talentgraph"
    assert find_home(state, elsewhere) == elsewhere / ".talentgraph"  # nothing remembered yet


def test_a_busy_bolt_port_is_refused_in_under_two_seconds(tmp_path: Path, busy_port: int) -> None:
    local = LocalNeo4j(tmp_path / "neo4j", Settings().cache_dir, "5.26.17", port=busy_port)
    began = time.monotonic()
    with pytest.raises(LocalServerError, match="already in use"):
        local.start()
    assert time.monotonic() - began < 2


def test_neo4j_start_on_a_busy_port_says_so_in_one_line(tmp_path: Path, busy_port: int) -> None:
    began = time.monotonic()
    done = run(isolated_env(tmp_path), "neo4j", "start", "--port", str(busy_port))
    assert time.monotonic() - began < 10  # starting Python included
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"port {busy_port} on 127.0.0.1 is already in use" in lines[0]
    assert "`talentgraph neo4j start --port " in lines[0]


def test_progress_off_a_terminal_is_plain_lines(capsys: pytest.CaptureFixture[str]) -> None:
    steps = common.progress()  # stderr is captured here: not a terminal
    with steps:
        known = steps.add_task("employees.csv", total=1000)
        for done in range(0, 1001, 50):
            steps.update(known, completed=done)
        unknown = steps.add_task("occupations")
        steps.update(unknown, completed=7)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "employees.csv: 100 of 1,000 (10%)"
    assert lines[8] == "employees.csv: 900 of 1,000 (90%)"
    assert lines[9].startswith("employees.csv: 1,000 of 1,000 (100%), done in ")
    assert lines[10].startswith("occupations: 7, done in ")
    assert len(lines) == 11
    assert not any("/?" in line or "━" in line for line in lines)
