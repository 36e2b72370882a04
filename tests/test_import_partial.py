"""An import writes exactly what it validated: a file that changes on disk while the import runs
gives the graph the bytes that were validated (the import reads a private copy), or nothing at all
when the change is seen before writing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.db import Database
from graph.importing import csv_import
from graph.importing.csv_import import ImportRejected, import_directory
from tests.factories import count_graph
from tests.test_import import write

ASSESSMENT_HEADER = "id,employee_id,role_id,readiness,assessed_by,assessed_at,note\n"
BASE = {
    "org_units.csv": "id,name,parent_id\nU1,Company,\nU2,Sales,U1\n",
    "skills.csv": "id,name\nS1,Negotiation\nS2,Python\n",
    "roles.csv": "id,title,grade,org_unit_id\nR1,Head,5,U1\nR2,Seller,3,U2\n",
}
CHANGED = "id,name,role_ids\nE1,Changed,R2\nE9,,R2\n"


def people(n: int) -> dict[str, str]:
    return {
        "employees.csv": "id,name,role_ids\n"
        + "".join(f"E{i},Person {i},R2\n" for i in range(1, n + 1)),
        "employee_skills.csv": "employee_id,skill_id,level\n"
        + "".join(f"E{i},S1,{i % 5}\n" for i in range(1, n + 1)),
        "reporting_lines.csv": "employee_id,manager_id\n"
        + "".join(f"E{i},E1\n" for i in range(2, n + 1)),
        "readiness_assessments.csv": ASSESSMENT_HEADER
        + "A1,E2,R1,READY_NOW,hr@example.com,2025-01-01T00:00:00Z,\n",
    }


def org(n: int) -> dict[str, str]:
    return {**BASE, **people(n)}


async def names(db: Database) -> dict[str, str]:
    async with db.driver.session(database=db.database) as session:
        result = await session.run("MATCH (e:Employee) RETURN e.id AS id, e.name AS name")
        return {record["id"]: record["name"] async for record in result}


# -- a file changed on disk -----------------------------------------------------------------


async def test_a_file_changed_once_writing_began_is_imported_as_validated(
    db: Database, tmp_path: Path
) -> None:
    folder = write(tmp_path / "org", org(6))

    def on_file(name: str, total: int) -> None:
        if name == "org_units.csv":  # validated; writing begins
            (folder / "employees.csv").write_text(CHANGED, encoding="utf-8")

    report = await import_directory(db, folder, batch_size=2, on_file=on_file)
    assert report.files["employees.csv"] == 6
    assert report.changed == ["employees.csv"]
    assert await names(db) == {f"E{i}": f"Person {i}" for i in range(1, 7)}


async def test_a_file_changed_during_validation_stops_before_writing(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await import_directory(db, write(tmp_path / "base", BASE), batch_size=10)
    before = await count_graph(db)
    folder = write(tmp_path / "people", people(6))
    real = csv_import.existing_ids

    async def changing_meanwhile(*args: Any, **kwargs: Any) -> set[str]:
        (folder / "employees.csv").write_text(CHANGED, encoding="utf-8")
        return await real(*args, **kwargs)

    monkeypatch.setattr(csv_import, "existing_ids", changing_meanwhile)
    with pytest.raises(ImportRejected) as caught:
        await import_directory(db, folder, batch_size=2)
    assert caught.value.message == "a file changed while it was being read; nothing was written"
    assert [str(i) for i in caught.value.issues] == [
        "employees.csv:1: changed on disk while the import was validating it; run the import "
        "again once the file is complete"
    ]
    assert await count_graph(db) == before
