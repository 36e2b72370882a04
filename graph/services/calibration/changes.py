"""The edits of a calibration session, each one transaction that locks the session (changes are
numbered one after another) and, for readiness and ratings, the person (as every readiness write
does), then checks the version the editor saw:

- readiness of a (person, role) pair: its version is the number of entries in the pair's
  readiness history (append-only, so it only grows); the write itself is the readiness service's
  (`assess_in` / `withdraw_in`: the same rule, history and audit as `assessReadiness`);
- ratings (the 9-box) of a person: its version is the number of entries in their rating history.

A stale version is a CONFLICT carrying the current value and version, never a silent overwrite.
Each change is audited and may carry a note; its author may undo their last change (an UNDO
change that writes the inverse, again versioned).

Over 400 lines on purpose: the edits share one locking, versioning and recording path
(`_record`), and each edit is short; split by edit, the path would have to be reached from outside.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.auth import Principal
from graph.calibration import (
    CalibrationChange,
    CalibrationSession,
    ChangeKind,
    rating_of,
    rating_text,
    readiness_of,
)
from graph.db import Database, Tx, keeps_scores
from graph.errors import BadUserInput, Conflict, NotFound
from graph.models import Rating, Readiness
from graph.repositories import calibration
from graph.repositories import readiness as readiness_reads
from graph.services import access, audit, readiness
from graph.services.calibration import live
from graph.services.calibration.sessions import MAX_CHANGES, clean_note, enter

CHANGE = "calibrationChange"
MAX_ACTION = 500
MAX_OWNER = 200


def _target(session_id: str) -> str:
    return f"calibrationSession:{session_id}"


async def _record(
    tx: Tx, principal: Principal, session: CalibrationSession, change: dict[str, Any]
) -> CalibrationChange:
    found = await calibration.record_change(tx, session.id, principal.subject, change)
    await audit.record(
        tx,
        principal,
        CHANGE,
        _target(session.id),
        {
            "seq": found.seq,
            "kind": found.kind.value,
            "employee": found.employee_id,
            "role": found.role_id,
            "before": found.before,
            "after": found.after,
        },
    )
    return found


async def _locked_person(tx: Tx, employee_id: str) -> bool:
    active = await readiness_reads.lock_employee(tx, employee_id)
    if active is None:
        raise NotFound(f"no employee with id {employee_id!r}", field="employeeId")
    return active


async def _role_in_session(tx: Tx, session: CalibrationSession, role_id: str) -> None:
    role_in, _ = await calibration.in_unit(tx, session.org_unit_id, role_id, None)
    if not role_in:
        raise BadUserInput(
            f"role {role_id!r} is not in {session.org_unit_name} or a unit below it",
            field="roleId",
        )


async def _person_in_session(tx: Tx, session: CalibrationSession, employee_id: str) -> None:
    _, person_in = await calibration.in_unit(tx, session.org_unit_id, None, employee_id)
    if not person_in:
        raise BadUserInput(
            f"employee {employee_id!r} holds no role in {session.org_unit_name} or below it",
            field="employeeId",
        )


def _stale(what: str, current: str | None, version: int, expected: int | None) -> Conflict:
    seen = "not nominated" if expected is None else f"version {expected}"
    return Conflict(
        f"{what} changed since you loaded it ({seen}, now version {version}): it is now "
        f"{current or 'not set'}; look again and redo your change if it still holds",
        current=current,
        version=version,
    )


async def _write_readiness(
    tx: Tx,
    principal: Principal,
    session: CalibrationSession,
    employee_id: str,
    role_id: str,
    level: Readiness | None,
    expected: int | None,
    note: str | None,
    undoes: CalibrationChange | None = None,
) -> CalibrationChange:
    what = f"changing the readiness of employee {employee_id!r} for {role_id!r}"
    await access.check_assess(tx, principal, employee_id, role_id, what)
    await _role_in_session(tx, session, role_id)
    await _locked_person(tx, employee_id)
    version, current = await calibration.pair_version(tx, employee_id, role_id)
    if (expected is None and current is not None) or (expected is not None and version != expected):
        raise _stale(f"the readiness of {employee_id} for {role_id}", current, version, expected)
    if level is None:
        if current is None:
            raise BadUserInput(
                f"employee {employee_id!r} is not nominated for {role_id!r}", field="roleId"
            )
        await readiness.withdraw_in(tx, principal, employee_id, role_id)
        kind = ChangeKind.WITHDRAW
    else:
        await readiness.assess_in(tx, principal, employee_id, role_id, level, note)
        kind = ChangeKind.NOMINATE if current is None else ChangeKind.READINESS
    return await _record(
        tx,
        principal,
        session,
        {
            "kind": (ChangeKind.UNDO if undoes else kind).value,
            "employeeId": employee_id,
            "roleId": role_id,
            "before": current,
            "after": level.value if level else None,
            "version": version + 1,
            "note": note,
            "undoes": undoes.id if undoes else None,
        },
    )


async def _write_rating(
    tx: Tx,
    principal: Principal,
    session: CalibrationSession,
    employee_id: str,
    cell: tuple[Rating, Rating] | None,
    expected: int,
    note: str | None,
    undoes: CalibrationChange | None = None,
) -> CalibrationChange:
    await access.check_rate(
        tx, principal, employee_id, f"changing the ratings of employee {employee_id!r}"
    )
    active = await _locked_person(tx, employee_id)
    if not active:
        raise BadUserInput(f"employee {employee_id!r} is not active", field="employeeId")
    await _person_in_session(tx, session, employee_id)
    state = await calibration.rating_state(tx, employee_id)
    current = rating_text(state["performance"], state["potential"])
    version = int(state["version"])
    if version != expected:
        raise _stale(f"the 9-box cell of {employee_id}", current, version, expected)
    performance, potential = cell if cell else (None, None)
    await calibration.record_rating(
        tx, employee_id, performance, potential, principal.subject, note
    )
    await audit.record(
        tx,
        principal,
        "rateEmployee",
        f"employee:{employee_id}",
        {"before": current, "after": rating_text(performance, potential)},
    )
    return await _record(
        tx,
        principal,
        session,
        {
            "kind": (ChangeKind.UNDO if undoes else ChangeKind.RATE).value,
            "employeeId": employee_id,
            "before": current,
            "after": rating_text(performance, potential),
            "version": version + 1,
            "note": note,
            "undoes": undoes.id if undoes else None,
        },
    )


async def _run(
    db: Database, principal: Principal, session_id: str, work: Any, *args: Any
) -> CalibrationChange:
    """Run one change; audit a refusal or failure; wake the session's pages."""
    try:
        access.require(principal, access.REVIEW, "changing a calibration session")
        found: CalibrationChange = await db.write(work, principal, session_id, *args)
    except Exception as exc:
        await audit.failed(db, principal, CHANGE, _target(session_id), exc)
        raise
    live.notify(session_id)
    return found


