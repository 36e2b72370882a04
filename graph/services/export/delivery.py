"""The readiness export delivered: written to a file with its manifest beside it
(`readiness_file`), or streamed over HTTP as the bytes of a file (`readiness_stream`), its
manifest recorded with the export's audit event (graph/services/export/manifest.py)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.auth import Principal
from graph.db import Database
from graph.exporting.files import ExportResult, write_export
from graph.exporting.formats import ExportFormat, Row, encoder
from graph.services import audit
from graph.services.export.columns import COLUMNS, ExportFilters, ExportRun
from graph.services.export.rows import readiness_rows
from graph.settings import Settings


async def readiness_file(
    db: Database,
    settings: Settings,
    filters: ExportFilters,
    fmt: ExportFormat,
    path: Path,
    *,
    principal: Principal,
    on_roles: Callable[[int], None] | None = None,
    on_done: Callable[[int], None] | None = None,
) -> tuple[ExportResult, ExportRun]:
    """The readiness export written to `path` (atomically) with its manifest beside it;
    `on_done(roles)` as roles are written."""
    run = ExportRun()
    export_id = audit.new_event_id()

    async def batches() -> AsyncIterator[list[Row]]:
        done = 0
        async for batch in readiness_rows(
            db,
            settings,
            filters,
            run,
            on_roles,
            principal=principal,
            fmt=fmt.value,
            export_id=export_id,
        ):
            done += len({r["role_id"] for r in batch})
            if on_done:
                on_done(done)
            yield batch

    result = await write_export(
        batches(),
        fmt,
        COLUMNS,
        path,
        lambda: {
            "exportId": export_id,
            "filters": filters.check().describe(),
            "roles": run.roles,
            "readAt": run.read_at,
            "bookmarks": run.bookmarks,
            "database": db.database,
        },
    )
    return result, run


@dataclass(frozen=True)
class ExportStream:
    """An export on its way over HTTP: the id its manifest is asked for by (that of its audit
    event), the file name to offer, and the bytes as they are produced."""

    id: str
    filename: str
    media_type: str
    body: AsyncGenerator[bytes, None]


async def readiness_stream(
    db: Database,
    settings: Settings,
    filters: ExportFilters,
    fmt: ExportFormat,
    *,
    principal: Principal,
) -> ExportStream:
    """The readiness export as the bytes of a file, as they are produced. The first batch is
    read before this returns, so a refusal, a bad org unit or an outage is raised here rather
    than breaking a stream already under way.

    Its manifest (`readiness_manifest`) is what the export's audit event records: the byte count
    and sha256 of the whole body, worked out as it is produced and recorded before its last
    bytes are handed on, so it is there by the time a client has the whole file.
    """
    export_id = audit.new_event_id()
    filename = f"readiness-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.{fmt.value}"
    run = ExportRun()
    enc = encoder(fmt, COLUMNS)
    digest = hashlib.sha256()
    size = 0

    def counted(data: bytes) -> bytes:
        nonlocal size
        digest.update(data)
        size += len(data)
        return data

    head = counted(enc.header())
    tail: list[bytes] = []

    def ending() -> dict[str, Any]:
        tail.append(counted(enc.footer()))
        return {
            "file": filename,
            "sha256": digest.hexdigest(),
            "bytes": size,
            "generatedAt": datetime.now(UTC).isoformat(),
            "readAt": run.read_at,
            "bookmarks": run.bookmarks,
            "database": db.database,
        }

    rows = readiness_rows(
        db,
        settings,
        filters,
        run,
        principal=principal,
        fmt=fmt.value,
        export_id=export_id,
        ending=ending,
    )
    first = await anext(rows, None)

    async def body() -> AsyncGenerator[bytes, None]:
        try:
            yield head
            if first is not None:
                yield counted(enc.encode(first))
            async for batch in rows:
                yield counted(enc.encode(batch))
            yield b"".join(tail)
        finally:  # a download abandoned half way ends its read and is audited as such at once
            await rows.aclose()

    return ExportStream(export_id, filename, fmt.media_type, body())
