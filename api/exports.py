"""`GET /exports/readiness`: the readiness export streamed over HTTP (chunked), as it is read;
`GET /exports/readiness/{id}/manifest`: what the download should hold (row count, sha256,
columns), to check it against.

For admin, hr and service tokens (401 without a valid token, 403 for other roles); both audited.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import StreamingResponse

from api.auth import PrincipalDep
from api.state import DbDep, SettingsDep
from graph.services.export import (
    ExportFilters,
    ExportFormat,
    readiness_manifest,
    readiness_stream,
)

router = APIRouter(prefix="/exports", tags=["exports"])

#: The response header naming the export, for its manifest.
EXPORT_ID = "X-TalentGraph-Export-Id"


@router.get(
    "/readiness",
    summary="Every role's succession picture as CSV, JSON Lines or Parquet, streamed.",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": f"The file; the `{EXPORT_ID}` header names the export, whose manifest "
            "`/exports/readiness/{id}/manifest` answers once the body has been sent whole."
        }
    },
)
async def readiness_export(
    db: DbDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    format: Annotated[ExportFormat, Query(description="csv, jsonl or parquet")] = ExportFormat.CSV,
    org_unit_id: Annotated[
        str | None, Query(alias="orgUnitId", description="that unit and the units below")
    ] = None,
    all_roles: Annotated[
        bool, Query(alias="allRoles", description="not only critical roles")
    ] = False,
    candidates: Annotated[
        int, Query(description="never-assessed candidates per role, 0 to 50")
    ] = 5,
    since: Annotated[datetime | None, Query(description="roles whose slate changed since")] = None,
) -> StreamingResponse:
    filters = ExportFilters(org_unit_id, all_roles, candidates, since)
    # The first batch is read before answering, so a refusal, a bad org unit or an outage is a
    # proper error status rather than a broken stream.
    export = await readiness_stream(db, settings, filters, format, principal=principal)
    return StreamingResponse(
        export.body,
        media_type=export.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{export.filename}"',
            EXPORT_ID: export.id,
        },
    )


@router.get(
    "/readiness/{export_id}/manifest",
    summary="The manifest of a readiness export: row count, sha256, size, columns and types.",
)
async def readiness_export_manifest(
    db: DbDep,
    principal: PrincipalDep,
    export_id: Annotated[str, Path(description=f"the export's `{EXPORT_ID}` header")],
) -> dict[str, Any]:
    return await readiness_manifest(db, export_id, principal=principal)
