"""A newcomer's first run, interrupted: Ctrl-C while the demo loads says in one line what the
graph holds and what to run (no traceback), and the next `talentgraph serve --demo` (`make run`)
or `talentgraph demo` finishes the load: the same organisation as a load never interrupted.
Destructive commands ask first, and refuse without a terminal unless `--yes`.

Every command is the real `talentgraph` in a subprocess, its output not a terminal (and, for the
questions, a pseudo-terminal too).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx

from graph.db import Database
from graph.neo4j_home import free_port
from graph.repositories.schema import wipe
from graph.services import demo as demo_org
from graph.settings import Settings
from tests.support.cli_runs import COMMAND, REPO, interrupt, isolated_env, on_terminal, run
from tests.support.factories import Org, count_graph

EMPLOYEES, SEED = 300, 7
DEMO = ("demo", "--employees", str(EMPLOYEES), "--seed", str(SEED))
#: The graph after one uninterrupted `talentgraph demo` of that size and seed.
UNINTERRUPTED: dict[str, int] = {}


async def uninterrupted(db: Database, env: dict[str, str]) -> dict[str, int]:
    if not UNINTERRUPTED:
        await wipe(db)
        loaded = run(env, *DEMO)
        assert loaded.returncode == 0, loaded.stderr
        UNINTERRUPTED.update(await count_graph(db))
        await wipe(db)
    return UNINTERRUPTED


def one_clear_line(stderr: str, employees: int = EMPLOYEES, seed: int = SEED) -> str:
    """The interruption's line: the last one, the only one saying so, no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    said = [line for line in lines if line.startswith("interrupted:")]
    assert said == [lines[-1]], stderr
    assert said[0].startswith(
        f"interrupted: the demo organisation ({employees:,} employees, seed {seed}) is only "
        "partly loaded ("
    )
    assert f"talentgraph demo --employees {employees} --seed {seed}" in said[0]
    assert "make run" in said[0]
    return said[0]


async def test_a_demo_load_interrupted_part_way_is_finished_by_serve_demo(
    db: Database, neo4j_settings: Settings, tmp_path: Path
) -> None:
    env = isolated_env(tmp_path, neo4j_settings)
    expected = await uninterrupted(db, env)

    # Ctrl-C once the organisation's first files are in (the O*NET reference data before them).
    stopped = interrupt(env, "roles.csv: ", *DEMO)
    assert stopped.seen, stopped.stderr
    assert stopped.returncode == 130, stopped.stderr
    line = one_clear_line(stopped.stderr)
    assert "the O*NET reference data is loaded; 3 of 8 files of the organisation" in line
    state = await demo_org.state(db)
    assert state is not None
    assert (state.employees, state.seed, state.complete) == (EMPLOYEES, SEED, False)
    assert await count_graph(db) != expected
    # Its audit event was recorded despite the interruption (not kept on disk for later).
    assert not list((tmp_path / "home" / "audit-pending").glob("*.json"))

    # Another size or seed on top of the unfinished load is refused, saying how to finish it.
    other = run(env, "demo", "--employees", "500", "--seed", str(SEED))
    assert other.returncode == 1
    assert f"talentgraph demo --employees {EMPLOYEES} --seed {SEED}" in other.stderr
    assert await count_graph(db) != expected

    # `make run` again: serve --demo finishes the load, then serves.
    port = free_port()
    out, err = tmp_path / "serve.out", tmp_path / "serve.err"
    answer = serve_until_answered({**env, "TALENTGRAPH_AUTH_ENABLED": "false"}, port, out, err)
    assert answer == {"data": {"__typename": "Query"}}
    said = err.read_text()
    assert (
        f"an earlier demo load ({EMPLOYEES:,} employees, seed {SEED}) did not finish: "
        "finishing it now"
    ) in said
    assert "━" not in said and "/?" not in said  # lines, not bars, off a terminal
    # The auth banner whole, though COLUMNS is 40.
    assert "!" * 78 in said.splitlines()
    assert (
        "!!  To try tokens instead: unset TALENTGRAPH_AUTH_ENABLED, set TALENTGRAPH_JWT_SECRET,"
        in said.splitlines()
    )
    assert f"TalentGraph GraphQL: http://127.0.0.1:{port}/graphql" in out.read_text()
    assert await count_graph(db) == expected
    state = await demo_org.state(db)
    assert state is not None and state.complete


def serve_until_answered(
    env: dict[str, str], port: int, out: Path, err: Path, seconds: float = 240
) -> object:
    """Run `talentgraph serve --demo` until its first GraphQL answer, which is returned."""
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(
            [*COMMAND, "serve", "--demo", "--port", str(port)],
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=REPO,
        )
        try:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                assert proc.poll() is None, "serve --demo ended"
                try:
                    answer = httpx.post(
                        f"http://127.0.0.1:{port}/graphql",
                        json={"query": "{ __typename }"},
                        timeout=2,
                    )
                    return answer.json()
                except httpx.HTTPError:
                    time.sleep(0.5)
            raise AssertionError("serve --demo did not answer")
        finally:
            proc.terminate()
            proc.wait(timeout=60)


async def test_a_demo_load_interrupted_in_the_reference_data_is_finished_by_demo(
    db: Database, neo4j_settings: Settings, tmp_path: Path
) -> None:
    env = isolated_env(tmp_path, neo4j_settings)
    expected = await uninterrupted(db, env)

    stopped = interrupt(env, "occupations: ", *DEMO)
    assert stopped.seen, stopped.stderr
    assert stopped.returncode == 130, stopped.stderr
    line = one_clear_line(stopped.stderr)
    assert "the O*NET reference data is partly loaded, nothing of the organisation yet" in line

    finished = run(env, *DEMO)
    assert finished.returncode == 0, finished.stderr
    assert await count_graph(db) == expected


async def test_reset_and_restore_wipe_ask_first_and_refuse_without_a_terminal(
    db: Database, neo4j_settings: Settings, tmp_path: Path
) -> None:
    await Org().unit("U1").skill("S1").role("R1", unit="U1").employee("E1", ("R1",)).save(db)
    before = await count_graph(db)
    env = isolated_env(tmp_path, neo4j_settings)
    dump = tmp_path / "graph.jsonl"
    assert run(env, "dump", str(dump)).returncode == 0

    reset = run(env, "demo", "--reset")
    assert reset.returncode == 2
    assert "The audit trail (" in reset.stderr and "is kept" in reset.stderr
    assert "refused: there is no terminal to ask on; add --yes to go ahead" in reset.stderr
    wiped = run(env, "restore", str(dump), "--wipe")
    assert wiped.returncode == 2
    assert "and the audit trail (" in wiped.stderr
    assert "dump it first" in wiped.stderr
    assert await count_graph(db) == before

    # On a terminal: asked, and "no" changes nothing; "yes" goes ahead.
    code, shown = on_terminal(env, "demo", "--reset", answers={"[y/N]": "n"})
    assert code == 1, shown
    assert "nothing was changed" in shown
    assert await count_graph(db) == before
    code, shown = on_terminal(env, "restore", str(dump), "--wipe", answers={"[y/N]": "y"})
    assert code == 0, shown
    assert "restored" in shown
    assert await count_graph(db) == before
