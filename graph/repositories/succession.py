"""Succession queries: candidates, slates, benches, vacancy chains, talent maps and 9-boxes.

Every figure is computed in Cypher exactly as DESIGN §4 defines it; these functions only bind
parameters and validate the rows into models.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.cypher import Tx, q
from graph.fit_index import SHORTLIST_MARGIN, SHORTLIST_SIZE
from graph.models import (
    BenchItem,
    Candidate,
    Employee,
    EmployeeRef,
    NineBoxCell,
    Readiness,
    Role,
    Successor,
    TalentMapEntry,
)

LIST_CANDIDATES = q("succession/list_candidates")
LIST_SHORTLISTED_CANDIDATES = q("succession/list_shortlisted_candidates")
SLATE = q("succession/slate")
BENCH = q("succession/bench")
CHAIN_STEP = q("succession/chain_step")
TALENT_MAP = q("succession/talent_map")
MENTORS = q("succession/mentors")
MENTORS_NEARBY = q("succession/mentors_nearby")
NINE_BOX = q("succession/nine_box")
ORG_UNIT_EXISTS = q("succession/org_unit_exists")
EMPLOYEE_ACTIVE = q("succession/employee_active")


async def list_candidates(
    tx: Tx, role_id: str, first: int, min_fit: float
) -> list[Candidate] | None:
    """Candidates best first; None when the role does not exist.

    Scores only the role's shortlist when it is fresh (graph/fit_index.py; same rows, far fewer
    people to score), everyone otherwise.
    """
    shortlisted = first + SHORTLIST_MARGIN <= SHORTLIST_SIZE
    found = await LIST_SHORTLISTED_CANDIDATES.single(
        tx,
        role_id=role_id,
        first=first,
        min_fit=min_fit,
        scan=first + SHORTLIST_MARGIN if shortlisted else 0,
    )
    if found is None:
        return None
    if found["fresh"] and shortlisted:
        rows = found["candidates"]
    else:
        rows = await LIST_CANDIDATES.fetch(tx, role_id=role_id, first=first, min_fit=min_fit)
    return [Candidate.model_validate(row) for row in rows]


async def org_unit_exists(tx: Tx, org_unit_id: str) -> bool:
    row = await ORG_UNIT_EXISTS.single(tx, org_unit_id=org_unit_id)
    return bool(row and row["exists"])


async def employee_active(tx: Tx, employee_id: str) -> bool | None:
    """True or False for an existing employee, None when there is none with that id."""
    row = await EMPLOYEE_ACTIVE.single(tx, employee_id=employee_id)
    return None if row is None else bool(row["active"])


async def slate(tx: Tx, role_id: str) -> list[Successor] | None:
    """The role's slate; None when the role does not exist."""
    found = await SLATE.single(tx, role_id=role_id)
    if found is None or not found["exists"]:
        return None
    return [Successor.model_validate(row) for row in found["slate"]]


async def bench(
    tx: Tx,
    org_unit_ids: Sequence[str] | None,
    critical_only: bool,
    weights: dict[Readiness, float],
    first: int,
    after: tuple[float, str] | None,
) -> list[BenchItem]:
    """Bench items by keyPersonRisk desc, then role id, after the (risk, role id) key `after`;
    roles in the units `org_unit_ids` and below them (every role when None)."""
    rows = await BENCH.fetch(
        tx,
        org_unit_ids=None if org_unit_ids is None else list(org_unit_ids),
        critical_only=critical_only,
        weight_ready_now=weights[Readiness.READY_NOW],
        weight_ready_1_2_years=weights[Readiness.READY_1_2_YEARS],
        weight_ready_3_5_years=weights[Readiness.READY_3_5_YEARS],
        first=first,
        after_risk=after[0] if after else None,
        after_role_id=after[1] if after else None,
    )
    return [BenchItem.model_validate(item) for item in rows[0]["items"]]


async def chain_step(
    tx: Tx, role_id: str, exclude_ids: Sequence[str], exclude_role_ids: Sequence[str]
) -> dict[str, Any] | None:
    """{employee, readiness, fit, vacates} of the best acceptable successor, or None: the
    employee and the role they vacate (None if they hold none) as models."""
    found = await CHAIN_STEP.single(
        tx,
        role_id=role_id,
        exclude_ids=list(exclude_ids),
        exclude_role_ids=list(exclude_role_ids),
    )
    if found is None:
        return None
    vacates = found["vacates"]
    return found | {
        "employee": Employee.model_validate(found["employee"]),
        "vacates": None if vacates is None else Role.model_validate(vacates),
    }


async def talent_map(
    tx: Tx, employee_id: str, first: int, after: tuple[float, str] | None
) -> list[TalentMapEntry]:
    """Talent-map entries (gaps without mentors) by fit desc, then role id, after `after`."""
    rows = await TALENT_MAP.fetch(
        tx,
        employee_id=employee_id,
        first=first,
        after_fit=after[0] if after else None,
        after_role_id=after[1] if after else None,
    )
    return [TalentMapEntry.model_validate(row["entry"]) for row in rows]


async def mentors(
    tx: Tx, employee_id: str, needs: Sequence[tuple[str, float]]
) -> dict[tuple[str, float], list[EmployeeRef]]:
    """Up to three mentors per (skill id, level) need, nearest in the reporting tree first.

    The neighbourhood (4 hops) is searched first; only needs with fewer than three mentors
    there are searched across the whole organisation, which costs a walk per skill holder.
    """
    found = _by_need(
        await MENTORS_NEARBY.fetch(tx, employee_id=employee_id, needs=_levels_by_skill(needs))
    )
    rest = [need for need in needs if len(found.get(need, [])) < 3]
    if rest:
        found |= _by_need(
            await MENTORS.fetch(tx, employee_id=employee_id, needs=_levels_by_skill(rest))
        )
    return found


def _levels_by_skill(needs: Sequence[tuple[str, float]]) -> dict[str, list[float]]:
    levels: dict[str, list[float]] = {}
    for skill, level in needs:
        levels.setdefault(skill, []).append(level)
    return levels


def _by_need(rows: list[dict[str, Any]]) -> dict[tuple[str, float], list[EmployeeRef]]:
    return {
        (row["skill_id"], row["level"]): [EmployeeRef.model_validate(m) for m in row["mentors"]]
        for row in rows
    }


async def nine_box(tx: Tx, org_unit_ids: Sequence[str] | None) -> list[NineBoxCell]:
    """The occupied cells only, in no particular order; holders of roles in the units
    `org_unit_ids` and below them (of any role when None)."""
    rows = await NINE_BOX.fetch(
        tx, org_unit_ids=None if org_unit_ids is None else list(org_unit_ids)
    )
    return [NineBoxCell.model_validate(row) for row in rows]
