"""`talentgraph import onet`: what it writes, what it reports, idempotence, and role links."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

import pytest

from graph.db import Database
from graph.errors import BadUserInput
from graph.importing.onet import (
    apply_occupation_requirements,
    ensure_reference_data,
    import_onet,
    link_occupations,
    reference_loaded,
)
from graph.importing.reference_files import SHIPPED_DIR, find_table
from graph.settings import Settings
from tests.support.cli import cli_env, talentgraph
from tests.support.exposure_data import shipped_subset
from tests.support.factories import Org, count_graph
from tests.support.paths import REPO

SUBSET = {"11-1011.00", "13-2011.00", "15-1251.00", "15-1252.00", "15-1253.00", "43-4051.00"}


@pytest.fixture(scope="module")
def subset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shipped_subset(tmp_path_factory.mktemp("onet_subset"), SUBSET)


async def _rows(db: Database, text: str, **params: Any) -> list[dict[str, Any]]:
    async with db.driver.session(database=db.database) as session:
        result = await session.run(text, params)
        return [record.data() async for record in result]


async def test_subset_import_writes_occupations_requirements_tasks_and_scores(
    db: Database, subset_dir: Path
) -> None:
    report = await import_onet(db, subset_dir, batch_size=500)
    counts = await count_graph(db)
    assert counts["node:Occupation"] == len(SUBSET)
    assert counts["node:Skill"] == 68  # 35 skills + 33 knowledge areas
    assert report.source("occupations").matched == len(SUBSET)
    assert report.source("job zones").matched == len(SUBSET)

    software = (
        await _rows(
            db,
            "MATCH (o:Occupation {code: '15-1252.00'}) RETURN o {.*} AS o, "
            "COUNT { (o)-[:HAS_TASK]->() } AS tasks",
        )
    )[0]
    o = software["o"]
    assert o["title"] == "Software Developers"
    assert o["jobZone"] == 4
    # occ_level.csv, Software Developers: human_rating_beta, dv_rating_beta (GPT-4).
    assert o["exposureGptsHumanBeta"] == pytest.approx(0.4473684210526315)
    assert o["exposureGptsGpt4Beta"] == pytest.approx(0.8684210526315789)
    # Microsoft's score for SOC 15-1252, reached through the NEM crosswalk.
    assert o["exposureMicrosoftAiApplicability"] == pytest.approx(0.2838686405582842)
    assert software["tasks"] == 19

    requirement = (
        await _rows(
            db,
            "MATCH (:Occupation {code: '15-1251.00'})-[q:REQUIRES]->(s:Skill {id: '2.B.3.e'}) "
            "RETURN q.importance AS importance, q.level AS level, s {.*} AS skill",
        )
    )[0]
    assert requirement == {  # Computer Programmers: Programming, IM 4.75, LV 4.88
        "importance": 4.75,
        "level": 4.88,
        "skill": {
            "id": "2.B.3.e",
            "name": "Programming",
            "category": "SKILL",
            "onetElementId": "2.B.3.e",
        },
    }
    # 35 skills + 33 knowledge areas rated, 15 levels flagged Not Relevant and left out.
    programmers = await _rows(
        db, "MATCH (:Occupation {code: '15-1251.00'})-[q:REQUIRES]->() RETURN count(q) AS n"
    )
    assert programmers == [{"n": 68 - 15}]
    related = await _rows(
        db,
        "MATCH (:Occupation {code: '15-1252.00'})-[r:RELATED_TO]->(b) "
        "RETURN b.code AS code, r.tier AS tier, r.rank AS rank ORDER BY rank",
    )
    assert related == [
        {"code": "15-1251.00", "tier": "Primary-Short", "rank": 2},
        {"code": "15-1253.00", "tier": "Primary-Short", "rank": 5},
    ]


async def test_task_exposure_is_beta_of_the_human_labels(db: Database, subset_dir: Path) -> None:
    await import_onet(db, subset_dir, batch_size=500)
    # full_labelset.tsv, Software Developers: task 21665 is E1 for people, 21661 E2, 21663 E0.
    rows = await _rows(
        db,
        "MATCH (t:Task) WHERE t.id IN ['onet:21661', 'onet:21663', 'onet:21665'] "
        "RETURN t.id AS id, t.exposure AS exposure, t.exposureGpt4 AS gpt4 ORDER BY id",
    )
    assert rows == [
        {"id": "onet:21661", "exposure": 0.5, "gpt4": 1.0},
        {"id": "onet:21663", "exposure": 0.0, "gpt4": 0.5},
        {"id": "onet:21665", "exposure": 1.0, "gpt4": 0.5},
    ]


async def test_report_counts_matches_and_lists_what_matched_nothing(
    db: Database, subset_dir: Path
) -> None:
    report = await import_onet(db, subset_dir, batch_size=500)
    labels = report.source("gpts task labels")
    assert labels.code_system == "O*NET Task ID"
    # Labels of tasks outside the subset (3) or not in this O*NET release match no task.
    assert len(labels.unmatched) >= 3
    assert labels.matched == labels.rows - len(labels.unmatched)
    scored = await _rows(db, "MATCH (t:Task) RETURN count(t.exposure) AS n")
    assert scored == [{"n": labels.matched}]
    found = await _rows(db, "MATCH (t:Task) WHERE t.id IN $ids RETURN t.id", ids=labels.unmatched)
    assert found == []
    related = report.source("related occupations")
    assert related.rows == 20 * 6  # every occupation of the subset has 20 related ones
    assert related.matched == related.rows - len(related.unmatched)
    assert "15-1252.00->15-1299.08" in related.unmatched  # a related code outside the subset
    microsoft = report.source("microsoft ai applicability")
    assert microsoft.code_system == "SOC 2018 / BLS NEM"
    assert microsoft.unmatched == []
    assert ("gpts task labels", "O*NET Task ID", labels.unmatched[0]) in report.unmatched_rows()


async def test_second_import_changes_nothing(db: Database, subset_dir: Path) -> None:
    first = await import_onet(db, subset_dir, batch_size=7)
    after_first = await count_graph(db)
    second = await import_onet(db, subset_dir, batch_size=500)
    assert await count_graph(db) == after_first
    assert [(s.name, s.rows, s.matched, s.unmatched) for s in first.sources] == [
        (s.name, s.rows, s.matched, s.unmatched) for s in second.sources
    ]


async def test_missing_tables_are_skipped_and_reported(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "only_occupations"
    folder.mkdir()
    source = find_table(SHIPPED_DIR, "Occupation Data.txt")
    assert source is not None
    (folder / source.name).write_bytes(source.read_bytes())
    report = await import_onet(db, folder)
    assert report.source("occupations").matched == 1016
    assert report.source("tasks").skipped
    assert report.source("gpts occupations").skipped
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BadUserInput, match="Occupation Data"):
        await import_onet(db, empty)


async def test_roles_link_to_occupations_whichever_comes_first(
    db: Database, subset_dir: Path
) -> None:
    # Roles first, then the reference import links them.
    await (
        Org()
        .unit("U1")
        .role("R1", "U1", occupation="15-1252.00")
        .role("R2", "U1", occupation="99-9999.00")  # no such occupation
        .role("R3", "U1")
        .save(db)
    )
    report = await import_onet(db, subset_dir, batch_size=500)
    assert report.linked_roles == 1
    # Roles imported afterwards link as they are written; a changed code moves the link.
    await (
        Org()
        .unit("U1")
        .role("R1", "U1", occupation="13-2011.00")
        .role("R4", "U1", occupation="43-4051.00")
        .save(db)
    )
    links = await _rows(
        db, "MATCH (r:Role)-[:MAPS_TO]->(o) RETURN r.id AS role, o.code AS code ORDER BY role"
    )
    assert links == [{"role": "R1", "code": "13-2011.00"}, {"role": "R4", "code": "43-4051.00"}]
    await _rows(db, "MATCH (r:Role {id: 'R4'}) REMOVE r.occupationCode")
    assert await link_occupations(db) == 1


async def test_roles_without_requirements_take_the_occupations(
    db: Database, subset_dir: Path
) -> None:
    await import_onet(db, subset_dir, batch_size=500)
    await (
        Org()
        .unit("U1")
        .skill("2.A.1.a", "Reading Comprehension")
        .role("R1", "U1", occupation="15-1251.00")
        .role("R2", "U1", requires={"2.A.1.a": (3.0, 1.0)}, occupation="15-1251.00")
        .save(db)
    )
    roles, created = await apply_occupation_requirements(db)
    assert roles == 1
    assert created > 0
    given = await _rows(
        db,
        "MATCH (:Role {id: 'R1'})-[q:REQUIRES]->(s) RETURN s.id AS skill, q.weight AS weight, "
        "q.level AS level, q.source AS source ORDER BY weight DESC, skill",
    )
    onet = await _rows(
        db,
        "MATCH (:Occupation {code: '15-1251.00'})-[q:REQUIRES]->(s) WHERE q.level > 0 "
        "RETURN s.id AS skill, q.importance AS weight, q.level AS level "
        "ORDER BY weight DESC, skill",
    )
    passing = [r for r in onet if r["weight"] >= 3.0]
    expected = (passing if len(passing) >= 8 else onet[:8])[:20]
    assert created == len(given) == len(expected)
    assert [(g["skill"], g["weight"], g["level"]) for g in given] == [
        (e["skill"], e["weight"], e["level"]) for e in expected
    ]
    assert {g["source"] for g in given} == {"ONET"}
    own = await _rows(db, "MATCH (:Role {id: 'R2'})-[q:REQUIRES]->() RETURN count(q) AS n")
    assert own == [{"n": 1}]  # a role with requirements of its own keeps them
    assert await apply_occupation_requirements(db) == (0, 0)


async def test_full_shipped_import_matches_every_source(db: Database) -> None:
    started = time.monotonic()
    assert await ensure_reference_data(db, batch_size=5000)
    seconds = time.monotonic() - started
    counts = await count_graph(db)
    assert counts["node:Occupation"] == 1016
    assert counts["node:Task"] == 18796
    assert counts["relationship:HAS_TASK"] == 18796
    assert counts["relationship:RELATED_TO"] == 18460
    assert counts["relationship:REQUIRES"] == 27463 + 23068
    loaded = await reference_loaded(db)
    assert loaded is not None
    assert loaded["release"] == "O*NET 29.3"
    assert set(loaded["sources"]) == {"onet", "gpts_are_gpts", "microsoft_working_with_ai"}
    scored = await _rows(
        db,
        "MATCH (o:Occupation) RETURN count(o.exposureGptsHumanBeta) AS gpts, "
        "count(o.exposureMicrosoftAiApplicability) AS microsoft",
    )
    assert scored == [{"gpts": 923, "microsoft": 950}]
    labelled = await _rows(db, "MATCH (t:Task) RETURN count(t.exposure) AS n")
    assert labelled == [{"n": 18751}]
    assert not await ensure_reference_data(db)  # loaded: nothing to do
    assert seconds < 60


async def test_cli_imports_onet_and_writes_unmatched_rows(
    db: Database, subset_dir: Path, neo4j_settings: Settings, tmp_path: Path
) -> None:
    unmatched = tmp_path / "unmatched.csv"
    result = talentgraph(
        "import",
        "onet",
        str(subset_dir),
        "--unmatched",
        str(unmatched),
        env=cli_env(neo4j_settings),
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "gpts task labels" in result.stdout
    assert "unmatched rows written to" in result.stdout
    with unmatched.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["source"] for r in rows} == {"gpts task labels", "related occupations"}
    assert (await count_graph(db))["node:Occupation"] == len(SUBSET)


def test_cli_import_keeps_csv_directories_and_documents_both(neo4j_settings: Settings) -> None:
    env = cli_env(neo4j_settings)
    group = talentgraph("import", "--help", env=env, cwd=REPO)
    assert group.returncode == 0
    assert "onet" in group.stdout
    assert "csv" in group.stdout
    onet = talentgraph("import", "onet", "--help", env=env, cwd=REPO)
    assert onet.returncode == 0
    assert "--unmatched" in onet.stdout
    csv_help = talentgraph("import", "./some-folder", "--help", env=env, cwd=REPO)
    assert csv_help.returncode == 0
    assert "Folder of CSV files" in csv_help.stdout
