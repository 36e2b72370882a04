"""Whose succession review a caller may open, and of what: the caller's part of the organisation,
as the rulebook (graph/services/access.py `REVIEW`, `review_units`) decides it, and where a
manager's view starts. The rules themselves live only in the rulebook."""

from __future__ import annotations

from dataclasses import dataclass

from graph.auth import Principal
from graph.db import Database
from graph.errors import Forbidden
from graph.services import access
from graph.services.org_units import UnitTree


@dataclass(frozen=True)
class ReviewScope:
    principal: Principal
    #: Units the caller may review; None for the whole organisation.
    units: frozenset[str] | None
    #: Where a manager's part starts (top-most first), for the default view.
    roots: tuple[str, ...] = ()

    @property
    def whole_organisation(self) -> bool:
        return self.units is None

    def allows(self, unit_id: str | None) -> bool:
        """Whether the caller may review `unit_id` (None: the whole organisation)."""
        if self.units is None:
            return True
        return unit_id is not None and unit_id in self.units

    def check(self, unit_id: str | None) -> None:
        """Forbidden outside the caller's part, whether or not the unit exists."""
        if not self.allows(unit_id):
            raise Forbidden(
                "this org unit is outside the part of the organisation you manage",
                field="unit",
            )


def may_review(principal: Principal) -> bool:
    return principal.has(*access.REVIEW)


async def scope_of(db: Database, principal: Principal, tree: UnitTree) -> ReviewScope:
    """The caller's scope; Forbidden for roles that may not review (employee, service)."""
    units = await access.review_units(db, principal)
    if units is None:
        return ReviewScope(principal, None)
    held = set(units.held)
    order = {node.id: i for i, node in enumerate(tree.nodes)}
    roots = [u for u in units.held if u in order and not _under_another(tree, u, held)]
    roots.sort(key=order.__getitem__)
    return ReviewScope(principal, units.all, tuple(roots))


def _under_another(tree: UnitTree, unit_id: str, held: set[str]) -> bool:
    node = tree.get(unit_id)
    seen = {unit_id}
    while node is not None and node.parent_id is not None and node.parent_id not in seen:
        if node.parent_id in held:
            return True
        seen.add(node.parent_id)
        node = tree.get(node.parent_id)
    return False
