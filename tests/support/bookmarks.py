"""Bookmarks as a client sees them, and forged ones, for the tests of the bookmark header."""

from __future__ import annotations

import base64
import json


def neo4j_bookmarks(header: str) -> list[str]:
    """The Neo4j bookmarks a response header carries: what any client can read out of it."""
    values: list[str] = []
    for token in header.split(","):
        if token.startswith("tg1."):
            payload = token.split(".")[1]
            values += json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        else:
            values.append(token)
    return values


def later(bookmark: str, by: int = 1_000_000) -> str:
    """A Neo4j 5 bookmark ("FB:" + base64 PackStream, graph/bookmarks.py) raised `by`
    transactions past the one it names: a transaction that will never come."""
    raw = base64.b64decode(bookmark[3:])
    marker = raw[19]
    size = {0xC8: 1, 0xC9: 2, 0xCA: 4, 0xCB: 8}.get(marker, 0)
    tx = marker if size == 0 else int.from_bytes(raw[20 : 20 + size], "big", signed=True)
    forged = raw[:19] + b"\xcb" + (tx + by).to_bytes(8, "big") + raw[20 + size :]
    return "FB:" + base64.b64encode(forged).decode()
