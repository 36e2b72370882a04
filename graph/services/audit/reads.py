"""The read log: reads of sensitive data (ratings, assessment notes, key-person risk, 9-boxes,
review pages) are recorded too (`read`), in memory first, then written in batches every few
seconds (`AuditPolicy`), one event per reader and kind of data with the ids read (at most
`MAX_IDS`, and how many in all), so a read costs no write of its own. The same flush writes how
many failure events each caller had suppressed (graph/services/audit/events.py)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterable

from graph.auth import Principal
from graph.db import Database
from graph.models import AuditOutcome
from graph.repositories import audit
from graph.services.audit.fields import MAX_ACTOR, MAX_TARGET, cut
from graph.services.audit.trail import Reads, Trail, trail_of

log = logging.getLogger("talentgraph.audit")

#: Ids kept per read event (the event also says how many were read in all).
MAX_IDS = 100
#: Distinct (reader, kind) pairs held between two flushes: beyond it a flush is due at once.
MAX_PENDING = 1000


def read(
    db: Database, principal: Principal, kind: str, ids: Iterable[str], target: str = ""
) -> None:
    """Note that the caller read sensitive data (`kind`: ratings, notes, keyPersonRisk, nineBox,
    reviewPage, personPage) of the people (or roles, or units) `ids`; written with the next
    flush, not now, so a read costs no write."""
    trail = trail_of(db)
    roles = ",".join(sorted(r.value for r in principal.roles))
    key = (cut(principal.subject, MAX_ACTOR) or "", f"read.{kind}", cut(target, MAX_TARGET) or "")
    entry = trail.reads.get(key)
    if entry is None:
        entry = trail.reads[key] = Reads(roles=roles)
    for i in ids:
        entry.count += 1
        if len(entry.ids) < MAX_IDS and i not in entry.seen:
            entry.seen.add(i)
            entry.ids.append(i)
    schedule(db, trail, urgent=len(trail.reads) >= MAX_PENDING)


def schedule(db: Database, trail: Trail, urgent: bool = False) -> None:
    """A flush of `db`'s read log soon (at once when `urgent`), unless one is already due."""
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
    trail = trail_of(db)
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
            "actor": cut(subject, MAX_ACTOR),
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
