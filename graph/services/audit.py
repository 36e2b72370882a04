"""The audit trail (DESIGN §6): who did what, when, and how it ended, as `AuditEvent` nodes.

Mutations append their event inside their own transaction (`record`), so a committed change always
has its event and a rolled-back one never does; a failure is then recorded on its own (`failed`).
Imports and exports span many transactions and are recorded once they end (`audited`). Writing a
failure event never hides the original error: when the database is down it is logged instead,
or, given an `AuditSpool` (the CLI's imports), kept on disk and recorded by the next command that
reaches the database (graph/services/audit_spool.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.auth import Principal
from graph.cypher import Tx
from graph.db import Database
from graph.errors import ServiceUnavailable, TalentGraphError
from graph.models import AuditEvent, AuditOutcome
from graph.pagination import Page, check_first, decode_time_cursor
from graph.repositories import audit
from graph.services import access
from graph.services.audit_spool import AuditSpool, KeptEvent

log = logging.getLogger("talentgraph.audit")

MAX_PAGE = 500
MAX_DETAIL = 4000

#: Failure events written while a task is being cancelled; kept so they are not collected early.
_PENDING: set[asyncio.Task[None]] = set()


def _fields(principal: Principal, detail: dict[str, Any] | None) -> dict[str, Any]:
    return {"roles": sorted(r.value for r in principal.roles), **(detail or {})}


def _text(fields: dict[str, Any]) -> str:
    text = json.dumps(fields, default=str, sort_keys=True)
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1] + "…"


def _detail(principal: Principal, detail: dict[str, Any] | None) -> str:
    return _text(_fields(principal, detail))


def error_code(error: BaseException) -> str:
    if isinstance(error, TalentGraphError):
        return error.code
    if isinstance(error, asyncio.CancelledError | KeyboardInterrupt | GeneratorExit):
        return "CANCELLED"
    return "INTERNAL_SERVER_ERROR"


async def record(
    tx: Tx,
    principal: Principal,
    action: str,
    target: str | None,
    detail: dict[str, Any] | None = None,
) -> None:
    """A SUCCESS event, written in the caller's transaction."""
    await audit.record(
        tx,
        principal.subject,
        action,
        target,
        AuditOutcome.SUCCESS,
        None,
        _detail(principal, detail),
    )


def _kept_event(
    spool: AuditSpool,
    principal: Principal,
    action: str,
    target: str | None,
    error: BaseException | None,
    detail: dict[str, Any] | None,
) -> KeptEvent:
    fields = json.loads(json.dumps(_fields(principal, detail), default=str))
    return KeptEvent(
        id=f"ae-{uuid.uuid4()}",
        at=datetime.now(UTC),
        actor=principal.subject,
        action=action,
        target=target,
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
        _text(fields),
    )


async def _write_kept(db: Database, spool: AuditSpool, event: KeptEvent, path: Path | None) -> None:
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


async def _write(
    db: Database,
    principal: Principal,
    action: str,
    target: str | None,
    error: BaseException | None,
    detail: dict[str, Any] | None,
    spool: AuditSpool | None = None,
) -> None:
    outcome = AuditOutcome.SUCCESS if error is None else AuditOutcome.FAILURE
    code = None if error is None else error_code(error)
    if spool is not None:
        event = _kept_event(spool, principal, action, target, error, detail)
        await _write_kept(db, spool, event, spool.keep(event))
        return
    if isinstance(error, ServiceUnavailable):
        log.warning(
            "audit: %s by %s on %s failed: the database is down", action, principal.subject, target
        )
        return
    try:
        await db.write(
            audit.record,
            principal.subject,
            action,
            target,
            outcome,
            code,
            _detail(principal, detail),
        )
    except Exception:
        log.exception(
            "audit: could not record %s %s by %s on %s (%s)",
            outcome.value,
            action,
            principal.subject,
            target,
            code,
        )


async def failed(
    db: Database,
    principal: Principal,
    action: str,
    target: str | None,
    error: BaseException,
    detail: dict[str, Any] | None = None,
) -> None:
    """A FAILURE event with the error's code, in its own transaction; never raises."""
    await _write(db, principal, action, target, error, detail)


@asynccontextmanager
async def audited(
    db: Database,
    principal: Principal,
    action: str,
    target: str | None,
    detail: dict[str, Any] | None = None,
    *,
    spool: AuditSpool | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Record the block as one event once it ends: SUCCESS, or FAILURE with the error's code.

    Yields the detail dict, for the block to add what it learns (rows written, ...). With a
    `spool`, the event is kept on disk first and stays there until the database has it.
    """
    found: dict[str, Any] = dict(detail or {})
    try:
        yield found
    except Exception as exc:
        await _write(db, principal, action, target, exc, found, spool)
        raise
    except BaseException as exc:  # cancelled: record without delaying the cancellation
        if spool is not None:
            event = _kept_event(spool, principal, action, target, exc, found)
            path = spool.keep(event)  # on disk now, whatever becomes of the task below
            if path is not None:
                spool.kept.append(path)
            work = _write_kept(db, spool, event, path)
        else:
            work = _write(db, principal, action, target, exc, found)
        try:
            task = asyncio.get_running_loop().create_task(work)
        except RuntimeError:
            work.close()
            log.warning("audit: %s by %s was interrupted", action, principal.subject)
        else:
            _PENDING.add(task)
            task.add_done_callback(_PENDING.discard)
        raise
    await _write(db, principal, action, target, None, found, spool)


async def audit_log(
    db: Database,
    since: datetime | None = None,
    first: int = 50,
    after: str | None = None,
    *,
    principal: Principal,
) -> Page[AuditEvent]:
    """Audit events newest first (admin only); naive times are UTC."""
    access.require(principal, access.ADMIN_ONLY, "reading the audit log")
    check_first(first, MAX_PAGE)
    if since is not None:
        since = since.replace(tzinfo=UTC) if since.tzinfo is None else since.astimezone(UTC)
    found = await db.read(audit.events, since, first + 1, decode_time_cursor(after))
    return Page.of_keyed(found, first)
