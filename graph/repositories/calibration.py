"""Calibration sessions, their numbered changes, and the rating history (graph/calibration.py)."""

from __future__ import annotations

from typing import Any

from graph.calibration import CalibrationChange, CalibrationSession, RatingAssessment
from graph.cypher import Tx, q
from graph.models import Rating

CREATE_SESSION = q("calibration/create_session")
GET_SESSION = q("calibration/get_session")
LOCK_SESSION = q("calibration/lock_session")
LIST_SESSIONS = q("calibration/list_sessions")
JOIN_SESSION = q("calibration/join_session")
RECORD_CHANGE = q("calibration/record_change")
CHANGES = q("calibration/changes")
MARK_UNDONE = q("calibration/mark_undone")
CLOSE_SESSION = q("calibration/close_session")
PAIR_VERSION = q("calibration/pair_version")
RATING_STATE = q("calibration/rating_state")
RECORD_RATING = q("calibration/record_rating")
IN_UNIT = q("calibration/in_unit")
CRITICAL_ROLES = q("calibration/critical_roles")
PAIR_VERSIONS = q("calibration/pair_versions")
RATING_VERSIONS = q("calibration/rating_versions")

CHANGE_KEYS = (
    "kind",
    "employeeId",
    "roleId",
    "before",
    "after",
    "version",
    "note",
    "actionWhat",
    "actionOwner",
    "actionDue",
    "undoes",
)


def _session(row: dict[str, Any] | None) -> CalibrationSession | None:
    return None if row is None else CalibrationSession.model_validate(row["session"])


async def create_session(
    tx: Tx, org_unit_id: str, name: str, participants: list[str], started_by: str
) -> CalibrationSession | None:
    row = await CREATE_SESSION.row(
        tx, org_unit_id=org_unit_id, name=name, participants=participants, started_by=started_by
    )
    return _session(row)


async def get_session(tx: Tx, session_id: str) -> CalibrationSession | None:
    return _session(await GET_SESSION.row(tx, session_id=session_id))


async def lock_session(tx: Tx, session_id: str) -> CalibrationSession | None:
    """The session, write-locked until the transaction ends (None: no such session)."""
    return _session(await LOCK_SESSION.row(tx, session_id=session_id))


async def list_sessions(tx: Tx, org_unit_ids: list[str] | None) -> list[CalibrationSession]:
    rows = await LIST_SESSIONS.rows(tx, org_unit_ids=org_unit_ids)
    return [CalibrationSession.model_validate(r["session"]) for r in rows]


async def join_session(tx: Tx, session_id: str, subject: str) -> list[str]:
    row = await JOIN_SESSION.row(tx, session_id=session_id, subject=subject)
    return list(row["participants"]) if row else []


async def record_change(
    tx: Tx, session_id: str, by: str, change: dict[str, Any]
) -> CalibrationChange:
    values = {k: change.get(k) for k in CHANGE_KEYS}
    row = await RECORD_CHANGE.row(tx, session_id=session_id, by=by, change=values)
    assert row is not None  # the session was matched under its lock
    return CalibrationChange.model_validate(row["change"])


async def changes(tx: Tx, session_id: str, after_seq: int, first: int) -> list[CalibrationChange]:
    rows = await CHANGES.rows(tx, session_id=session_id, after_seq=after_seq, first=first)
    return [CalibrationChange.model_validate(r["change"]) for r in rows]


async def mark_undone(tx: Tx, session_id: str, change_id: str, undone_by: str) -> bool:
    row = await MARK_UNDONE.row(tx, session_id=session_id, change_id=change_id, undone_by=undone_by)
    return row is not None


async def close_session(
    tx: Tx, session_id: str, closed_by: str, not_discussed: list[str], closing_note: str | None
) -> CalibrationSession | None:
    row = await CLOSE_SESSION.row(
        tx,
        session_id=session_id,
        closed_by=closed_by,
        not_discussed=not_discussed,
        closing_note=closing_note,
    )
    return _session(row)


async def pair_version(tx: Tx, employee_id: str, role_id: str) -> tuple[int, str | None]:
    """(history entries of the pair, its current readiness): read under the employee's lock."""
    row = await PAIR_VERSION.row(tx, employee_id=employee_id, role_id=role_id)
    assert row is not None  # OPTIONAL MATCH always yields a row
    return int(row["version"]), row["current"]


async def rating_state(tx: Tx, employee_id: str) -> dict[str, Any]:
    """{found, active, performance, potential, version}: read under the employee's lock."""
    row = await RATING_STATE.row(tx, employee_id=employee_id)
    assert row is not None
    return row


async def record_rating(
    tx: Tx,
    employee_id: str,
    performance: Rating | None,
    potential: Rating | None,
    assessed_by: str,
    note: str | None,
) -> RatingAssessment:
    row = await RECORD_RATING.row(
        tx,
        employee_id=employee_id,
        performance=performance.value if performance else None,
        potential=potential.value if potential else None,
        assessed_by=assessed_by,
        note=note,
    )
    assert row is not None  # the employee was matched under the lock
    return RatingAssessment.model_validate(row["rating"])


async def in_unit(
    tx: Tx, org_unit_id: str, role_id: str | None, employee_id: str | None
) -> tuple[bool, bool]:
    """(the role is in the unit's subtree, the person holds a role there)."""
    row = await IN_UNIT.row(tx, org_unit_id=org_unit_id, role_id=role_id, employee_id=employee_id)
    assert row is not None
    return bool(row["role_in_unit"]), bool(row["person_in_unit"])


async def critical_roles(tx: Tx, org_unit_id: str) -> list[str]:
    row = await CRITICAL_ROLES.row(tx, org_unit_id=org_unit_id)
    return list(row["ids"]) if row else []


async def pair_versions(tx: Tx, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The readiness version of each (employee, role) pair."""
    if not pairs:
        return {}
    rows = await PAIR_VERSIONS.rows(
        tx, pairs=[{"employeeId": e, "roleId": r} for e, r in dict.fromkeys(pairs)]
    )
    return {(row["employeeId"], row["roleId"]): int(row["version"]) for row in rows}


async def rating_versions(tx: Tx, ids: list[str]) -> dict[str, int]:
    """The rating version of each person."""
    if not ids:
        return {}
    rows = await RATING_VERSIONS.rows(tx, ids=list(dict.fromkeys(ids)))
    return {row["id"]: int(row["version"]) for row in rows}
