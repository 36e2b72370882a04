"""What candidate shortlists are built from, and where they are kept (on `Role` nodes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.cypher import Tx, q
from graph.db import keeps_scores

ACTIVE_EMPLOYEES = q("shortlists/active_employees")
EMPLOYEE_SKILLS = q("shortlists/employee_skills")
ROLE_REQUIREMENTS = q("shortlists/role_requirements")
STALE = q("shortlists/stale")
STORE = q("shortlists/store")


async def active_employees(tx: Tx) -> list[str]:
    row = await ACTIVE_EMPLOYEES.row(tx)
    return row["ids"] if row else []


async def employee_skills(tx: Tx, skill_ids: Sequence[str] | None) -> list[list[Any]]:
    """(skill id, employee ids, levels) per skill, active employees only; every skill if None."""
    return await EMPLOYEE_SKILLS.values(
        tx, skill_ids=None if skill_ids is None else list(skill_ids)
    )


async def role_requirements(tx: Tx, role_ids: Sequence[str] | None) -> list[dict[str, Any]]:
    """{id, requirements: [[skill id, level, weight]], incumbents: [active ids]}; every role if None."""
    return await ROLE_REQUIREMENTS.rows(tx, role_ids=None if role_ids is None else list(role_ids))


async def stale(tx: Tx, version: str) -> bool:
    """Whether any role's shortlist was built at another version than `version` (or never)."""
    row = await STALE.row(tx, version=version)
    return bool(row and row["stale"])


@keeps_scores
async def store(tx: Tx, rows: list[dict[str, Any]], version: str) -> None:
    """Shortlists are derived from the graph, so storing them changes no input of a figure."""
    await STORE.execute(tx, rows=rows, version=version)
