"""The demo organisation: deterministic, valid, plausible in shape, and written as the import's CSV
files (importing them into Neo4j: tests/integration/test_demo_import.py)."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.demo import (
    ASSESSMENT_WINDOW_DAYS,
    generate_demo,
    onet_subset,
    quarter_start,
    write_csv_dir,
)
from graph.errors import BadUserInput
from graph.importing.rows import (
    ROW_TYPES,
    AssessmentRow,
    EmployeeRow,
    EmployeeSkillRow,
    EmploymentEventRow,
    OrgUnitRow,
    ReportingLineRow,
    RequirementRow,
    RoleRow,
    Row,
    SkillRow,
)
from tests.support.paths import REPO

Rows = dict[type[Row], list[dict[str, Any]]]
#: A fixed reference, so these rows are the same whatever the day (the default is this quarter's start).
REFERENCE = datetime(2026, 1, 1, tzinfo=UTC)
N = 2000


@pytest.fixture(scope="module")
def demo_rows() -> Rows:
    demo = generate_demo(N, seed=42, reference=REFERENCE)
    return {row_type: list(demo.rows(row_type)) for row_type in ROW_TYPES}


def _digest(employees: int, seed: int) -> str:
    demo = generate_demo(employees, seed, reference=REFERENCE)
    h = hashlib.sha256()
    for row_type in ROW_TYPES:
        for row in demo.rows(row_type):
            h.update(repr(sorted(row.items())).encode())
    return h.hexdigest()


def test_same_seed_gives_the_same_rows() -> None:
    a, b = (
        generate_demo(300, seed=7, reference=REFERENCE),
        generate_demo(300, seed=7, reference=REFERENCE),
    )
    for row_type in ROW_TYPES:
        assert list(a.rows(row_type)) == list(b.rows(row_type)), row_type.FILE
    assert a.counts() == b.counts()


def test_rows_can_be_read_twice() -> None:
    demo = generate_demo(100, seed=1, reference=REFERENCE)
    for row_type in ROW_TYPES:
        assert list(demo.rows(row_type)) == list(demo.rows(row_type)), row_type.FILE


def test_another_seed_gives_another_organisation() -> None:
    a, b = (
        generate_demo(300, seed=7, reference=REFERENCE),
        generate_demo(300, seed=8, reference=REFERENCE),
    )
    for row_type in (EmployeeRow, RoleRow, EmployeeSkillRow, AssessmentRow):
        assert list(a.rows(row_type)) != list(b.rows(row_type)), row_type.FILE


def test_same_seed_gives_the_same_rows_in_other_processes() -> None:
    """String hashing differs per process (PYTHONHASHSEED); the rows must not."""
    code = "from tests.unit.test_demo import _digest; print(_digest(150, 3))"
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout.strip()
        for hash_seed in ("1", "2")
    }
    assert digests == {_digest(150, 3)}


@pytest.mark.parametrize("employees", [0, 49, 100_001])
def test_size_out_of_range_is_refused(employees: int) -> None:
    with pytest.raises(BadUserInput, match="50 to 100,000"):
        generate_demo(employees, seed=1, reference=REFERENCE)


@pytest.mark.parametrize("employees", [50, 51, 137])
def test_small_organisations_are_complete(employees: int) -> None:
    demo = generate_demo(employees, seed=3, reference=REFERENCE)
    counts = demo.counts()
    leavers = len(demo.history.leavers)  # people who left in the history hold no role
    assert counts[EmployeeRow.FILE] == employees + leavers
    assert counts[ReportingLineRow.FILE] == employees - 1 + len(demo.history.leaver_lines)
    held = {e["role_ids"][0] for e in demo.rows(EmployeeRow) if e["role_ids"]}
    assert held == {r["id"] for r in demo.rows(RoleRow)}


def test_every_row_validates_to_itself(demo_rows: Rows) -> None:
    for row_type, rows in demo_rows.items():
        assert rows, row_type.FILE
        for row in rows:
            assert set(row) == set(row_type.model_fields), row_type.FILE
            assert row_type.model_validate(row).params() == row, row_type.FILE


def test_keys_are_unique_and_references_resolve(demo_rows: Rows) -> None:
    for row_type, rows in demo_rows.items():
        keys = [tuple(row[k] for k in row_type.KEY) for row in rows]
        assert len(keys) == len(set(keys)), row_type.FILE
    ids = {
        "OrgUnit": {r["id"] for r in demo_rows[OrgUnitRow]},
        "Skill": {r["id"] for r in demo_rows[SkillRow]},
        "Role": {r["id"] for r in demo_rows[RoleRow]},
        "Employee": {r["id"] for r in demo_rows[EmployeeRow]},
    }
    for row_type, rows in demo_rows.items():
        for column, label in row_type.REFS.items():
            for row in rows:
                value = row[column]
                for ref in value if isinstance(value, list) else [value]:
                    assert ref is None or ref in ids[label], (row_type.FILE, column, ref)
    assert {r["role_ids"][0] for r in demo_rows[EmployeeRow] if r["role_ids"]} == ids["Role"], (
        "a role without incumbent"
    )


def test_skills_are_onet_elements(demo_rows: Rows) -> None:
    catalogue = {element: category for element, _, category in onet_subset().skills}
    for skill in demo_rows[SkillRow]:
        assert skill["id"] == skill["onet_element_id"]
        assert catalogue[skill["id"]] == skill["category"]
        assert skill["id"].startswith(("2.A.", "2.B.", "2.C."))
    for req in demo_rows[RequirementRow]:
        assert 0 < req["level"] <= 7
        assert 1 <= req["weight"] <= 5
    occupations = onet_subset().occupations
    assert all(r["occupation_code"] in occupations for r in demo_rows[RoleRow])


def test_org_units_form_one_tree(demo_rows: Rows) -> None:
    parent = {u["id"]: u["parent_id"] for u in demo_rows[OrgUnitRow]}
    assert [u for u, p in parent.items() if p is None] == ["U0001"]
    for unit in parent:
        seen = set()
        while unit is not None:
            assert unit not in seen
            seen.add(unit)
            unit = parent[unit]


def test_reporting_lines_reach_the_chief_executive(demo_rows: Rows) -> None:
    manager = {r["employee_id"]: r["manager_id"] for r in demo_rows[ReportingLineRow]}
    employees = [e["id"] for e in demo_rows[EmployeeRow]]
    roots = [e for e in employees if e not in manager]
    assert len(roots) == 1
    ceo = next(e for e in demo_rows[EmployeeRow] if e["id"] == roots[0])
    assert ceo["title"] == "Chief Executive Officer"
    depth: Counter[int] = Counter()
    for employee in employees:
        seen, current = set(), employee
        while current in manager:
            assert current not in seen, f"cycle through {current}"
            seen.add(current)
            current = manager[current]
        assert current == roots[0]
        depth[len(seen)] += 1
    assert max(depth) == 4  # member -> lead -> head of department -> division head -> CEO


def test_grades_step_up_the_ladders(demo_rows: Rows) -> None:
    """Heads two grades above their department's highest lead, every executive vice president
    two above the highest head, the chief executive two above them (graph.demo docstring)."""
    parent = {u["id"]: u["parent_id"] for u in demo_rows[OrgUnitRow]}
    roles = demo_rows[RoleRow]
    ceo = next(r for r in roles if parent[r["org_unit_id"]] is None)
    evps = [r for r in roles if parent[r["org_unit_id"]] == ceo["org_unit_id"]]
    heads = [r for r in roles if r["title"].startswith("Head of ")]
    assert {r["grade"] for r in evps} == {ceo["grade"] - 2}
    assert max(r["grade"] for r in heads) == ceo["grade"] - 4
    for head in heads:
        others = [r for r in roles if r["org_unit_id"] == head["org_unit_id"] and r is not head]
        leads = [r for r in others if r["title"].startswith("Lead ")]
        assert leads, head["title"]
        assert (
            head["grade"]
            == max(r["grade"] for r in others) + 2
            == max(r["grade"] for r in leads) + 2
        )


def test_shape_at_two_thousand(demo_rows: Rows) -> None:
    roles = demo_rows[RoleRow]
    employees = [e for e in demo_rows[EmployeeRow] if e["role_ids"]]  # not the leavers
    assert 0.04 * N <= len(roles) <= 0.06 * N
    critical = [r for r in roles if r["critical"]]
    assert 0.07 <= len(critical) / len(roles) <= 0.13
    mean_grade = sum(r["grade"] for r in roles) / len(roles)
    assert sum(r["grade"] for r in critical) / len(critical) > mean_grade
    assert 10 <= len(demo_rows[EmployeeSkillRow]) / N <= 20
    assert 0.005 <= sum(not e["active"] for e in employees) / N <= 0.04
    levels = [s["level"] for s in demo_rows[EmployeeSkillRow]]
    assert all(0 <= level <= 7 and round(level, 1) == level for level in levels)
    names = "".join(e["name"] for e in employees)
    assert not names.isascii()
    emails = [e["email"] for e in employees]
    assert len(set(emails)) == N
    assert all(e.isascii() for e in emails)
    grades = {r["id"]: r["grade"] for r in roles}
    manager = {r["employee_id"]: r["manager_id"] for r in demo_rows[ReportingLineRow]}
    by_id = {e["id"]: e for e in employees}
    for employee, boss in manager.items():
        if employee not in by_id:
            continue  # a leaver: reported to the holder of the seat's manager role
        assert grades[by_id[boss]["role_ids"][0]] > grades[by_id[employee]["role_ids"][0]]


def test_assessments(demo_rows: Rows) -> None:
    assessments = demo_rows[AssessmentRow]
    assert len(assessments) == round(0.12 * N)  # min(N, clamp(0.12 N, 150, 4000))
    held = {e["id"]: set(e["role_ids"]) for e in demo_rows[EmployeeRow]}
    critical = {r["id"] for r in demo_rows[RoleRow] if r["critical"]}
    assert sum(a["role_id"] in critical for a in assessments) / len(assessments) > 0.6
    for a in assessments:
        assert a["role_id"] not in held[a["employee_id"]]
        assert a["assessed_at"].tzinfo is UTC
        assert REFERENCE - timedelta(days=ASSESSMENT_WINDOW_DAYS + 1) <= a["assessed_at"]
        assert a["assessed_at"] < REFERENCE
    pairs = Counter((a["employee_id"], a["role_id"]) for a in assessments)
    assert max(pairs.values()) > 1, "no assessment history"
    assert len({a["id"] for a in assessments}) == len(assessments)
    assert any(a["assessed_by"].startswith("hr@") for a in assessments)
    assert len({a["readiness"] for a in assessments}) == 3


def test_csv_files_use_the_import_columns(tmp_path: Path) -> None:
    demo = generate_demo(60, seed=2, reference=REFERENCE)
    assert write_csv_dir(demo, tmp_path / "out") == demo.counts()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(t.FILE for t in ROW_TYPES)
    for row_type in ROW_TYPES:
        with (tmp_path / "out" / row_type.FILE).open(newline="", encoding="utf-8") as handle:
            records = list(csv.DictReader(handle))
        assert list(records[0]) == row_type.columns()
        rows = list(demo.rows(row_type))
        assert [row_type.model_validate(r).params() for r in records] == rows
    with (tmp_path / "out" / EmployeeRow.FILE).open(encoding="utf-8") as handle:
        text = handle.read()
    assert ",true," in text
    assert "None" not in text


def test_reference_defaults_to_the_start_of_this_quarter() -> None:
    assert quarter_start(datetime(2026, 12, 5, 7, 0, tzinfo=UTC)) == datetime(
        2026, 10, 1, tzinfo=UTC
    )
    assert quarter_start(datetime(2026, 1, 1, tzinfo=UTC)) == datetime(2026, 1, 1, tzinfo=UTC)
    assert quarter_start(datetime(2026, 6, 30, 23, 59, tzinfo=UTC)) == datetime(
        2026, 4, 1, tzinfo=UTC
    )
    demo = generate_demo(60, seed=2)
    assert demo.reference == quarter_start()
    events = [e["at"] for e in demo.rows(EmploymentEventRow)]
    assert max(events) < demo.reference
    assert max(events) > demo.reference - timedelta(days=92), "the history runs up to it"
