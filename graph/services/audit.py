"""The audit trail (DESIGN §6): who did what, when, and how it ended, as `AuditEvent` nodes.

Mutations append their event inside their own transaction (`record`), so a committed change always
has its event and a rolled-back one never does; a failure is then recorded on its own (`failed`).
Imports and exports span many transactions and are recorded once they end (`audited`). Writing a
failure event never hides the original error: when the database is down it is logged instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from graph.auth import Principal
from graph.cypher import Tx
from graph.db import Database, without_client_bookmarks
from graph.errors import BookmarkNotReady, BookmarkRejected, ServiceUnavailable, TalentGraphError
from graph.models import AuditEvent, AuditOutcome
from graph.pagination import Page, check_first, decode_time_cursor
from graph.repositories import audit
from graph.services import access

log = logging.getLogger("talentgraph.audit")

MAX_PAGE = 500
MAX_DETAIL = 4000

#: Failure events written while a task is being cancelled; kept so they are not collected early.
_PENDING: set[asyncio.Task[None]] = set()


def _detail(principal: Principal, detail: dict[str, Any] | None) -> str:
    text = json.dumps(
        {"roles": sorted(r.value for r in principal.roles), **(detail or {})},
        default=str,
        sort_keys=True,
    )
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1] + "…"


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


async def _write(
    db: Database,
    principal: Principal,
    action: str,
    target: str | None,
    error: BaseException | None,
    detail: dict[str, Any] | None,
) -> None:
    outcome = AuditOutcome.SUCCESS if error is None else AuditOutcome.FAILURE
    code = None if error is None else error_code(error)
    if isinstance(error, ServiceUnavailable):
        log.warning(
            "audit: %s by %s on %s failed: the database is down", action, principal.subject, target
        )
        return
    bookmarks = (
        without_client_bookmarks()
        if isinstance(error, BookmarkRejected | BookmarkNotReady)
        else contextlib.nullcontext()
    )
    try:
        with bookmarks:
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
) -> AsyncIterator[dict[str, Any]]:
    """Record the block as one event once it ends: SUCCESS, or FAILURE with the error's code.

    Yields the detail dict, for the block to add what it learns (rows written, ...).
    """
    found: dict[str, Any] = dict(detail or {})
    try:
        yield found
    except Exception as exc:
        await _write(db, principal, action, target, exc, found)
        raise
    except BaseException as exc:  # cancelled: record without delaying the cancellation
        try:
            task = asyncio.get_running_loop().create_task(
                _write(db, principal, action, target, exc, found)
            )
        except RuntimeError:
            log.warning("audit: %s by %s was interrupted", action, principal.subject)
        else:
            _PENDING.add(task)
            task.add_done_callback(_PENDING.discard)
        raise
    await _write(db, principal, action, target, None, found)


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
