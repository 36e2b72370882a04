"""Readiness assessments: the current READY_FOR edge and the append-only history, written together.

Each write is one transaction that first write-locks the employee node, so concurrent writes for
the same person run one after another: the edge is MERGEd (never duplicated), the previous
readiness recorded in the history is the one really replaced, and timestamps follow commit order.
The caller's right to write (graph/services/access.py) is checked in the same transaction, and the
audit event is appended in it too; a refused or failed write is audited on its own. No derived
figure (shortlists, role index) is built from readiness, so these writes keep the graph version.
"""

from __future__ import annotations

from datetime import UTC, datetime

from graph.auth import Principal
from graph.db import Database, Tx, keeps_scores
from graph.errors import BadUserInput, NotFound
from graph.models import Assessment, Readiness
from graph.pagination import Page, check_first, decode_time_cursor
from graph.repositories import readiness, succession
from graph.services import access, audit

ASSESS = "assessReadiness"
WITHDRAW = "withdrawNomination"

MAX_NOTE = 2000
MAX_CHANGES_PAGE = 200
#: Changes a page holds when the caller does not say (the API's argument default too).
DEFAULT_CHANGES_PAGE = 50
#: The name of the list in its cursors (graph/pagination.py).
READINESS_CHANGES = "readinessChanges"


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


def _target(employee_id: str, role_id: str) -> str:
    return f"employee:{employee_id} role:{role_id}"


@keeps_scores
async def assess_in(
    tx: Tx,
    principal: Principal,
    employee_id: str,
    role_id: str,
    level: Readiness,
    note: str | None,
) -> Assessment:
    """The assessment inside the caller's transaction (also a calibration session's change)."""
    await access.check_assess(
        tx, principal, employee_id, role_id, f"assessing employee {employee_id!r} for {role_id!r}"
    )
    holds, current = await _locked_pair(tx, employee_id, role_id)
    if holds:
        raise BadUserInput(
            f"employee {employee_id!r} holds role {role_id!r}; an incumbent is not assessed "
            "as a successor for their own role",
            field="roleId",
        )
    found = await readiness.record_assessment(
        tx, employee_id, role_id, level, current, principal.subject, note
    )
    await audit.record(
        tx,
        principal,
        ASSESS,
        _target(employee_id, role_id),
        {"assessment": found.id, "readiness": level.value, "previous": found.previous_readiness},
    )
    return found


async def assess_readiness(
    db: Database,
    employee_id: str,
    role_id: str,
    level: Readiness,
    note: str | None,
    *,
    principal: Principal,
) -> Assessment:
    """Set the current readiness of a person for a role and append it to the history.

    Admin and hr may assess anyone, a manager the people in their reporting subtree; the
    caller's subject is recorded as `assessedBy`. An error raised inside the transaction rolls
    it back, so nothing is written on error (but the refusal or failure is audited).
    """
    try:
        access.require(principal, (*access.ASSESS_ALL, access.MANAGER), "assessing readiness")
        if note is not None and len(note) > MAX_NOTE:
            raise BadUserInput(f"note must be at most {MAX_NOTE} characters", field="note")
        if note is not None and not note.strip():
            note = None
        return await db.write(assess_in, principal, employee_id, role_id, level, note)
    except Exception as exc:
        await audit.failed(
            db, principal, ASSESS, _target(employee_id, role_id), exc, {"readiness": level.value}
        )
        raise


@keeps_scores
async def withdraw_in(tx: Tx, principal: Principal, employee_id: str, role_id: str) -> Assessment:
    """The withdrawal inside the caller's transaction (also a calibration session's change)."""
    await access.check_assess(
        tx,
        principal,
        employee_id,
        role_id,
        f"withdrawing the nomination of employee {employee_id!r} for {role_id!r}",
    )
    active = await readiness.lock_employee(tx, employee_id)
    if active is None:
        raise NotFound(f"no employee with id {employee_id!r}", field="employeeId")
    withdrawn = await readiness.record_withdrawal(tx, employee_id, role_id, principal.subject)
    if withdrawn is None:
        state = await readiness.pair_state(tx, employee_id, role_id)
        if not state["role_found"]:
            raise NotFound(f"no role with id {role_id!r}", field="roleId")
        raise NotFound(
            f"employee {employee_id!r} has no current nomination for role {role_id!r}",
            field="roleId",
        )
    await audit.record(
        tx,
        principal,
        WITHDRAW,
        _target(employee_id, role_id),
        {"assessment": withdrawn.id, "previous": withdrawn.previous_readiness},
    )
    return withdrawn


async def withdraw_nomination(
    db: Database, employee_id: str, role_id: str, *, principal: Principal
) -> Assessment:
    """Delete the current READY_FOR of the pair, recording a WITHDRAWN entry in the history.

    Allowed for inactive employees and incumbents too: withdrawing only ever cleans up. Who may:
    as for `assess_readiness`.
    """
    try:
        access.require(principal, (*access.ASSESS_ALL, access.MANAGER), "withdrawing a nomination")
        return await db.write(withdraw_in, principal, employee_id, role_id)
    except Exception as exc:
        await audit.failed(db, principal, WITHDRAW, _target(employee_id, role_id), exc)
        raise


async def readiness_changes(
    db: Database,
    since: datetime,
    org_unit_id: str | None = None,
    first: int = DEFAULT_CHANGES_PAGE,
    after: str | None = None,
    *,
    principal: Principal,
) -> Page[Assessment]:
    """Every assessment and withdrawal at or after `since` (naive times are UTC), newest first.

    For roles in the unit (a manager: in their org units). Notes are sensitive: an entry whose
    note the caller may not see comes with `note` None and `note_withheld` set.
    """
    check_first(first, MAX_CHANGES_PAGE)
    since = since.replace(tzinfo=UTC) if since.tzinfo is None else since.astimezone(UTC)
    after_key = decode_time_cursor(after, READINESS_CHANGES)
    async with db.reading() as tx:
        units = await access.unit_scope(tx, principal, org_unit_id, "the readiness history")
        if org_unit_id is not None and not await succession.org_unit_exists(tx, org_unit_id):
            raise NotFound(f"no org unit with id {org_unit_id!r}", field="orgUnitId")
        found = await readiness.changes(tx, since, units, first + 1, after_key)
        total = await readiness.changes_count(tx, since, units)
        visible = await access.sensitive_people(tx, principal, [a.employee_id for a, _ in found])
    return Page.of_keyed(
        [
            (
                a
                if a.employee_id in visible
                else a.model_copy(update={"note": None, "note_withheld": True}),
                key,
            )
            for a, key in found
        ],
        READINESS_CHANGES,
        first,
        total,
    )