@keeps_scores
async def _readiness(
    tx: Tx,
    principal: Principal,
    session_id: str,
    employee_id: str,
    role_id: str,
    level: Readiness | None,
    expected: int | None,
    note: str | None,
) -> CalibrationChange:
    session = await enter(tx, principal, session_id)
    return await _write_readiness(
        tx, principal, session, employee_id, role_id, level, expected, note
    )


async def set_readiness(
    db: Database,
    session_id: str,
    employee_id: str,
    role_id: str,
    level: Readiness,
    version: int | None,
    note: str | None = None,
    *,
    principal: Principal,
) -> CalibrationChange:
    """Nominate a person for a role or change their readiness; `version` is the pair's version
    the editor saw (0: never assessed; None: "not nominated now", for a nomination of someone
    the editor had no version of). CONFLICT when it moved on."""
    return await _run(
        db,
        principal,
        session_id,
        _readiness,
        employee_id,
        role_id,
        level,
        version,
        clean_note(note),
    )


async def withdraw(
    db: Database,
    session_id: str,
    employee_id: str,
    role_id: str,
    version: int,
    note: str | None = None,
    *,
    principal: Principal,
) -> CalibrationChange:
    """Withdraw a nomination (written to the readiness history as a withdrawal)."""
    return await _run(
        db, principal, session_id, _readiness, employee_id, role_id, None, version, clean_note(note)
    )


@keeps_scores
async def _rate(
    tx: Tx,
    principal: Principal,
    session_id: str,
    employee_id: str,
    cell: tuple[Rating, Rating],
    expected: int,
    note: str | None,
) -> CalibrationChange:
    session = await enter(tx, principal, session_id)
    return await _write_rating(tx, principal, session, employee_id, cell, expected, note)


async def rate(
    db: Database,
    session_id: str,
    employee_id: str,
    performance: Rating,
    potential: Rating,
    version: int,
    note: str | None = None,
    *,
    principal: Principal,
) -> CalibrationChange:
    """Move a person to another 9-box cell; `version`: their rating version the editor saw."""
    return await _run(
        db,
        principal,
        session_id,
        _rate,
        employee_id,
        (performance, potential),
        version,
        clean_note(note),
    )


