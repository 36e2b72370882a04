"""Read-your-writes behind a load balancer: the bookmark of a request's write goes back in the
`X-TalentGraph-Bookmark` response header; a client that sends it on its next request (to any API
replica) reads from a Neo4j server that has that write. The API itself keeps no state.

Pure ASGI (not BaseHTTPMiddleware, whose extra task per request costs more than a small query),
so streamed responses pass through untouched too.
"""

from __future__ import annotations

import re

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.middleware import header_of
from graph.db import CAUSAL, CausalBookmarks

HEADER = "X-TalentGraph-Bookmark"
_HEADER_KEY = HEADER.lower().encode()
#: Bookmarks are opaque, short, base64-ish strings; anything else is ignored, never forwarded.
_BOOKMARK = re.compile(r"^[A-Za-z0-9:+/=_.-]{1,512}$")
MAX_BOOKMARKS = 16


def parse(header: str | None) -> list[str]:
    if not header:
        return []
    values = [v.strip() for v in header.split(",")]
    return [v for v in values if _BOOKMARK.match(v)][:MAX_BOOKMARKS]


class CausalBookmarksMiddleware:
    """Sets `CAUSAL` for the request from its header; answers the request's write bookmark."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        holder = CausalBookmarks(incoming=parse(header_of(scope, _HEADER_KEY)))

        async def send_with_bookmark(message: Message) -> None:
            if message["type"] == "http.response.start" and holder.outgoing:
                MutableHeaders(scope=message)[HEADER] = ",".join(holder.outgoing)
            await send(message)

        token = CAUSAL.set(holder)
        try:
            await self.app(scope, receive, send_with_bookmark)
        finally:
            CAUSAL.reset(token)


def install(app: Starlette) -> None:
    app.add_middleware(CausalBookmarksMiddleware)
