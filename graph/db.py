"""One async driver per process, and one way each to read and to write.

- `async with db.reading() as tx:` reads: each statement an auto-commit transaction on one session
  (read routing), retried alone after an error the driver calls retryable. With `one_transaction=True`,
  the statements run in one read transaction instead, on one server (not retried).
- `await db.write(work, ...)`: `work` runs in a managed write transaction, retried whole by the
  driver, counted in the graph version ledger (graph/version.py).
- `db.autocommit(query)` for what cannot run in a transaction: schema changes, `IN TRANSACTIONS`.

Statements themselves run through `graph.cypher.Query` (`rows`, `row`, `stream`, `execute`), which
counts them; the `Tx` they are given is one of the two classes of graph/statements.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, unit_of_work
from neo4j import exceptions as neo4j_errors

from graph.bookmarks import transaction_number
from graph.cypher import Query, q
from graph.cypher import Tx as Tx  # the services' name for where statements run
from graph.errors import (
    BookmarkNotReady,
    BookmarkRejected,
    QueryTimeout,
    ServiceUnavailable,
    TalentGraphError,
)
from graph.settings import Settings
from graph.statements import BOOKMARK_TIMEOUT, InTransaction, Reader

P = ParamSpec("P")
T = TypeVar("T")

Work = Callable[Concatenate[Tx, P], Awaitable[T]]
log = logging.getLogger(__name__)


_OUTAGE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    # Still failing once the driver stopped retrying: a database starting or stopping, a leader
    # switch, contention. The caller may try again later, as for an outage.
    neo4j_errors.TransientError,
    # No pooled connection freed up, or none could be opened, within the acquisition timeout.
    neo4j_errors.ConnectionPoolError,
    ConnectionError,
    OSError,  # TimeoutError too: a call past its deadline (see `deadline`)
)
PING = q("admin/ping")
COUNT_WRITE = q("version/count_write")
#: The driver's default `max_transaction_retry_time`.
DEFAULT_RETRY_TIME = 30.0
_TIMED_OUT = frozenset(
    {
        "Neo.ClientError.Transaction.TransactionTimedOut",
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    }
)
_BAD_BOOKMARK = frozenset(
    {
        "Neo.ClientError.Transaction.InvalidBookmark",
        "Neo.ClientError.Transaction.InvalidBookmarkMixture",
    }
)
#: Seconds a session waits for a client's bookmark by default (the API sets its own).
DEFAULT_BOOKMARK_WAIT = 3.0


@dataclass
class CausalBookmarks:
    """Read-your-writes across a cluster: the bookmarks a client sent with its request
    (`incoming`) and those of the request's last write (`outgoing`), for the response."""

    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] | None = None
    #: Access modes ("READ", "WRITE") whose servers were seen to have the incoming bookmarks,
    #: and those whose wait failed, with how.
    caught_up: set[str] = field(default_factory=set)
    failed: dict[str, TalentGraphError] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)


#: Set per request by the API; shared (mutably) with the tasks that request spawns.
CAUSAL: ContextVar[CausalBookmarks | None] = ContextVar("talentgraph_causal", default=None)


@contextlib.contextmanager
def without_client_bookmarks() -> Iterator[None]:
    """Within it, calls carry none of the request's bookmarks: for recording that a request
    failed because of them (the audit trail), which must not fail the same way."""
    token = CAUSAL.set(None)
    try:
        yield
    finally:
        CAUSAL.reset(token)


@dataclass(frozen=True)
class Commit:
    """What the graph version ledger (graph/version.py) said of a write once it committed: the
    transaction's number (None where the bookmark format is unknown) and the ledger's values."""

    tx: int | None
    epoch: str
    version: int
    writes: int

    @property
    def stamp(self) -> str:
        return f"{self.epoch}:{self.version}"


#: The last write this task committed (`Database.write`).
LAST_COMMIT: ContextVar[Commit | None] = ContextVar("talentgraph_last_commit", default=None)

W = TypeVar("W", bound=Callable[..., Awaitable[Any]])


def keeps_scores(work: W) -> W:
    """Mark a write function that changes nothing a derived figure is computed from (skills,
    requirements, holdings, who is active, roles, org units, occupations, tasks), so its
    transaction is counted without bumping the graph version (graph/version.py)."""
    work.keeps_scores = True  # type: ignore[attr-defined]
    return work


