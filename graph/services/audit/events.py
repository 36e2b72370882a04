"""Recording audit events: who did what, when, and how it ended.

Mutations append their event inside their own transaction (`record`), so a committed change always
has its event and a rolled-back one never does; a failure is then recorded on its own (`failed`).
Imports and exports span many transactions and are recorded once they end (`audited`). Writing a
failure event never hides the original error: when the database is down it is logged instead,
or, given an `AuditSpool` (the CLI's imports), kept on disk and recorded by the next command that
reaches the database (graph/services/audit/kept.py, graph/services/audit/spool.py).

Failures are rate-limited per caller (`AuditPolicy.failures_per_minute`): the suppressed ones are
counted, and the count written with the next flush of the read log (graph/services/audit/reads.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from graph.auth import Principal
from graph.db import Database, Tx, without_client_bookmarks
from graph.errors import BookmarkNotReady, BookmarkRejected, ServiceUnavailable
from graph.models import AuditOutcome
from graph.repositories import audit
from graph.services.audit.fields import MAX_ACTOR, MAX_TARGET, cut, detail_of, error_code
from graph.services.audit.kept import kept_event, write_kept
from graph.services.audit.reads import schedule
from graph.services.audit.spool import AuditSpool
from graph.services.audit.trail import trail_of

log = logging.getLogger("talentgraph.audit")

#: Failure events written while a task is being cancelled; kept so they are not collected early.
_PENDING: set[asyncio.Task[None]] = set()


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
        cut(principal.subject, MAX_ACTOR),
        action,
        cut(target, MAX_TARGET),
        AuditOutcome.SUCCESS,
        None,
        detail_of(principal, detail),
    )


async def _write(
    db: Database,
    principal: Principal,
    action: str,
    target: str | None,
    error: BaseException | None,
    detail: dict[str, Any] | None,
    spool: AuditSpool | None = None,
    event_id: str | None = None,
) -> None:
    outcome = AuditOutcome.SUCCESS if error is None else AuditOutcome.FAILURE
    code = None if error is None else error_code(error)
    if spool is not None:
        event = kept_event(spool, principal, action, target, error, detail, event_id)
        await write_kept(db, spool, event, spool.keep(event))
        return
    if isinstance(error, ServiceUnavailable):
        log.warning(
            "audit: %s by %s on %s failed: the database is down", action, principal.subject, target
        )
        return
    if error is not None and not _failure_allowed(db, principal.subject):
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
                cut(principal.subject, MAX_ACTOR),
                action,
                cut(target, MAX_TARGET),
                outcome,
                code,
                detail_of(principal, detail),
                event_id,
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
    event_id: str | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Record the block as one event once it ends: SUCCESS, or FAILURE with the error's code.

    Yields the detail dict, for the block to add what it learns (rows written, ...). With a
    `spool`, the event is kept on disk first and stays there until the database has it. With an
    `event_id` (`new_event_id()`), the event has that id, known before it is written (an
    export's, which its manifest is found by).
    """
    found: dict[str, Any] = dict(detail or {})
    try:
        yield found
    except Exception as exc:
        await _write(db, principal, action, target, exc, found, spool, event_id)
        raise
    except BaseException as exc:  # cancelled: record without delaying the cancellation
        if spool is not None:
            event = kept_event(spool, principal, action, target, exc, found, event_id)
            path = spool.keep(event)  # on disk now, whatever becomes of the task below
            if path is not None:
                spool.kept.append(path)
            work = write_kept(db, spool, event, path)
        else:
            work = _write(db, principal, action, target, exc, found, None, event_id)
        try:
            task = asyncio.get_running_loop().create_task(work)
        except RuntimeError:
            work.close()
            log.warning("audit: %s by %s was interrupted", action, principal.subject)
        else:
            _PENDING.add(task)
            task.add_done_callback(_PENDING.discard)
        raise
    await _write(db, principal, action, target, None, found, spool, event_id)


def _failure_allowed(db: Database, subject: str) -> bool:
    """Whether a failure event of `subject` may be written now (at most `failures_per_minute`);
    a refused one is counted, and the count written with the next flush of the read log."""
    trail = trail_of(db)
    now = time.monotonic()
    recent = trail.failures.setdefault(subject, deque())
    while recent and now - recent[0] > 60:
        recent.popleft()
    if len(recent) < trail.policy.failures_per_minute:
        recent.append(now)
        return True
    trail.suppressed[subject] = trail.suppressed.get(subject, 0) + 1
    schedule(db, trail)
    return False
