"""The succession review page: server-rendered HTML for review meetings, on screen or on paper.

`/review` (filters, summary, one card per role, the 9-box), `/review/people/{id}` (a person and
their talent map), `/review/login` (paste a token; kept in an HttpOnly, SameSite=Strict cookie
that the API reads like a bearer header) and `/review/logout`. Same auth as the API: hr and admin
see everything, a manager their own part of the organisation, anyone else gets a 403 page.
No JavaScript is needed to read the page; a tiny static script only wires the print button.
What a review contains, and who may see which part of it, is the review service's
(graph/services/review/); here are only the request, the HTTP answers and the templates.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import TOKEN_COOKIE, principal_of
from api.errors import domain_error_response, error_response, prefers_json
from api.review import labels
from api.review.filters import Filters
from api.state import get_db, get_settings
from graph.auth import Principal, TokenVerifier
from graph.errors import (
    BadUserInput,
    BookmarkNotReady,
    BookmarkRejected,
    Forbidden,
    NotFound,
    QueryTimeout,
    ServiceUnavailable,
    TalentGraphError,
    Unauthenticated,
)
from graph.services import access
from graph.services.org_units import UnitTree, unit_tree
from graph.services.review import (
    CANDIDATES_SCANNED,
    CARDS_PER_PAGE,
    EXPOSED_AT,
    NINE_BOX_NAMES,
    ReviewScope,
    may_review,
    person_page,
    review_page,
    scope_of,
)

log = logging.getLogger("talentgraph.review")

HERE = Path(__file__).resolve().parent
#: Chart.js, vendored (api/static/chartjs/README.md), for the workforce dashboard's charts.
CHARTJS = "chart-4.5.1.umd.min.js"
STATIC = {
    "review.css": ("text/css; charset=utf-8", (HERE / "static" / "review.css").read_bytes()),
    "review.js": ("text/javascript; charset=utf-8", (HERE / "static" / "review.js").read_bytes()),
    "workforce.js": (
        "text/javascript; charset=utf-8",
        (HERE / "static" / "workforce.js").read_bytes(),
    ),
    CHARTJS: (
        "text/javascript; charset=utf-8",
        (HERE.parent / "static" / "chartjs" / CHARTJS).read_bytes(),
    ),
}
#: A login form posts a token, not a file: anything bigger is refused unread.
MAX_FORM_BYTES = 16_384
#: A card fits one printed page: at most this many successors, and gaps per candidate or target.
SLATE_SHOWN = 8
GAPS_SHOWN = 3

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.filters.update(labels.FILTERS)
templates.globals.update(labels.GLOBALS)
templates.globals.update(
    exposed_at=EXPOSED_AT,
    gaps_shown=GAPS_SHOWN,
    candidates_scanned=CANDIDATES_SCANNED,
    nine_box_names=NINE_BOX_NAMES,
    slate_shown=SLATE_SHOWN,
    cards_per_page=CARDS_PER_PAGE,
)

router = APIRouter(prefix="/review", include_in_schema=False)


def _html(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    body = templates.get_template(name).render(**context)
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


_STATUS: tuple[tuple[type[TalentGraphError], int], ...] = (
    (NotFound, 404),
    (BookmarkRejected, 400),
    (BadUserInput, 400),
    (Forbidden, 403),
    (Unauthenticated, 401),
    (ServiceUnavailable, 503),
    (BookmarkNotReady, 409),
    (QueryTimeout, 504),
)


def _error(request: Request, exc: TalentGraphError, who: Principal | None) -> Response:
    """A page saying what went wrong; the JSON error envelope to a client that asks for JSON."""
    if prefers_json(request):
        return domain_error_response(request, exc)
    status = next((s for kind, s in _STATUS if isinstance(exc, kind)), 500)
    title = {
        400: "That filter is not valid",
        401: "Please sign in",
        403: "Not allowed",
        404: "Not found",
        409: "The database has not caught up yet",
        503: "The graph database is not answering",
        504: "That took too long",
    }.get(status, "Something went wrong")
    if isinstance(exc, BookmarkRejected):
        title = "That bookmark is not valid"
    return _html(
        "error.html",
        status=status,
        title=title,
        message=exc.message,
        code=exc.code,
        who=who,
        auth_enabled=get_settings(request).auth_enabled,
    )


def _verifier(request: Request) -> TokenVerifier:
    """The app's token verifier (create_app makes it whenever authentication is on)."""
    verifier: TokenVerifier = request.app.state.verifier
    return verifier


def _login_redirect(request: Request, reason: str | None = None) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    params = {"next": target}
    if reason:
        params["reason"] = reason
    response = RedirectResponse(f"/review/login?{urlencode(params)}", status_code=303)
    if request.cookies.get(TOKEN_COOKIE):
        _clear_cookie(response)
    return response


def _safe_next(value: str | None) -> str:
    """Only back into the review or workforce pages, never to another site."""
    if (
        value
        and value.startswith(("/review", "/workforce"))
        and not value.startswith("//")
        and "\\" not in value
    ):
        return value
    return "/review"


def _clear_cookie(response: Response) -> None:
    response.delete_cookie(TOKEN_COOKIE, path="/", httponly=True, samesite="strict")


@dataclass(frozen=True)
class Reviewer:
    """Who is asking for a page: the caller, what they may see, and the org unit tree."""

    principal: Principal
    scope: ReviewScope
    tree: UnitTree


