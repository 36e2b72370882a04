"""The scopes of managers, computed in the graph: reporting subtrees and org units of held roles."""

from __future__ import annotations

from collections.abc import Sequence

from graph.cypher import Tx, q

REPORTS_BELOW = q("access/reports_below")
ROLES_IN_UNITS = q("access/roles_in_units")
UNITS_IN_UNITS = q("access/units_in_units")


async def reports_below(tx: Tx, manager_id: str, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` of people who report to `manager_id`, directly or transitively."""
    if not ids:
        return set()
    rows = await REPORTS_BELOW.fetch(tx, manager_id=manager_id, ids=sorted(set(ids)))
    return {row["id"] for row in rows}


async def roles_in_units(tx: Tx, employee_id: str, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` of roles in the units of the roles `employee_id` holds, or below."""
    if not ids:
        return set()
    rows = await ROLES_IN_UNITS.fetch(tx, employee_id=employee_id, ids=sorted(set(ids)))
    return {row["id"] for row in rows}


async def unit_in_units(tx: Tx, employee_id: str, org_unit_id: str) -> bool:
    """Whether `org_unit_id` is a unit of a role `employee_id` holds, or below one."""
    row = await UNITS_IN_UNITS.single(tx, employee_id=employee_id, org_unit_id=org_unit_id)
    return bool(row and row["inside"])
