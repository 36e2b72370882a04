"""The demo organisation's CSV files import, and import again unchanged, into a real Neo4j; and
`load_demo` writes the same graph. Its rows without a database: tests/unit/test_demo.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.db import Database
from graph.demo import generate_demo, load_demo, write_csv_dir
from graph.importing.csv_import import import_directory, validate_directory
from graph.importing.rows import EmployeeSkillRow
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
    assert first["node:Employee"] == 200
    assert first["relationship:HAS_SKILL"] == written[EmployeeSkillRow.FILE]
    assert first["relationship:REPORTS_TO"] == 199

    await import_directory(db, tmp_path, batch_size=500)
    assert await count_graph(db) == first

    await wipe(db)
    assert await load_demo(db, 200, seed=11, batch_size=500) == written
    loaded = await count_graph(db)
    assert loaded.pop("node:DemoLoad") == 1  # the record of the load (graph/demo/loading.py)
    assert loaded == first
