"""Audit events kept on disk (graph/services/audit/spool.py) and recorded once the database has
them: the CLI's imports keep their event before trying the database, and the next command that
reaches the database records what is left (`record_kept_events`), each at the time it happened."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.auth import Principal
from graph.db import Database
from graph.models import AuditOutcome
from graph.repositories import audit
from graph.services.audit.fields import (
    MAX_ACTOR,
    MAX_TARGET,
    as_text,
    cut,
    error_code,
    fields_of,
    new_event_id,
)
from graph.services.audit.spool import AuditSpool, KeptEvent

log = logging.getLogger("talentgraph.audit")


def kept_event(
    spool: AuditSpool,
    principal: Principal,
    action: str,
    target: str | None,
    error: BaseException | None,
    detail: dict[str, Any] | None,
    event_id: str | None = None,
) -> KeptEvent:
    fields = json.loads(json.dumps(fields_of(principal, detail), default=str))
    return KeptEvent(
        id=event_id or new_event_id(),
        at=datetime.now(UTC),
        actor=cut(principal.subject, MAX_ACTOR),
        action=action,
        target=cut(target, MAX_TARGET),
        outcome=(AuditOutcome.SUCCESS if error is None else AuditOutcome.FAILURE).value,
        code=None if error is None else error_code(error),
        detail=fields,
        database=spool.database,
    )


async def _record_kept(db: Database, event: KeptEvent, *, late: bool) -> None:
    fields = {**event.detail, "recordedLate": True} if late else event.detail
    await db.write(
        audit.record_kept,
        event.id,
        event.at if late else None,
        event.actor,
        event.action,
        event.target,
        event.outcome,
        event.code,
        as_text(fields),
    )


async def write_kept(db: Database, spool: AuditSpool, event: KeptEvent, path: Path | None) -> None:
    """Record an event already kept on disk (at `path`), then forget the file. While the database
    does not answer (the driver retries for its retry time first), the file stays for the next
    command; this never raises."""
    try:
        await _record_kept(db, event, late=False)
    except Exception as exc:
        if path is None:
            log.exception("audit: could neither record nor keep %s %s", event.action, event.id)
        else:
            if path not in spool.kept:
                spool.kept.append(path)
            log.warning(
                "audit: %s %s by %s not recorded yet (%s); kept in %s",
                event.outcome,
                event.action,
                event.actor,
                error_code(exc),
                path,
            )
        return
    if path is not None:
        spool.done(path)


async def record_kept_events(db: Database, spool: AuditSpool) -> int:
    """Record the events kept in `spool` for its database, oldest first, each with the time it
    happened and `recordedLate` in its detail; returns how many. Stops at the first that cannot
    be written (the database is down again), leaving it and the rest for next time."""
    recorded = 0
    for path, event in spool.pending():
        await _record_kept(db, event, late=True)
        spool.done(path)
        recorded += 1
    return recorded
