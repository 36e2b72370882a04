"""The demo organisation's CSV files import, and import again unchanged, into a real Neo4j; and
`load_demo` writes the same graph. Its rows without a database: tests/unit/test_demo.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.db import Database
from graph.demo import demo_state, generate_demo, load_demo, quarter_start, write_csv_dir
from graph.importing.csv_import import import_directory, validate_directory
from graph.importing.rows import EmployeeRow, EmployeeSkillRow, EmploymentEventRow, ReportingLineRow
from graph.repositories import demo as demo_record
from graph.repositories import employees
from graph.repositories.schema import wipe
from tests.support.factories import count_graph


@pytest.mark.neo4j
async def test_csv_files_import_and_reimport_unchanged(db: Database, tmp_path: Path) -> None:
    demo = generate_demo(200, seed=11)
    written = write_csv_dir(demo, tmp_path)

    checked = await validate_directory(db, tmp_path)
    assert {t.FILE: n for t, (_, n) in checked.items()} == written
    report = await import_directory(db, tmp_path, batch_size=500)
    assert report.files == written
    first = await count_graph(db)
    assert first["node:Employee"] == written[EmployeeRow.FILE] == 200 + len(demo.history.leavers)
    assert first["relationship:HAS_SKILL"] == written[EmployeeSkillRow.FILE]
    assert first["relationship:REPORTS_TO"] == written[ReportingLineRow.FILE]
    assert first["node:EmploymentEvent"] == written[EmploymentEventRow.FILE] > 0

    await import_directory(db, tmp_path, batch_size=500)
    assert await count_graph(db) == first

    await wipe(db)
    assert await load_demo(db, 200, seed=11, batch_size=500) == written
    loaded = await count_graph(db)
    assert loaded.pop("node:DemoLoad") == 1  # the record of the load (graph/demo/loading.py)
    assert loaded == first


@pytest.mark.neo4j
async def test_a_load_counts_back_from_this_quarter_and_a_resumed_one_from_its_own(
    db: Database,
) -> None:
    """A new load's dates count back from the start of this quarter; a load that did not finish
    is completed with the reference it began with, even in a later quarter (else the graph would
    mix two histories)."""
    await load_demo(db, 60, seed=5, batch_size=500)
    state = await demo_state(db)
    assert state is not None and state.complete and state.reference == quarter_start()

    earlier = datetime(2025, 4, 1, tzinfo=UTC)
    await wipe(db)
    await db.write(demo_record.begin, 60, 5, earlier)  # a load begun last year, interrupted
    await load_demo(db, 60, seed=5, batch_size=500)
    state = await demo_state(db)
    assert state is not None and state.complete and state.reference == earlier
    first = next(generate_demo(60, 5, earlier).rows(EmployeeRow))
    async with db.reading() as tx:
        hired = await employees.get_many(tx, [first["id"]])
    assert hired[first["id"]].hired_on == first["hired_on"]