@keeps_scores
async def _discussed(
    tx: Tx, principal: Principal, session_id: str, role_id: str, note: str | None
) -> CalibrationChange:
    session = await enter(tx, principal, session_id)
    await access.check_role(tx, principal, role_id, f"role {role_id!r}")
    await _role_in_session(tx, session, role_id)
    return await _record(
        tx,
        principal,
        session,
        {
            "kind": ChangeKind.DISCUSSED.value,
            "roleId": role_id,
            "before": "no",
            "after": "yes",
            "note": note,
        },
    )


async def mark_discussed(
    db: Database, session_id: str, role_id: str, note: str | None = None, *, principal: Principal
) -> CalibrationChange:
    """Mark a role of the session's unit as discussed."""
    return await _run(db, principal, session_id, _discussed, role_id, clean_note(note))


@keeps_scores
async def _action(
    tx: Tx,
    principal: Principal,
    session_id: str,
    what: str,
    owner: str,
    due: date,
    role_id: str | None,
    employee_id: str | None,
    note: str | None,
) -> CalibrationChange:
    session = await enter(tx, principal, session_id)
    if role_id is not None:
        await access.check_role(tx, principal, role_id, f"role {role_id!r}")
        await _role_in_session(tx, session, role_id)
    if employee_id is not None:
        await access.check_person(tx, principal, employee_id, f"employee {employee_id!r}")
        await _person_in_session(tx, session, employee_id)
    return await _record(
        tx,
        principal,
        session,
        {
            "kind": ChangeKind.ACTION.value,
            "roleId": role_id,
            "employeeId": employee_id,
            "after": what,
            "note": note,
            "actionWhat": what,
            "actionOwner": owner,
            "actionDue": due,
        },
    )


async def add_action(
    db: Database,
    session_id: str,
    what: str,
    owner: str,
    due: date,
    role_id: str | None = None,
    employee_id: str | None = None,
    note: str | None = None,
    *,
    principal: Principal,
) -> CalibrationChange:
    """Record an action (what, owner, due date) against a role or a person of the session."""
    what, owner = what.strip(), owner.strip()
    if not what or len(what) > MAX_ACTION:
        raise BadUserInput(f"what must be 1 to {MAX_ACTION} characters", field="what")
    if not owner or len(owner) > MAX_OWNER:
        raise BadUserInput(f"owner must be 1 to {MAX_OWNER} characters", field="owner")
    if (role_id is None) == (employee_id is None):
        raise BadUserInput("an action is against a role or a person (one of them)", field="roleId")
    return await _run(
        db, principal, session_id, _action, what, owner, due, role_id, employee_id, clean_note(note)
    )


@keeps_scores
async def _undo(
    tx: Tx, principal: Principal, session_id: str, note: str | None
) -> CalibrationChange:
    session = await enter(tx, principal, session_id)
    found = await calibration.changes(tx, session_id, 0, MAX_CHANGES)
    mine = [
        c
        for c in found
        if c.by == principal.subject and c.kind is not ChangeKind.UNDO and c.undone_by is None
    ]
    if not mine:
        raise BadUserInput("you have no change in this session left to undo", field="sessionId")
    last = mine[-1]
    assert last.version is not None or last.kind in (ChangeKind.DISCUSSED, ChangeKind.ACTION)
    if last.kind in (ChangeKind.NOMINATE, ChangeKind.READINESS, ChangeKind.WITHDRAW):
        assert last.employee_id
        assert last.role_id
        assert last.version is not None
        undo = await _write_readiness(
            tx,
            principal,
            session,
            last.employee_id,
            last.role_id,
            readiness_of(last.before),
            last.version,
            note,
            undoes=last,
        )
    elif last.kind is ChangeKind.RATE:
        assert last.employee_id
        assert last.version is not None
        undo = await _write_rating(
            tx,
            principal,
            session,
            last.employee_id,
            rating_of(last.before),
            last.version,
            note,
            undoes=last,
        )
    else:
        undo = await _record(
            tx,
            principal,
            session,
            {
                "kind": ChangeKind.UNDO.value,
                "roleId": last.role_id,
                "employeeId": last.employee_id,
                "before": last.after,
                "after": "no" if last.kind is ChangeKind.DISCUSSED else None,
                "note": note,
                "undoes": last.id,
            },
        )
    await calibration.mark_undone(tx, session_id, last.id, undo.id)
    return undo


async def undo_last(
    db: Database, session_id: str, note: str | None = None, *, principal: Principal
) -> CalibrationChange:
    """Undo the caller's own last change in the session (not yet undone): the readiness or
    rating goes back to what it was, through the same versioned write, so that someone else's
    change since is a CONFLICT; a mark or action is taken back."""
    return await _run(db, principal, session_id, _undo, clean_note(note))
