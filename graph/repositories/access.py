"""The scopes of managers, computed in the graph: reporting subtrees and org units of held roles."""

from __future__ import annotations

from collections.abc import Sequence

from graph.cypher import Tx, q

REPORTS_BELOW = q("access/reports_below")
ROLES_IN_UNITS = q("access/roles_in_units")
MANAGER_UNITS = q("access/manager_units")
UNITS_UNDER = q("access/units_under")
REPORTING_SUBTREE = q("access/reporting_subtree")


async def reports_below(tx: Tx, manager_id: str, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` of people who report to `manager_id`, directly or transitively."""
    if not ids:
        return set()
    rows = await REPORTS_BELOW.rows(tx, manager_id=manager_id, ids=sorted(set(ids)))
    return {row["id"] for row in rows}


async def manager_units(tx: Tx, employee_id: str) -> tuple[list[str], frozenset[str]]:
    """(the units of the roles `employee_id` holds, those and every unit below them)."""
    row = await MANAGER_UNITS.row(tx, employee_id=employee_id)
    return (sorted(row["held"]), frozenset(row["units"])) if row else ([], frozenset())


async def roles_in_units(tx: Tx, unit_ids: frozenset[str], ids: Sequence[str]) -> set[str]:
    """The ids among `ids` of roles in one of the units `unit_ids`."""
    if not ids or not unit_ids:
        return set()
    rows = await ROLES_IN_UNITS.rows(tx, unit_ids=sorted(unit_ids), ids=sorted(set(ids)))
    return {row["id"] for row in rows}


async def units_under(tx: Tx, root_id: str, unit_ids: Sequence[str]) -> set[str]:
    """The ids among `unit_ids` of units that are `root_id` or below it."""
    if not unit_ids:
        return set()
    rows = await UNITS_UNDER.rows(tx, root_id=root_id, unit_ids=sorted(set(unit_ids)))
    return {row["id"] for row in rows}


async def reporting_subtree(tx: Tx, manager_id: str) -> set[str]:
    """Everyone who reports to `manager_id`, directly or transitively (as `reports_below`)."""
    return {row["id"] for row in await REPORTING_SUBTREE.rows(tx, manager_id=manager_id)}
