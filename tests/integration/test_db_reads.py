"""Database.read: each statement an auto-commit transaction on one read session, the whole work
tried again after a retryable error (as the driver retries a managed transaction), others raised."""

from __future__ import annotations

import pytest
from neo4j import exceptions as neo4j_errors

from graph import db as db_module
from graph.cypher import Statements, q
from graph.db import Database
from graph.errors import ServiceUnavailable
from tests.support.factories import Org

GET_MANY = q("employees/get_many")


@pytest.fixture
def no_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    async def instant(_: float) -> None:
        return None

    monkeypatch.setattr(db_module.asyncio, "sleep", instant)


async def test_a_read_with_several_statements_sees_them_all(db: Database) -> None:
    await Org().unit("u").employee("a").employee("b").save(db)

    async def work(tx: Statements) -> list[str]:
        first = await GET_MANY.fetch(tx, ids=["a"])
        second = await GET_MANY.fetch(tx, ids=["b", "nobody"])
        return [row["employee"]["id"] for row in first + second]

    before = db.sessions["READ"]
    assert await db.read(work) == ["a", "b"]
    assert db.sessions["READ"] == before + 1  # one session for both statements


async def test_a_retryable_error_runs_the_whole_read_again(db: Database, no_pauses: None) -> None:
    await Org().unit("u").employee("a").save(db)
    calls = 0

    async def work(tx: Statements) -> str:
        nonlocal calls
        calls += 1
        rows = await GET_MANY.fetch(tx, ids=["a"])
        if calls < 3:
            raise neo4j_errors.SessionExpired("the server went away")
        return str(rows[0]["employee"]["id"])

    assert await db.read(work) == "a"
    assert calls == 3


async def test_other_errors_are_raised_at_once(db: Database, no_pauses: None) -> None:
    calls = 0

    async def work(tx: Statements) -> None:
        nonlocal calls
        calls += 1
        await (await tx.run("RETURN 1 / $zero AS x", {"zero": 0})).consume()

    with pytest.raises(neo4j_errors.ClientError):
        await db.read(work)
    assert calls == 1


async def test_retries_stop_after_the_retry_time(db: Database, no_pauses: None) -> None:
    calls = 0

    async def work(tx: Statements) -> None:
        nonlocal calls
        calls += 1
        raise neo4j_errors.SessionExpired("still away")

    kept, db.retry_time = db.retry_time, 0.0
    try:
        with pytest.raises(ServiceUnavailable):
            await db.read(work)
    finally:
        db.retry_time = kept
    assert calls == 2  # the first try, and one more once the retry time had started
