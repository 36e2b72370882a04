"""The GraphiQL page at `GET /graphql`, with every file it loads served by TalentGraph itself.

Strawberry's own page loads React and GraphiQL from unpkg.com, so on a network that blocks CDNs it
shows only "Loading...". This page loads the same builds (vendored, unmodified, in
`api/static/graphiql/`, see the README there) from `/static/graphiql/...`, and says so to the
browser: its Content-Security-Policy allows nothing but this origin (and `data:` fonts and
images), so a reference to anywhere else could not load even if one crept in.

It is installed through Strawberry's documented hook for a custom IDE page: the GraphQL router
overrides `render_graphql_ide` (`GraphiQLPage`, a mixin of `api.router.LimitedGraphQLRouter`). As
before, the page itself needs no token (no operation runs to serve it); with authentication on,
queries need one, entered in GraphiQL's Headers pane.

Asset URLs carry a digest of their content (`?v=...`), so they are cached for a year
(`immutable`) and an upgrade is fetched at once; gzip-compressed when the browser accepts it.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache, cached_property
from html import escape
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from graph.errors import NotFound

STATIC = Path(__file__).resolve().parent / "static"
VENDORED = STATIC / "graphiql"
PREFIX = "/static/graphiql"

JS = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"


@dataclass(frozen=True)
class Asset:
    name: str
    path: Path
    media_type: str

    @cached_property
    def content(self) -> bytes:
        return self.path.read_bytes()

    @cached_property
    def gzipped(self) -> bytes:
        return gzip.compress(self.content, compresslevel=9, mtime=0)

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def url(self) -> str:
        return f"{PREFIX}/{self.name}?v={self.digest[:16]}"


def _vendored(name: str, media_type: str) -> Asset:
    return Asset(name, VENDORED / name, media_type)


#: What the page loads, in order, by the name it has under PREFIX.
STYLES = (
    _vendored("graphiql-3.8.3.min.css", CSS),
    _vendored("graphiql-plugin-explorer-1.0.2.css", CSS),
    Asset("graphiql-page.css", STATIC / "graphiql-page.css", CSS),
)
SCRIPTS = (
    _vendored("react-18.2.0.production.min.js", JS),
    _vendored("react-dom-18.2.0.production.min.js", JS),
    _vendored("graphiql-3.8.3.min.js", JS),
    _vendored("graphiql-plugin-explorer-1.0.2.umd.js", JS),
    Asset("graphiql-page.js", STATIC / "graphiql-page.js", JS),
)
ASSETS = {asset.name: asset for asset in (*STYLES, *SCRIPTS)}

#: A year: every URL names its content's digest, so a changed file has a new URL.
ASSET_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Vary": "Accept-Encoding",
}
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@cache
def page_html() -> str:
    styles = "\n".join(f'<link rel="stylesheet" href="{escape(a.url)}">' for a in STYLES)
    scripts = "\n".join(f'<script src="{escape(a.url)}"></script>' for a in SCRIPTS)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TalentGraph · GraphiQL</title>
<link rel="icon" href="data:,">
{styles}
</head>
<body>
<div id="graphiql"><p class="loading">Loading GraphiQL…</p></div>
<noscript>GraphiQL needs JavaScript. The API itself answers POST /graphql without it.</noscript>
{scripts}
</body>
</html>
"""


class GraphiQLPage:
    """For the GraphQL router: the IDE page that `GET /graphql` shows a browser."""

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(page_html(), headers=PAGE_HEADERS)


router = APIRouter(prefix=PREFIX, include_in_schema=False)


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        coding, _, quality = part.strip().partition(";")
        if coding.strip().lower() == "gzip":
            return quality.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


@router.get("/{name}")
async def asset(name: str, request: Request) -> Response:
    """One file of the page (no token needed: they are the same for everyone)."""
    found = ASSETS.get(name)
    if found is None:
        raise NotFound(f"no GraphiQL file named {name!r}")
    if _accepts_gzip(request):
        return Response(
            found.gzipped,
            media_type=found.media_type,
            headers={**ASSET_HEADERS, "Content-Encoding": "gzip"},
        )
    return Response(found.content, media_type=found.media_type, headers=ASSET_HEADERS)
