"""The graph version: one value that changes whenever what a derived figure is computed from may
have changed, whoever wrote it — TalentGraph or another tool writing straight into Neo4j.

Derived data (candidate shortlists in the graph, the role index in each process) is stamped with
the version it was built at and used only while the version is the same. The version lives in a
ledger node, `(:GraphVersion {id: 'graph'})`:

- Every TalentGraph write transaction counts itself there first (`Database.write`): `writes` + 1,
  and `version` + 1 unless the write is marked `keeps_scores` (audit events, readiness
  assessments, shortlists). Its lock, taken first and held to the commit, orders our writes.
- Neo4j numbers every committed transaction (the number is in the bookmark a session ends with).
  The ledger records a base: transaction number `baseTx`, up to which `baseWrites` of ours were
  counted. Transactions since then that our count does not account for were written by someone
  else (or were schema or token changes): `unexplained`. Then the version is bumped
  (`adopt`), so everything derived before is stale, and a new base is recorded.

A check is one small read (`observe`): the ledger, and the transaction number the read ended at.
The count can only trail that number (our writes that commit while the read runs), never lead it,
so a mistake can only be a needless bump, never a missed write. Where a bookmark cannot be read
(a Neo4j whose bookmark format this code does not know), writes by other tools cannot be told
apart: the version then follows our own writes only, and a warning says so once.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from graph.bookmarks import transaction_number
from graph.db import LAST_COMMIT, Database, Tx
from graph.repositories import version as ledger_reads

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Observation:
    """The ledger as one read saw it, and the transaction number that read ended at."""

    epoch: str | None
    version: int
    writes: int
    base_tx: int | None
    base_writes: int | None
    tx: int | None

    @classmethod
    def of(cls, ledger: dict[str, Any] | None, tx: int | None) -> Observation:
        """From the ledger map a statement returned (version/read) and the number it ended at."""
        if tx is None:
            _warn_unreadable()
        if ledger is None:
            return cls(None, 0, 0, None, None, tx)
        return cls(
            ledger["epoch"],
            ledger["version"],
            ledger["writes"],
            ledger["baseTx"],
            ledger["baseWrites"],
            tx,
        )

    @property
    def stamp(self) -> str:
        """The version as stamped on derived data: never the same for two states of the inputs."""
        return f"{self.epoch}:{self.version}"

    @property
    def unexplained(self) -> bool:
        """Whether transactions our count does not account for committed since the base."""
        if self.epoch is None or self.tx is None:
            return self.epoch is None
        if self.base_tx is None or self.base_writes is None:
            return True
        return self.tx - self.base_tx > self.writes - self.base_writes


async def observe(tx: Tx) -> Observation:
    """Read the ledger in a read (`Database.reading`); its transaction number is taken after."""
    ledger = await ledger_reads.ledger(tx)
    return Observation.of(ledger, transaction_number(await tx.bookmarks()))


async def ended_at(tx: Tx) -> int | None:
    """The transaction number the statements of a read so far ended at (see `observe`)."""
    return transaction_number(await tx.bookmarks())


_WARNED: list[bool] = []


def _warn_unreadable() -> None:
    if not _WARNED:
        _WARNED.append(True)
        log.warning(
            "Neo4j's bookmarks are in a format TalentGraph cannot read: writes made by other "
            "tools straight into the database are not detected; run `talentgraph reindex` after them"
        )


async def _bump(tx: Any) -> dict[str, Any]:
    """Nothing but the ledger's own count: a write that bumps the version."""
    return {}


_ADOPTING: weakref.WeakKeyDictionary[Database, asyncio.Lock] = weakref.WeakKeyDictionary()


async def current(db: Database, seen: Observation) -> str:
    """The version to use for what `seen` was read with: its own when every transaction since the
    base is accounted for, else a new one, adopted now (the version bumped and a new base
    recorded), so that nothing derived before the unexplained transactions is used."""
    if not seen.unexplained:
        return seen.stamp
    lock = _ADOPTING.setdefault(db, asyncio.Lock())
    async with lock:
        async with db.reading() as tx:
            again = await observe(tx)
        if not again.unexplained or (again.epoch == seen.epoch and again.version > seen.version):
            return again.stamp  # another task adopted (or bumped) since
        ledger = await db.write(_bump)
        del ledger
        commit = LAST_COMMIT.get()
        if commit is not None and commit.tx is not None:
            await db.write(ledger_reads.set_base, commit.tx, commit.writes)
            log.info("writes by another tool detected: graph version %s", commit.stamp)
            return commit.stamp
        async with db.reading() as tx:
            return (await observe(tx)).stamp


async def now(db: Database) -> str:
    """The current version (one small read; an adoption when something else wrote)."""
    async with db.reading() as tx:
        seen = await observe(tx)
    return await current(db, seen)


K = TypeVar("K")
T = TypeVar("T")


@dataclass
class _Slot(Generic[T]):
    key: tuple[str, Any] | None = None
    value: T | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Derived(Generic[K, T]):
    """Derived data held in each process, one value per database: built at a graph version (and
    a key of the caller's, such as a setting it depends on), used only while both are the same,
    rebuilt once, by whoever asks first, when either has changed. The one cache of data derived
    from the graph in a process (the role index, the workforce histories)."""

    def __init__(self) -> None:
        self._slots: weakref.WeakKeyDictionary[Database, _Slot[T]] = weakref.WeakKeyDictionary()

    async def get(
        self,
        db: Database,
        key: K,
        build: Callable[[str], Awaitable[T]],
        seen: Observation | None = None,
    ) -> T:
        """The value at the current graph version (`seen`: the ledger as the caller's own read
        saw it; read here when not given), built with `build(stamp)` if the held one is older."""
        if seen is None:
            async with db.reading() as tx:
                seen = await observe(tx)
        wanted: tuple[str, Any] = (await current(db, seen), key)
        slot = self._slots.setdefault(db, _Slot())
        if slot.key == wanted and slot.value is not None:
            return slot.value
        async with slot.lock:
            if slot.key == wanted and slot.value is not None:
                return slot.value
            value = await build(wanted[0])
            slot.key, slot.value = wanted, value
            return value
