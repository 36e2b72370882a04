"""The readiness export's manifest, for files and over HTTP (README "Readiness exports").

- Column types are those of the file as written: the Parquet schema read back with pyarrow, the
  JSON type of each JSON Lines value, text for every CSV column (with how lists are joined).
- Enumerations (coverage, kind, readiness, exposure source) are dictionary-encoded in Parquet.
- An HTTP download names its export (`X-TalentGraph-Export-Id`); `GET /exports/readiness/{id}/
  manifest` then gives its row count, sha256 and size, to its caller only, for 24 hours; 404 for
  anyone else or any other id, 409 for an export that did not complete; each request audited.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from graph.auth import LOCAL_DEVELOPER, AccessRole, Principal
from graph.db import Database
from graph.services.export import (
    COLUMN_NAMES,
    COLUMNS,
    ExportFilters,
    ExportFormat,
    readiness_file,
    readiness_stream,
)
from graph.settings import Settings
from tests.support.factories import Org, audit_events
from tests.support.http_server import ADMIN_SUBJECT, ApiClient

ENUMS = ("coverage", "kind", "readiness", "exposure_source")
LISTS = ("incumbent_ids", "top_gaps")


def org() -> Org:
    """Two critical roles: R with an incumbent, two nominated successors and candidates; Q with
    nobody (a NONE row)."""
    return (
        Org()
        .unit("u1", name="Sales")
        .skill("s1")
        .skill("s2")
        .role("R", "u1", {"s1": (4, 1), "s2": (2, 1)}, critical=True, title="Head of Sales")
        .skill("s9")
        .role("Q", "u1", {"s9": (5, 1)}, critical=True, title="Quiet role")
        .employee("inc", holds=("R",), skills={"s1": 4, "s2": 2}, risk_of_loss="HIGH")
        .employee("n1", skills={"s1": 3, "s2": 2})
        .employee("n2", skills={"s1": 1})
        .employee("c1", skills={"s1": 4, "s2": 1})
        .employee("c2", skills={"s1": 2})
        .assess("n1", "R", "READY_NOW")
        .assess("n2", "R", "READY_1_2_YEARS")
    )


async def _file(db: Database, tmp_path: Path, fmt: ExportFormat) -> tuple[Path, dict[str, Any]]:
    path = tmp_path / f"readiness.{fmt.value}"
    result, _ = await readiness_file(
        db, Settings(), ExportFilters(), fmt, path, principal=LOCAL_DEVELOPER
    )
    return path, json.loads(result.manifest_path.read_text(encoding="utf-8"))


def _types(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert [c["name"] for c in manifest["columns"]] == list(COLUMN_NAMES)
    return {c["name"]: c for c in manifest["columns"]}


def _parquet_matches(data: bytes | Path, manifest: dict[str, Any]) -> None:
    """Each column's manifest type is the type pyarrow reads from the file's own schema."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    parquet = pq.ParquetFile(source)
    schema = parquet.schema_arrow
    types = _types(manifest)
    assert schema.names == list(COLUMN_NAMES)
    for name in COLUMN_NAMES:
        assert types[name]["type"] == str(schema.field(name).type), name
    for name in LISTS:
        assert types[name]["type"] == "list<element: string>"
    # enumerations: Arrow dictionaries, stored with a dictionary page in every row group
    assert {c.name for c in COLUMNS if c.values} == set(ENUMS)
    metadata = parquet.metadata
    assert metadata.num_row_groups >= 1
    for name in ENUMS:
        assert pa.types.is_dictionary(schema.field(name).type), name
        assert types[name]["values"], name
        index = schema.names.index(name)
        for group in range(metadata.num_row_groups):
            chunk = metadata.row_group(group).column(index)
            assert chunk.has_dictionary_page, name
            assert "RLE_DICTIONARY" in chunk.encodings or "PLAIN_DICTIONARY" in chunk.encodings
    # and read back as the values themselves
    table = parquet.read()
    assert set(table.column("kind").to_pylist()) == {"NOMINATED", "CANDIDATE", "NONE"}
    assert set(table.column("readiness").to_pylist()) == {"READY_NOW", "READY_1_2_YEARS", None}


