"""What the workforce figures (DESIGN §4 "Workforce figures") are computed from: the roles of a
scope; the organisation's employment histories, seats held throughout and filled requisitions
(read whole, once per graph version: graph/services/workforce.py)."""

from __future__ import annotations

from typing import Any

from graph.cypher import Tx, q

ROLES = q("workforce/roles")
HISTORIES = q("workforce/histories")
STEADY_SEATS = q("workforce/steady_seats")
REQUISITIONS = q("workforce/requisitions")

Params = dict[str, Any]


async def roles(tx: Tx, org_unit_ids: list[str] | None) -> list[Params]:
    return await ROLES.rows(tx, org_unit_ids=org_unit_ids)


async def histories(tx: Tx) -> list[Params]:
    return await HISTORIES.rows(tx)


async def steady_seats(tx: Tx) -> list[Params]:
    return await STEADY_SEATS.rows(tx)


async def requisitions(tx: Tx) -> list[Params]:
    return await REQUISITIONS.rows(tx)


SUCCESSORS = q("workforce/successors")


async def successors(tx: Tx, role_ids: list[str]) -> list[Params]:
    return await SUCCESSORS.rows(tx, role_ids=role_ids)
