"""Neo4j bookmarks: what this code reads from them."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable

#: The bookmark format of Neo4j 5 (and 2025.x): "FB:" + base64 of a marker byte, the database's
#: id as 16 PackStream bytes, then the transaction number as a PackStream integer.
_PREFIX = "FB:"
_INTS = {0xC8: 1, 0xC9: 2, 0xCA: 4, 0xCB: 8}


def transaction_number(bookmarks: Iterable[str]) -> int | None:
    """The number of the last transaction a session's bookmark says the database had committed,
    or None when the bookmark is not in a format this code knows."""
    values = list(bookmarks)
    if len(values) != 1 or not values[0].startswith(_PREFIX):
        return None
    try:
        raw = base64.b64decode(values[0][len(_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) < 19 or raw[0] != 0x91 or raw[1] != 0xCC or raw[2] != 16:
        return None
    marker = raw[19] if len(raw) > 19 else None
    if marker is None:
        return None
    if marker < 0x80:
        return marker
    size = _INTS.get(marker)
    if size is None or len(raw) < 20 + size:
        return None
    return int.from_bytes(raw[20 : 20 + size], "big", signed=True)
