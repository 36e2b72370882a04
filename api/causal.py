"""Read-your-writes behind a load balancer: the bookmark of a request's write goes back in the
`X-TalentGraph-Bookmark` response header; a client that sends it on its next request (to any API
replica) reads from a Neo4j server that has that write. The API itself keeps no state.

The header carries Neo4j's bookmarks signed by the API (`BookmarkSigner`), so the only bookmarks
that reach Neo4j are ones this service issued: a client cannot make Neo4j wait for a transaction
that will never come, nor hand it a value it cannot parse. A header that is not one the service
issued is refused with 400 BAD_USER_INPUT before anything else runs, and a warning in the log.
How long a request waits for a lagging server that has the bookmark: `Database.bookmark_wait`.

Pure ASGI (not BaseHTTPMiddleware, whose extra task per request costs more than a small query),
so streamed responses pass through untouched too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import re
import secrets

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.middleware import current_request_id, error_body, header_of
from graph.db import CAUSAL, CausalBookmarks
from graph.errors import ConfigurationError
from graph.settings import Settings

log = logging.getLogger("talentgraph.api")

HEADER = "X-TalentGraph-Bookmark"
_HEADER_KEY = HEADER.lower().encode()
#: A signed bookmark: version, base64url of a JSON list of Neo4j bookmarks, base64url of the MAC.
_VERSION = "tg1"
_TOKEN = re.compile(r"tg1\.([A-Za-z0-9_-]{1,2800})\.([A-Za-z0-9_-]{43})")
#: Neo4j's own bookmarks are short base64-ish strings.
_NEO4J_BOOKMARK = re.compile(r"[A-Za-z0-9:+/=_.-]{1,512}")
#: Most Neo4j bookmarks a request may bring, and the longest header accepted.
MAX_BOOKMARKS = 16
MAX_HEADER_CHARS = 8192
#: The shortest TALENTGRAPH_BOOKMARK_KEY accepted (as for the HS256 JWT secret).
MIN_KEY_BYTES = 32


class BadBookmark(ValueError):
    """The header is not one this service issued; the message says how, as the rest of a
    sentence about the header ("is not ..."), never quoting the value."""


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class BookmarkSigner:
    """Signs Neo4j bookmarks into header values and checks header values into Neo4j bookmarks.

    A value is `tg1.<payload>.<mac>`: the payload is base64url (no padding) of a JSON list of
    Neo4j's bookmark strings, the MAC base64url of HMAC-SHA256 over `tg1.<payload>` with a key
    derived from the service's key and the Neo4j database's name, so a bookmark is good for the
    database it came from only. Several values may come comma-separated (a client that wrote
    through two replicas); each must verify.
    """

    def __init__(self, key: bytes, database: str) -> None:
        label = f"talentgraph bookmarks v1\n{database}".encode()
        self._key = hmac.new(key, label, hashlib.sha256).digest()

    def _mac(self, payload: str) -> str:
        message = f"{_VERSION}.{payload}".encode("ascii")
        return _b64encode(hmac.new(self._key, message, hashlib.sha256).digest())

    def sign(self, bookmarks: list[str]) -> str:
        payload = _b64encode(json.dumps(sorted(bookmarks), separators=(",", ":")).encode())
        return f"{_VERSION}.{payload}.{self._mac(payload)}"

    def verify(self, header: str | None) -> list[str]:
        """The Neo4j bookmarks in a header value (none for a missing or blank one)."""
        if header is None or not header.strip():
            return []
        if len(header) > MAX_HEADER_CHARS:
            raise BadBookmark(f"is longer than {MAX_HEADER_CHARS} characters")
        found: list[str] = []
        for token in header.split(","):
            match = _TOKEN.fullmatch(token.strip())
            if match is None:
                raise BadBookmark("is not in the format this service issues")
            payload, mac = match.groups()
            if not hmac.compare_digest(mac, self._mac(payload)):
                raise BadBookmark(
                    "does not carry this service's signature (altered, or signed with another key)"
                )
            try:
                values = json.loads(_b64decode(payload))
            except (binascii.Error, ValueError):
                raise BadBookmark("is signed but its content does not decode") from None
            if not (
                isinstance(values, list)
                and all(isinstance(v, str) and _NEO4J_BOOKMARK.fullmatch(v) for v in values)
            ):
                raise BadBookmark("is signed but its content is not a list of bookmarks")
            found.extend(values)
        unique = sorted(set(found))
        if len(unique) > MAX_BOOKMARKS:
            raise BadBookmark(f"holds more than {MAX_BOOKMARKS} bookmarks")
        return unique


def signer_for(settings: Settings) -> BookmarkSigner:
    """The signer of a server with these settings: TALENTGRAPH_BOOKMARK_KEY if set, else a key
    derived from the HS256 JWT secret (so every replica sharing it accepts the others'
    bookmarks), else a random key for this process only (auth off, or RS256 without a key)."""
    if settings.bookmark_key is not None:
        key = settings.bookmark_key.get_secret_value().encode()
        if len(key) < MIN_KEY_BYTES:
            raise ConfigurationError(
                f"TALENTGRAPH_BOOKMARK_KEY is {len(key)} bytes; it needs at least "
                f"{MIN_KEY_BYTES}: use e.g. `openssl rand -hex 32`"
            )
    elif settings.auth_enabled and settings.jwt_algorithm == "HS256" and settings.jwt_secret:
        secret = settings.jwt_secret.get_secret_value().encode()
        key = hmac.new(secret, b"talentgraph bookmark key", hashlib.sha256).digest()
    else:
        key = secrets.token_bytes(32)
        if settings.auth_enabled:
            log.warning(
                "TALENTGRAPH_BOOKMARK_KEY is not set and RS256 tokens leave no shared secret: "
                "bookmarks are signed with a key of this process only, so another replica "
                "refuses them (set the same TALENTGRAPH_BOOKMARK_KEY on every replica)"
            )
    return BookmarkSigner(key, settings.neo4j_database)


class CausalBookmarksMiddleware:
    """Sets `CAUSAL` for the request from its header; answers the request's write bookmark."""

    def __init__(self, app: ASGIApp, signer: BookmarkSigner) -> None:
        self.app = app
        self.signer = signer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            incoming = self.signer.verify(header_of(scope, _HEADER_KEY))
        except BadBookmark as exc:
            await self._refuse(scope, send, str(exc))
            return
        holder = CausalBookmarks(incoming=incoming)

        async def send_with_bookmark(message: Message) -> None:
            if message["type"] == "http.response.start" and holder.outgoing:
                MutableHeaders(scope=message)[HEADER] = self.signer.sign(holder.outgoing)
            await send(message)

        token = CAUSAL.set(holder)
        try:
            await self.app(scope, receive, send_with_bookmark)
        finally:
            CAUSAL.reset(token)

    @staticmethod
    async def _refuse(scope: Scope, send: Send, problem: str) -> None:
        client = scope.get("client")
        log.warning(
            "refused %s %s from %s: its %s header %s",
            scope.get("method"),
            scope.get("path"),
            client[0] if client else "?",
            HEADER,
            problem,
        )
        message = (
            f"the {HEADER} header {problem}: only bookmarks this service issued are accepted; "
            "send it back exactly as a response gave it, or leave it out"
        )
        body = error_body(
            scope.get("path", ""), 400, "BAD_USER_INPUT", message, current_request_id() or ""
        )
        await send(
            {
                "type": "http.response.start",
                "status": 400,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def install(app: Starlette, signer: BookmarkSigner) -> None:
    app.add_middleware(CausalBookmarksMiddleware, signer=signer)
