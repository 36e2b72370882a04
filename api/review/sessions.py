"""Calibration sessions on the review page (issue 17): `/review/sessions` lists them and starts one
(hr, admin); `/review/sessions/{id}` is the session's editable review; `.../changes` takes an edit
as JSON (the page's script sends it); `.../events` streams every change to every open page
(server-sent events); `.../summary` (a page that prints as a PDF) and `.../summary.csv`.

Reading works without JavaScript; the forms to start, join and close post plainly. Everything a
session does is the calibration service's (graph/services/calibration/); here is only HTTP.

A little over 400 lines: the change endpoint's argument checks and the live stream are this page's
own HTTP, and read best beside the routes they serve.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from api.errors import domain_error_response
from api.review.routes import (
    SECURITY_HEADERS,
    Reviewer,
    _error,
    _html,
    _reviewer,
    as_reviewer,
    read_form,
    router,
    templates,
)
from api.state import get_db, get_settings
from graph.auth import Principal
from graph.calibration import CalibrationChange, ChangeKind
from graph.errors import BadUserInput, Forbidden, TalentGraphError
from graph.models import Rating, Readiness
from graph.services import access, calibration
from graph.services.org_units import UnitTree
from graph.services.review import ReviewScope

#: A streamed page says it is alive this often, so proxies keep the connection.
HEARTBEAT_SECONDS = 15.0
MAX_JSON_BYTES = 16_384


def session_url(session_id: str, tail: str = "") -> str:
    return "/review/sessions/" + quote(session_id, safe="") + tail


@router.get("/sessions")
async def sessions_page(request: Request) -> Response:
    async def render(r: Reviewer) -> Response:
        return _html(
            "sessions.html",
            sessions=(
                await calibration.list_sessions(get_db(request), principal=r.principal)
            ).items,
            units=[n for n in r.tree.nodes if r.scope.allows(n.id)],
            may_start=r.principal.has(*access.CALIBRATE_ALL),
            who=r.principal,
            auth_enabled=get_settings(request).auth_enabled,
        )

    return await as_reviewer(request, render)


@router.post("/sessions")
async def start(request: Request) -> Response:
    async def begin(r: Reviewer) -> Response:
        form = await read_form(request)
        participants = form.get("participants", "").replace("\n", ",").split(",")
        session = await calibration.start_session(
            get_db(request),
            form.get("unit", ""),
            form.get("name", ""),
            participants,
            principal=r.principal,
        )
        return RedirectResponse(session_url(session.id), status_code=303)

    return await as_reviewer(request, begin)


def _session_html(request: Request, board: calibration.SessionBoard, who: Principal) -> str:
    """The session's page (or, for a live update, the part of it `board` holds)."""
    return templates.get_template("session.html").render(
        board=board,
        page=board.review,
        who=who,
        auth_enabled=get_settings(request).auth_enabled,
        now=datetime.now(UTC),
    )


@router.get("/sessions/{session_id}")
async def session_page(request: Request, session_id: str) -> Response:
    started = time.perf_counter()

    async def render(r: Reviewer) -> Response:
        board = await calibration.session_board(
            get_db(request),
            get_settings(request),
            session_id,
            r.scope,
            r.tree,
            principal=r.principal,
        )
        response = HTMLResponse(
            _session_html(request, board, r.principal), headers=SECURITY_HEADERS
        )
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"session;dur={elapsed:.0f}"
        return response

    return await as_reviewer(request, render)


@router.post("/sessions/{session_id}/join")
async def join(request: Request, session_id: str) -> Response:
    async def enter(r: Reviewer) -> Response:
        await calibration.join_session(get_db(request), session_id, principal=r.principal)
        return RedirectResponse(session_url(session_id), status_code=303)

    return await as_reviewer(request, enter)


@router.post("/sessions/{session_id}/close")
async def close(request: Request, session_id: str) -> Response:
    async def end(r: Reviewer) -> Response:
        form = await read_form(request)
        await calibration.close_session(
            get_db(request), session_id, form.get("note") or None, principal=r.principal
        )
        return RedirectResponse(session_url(session_id, "/summary"), status_code=303)

    return await as_reviewer(request, end)


