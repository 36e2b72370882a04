"""The GraphQL router, with the limits that apply to an HTTP request as a whole (README "Limits"):
JSON that Python reads but nothing downstream can use (nested too deeply for the parser, integers
too long to convert, text with lone surrogates) is answered 400, as any JSON it cannot parse.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cross_web import HTTPException
from strawberry.fastapi import GraphQLRouter

_SURROGATE = re.compile("[\ud800-\udfff]")


def _invalid_text(value: object) -> bool:
    """Whether the parsed JSON holds a string with a lone surrogate (JSON allows `"\\ud800"`;
    UTF-8, and so Neo4j, does not)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class LimitedGraphQLRouter(GraphQLRouter[Any, Any]):
    """The GraphQL router, answering 400 (as for any JSON it cannot parse) for JSON that Python
    reads but nothing downstream can use: nested too deeply for the parser, integers too long to
    convert, text with lone surrogates."""

    def decode_json(self, data: str | bytes) -> object:
        try:
            decoded = super().decode_json(data)
        except json.JSONDecodeError:
            raise
        except (RecursionError, ValueError) as exc:  # too deep; an integer over 4,300 digits
            raise HTTPException(400, f"Unable to parse request body as JSON: {exc}") from None
        if _invalid_text(decoded):
            raise HTTPException(
                400, "The request holds text that is not valid Unicode (a lone surrogate)"
            )
        return decoded
