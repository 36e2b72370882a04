"""Lists to browse and search: people, roles, skills and org units, a page at a time, filtered in
the graph. Each statement answers the page and how many items match in all, in one round trip."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from graph.cypher import Tx, q
from graph.models import Employee, OrgUnit, Role, Skill, SkillCategory

EMPLOYEES = q("browse/employees")
ROLES = q("browse/roles")
SKILLS = q("browse/skills")
ORG_UNITS = q("browse/org_units")
SKILL_EXISTS = q("skills/exists")

T = TypeVar("T")
#: Where a list resumes: (lower-cased name or title, id) of the last item seen.
Position = tuple[str, str]


@dataclass(frozen=True)
class Found(Generic[T]):
    """Up to `limit` items after a position, each with its sort key, and how many match in all."""

    items: list[tuple[T, Position]]
    total: int


def _position(after: Position | None) -> dict[str, Any]:
    return {"after_key": after[0] if after else None, "after_id": after[1] if after else None}


def _found(row: dict[str, Any] | None, field: str, model: type[Any]) -> Found[Any]:
    if row is None:
        return Found([], 0)
    items = [
        (model.model_validate(item[field]), (item["key"], item[field]["id"]))
        for item in row["page"]
    ]
    return Found(items, row["total"])


async def employees(
    tx: Tx,
    *,
    ids: Collection[str] | None,
    search: str | None,
    title: str | None,
    org_unit_id: str | None,
    skill: tuple[str, float] | None,
    active: bool | None,
    after: Position | None,
    limit: int,
) -> Found[Employee]:
    """People among `ids` (None: everyone) matching the filters, by lower-cased name then id."""
    row = await EMPLOYEES.row(
        tx,
        ids=None if ids is None else sorted(ids),
        search=search,
        title=title,
        org_unit_id=org_unit_id,
        skill_id=skill[0] if skill else None,
        min_level=skill[1] if skill else None,
        active=active,
        limit=limit,
        **_position(after),
    )
    return _found(row, "employee", Employee)


async def roles(
    tx: Tx,
    *,
    unit_ids: Collection[str] | None,
    org_unit_id: str | None,
    critical: bool | None,
    grades: tuple[int, int],
    occupation_code: str | None,
    search: str | None,
    after: Position | None,
    limit: int,
) -> Found[Role]:
    """Roles in `unit_ids` (None: all) matching the filters, by lower-cased title then id."""
    row = await ROLES.row(
        tx,
        unit_ids=None if unit_ids is None else sorted(unit_ids),
        org_unit_id=org_unit_id,
        critical=critical,
        min_grade=grades[0],
        max_grade=grades[1],
        occupation_code=occupation_code,
        search=search,
        limit=limit,
        **_position(after),
    )
    return _found(row, "role", Role)


async def skills(
    tx: Tx,
    *,
    search: str | None,
    category: SkillCategory | None,
    after: Position | None,
    limit: int,
) -> Found[Skill]:
    """Skills matching the filters, by lower-cased name then id."""
    row = await SKILLS.row(
        tx,
        search=search,
        category=None if category is None else category.value,
        limit=limit,
        **_position(after),
    )
    return _found(row, "skill", Skill)


async def org_units(
    tx: Tx,
    *,
    unit_ids: Collection[str] | None,
    search: str | None,
    after: Position | None,
    limit: int,
) -> Found[OrgUnit]:
    """Org units among `unit_ids` (None: all) matching the filters, by lower-cased name then id."""
    row = await ORG_UNITS.row(
        tx,
        unit_ids=None if unit_ids is None else sorted(unit_ids),
        search=search,
        limit=limit,
        **_position(after),
    )
    return _found(row, "org_unit", OrgUnit)


async def skill_exists(tx: Tx, skill_id: str) -> bool:
    row = await SKILL_EXISTS.row(tx, skill_id=skill_id)
    return bool(row and row["exists"])
