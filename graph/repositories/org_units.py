"""Org units: the unit tree, and units by id with their place in it, people and roles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.cypher import Tx, q
from graph.models import Employee, Model, OrgUnit, Role

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


DETAILS = q("org_units/details")
PATHS = q("org_units/paths")
ROLES_OF = q("org_units/roles_of")


@dataclass(frozen=True)
class UnitDetail:
    """An org unit with what its page shows (org_units/details)."""

    unit: OrgUnit
    parent: OrgUnit | None
    children: list[OrgUnit]
    #: Active people holding a role in the unit or below it, each once.
    headcount: int
    #: The active incumbent of the unit's highest-grade role (ties: role id, person id).
    head: Employee | None


async def details(tx: Tx, ids: Sequence[str]) -> dict[str, UnitDetail]:
    rows = await DETAILS.rows(tx, ids=list(ids))
    return {
        row["org_unit"]["id"]: UnitDetail(
            unit=OrgUnit.model_validate(row["org_unit"]),
            parent=None if row["parent"] is None else OrgUnit.model_validate(row["parent"]),
            children=[OrgUnit.model_validate(c) for c in row["children"]],
            headcount=row["headcount"],
            head=None if row["head"] is None else Employee.model_validate(row["head"]),
        )
        for row in rows
    }


async def paths(tx: Tx, ids: Sequence[str]) -> dict[str, list[OrgUnit]]:
    """Each unit's path from the top of its tree down to it (the unit last)."""
    rows = await PATHS.rows(tx, ids=list(ids))
    return {row["org_unit_id"]: [OrgUnit.model_validate(u) for u in row["path"]] for row in rows}


async def roles_of(tx: Tx, ids: Sequence[str]) -> dict[str, list[Role]]:
    """The roles directly in each unit, every one, by lower-cased title then id."""
    rows = await ROLES_OF.rows(tx, ids=list(ids))
    return {row["org_unit_id"]: [Role.model_validate(r) for r in row["roles"]] for row in rows}