class Database:
    """The driver and the name of the database every statement runs against."""

    def __init__(self, driver: AsyncDriver, database: str, query_timeout: float | None) -> None:
        self.driver = driver
        self.database = database
        self.query_timeout = query_timeout
        #: Seconds a read or write may take in all, retries included, before ServiceUnavailable
        #: (None: no limit). Without it a call whose connection went silent (a network
        #: partition) waits for the driver's read timeout: Neo4j's hint, 120 s by default, or none.
        self.deadline: float | None = None
        #: Seconds `ping` waits for an answer.
        self.ping_timeout: float | None = None
        #: Seconds a failed read is tried again before its error is raised (the driver's
        #: `max_transaction_retry_time` does the same for writes).
        self.retry_time = DEFAULT_RETRY_TIME
        #: Seconds the first call of a request that brought bookmarks waits for a server that
        #: has them (`_caught_up`), before BookmarkNotReady.
        self.bookmark_wait = DEFAULT_BOOKMARK_WAIT
        #: sessions opened per access mode ("READ" / "WRITE"): tests check reads never ask to write
        self.sessions: Counter[str] = Counter()

    @classmethod
    def connect(
        cls,
        settings: Settings,
        *,
        query_timeout: float | None = None,
        retry_time: float | None = None,
    ) -> Database:
        """`query_timeout`: seconds a transaction may run (server-enforced); `retry_time`: seconds
        a failed transaction is retried (reconnecting) before ServiceUnavailable, by default
        `neo4j_retry_time`. The API passes short ones, so an outage is a quick 503, not a hang."""
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        driver = AsyncGraphDatabase.driver(
            settings.effective_uri,
            auth=auth,
            connection_timeout=settings.neo4j_connection_timeout,
            connection_acquisition_timeout=settings.neo4j_connection_timeout * 2,
            max_transaction_retry_time=(
                settings.neo4j_retry_time if retry_time is None else retry_time
            ),
            notifications_min_severity="OFF",
        )
        db = cls(driver, settings.neo4j_database, query_timeout)
        db.ping_timeout = settings.neo4j_connection_timeout
        db.bookmark_wait = settings.api_bookmark_wait
        db.retry_time = settings.neo4j_retry_time if retry_time is None else retry_time
        if query_timeout is not None and retry_time is not None:
            db.deadline = query_timeout + retry_time + 2 * settings.neo4j_connection_timeout
        return db

    async def close(self) -> None:
        await self.driver.close()

    def _wrap(self, work: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
        if self.query_timeout is None:
            return work
        return unit_of_work(timeout=self.query_timeout)(work)

    def _query_timeout(self) -> QueryTimeout:
        limit = f"the {self.query_timeout:g} s limit" if self.query_timeout else "its time limit"
        return QueryTimeout(f"the query ran longer than {limit} and was stopped")

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        """The driver's errors as ours: an outage as ServiceUnavailable, a statement stopped by
        Neo4j at the query timeout as QueryTimeout (not retried)."""
        try:
            yield
        except neo4j_errors.TransientError as exc:
            if exc.code == BOOKMARK_TIMEOUT:
                raise self._bookmark_not_ready() from exc
            raise ServiceUnavailable("the graph database is not reachable") from exc
        except _OUTAGE as exc:
            raise ServiceUnavailable("the graph database is not reachable") from exc
        except neo4j_errors.ClientError as exc:
            if exc.code in _TIMED_OUT:
                raise self._query_timeout() from exc
            if exc.code in _BAD_BOOKMARK:
                log.warning("Neo4j refused the request's bookmark: %s", exc.code)
                raise BookmarkRejected(
                    "the X-TalentGraph-Bookmark header names a state this database does not "
                    "know (a bookmark from before a restore?): send the request without it",
                    field="X-TalentGraph-Bookmark",
                ) from exc
            raise

    def _bookmark_not_ready(self) -> BookmarkNotReady:
        log.warning(
            "the database did not reach the write named by the request's bookmark within "
            "%g s (a lagging server?): answering BOOKMARK_NOT_READY",
            self.bookmark_wait,
        )
        return BookmarkNotReady(
            "the database has not caught up with your last change yet (the X-TalentGraph-"
            f"Bookmark you sent) after {self.bookmark_wait:g} s; try again shortly"
        )

    async def _caught_up(self, access_mode: str) -> None:
        """Wait, at most `bookmark_wait` seconds, for a server of `access_mode` to have the
        bookmarks the request brought, once per request and access mode: a trivial statement
        in a session that carries them. Neo4j itself would wait `db.transaction.
        bookmark_ready_timeout` (30 s by default) on every session, and the retries after it
        would make a lagging server look like an outage."""
        causal = CAUSAL.get()
        if causal is None or not causal.incoming or access_mode in causal.caught_up:
            return
        async with causal.lock:
            if access_mode in causal.caught_up:
                return
            failed = causal.failed.get(access_mode)
            if failed is not None:  # the request's other calls do not wait all over again
                raise type(failed)(failed.message, **failed.details)
            try:
                with self._translated():
                    try:
                        async with (
                            asyncio.timeout(self.bookmark_wait),
                            self._session(access_mode) as session,
                        ):
                            await (await session.run(PING.text)).consume()
                    except TimeoutError:
                        raise self._bookmark_not_ready() from None
            except (BookmarkNotReady, BookmarkRejected) as exc:
                causal.failed[access_mode] = exc
                raise
            causal.caught_up.add(access_mode)

    def _session(self, access_mode: str, after: list[str] | None = None) -> neo4j.AsyncSession:
        """A session with the access mode that routes it (reads to any server, writes to the leader),
        waiting for the bookmarks the caller brought (or `after`, those of a session it replaces),
        so it reads its own writes on a cluster."""
        self.sessions[access_mode] += 1
        causal = CAUSAL.get()
        wanted = after or (causal.incoming if causal else None)
        bookmarks = neo4j.Bookmarks.from_raw_values(wanted) if wanted else None
        return self.driver.session(
            database=self.database, default_access_mode=access_mode, bookmarks=bookmarks
        )

    @contextlib.asynccontextmanager
    async def reading(
        self, *, one_transaction: bool = False, limit: float | None = None
    ) -> AsyncIterator[Reader | InTransaction]:
        """The one way to read: `async with db.reading() as tx: rows = await Q.rows(tx, ...)`.

        By default each statement is an auto-commit transaction on one session (read routing:
        replicas serve it on a cluster), retried alone after a retryable error; `Reader` says
        why that is no weaker than one transaction, and cheaper. `one_transaction=True`: the
        statements run in one read transaction on one server, under one time limit, for long
        reads that stream (an export, a dump); it is not retried (what it produced may be on its
        way out), and `limit` (seconds it may run, server-enforced) defaults to the query
        timeout. Either way, Neo4j reads are read-committed: a statement sees what committed
        before it started, whatever ran before it in the same transaction.
        """
        await self._caught_up(neo4j.READ_ACCESS)
        if not one_transaction:
            reader = Reader(self)
            try:
                yield reader
            finally:
                await reader.close()
            return
        # Only the driver's calls have their errors translated, not what the caller's block does
        # between statements (an OSError writing a file is not an outage).
        async with self._session(neo4j.READ_ACCESS) as session:
            with self._translated():
                tx = await session.begin_transaction(
                    timeout=self.query_timeout if limit is None else limit
                )
            try:
                statements = InTransaction(tx, session, self._translated)
                yield statements
                with self._translated():
                    await tx.commit()
                    statements.committed = list((await session.last_bookmarks()).raw_values)
            finally:
                if not tx.closed():
                    await tx.close()

    async def write(self, work: Work[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work` in a write transaction; it may be retried, so it must be idempotent.

        The transaction first counts itself in the graph version ledger (graph/version.py),
        bumping the version unless `work` is marked `keeps_scores`; the ledger's values and the
        transaction's number are left in `LAST_COMMIT` for the caller.
        """
        scores = not getattr(work, "keeps_scores", False)

        async def counted(
            managed: AsyncManagedTransaction, *args: Any, **kwargs: Any
        ) -> tuple[dict[str, Any], T]:
            tx = InTransaction(managed)
            ledger = await COUNT_WRITE.row(tx, scores=scores)
            assert ledger is not None
            return ledger, await work(tx, *args, **kwargs)

        await self._caught_up(neo4j.WRITE_ACCESS)
        with self._translated():
            async with asyncio.timeout(self.deadline), self._session(neo4j.WRITE_ACCESS) as session:
                ledger, result = await session.execute_write(self._wrap(counted), *args, **kwargs)
                bookmarks = list((await session.last_bookmarks()).raw_values)
                causal = CAUSAL.get()
                if causal is not None:
                    causal.outgoing = bookmarks
                LAST_COMMIT.set(
                    Commit(
                        transaction_number(bookmarks),
                        ledger["epoch"],
                        ledger["version"],
                        ledger["writes"],
                    )
                )
                return result

    async def autocommit(self, query: Query, **params: Any) -> None:
        """Run a statement in an auto-commit transaction (schema changes, `CALL ... IN TRANSACTIONS`)."""
        try:
            async with self.driver.session(database=self.database) as session:
                result = await session.run(query.text, query.bind(params))
                await result.consume()
        except _OUTAGE as exc:
            raise ServiceUnavailable("the graph database is not reachable") from exc

    async def ping(self) -> dict[str, Any]:
        """Server agent and version once the database answers a query (a restarting server
        accepts connections before its database is online); ServiceUnavailable otherwise, at once:
        nothing is retried."""
        try:
            async with asyncio.timeout(self.ping_timeout):
                info = await self.driver.get_server_info()
                async with self.driver.session(
                    database=self.database, default_access_mode=neo4j.READ_ACCESS
                ) as session:
                    await (await session.run(PING.text)).consume()
        except _OUTAGE as exc:
            raise ServiceUnavailable("the graph database is not reachable") from exc
        return {"address": str(info.address), "agent": info.agent}
