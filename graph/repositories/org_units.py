"""Org units as a whole: the unit tree."""

from __future__ import annotations

from graph.cypher import Tx, q
from graph.models import Model

WITH_ROLES = q("org_units/with_roles")


class OrgUnitRow(Model):
    id: str
    name: str
    parent_id: str | None = None
    #: Roles directly in the unit (not below it).
    roles: int = 0


async def with_roles(tx: Tx) -> list[OrgUnitRow]:
    """The units with at least one role in or below them."""
    return [OrgUnitRow.model_validate(row) for row in await WITH_ROLES.rows(tx)]
