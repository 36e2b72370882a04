"""Browse and search: people, roles, skills and org units a page at a time, each list naming only
what the caller may read (graph/services/access.py), and org units by id with their place in the
tree, people and roles.

Lists are ordered by lower-cased name (title, for roles) then id, and resume after a cursor that
holds that key and the list's name, so a cursor from another list is refused. `search` matches a
case-insensitive substring (a prefix is one) of the name or title. Fields refused on a direct read
stay refused in a list: the items are the same models, and the interfaces check their sensitive
fields as they do everywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.auth import Principal
from graph.db import Database, Tx
from graph.errors import BadUserInput, NotFound, TalentGraphError
from graph.models import Employee, OrgUnit, Role, Skill, SkillCategory
from graph.pagination import Page, check_first, decode_after
from graph.repositories import browse, org_units
from graph.repositories.succession import org_unit_exists
from graph.services import access

#: `first` when none is given, and the most a page may hold.
DEFAULT_PAGE = 50
MAX_PAGE = 200
#: The longest `search` or `title` text (a name is far shorter).
MAX_SEARCH = 200
UnitDetail = org_units.UnitDetail

#: The grades a role may have when no bound is given.
LOWEST_GRADE, HIGHEST_GRADE = -(2**31), 2**31 - 1


@dataclass(frozen=True)
class SkillFilter:
    """People with this skill at `min_level` or above."""

    id: str
    min_level: float = 0.0


def _after(after: str | None, kind: str) -> browse.Position | None:
    key = decode_after(after, kind, str, str)
    return None if key is None else (key[0], key[1])


def _page(found: browse.Found[Any], kind: str, first: int) -> Page[Any]:
    return Page.of_keyed(found.items, kind, first, found.total)


def _text(value: str | None, field: str) -> str | None:
    if value is not None and len(value) > MAX_SEARCH:
        raise BadUserInput(f"{field} must be at most {MAX_SEARCH} characters", field=field)
    return value


async def _check_unit_filter(tx: Tx, principal: Principal, org_unit_id: str, what: str) -> None:
    """A list filtered by org unit: Forbidden outside the caller's units (whether or not it
    exists), else NotFound for a unit that does not exist."""
    await access.check_unit(tx, principal, org_unit_id, what)
    if not await org_unit_exists(tx, org_unit_id):
        raise NotFound(f"no org unit with id {org_unit_id!r}", field="orgUnitId")


async def employees(
    db: Database,
    *,
    principal: Principal,
    search: str | None = None,
    org_unit_id: str | None = None,
    title: str | None = None,
    skill: SkillFilter | None = None,
    active: bool | None = True,
    first: int = DEFAULT_PAGE,
    after: str | None = None,
) -> Page[Employee]:
    """People matching every filter given, among those the caller may read (everyone for admin,
    hr and service; themselves and their reporting subtree for a manager; themselves for an
    employee). `org_unit_id`: people holding a role in the unit or below it (a unit the caller
    may read); `active`: None for active and inactive people alike."""
    check_first(first, MAX_PAGE)
    position = _after(after, "employees")
    _text(search, "search")
    _text(title, "title")
    if skill is not None and not skill.min_level >= 0:
        raise BadUserInput("skill.minLevel must be 0 or more", field="skill.minLevel")
    async with db.reading() as tx:
        if org_unit_id is not None:
            await _check_unit_filter(tx, principal, org_unit_id, f"the people of {org_unit_id!r}")
        if skill is not None and not await browse.skill_exists(tx, skill.id):
            raise NotFound(f"no skill with id {skill.id!r}", field="skill.id")
        ids = await access.people_scope(tx, principal)
        found = await browse.employees(
            tx,
            ids=ids,
            search=search,
            title=title,
            org_unit_id=org_unit_id,
            skill=None if skill is None else (skill.id, skill.min_level),
            active=active,
            after=position,
            limit=first + 1,
        )
    return _page(found, "employees", first)


async def roles(
    db: Database,
    *,
    principal: Principal,
    org_unit_id: str | None = None,
    critical: bool | None = None,
    min_grade: int | None = None,
    max_grade: int | None = None,
    occupation_code: str | None = None,
    search: str | None = None,
    first: int = DEFAULT_PAGE,
    after: str | None = None,
) -> Page[Role]:
    """Roles matching every filter given, among those the caller may read (all for admin, hr
    and service; those in their org units for a manager; Forbidden for anyone else).
    `org_unit_id`: roles in the unit or below it; grades from `min_grade` to `max_grade`."""
    check_first(first, MAX_PAGE)
    position = _after(after, "roles")
    _text(search, "search")
    low = LOWEST_GRADE if min_grade is None else min_grade
    high = HIGHEST_GRADE if max_grade is None else max_grade
    if low > high:
        raise BadUserInput("minGrade must not be above maxGrade", field="minGrade")
    async with db.reading() as tx:
        units = await access.unit_read_scope(tx, principal, "roles")
        if org_unit_id is not None:
            await _check_unit_filter(tx, principal, org_unit_id, f"the roles of {org_unit_id!r}")
        found = await browse.roles(
            tx,
            unit_ids=units,
            org_unit_id=org_unit_id,
            critical=critical,
            grades=(low, high),
            occupation_code=occupation_code,
            search=search,
            after=position,
            limit=first + 1,
        )
    return _page(found, "roles", first)


async def skills(
    db: Database,
    *,
    principal: Principal,
    search: str | None = None,
    category: SkillCategory | None = None,
    first: int = DEFAULT_PAGE,
    after: str | None = None,
) -> Page[Skill]:
    """The skill catalogue, filtered: reference data, for every role."""
    access.require(principal, access.SKILL_CATALOGUE, "the skill catalogue")
    check_first(first, MAX_PAGE)
    position = _after(after, "skills")
    _text(search, "search")
    async with db.reading() as tx:
        found = await browse.skills(
            tx, search=search, category=category, after=position, limit=first + 1
        )
    return _page(found, "skills", first)


async def org_units_list(
    db: Database,
    *,
    principal: Principal,
    search: str | None = None,
    first: int = DEFAULT_PAGE,
    after: str | None = None,
) -> Page[OrgUnit]:
    """Org units the caller may read (all for admin, hr and service; a manager's org units;
    Forbidden for anyone else) whose name contains `search`."""
    check_first(first, MAX_PAGE)
    position = _after(after, "orgUnits")
    _text(search, "search")
    async with db.reading() as tx:
        units = await access.unit_read_scope(tx, principal, "org units")
        found = await browse.org_units(
            tx, unit_ids=units, search=search, after=position, limit=first + 1
        )
    return _page(found, "orgUnits", first)


def _each_unit(
    ids: Sequence[str], readable: frozenset[str] | None, principal: Principal
) -> dict[str, TalentGraphError]:
    """Forbidden for each id outside `readable` (None: all readable)."""
    if readable is None:
        return {}
    return {i: access.outside(principal, f"org unit {i!r}") for i in ids if i not in readable}


async def org_units_by_id(
    db: Database, ids: Sequence[str], *, principal: Principal
) -> dict[str, org_units.UnitDetail | TalentGraphError]:
    """Each org unit with its parent, children, headcount and head, or why not: Forbidden
    outside the caller's units (`access.unit_read_scope`; anyone but admin, hr, service and
    managers), else NotFound. One read for the batch."""
    async with db.reading() as tx:
        try:
            readable = await access.unit_read_scope(tx, principal, "org units")
        except TalentGraphError as refused:
            return dict.fromkeys(ids, refused)
        out: dict[str, org_units.UnitDetail | TalentGraphError] = {}
        out.update(_each_unit(ids, readable, principal))
        found = await org_units.details(tx, [i for i in ids if i not in out])
    for i in ids:
        if i not in out:
            out[i] = found.get(i) or NotFound(f"no org unit with id {i!r}", field="id")
    return out


async def unit_roles_by_id(
    db: Database, ids: Sequence[str], *, principal: Principal
) -> dict[str, list[Role] | TalentGraphError]:
    """The roles directly in each unit (every one: the API pages them), under the rule of
    `org_units_by_id` (an unknown unit has none)."""
    async with db.reading() as tx:
        try:
            readable = await access.unit_read_scope(tx, principal, "org units")
        except TalentGraphError as refused:
            return dict.fromkeys(ids, refused)
        out: dict[str, list[Role] | TalentGraphError] = {}
        out.update(_each_unit(ids, readable, principal))
        found = await org_units.roles_of(tx, [i for i in ids if i not in out])
    return {i: out[i] if i in out else found.get(i, []) for i in ids}


async def unit_paths(db: Database, ids: Sequence[str]) -> dict[str, list[OrgUnit]]:
    """Each unit's path from the top of its tree down to it: directory data, shown wherever the
    unit itself is (access.unit_read_scope)."""
    async with db.reading() as tx:
        return await org_units.paths(tx, list(ids))
