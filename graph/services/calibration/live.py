"""Waking the open pages of a session when it changes (server-sent events, api/review/).

A change made in this process wakes its waiters at once; a change made by another process of the
service is seen at the next poll (`POLL_SECONDS`), since the waiters read the session's changes
from the graph either way.
"""

from __future__ import annotations

import asyncio
import contextlib

#: How long a waiter sleeps at most before it looks at the graph itself.
POLL_SECONDS = 0.5

_EVENTS: dict[str, asyncio.Event] = {}


def notify(session_id: str) -> None:
    """Wake everyone waiting on the session (called after a change commits)."""
    event = _EVENTS.pop(session_id, None)
    if event is not None:
        event.set()


async def wait_for_change(session_id: str, seconds: float = POLL_SECONDS) -> None:
    """Return when the session changes in this process, or after `seconds`."""
    event = _EVENTS.setdefault(session_id, asyncio.Event())
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), seconds)
