"""Database.reading: each statement an auto-commit transaction on one read session, a statement
tried again alone (on a new session) after a retryable error, others raised at once; with
`one_transaction=True`, the statements in one read transaction."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from neo4j import exceptions as neo4j_errors

from graph import db as db_module
from graph.cypher import q
from graph.db import Database, InTransaction
from graph.errors import ServiceUnavailable
from tests.support.factories import Org

GET_MANY = q("employees/get_many")


@pytest.fixture
def no_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    async def instant(_: float) -> None:
        return None

    monkeypatch.setattr(db_module.asyncio, "sleep", instant)


class Flaky:
    """Sessions whose first `failures` statements fail as if the server had gone away."""

    def __init__(self, db: Database, monkeypatch: pytest.MonkeyPatch, failures: int) -> None:
        self.failures = failures
        self.runs = 0
        self.sessions: list[list[str] | None] = []  # the bookmarks each session started after
        real = db._session

        def session(access_mode: str, after: list[str] | None = None) -> Any:
            self.sessions.append(after)
            return _FlakySession(real(access_mode, after), self)

        monkeypatch.setattr(db, "_session", session)


class _FlakySession:
    def __init__(self, session: neo4j.AsyncSession, flaky: Flaky) -> None:
        self._session = session
        self._flaky = flaky

    async def run(self, query: Any, parameters: Any = None) -> neo4j.AsyncResult:
        self._flaky.runs += 1
        if self._flaky.runs <= self._flaky.failures:
            raise neo4j_errors.SessionExpired("the server went away")
        return await self._session.run(query, parameters)

    async def last_bookmarks(self) -> neo4j.Bookmarks:
        return await self._session.last_bookmarks()

    async def close(self) -> None:
        await self._session.close()


async def test_a_read_with_several_statements_sees_them_all(db: Database) -> None:
    await Org().unit("u").employee("a").employee("b").save(db)
    before = db.sessions["READ"]
    async with db.reading() as tx:
        first = await GET_MANY.rows(tx, ids=["a"])
        second = await GET_MANY.rows(tx, ids=["b", "nobody"])
    assert [row["employee"]["id"] for row in first + second] == ["a", "b"]
    assert db.sessions["READ"] == before + 1  # one session for both statements


async def test_a_retryable_error_runs_the_statement_again(
    db: Database, no_pauses: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    await Org().unit("u").employee("a").employee("b").save(db)
    async with db.reading() as tx:
        assert [r["employee"]["id"] for r in await GET_MANY.rows(tx, ids=["a"])] == ["a"]
        flaky = Flaky(db, monkeypatch, failures=2)
        # The first session is still the one in use: replace it too.
        await tx._drop()
        rows = await GET_MANY.rows(tx, ids=["b"])
        bookmarks = await tx.bookmarks()
    assert [r["employee"]["id"] for r in rows] == ["b"]
    assert flaky.runs == 3
    # Each replacement session waits for what the one before it had seen.
    assert len(flaky.sessions) == 3 and all(flaky.sessions)
    assert bookmarks


async def test_other_errors_are_raised_at_once(
    db: Database, no_pauses: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    flaky = Flaky(db, monkeypatch, failures=0)
    with pytest.raises(neo4j_errors.ClientError):
        async with db.reading() as tx:
            await tx.records("RETURN 1 / $zero AS x", {"zero": 0})
    assert flaky.runs == 1


async def test_retries_stop_after_the_retry_time(
    db: Database, no_pauses: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    flaky = Flaky(db, monkeypatch, failures=1_000)
    kept, db.retry_time = db.retry_time, 0.0
    try:
        with pytest.raises(ServiceUnavailable):
            async with db.reading() as tx:
                await tx.records("RETURN 1 AS one", {})
    finally:
        db.retry_time = kept
    assert flaky.runs == 2  # the first try, and one more once the retry time had started


async def test_a_stream_is_retried_until_its_first_record(
    db: Database, no_pauses: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    flaky = Flaky(db, monkeypatch, failures=1)
    async with db.reading() as tx:
        values = [r["x"] async for r in tx.stream("UNWIND range(1, 3) AS x RETURN x", {})]
    assert values == [1, 2, 3]
    assert flaky.runs == 2


async def test_a_read_in_one_transaction_commits_and_keeps_its_bookmarks(db: Database) -> None:
    await Org().unit("u").employee("a").save(db)
    before = db.sessions["READ"]
    async with db.reading(one_transaction=True) as tx:
        assert isinstance(tx, InTransaction)
        rows = await GET_MANY.rows(tx, ids=["a"])
        values = [r["x"] async for r in tx.stream("UNWIND range(1, 3) AS x RETURN x", {})]
    assert rows[0]["employee"]["id"] == "a" and values == [1, 2, 3]
    assert db.sessions["READ"] == before + 1
    assert await tx.bookmarks()  # its own, once committed
