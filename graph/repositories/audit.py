"""Audit events: appended inside the transaction they describe (or on their own for failures)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.cypher import Tx, q
from graph.db import keeps_scores
from graph.models import AuditEvent, AuditOutcome
from graph.pagination import TimeKey, time_key_params

RECORD = q("audit/record")
RECORD_MANY = q("audit/record_many")
RECORD_KEPT = q("audit/record_kept")
LIST = q("audit/list")
COUNT = q("audit/count")
GET = q("audit/get")
PURGE = q("audit/purge")


@keeps_scores
async def record(
    tx: Tx,
    actor: str,
    action: str,
    target: str | None,
    outcome: AuditOutcome,
    code: str | None,
    detail: str | None,
    id: str | None = None,
) -> str:
    """Append one event (under `id` when given, else a new one); returns its id. (No derived
    figure is built from the audit trail.)"""
    row = await RECORD.row(
        tx,
        id=id,
        actor=actor,
        action=action,
        target=target,
        outcome=outcome.value,
        code=code,
        detail=detail,
    )
    assert row is not None  # CREATE always returns its row
    return str(row["id"])


@keeps_scores
async def record_many(tx: Tx, rows: list[dict[str, Any]]) -> int:
    """Append several events ({actor, action, target, outcome, code, detail} each) in one write."""
    row = await RECORD_MANY.row(tx, rows=rows)
    return int(row["written"]) if row else 0


@keeps_scores
async def purge(tx: Tx, before: datetime, batch: int) -> int:
    """Delete up to `batch` events older than `before`; how many were deleted."""
    row = await PURGE.row(tx, before=before, batch=batch)
    return int(row["deleted"]) if row else 0


async def record_kept(
    tx: Tx,
    id: str,
    at: datetime | None,
    actor: str,
    action: str,
    target: str | None,
    outcome: str,
    code: str | None,
    detail: str | None,
) -> str:
    """Append the event with this id unless it is already there (an event kept on disk may be
    recorded twice); `at` None: now, by the server's clock. Returns its id."""
    row = await RECORD_KEPT.row(
        tx,
        id=id,
        at=at,
        actor=actor,
        action=action,
        target=target,
        outcome=outcome,
        code=code,
        detail=detail,
    )
    assert row is not None
    return str(row["id"])


async def events(
    tx: Tx, since: datetime | None, first: int, after: TimeKey | None
) -> list[tuple[AuditEvent, TimeKey]]:
    """Events newest first, each with its sort key (epoch seconds, nanosecond, id)."""
    rows = await LIST.rows(
        tx,
        since=since,
        first=first,
        **time_key_params(after),
    )
    return [
        (
            AuditEvent.model_validate(row["event"]),
            (row["seconds"], row["nanos"], row["event"]["id"]),
        )
        for row in rows
    ]


async def count(tx: Tx, since: datetime | None) -> int:
    """How many events are at or after `since` (every one when None)."""
    row = await COUNT.row(tx, since=since)
    return 0 if row is None else int(row["total"])


async def event(tx: Tx, id: str) -> AuditEvent | None:
    """The event with this id, if there is one."""
    row = await GET.row(tx, id=id)
    return None if row is None else AuditEvent.model_validate(row["event"])
