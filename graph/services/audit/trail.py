"""Each database's audit trail in this process: its policy, the read log waiting to be written
(graph/services/audit/reads.py) and the failure limiter (graph/services/audit/events.py)."""

from __future__ import annotations

import asyncio
import weakref
from collections import deque
from dataclasses import dataclass, field

from graph.db import Database
from graph.settings import Settings


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
class Reads:
    ids: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    count: int = 0
    roles: str = ""


@dataclass
class Trail:
    """Per database: the read log waiting to be written, and the failure limiter."""

    policy: AuditPolicy = field(default_factory=AuditPolicy)
    reads: dict[tuple[str, str, str], Reads] = field(default_factory=dict)
    failures: dict[str, deque[float]] = field(default_factory=dict)
    suppressed: dict[str, int] = field(default_factory=dict)
    flusher: asyncio.Task[None] | None = None


_TRAILS: weakref.WeakKeyDictionary[Database, Trail] = weakref.WeakKeyDictionary()


def trail_of(db: Database) -> Trail:
    return _TRAILS.setdefault(db, Trail())


def configure(db: Database, settings: Settings) -> None:
    """Use the settings' policy for this database's trail (the API and the CLI call it when they
    connect)."""
    trail_of(db).policy = AuditPolicy(
        read_flush_seconds=settings.audit_read_flush_seconds,
        failures_per_minute=settings.audit_failures_per_minute,
        retention_days=settings.audit_retention_days,
    )
