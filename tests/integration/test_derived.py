"""Derived data brought up to date in the background (graph/services/derived.py): the server's
watch builds the shortlists, the role index and the workforce histories before a request needs
them, and again after an import; never while the graph is still changing; never with a delay of
0."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from graph import version as graph_version
from graph.cypher import QUERY_COUNTS
from graph.db import Database
from graph.repositories import shortlists as shortlist_reads
from graph.services import derived, role_index, workforce
from graph.settings import Settings
from tests.support.factories import Org

QUICK = Settings(shortlist_refresh_delay=0.05)


def small_org(people: int) -> Org:
    org = Org().unit("u").skill("s1").skill("s2")
    org.role("R1", "u", {"s1": (3, 1), "s2": (2, 1)})
    for i in range(people):
        org.employee(f"e{i}", holds=("R1",) if i == 0 else (), skills={"s1": 1 + i % 5})
    return org


async def until(done: Callable[[], Awaitable[bool]], what: str) -> None:
    for _ in range(200):
        if await done():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(what)


async def up_to_date(db: Database) -> bool:
    return derived.current(db) == await graph_version.now(db)


async def shortlists_stale(db: Database) -> bool:
    version = await graph_version.now(db)
    async with db.reading() as tx:
        return await shortlist_reads.stale(tx, version)


async def held(db: Database) -> tuple[int, int]:
    """How many times the histories and the role index were read to answer one call of each."""
    histories, index = QUERY_COUNTS["workforce/histories"], QUERY_COUNTS["roles/index"]
    await workforce.organisation(db)
    await role_index.role_index(db, QUICK)
    return (
        QUERY_COUNTS["workforce/histories"] - histories,
        QUERY_COUNTS["roles/index"] - index,
    )


async def test_the_watch_builds_everything_before_a_request_and_again_after_an_import(
    db: Database,
) -> None:
    await small_org(8).save(db)
    assert await shortlists_stale(db)  # saved rows, never indexed
    watching = asyncio.get_running_loop().create_task(derived.watch(db, QUICK))
    try:
        await until(lambda: up_to_date(db), "nothing was built")
        assert not await shortlists_stale(db)
        assert await held(db) == (0, 0)
        # an import (any write that changes the version) while the watch runs
        await Org().employee("late", holds=("R1",), skills={"s1": 5, "s2": 5}).save(db)
        await until(lambda: up_to_date(db), "the import was not followed")
    finally:
        watching.cancel()
        await derived.stop(db)
    assert not await shortlists_stale(db)
    assert await held(db) == (0, 0)
    assert "late" in (await workforce.organisation(db)).index.holders["R1"]


async def test_a_refresh_waits_for_the_graph_to_stay_the_same(db: Database) -> None:
    await small_org(3).save(db)
    before = QUERY_COUNTS["workforce/histories"], QUERY_COUNTS["shortlists/store"]
    derived.refresh_soon(db, QUICK, "an:older-version")
    await asyncio.sleep(0.3)
    await derived.stop(db)
    assert (QUERY_COUNTS["workforce/histories"], QUERY_COUNTS["shortlists/store"]) == before
    assert await shortlists_stale(db)


async def test_nothing_runs_in_the_background_with_a_delay_of_0(db: Database) -> None:
    await small_org(3).save(db)
    off = Settings(shortlist_refresh_delay=0.0)
    before = QUERY_COUNTS["workforce/histories"]
    await asyncio.wait_for(derived.watch(db, off), timeout=1)
    derived.refresh_soon(db, off, await graph_version.now(db))
    await asyncio.sleep(0.2)
    assert QUERY_COUNTS["workforce/histories"] == before
    assert await shortlists_stale(db)
