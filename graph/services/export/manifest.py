"""The manifest of a readiness export streamed over HTTP, read back from its audit event
(`readiness_manifest`): row count, sha256, size and columns, for its caller, for a day."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.auth import Principal
from graph.db import Database
from graph.errors import Conflict, NotFound
from graph.exporting.files import manifest
from graph.exporting.formats import ExportFormat
from graph.models import AuditEvent, AuditOutcome
from graph.repositories import audit as audit_reads
from graph.services import access, audit
from graph.services.export.columns import COLUMNS
from graph.services.export.rows import ACTION

#: How long after an HTTP export its manifest is answered.
MANIFEST_KEPT = timedelta(hours=24)
MANIFEST_ACTION = "export.readiness.manifest"


async def readiness_manifest(
    db: Database, export_id: str, *, principal: Principal
) -> dict[str, Any]:
    """The manifest of a readiness export streamed over HTTP (`readiness_stream`), read from its
    audit event: to its caller only, for `MANIFEST_KEPT` after it; NotFound for any other id,
    caller or time, Conflict for an export that did not complete. Audited itself."""
    async with audit.audited(db, principal, MANIFEST_ACTION, export_id):
        access.require(principal, access.EXPORT, "the readiness export")
        async with db.reading() as tx:
            event = await audit_reads.event(tx, export_id)
        return _manifest_of(event, export_id, principal)


def _manifest_of(event: AuditEvent | None, export_id: str, principal: Principal) -> dict[str, Any]:
    hours = MANIFEST_KEPT.total_seconds() / 3600
    missing = NotFound(
        f"no readiness export {export_id!r} of yours from the last {hours:g} hours: a manifest is "
        "kept, for the caller who downloaded the export, from the moment its last bytes are sent",
        field="id",
    )
    if (
        event is None
        or event.action != ACTION
        or event.actor != audit.actor_of(principal)
        or event.at < datetime.now(UTC) - MANIFEST_KEPT
    ):
        raise missing
    if event.outcome is AuditOutcome.FAILURE:
        raise Conflict(
            f"the readiness export {export_id!r} did not complete ({event.code}), so no file "
            "was sent whole and there is no manifest: download it again",
            field="id",
            exportCode=event.code,
        )
    try:
        found = json.loads(event.detail or "")
        fmt = ExportFormat(found["format"])
    except (ValueError, KeyError, TypeError):
        found, fmt = {}, None
    if fmt is None or "sha256" not in found:  # written to a file, or the detail was cut
        raise NotFound(
            f"the readiness export {export_id!r} was not streamed over HTTP: a file export's "
            "manifest is the PATH.manifest.json beside it",
            field="id",
        )
    return manifest(
        fmt,
        COLUMNS,
        file=found["file"],
        rows=found["rows"],
        sha256=found["sha256"],
        size=found["bytes"],
        generated_at=found["generatedAt"],
        exportId=export_id,
        filters=found["filters"],
        roles=found["roles"],
        readAt=found["readAt"],
        bookmarks=found["bookmarks"],
        database=found["database"],
    )
