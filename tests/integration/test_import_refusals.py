"""What the CSV import refuses beyond types and references, each with its file and line, writing
nothing: reporting and org-unit cycles (closed in the file or through the graph), assessment times
in the future, an incumbent assessed for their own role, malformed CSV (an unterminated quote,
control characters in single-line text, a header naming a column twice) and symbolic links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graph.db import Database
from graph.importing.csv_import import ImportRejected, import_directory
from graph.settings import Settings
from tests.integration.test_import import GOOD
from tests.support.cli import cli_env, talentgraph
from tests.support.factories import Org, count_graph, write_files


def people() -> Org:
    """Org units U3 → U2 → U1; reporting lines C → B → A, and D reports to nobody."""
    return (
        Org()
        .unit("U1", name="Company")
        .unit("U2", parent="U1", name="Sales")
        .unit("U3", parent="U2", name="Sales EMEA")
        .role("R1", "U1", grade=5, title="Head")
        .role("R2", "U3", grade=3, title="Seller")
        .employee("A", holds=("R1",), name="Ann")
        .employee("B", holds=("R2",), name="Bob", manager="A")
        .employee("C", holds=("R2",), name="Cat", manager="B")
        .employee("D", name="Dan")
    )


ASSESSMENT_HEADER = "id,employee_id,role_id,readiness,assessed_by,assessed_at,note\n"


async def refused(db: Database, folder: Path) -> list[str]:
    """The issues an import of `folder` is refused with; asserts it wrote nothing."""
    before = await count_graph(db)
    with pytest.raises(ImportRejected, match="nothing was written") as caught:
        await import_directory(db, folder, batch_size=2)
    assert await count_graph(db) == before, "a refused import wrote something"
    return [str(issue) for issue in caught.value.issues]


async def managers(db: Database) -> dict[str, str]:
    async with db.driver.session(database=db.database) as session:
        result = await session.run(
            "MATCH (e:Employee)-[:REPORTS_TO]->(m) RETURN e.id AS e, m.id AS m"
        )
        return {record["e"]: record["m"] async for record in result}


async def parents(db: Database) -> dict[str, str]:
    async with db.driver.session(database=db.database) as session:
        result = await session.run("MATCH (u:OrgUnit)-[:PART_OF]->(p) RETURN u.id AS u, p.id AS p")
        return {record["u"]: record["p"] async for record in result}


# -- cycles ---------------------------------------------------------------------------------


async def test_a_reporting_cycle_in_the_file_is_refused(db: Database, tmp_path: Path) -> None:
    files = {
        "employees.csv": "id,name\nEX1,Ex One\nEX2,Ex Two\nEX3,Ex Three\n",
        "reporting_lines.csv": "employee_id,manager_id\nEX3,EX1\nEX1,EX2\nEX2,EX1\n",
    }
    issues = await refused(db, write_files(tmp_path / "cycle", files))
    assert issues == [
        "reporting_lines.csv:3: column 'manager_id': 'EX2' would close a reporting cycle: "
        "EX1 → EX2 (this line) → EX1 (line 4)"
    ]


async def test_a_reporting_cycle_closed_through_the_graph_is_refused(
    db: Database, tmp_path: Path
) -> None:
    await import_directory(db, people().write_csv(tmp_path / "base"), batch_size=10)  # C → B → A
    closing = {"reporting_lines.csv": "employee_id,manager_id\nD,A\nA,C\n"}
    issues = await refused(db, write_files(tmp_path / "closing", closing))
    assert issues == [
        "reporting_lines.csv:3: column 'manager_id': 'C' would close a reporting cycle: "
        "A → C (this line) → B (in the graph) → A (in the graph)"
    ]
    # The same row is fine when the file also replaces B's manager: A → C → B → D.
    replacing = {"reporting_lines.csv": "employee_id,manager_id\nA,C\nB,D\n"}
    await import_directory(db, write_files(tmp_path / "replacing", replacing), batch_size=10)
    assert await managers(db) == {"A": "C", "B": "D", "C": "B"}


async def test_an_org_unit_cycle_in_the_file_is_refused(db: Database, tmp_path: Path) -> None:
    files = {"org_units.csv": "id,name,parent_id\nU1,Company,U2\nU2,Sales,U1\nU3,Other,U2\n"}
    issues = await refused(db, write_files(tmp_path / "cycle", files))
    assert issues == [
        "org_units.csv:2: column 'parent_id': 'U2' would close a cycle of org units: "
        "U1 → U2 (this line) → U1 (line 3)"
    ]


async def test_an_org_unit_cycle_closed_through_the_graph_is_refused(
    db: Database, tmp_path: Path
) -> None:
    await import_directory(db, people().write_csv(tmp_path / "base"), batch_size=10)  # U3 → U2 → U1
    closing = {"org_units.csv": "id,name,parent_id\nU1,Company,U3\n"}
    issues = await refused(db, write_files(tmp_path / "closing", closing))
    assert issues == [
        "org_units.csv:2: column 'parent_id': 'U3' would close a cycle of org units: "
        "U1 → U3 (this line) → U2 (in the graph) → U1 (in the graph)"
    ]
    # A row replaces the unit's parent: with U2 made a root, U1 under U3 is no cycle.
    replacing = {"org_units.csv": "id,name,parent_id\nU1,Company,U3\nU2,Sales,\n"}
    await import_directory(db, write_files(tmp_path / "replacing", replacing), batch_size=10)
    assert await parents(db) == {"U1": "U3", "U3": "U2"}


# -- readiness assessments ------------------------------------------------------------------


async def test_an_assessment_in_the_future_is_refused(db: Database, tmp_path: Path) -> None:
    await import_directory(db, write_files(tmp_path / "base", GOOD), batch_size=10)
    future = {
        "readiness_assessments.csv": ASSESSMENT_HEADER
        + "A3,E2,R1,READY_3_5_YEARS,hr@example.com,2999-01-01T00:00:00Z,\n"
    }
    issues = await refused(db, write_files(tmp_path / "future", future))
    assert len(issues) == 1
    assert issues[0].startswith(
        "readiness_assessments.csv:2: column 'assessed_at': 2999-01-01T00:00:00+00:00 is in the "
        "future"
    ), issues
    # Within the clock-skew tolerance (5 minutes by default) is accepted.
    soon = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    near = {
        "readiness_assessments.csv": ASSESSMENT_HEADER
        + f"A4,E2,R1,READY_NOW,hr@example.com,{soon},\n"
    }
    await import_directory(db, write_files(tmp_path / "near", near), batch_size=10)


async def test_an_incumbent_assessed_for_their_own_role_is_refused(
    db: Database, tmp_path: Path
) -> None:
    await import_directory(db, write_files(tmp_path / "base", GOOD), batch_size=10)  # E1 holds R1
    own = {
        "readiness_assessments.csv": ASSESSMENT_HEADER
        + "A9,E1,R1,READY_NOW,hr@example.com,2025-01-01T00:00:00Z,\n"
    }
    assert await refused(db, write_files(tmp_path / "own", own)) == [
        "readiness_assessments.csv:2: column 'role_id': employee 'E1' holds role 'R1' "
        "(in the graph); an incumbent is not assessed as a successor for their own role"
    ]
    # Holding is as it will be after the import: E2 moves into R1 in the same files.
    promoted = dict(GOOD)
    promoted["employees.csv"] = "id,name,role_ids\nE1,Ana,R1\nE2,Pat,R1\n"
    issues = await refused(db, write_files(tmp_path / "promoted", promoted))
    assert issues == [
        f"readiness_assessments.csv:{line}: column 'role_id': employee 'E2' holds role 'R1' "
        "(employees.csv line 3); an incumbent is not assessed as a successor for their own role"
        for line in (2, 3)
    ]
    # ... and E1 moving out of R1 may be assessed for it.
    moved = {
        "employees.csv": "id,name,role_ids\nE1,Ana,R2\n",
        "readiness_assessments.csv": ASSESSMENT_HEADER
        + "A9,E1,R1,READY_NOW,hr@example.com,2025-01-01T00:00:00Z,\n",
    }
    await import_directory(db, write_files(tmp_path / "moved", moved), batch_size=10)


# -- malformed files ------------------------------------------------------------------------


async def test_an_unterminated_quote_at_the_end_is_refused(db: Database, tmp_path: Path) -> None:
    files = {"org_units.csv": 'id,name,parent_id\nU1,Company,\nU2,"Sales,\n'}
    assert await refused(db, write_files(tmp_path / "quote", files)) == [
        "org_units.csv:3: not CSV: a quoted field is not closed before the end of the file"
    ]


@pytest.mark.parametrize(
    ("cell", "column"),
    [
        ("Com\x00pany", "name"),
        ('"Com\npany"', "name"),
        ('"Com\rpany"', "name"),
        ('"Com\r\npany"', "name"),
        ("Com\x1bpany", "name"),
        ("Com\u2028pany", "name"),
    ],
)
async def test_control_characters_in_single_line_text_are_refused(
    db: Database, tmp_path: Path, cell: str, column: str
) -> None:
    files = {"org_units.csv": f"id,name,parent_id\nU1,{cell},\n"}
    issues = await refused(db, write_files(tmp_path / "ctl", files))
    assert len(issues) == 1
    assert issues[0].startswith(f"org_units.csv:2: column '{column}': "), issues
    assert "line break or control character" in issues[0]


async def test_control_characters_in_ids_are_refused(db: Database, tmp_path: Path) -> None:
    files = {"skills.csv": 'id,name\n"S\n1",Python\nS\x002,Go\n'}
    issues = await refused(db, write_files(tmp_path / "ids", files))
    assert [i.split(": ")[0:2] for i in issues] == [
        ["skills.csv:2", "column 'id'"],
        ["skills.csv:4", "column 'id'"],
    ]


async def test_a_note_keeps_line_breaks_but_never_nul(db: Database, tmp_path: Path) -> None:
    await import_directory(db, write_files(tmp_path / "base", GOOD), batch_size=10)
    nul = {
        "readiness_assessments.csv": ASSESSMENT_HEADER
        + 'A5,E2,R1,READY_NOW,hr@example.com,2025-01-01T00:00:00Z,"bad\x00note"\n'
    }
    issues = await refused(db, write_files(tmp_path / "nul", nul))
    assert [i.split(": ")[0:2] for i in issues] == [
        ["readiness_assessments.csv:2", "column 'note'"]
    ]
    lines = {
        "readiness_assessments.csv": ASSESSMENT_HEADER
        + 'A5,E2,R1,READY_NOW,hr@example.com,2025-01-01T00:00:00Z,"first\r\nsecond\tthird"\n'
    }
    await import_directory(db, write_files(tmp_path / "lines", lines), batch_size=10)
    async with db.driver.session(database=db.database) as session:
        result = await session.run("MATCH (a:ReadinessAssessment {id: 'A5'}) RETURN a.note AS n")
        assert [r["n"] async for r in result] == ["first\r\nsecond\tthird"]


async def test_a_header_naming_a_column_twice_is_refused(db: Database, tmp_path: Path) -> None:
    files = {"org_units.csv": "id,name,parent_id, name\nU1,Company,,Other\n"}
    assert await refused(db, write_files(tmp_path / "twice", files)) == [
        "org_units.csv:1: duplicate column(s): name"
    ]


async def test_a_symbolic_link_is_not_followed(db: Database, tmp_path: Path) -> None:
    elsewhere = write_files(tmp_path / "elsewhere", {"org_units.csv": GOOD["org_units.csv"]})
    folder = write_files(tmp_path / "import", {"skills.csv": GOOD["skills.csv"]})
    (folder / "org_units.csv").symlink_to(elsewhere / "org_units.csv")
    issues = await refused(db, folder)
    assert issues == [
        "org_units.csv:1: a symbolic link; the import reads only regular files in the folder "
        "(copy the file there instead)"
    ]


async def test_the_cli_names_file_and_line_of_a_cycle(
    db: Database, tmp_path: Path, neo4j_settings: Settings
) -> None:
    files = {
        "employees.csv": "id,name\nEX1,Ex One\nEX2,Ex Two\n",
        "reporting_lines.csv": "employee_id,manager_id\nEX1,EX2\nEX2,EX1\n",
    }
    folder = write_files(tmp_path / "cycle", files)
    env = cli_env(neo4j_settings, home=tmp_path / "home")
    result = talentgraph("import", str(folder), env=env)
    assert result.returncode == 1, result.stderr
    assert (
        "reporting_lines.csv:2: column 'manager_id': 'EX2' would close a reporting cycle: "
        "EX1 → EX2 (this line) → EX1 (line 3)"
    ) in result.stderr
    assert "nothing was written" in result.stderr
    assert await count_graph(db) == {}


async def test_a_role_task_file_is_held_to_the_same_rules(db: Database, tmp_path: Path) -> None:
    from graph.importing.role_tasks import import_role_tasks

    await Org().unit("U").role("R1", "U").save(db)
    header = "role_id,task_id,weight,statement,exposure\n"
    cases = {
        "twice.csv": (
            "role_id,task_id,statement,statement\nR1,t1,Plans,Sells\n",
            "twice.csv:1: duplicate column(s): statement; expected: role_id, task_id, weight, "
            "statement, exposure",
        ),
        "quote.csv": (
            header + 'R1,t1,1,"Plans the week,\n',
            "quote.csv:2: not CSV: a quoted field is not closed before the end of the file",
        ),
        "nul.csv": (
            header + "R1,t\x001,1,Plans,\n",
            "nul.csv:2: column 'task_id': holds a line break or control character (U+0000 at "
            "position 2); this column is one line of text",
        ),
        "latin1.csv": (
            header + "R1,t1,1,Caf\udce9,\n",
            "latin1.csv:2: not UTF-8 text (invalid continuation byte at byte offset 53)",
        ),
    }
    for name, (text, issue) in cases.items():
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        with pytest.raises(ImportRejected) as caught:
            await import_role_tasks(db, path)
        assert [str(i) for i in caught.value.issues] == [issue]
    (tmp_path / "real.csv").write_text(header + "R1,t1,1,Plans,\n", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    with pytest.raises(ImportRejected) as caught:
        await import_role_tasks(db, tmp_path / "link.csv")
    assert [str(i) for i in caught.value.issues] == [
        "link.csv:1: a symbolic link; the import reads only regular files in the folder "
        "(copy the file there instead)"
    ]
    assert "relationship:PERFORMS" not in await count_graph(db)