def _json_error(request: Request, exc: TalentGraphError) -> Response:
    """The API's one error envelope (CONFLICT: 409, with the current value and version)."""
    return domain_error_response(request, exc)


def _text(body: dict[str, Any], key: str, required: bool = False) -> str | None:
    value = body.get(key)
    if value is None or value == "":
        if required:
            raise BadUserInput(f"{key} is required", field=key)
        return None
    if not isinstance(value, str):
        raise BadUserInput(f"{key} must be text", field=key)
    return value


def _version(body: dict[str, Any]) -> int:
    value = body.get("version")
    if value is None:
        raise BadUserInput("version is required", field="version")
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadUserInput("version must be the whole number the page showed", field="version")
    return value


def _enum(kind: type[Readiness] | type[Rating], body: dict[str, Any], key: str) -> Any:
    try:
        return kind(_text(body, key, required=True) or "")
    except ValueError:
        raise BadUserInput(f"{key} is not one of {', '.join(kind)}", field=key) from None


async def _apply(request: Request, session_id: str, body: dict[str, Any]) -> CalibrationChange:
    principal = request.state.principal
    db = get_db(request)
    op = body.get("op")
    note = _text(body, "note")
    if op == "readiness":
        return await calibration.set_readiness(
            db,
            session_id,
            _text(body, "employeeId", True) or "",
            _text(body, "roleId", True) or "",
            _enum(Readiness, body, "readiness"),
            None if body.get("version") is None else _version(body),
            note,
            principal=principal,
        )
    if op == "withdraw":
        return await calibration.withdraw(
            db,
            session_id,
            _text(body, "employeeId", True) or "",
            _text(body, "roleId", True) or "",
            _version(body),
            note,
            principal=principal,
        )
    if op == "rate":
        return await calibration.rate(
            db,
            session_id,
            _text(body, "employeeId", True) or "",
            _enum(Rating, body, "performance"),
            _enum(Rating, body, "potential"),
            _version(body),
            note,
            principal=principal,
        )
    if op == "discussed":
        return await calibration.mark_discussed(
            db, session_id, _text(body, "roleId", True) or "", note, principal=principal
        )
    if op == "action":
        try:
            due = date.fromisoformat(_text(body, "due", True) or "")
        except ValueError:
            raise BadUserInput("due must be a date like 2027-01-31", field="due") from None
        return await calibration.add_action(
            db,
            session_id,
            _text(body, "what", True) or "",
            _text(body, "owner", True) or "",
            due,
            role_id=_text(body, "roleId"),
            employee_id=_text(body, "employeeId"),
            note=note,
            principal=principal,
        )
    if op == "undo":
        return await calibration.undo_last(db, session_id, note, principal=principal)
    raise BadUserInput(
        "op must be readiness, withdraw, rate, discussed, action or undo", field="op"
    )


@router.post("/sessions/{session_id}/changes")
async def change(request: Request, session_id: str) -> Response:
    found = await _reviewer(request)
    if isinstance(found, Response):
        return _json_error(request, Forbidden("sign in to change a calibration session"))
    principal = found.principal
    request.state.principal = principal
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return _json_error(request, BadUserInput("send the change as application/json"))
    try:
        raw = await request.body()
        if len(raw) > MAX_JSON_BYTES:
            raise BadUserInput("that change is too long")
        try:
            body = json.loads(raw)
        except ValueError:
            raise BadUserInput("the change is not valid JSON") from None
        if not isinstance(body, dict):
            raise BadUserInput("the change must be a JSON object")
        made = await _apply(request, session_id, body)
    except TalentGraphError as exc:
        return _json_error(request, exc)
    return JSONResponse(
        {"change": made.model_dump(mode="json", by_alias=True)},
        headers={"Cache-Control": "no-store"},
    )


#: Changes whose role's card shows them (its slate, hidden candidates, figures, marks).
CARD_KINDS = frozenset(
    {ChangeKind.NOMINATE, ChangeKind.READINESS, ChangeKind.WITHDRAW, ChangeKind.DISCUSSED}
)


