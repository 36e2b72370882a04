"""Readiness writes (current READY_FOR edge + append-only history) and the history feed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from graph.cypher import Tx, q
from graph.models import Assessment, Readiness
from graph.pagination import TimeKey, time_key_params

LOCK_EMPLOYEE = q("readiness/lock_employee")
PAIR_STATE = q("readiness/pair_state")
RECORD_ASSESSMENT = q("readiness/record_assessment")
RECORD_WITHDRAWAL = q("readiness/record_withdrawal")
CHANGES = q("readiness/changes")
CHANGES_COUNT = q("readiness/changes_count")


async def lock_employee(tx: Tx, employee_id: str) -> bool | None:
    """Write-lock the employee until the transaction ends; their `active`, or None if unknown."""
    row = await LOCK_EMPLOYEE.row(tx, employee_id=employee_id)
    return None if row is None else bool(row["active"])


async def pair_state(tx: Tx, employee_id: str, role_id: str) -> dict[str, Any]:
    """{role_found, holds, current}: read after `lock_employee`, so it cannot change under us."""
    row = await PAIR_STATE.row(tx, employee_id=employee_id, role_id=role_id)
    assert row is not None  # OPTIONAL MATCH always yields a row
    return row


async def record_assessment(
    tx: Tx,
    employee_id: str,
    role_id: str,
    readiness: Readiness,
    previous: Readiness | None,
    assessed_by: str,
    note: str | None,
) -> Assessment:
    row = await RECORD_ASSESSMENT.row(
        tx,
        employee_id=employee_id,
        role_id=role_id,
        readiness=readiness.value,
        previous_readiness=previous.value if previous else None,
        assessed_by=assessed_by,
        note=note,
    )
    assert row is not None  # both nodes were matched under the lock
    return Assessment.model_validate(row["assessment"])


async def record_withdrawal(
    tx: Tx, employee_id: str, role_id: str, assessed_by: str
) -> Assessment | None:
    row = await RECORD_WITHDRAWAL.row(
        tx, employee_id=employee_id, role_id=role_id, assessed_by=assessed_by
    )
    return None if row is None else Assessment.model_validate(row["assessment"])


async def changes(
    tx: Tx,
    since: datetime,
    org_unit_ids: Sequence[str] | None,
    first: int,
    after: TimeKey | None,
) -> list[tuple[Assessment, TimeKey]]:
    """History entries newest first, each with its sort key (epoch seconds, nanosecond, id), for
    roles in the units `org_unit_ids` and below them (every role when None)."""
    rows = await CHANGES.rows(
        tx,
        since=since,
        org_unit_ids=None if org_unit_ids is None else list(org_unit_ids),
        first=first,
        **time_key_params(after),
    )
    return [
        (
            Assessment.model_validate(row["assessment"]),
            (row["seconds"], row["nanos"], row["assessment"]["id"]),
        )
        for row in rows
    ]


async def changes_count(tx: Tx, since: datetime, org_unit_ids: Sequence[str] | None) -> int:
    """How many entries `changes` lists for `since` and `org_unit_ids`, every page together."""
    row = await CHANGES_COUNT.row(
        tx, since=since, org_unit_ids=None if org_unit_ids is None else list(org_unit_ids)
    )
    return 0 if row is None else int(row["total"])
