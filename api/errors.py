"""One error envelope for every HTTP route (README "Errors").

Outside GraphQL an error is `{"error": {"code": ..., "message": ..., "requestId": ...}}`, with the
error's details beside them (`field`: the parameter at fault); on `/graphql` it keeps the GraphQL
shape, `{"errors": [{"message": ..., "extensions": {"code": ...}}]}`, so GraphQL clients read it. The same for errors of the domain (`TalentGraphError`), parameters FastAPI could
not read, and Starlette's own (an unknown path, a wrong method); `api/middleware.py` answers the
same way for what it refuses (an oversized body) and for unexpected errors. The review page's HTML
routes answer a page for people, and this envelope to a client that asks for JSON
(`prefers_json`).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth import bearer_token
from api.middleware import current_request_id
from graph.errors import (
    BookmarkNotReady,
    ServiceUnavailable,
    TalentGraphError,
    Unauthenticated,
)

#: The HTTP status of each error code (any other: 500).
STATUS = {
    "NOT_FOUND": 404,
    "BAD_USER_INPUT": 400,
    "FORBIDDEN": 403,
    "UNAUTHENTICATED": 401,
    "CONFLICT": 409,
    "BOOKMARK_NOT_READY": 409,
    "QUERY_TIMEOUT": 504,
    "SERVICE_UNAVAILABLE": 503,
}
#: The code of each status Starlette raises by itself.
_HTTP_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "BAD_USER_INPUT"}


def status_of(exc: TalentGraphError) -> int:
    if isinstance(exc, ServiceUnavailable):
        return 503
    return STATUS.get(exc.code, 500)


def _is_graphql(request: Request) -> bool:
    return request.url.path.rstrip("/").endswith("/graphql")


def error_body(
    request: Request, code: str, message: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The error as this route answers it: GraphQL-shaped on /graphql, the envelope elsewhere."""
    found = {k: v for k, v in (details or {}).items() if k not in ("code", "message", "requestId")}
    if _is_graphql(request):
        return {"errors": [{"message": message, "extensions": {"code": code, **found}}]}
    error: dict[str, Any] = {"code": code, "message": message, **found}
    request_id = current_request_id()
    if request_id:
        error["requestId"] = request_id
    return {"error": error}


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    details: dict[str, Any] | None = None,
) -> JSONResponse:
    return JSONResponse(
        error_body(request, code, message, details), status_code=status, headers=headers
    )


def domain_error_response(request: Request, exc: TalentGraphError) -> JSONResponse:
    """A `TalentGraphError` with its status: 401 with a Bearer challenge, 409 BOOKMARK_NOT_READY
    with `Retry-After`."""
    headers: dict[str, str] | None = None
    if isinstance(exc, Unauthenticated):
        challenge = 'Bearer realm="talentgraph"'
        if bearer_token(request) is not None:
            challenge += ', error="invalid_token"'
        headers = {"WWW-Authenticate": challenge}
    elif isinstance(exc, BookmarkNotReady):
        headers = {"Retry-After": "1"}
    return error_response(
        request, status_of(exc), exc.code, exc.message, headers=headers, details=exc.details
    )


def prefers_json(request: Request) -> bool:
    """Whether a caller of an HTML route asked for JSON rather than a page (`Accept` names a JSON
    type and not text/html): a browser gets the page, an HTTP client that asks gets the envelope."""
    kinds = [
        part.split(";")[0].strip().lower() for part in request.headers.get("accept", "").split(",")
    ]
    wants_json = any(k == "application/json" or k.endswith("+json") for k in kinds)
    return wants_json and "text/html" not in kinds


def _parameter_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """A parameter FastAPI could not read (an unknown format, a date that is not one), named."""
    problems = exc.errors()
    first = problems[0] if problems else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("query", "path")]
    name = ".".join(location) or None
    message = f"{name}: {first.get('msg', 'not valid')}" if name else "a parameter is not valid"
    details = {"field": name} if name else None
    return error_response(request, 400, "BAD_USER_INPUT", message, details=details)


def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """What Starlette refuses by itself: an unknown path, a method the route does not take."""
    status = exc.status_code
    code = _HTTP_CODES.get(status, "BAD_REQUEST" if status < 500 else "INTERNAL_SERVER_ERROR")
    message = str(exc.detail)
    headers = dict(exc.headers or {})
    default = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else None
    if message == default and status == 404:
        message = f"nothing here: no route answers {request.method} {request.url.path}"
    elif message == default and status == 405:
        allowed = headers.get("allow") or headers.get("Allow") or "another method"
        message = f"{request.url.path} does not take {request.method}: use {allowed}"
    return error_response(request, status, code, message, headers=headers or None)


def install(app: FastAPI) -> None:
    """Answer every error the application raises in the envelope."""

    @app.exception_handler(TalentGraphError)
    async def domain_error(request: Request, exc: TalentGraphError) -> JSONResponse:
        return domain_error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _parameter_error(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _http_error(request, exc)
