"""CSV import as the README documents it: an empty optional cell takes its default in every column
of every file, an empty required cell is one clear issue, either middle word of the two
three-level scales is read, and a refused row is reported once, not again in every row that
refers to it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from graph.db import Database
from graph.importing.csv_import import ImportRejected, import_directory
from graph.importing.rows import ROW_TYPES, EmployeeRow, Row, row_issues
from graph.models import Level, Rating
from graph.repositories import employees, roles
from graph.settings import Settings
from tests.support.cli import cli_env, talentgraph
from tests.support.factories import count_graph
from tests.support.paths import REPO

#: A valid value for each required column of any file.
REQUIRED = {
    "id": "X1",
    "name": "Name",
    "title": "Title",
    "grade": "3",
    "org_unit_id": "U1",
    "role_id": "R1",
    "skill_id": "S1",
    "employee_id": "E1",
    "manager_id": "E2",
    "level": "2",
    "readiness": "READY_NOW",
    "assessed_by": "hr@example.com",
    "assessed_at": "2025-01-01T00:00:00Z",
}


def _readme_files() -> dict[str, list[tuple[str, bool, str | None]]]:
    """The README's file reference: file -> (column, required, documented default) in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("| file | columns (**required**) |", 1)[1].split("\n\n", 1)[0]
    files = {}
    for line in table.splitlines()[2:]:
        name = re.search(r"`([a-z_]+\.csv)`", line)
        assert name, line
        body = line.split(" | ", 1)[1].rstrip(" |")
        parts, depth, current = [], 0, ""
        for char in body:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == "," and depth == 0:
                parts.append(current.strip())
                current = ""
            else:
                current += char
        parts.append(current.strip())
        found = []
        for part in parts:
            column = re.match(r"(\*\*)?([a-z_]+)", part)
            assert column, part
            default = re.search(r"default `?([A-Za-z0-9]+)`?", part)
            found.append((column[2], bool(column[1]), default[1] if default else None))
        files[name[1]] = found
    return files


