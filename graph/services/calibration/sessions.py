"""Starting, joining, reading, listing and closing calibration sessions.

Who may: the rulebook's (graph/services/access.py): hr and admin start and close sessions and take
part in any; a manager joins a session of their part of the organisation (`check_join`) and then
edits only what their scope allows (`check_assess`, `check_rate`). Every start, join and close is
audited.
"""

from __future__ import annotations

from graph.auth import Principal
from graph.calibration import CalibrationChange, CalibrationSession
from graph.db import Database, Tx, keeps_scores
from graph.errors import BadUserInput, Forbidden, NotFound
from graph.pagination import Page, check_first, decode_after, microseconds
from graph.repositories import calibration
from graph.services import access, audit
from graph.services.calibration import live
from graph.services.calibration.visibility import visible_changes

START = "startCalibrationSession"
JOIN = "joinCalibrationSession"
CLOSE = "closeCalibrationSession"

MAX_NAME = 200
MAX_PARTICIPANTS = 50
MAX_SUBJECT = 200
MAX_NOTE = 2000
#: Changes one session may hold (a meeting's worth, with room to spare).
MAX_CHANGES = 10_000
MAX_SESSIONS_PAGE = 200


def _target(session_id: str) -> str:
    return f"calibrationSession:{session_id}"


def clean_note(note: str | None, field: str = "note") -> str | None:
    if note is not None and len(note) > MAX_NOTE:
        raise BadUserInput(f"{field} must be at most {MAX_NOTE} characters", field=field)
    return note.strip() or None if note is not None else None


@keeps_scores
async def _start(
    tx: Tx, principal: Principal, org_unit_id: str, name: str, participants: list[str]
) -> CalibrationSession:
    found = await calibration.create_session(tx, org_unit_id, name, participants, principal.subject)
    if found is None:
        raise NotFound(f"no org unit with id {org_unit_id!r}", field="orgUnitId")
    await audit.record(
        tx, principal, START, _target(found.id), {"orgUnit": org_unit_id, "name": name}
    )
    return found


async def start_session(
    db: Database,
    org_unit_id: str,
    name: str,
    participants: list[str] | None = None,
    *,
    principal: Principal,
) -> CalibrationSession:
    """A new OPEN session of the unit (hr or admin): its name and the subjects taking part (the
    starter among them)."""
    try:
        access.require(principal, access.CALIBRATE_ALL, "starting a calibration session")
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise BadUserInput(f"name must be 1 to {MAX_NAME} characters", field="name")
        wanted = [p.strip() for p in participants or [] if p.strip()]
        if len(wanted) > MAX_PARTICIPANTS or any(len(p) > MAX_SUBJECT for p in wanted):
            raise BadUserInput(
                f"at most {MAX_PARTICIPANTS} participants, each at most {MAX_SUBJECT} characters",
                field="participants",
            )
        people = list(dict.fromkeys([principal.subject, *wanted]))
        return await db.write(_start, principal, org_unit_id, name, people)
    except Exception as exc:
        await audit.failed(db, principal, START, f"orgUnit:{org_unit_id}", exc)
        raise


async def enter(tx: Tx, principal: Principal, session_id: str) -> CalibrationSession:
    """The session, locked, for a change by `principal`: it must be open and they must take part
    (hr and admin take part by making a change; a manager joins first)."""
    session = await calibration.lock_session(tx, session_id)
    if session is None:
        raise NotFound(f"no calibration session with id {session_id!r}", field="sessionId")
    await access.check_join(tx, principal, session.org_unit_id, "this calibration session")
    if not session.open:
        raise BadUserInput("this calibration session is closed", field="sessionId")
    if principal.subject not in session.participants:
        if not principal.has(*access.CALIBRATE_ALL):
            raise Forbidden("join the calibration session before changing anything in it")
        await calibration.join_session(tx, session_id, principal.subject)
    return session


@keeps_scores
async def _join(tx: Tx, principal: Principal, session_id: str) -> CalibrationSession:
    session = await calibration.lock_session(tx, session_id)
    if session is None:
        raise NotFound(f"no calibration session with id {session_id!r}", field="sessionId")
    await access.check_join(tx, principal, session.org_unit_id, "this calibration session")
    if not session.open:
        raise BadUserInput("this calibration session is closed", field="sessionId")
    participants = await calibration.join_session(tx, session_id, principal.subject)
    await audit.record(tx, principal, JOIN, _target(session_id))
    return session.model_copy(update={"participants": tuple(participants)})


async def join_session(
    db: Database, session_id: str, *, principal: Principal
) -> CalibrationSession:
    """Take part in an open session (a manager: one of their part of the organisation)."""
    try:
        access.require(principal, access.REVIEW, "joining a calibration session")
        found: CalibrationSession = await db.write(_join, principal, session_id)
    except Exception as exc:
        await audit.failed(db, principal, JOIN, _target(session_id), exc)
        raise
    live.notify(session_id)
    return found