def _touches(changes: list[CalibrationChange]) -> tuple[list[str], bool]:
    """The cards (role ids) and whether the 9-box that `changes` change on the page."""
    roles: list[str] = []
    nine_box = False
    for c in changes:
        if c.role_id and (c.kind in CARD_KINDS or c.kind is ChangeKind.UNDO):
            roles.append(c.role_id)
        elif c.employee_id and c.kind in (ChangeKind.RATE, ChangeKind.UNDO):
            nine_box = True
    return list(dict.fromkeys(roles)), nine_box


async def _live_parts(
    request: Request,
    session_id: str,
    changes: list[CalibrationChange],
    scope: ReviewScope,
    tree: UnitTree,
    principal: Principal,
) -> dict[str, Any] | None:
    """What `changes` changed on the page, rendered as the page renders it (the same board
    service, for the changed cards only, and the 9-box when a rating moved): the page's script
    swaps them in at once. None when that cannot be read now (the script reloads the page)."""
    roles, nine_box = _touches(changes)
    try:
        board = await calibration.session_board(
            get_db(request),
            get_settings(request),
            session_id,
            scope,
            tree,
            principal=principal,
            roles=roles,
            nine_box=nine_box,
        )
    except TalentGraphError:
        return None
    html = _session_html(request, board, principal)
    return {"cards": [c.role.id for c in board.review.cards], "nineBox": nine_box, "html": html}


def _event(change: CalibrationChange, live: dict[str, Any] | None = None) -> str:
    body = change.model_dump(mode="json", by_alias=True)
    if live is not None:
        body["live"] = live
    return f"id: {change.seq}\nevent: change\ndata: {json.dumps(body)}\n\n"


@router.get("/sessions/{session_id}/events")
async def events(request: Request, session_id: str) -> Response:
    found = await _reviewer(request)
    if isinstance(found, Response):
        return found
    principal, scope, tree = found.principal, found.scope, found.tree
    db = get_db(request)
    raw_after = request.headers.get("last-event-id") or request.query_params.get("after", "0")
    after = int(raw_after) if raw_after.isdigit() else 0
    try:
        await calibration.get_session(db, session_id, principal=principal)
    except TalentGraphError as exc:
        return _error(request, exc, principal)

    async def stream() -> AsyncIterator[str]:
        seen = after
        quiet = 0.0
        yield "retry: 1000\n\n"
        while not await request.is_disconnected():
            try:
                session, changes = await calibration.session_changes(
                    db, session_id, seen, principal=principal
                )
            except TalentGraphError as exc:
                yield f"event: failed\ndata: {json.dumps({'message': exc.message})}\n\n"
                return
            if changes:
                # the page as it is after the last of them, sent with the last
                live = await _live_parts(request, session_id, changes, scope, tree, principal)
                for c in changes[:-1]:
                    yield _event(c)
                yield _event(changes[-1], live)
                seen = changes[-1].seq
            if not session.open:
                yield f"event: closed\ndata: {json.dumps({'by': session.closed_by})}\n\n"
                return
            started = asyncio.get_running_loop().time()
            await calibration.wait_for_change(session_id)
            quiet += asyncio.get_running_loop().time() - started
            if quiet >= HEARTBEAT_SECONDS:
                quiet = 0.0
                yield ": still here\n\n"

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get("/sessions/{session_id}/summary")
async def summary_page(request: Request, session_id: str) -> Response:
    async def render(r: Reviewer) -> Response:
        return _html(
            "summary.html",
            summary=await calibration.session_summary(
                get_db(request), session_id, principal=r.principal
            ),
            who=r.principal,
            auth_enabled=get_settings(request).auth_enabled,
        )

    return await as_reviewer(request, render)


@router.get("/sessions/{session_id}/summary.csv")
async def summary_csv(request: Request, session_id: str) -> Response:
    async def download(r: Reviewer) -> Response:
        summary = await calibration.session_summary(
            get_db(request), session_id, principal=r.principal
        )
        name = f"calibration-{summary.session.id}.csv"
        return Response(
            calibration.summary_csv(summary),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return await as_reviewer(request, download)
