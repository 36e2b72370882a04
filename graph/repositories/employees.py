"""Employees and what hangs off them, fetched in batches (one query per batch of ids)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.cypher import Tx, q
from graph.models import Employee, SkillLevel

GET_MANY = q("employees/get_many")
SKILLS_OF = q("employees/skills_of")
ROLES_OF = q("employees/roles_of")
MANAGERS_OF = q("employees/managers_of")
REPORTS_OF = q("employees/reports_of")
PROFILES = q("employees/profiles")
#: The largest page of `Employee.directReports` (every report is read; the API pages them).
MOST_REPORTS = 100


@dataclass(frozen=True)
class Profile:
    """A person with, when asked for, their skills and active direct reports (else None)."""

    employee: Employee
    skills: list[SkillLevel] | None
    reports: list[Employee] | None


async def profiles(
    tx: Tx, ids: Sequence[str], *, skills: bool, reports: bool
) -> dict[str, Profile]:
    """People by id as `get_many`, with the skills (as `skills_of`) and the reports (as
    `reports_of`: every one) asked for, in one query."""
    rows = await PROFILES.rows(tx, ids=list(ids), skills=skills, reports=reports)
    return {
        row["employee"]["id"]: Profile(
            employee=Employee.model_validate(row["employee"]),
            skills=None
            if row["skills"] is None
            else [SkillLevel.model_validate(s) for s in row["skills"]],
            reports=None
            if row["reports"] is None
            else [Employee.model_validate(e) for e in row["reports"]],
        )
        for row in rows
    }


async def get_many(tx: Tx, ids: Sequence[str]) -> dict[str, Employee]:
    rows = await GET_MANY.rows(tx, ids=list(ids))
    return {row["employee"]["id"]: Employee.model_validate(row["employee"]) for row in rows}


async def skills_of(tx: Tx, ids: Sequence[str]) -> dict[str, list[SkillLevel]]:
    rows = await SKILLS_OF.rows(tx, ids=list(ids))
    return {
        row["employee_id"]: [SkillLevel.model_validate(s) for s in row["skills"]] for row in rows
    }


async def roles_of(tx: Tx, ids: Sequence[str]) -> dict[str, list[str]]:
    return {row["employee_id"]: row["role_ids"] for row in await ROLES_OF.rows(tx, ids=list(ids))}


async def managers_of(tx: Tx, ids: Sequence[str]) -> dict[str, str]:
    return {
        row["employee_id"]: row["manager_id"] for row in await MANAGERS_OF.rows(tx, ids=list(ids))
    }


async def reports_of(tx: Tx, ids: Sequence[str]) -> dict[str, list[Employee]]:
    """Each manager's active direct reports, every one, by id."""
    return {
        row["employee_id"]: [Employee.model_validate(e) for e in row["reports"]]
        for row in await REPORTS_OF.rows(tx, ids=list(ids))
    }
