"""`GET /exports/readiness`: the readiness export streamed over HTTP (chunked), as it is read.

For admin, hr and service tokens (401 without a valid token, 403 for other roles); audited.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from api.auth import PrincipalDep
from api.state import get_db, get_settings
from graph.services.export import ExportFilters, ExportFormat, readiness_stream

router = APIRouter(prefix="/exports", tags=["exports"])


@router.get(
    "/readiness",
    summary="Every role's succession picture as CSV, JSON Lines or Parquet, streamed.",
    response_class=StreamingResponse,
)
async def readiness_export(
    request: Request,
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
    db, settings = get_db(request), get_settings(request)
    filters = ExportFilters(org_unit_id, all_roles, candidates, since)
    # The first batch is read before answering, so a refusal, a bad org unit or an outage is a
    # proper error status rather than a broken stream.
    body = await readiness_stream(db, settings, filters, format, principal=principal)

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return StreamingResponse(
        body,
        media_type=format.media_type,
        headers={"Content-Disposition": f'attachment; filename="readiness-{stamp}.{format.value}"'},
    )
