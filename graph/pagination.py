"""Keyset cursors: opaque to clients, a JSON list of the sort key of the last item seen."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from graph.errors import BadUserInput

T = TypeVar("T")


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *types: type) -> list[Any]:
    """The key of `cursor`, checked against the expected types; BadUserInput when malformed."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError):
        raise BadUserInput("after is not a cursor this list returned", field="after") from None
    if not isinstance(key, list) or len(key) != len(types):
        raise BadUserInput("after is not a cursor this list returned", field="after")
    for value, expected in zip(key, types, strict=True):
        ok = isinstance(value, int | float) if expected is float else isinstance(value, expected)
        if not ok or isinstance(value, bool):
            raise BadUserInput("after is not a cursor this list returned", field="after")
    return key


#: The sort key of a newest-first list of timed entries: (epoch seconds, nanosecond, id).
TimeKey = tuple[int, int, str]


def decode_time_cursor(after: str | None) -> TimeKey | None:
    """The TimeKey of `after` (None for the first page); BadUserInput when malformed."""
    if after is None:
        return None
    seconds, nanos, id_ = decode_cursor(after, int, int, str)
    if not (abs(seconds) < 10**11 and 0 <= nanos < 10**9):
        raise BadUserInput("after is not a cursor this list returned", field="after")
    return seconds, nanos, id_


def time_key_params(after: TimeKey | None) -> dict[str, Any]:
    """`after` as the `$after_seconds`, `$after_nanos`, `$after_id` of a newest-first query."""
    return {
        "after_seconds": after[0] if after else None,
        "after_nanos": after[1] if after else None,
        "after_id": after[2] if after else None,
    }


def check_first(first: int, maximum: int) -> None:
    if not 1 <= first <= maximum:
        raise BadUserInput(f"first must be between 1 and {maximum}", field="first")


@dataclass(frozen=True)
class Page(Generic[T]):
    """A slice of a long list; `cursors[i]` resumes the list after `items[i]`."""

    items: list[T]
    cursors: list[str]
    has_next_page: bool

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None

    @classmethod
    def of_keyed(cls, found: list[tuple[T, Any]], first: int) -> Page[T]:
        """The page of `found` ((item, sort key) pairs, read with one more than `first`)."""
        page = found[:first]
        return cls(
            items=[item for item, _ in page],
            cursors=[encode_cursor(*key) for _, key in page],
            has_next_page=len(found) > first,
        )


@dataclass(frozen=True)
class CountedPage(Page[T]):
    """A page that also says how many items the whole list holds (a connection's totalCount)."""

    total_count: int = 0
