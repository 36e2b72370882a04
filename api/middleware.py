"""The outermost layer of the API: a request id for every request, a cap on request bodies, and
unexpected errors answered without details (and logged with the request id).

- `X-Request-ID`: a sane incoming value (1 to 128 letters, digits, `.`, `_`, `:`, `-`) is kept,
  anything else replaced by a new random id; it is returned in the response header, set on every
  log record (`%(request_id)s`) and in masked GraphQL errors (`extensions.requestId`).
- Bodies over `api_max_body_bytes`: 413, decided from `Content-Length` before reading anything,
  or as soon as a chunked body goes past the limit.
- An exception nothing else handled: 500 with `INTERNAL_SERVER_ERROR` and the request id, the
  traceback only in the log.

Pure ASGI (not BaseHTTPMiddleware), so streamed responses pass through untouched.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("talentgraph.api")

REQUEST_ID: ContextVar[str | None] = ContextVar("talentgraph_request_id", default=None)
HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}")


def current_request_id() -> str | None:
    """The id of the request being served (None outside a request)."""
    return REQUEST_ID.get()


def request_id_from(incoming: str | None) -> str:
    """The caller's id if it is sane, else a new one."""
    if incoming is not None and _SANE.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class _BodyTooLarge(Exception):
    pass


def _too_large(exc: BaseException) -> bool:
    """The body limit was hit (possibly wrapped in an exception group by a task-group middleware)."""
    if isinstance(exc, BaseExceptionGroup):
        return exc.subgroup(_BodyTooLarge) is not None
    return isinstance(exc, _BodyTooLarge)


def header_of(scope: Scope, name: bytes) -> str | None:
    """The first value of header `name` (lower case) in the request, as text."""
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def error_body(path: str, status: int, code: str, message: str, request_id: str) -> bytes:
    """An error as GraphQL clients read it on /graphql, as the REST endpoints answer elsewhere."""
    body: dict[str, Any]
    if path.rstrip("/").endswith("/graphql"):
        body = {
            "data": None,
            "errors": [{"message": message, "extensions": {"code": code, "requestId": request_id}}],
        }
    else:
        body = {"error": {"code": code, "message": message, "requestId": request_id}}
    return json.dumps(body).encode()


class RequestGuard:
    """ASGI middleware: request id, body size limit, last-resort error answer (see module)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(header_of(scope, b"x-request-id"))
        token = REQUEST_ID.set(request_id)
        started = False
        received = 0

        async def respond(status: int, code: str, message: str) -> None:
            body = error_body(scope.get("path", ""), status, code, message, request_id)
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (HEADER.lower().encode(), request_id.encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _BodyTooLarge
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        too_large = f"the request body is larger than the {self.max_body_bytes:,}-byte limit"
        try:
            length = header_of(scope, b"content-length")
            if length is not None and (not length.strip().isdigit()):
                await respond(400, "BAD_USER_INPUT", "Content-Length is not a number")
                return
            if length is not None and int(length) > self.max_body_bytes:
                await respond(413, "BAD_USER_INPUT", too_large)
                return
            await self.app(scope, limited_receive, send_with_id)
        except Exception as exc:
            if _too_large(exc):
                if not started:
                    await respond(413, "BAD_USER_INPUT", too_large)
                return
            log.exception(
                "unexpected error in %s %s (request %s)",
                scope.get("method"),
                scope.get("path"),
                request_id,
            )
            if started:
                raise
            await respond(
                500,
                "INTERNAL_SERVER_ERROR",
                f"unexpected error; the server log has the details under request id {request_id}",
            )
        finally:
            REQUEST_ID.reset(token)


_factory_installed = False


def install_log_request_ids() -> None:
    """Every log record gets `request_id` (`-` outside a request), for `%(request_id)s`."""
    global _factory_installed
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = REQUEST_ID.get() or "-"
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed = True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the request id on every line, TalentGraph's loggers
    and the Neo4j driver's warnings (retries during an outage) included."""
    from uvicorn.config import LOGGING_CONFIG

    install_log_request_ids()
    config = copy.deepcopy(LOGGING_CONFIG)
    formatters = config["formatters"]
    formatters["default"]["fmt"] = "%(levelprefix)s [%(request_id)s] %(name)s: %(message)s"
    formatters["access"]["fmt"] = (
        '%(levelprefix)s [%(request_id)s] %(client_addr)s - "%(request_line)s" %(status_code)s'
    )
    config["loggers"]["talentgraph"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    config["loggers"]["neo4j"] = {"handlers": ["default"], "level": "WARNING", "propagate": False}
    return config


def install(app: Starlette, max_body_bytes: int) -> None:
    """Add the guard as the outermost middleware (call after every other `add_middleware`)."""
    install_log_request_ids()
    app.add_middleware(RequestGuard, max_body_bytes=max_body_bytes)
