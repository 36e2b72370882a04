"""Calibration sessions on the review page (issue 17): `/review/sessions` lists them and starts one
(hr, admin); `/review/sessions/{id}` is the session's editable review; `.../changes` takes an edit
as JSON (the page's script sends it); `.../events` streams every change to every open page
(server-sent events); `.../summary` (a page that prints as a PDF) and `.../summary.csv`.

Reading works without JavaScript; the forms to start, join and close post plainly. Everything a
session does is the calibration service's (graph/services/calibration/); here is only HTTP.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse

from api.errors import domain_error_response
from api.review.routes import SECURITY_HEADERS, _error, _html, _reviewer, read_form, router
from api.state import get_db, get_settings
from graph.calibration import CalibrationChange
from graph.errors import BadUserInput, Forbidden, TalentGraphError
from graph.models import Rating, Readiness
from graph.services import access, calibration

#: A streamed page says it is alive this often, so proxies keep the connection.
HEARTBEAT_SECONDS = 15.0
MAX_JSON_BYTES = 16_384


def session_url(session_id: str, tail: str = "") -> str:
    return "/review/sessions/" + quote(session_id, safe="") + tail


@router.get("/sessions")
async def sessions_page(request: Request) -> Response:
    found = await _reviewer(request)
    if isinstance(found, Response):
        return found
    principal, scope, tree = found
    try:
        listed = await calibration.list_sessions(get_db(request), principal=principal)
    except TalentGraphError as exc:
        return _error(request, exc, principal)
    return _html(
        "sessions.html",
        sessions=listed.items,
        units=[n for n in tree.nodes if scope.allows(n.id)],
        may_start=principal.has(*access.CALIBRATE_ALL),
        who=principal,
        auth_enabled=get_settings(request).auth_enabled,
    )


@router.post("/sessions")
async def start(request: Request) -> Response:
    found = await _reviewer(request)
    if isinstance(found, Response):
        return found
    principal, _, _ = found
    try:
        form = await read_form(request)
        participants = form.get("participants", "").replace("\n", ",").split(",")
        session = await calibration.start_session(
            get_db(request),
            form.get("unit", ""),
            form.get("name", ""),
            participants,
            principal=principal,
        )
    except TalentGraphError as exc:
        return _error(request, exc, principal)
    return RedirectResponse(session_url(session.id), status_code=303)


@router.get("/sessions/{session_id}")
async def session_page(request: Request, session_id: str) -> Response:
    found = await _reviewer(request)
    if isinstance(found, Response):
        return found
    principal, scope, tree = found
    try:
        board = await calibration.session_board(
            get_db(request), get_settings(request), session_id, scope, tree, principal=principal
        )
    except TalentGraphError as exc:
        return _error(request, exc, principal)
    headers = dict(SECURITY_HEADERS)
    response = _html(
        "session.html",
        board=board,
        page=board.review,
        who=principal,
        auth_enabled=get_settings(request).auth_enabled,
        now=datetime.now(UTC),
    )
    response.headers.update(headers)
    return response


@router.post("/sessions/{session_id}/join")
async def join(request: Request, session_id: str) -> Response:
    found = await _reviewer(request)
    if isinstance(found, Response):
        return found
    principal, _, _ = found
    try:
        await calibration.join_session(get_db(request), session_id, principal=principal)
    except TalentGraphError as exc:
        return _error(request, exc, principal)
    return RedirectResponse(session_url(session_id), status_code=303)


@router.post("/sessions/{session_id}/close")
async def close(request: Request, session_id: str) -> Response:
    found = await _reviewer(request)
    if isinstance(found, Response):
        return found
    principal, _, _ = found
    try:
        form = await read_form(request)
        await calibration.close_session(
            get_db(request), session_id, form.get("note") or None, principal=principal
        )
    except TalentGraphError as exc:
        return _error(request, exc, principal)
    return RedirectResponse(session_url(session_id, "/summary"), status_code=303)


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
    principal, _, _ = found
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


def _event(change: CalibrationChange) -> str:
    data = json.dumps(change.model_dump(mode="json", by_alias=True))
    return f"id: {change.seq}\nevent: change\ndata: {data}\n\n"


@router.get("/sessions/{session_id}/events")
async def events(request: Request, session_id: str) -> Response:
    found = await _reviewer(request)
    if isinstance(found, Response):
        return found
    principal, _, _ = found
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
            for c in changes:
                seen = c.seq
                yield _event(c)
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
    found = await _reviewer(request)
    if isinstance(found, Response):
        return found
    principal, _, _ = found
    try:
        summary = await calibration.session_summary(
            get_db(request), session_id, principal=principal
        )
    except TalentGraphError as exc:
        return _error(request, exc, principal)
    return _html(
        "summary.html",
        summary=summary,
        who=principal,
        auth_enabled=get_settings(request).auth_enabled,
    )


@router.get("/sessions/{session_id}/summary.csv")
async def summary_csv(request: Request, session_id: str) -> Response:
    found = await _reviewer(request)
    if isinstance(found, Response):
        return found
    principal, _, _ = found
    try:
        summary = await calibration.session_summary(
            get_db(request), session_id, principal=principal
        )
    except TalentGraphError as exc:
        return _error(request, exc, principal)
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
