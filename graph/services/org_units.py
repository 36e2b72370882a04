"""The org unit tree: for pickers and for scoping a manager to their part of the organisation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from graph.db import Database
from graph.repositories import org_units


@dataclass(frozen=True)
class UnitNode:
    id: str
    name: str
    parent_id: str | None
    depth: int
    #: Roles in the unit and the units below it.
    roles: int


class UnitTree:
    """Units depth first (children by name, then id), so a list reads as an outline."""

    def __init__(self, rows: Iterable[org_units.OrgUnitRow]) -> None:
        rows = list(rows)
        known = {r.id for r in rows}
        children: dict[str | None, list[org_units.OrgUnitRow]] = {}
        for row in rows:
            parent = row.parent_id if row.parent_id in known else None
            children.setdefault(parent, []).append(row)
        for siblings in children.values():
            siblings.sort(key=lambda r: (r.name.casefold(), r.id))
        self.nodes: list[UnitNode] = []
        self._children: dict[str, list[str]] = {}
        seen: set[str] = set()

        def visit(row: org_units.OrgUnitRow, depth: int) -> None:
            if row.id in seen:
                return
            seen.add(row.id)
            self.nodes.append(UnitNode(row.id, row.name, row.parent_id, depth, 0))
            self._children[row.id] = []
            for kid in children.get(row.id, []):
                if kid.id not in seen:
                    self._children[row.id].append(kid.id)
                    visit(kid, depth + 1)

        for root in children.get(None, []):
            visit(root, 0)
        # A PART_OF cycle has no root: list its units at the top rather than lose them.
        for row in sorted(rows, key=lambda r: r.id):
            visit(row, 0)
        own = {r.id: r.roles for r in rows}
        totals: dict[str, int] = {}
        for node in reversed(self.nodes):  # children come after their parent
            totals[node.id] = own[node.id] + sum(totals[k] for k in self._children[node.id])
        self.nodes = [replace(n, roles=totals[n.id]) for n in self.nodes]
        self._by_id = {n.id: n for n in self.nodes}

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._by_id

    def get(self, unit_id: str) -> UnitNode | None:
        return self._by_id.get(unit_id)

    def below(self, roots: Iterable[str]) -> set[str]:
        """The given units and every unit under them (as the queries' `PART_OF*0..`)."""
        found: set[str] = set()
        stack = [r for r in roots if r in self._by_id]
        while stack:
            unit = stack.pop()
            if unit not in found:
                found.add(unit)
                stack.extend(self._children.get(unit, []))
        return found


async def unit_tree(db: Database) -> UnitTree:
    """The org units that have roles in or below them (the others have nothing to review)."""
    async with db.reading() as tx:
        return UnitTree(await org_units.with_roles(tx))
