"""Automation exposure reads (DESIGN §4): what role exposure is worked out from, top tasks,
incumbents' skills, a person's profile for redeployment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph import version
from graph.cypher import Tx, q
from graph.exposure import OCCUPATION_PROPERTY, ExposureSource, TaskExposure
from graph.scoring.fit import held_units

OF_ROLES = q("exposure/of_roles")
TOP_TASKS = q("exposure/top_tasks")
INCUMBENT_SKILLS = q("exposure/incumbent_skills")
EMPLOYEE_PROFILE = q("exposure/employee_profile")


async def of_roles(tx: Tx, dataset: ExposureSource, ids: Sequence[str]) -> list[dict[str, Any]]:
    """{role_id, tasks, occupational} of each role that exists (graph/scoring/exposure.py)."""
    return await OF_ROLES.rows(tx, ids=list(ids), occupation_property=OCCUPATION_PROPERTY[dataset])


async def top_tasks(
    tx: Tx, roles: Sequence[tuple[str, ExposureSource]], first: int
) -> dict[str, list[TaskExposure]]:
    items = [{"id": role_id, "source": source.value} for role_id, source in roles]
    rows = await TOP_TASKS.rows(tx, roles=items, first=first)
    return {row["role_id"]: [TaskExposure.model_validate(t) for t in row["tasks"]] for row in rows}


async def incumbent_skills(tx: Tx, ids: Sequence[str]) -> dict[str, list[dict[str, int]]]:
    """For each role, the levels (units, by skill id) of each of its active incumbents."""
    # Tens of thousands of plain numbers: read the records' values as they come, skipping the
    # per-value conversion `Query.rows` does for temporal types (there are none here).
    return {
        role_id: [held_units(skills) for skills in people]
        for role_id, people in await INCUMBENT_SKILLS.values(tx, ids=list(ids))
    }


@dataclass(frozen=True)
class Profile:
    seen: version.Observation
    active: bool
    role_ids: list[str]
    held: dict[str, int]


async def employee_profile(tx: Tx, employee_id: str) -> Profile | None:
    """What a person's redeployment targets are worked out from; None for an unknown id."""
    row = await EMPLOYEE_PROFILE.row(tx, employee_id=employee_id)
    if row is None:
        return None
    return Profile(
        seen=version.Observation.of(row["ledger"], await version.ended_at(tx)),
        active=bool(row["active"]),
        role_ids=row["roleIds"],
        held=held_units(row["skills"]),
    )
