"""The background watch of derived data (graph/services/derived.py) while Neo4j does not
answer: it backs off instead of looking every delay, and looks at the usual pace again once it
answers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from graph.services import derived
from graph.settings import Settings


async def test_the_watch_backs_off_while_the_version_cannot_be_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    up = {"now": False}
    waits: list[float] = []
    refreshed: list[str] = []
    real_sleep = asyncio.sleep

    async def now(db: Any) -> str:
        if not up["now"]:
            raise ConnectionError("Neo4j is down")
        return "epoch:1"

    async def sleep(seconds: float) -> None:  # the waits asked for, none waited
        waits.append(seconds)
        await real_sleep(0)

    async def until(count: int) -> None:
        while len(waits) < count:
            await real_sleep(0)

    monkeypatch.setattr(derived.graph_version, "now", now)
    monkeypatch.setattr(derived, "refresh_soon", lambda db, settings, seen: refreshed.append(seen))
    monkeypatch.setattr(asyncio, "sleep", sleep)
    settings = Settings(shortlist_refresh_delay=2.0)
    watching = asyncio.get_running_loop().create_task(derived.watch(object(), settings))  # type: ignore[arg-type]
    try:
        await until(7)
        assert waits == [4.0, 8.0, 16.0, 32.0, 60.0, 60.0, 60.0]
        assert not refreshed
        up["now"] = True
        await until(10)
        assert waits[7:10] == [2.0, 2.0, 2.0]
        assert refreshed == ["epoch:1"] * 3
    finally:
        watching.cancel()
