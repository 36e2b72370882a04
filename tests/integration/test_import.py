"""CSV import: every bad row reported (file, line, column, reason) and nothing written; idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.db import Database
from graph.importing.csv_import import ImportRejected, import_directory
from graph.settings import Settings
from tests.support.cli import cli_env, talentgraph
from tests.support.factories import count_graph, write_files

GOOD = {
    "org_units.csv": 'id,name,parent_id\nU1,Company,\nU2,"Sales, EMEA",U1\n',
    "skills.csv": "id,name,category\nS1,Negotiation,skill\nS2,Python,TECHNOLOGY\n",
    "roles.csv": "id,title,grade,critical,org_unit_id,occupation_code\n"
    "R1,Head of Sales,7,true,U2,41-1012.00\nR2,Account Manager,4,false,U2,\n",
    "employees.csv": "id,name,email,active,performance,potential,risk_of_loss,impact_of_loss,role_ids,hired_on\n"
    "E1,Ana Núñez,ana@example.com,true,HIGH,HIGH,LOW,HIGH,R1,2019-04-01\n"
    'E2,"O\'Brien, Pat",pat@example.com,true,moderate,high,medium,medium,R2,2021-09-15\n'
    "E3,Li Wei,,no,,,,,,\n",
    "role_requirements.csv": "role_id,skill_id,level,weight\nR1,S1,5,2\nR1,S2,2,1\nR2,S1,3,1\n",
    "employee_skills.csv": "employee_id,skill_id,level,source,assessed_on\n"
    "E1,S1,6,manager,2025-01-01\nE2,S1,4,self,\nE2,S2,1.5,,\n",
    "reporting_lines.csv": "employee_id,manager_id\nE2,E1\n",
    "readiness_assessments.csv": "id,employee_id,role_id,readiness,assessed_by,assessed_at,note\n"
    "A1,E2,R1,READY_1_2_YEARS,hr@example.com,2025-06-01T10:00:00Z,first look\n"
    'A2,E2,R1,READY_NOW,hr@example.com,2026-01-10T10:00:00+01:00,"promoted,\nready"\n',
}


async def test_import_and_reimport_is_idempotent(db: Database, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "good", GOOD)
    report = await import_directory(db, folder, batch_size=2)
    assert report.files["employees.csv"] == 3
    first = await count_graph(db)
    assert first == {
        "node:OrgUnit": 2,
        "node:Skill": 2,
        "node:Role": 2,
        "node:Employee": 3,
        "node:ReadinessAssessment": 2,
        "relationship:PART_OF": 1,
        "relationship:IN_UNIT": 2,
        "relationship:HOLDS": 2,
        "relationship:REQUIRES": 3,
        "relationship:HAS_SKILL": 3,
        "relationship:REPORTS_TO": 1,
        "relationship:OF": 2,
        "relationship:FOR": 2,
        "relationship:READY_FOR": 1,
    }
    await import_directory(db, folder, batch_size=1000)
    assert await count_graph(db) == first


async def test_reimport_replaces_changed_links(db: Database, tmp_path: Path) -> None:
    await import_directory(db, write_files(tmp_path / "a", GOOD), batch_size=100)
    changed = dict(GOOD)
    changed["org_units.csv"] = "id,name,parent_id\nU1,Company,\nU2,Sales,\n"
    changed["reporting_lines.csv"] = "employee_id,manager_id\nE2,E3\n"
    await import_directory(db, write_files(tmp_path / "b", changed), batch_size=100)
    counts = await count_graph(db)
    assert "relationship:PART_OF" not in counts
    assert counts["relationship:REPORTS_TO"] == 1


BAD = {
    "skills.csv": "id,name\nS1,Negotiation\n,Nameless\nS1,Again\n",
    "employees.csv": "id,name\nE1,Ana\n",
    "employee_skills.csv": (
        "employee_id,skill_id,level\nE1,S1,high\nE1,S9,3\nE1,S1,-1\nE1,S1,2.12345\nE1,S1,100.5\n"
    ),
    "roles.csv": "id,title,grade,org_unit\nR1,Boss,3,U1\n",
}


async def test_bad_rows_are_all_reported_and_nothing_written(db: Database, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "bad", BAD)
    with pytest.raises(ImportRejected) as caught:
        await import_directory(db, folder, batch_size=100)
    issues = [(i.file, i.line, i.column) for i in caught.value.issues]
    reasons = {(i.file, i.line, i.column): i.reason for i in caught.value.issues}
    assert ("skills.csv", 3, "id") in issues  # missing id
    assert ("skills.csv", 4, "id") in issues  # duplicate id
    assert "first on line 2" in reasons[("skills.csv", 4, "id")]
    assert ("employee_skills.csv", 2, "level") in issues  # not a number
    assert ("employee_skills.csv", 4, "level") in issues  # negative
    assert ("employee_skills.csv", 3, "skill_id") in issues  # unknown skill
    assert "4 decimal places" in reasons[("employee_skills.csv", 5, "level")]  # exact to 4 only
    assert ("employee_skills.csv", 6, "level") in issues  # above 100
    assert "unknown skill 'S9'" in reasons[("employee_skills.csv", 3, "skill_id")]
    header = [i for i in caught.value.issues if i.file == "roles.csv"]
    assert [i.line for i in header] == [1, 1]  # missing org_unit_id, unknown org_unit
    assert "org_unit_id" in header[0].reason
    assert await count_graph(db) == {}


async def test_references_may_point_at_existing_nodes(db: Database, tmp_path: Path) -> None:
    await import_directory(db, write_files(tmp_path / "base", GOOD), batch_size=100)
    extra = {"employee_skills.csv": "employee_id,skill_id,level\nE3,S2,2\n"}
    await import_directory(db, write_files(tmp_path / "extra", extra), batch_size=100)
    assert (await count_graph(db))["relationship:HAS_SKILL"] == 4


async def test_unknown_file_is_rejected(db: Database, tmp_path: Path) -> None:
    folder = write_files(
        tmp_path / "odd", {"skills.csv": GOOD["skills.csv"], "employes.csv": "id\n"}
    )
    with pytest.raises(ImportRejected, match="nothing was written"):
        await import_directory(db, folder, batch_size=100)
    assert await count_graph(db) == {}


async def test_cli_exits_non_zero_with_one_line_per_issue(
    db: Database, tmp_path: Path, neo4j_settings: Settings
) -> None:
    folder = write_files(tmp_path / "bad", BAD)
    result = talentgraph("import", str(folder), env=cli_env(neo4j_settings))
    assert result.returncode == 1, result.stderr
    assert "employee_skills.csv:3: column 'skill_id': unknown skill 'S9'" in result.stderr
    assert "nothing was written" in result.stderr
    assert await count_graph(db) == {}
