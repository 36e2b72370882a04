"""Where a read's or a write's statements run (`graph.cypher.Tx`): `Reader`, the statements of a
`Database.reading()` block, each an auto-commit transaction retried alone; `InTransaction`, those
of one transaction (a write's, or a read's in one transaction)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, LiteralString, TypeVar

import neo4j
from neo4j import AsyncManagedTransaction
from neo4j import exceptions as neo4j_errors

if TYPE_CHECKING:
    from graph.db import Database

T = TypeVar("T")
log = logging.getLogger(__name__)

#: Neo4j waited `db.transaction.bookmark_ready_timeout` for a bookmark's transaction in vain.
BOOKMARK_TIMEOUT = "Neo.TransientError.Transaction.BookmarkTimeout"


def _retry_delays() -> Iterator[float]:
    """The driver's pauses between tries of a transaction: 1 s, doubling, give or take 20%."""
    delay = 1.0
    while True:
        yield delay * random.uniform(0.8, 1.2)
        delay *= 2


class InTransaction:
    """Statements in one transaction: a write's (managed: the driver retries the whole work) or
    a read's in one transaction (`Database.reading(one_transaction=True)`)."""

    __slots__ = ("_session", "_translated", "_tx", "committed")

    def __init__(
        self,
        tx: AsyncManagedTransaction | neo4j.AsyncTransaction,
        session: neo4j.AsyncSession | None = None,
        translated: Callable[[], contextlib.AbstractContextManager[None]] = contextlib.nullcontext,
    ) -> None:
        self._tx = tx
        self._session = session
        #: the driver's errors as ours (a write's are translated around the whole of it)
        self._translated = translated
        #: a read's bookmarks once it has committed
        self.committed: list[str] | None = None

    async def records(
        self, text: LiteralString, parameters: dict[str, Any]
    ) -> tuple[list[str], list[neo4j.Record]]:
        with self._translated():
            result = await self._tx.run(text, parameters)
            return list(result.keys()), [record async for record in result]

    async def stream(
        self, text: LiteralString, parameters: dict[str, Any]
    ) -> AsyncIterator[neo4j.Record]:
        with self._translated():
            result = await self._tx.run(text, parameters)
        while True:
            with self._translated():
                record = await anext(result, None)
            if record is None:
                return
            yield record

    async def summary(self, text: LiteralString, parameters: dict[str, Any]) -> neo4j.ResultSummary:
        with self._translated():
            return await (await self._tx.run(text, parameters)).consume()

    async def start(self, text: LiteralString, parameters: dict[str, Any]) -> _Started:
        with self._translated():
            return _Started(await self._tx.run(text, parameters), self._translated)

    async def bookmarks(self) -> list[str]:
        """A read's session bookmarks: those it began with until it commits, then its
        own (also once the `reading` block has ended)."""
        if self.committed is not None:
            return self.committed
        if self._session is None:
            return []
        return list((await self._session.last_bookmarks()).raw_values)


class Reader:
    """The statements of one read (`Database.reading()`): each its own auto-commit transaction on
    the read's session, the whole statement tried again, on a new session that carries the old
    one's bookmarks, after an error the driver calls retryable (an outage, a leader switch, a
    transient error), with growing pauses, until `retry_time` has passed since the first failure.

    For a read that is no weaker than one transaction around them all: Neo4j transactions are
    read-committed (a later statement sees what committed after an earlier one, in a transaction
    or not) and reads take no locks, while the session makes each statement wait for the one
    before it on a cluster. It is cheaper: one round trip per statement, where a transaction
    adds its COMMIT (about half the driver's CPU for a one-statement read, measured).
    """

    __slots__ = ("_bookmarks", "_db", "_session")

    def __init__(self, db: Database) -> None:
        self._db = db
        self._session: neo4j.AsyncSession | None = None
        #: the bookmarks a replacement session starts from (those of the one it replaces)
        self._bookmarks: list[str] | None = None

    def _current(self) -> neo4j.AsyncSession:
        if self._session is None:
            self._session = self._db._session(neo4j.READ_ACCESS, self._bookmarks)
        return self._session

    async def _drop(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            with contextlib.suppress(Exception):
                self._bookmarks = list((await session.last_bookmarks()).raw_values) or None
            with contextlib.suppress(Exception):
                await session.close()

    async def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    def _query(self, text: LiteralString) -> neo4j.Query:
        return neo4j.Query(text, timeout=self._db.query_timeout)

    async def records(
        self, text: LiteralString, parameters: dict[str, Any]
    ) -> tuple[list[str], list[neo4j.Record]]:
        async def attempt() -> tuple[list[str], list[neo4j.Record]]:
            result = await self._current().run(self._query(text), parameters)
            return list(result.keys()), [record async for record in result]

        return await self._retried(attempt)

    async def summary(self, text: LiteralString, parameters: dict[str, Any]) -> neo4j.ResultSummary:
        async def attempt() -> neo4j.ResultSummary:
            return await (await self._current().run(self._query(text), parameters)).consume()

        return await self._retried(attempt)

    async def start(self, text: LiteralString, parameters: dict[str, Any]) -> _Started:
        """Retried until sent; not once its record is being read."""

        async def attempt() -> neo4j.AsyncResult:
            return await self._current().run(self._query(text), parameters)

        return _Started(await self._retried(attempt), self._db._translated)

    async def stream(
        self, text: LiteralString, parameters: dict[str, Any]
    ) -> AsyncIterator[neo4j.Record]:
        """Retried like the others until its first record has been handed on; not after."""

        async def attempt() -> tuple[neo4j.AsyncResult, list[neo4j.Record]]:
            result = await self._current().run(self._query(text), parameters)
            return result, await result.fetch(1)

        result, first = await self._retried(attempt)
        if not first:
            return
        yield first[0]
        while True:
            with self._db._translated():
                record = await anext(result, None)
            if record is None:
                return
            yield record

    async def bookmarks(self) -> list[str]:
        """The bookmarks the session holds after the statements run so far: Neo4j's name for the
        last transaction it had committed when the last of them ended (graph/version.py)."""
        return list((await self._current().last_bookmarks()).raw_values)

    async def _retried(self, attempt: Callable[[], Awaitable[T]]) -> T:
        db = self._db
        delays = _retry_delays()
        first_failure: float | None = None
        with db._translated():
            async with asyncio.timeout(db.deadline):
                while True:
                    try:
                        return await attempt()
                    except (neo4j_errors.DriverError, neo4j_errors.Neo4jError) as exc:
                        bookmark_timeout = getattr(exc, "code", None) == BOOKMARK_TIMEOUT
                        if bookmark_timeout or not exc.is_retryable():
                            raise
                        now = time.monotonic()
                        first_failure = now if first_failure is None else first_failure
                        if now - first_failure > db.retry_time:
                            raise
                        log.warning("a read failed and will be tried again: %s", exc)
                        await self._drop()
                    await asyncio.sleep(next(delays))


class _Started:
    """A statement sent (`Query.start`), its record read later, the driver's errors as ours."""

    __slots__ = ("_result", "_translated")

    def __init__(
        self,
        result: neo4j.AsyncResult,
        translated: Callable[[], contextlib.AbstractContextManager[None]],
    ) -> None:
        self._result = result
        self._translated = translated

    async def record(self) -> neo4j.Record:
        with self._translated():
            return await self._result.single(strict=True)
