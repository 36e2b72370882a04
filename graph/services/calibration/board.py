"""An open session's page: the succession review of its unit (the same reader and figures as the
review page), with what an editor needs on top: the version of each pair and person shown, who may
move whom on the 9-box, the roles already discussed and the session's changes so far."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.auth import Principal
from graph.calibration import CalibrationChange, CalibrationSession, ChangeKind
from graph.db import Database
from graph.models import Employee, Role
from graph.repositories import calibration
from graph.repositories import employees as employee_reads
from graph.repositories import roles as role_reads
from graph.services import access
from graph.services.calibration.sessions import MAX_CHANGES, read_session
from graph.services.calibration.visibility import visible_changes
from graph.services.org_units import UnitTree
from graph.services.review import (
    NINE_BOX_NAMES,
    ReviewFilters,
    ReviewPage,
    ReviewScope,
    review_page,
)
from graph.settings import Settings


@dataclass
class SessionBoard:
    session: CalibrationSession
    review: ReviewPage
    changes: list[CalibrationChange]
    #: Readiness version of each (person, role) pair on a card; rating version of each person on
    #: the 9-box: what an edit sends back, so a stale one is a conflict.
    pair_versions: dict[tuple[str, str], int]
    rating_versions: dict[str, int]
    #: People on the 9-box the caller may move (their ratings are theirs to change).
    rateable: set[str]
    discussed: set[str]
    joined: bool
    may_close: bool
    people: dict[str, Employee] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)

    @property
    def may_edit(self) -> bool:
        return self.session.open and self.joined

    def pair_version(self, employee_id: str, role_id: str) -> int:
        return self.pair_versions.get((employee_id, role_id), 0)

    def person(self, employee_id: str | None) -> str:
        found = self.people.get(employee_id or "")
        return found.name if found else employee_id or ""

    def role(self, role_id: str | None) -> str:
        found = self.roles.get(role_id or "")
        return found.title if found else role_id or ""


async def _changes(
    db: Database, principal: Principal, session_id: str
) -> tuple[list[CalibrationChange], dict[str, Employee], dict[str, Role]]:
    """The session's changes as the caller may see them, with the names they mention."""
    async with db.reading() as tx:
        found = await calibration.changes(tx, session_id, 0, MAX_CHANGES)
        shown = await visible_changes(tx, principal, found)
        people = await employee_reads.get_many(
            tx, sorted({c.employee_id for c in shown if c.employee_id})
        )
        roles = await role_reads.get_many(tx, sorted({c.role_id for c in shown if c.role_id}))
    return shown, people, roles


async def session_board(
    db: Database,
    settings: Settings,
    session_id: str,
    scope: ReviewScope,
    tree: UnitTree,
    page: int = 1,
    *,
    principal: Principal,
    roles: Sequence[str] | None = None,
    nine_box: bool = True,
) -> SessionBoard:
    """The session's page as `principal` may see it (a manager whose part of the organisation
    lies below the session's unit sees that part).

    With `roles`, only the cards of those roles (a live update after a change: the same reads
    and figures, for fewer cards); `nine_box` False leaves the 9-box out (empty)."""
    async with db.reading() as tx:
        session = await read_session(tx, principal, session_id)
    unit: str | None = session.org_unit_id
    if not scope.allows(unit):
        unit = scope.roots[0] if scope.roots else unit
    review, (shown, people, named_roles) = await asyncio.gather(
        review_page(
            db,
            settings,
            ReviewFilters(
                unit=unit,
                page=page,
                roles=None if roles is None else tuple(roles),
                with_nine_box=nine_box,
            ),
            scope,
            tree,
            principal=principal,
        ),
        _changes(db, principal, session_id),
    )
    pairs = [
        (x.employee.id, card.role.id)
        for card in review.cards
        for x in [*(card.slate or ()), *(card.hidden or ())]
    ]
    # only the names the grid shows can be moved from it
    on_box = [e.id for c in review.nine_box for e in c.employees[:NINE_BOX_NAMES]]
    async with db.reading() as tx:
        versions = await calibration.pair_versions(tx, pairs)
        ratings = await calibration.rating_versions(tx, on_box)
        rateable = await access.sensitive_people(tx, principal, on_box)
    if not principal.has(*access.ASSESS_ALL):
        rateable.discard(principal.employee_id or "")
    discussed = {
        c.role_id for c in shown if c.kind is ChangeKind.DISCUSSED and not c.undone_by and c.role_id
    }
    joined = principal.subject in session.participants or principal.has(*access.CALIBRATE_ALL)
    return SessionBoard(
        session=session,
        review=review,
        changes=shown,
        pair_versions=versions,
        rating_versions=ratings,
        rateable=rateable,
        discussed=discussed,
        joined=joined,
        may_close=session.open and principal.has(*access.CALIBRATE_ALL),
        people=people,
        roles=named_roles,
    )
