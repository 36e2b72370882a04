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
#: a large read as columns: name -> one value per row
Columns = dict[str, list[Any]]


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


async def _columns(query: Query, tx: Tx, keys: tuple[str, ...]) -> Columns:
    """The statement's one record's list of rows as columns: key -> one value per row (the
    large reads, turned into arrays by graph/scoring/workforce.py without a dict per row)."""
    records = await query.values(tx)
    rows: list[list[Any]] = records[0][0] if records else []
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in keys]
    return {key: list(column) for key, column in zip(keys, columns, strict=True)}


async def histories(tx: Tx) -> Columns:
    keys = ("employee_id", "hired_on", "kind", "at", "from_role_id", "to_role_id", "reason")
    return await _columns(HISTORIES, tx, keys)


async def steady_seats(tx: Tx) -> Columns:
    return await _columns(STEADY_SEATS, tx, ("employee_id", "hired_on", "role_id"))


async def requisitions(tx: Tx) -> Columns:
    return await _columns(REQUISITIONS, tx, ("role_id", "opened_at", "filled_at", "fill"))


async def successors(tx: Tx, role_ids: list[str]) -> list[Params]:
    keys = ("role_id", "employee_id", "readiness", "holds")
    return await _unpacked(SUCCESSORS, tx, keys, role_ids=role_ids)
