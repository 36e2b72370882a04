"""Readiness assessments: the current READY_FOR edge and the append-only history, written together.

Each write is one transaction that first write-locks the employee node, so concurrent writes for
the same person run one after another: the edge is MERGEd (never duplicated), the previous
readiness recorded in the history is the one really replaced, and timestamps follow commit order.
"""

from __future__ import annotations

from datetime import UTC, datetime

from graph.cypher import Tx
from graph.db import Database
from graph.errors import BadUserInput, NotFound
from graph.models import Assessment, Readiness
from graph.pagination import Page, check_first, decode_cursor, encode_cursor
from graph.repositories import readiness, succession

MAX_NOTE = 2000
MAX_CHANGES_PAGE = 200


async def _locked_pair(tx: Tx, employee_id: str, role_id: str) -> tuple[bool, Readiness | None]:
    """Lock the employee; (whether they hold the role, current readiness). Raises NotFound."""
    active = await readiness.lock_employee(tx, employee_id)
    if active is None:
        raise NotFound(f"no employee with id {employee_id!r}", field="employeeId")
    state = await readiness.pair_state(tx, employee_id, role_id)
    if not state["role_found"]:
        raise NotFound(f"no role with id {role_id!r}", field="roleId")
    if not active:
        raise BadUserInput(f"employee {employee_id!r} is not active", field="employeeId")
    current = state["current"]
    return bool(state["holds"]), Readiness(current) if current else None


async def _assess(
    tx: Tx,
    employee_id: str,
    role_id: str,
    level: Readiness,
    note: str | None,
    assessed_by: str,
) -> Assessment:
    holds, current = await _locked_pair(tx, employee_id, role_id)
    if holds:
        raise BadUserInput(
            f"employee {employee_id!r} holds role {role_id!r}; an incumbent is not assessed "
            "as a successor for their own role",
            field="roleId",
        )
    return await readiness.record_assessment(
        tx, employee_id, role_id, level, current, assessed_by, note
    )


async def assess_readiness(
    db: Database,
    employee_id: str,
    role_id: str,
    level: Readiness,
    note: str | None,
    assessed_by: str,
) -> Assessment:
    """Set the current readiness of a person for a role and append it to the history.

    An error raised inside the transaction rolls it back, so nothing is written on error.
    """
    if note is not None and len(note) > MAX_NOTE:
        raise BadUserInput(f"note must be at most {MAX_NOTE} characters", field="note")
    if note is not None and not note.strip():
        note = None
    return await db.write(_assess, employee_id, role_id, level, note, assessed_by)


async def _withdraw(tx: Tx, employee_id: str, role_id: str, assessed_by: str) -> Assessment:
    active = await readiness.lock_employee(tx, employee_id)
    if active is None:
        raise NotFound(f"no employee with id {employee_id!r}", field="employeeId")
    withdrawn = await readiness.record_withdrawal(tx, employee_id, role_id, assessed_by)
    if withdrawn is None:
        state = await readiness.pair_state(tx, employee_id, role_id)
        if not state["role_found"]:
            raise NotFound(f"no role with id {role_id!r}", field="roleId")
        raise NotFound(
            f"employee {employee_id!r} has no current nomination for role {role_id!r}",
            field="roleId",
        )
    return withdrawn


async def withdraw_nomination(
    db: Database, employee_id: str, role_id: str, assessed_by: str
) -> Assessment:
    """Delete the current READY_FOR of the pair, recording a WITHDRAWN entry in the history.

    Allowed for inactive employees and incumbents too: withdrawing only ever cleans up.
    """
    return await db.write(_withdraw, employee_id, role_id, assessed_by)


async def _changes(
    tx: Tx,
    since: datetime,
    org_unit_id: str | None,
    first: int,
    after: tuple[int, int, str] | None,
) -> list[tuple[Assessment, tuple[int, int, str]]] | None:
    if org_unit_id is not None and not await succession.org_unit_exists(tx, org_unit_id):
        return None
    return await readiness.changes(tx, since, org_unit_id, first, after)


async def readiness_changes(
    db: Database,
    since: datetime,
    org_unit_id: str | None = None,
    first: int = 50,
    after: str | None = None,
) -> Page[Assessment]:
    """Every assessment and withdrawal at or after `since` (naive times are UTC), newest first."""
    check_first(first, MAX_CHANGES_PAGE)
    since = since.replace(tzinfo=UTC) if since.tzinfo is None else since.astimezone(UTC)
    key = decode_cursor(after, int, int, str) if after is not None else None
    if key is not None and not (abs(key[0]) < 10**11 and 0 <= key[1] < 10**9):
        raise BadUserInput("after is not a cursor this list returned", field="after")
    found = await db.read(
        _changes, since, org_unit_id, first + 1, (key[0], key[1], key[2]) if key else None
    )
    if found is None:
        raise NotFound(f"no org unit with id {org_unit_id!r}", field="orgUnitId")
    page = found[:first]
    return Page(
        items=[a for a, _ in page],
        cursors=[encode_cursor(*sort_key) for _, sort_key in page],
        has_next_page=len(found) > first,
    )
