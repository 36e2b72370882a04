"""Who may review what: hr and admin see the whole organisation, a manager their own part of it.

A manager's part starts at the org units of the roles they hold and takes in every unit below
(the same subtree the bench, 9-box and export queries walk). Everyone else is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.auth import AccessRole, Principal
from graph.db import Database
from graph.errors import Forbidden
from graph.services.org_units import UnitTree, units_held_by

REVIEWERS = (AccessRole.ADMIN, AccessRole.HR, AccessRole.MANAGER)


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
        if not self.allows(unit_id):
            raise Forbidden(
                "this org unit is outside the part of the organisation you manage",
                field="unit",
            )


def may_review(principal: Principal) -> bool:
    return principal.has(*REVIEWERS)


async def scope_of(db: Database, principal: Principal, tree: UnitTree) -> ReviewScope:
    """The caller's scope; Forbidden for roles that may not review (employee, service)."""
    if principal.has(AccessRole.ADMIN, AccessRole.HR):
        return ReviewScope(principal, None)
    if not principal.has(AccessRole.MANAGER):
        raise Forbidden("succession reviews are for the hr, admin and manager roles")
    if not principal.employee_id:
        raise Forbidden("a manager's token must name their employee_id")
    held = await units_held_by(db, principal.employee_id)
    units = tree.below(held)
    if not units:
        raise Forbidden("you hold no role in an org unit, so there is no part of it to review")
    order = {node.id: i for i, node in enumerate(tree.nodes)}
    roots = [u for u in held if u in order and not _under_another(tree, u, set(held))]
    roots.sort(key=order.__getitem__)
    return ReviewScope(principal, frozenset(units), tuple(roots))


def _under_another(tree: UnitTree, unit_id: str, held: set[str]) -> bool:
    node = tree.get(unit_id)
    seen = {unit_id}
    while node is not None and node.parent_id is not None and node.parent_id not in seen:
        if node.parent_id in held:
            return True
        seen.add(node.parent_id)
        node = tree.get(node.parent_id)
    return False
