"""The GraphQL router, with the limits that apply to an HTTP request as a whole (README "Limits").

- JSON that Python reads but nothing downstream can use (nested too deeply for the parser,
  integers too long to convert, text with lone surrogates): 400, as for any JSON it cannot parse.
- An operation still running after `request_timeout` seconds is stopped: `data: null` and one
  `QUERY_TIMEOUT` error. Each database call has its own, shorter, deadline (graph/db.py); this
  bounds the sum of them.
- Answers are encoded with orjson (UTF-8, compact: less CPU than `json.dumps`, docs/benchmarks.md); what
  orjson refuses (a lone surrogate, an integer over 64 bits) falls back to `json.dumps`.
- An answer whose JSON is over `max_response_bytes` is not sent: `data: null` and one
  `BAD_USER_INPUT` error with its `bytes` and the `maxBytes` (a mutation's write stays done).
  The cost limit (api/cost.py) keeps answers small; this stops what its estimates of unpaged
  lists miss (a 9-box of a very large organisation).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

import orjson
from cross_web import HTTPException
from graphql import GraphQLError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from api.graphiql import GraphiQLPage
from api.limits import LIMIT
from api.middleware import current_request_id

log = logging.getLogger("talentgraph.api")

QUERY_TIMEOUT = "QUERY_TIMEOUT"
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


class _Encoded(dict[str, Any]):
    """A GraphQL answer with its JSON text, encoded once to measure it."""

    text: str | bytes


class LimitedGraphQLRouter(GraphiQLPage, GraphQLRouter[Any, Any]):
    """The GraphQL router with the limits of the module; None for either limit: none."""

    def __init__(
        self,
        *args: Any,
        max_response_bytes: int | None = None,
        request_timeout: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_response_bytes = max_response_bytes
        self.request_timeout = request_timeout

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

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        try:
            async with asyncio.timeout(self.request_timeout) as limit:
                result: ExecutionResult = await super().execute_single(*args, **kwargs)
                return result
        except TimeoutError:
            if not limit.expired():
                raise
        log.warning(
            "a GraphQL request ran longer than the %g s limit and was stopped",
            self.request_timeout,
        )
        return ExecutionResult(
            data=None,
            errors=[
                _error(
                    f"the request ran longer than the {self.request_timeout:g} s limit and was "
                    "stopped: ask for less (smaller pages, fewer nested lists) or try again",
                    QUERY_TIMEOUT,
                )
            ],
        )

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        processed = await super().process_result(request, result)
        if self.max_response_bytes is None or not isinstance(processed, dict):
            return processed
        text = self.encode_json(processed)
        size = len(text)
        if size <= self.max_response_bytes:
            encoded = _Encoded(processed)
            encoded.text = text
            return encoded  # type: ignore[return-value]
        log.warning(
            "a GraphQL answer of %s bytes was not sent: over the %s-byte limit",
            f"{size:,}",
            f"{self.max_response_bytes:,}",
        )
        error = _error(
            f"the answer is {size:,} bytes, over the {self.max_response_bytes:,}-byte limit: "
            "ask for smaller pages or fewer fields",
            LIMIT,
            bytes=size,
            maxBytes=self.max_response_bytes,
        )
        return {"data": None, "errors": [error.formatted]}

    def encode_json(self, data: object) -> str | bytes:
        if isinstance(data, _Encoded):
            return data.text
        try:
            return orjson.dumps(data)
        except (orjson.JSONEncodeError, TypeError):  # a lone surrogate, an int over 64 bits
            return super().encode_json(data)


def _error(message: str, code: str, **extensions: Any) -> GraphQLError:
    found: dict[str, Any] = {"code": code, **extensions}
    if request_id := current_request_id():
        found["requestId"] = request_id
    return GraphQLError(message, extensions=found)