async def read_session(tx: Tx, principal: Principal, session_id: str) -> CalibrationSession:
    access.require(principal, access.REVIEW, "calibration sessions")
    session = await calibration.get_session(tx, session_id)
    if session is None:
        # an id outside a manager's scope would be Forbidden; an unknown one cannot be scoped
        raise NotFound(f"no calibration session with id {session_id!r}", field="sessionId")
    await access.check_join(tx, principal, session.org_unit_id, "this calibration session")
    return session


async def get_session(db: Database, session_id: str, *, principal: Principal) -> CalibrationSession:
    """A session the caller may take part in."""
    async with db.reading() as tx:
        return await read_session(tx, principal, session_id)


async def session_changes(
    db: Database, session_id: str, after_seq: int = 0, *, principal: Principal
) -> tuple[CalibrationSession, list[CalibrationChange]]:
    """The session and its changes numbered above `after_seq`, in order; the ratings and notes
    of people whose ratings the caller may not see are withheld."""
    async with db.reading() as tx:
        session = await read_session(tx, principal, session_id)
        found = await calibration.changes(tx, session_id, after_seq, MAX_CHANGES)
        return session, await visible_changes(tx, principal, found)


#: How many sessions a list gives unless asked otherwise.
DEFAULT_SESSIONS = 50


#: The name of the list in its cursors (graph/pagination.py).
SESSIONS = "calibrationSessions"


def session_order(session: CalibrationSession) -> tuple[int, str]:
    """Newest first (startedAt desc), then id: the key a cursor of the list holds."""
    return -microseconds(session.started_at), session.id


async def list_sessions(
    db: Database,
    org_unit_id: str | None = None,
    first: int = DEFAULT_SESSIONS,
    after: str | None = None,
    *,
    principal: Principal,
) -> Page[CalibrationSession]:
    """Sessions newest first, then id: every one for hr and admin, those a manager may take part
    in. Every session of the scope is read (a few per unit and year), then sliced after the
    cursor."""
    access.require(principal, access.REVIEW, "calibration sessions")
    check_first(first, MAX_SESSIONS_PAGE)
    decode_after(after, SESSIONS, int, str)  # a bad cursor is refused before any read
    async with db.reading() as tx:
        found = await calibration.list_sessions(tx, None if org_unit_id is None else [org_unit_id])
        if not principal.has(*access.CALIBRATE_ALL):
            allowed: dict[str, bool] = {}
            kept = []
            for s in found:
                if s.org_unit_id not in allowed:
                    try:
                        await access.check_join(
                            tx, principal, s.org_unit_id, "calibration sessions"
                        )
                        allowed[s.org_unit_id] = True
                    except Forbidden:
                        allowed[s.org_unit_id] = False
                if allowed[s.org_unit_id]:
                    kept.append(s)
            found = kept
    return Page.of_sorted(found, session_order, SESSIONS, first, after, int, str)


@keeps_scores
async def _close(
    tx: Tx, principal: Principal, session_id: str, note: str | None
) -> CalibrationSession:
    session = await calibration.lock_session(tx, session_id)
    if session is None:
        raise NotFound(f"no calibration session with id {session_id!r}", field="sessionId")
    if not principal.has(*access.CALIBRATE_ALL):
        raise access.forbidden(principal, "closing a calibration session")
    if not session.open:
        raise BadUserInput("this calibration session is already closed", field="sessionId")
    critical = await calibration.critical_roles(tx, session.org_unit_id)
    found = await calibration.changes(tx, session_id, 0, MAX_CHANGES)
    discussed = {c.role_id for c in found if c.kind.value == "DISCUSSED" and not c.undone_by}
    missed = [r for r in critical if r not in discussed]
    closed = await calibration.close_session(tx, session_id, principal.subject, missed, note)
    assert closed is not None
    await audit.record(
        tx, principal, CLOSE, _target(session_id), {"changes": len(found), "notDiscussed": missed}
    )
    return closed


async def close_session(
    db: Database, session_id: str, note: str | None = None, *, principal: Principal
) -> CalibrationSession:
    """Close an open session (hr or admin): no change after this; the critical roles of its unit
    nobody marked as discussed are kept with it."""
    try:
        access.require(principal, access.CALIBRATE_ALL, "closing a calibration session")
        found: CalibrationSession = await db.write(
            _close, principal, session_id, clean_note(note, "closingNote")
        )
    except Exception as exc:
        await audit.failed(db, principal, CLOSE, _target(session_id), exc)
        raise
    live.notify(session_id)
    return found