def _shown(value: Any) -> str:
    """A model default as the README writes it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(getattr(value, "value", value))


def test_the_readme_lists_every_column_with_its_default() -> None:
    documented = _readme_files()
    assert sorted(documented) == sorted(t.FILE for t in ROW_TYPES)
    for row_type in ROW_TYPES:
        columns = documented[row_type.FILE]
        assert [c for c, _, _ in columns] == row_type.columns(), row_type.FILE
        assert [c for c, req, _ in columns if req] == row_type.required_columns(), row_type.FILE
        for column, required, default in columns:
            field = row_type.model_fields[column]
            if required:
                continue
            model_default = field.get_default(call_default_factory=True)
            if default is None:
                assert model_default in (None, []), (row_type.FILE, column, model_default)
            else:
                assert _shown(model_default) == default, (row_type.FILE, column)


def _row(row_type: type[Row], **cells: str) -> Row:
    values = {c: REQUIRED[c] for c in row_type.required_columns()} | cells
    return row_type.model_validate(values)


@pytest.mark.parametrize("row_type", ROW_TYPES, ids=lambda t: t.FILE)
@pytest.mark.parametrize("empty", ["", "  ", "\t"])
def test_an_empty_optional_cell_takes_the_default(row_type: type[Row], empty: str) -> None:
    optional = [c for c in row_type.columns() if c not in row_type.required_columns()]
    row = _row(row_type, **dict.fromkeys(optional, empty))
    for column in optional:
        expected = row_type.model_fields[column].get_default(call_default_factory=True)
        assert getattr(row, column) == expected, column


@pytest.mark.parametrize("row_type", ROW_TYPES, ids=lambda t: t.FILE)
def test_an_empty_required_cell_is_one_clear_issue(row_type: type[Row]) -> None:
    for column in row_type.required_columns():
        values = {c: REQUIRED[c] for c in row_type.required_columns()} | {column: " "}
        with pytest.raises(ValidationError) as caught:
            row_type.model_validate(values)
        issues = row_issues(row_type.FILE, 7, values, caught.value)
        assert [str(i) for i in issues] == [
            f"{row_type.FILE}:7: column {column!r}: required, but the cell is empty"
        ]


@pytest.mark.parametrize(
    ("cell", "rating", "level"),
    [
        ("MODERATE", Rating.MODERATE, Level.MEDIUM),
        ("medium", Rating.MODERATE, Level.MEDIUM),
        (" Moderate ", Rating.MODERATE, Level.MEDIUM),
        ("Medium", Rating.MODERATE, Level.MEDIUM),
        ("low", Rating.LOW, Level.LOW),
        ("High", Rating.HIGH, Level.HIGH),
    ],
)
def test_both_scales_take_either_middle_word_in_any_case(
    cell: str, rating: Rating, level: Level
) -> None:
    row = _row(
        EmployeeRow, performance=cell, potential=cell, risk_of_loss=cell, impact_of_loss=cell
    )
    assert isinstance(row, EmployeeRow)
    assert (row.performance, row.potential) == (rating, rating)
    assert (row.risk_of_loss, row.impact_of_loss) == (level, level)


def test_a_word_of_neither_scale_names_the_words_it_takes() -> None:
    values = {"id": "E1", "name": "Ana", "performance": "superb", "risk_of_loss": "big"}
    with pytest.raises(ValidationError) as caught:
        EmployeeRow.model_validate(values)
    assert [str(i) for i in row_issues(EmployeeRow.FILE, 2, values, caught.value)] == [
        "employees.csv:2: column 'performance': expected LOW, MODERATE (or MEDIUM) or HIGH, "
        "in any case",
        "employees.csv:2: column 'risk_of_loss': expected LOW, MEDIUM (or MODERATE) or HIGH, "
        "in any case",
    ]


#: Every file, every optional column present and empty (a short row leaves the last ones out).
EMPTY = {
    "org_units.csv": "id,name,parent_id\nU1,Company,\n",
    "skills.csv": "id,name,category,onet_element_id\nS1,Negotiation,,\nS2,Python, ,\n",
    "roles.csv": "id,title,grade,critical,org_unit_id,occupation_code\nR1,Head,7,,U1,\n",
    "employees.csv": "id,name,email,title,hired_on,location,active,performance,potential,"
    "risk_of_loss,impact_of_loss,willing_to_relocate,role_ids,role_since\n"
    "E1,Ana,,,,,,medium,,moderate,,,R1,\n"
    "E2,Bo,,,,,,,,,,,,\n"
    "E3,Cy\n",
    "role_requirements.csv": "role_id,skill_id,level,weight\nR1,S1,3,\nR1,S2,2, \n",
    "employee_skills.csv": "employee_id,skill_id,level,source,assessed_on\nE1,S1,3,,\nE2,S1,1\n",
    "reporting_lines.csv": "employee_id,manager_id\nE2,E1\n",
    "readiness_assessments.csv": "id,employee_id,role_id,readiness,assessed_by,assessed_at,note\n"
    "A1,E2,R1,ready_now,hr@example.com,2025-06-01T10:00:00Z,\n",
}


def _write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def _cli(folder: Path, settings: Settings) -> subprocess.CompletedProcess[str]:
    """`talentgraph import FOLDER` as a user runs it, with stdout and stderr not a terminal."""
    return talentgraph("import", str(folder), env=cli_env(settings), cwd=REPO)


async def test_cli_imports_empty_optional_cells_with_their_defaults(
    db: Database, tmp_path: Path, neo4j_settings: Settings
) -> None:
    result = _cli(_write(tmp_path / "empty", EMPTY), neo4j_settings)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "imported 13 rows from 8 files" in result.stdout
    async with db.reading() as tx:
        people = await employees.get_many(tx, ["E1", "E2", "E3"])
        role = (await roles.get_many(tx, ["R1"]))["R1"]
        requirements = (await roles.requirements_of(tx, ["R1"]))["R1"]
    assert [people[e].active for e in ("E1", "E2", "E3")] == [True, True, True]
    assert people["E1"].performance == Rating.MODERATE
    assert people["E1"].risk_of_loss == Level.MEDIUM
    assert people["E3"].email is None
    assert role.critical is False
    assert sorted(r.weight for r in requirements) == [1.0, 1.0]
    assert (await count_graph(db))["relationship:READY_FOR"] == 1


#: E2's row is refused (its performance is no word of the scale); five rows elsewhere name E2.
ROOT_CAUSE = {
    "org_units.csv": "id,name\nU1,Company\n",
    "skills.csv": "id,name\nS1,Negotiation\nS2,Python\n",
    "roles.csv": "id,title,grade,org_unit_id\nR1,Head,7,U1\nR2,Clerk,,U1\n",
    "employees.csv": "id,name,performance,role_ids\nE1,Ana,HIGH,R1\nE2,Bo,superb,R2\nE3,Cy,,\n",
    "role_requirements.csv": "role_id,skill_id,level\nR1,S1,3\nR2,S1,2\nR2,S2,1\n",
    "employee_skills.csv": "employee_id,skill_id,level\n"
    "E2,S1,3\nE2,S2,2\nE2,S2,x\nE9,S1,1\nE3,S1,1\n",
    "reporting_lines.csv": "employee_id,manager_id\nE2,E1\nE3,E2\n",
    "readiness_assessments.csv": "id,employee_id,role_id,readiness,assessed_by,assessed_at\n"
    "A1,E2,R1,READY_NOW,hr,2025-06-01T10:00:00Z\n",
}


async def test_a_refused_row_is_reported_once_with_the_rows_that_refer_to_it(
    db: Database, tmp_path: Path
) -> None:
    with pytest.raises(ImportRejected) as caught:
        await import_directory(db, _write(tmp_path / "bad", ROOT_CAUSE), batch_size=100)
    assert [str(i) for i in caught.value.issues] == [
        # an independent problem of a row that also names E2 is still reported
        "employee_skills.csv:4: column 'level': Input should be a valid number, unable to parse "
        "string as a number",
        # a reference to an id that no row defines is still reported
        "employee_skills.csv:5: column 'employee_id': unknown employee 'E9'",
        "employees.csv:3: column 'performance': expected LOW, MODERATE (or MEDIUM) or HIGH, "
        "in any case; 2 rows in employee_skills.csv, 1 row in readiness_assessments.csv and "
        "2 rows in reporting_lines.csv refer to employee 'E2'",
        # (E2's row names R2 too, but is refused itself)
        "roles.csv:3: column 'grade': required, but the cell is empty; 2 rows in "
        "role_requirements.csv refer to role 'R2'",
    ]
    assert await count_graph(db) == {}


async def test_a_file_that_cannot_be_read_counts_the_references_it_may_define(
    db: Database, tmp_path: Path
) -> None:
    files = {
        "employees.csv": "id,nme\nE1,Ana\nE2,Bo\n",
        "reporting_lines.csv": "employee_id,manager_id\nE2,E1\n",
        "employee_skills.csv": "employee_id,skill_id,level\nE1,S1,1\n",
    }
    with pytest.raises(ImportRejected) as caught:
        await import_directory(db, _write(tmp_path / "header", files), batch_size=100)
    shown = [str(i) for i in caught.value.issues]
    assert shown[0] == (
        "employee_skills.csv:2: column 'skill_id': unknown skill 'S1'"  # independent: reported
    )
    assert shown[1] == (
        "employees.csv:1: missing column(s): name; 1 row in employee_skills.csv and 1 row in "
        "reporting_lines.csv refer to employees that are not in the graph and may be in this "
        "file; they are checked once it can be read"
    )
    assert shown[2].startswith("employees.csv:1: unknown column(s): nme;")
    assert len(shown) == 3


async def test_cli_reports_the_root_cause_once(
    db: Database, tmp_path: Path, neo4j_settings: Settings
) -> None:
    result = _cli(_write(tmp_path / "bad", ROOT_CAUSE), neo4j_settings)
    assert result.returncode == 1, result.stdout + result.stderr
    said = " ".join(result.stderr.split())  # however the console wraps lines
    assert "unknown employee 'E2'" not in said
    assert "unknown role 'R2'" not in said
    assert "unknown employee 'E9'" in said
    assert "reporting_lines.csv refer to employee 'E2'" in said
    assert "4 invalid row(s); nothing was written" in said
    assert await count_graph(db) == {}
