"""Pages of lists: the one shape every list that grows with the organisation is served in.

A cursor is opaque to clients: a JSON list of the list's name (its `kind`) and the sort key of the
last item seen, so a cursor from another list is refused (BadUserInput on `after`). Two ways to
make a page:

- keyed in the graph: the statement reads one more than `first` after the cursor's key, each item
  with its key, and the total (`Page.of_keyed`);
- sliced in the service: the service already holds the whole list in order (a slate, a bench, a
  9-box cell, a role's incumbents...) and `Page.of_sorted` slices it after the cursor's key.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from graph.errors import BadUserInput

T = TypeVar("T")

NOT_OURS = "after is not a cursor this list returned"


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *types: type) -> list[Any]:
    """The key of `cursor`, checked against the expected types; BadUserInput when malformed."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError):
        raise BadUserInput(NOT_OURS, field="after") from None
    if not isinstance(key, list) or len(key) != len(types):
        raise BadUserInput(NOT_OURS, field="after")
    for value, expected in zip(key, types, strict=True):
        ok = isinstance(value, int | float) if expected is float else isinstance(value, expected)
        if not ok or isinstance(value, bool):
            raise BadUserInput(NOT_OURS, field="after")
    return key


def decode_after(after: str | None, kind: str, *types: type) -> tuple[Any, ...] | None:
    """The sort key held by `after`, a cursor of the list `kind` (None for the first page);
    BadUserInput when it is malformed or another list's."""
    if after is None:
        return None
    tag, *key = decode_cursor(after, str, *types)
    if tag != kind:
        raise BadUserInput(NOT_OURS, field="after")
    return tuple(float(v) if t is float else v for v, t in zip(key, types, strict=True))


#: The sort key of a newest-first list of timed entries: (epoch seconds, nanosecond, id).
TimeKey = tuple[int, int, str]


def decode_time_cursor(after: str | None, kind: str) -> TimeKey | None:
    """The TimeKey of `after` (None for the first page); BadUserInput when malformed."""
    key = decode_after(after, kind, int, int, str)
    if key is None:
        return None
    seconds, nanos, id_ = key
    if not (abs(seconds) < 10**11 and 0 <= nanos < 10**9):
        raise BadUserInput(NOT_OURS, field="after")
    return seconds, nanos, id_


def time_key_params(after: TimeKey | None) -> dict[str, Any]:
    """`after` as the `$after_seconds`, `$after_nanos`, `$after_id` of a newest-first query."""
    return {
        "after_seconds": after[0] if after else None,
        "after_nanos": after[1] if after else None,
        "after_id": after[2] if after else None,
    }


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def microseconds(at: datetime) -> int:
    """`at` as whole microseconds since the epoch (naive times are UTC): exact, for a sort key."""
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    return (at - _EPOCH) // timedelta(microseconds=1)


def check_first(first: int, maximum: int) -> None:
    if not 1 <= first <= maximum:
        raise BadUserInput(f"first must be between 1 and {maximum}", field="first")


@dataclass(frozen=True)
class Page(Generic[T]):
    """A slice of a long list: `keys[i]` is the sort key of `items[i]` in the list `kind`, so
    `cursor(i)` resumes the list after it; `total_count` items are in the whole list, every page
    together. Cursors are encoded only when asked for."""

    items: list[T]
    keys: list[tuple[Any, ...]]
    kind: str
    has_next_page: bool
    total_count: int

    def cursor(self, index: int) -> str:
        return encode_cursor(self.kind, *self.keys[index])

    @property
    def cursors(self) -> list[str]:
        return [self.cursor(i) for i in range(len(self.items))]

    @property
    def end_cursor(self) -> str | None:
        return self.cursor(len(self.items) - 1) if self.items else None

    @classmethod
    def empty(cls, kind: str) -> Page[T]:
        return cls(items=[], keys=[], kind=kind, has_next_page=False, total_count=0)

    @classmethod
    def of_keyed(
        cls, found: Sequence[tuple[T, Sequence[Any]]], kind: str, first: int, total: int
    ) -> Page[T]:
        """The page of `found` ((item, sort key) pairs read with one more than `first`)."""
        page = found[:first]
        return cls(
            items=[item for item, _ in page],
            keys=[tuple(key) for _, key in page],
            kind=kind,
            has_next_page=len(found) > first,
            total_count=total,
        )

    @classmethod
    def of_sorted(
        cls,
        items: Sequence[T],
        key: Callable[[T], tuple[Any, ...]],
        kind: str,
        first: int,
        after: str | None,
        *types: type,
        total: int | None = None,
    ) -> Page[T]:
        """The page after the cursor `after` of the whole list `items` in the order of `key`
        (ascending: negate a figure to sort by it descending), `types` being those of the key's
        parts; BadUserInput for a cursor of another list. `total`: the list's length when
        `items` is only its head."""
        start = decode_after(after, kind, *types)
        keyed = sorted(((i, key(i)) for i in items), key=lambda pair: pair[1])
        rest = [pair for pair in keyed if start is None or pair[1] > start]
        return cls.of_keyed(rest[: first + 1], kind, first, len(keyed) if total is None else total)
