"""One async driver per process; a session per unit of work; managed transactions so the driver retries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, unit_of_work
from neo4j import exceptions as neo4j_errors

from graph.cypher import Query
from graph.errors import ServiceUnavailable
from graph.settings import Settings

P = ParamSpec("P")
T = TypeVar("T")

Work = Callable[Concatenate[AsyncManagedTransaction, P], Awaitable[T]]

_OUTAGE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    ConnectionError,
    OSError,
)


class Database:
    """The driver and the name of the database every statement runs against."""

    def __init__(self, driver: AsyncDriver, database: str, query_timeout: float | None) -> None:
        self.driver = driver
        self.database = database
        self.query_timeout = query_timeout

    @classmethod
    def connect(cls, settings: Settings, *, query_timeout: float | None = None) -> Database:
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        driver = AsyncGraphDatabase.driver(
            settings.effective_uri,
            auth=auth,
            connection_timeout=settings.neo4j_connection_timeout,
            connection_acquisition_timeout=settings.neo4j_connection_timeout * 2,
            max_transaction_retry_time=settings.neo4j_connection_timeout * 3,
            notifications_min_severity="OFF",
        )
        return cls(driver, settings.neo4j_database, query_timeout)

    async def close(self) -> None:
        await self.driver.close()

    def _wrap(self, work: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
        if self.query_timeout is None:
            return work
        return unit_of_work(timeout=self.query_timeout)(work)

    async def read(self, work: Work[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work` in a read transaction (read routing: replicas serve it on a cluster)."""
        try:
            async with self.driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                return await session.execute_read(self._wrap(work), *args, **kwargs)
        except _OUTAGE as exc:
            raise ServiceUnavailable("the graph database is not reachable") from exc

    async def read_versioned(
        self, work: Work[P, T], *args: P.args, **kwargs: P.kwargs
    ) -> tuple[T, str | None]:
        """Like `read`, with the bookmark the session ends with: an opaque token that changes
        whenever a write commits, so data derived from the read can be cached until it does."""
        try:
            async with self.driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                result = await session.execute_read(self._wrap(work), *args, **kwargs)
                bookmarks = await session.last_bookmarks()
        except _OUTAGE as exc:
            raise ServiceUnavailable("the graph database is not reachable") from exc
        values = sorted(bookmarks.raw_values)
        return result, "|".join(values) if values else None

    async def write(self, work: Work[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work` in a write transaction; it may be retried, so it must be idempotent."""
        try:
            async with self.driver.session(
                database=self.database, default_access_mode=neo4j.WRITE_ACCESS
            ) as session:
                return await session.execute_write(self._wrap(work), *args, **kwargs)
        except _OUTAGE as exc:
            raise ServiceUnavailable("the graph database is not reachable") from exc

    async def autocommit(self, query: Query, **params: Any) -> None:
        """Run a statement in an auto-commit transaction (schema changes, `CALL ... IN TRANSACTIONS`)."""
        try:
            async with self.driver.session(database=self.database) as session:
                result = await session.run(query.text, query.bind(params))
                await result.consume()
        except _OUTAGE as exc:
            raise ServiceUnavailable("the graph database is not reachable") from exc

    async def ping(self) -> dict[str, Any]:
        """Server agent and version; raises ServiceUnavailable when Neo4j does not answer."""
        try:
            info = await self.driver.get_server_info()
        except _OUTAGE as exc:
            raise ServiceUnavailable("the graph database is not reachable") from exc
        return {"address": str(info.address), "agent": info.agent}
