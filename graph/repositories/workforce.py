"""What the workforce figures (DESIGN §4 "Workforce figures") and the vacancy forecast are computed
from: the organisation's roles, unit tree, employment histories, seats held throughout and filled
requisitions (read whole, once per graph version: graph/services/workforce.py), and the
nominated successors of the forecast's roles.

Each statement returns one record holding a list of rows (`collect([...])`): a result of many
small records costs the driver far more per record than the values themselves (at 100,000
employees, 174,192 events took 35 s as records and 2 s as one list, on the loaded machine).
"""

from __future__ import annotations

from typing import Any

from graph.cypher import Query, Tx, q

ROLES = q("workforce/roles")
UNITS = q("workforce/units")
HISTORIES = q("workforce/histories")
STEADY_SEATS = q("workforce/steady_seats")
REQUISITIONS = q("workforce/requisitions")
SUCCESSORS = q("workforce/successors")

Params = dict[str, Any]


async def _unpacked(query: Query, tx: Tx, keys: tuple[str, ...], **params: Any) -> list[Params]:
    """The statement's one record's list of rows, each as a dict of `keys` (unconverted: the
    statements return ids, numbers and epoch milliseconds only)."""
    records = await query.values(tx, **params)
    rows: list[list[Any]] = records[0][0] if records else []
    return [dict(zip(keys, row, strict=True)) for row in rows]


async def roles(tx: Tx) -> list[Params]:
    return await _unpacked(ROLES, tx, ("id", "title", "grade", "critical", "unit_id"))


async def units(tx: Tx) -> list[Params]:
    return await _unpacked(UNITS, tx, ("id", "parent_id"))


async def histories(tx: Tx) -> list[Params]:
    keys = ("employee_id", "hired_on", "kind", "at", "from_role_id", "to_role_id", "reason")
    return await _unpacked(HISTORIES, tx, keys)


async def steady_seats(tx: Tx) -> list[Params]:
    return await _unpacked(STEADY_SEATS, tx, ("employee_id", "hired_on", "role_id"))


async def requisitions(tx: Tx) -> list[Params]:
    return await _unpacked(REQUISITIONS, tx, ("role_id", "opened_at", "filled_at", "fill"))


async def successors(tx: Tx, role_ids: list[str]) -> list[Params]:
    keys = ("role_id", "employee_id", "readiness", "holds")
    return await _unpacked(SUCCESSORS, tx, keys, role_ids=role_ids)
