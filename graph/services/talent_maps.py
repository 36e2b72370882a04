"""Talent maps: the roles a person could move to, best fit first, within a window of grades
around their own (DESIGN §4), each gap with mentors. Fits come from the role index
(graph/services/role_index.py), so a map costs two small reads whatever the number of roles."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graph.auth import Principal
from graph.db import Database, Tx
from graph.errors import BadUserInput, NotFound
from graph.models import Move, RoleRef, TalentGap, TalentMapEntry
from graph.pagination import Page, check_first, decode_after
from graph.repositories import succession
from graph.scoring.fit import Needs
from graph.services import access
from graph.services.role_index import RoleIndex, role_index
from graph.settings import Settings

MAX_TALENT_MAP_PAGE = 100
MAX_GRADE_WINDOW = 50
#: Entries a page holds when the caller does not say (the API's argument default too).
DEFAULT_TALENT_MAP_PAGE = 10
#: The name of the list in its cursors (graph/pagination.py).
TALENT_MAP = "talentMap"


@dataclass(frozen=True)
class GradeWindow:
    """Which roles a talent map shows, around the highest grade g the person holds: grades
    g − below to g + above (DESIGN §4: 1 and 3 by default)."""

    below: int = 1
    above: int = 3

    def check(self) -> GradeWindow:
        for name, value in (("gradesBelow", self.below), ("gradesAbove", self.above)):
            if not 0 <= value <= MAX_GRADE_WINDOW:
                raise BadUserInput(f"{name} must be between 0 and {MAX_GRADE_WINDOW}", field=name)
        return self


def _talent_entries(
    index: RoleIndex,
    state: succession.TalentState,
    window: GradeWindow,
    first: int,
    after: tuple[float, str] | None,
) -> tuple[list[tuple[TalentMapEntry, Needs]], int]:
    """Roles the person does not hold with fit > 0, in the grade window, by fit desc then role
    id, after the (−fit, role id) key `after`; at most `first`, gaps without mentors yet; and
    how many roles the map holds in all."""
    fits = index.by_skill.fits(state.held)
    mask = fits > 0
    for role_id, _, _ in state.holds:
        row = index.row.get(role_id)
        if row is not None:
            mask[row] = False
    grades = [grade for _, grade, _ in state.holds if grade is not None]
    top = max(grades) if grades else None
    if top is not None:
        with np.errstate(invalid="ignore"):
            mask &= (index.grades >= top - window.below) & (index.grades <= top + window.above)
    units = {unit for _, _, unit in state.holds if unit is not None}
    found: list[tuple[TalentMapEntry, Needs]] = []
    for row in index.ranked(fits, mask):
        role, fit = index.roles[row], float(fits[row])
        if after is not None and (-fit, role.id) <= after:
            continue
        move = (
            Move.UPWARD
            if top is not None and role.grade is not None and role.grade > top
            else Move.LATERAL
            if role.unit_id in units
            else Move.PIVOT
        )
        gaps = [
            TalentGap(skill=g.skill, required=g.required, have=g.have, shortfall=g.shortfall)
            for g in role.needs.gap_list(state.held)
        ]
        entry = TalentMapEntry(
            role=RoleRef(id=role.id, title=role.title), fit=fit, move=move, gaps=gaps
        )
        found.append((entry, role.needs))
        if len(found) == first:
            break
    return found, int(mask.sum())


async def _with_mentors(
    tx: Tx, employee_id: str, entries: list[TalentMapEntry]
) -> list[TalentMapEntry]:
    needs = sorted({(g.skill.id, g.required) for e in entries for g in e.gaps})
    if not needs:
        return entries
    found = await succession.mentors(tx, employee_id, needs)
    return [
        entry.model_copy(
            update={
                "gaps": [
                    g.model_copy(update={"mentors": found.get((g.skill.id, g.required), [])})
                    for g in entry.gaps
                ]
            }
        )
        for entry in entries
    ]


async def talent_map(
    db: Database,
    settings: Settings,
    employee_id: str,
    first: int = DEFAULT_TALENT_MAP_PAGE,
    after: str | None = None,
    window: GradeWindow = GradeWindow(),
    *,
    principal: Principal,
) -> Page[TalentMapEntry]:
    """Roles an employee could move to, best fit first, each gap with up to three mentors.

    Only roles within `window` of the highest grade they hold (every role for someone who holds
    none); an inactive employee has an empty map (DESIGN §4: they take part in no map). Fits
    come from the role index (graph/services/role_index.py); two reads: the person, then the
    mentors of every distinct (skill, level) gap on the page.
    """
    check_first(first, MAX_TALENT_MAP_PAGE)
    window = window.check()
    key = decode_after(after, TALENT_MAP, float, str)
    async with db.reading() as tx:
        await access.check_person(tx, principal, employee_id, f"the talent map of {employee_id!r}")
        state = await succession.talent_state(tx, employee_id)
    if state is None:
        raise NotFound(f"no employee with id {employee_id!r}", field="employeeId")
    if not state.active:
        return Page.empty(TALENT_MAP)
    index = await role_index(db, settings, state.seen)
    found, total = _talent_entries(
        index, state, window, first + 1, (float(key[0]), str(key[1])) if key else None
    )
    items = [entry for entry, _ in found[:first]]
    async with db.reading() as tx:
        items = await _with_mentors(tx, employee_id, items)
    more = found[first : first + 1]  # the item after the page, if any: has_next_page
    return Page.of_keyed(
        [(i, (-i.fit, i.role.id)) for i in [*items, *(e for e, _ in more)]],
        TALENT_MAP,
        first,
        total,
    )
