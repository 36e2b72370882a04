"""Output that is not a terminal (a pipe, a file, CI): plain lines, never wrapped or cut, though
COLUMNS says 40 (`support/cli_runs.isolated_env`): one line per import problem, tables as wide as
they need, progress as lines (no bars, no "N/?"). The real `talentgraph` in a subprocess."""

from __future__ import annotations

from pathlib import Path

from graph.db import Database
from graph.settings import Settings
from tests.support.cli_runs import isolated_env, run
from tests.support.factories import count_graph, write_files

LONG_ID = "EMPLOYEE-WITH-A-RATHER-LONG-IDENTIFIER-"


async def test_one_line_per_import_problem(
    db: Database, tmp_path: Path, neo4j_settings: Settings
) -> None:
    rows = "".join(f"{LONG_ID}{n},Person {n},SUPERB\n" for n in range(3))
    folder = write_files(tmp_path / "bad", {"employees.csv": "id,name,performance\n" + rows})
    done = run(isolated_env(tmp_path, neo4j_settings), "import", str(folder))
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    problems = [line for line in lines if line.startswith("employees.csv:")]
    assert problems == [
        f"employees.csv:{n + 2}: column 'performance': Input should be 'LOW', 'MODERATE' or 'HIGH'"
        for n in range(3)
    ]
    assert lines[-1] == "3 invalid row(s); nothing was written"
    assert len(lines) == 4, done.stderr  # nothing else, nothing broken over lines
    assert await count_graph(db) == {}


async def test_the_onet_table_is_whole_and_progress_is_lines(
    db: Database, tmp_path: Path, neo4j_settings: Settings
) -> None:
    done = run(isolated_env(tmp_path, neo4j_settings), "import", "onet")
    assert done.returncode == 0, done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith(("┃", "│"))]
    assert table and not any("…" in line for line in table)  # no cell cut short
    header = next(line for line in table if "keyed by" in line)
    for column in ("source", "file", "rows", "matched", "unmatched", "note"):
        assert column in header
    assert any("occupations" in line and "Occupation Data" in line for line in table), done.stdout
    # Progress: a line per step as it ends, no bars, spinners or unknown totals.
    assert "━" not in done.stderr and "/?" not in done.stderr
    steps = [line for line in done.stderr.splitlines() if ", done in " in line]
    assert steps and all(line.split(":")[0] for line in steps)
