"""Derived data brought up to date in the background, so that the request after a server start or
an import does not wait for it.

Three things are derived from the graph and used only at the graph version they were built at
(graph/version.py): each role's candidate shortlist, kept in the graph (shortlists.py), and, in
each server process, the role index (role_index.py) and the workforce histories (workforce.py). A
request that finds one stale works without it (a role is scored live) or builds it first: at
100,000 employees reading the histories takes 6–8 s, and about 3 s at 20,000 on a server just
started.

`refresh_soon` does that work ahead of the requests, once the graph has been quiet for a moment:
the version must stay the same for `shortlist_refresh_delay` seconds, so an import in progress (a
new version every batch) is not chased. The server's `watch` asks for it when the server starts
and whenever the version changes (one small read per delay): after an import run by `talentgraph
import` in another process, or a write by another tool. A request that finds a stale shortlist
asks for it too. A delay of 0 turns all of it off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from dataclasses import dataclass

from graph import version as graph_version
from graph.db import Database
from graph.repositories import shortlists as shortlist_reads
from graph.services import role_index, shortlists, workforce
from graph.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class _Refresh:
    task: asyncio.Task[None] | None = None
    current: str | None = None  # the version everything was last brought up to date at


_REFRESHES: weakref.WeakKeyDictionary[Database, _Refresh] = weakref.WeakKeyDictionary()


async def _bring_up_to_date(db: Database, settings: Settings, version: str) -> None:
    """Rebuild the shortlists if any is not at `version` (the current one, just read), and build
    this process's role index and workforce histories at the current version (each only if
    older)."""
    async with db.reading() as tx:
        stale = await shortlist_reads.stale(tx, version)
    if stale:
        report = await shortlists.rebuild(db)
        log.info("candidate shortlists rebuilt for %d roles at %s", report.roles, report.version)
    await role_index.role_index(db, settings)
    await workforce.organisation(db)


def refresh_soon(db: Database, settings: Settings, seen: str) -> None:
    """Bring derived data up to date in the background once the version has stayed `seen` for
    `shortlist_refresh_delay` seconds (one refresh at a time per process; nothing when the delay
    is 0 or everything is already at `seen`)."""
    delay = settings.shortlist_refresh_delay
    state = _REFRESHES.setdefault(db, _Refresh())
    if delay <= 0 or state.current == seen or (state.task is not None and not state.task.done()):
        return

    async def run() -> None:
        await asyncio.sleep(delay)
        if await graph_version.now(db) != seen:
            return  # still changing (an import): the next look after it ends asks again
        await _bring_up_to_date(db, settings, seen)
        state.current = seen

    async def guarded() -> None:
        try:
            await run()
        except Exception:
            log.exception("bringing derived data up to date in the background failed")

    state.task = asyncio.get_running_loop().create_task(guarded())


#: The longest the watch waits between two looks while Neo4j does not answer (seconds).
WATCH_BACKOFF = 60.0


async def watch(db: Database, settings: Settings) -> None:
    """Until cancelled: look at the graph version every `shortlist_refresh_delay` seconds and
    ask for a refresh when it is not the one derived data was last brought up to date at (at
    once, on a server just started). While the version cannot be read (Neo4j down or starting),
    the wait doubles after each failed look, up to `WATCH_BACKOFF`, so an idle server does not
    fill its log with failed reads. Returns at once when the delay is 0."""
    delay = settings.shortlist_refresh_delay
    failures = 0
    while delay > 0:
        try:
            refresh_soon(db, settings, await graph_version.now(db))
            failures = 0
        except Exception:  # Neo4j down or starting: a later look tries again
            failures += 1
            if failures == 1:
                log.info("derived data waits for Neo4j: the graph version could not be read")
        await asyncio.sleep(min(WATCH_BACKOFF, delay * 2 ** min(failures, 16)))


async def stop(db: Database) -> None:
    """Cancel the refresh under way in this process, if any, and wait for it to end (before the
    driver closes)."""
    state = _REFRESHES.get(db)
    if state is not None and state.task is not None and not state.task.done():
        state.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await state.task


def current(db: Database) -> str | None:
    """The graph version this process last brought derived data up to date at (None: not yet)."""
    state = _REFRESHES.get(db)
    return None if state is None else state.current
