"""The audit trail (DESIGN §6): who did what, when, and how it ended, as `AuditEvent` nodes.

Mutations append their event inside their own transaction (`record`), so a committed change always
has its event and a rolled-back one never does; a failure is then recorded on its own (`failed`).
Imports and exports span many transactions and are recorded once they end (`audited`). Writing a
failure event never hides the original error: when the database is down it is logged instead,
or, given an `AuditSpool` (the CLI's imports), kept on disk and recorded by the next command that
reaches the database (graph/services/audit_spool.py).

Reads of sensitive data (ratings, assessment notes, key-person risk, 9-boxes, review pages) are
recorded too (`read`): in memory first, then written in batches every few seconds (`AuditPolicy`),
one event per reader and kind of data with the ids read (at most `MAX_IDS`, and how many in all),
so a read costs no write of its own. Bounded: target and actor are cut to a few hundred
characters, failures are rate-limited per caller (the suppressed ones counted in a later event),
and events older than the retention period are deleted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
import weakref
from collections import deque
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, overload

from graph.auth import Principal
from graph.db import Database, Tx, without_client_bookmarks
from graph.errors import BookmarkNotReady, BookmarkRejected, ServiceUnavailable, TalentGraphError
from graph.models import AuditEvent, AuditOutcome
from graph.pagination import Page, check_first, decode_time_cursor
from graph.repositories import audit
from graph.services import access
from graph.services.audit_spool import AuditSpool, KeptEvent
from graph.settings import Settings

log = logging.getLogger("talentgraph.audit")

MAX_PAGE = 500
MAX_DETAIL = 4000
#: Longest target and actor stored: a request cannot make an event bigger than that.
MAX_TARGET = 300
MAX_ACTOR = 200
#: Ids kept per read event (the event also says how many were read in all).
MAX_IDS = 100
#: Distinct (reader, kind) pairs held between two flushes: beyond it a flush is due at once.
MAX_PENDING = 1000


@overload
def _cut(text: str, limit: int) -> str: ...
@overload
def _cut(text: None, limit: int) -> None: ...
@overload
def _cut(text: str | None, limit: int) -> str | None: ...
def _cut(text: str | None, limit: int) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class AuditPolicy:
    """How the trail keeps itself bounded (settings `TALENTGRAPH_AUDIT_*`)."""

    #: Seconds between writes of the read log.
    read_flush_seconds: float = 5.0
    #: Failure events a caller may cause per minute; the rest are counted, not written one by one.
    failures_per_minute: int = 30
    #: Events older than this many days are deleted (0: kept for ever).
    retention_days: int = 365


@dataclass
class _Reads:
    ids: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    count: int = 0
    roles: str = ""


@dataclass
class _Trail:
    """Per database: the read log waiting to be written, and the failure limiter."""

    policy: AuditPolicy = field(default_factory=AuditPolicy)
    reads: dict[tuple[str, str, str], _Reads] = field(default_factory=dict)
    failures: dict[str, deque[float]] = field(default_factory=dict)
    suppressed: dict[str, int] = field(default_factory=dict)
    flusher: asyncio.Task[None] | None = None


_TRAILS: weakref.WeakKeyDictionary[Database, _Trail] = weakref.WeakKeyDictionary()


def _trail(db: Database) -> _Trail:
    return _TRAILS.setdefault(db, _Trail())


def configure(db: Database, settings: Settings) -> None:
    """Use the settings' policy for this database's trail (the API and the CLI call it when they
    connect)."""
    _trail(db).policy = AuditPolicy(
        read_flush_seconds=settings.audit_read_flush_seconds,
        failures_per_minute=settings.audit_failures_per_minute,
        retention_days=settings.audit_retention_days,
    )


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
        _cut(principal.subject, MAX_ACTOR),
        action,
        _cut(target, MAX_TARGET),
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
        actor=_cut(principal.subject, MAX_ACTOR),
        action=action,
        target=_cut(target, MAX_TARGET),
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
                _cut(principal.subject, MAX_ACTOR),
                action,
                _cut(target, MAX_TARGET),
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


async def settle(seconds: float = 5.0) -> None:
    """Wait up to `seconds` for the events of blocks that were cancelled (an interrupted command)
    to be written; a command calls this before it closes its connection, which would fail them."""
    pending = [task for task in _PENDING if not task.done()]
    if pending:
        await asyncio.wait(pending, timeout=seconds)


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
    after_key = decode_time_cursor(after)
    async with db.reading() as tx:
        found = await audit.events(tx, since, first + 1, after_key)
    return Page.of_keyed(found, first)


def _failure_allowed(db: Database, subject: str) -> bool:
    """Whether a failure event of `subject` may be written now (at most `failures_per_minute`);
    a refused one is counted, and the count written with the next flush of the read log."""
    trail = _trail(db)
    now = time.monotonic()
    recent = trail.failures.setdefault(subject, deque())
    while recent and now - recent[0] > 60:
        recent.popleft()
    if len(recent) < trail.policy.failures_per_minute:
        recent.append(now)
        return True
    trail.suppressed[subject] = trail.suppressed.get(subject, 0) + 1
    _schedule(db, trail)
    return False


def read(
    db: Database, principal: Principal, kind: str, ids: Iterable[str], target: str = ""
) -> None:
    """Note that the caller read sensitive data (`kind`: ratings, notes, keyPersonRisk, nineBox,
    reviewPage, personPage) of the people (or roles, or units) `ids`; written with the next
    flush, not now, so a read costs no write."""
    trail = _trail(db)
    roles = ",".join(sorted(r.value for r in principal.roles))
    key = (_cut(principal.subject, MAX_ACTOR) or "", f"read.{kind}", _cut(target, MAX_TARGET) or "")
    entry = trail.reads.get(key)
    if entry is None:
        entry = trail.reads[key] = _Reads(roles=roles)
    for i in ids:
        entry.count += 1
        if len(entry.ids) < MAX_IDS and i not in entry.seen:
            entry.seen.add(i)
            entry.ids.append(i)
    _schedule(db, trail, urgent=len(trail.reads) >= MAX_PENDING)


def _schedule(db: Database, trail: _Trail, urgent: bool = False) -> None:
    if trail.flusher is not None and not trail.flusher.done():
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return  # no loop: the next flush (or `flush_reads`) takes it

    async def later() -> None:
        if not urgent:
            await asyncio.sleep(trail.policy.read_flush_seconds)
        await flush_reads(db)

    trail.flusher = loop.create_task(later())


async def flush_reads(db: Database) -> int:
    """Write the read log and the counts of suppressed failures now; how many events."""
    trail = _trail(db)
    reads, trail.reads = trail.reads, {}
    suppressed, trail.suppressed = trail.suppressed, {}
    rows = [
        {
            "actor": actor,
            "action": action,
            "target": target or None,
            "outcome": AuditOutcome.SUCCESS.value,
            "code": None,
            "detail": json.dumps(
                {
                    "roles": entry.roles.split(",") if entry.roles else [],
                    "ids": entry.ids,
                    "count": entry.count,
                    "truncated": len(entry.seen) < entry.count,
                },
                sort_keys=True,
            ),
        }
        for (actor, action, target), entry in reads.items()
    ] + [
        {
            "actor": _cut(subject, MAX_ACTOR),
            "action": "audit.suppressed",
            "target": None,
            "outcome": AuditOutcome.FAILURE.value,
            "code": "TOO_MANY_FAILURES",
            "detail": json.dumps(
                {"failures": count, "perMinute": trail.policy.failures_per_minute}
            ),
        }
        for subject, count in suppressed.items()
    ]
    if not rows:
        return 0
    try:
        return await db.write(audit.record_many, rows)
    except Exception:
        log.exception("audit: could not write %d read events; they are lost", len(rows))
        return 0


async def purge(db: Database, principal: Principal, now: datetime | None = None) -> int:
    """Delete events older than the retention period (none when it is 0); audited itself."""
    days = _trail(db).policy.retention_days
    if days <= 0:
        return 0
    before = (now or datetime.now(UTC)) - timedelta(days=days)
    deleted = 0
    async with audited(db, principal, "audit.purge", None, {"retentionDays": days}) as detail:
        while found := await db.write(audit.purge, before, 10_000):
            deleted += found
        detail["deleted"] = deleted
    return deleted
