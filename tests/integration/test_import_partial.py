"""An import writes exactly what it validated, and says exactly what it wrote when it stops part way.

- A file that changes on disk while the import runs: the graph gets the bytes that were validated
  (the import reads a private copy), or nothing at all when the change is seen before writing.
- An import that stops part way (the database went away, an interruption) names the files it
  wrote in full and the rows of the one in progress, says that running it again completes it, and
  is audited with that; when the database was what failed, the audit event is kept on local disk
  and recorded by the next command that reaches the database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from api.cli.common import operator
from graph.db import Database
from graph.importing import cross_checks
from graph.importing.csv_import import ImportRejected, import_directory
from graph.services import imports
from graph.settings import Settings
from tests.support.bolt_proxy import TriggerProxy
from tests.support.cli import cli_env, talentgraph
from tests.support.factories import Org, audit_events, count_graph

CHANGED = "id,name,role_ids\nE1,Changed,R2\nE9,,R2\n"


def base() -> Org:
    """Two units, two skills, two roles: R1 (grade 5, in U1), R2 (grade 3, in U2)."""
    return (
        Org()
        .unit("U1", name="Company")
        .unit("U2", parent="U1", name="Sales")
        .skill("S1", "Negotiation")
        .skill("S2", "Python")
        .role("R1", "U1", grade=5, title="Head")
        .role("R2", "U2", grade=3, title="Seller")
    )


def people(org: Org, n: int) -> Org:
    """`org` and E1 to En, each holding R2 with S1 at level i % 5, all but E1 reporting to E1; E2
    assessed ready now for R1 (the skills and roles of `base`)."""
    for i in range(1, n + 1):
        org.employee(
            f"E{i}",
            holds=("R2",),
            skills={"S1": i % 5},
            manager="E1" if i > 1 else None,
            name=f"Person {i}",
        )
    return org.assess("E2", "R1", "READY_NOW")


async def names(db: Database) -> dict[str, str]:
    async with db.driver.session(database=db.database) as session:
        result = await session.run("MATCH (e:Employee) RETURN e.id AS id, e.name AS name")
        return {record["id"]: record["name"] async for record in result}


def bolt_target(settings: Settings) -> tuple[str, int]:
    target = urlsplit(settings.effective_uri)
    if target.scheme not in ("bolt", "neo4j") or target.hostname is None:
        pytest.skip("the proxy speaks plain Bolt only")
    return target.hostname, target.port or 7687


# -- a file changed on disk -----------------------------------------------------------------


async def test_a_file_changed_once_writing_began_is_imported_as_validated(
    db: Database, tmp_path: Path
) -> None:
    folder = people(base(), 6).write_csv(tmp_path / "org")

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
    await import_directory(db, base().write_csv(tmp_path / "base"), batch_size=10)
    before = await count_graph(db)
    folder = people(Org(), 6).write_csv(tmp_path / "people")
    real = cross_checks.existing_ids

    async def changing_meanwhile(*args: Any, **kwargs: Any) -> set[str]:
        (folder / "employees.csv").write_text(CHANGED, encoding="utf-8")
        return await real(*args, **kwargs)

    monkeypatch.setattr(cross_checks, "existing_ids", changing_meanwhile)
    with pytest.raises(ImportRejected) as caught:
        await import_directory(db, folder, batch_size=2)
    assert caught.value.message == "a file changed while it was being read; nothing was written"
    assert [str(i) for i in caught.value.issues] == [
        "employees.csv:1: changed on disk while the import was validating it; run the import "
        "again once the file is complete"
    ]
    assert await count_graph(db) == before


# -- stopped part way -----------------------------------------------------------------------


async def test_an_interrupted_import_is_audited_with_what_it_wrote(
    db: Database, tmp_path: Path
) -> None:
    folder = people(base(), 10).write_csv(tmp_path / "org")

    def advance(name: str, done: int) -> None:
        if name == "employees.csv" and done >= 4:
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        await imports.import_csv(db, folder, 2, advance=advance, principal=operator())
    assert (await count_graph(db))["node:Employee"] == 4
    event = (await audit_events(db))[-1]
    assert (event["action"], event["outcome"], event["code"]) == (
        "import.csv",
        "FAILURE",
        "INTERNAL_SERVER_ERROR",
    )
    detail = json.loads(event["detail"])
    assert detail["written"] == {
        "org_units.csv": 2,
        "skills.csv": 2,
        "roles.csv": 2,
        "employees.csv": 4,
    }
    assert detail["complete"] == ["org_units.csv", "skills.csv", "roles.csv"]
    assert detail["stoppedIn"] == "employees.csv"


async def test_the_cli_says_what_was_written_when_the_database_goes_away(
    db: Database, tmp_path: Path, neo4j_settings: Settings
) -> None:
    folder = people(base(), 10).write_csv(tmp_path / "org")
    home = tmp_path / "home"
    with TriggerProxy(*bolt_target(neo4j_settings)) as proxy:
        # The third batch of 3 new employees never reaches the database: it went away.
        proxy.when("CREATE (e:Employee {id: row.id})", 3, proxy.cut)
        env = cli_env(
            neo4j_settings,
            uri=proxy.uri,
            home=home,
            TALENTGRAPH_IMPORT_BATCH_SIZE="3",
            TALENTGRAPH_NEO4J_RETRY_TIME="1",
        )
        failed = talentgraph("import", str(folder), env=env)
        assert failed.returncode == 3, failed.stderr
        pending = sorted((home / "audit-pending").glob("*.json"))
        assert len(pending) == 1, failed.stderr
        expected = [
            "the import stopped part way: SERVICE_UNAVAILABLE: the graph database is not reachable",
            "written before it stopped:",
            "  org_units.csv: all 2 rows",
            "  skills.csv: all 2 rows",
            "  roles.csv: all 2 rows",
            "  employees.csv: 6 of 10 rows",
            "not written: employee_skills.csv (10 rows), reporting_lines.csv (9 rows), "
            "readiness_assessments.csv (1 row)",
            "Run the same import again to complete it: rows are upserts, so those already "
            "written are not written twice.",
            "audit: the database did not answer, so this failure is kept in "
            f"{pending[0]} and recorded by the next talentgraph command that reaches the database",
        ]
        lines = failed.stderr.splitlines()
        at = lines.index(expected[0])
        assert lines[at : at + len(expected)] == expected, failed.stderr
        assert "nothing was written" not in failed.stderr
        counts = await count_graph(db, audit=True)
        assert counts["node:Employee"] == 6
        assert "node:AuditEvent" not in counts

        proxy.restore()
        again = talentgraph("import", str(folder), env=env)
        assert again.returncode == 0, again.stderr
    assert not list((home / "audit-pending").glob("*.json"))
    failure, success = await audit_events(db)
    assert (failure["outcome"], failure["code"]) == ("FAILURE", "SERVICE_UNAVAILABLE")
    detail = json.loads(failure["detail"])
    assert detail["written"] == {
        "org_units.csv": 2,
        "skills.csv": 2,
        "roles.csv": 2,
        "employees.csv": 6,
    }
    assert detail["stoppedIn"] == "employees.csv"
    assert detail["recordedLate"] is True
    assert success["outcome"] == "SUCCESS"
    assert (await count_graph(db))["node:Employee"] == 10


async def test_the_cli_imports_what_it_validated_when_a_file_changes_meanwhile(
    db: Database, tmp_path: Path, neo4j_settings: Settings
) -> None:
    folder = people(base(), 10).write_csv(tmp_path / "org")
    with TriggerProxy(*bolt_target(neo4j_settings)) as proxy:

        def change() -> None:
            (folder / "employees.csv").write_text(CHANGED, encoding="utf-8")

        proxy.when("MERGE (u:OrgUnit {id: row.id})", 1, change)  # the first write
        env = cli_env(neo4j_settings, uri=proxy.uri, home=tmp_path / "home")
        result = talentgraph("import", str(folder), env=env)
    assert result.returncode == 0, result.stderr
    assert "nothing was written" not in result.stderr
    assert (
        "warning: employees.csv changed on disk during the import; the graph holds it as it was "
        "when the import read it (and validated it). Run the import again to import the change."
    ) in result.stderr
    assert await names(db) == {f"E{i}": f"Person {i}" for i in range(1, 11)}
