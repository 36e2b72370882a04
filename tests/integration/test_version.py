"""The graph version ledger (graph/version.py): our writes are counted, writes by anyone else are
detected and adopted, and a version never repeats."""

from __future__ import annotations

import base64

import pytest

from graph import version as graph_version
from graph.bookmarks import transaction_number
from graph.db import Database, keeps_scores
from tests.support.factories import Org


def bookmark(number_bytes: bytes) -> str:
    raw = bytes([0x91, 0xCC, 16]) + bytes(range(16)) + number_bytes + bytes([0x90])
    return "FB:" + base64.b64encode(raw).decode()


@pytest.mark.parametrize(
    ("encoded", "number"),
    [
        (bytes([0x05]), 5),
        (bytes([0xC8, 0x7F]), 127),
        (bytes([0xC9, 0x00, 0xA0]), 160),
        (bytes([0xCA, 0x00, 0x01, 0x86, 0xA0]), 100_000),
        (bytes([0xCB]) + (2**40).to_bytes(8, "big"), 2**40),
    ],
)
def test_transaction_numbers_read_from_bookmarks(encoded: bytes, number: int) -> None:
    assert transaction_number([bookmark(encoded)]) == number


@pytest.mark.parametrize(
    "bookmarks",
    [[], ["FB:not base64!"], ["XX:" + bookmark(b"\x05")[3:]], [bookmark(b"\x05")] * 2, ["FB:kQ=="]],
)
def test_unknown_bookmarks_give_no_number(bookmarks: list[str]) -> None:
    assert transaction_number(bookmarks) is None


async def _nothing(tx: object) -> None:
    return None


@keeps_scores
async def _nothing_kept(tx: object) -> None:
    return None


async def _external(db: Database, statement: str) -> None:
    """A write straight into Neo4j, as another tool would make it."""
    async with db.driver.session(database=db.database) as session:
        await (await session.run(statement)).consume()


async def _observe(db: Database) -> graph_version.Observation:
    async with db.reading() as tx:
        return await graph_version.observe(tx)


async def test_the_real_servers_bookmarks_are_read(db: Database) -> None:
    seen = await _observe(db)
    assert seen.tx is not None and seen.tx > 0


async def test_our_writes_are_explained_and_only_scoring_ones_bump(db: Database) -> None:
    first = await graph_version.now(db)  # adopts the wipe before the test
    await db.write(_nothing_kept)
    assert await graph_version.now(db) == first
    await db.write(_nothing)
    second = await graph_version.now(db)
    assert second != first
    await Org().unit("u").save(db)
    third = await graph_version.now(db)
    assert third not in (first, second)
    seen = await _observe(db)
    assert not seen.unexplained and seen.stamp == third


async def test_a_write_by_another_tool_is_detected_and_adopted(db: Database) -> None:
    await Org().unit("u").skill("s").employee("e", skills={"s": 1}).save(db)
    before = await graph_version.now(db)
    await _external(db, "MATCH (:Employee {id: 'e'})-[h:HAS_SKILL]->() SET h.level = 5")
    seen = await _observe(db)
    assert seen.unexplained
    after = await graph_version.current(db, seen)
    assert after != before
    settled = await _observe(db)
    assert not settled.unexplained and settled.stamp == after


async def test_a_wiped_ledger_starts_a_new_epoch(db: Database) -> None:
    await Org().unit("u").save(db)
    before = await graph_version.now(db)
    await _external(db, "MATCH (v:GraphVersion) DELETE v")
    after = await graph_version.now(db)
    assert after.split(":")[0] != before.split(":")[0]
