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
