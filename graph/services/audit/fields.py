"""What an audit event holds, bounded: a request cannot make an event bigger than a few kilobytes.

Actor and target are cut to a few hundred characters, the detail (the caller's roles and what
the action adds) is JSON cut to `MAX_DETAIL`, and an error is recorded by its code only.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any, overload

from graph.auth import Principal
from graph.errors import TalentGraphError

MAX_DETAIL = 4000
#: Longest target and actor stored: a request cannot make an event bigger than that.
MAX_TARGET = 300
MAX_ACTOR = 200


@overload
def cut(text: str, limit: int) -> str: ...
@overload
def cut(text: None, limit: int) -> None: ...
@overload
def cut(text: str | None, limit: int) -> str | None: ...
def cut(text: str | None, limit: int) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 1] + "…"


def new_event_id() -> str:
    """An id for an event not written yet (`audited(event_id=...)`), as the database makes them."""
    return f"ae-{uuid.uuid4()}"


def actor_of(principal: Principal) -> str:
    """The `actor` an event of `principal` is recorded with (long subjects are cut)."""
    return cut(principal.subject, MAX_ACTOR)


def fields_of(principal: Principal, detail: dict[str, Any] | None) -> dict[str, Any]:
    return {"roles": sorted(r.value for r in principal.roles), **(detail or {})}


def as_text(fields: dict[str, Any]) -> str:
    text = json.dumps(fields, default=str, sort_keys=True)
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1] + "…"


def detail_of(principal: Principal, detail: dict[str, Any] | None) -> str:
    return as_text(fields_of(principal, detail))


def error_code(error: BaseException) -> str:
    if isinstance(error, TalentGraphError):
        return error.code
    if isinstance(error, asyncio.CancelledError | KeyboardInterrupt | GeneratorExit):
        return "CANCELLED"
    return "INTERNAL_SERVER_ERROR"
