"""Read-your-writes behind a load balancer: the bookmark of a request's write goes back in the
`X-TalentGraph-Bookmark` response header; a client that sends it on its next request (to any API
replica) reads from a Neo4j server that has that write. The API itself keeps no state."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

from graph.db import CAUSAL, CausalBookmarks

HEADER = "X-TalentGraph-Bookmark"
#: Bookmarks are opaque, short, base64-ish strings; anything else is ignored, never forwarded.
_BOOKMARK = re.compile(r"^[A-Za-z0-9:+/=_.-]{1,512}$")
MAX_BOOKMARKS = 16


def parse(header: str | None) -> list[str]:
    if not header:
        return []
    values = [v.strip() for v in header.split(",")]
    return [v for v in values if _BOOKMARK.match(v)][:MAX_BOOKMARKS]


async def causal_bookmarks(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    holder = CausalBookmarks(incoming=parse(request.headers.get(HEADER)))
    token = CAUSAL.set(holder)
    try:
        response = await call_next(request)
    finally:
        CAUSAL.reset(token)
    if holder.outgoing:
        response.headers[HEADER] = ",".join(holder.outgoing)
    return response
