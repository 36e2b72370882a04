"""The statements an import writes with (graph/importing/writer.py batches the rows) and the
reads its checks make (graph/importing/cross_checks.py, role_tasks.py)."""

from __future__ import annotations

from typing import Any

from graph.cypher import Query, Tx, q
from graph.db import keeps_scores

Params = dict[str, Any]

#: By the file whose rows they write (`Row.FILE`).
UPSERTS: dict[str, tuple[Query, ...]] = {
    "org_units.csv": (q("import/upsert_org_units"),),
    "skills.csv": (q("import/upsert_skills"),),
    # A role whose occupationCode names a loaded O*NET occupation is linked to it (MAPS_TO) at once.
    "roles.csv": (q("import/upsert_roles"), q("occupations/link_role_rows")),
    "employees.csv": (q("import/upsert_employees"),),
    "role_requirements.csv": (q("import/upsert_requirements"),),
    "employee_skills.csv": (q("import/upsert_employee_skills"),),
    "reporting_lines.csv": (q("import/upsert_reporting_lines"),),
    "readiness_assessments.csv": (q("import/upsert_assessments"),),
    "employment_events.csv": (q("import/upsert_employment_events"),),
    "requisitions.csv": (q("import/upsert_requisitions"),),
}
#: Node files whose new nodes are CREATEd (after a check in the same transaction) rather than
#: MERGEd: a new node has no edges to replace, and the replace step's plan, when made on a graph
#: without nodes of that label yet, scans every node at the other end for every row.
CREATES: dict[str, tuple[str, Query]] = {
    "roles.csv": ("Role", q("import/create_roles")),
    "employees.csv": ("Employee", q("import/create_employees")),
    "employment_events.csv": ("EmploymentEvent", q("import/create_employment_events")),
    "requisitions.csv": ("Requisition", q("import/create_requisitions")),
}
#: Proficiencies of employees this import created: they cannot have the edge yet, so no MERGE.
CREATE_EMPLOYEE_SKILLS = q("import/create_employee_skills")
CREATE_REPORTING_LINES = q("import/create_reporting_lines")
#: Run once a whole file is in, because they link rows of that file to each other.
LINK_ORG_UNIT_PARENTS = q("import/link_org_unit_parents")
SET_CURRENT_READINESS = q("import/set_current_readiness")

EXISTING_IDS: dict[str, Query] = {
    "OrgUnit": q("import/existing_org_unit_ids"),
    "Role": q("import/existing_role_ids"),
    "Skill": q("import/existing_skill_ids"),
    "Employee": q("import/existing_employee_ids"),
    "EmploymentEvent": q("import/existing_employment_event_ids"),
    "Requisition": q("import/existing_requisition_ids"),
}
MANAGER_CHAINS = q("import/manager_chains")
UNIT_CHAINS = q("import/unit_chains")
ROLES_OF = q("employees/roles_of")
EMPLOYMENT_HISTORY = q("import/employment_history")
EMPLOYEE_STATES = q("import/employee_states")
EXISTING_TASK_IDS = q("tasks/existing_ids")
UPSERT_ROLE_TASKS = q("tasks/upsert_role_tasks")


async def run(tx: Tx, query: Query, rows: list[Params]) -> None:
    await query.execute(tx, rows=rows)


@keeps_scores
async def run_keeping_scores(tx: Tx, query: Query, rows: list[Params]) -> None:
    """Readiness history and current readiness: no derived figure is built from them
    (graph/version.py), so these writes leave the graph version as it is."""
    await query.execute(tx, rows=rows)


async def create_or_upsert(tx: Tx, file: str, rows: list[Params]) -> list[str]:
    """One batch of a node file: new ids CREATEd, existing ones upserted; returns the new ids."""
    label, create = CREATES[file]
    ids = [r["id"] for r in rows]
    found = {r["id"] for r in await EXISTING_IDS[label].rows(tx, ids=ids)}
    new = [r for r in rows if r["id"] not in found]
    if new:
        await create.execute(tx, rows=new)
    if len(new) < len(rows):
        await UPSERTS[file][0].execute(tx, rows=[r for r in rows if r["id"] in found])
    for query in UPSERTS[file][1:]:
        await query.execute(tx, rows=rows)
    return [r["id"] for r in new]


async def upsert_employee_skills(tx: Tx, created: list[Params], others: list[Params]) -> None:
    if created:
        await CREATE_EMPLOYEE_SKILLS.execute(tx, rows=created)
    if others:
        await UPSERTS["employee_skills.csv"][0].execute(tx, rows=others)


async def create_reporting_lines(tx: Tx, created: list[Params], others: list[Params]) -> None:
    if created:
        await CREATE_REPORTING_LINES.execute(tx, rows=created)
    if others:
        await UPSERTS["reporting_lines.csv"][0].execute(tx, rows=others)


async def existing(tx: Tx, query: Query, ids: list[str]) -> set[str]:
    return {row["id"] for row in await query.rows(tx, ids=ids)}


async def manager_chains(tx: Tx, ids: list[str]) -> list[Params]:
    """{employee_id, manager_id} for `ids` and every manager above them in the graph."""
    return await MANAGER_CHAINS.rows(tx, ids=ids)


async def unit_chains(tx: Tx, ids: list[str]) -> list[Params]:
    """{unit_id, parent_id} for `ids` and every unit above them in the graph."""
    return await UNIT_CHAINS.rows(tx, ids=ids)


async def roles_of(tx: Tx, ids: list[str]) -> dict[str, list[str]]:
    """The ids of the roles each of `ids` holds in the graph."""
    return {row["employee_id"]: row["role_ids"] for row in await ROLES_OF.rows(tx, ids=ids)}


async def existing_tasks(tx: Tx, ids: list[str]) -> set[str]:
    return {row["id"] for row in await EXISTING_TASK_IDS.rows(tx, ids=ids)}


async def upsert_role_tasks(tx: Tx, rows: list[Params]) -> None:
    await UPSERT_ROLE_TASKS.execute(tx, rows=rows)


async def employment_history(tx: Tx, employee_ids: list[str], ids: list[str]) -> list[Params]:
    """The recorded events of `employee_ids`, and those with the given ids, as row-like maps."""
    return await EMPLOYMENT_HISTORY.rows(tx, employee_ids=employee_ids, ids=ids)


async def employee_states(tx: Tx, ids: list[str]) -> list[Params]:
    """{employee_id, active, role_ids} of each of `ids` in the graph."""
    return await EMPLOYEE_STATES.rows(tx, ids=ids)