async def test_parquet_manifest_types_are_the_files_and_enums_are_dictionaries(
    db: Database, tmp_path: Path
) -> None:
    await org().save(db)
    path, manifest = await _file(db, tmp_path, ExportFormat.PARQUET)
    _parquet_matches(path, manifest)
    assert manifest["rowCount"] == pq.ParquetFile(path).metadata.num_rows
    assert manifest["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert re.fullmatch(r"ae-[0-9a-f-]{36}", manifest["exportId"])


async def test_csv_manifest_says_every_column_is_text_and_how_it_is_written(
    db: Database, tmp_path: Path
) -> None:
    await org().save(db)
    path, manifest = await _file(db, tmp_path, ExportFormat.CSV)
    types = _types(manifest)
    assert {c["type"] for c in types.values()} == {"string"}
    for name in LISTS:
        assert "joined by ;" in types[name]["written"], name
    assert "percentage" in types["fit"]["written"] and "percentage" in types["cover"]["written"]
    assert types["critical"]["written"] == "true or false"
    assert manifest["dialect"]["listSeparator"] == ";"
    assert manifest["dialect"]["lineTerminator"] == "\r\n"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == manifest["rowCount"]
    incumbents = {r["role_id"]: r["incumbent_ids"] for r in rows}
    assert incumbents == {"R": "inc", "Q": ""}
    assert any(";" in r["top_gaps"] for r in rows)  # n2 falls short of both skills
    for row in rows:
        assert row["coverage"] in types["coverage"]["values"]


async def test_jsonl_manifest_types_are_the_json_values(db: Database, tmp_path: Path) -> None:
    await org().save(db)
    path, manifest = await _file(db, tmp_path, ExportFormat.JSONL)
    types = _types(manifest)
    python = {"string": str, "boolean": bool, "integer": int, "number": float, "array": list}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == manifest["rowCount"]
    for row in rows:
        for name, value in row.items():
            if value is None:
                continue
            kind = python[types[name]["type"]]
            if kind is float:
                assert isinstance(value, int | float) and not isinstance(value, bool), name
            else:
                assert isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
            if types[name].get("format") == "date-time":
                datetime.fromisoformat(value)
            if name in ENUMS:
                assert value in types[name]["values"], name
    assert types["top_gaps"] == {
        "name": "top_gaps",
        "type": "array",
        "items": "string",
        "description": types["top_gaps"]["description"],
    }


# Over HTTP


def _download(client: ApiClient, fmt: ExportFormat) -> httpx.Response:
    response = client.http.get("/exports/readiness", params={"format": fmt.value})
    assert response.status_code == 200, response.text
    return response


async def _events(db: Database, action: str) -> list[dict[str, Any]]:
    return [e for e in await audit_events(db) if e["action"] == action]


async def _edit_event(db: Database, id: str, **values: Any) -> None:
    """Set properties of an audit event (committed before this returns)."""
    async with db.driver.session(database=db.database) as session:
        result = await session.run(
            "MATCH (a:AuditEvent {id: $id}) SET a += $values", id=id, values=values
        )
        await result.consume()


@pytest.mark.parametrize("fmt", list(ExportFormat))
async def test_an_http_download_can_be_checked_against_its_manifest(
    db: Database, api: ApiClient, tmp_path: Path, fmt: ExportFormat
) -> None:
    await org().save(db)
    response = _download(api, fmt)
    export_id = response.headers["x-talentgraph-export-id"]
    assert re.fullmatch(r"ae-[0-9a-f-]{36}", export_id)
    answer = api.http.get(f"/exports/readiness/{export_id}/manifest")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    manifest = answer.json()
    body = response.content
    assert manifest["sha256"] == hashlib.sha256(body).hexdigest()
    assert manifest["bytes"] == len(body)
    assert manifest["exportId"] == export_id
    assert manifest["format"] == fmt.value
    assert f'filename="{manifest["file"]}"' in response.headers["content-disposition"]
    if fmt is ExportFormat.PARQUET:
        rows = pq.read_table(io.BytesIO(body)).num_rows
        _parquet_matches(body, manifest)
    elif fmt is ExportFormat.JSONL:
        rows = len(body.decode().splitlines())
    else:
        rows = len(list(csv.DictReader(io.StringIO(body.decode(), newline=""))))
    assert manifest["rowCount"] == rows > 0
    assert manifest["roles"] == 2
    assert manifest["filters"] == ExportFilters().describe()
    assert manifest["readAt"] and manifest["generatedAt"] and manifest["bookmarks"]
    # the same description of the columns as the file export's manifest
    _, from_file = await _file(db, tmp_path, fmt)
    assert manifest["columns"] == from_file["columns"]
    assert set(from_file) == set(manifest)
    # the export is audited with what its manifest says; the manifest's reading too
    (exported,) = [e for e in await _events(db, "export.readiness") if e["id"] == export_id]
    assert exported["outcome"] == "SUCCESS" and exported["actor"] == ADMIN_SUBJECT
    assert json.loads(exported["detail"])["sha256"] == manifest["sha256"]
    (read,) = await _events(db, "export.readiness.manifest")
    assert (read["target"], read["outcome"], read["actor"]) == (export_id, "SUCCESS", ADMIN_SUBJECT)


async def test_a_manifest_is_for_its_caller_for_a_day_and_only_for_a_whole_download(
    db: Database, api: ApiClient
) -> None:
    await org().save(db)
    export_id = _download(api, ExportFormat.CSV).headers["x-talentgraph-export-id"]
    url = f"/exports/readiness/{export_id}/manifest"
    assert api.http.get(url).status_code == 200

    def refused(client: ApiClient, status: int, code: str, path: str = url) -> None:
        response = client.http.get(path)
        assert response.status_code == status, response.text
        assert response.json()["error"]["code"] == code

    # another caller, even an admin, does not learn of it
    refused(api.as_user("other-admin", AccessRole.ADMIN), 404, "NOT_FOUND")
    refused(api.as_user("hr@example.com", AccessRole.HR), 404, "NOT_FOUND")
    refused(api.as_user("boss", AccessRole.MANAGER, employee_id="inc"), 403, "FORBIDDEN")
    refused(api.with_token(None), 401, "UNAUTHENTICATED")
    refused(api, 404, "NOT_FOUND", "/exports/readiness/ae-0000/manifest")
    # the id of an event that is not an HTTP export
    other = (await _events(db, "export.readiness.manifest"))[0]["id"]
    refused(api, 404, "NOT_FOUND", f"/exports/readiness/{other}/manifest")

    # an export that did not complete: 409, saying how it ended
    await _edit_event(db, export_id, outcome="FAILURE", code="CANCELLED")
    conflict = api.http.get(url)
    assert conflict.status_code == 409, conflict.text
    error = conflict.json()["error"]
    assert (error["code"], error["exportCode"]) == ("CONFLICT", "CANCELLED")
    # a day later it is gone
    await _edit_event(
        db,
        export_id,
        outcome="SUCCESS",
        code=None,
        at=datetime.now(UTC) - timedelta(hours=24, minutes=1),
    )
    refused(api, 404, "NOT_FOUND")
    reads = await _events(db, "export.readiness.manifest")
    assert [e["outcome"] for e in reads].count("FAILURE") >= 6
    assert {e["code"] for e in reads if e["outcome"] == "FAILURE"} >= {
        "NOT_FOUND",
        "FORBIDDEN",
        "CONFLICT",
    }


async def test_a_download_abandoned_half_way_has_no_manifest(db: Database) -> None:
    """In process: the stream closed after its first chunk (a client that went away) ends the
    export's read at once, audited as CANCELLED; its manifest is then refused with 409."""
    from graph.errors import Conflict
    from graph.services.export import readiness_manifest

    await org().save(db)
    me = Principal("half-way", frozenset({AccessRole.HR}))
    stream = await readiness_stream(
        db, Settings(), ExportFilters(), ExportFormat.PARQUET, principal=me
    )
    assert await anext(stream.body)
    await stream.body.aclose()
    for _ in range(100):
        found = [e for e in await _events(db, "export.readiness") if e["id"] == stream.id]
        if found:
            break
        await asyncio.sleep(0.05)
    assert [(e["outcome"], e["code"]) for e in found] == [("FAILURE", "CANCELLED")]
    with pytest.raises(Conflict):
        await readiness_manifest(db, stream.id, principal=me)