async def _reviewer(request: Request, what: str = "succession reviews") -> Reviewer | Response:
    """The caller, their scope and the unit tree; or the response that refuses them (`what`
    names the page in the refusal)."""
    try:
        principal = principal_of(request)
    except Unauthenticated as exc:
        if not get_settings(request).auth_enabled or prefers_json(request):
            return _error(request, exc, None)  # auth off and not on loopback, or not a browser
        expired = bool(request.cookies.get(TOKEN_COOKIE)) or "authorization" in request.headers
        return _login_redirect(request, "invalid" if expired else None)
    if not may_review(principal):
        return _error(
            request,
            Forbidden(f"{what} are for the hr, admin and manager roles"),
            principal,
        )
    try:
        tree = await unit_tree(get_db(request))
        scope = await scope_of(get_db(request), principal, tree)
    except TalentGraphError as exc:
        return _error(request, exc, principal)
    return Reviewer(principal, scope, tree)


async def as_reviewer(
    request: Request,
    work: Callable[[Reviewer], Awaitable[Response]],
    what: str = "succession reviews",
) -> Response:
    """The one way a page calls a service: the caller checked (refused, or sent to sign in, as
    `_reviewer` says), then `work`; a TalentGraphError it raises becomes the error page."""
    found = await _reviewer(request, what)
    if isinstance(found, Response):
        return found
    try:
        return await work(found)
    except TalentGraphError as exc:
        return _error(request, exc, found.principal)


@router.get("", response_class=HTMLResponse)
async def review(request: Request) -> Response:
    started = time.perf_counter()

    async def render(r: Reviewer) -> Response:
        filters = Filters.parse(dict(request.query_params))
        page = await review_page(
            get_db(request), get_settings(request), filters, r.scope, r.tree, principal=r.principal
        )
        response = _html(
            "review.html",
            page=page,
            units=[n for n in r.tree.nodes if r.scope.allows(n.id)],
            who=r.principal,
            auth_enabled=get_settings(request).auth_enabled,
            now=datetime.now(UTC),
            can_export=r.principal.has(*access.EXPORT),
        )
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"review;dur={elapsed:.0f}"
        log.info("review page %s rendered in %.0f ms", request.url.query or "-", elapsed)
        return response

    return await as_reviewer(request, render)


@router.get("/people/{employee_id}", response_class=HTMLResponse)
async def person(request: Request, employee_id: str) -> Response:
    async def render(r: Reviewer) -> Response:
        page = await person_page(
            get_db(request), get_settings(request), employee_id, principal=r.principal
        )
        return _html(
            "person.html",
            page=page,
            back=_safe_next(request.query_params.get("back")),
            who=r.principal,
            auth_enabled=get_settings(request).auth_enabled,
        )

    return await as_reviewer(request, render)


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request) -> Response:
    reason = request.query_params.get("reason")
    message = (
        "Your token is no longer valid (expired or not accepted). Paste a new one."
        if reason == "invalid"
        else None
    )
    return _login_page(request, message, status=200)


#: The error code of each status the login form answers with.
_LOGIN_CODES = {
    400: "BAD_USER_INPUT",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    413: "BAD_USER_INPUT",
}


def _login_page(request: Request, message: str | None, status: int) -> Response:
    if status in _LOGIN_CODES and message and prefers_json(request):
        return error_response(request, status, _LOGIN_CODES[status], message)
    return _html(
        "login.html",
        status=status,
        next=_safe_next(request.query_params.get("next")),
        message=message,
        auth_enabled=get_settings(request).auth_enabled,
        who=None,
    )


async def read_form(request: Request) -> dict[str, str]:
    """A posted form's fields, read a chunk at a time: BadUserInput once past MAX_FORM_BYTES."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise BadUserInput("that form is too long")
    return dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    try:
        form = await read_form(request)
    except BadUserInput:
        return _login_page(request, "That is too long to be a token.", status=413)
    target = _safe_next(form.get("next"))
    if not get_settings(request).auth_enabled:
        return RedirectResponse(target, status_code=303)
    token = "".join(form.get("token", "").split())
    if token.lower().startswith("bearer"):
        token = token[len("bearer") :]
    if not token:
        return _login_page(request, "Paste a token to sign in.", status=400)
    try:
        principal = _verifier(request).verify(token)
    except Unauthenticated as exc:
        return _login_page(request, f"That token was not accepted: {exc.message}.", status=401)
    if not may_review(principal):
        roles = ", ".join(sorted(r.value for r in principal.roles)) or "none"
        return _login_page(
            request,
            f"That token's roles ({roles}) cannot open succession reviews: "
            "they need hr, admin or manager.",
            status=403,
        )
    response = RedirectResponse(target, status_code=303)
    expires = principal.claims.get("exp")
    max_age = None
    if isinstance(expires, int | float):
        max_age = max(0, int(expires - datetime.now(UTC).timestamp()))
    response.set_cookie(
        TOKEN_COOKIE,
        token,
        max_age=max_age,
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return response


@router.post("/logout")
async def logout() -> Response:
    response = RedirectResponse("/review/login", status_code=303)
    _clear_cookie(response)
    return response


@router.get("/static/{name}")
async def static(name: str) -> Response:
    found = STATIC.get(name)
    if found is None:
        raise NotFound(f"no review page file named {name!r}")
    media_type, content = found
    return Response(
        content,
        media_type=media_type,
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


def person_url(employee_id: str, back: str | None = None) -> str:
    url = "/review/people/" + quote(employee_id, safe="")
    return url + (_back_query(back) if back else "")


@functools.lru_cache(maxsize=64)
def _back_query(back: str) -> str:
    """`?back=...`: the same on every link of a page, so encoded once."""
    return f"?{urlencode({'back': back})}"


templates.globals["person_url"] = person_url
templates.globals["session_url"] = lambda session_id, tail="": (
    "/review/sessions/" + quote(session_id, safe="") + tail
)
