"""Retention: events older than the policy's retention period are deleted (`purge`), and the
purge is itself an audited action."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from graph.auth import Principal
from graph.db import Database
from graph.repositories import audit
from graph.services.audit.events import audited
from graph.services.audit.trail import trail_of


async def purge(db: Database, principal: Principal, now: datetime | None = None) -> int:
    """Delete events older than the retention period (none when it is 0); audited itself."""
    days = trail_of(db).policy.retention_days
    if days <= 0:
        return 0
    before = (now or datetime.now(UTC)) - timedelta(days=days)
    deleted = 0
    async with audited(db, principal, "audit.purge", None, {"retentionDays": days}) as detail:
        while found := await db.write(audit.purge, before, 10_000):
            deleted += found
        detail["deleted"] = deleted
    return deleted
