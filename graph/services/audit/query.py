"""Reading the audit trail: `auditLog`, newest first, for admins only."""

from __future__ import annotations

from datetime import UTC, datetime

from graph.auth import Principal
from graph.db import Database
from graph.models import AuditEvent
from graph.pagination import Page, check_first, decode_time_cursor
from graph.repositories import audit
from graph.services import access

MAX_PAGE = 500
#: Events a page holds when the caller does not say (the API's argument default too).
DEFAULT_PAGE = 50
#: The name of the list in its cursors (graph/pagination.py).
AUDIT_LOG = "auditLog"


async def audit_log(
    db: Database,
    since: datetime | None = None,
    first: int = DEFAULT_PAGE,
    after: str | None = None,
    *,
    principal: Principal,
) -> Page[AuditEvent]:
    """Audit events newest first (admin only); naive times are UTC."""
    access.require(principal, access.ADMIN_ONLY, "reading the audit log")
    check_first(first, MAX_PAGE)
    if since is not None:
        since = since.replace(tzinfo=UTC) if since.tzinfo is None else since.astimezone(UTC)
    after_key = decode_time_cursor(after, AUDIT_LOG)
    async with db.reading() as tx:
        found = await audit.events(tx, since, first + 1, after_key)
        total = await audit.count(tx, since)
    return Page.of_keyed(found, AUDIT_LOG, first, total)
