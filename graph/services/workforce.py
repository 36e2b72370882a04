"""Workforce figures of an org unit over a window (DESIGN §4 "Workforce figures"; docs/workforce.md):
headcount, attrition (all and by reason), internal mobility, time to fill and internal fill rate,
per group and as a quarterly trend. Read only.

Access (graph/services/access.py): admin and hr any unit; a manager their org units, and never a
figure of a group smaller than the minimum size (the setting, or a larger one asked for): such a
group is listed, its figures withheld, and it says so.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from graph import version as graph_version
from graph.auth import Principal
from graph.db import Database
from graph.errors import BadUserInput, NotFound
from graph.repositories import succession
from graph.repositories import workforce as repo
from graph.scoring.workforce import (
    Figures,
    GroupBy,
    Workforce,
    build,
    figures,
    flows,
    quarters,
)
from graph.services import access
from graph.settings import Settings

MAX_GROUP_SIZE = 1000
MAX_WINDOW_DAYS = 20 * 366


@dataclass(frozen=True)
class GroupFigures:
    group: str
    label: str
    #: None when withheld: the group is smaller than the minimum size
    figures: Figures | None
    suppressed: bool
    note: str | None


@dataclass(frozen=True)
class TrendPoint:
    start: datetime
    end: datetime
    figures: Figures | None
    suppressed: bool


@dataclass(frozen=True)
class WorkforceReport:
    start: datetime
    end: datetime
    group_by: GroupBy | None
    min_group_size: int | None  # None: nothing is withheld from this caller
    total: GroupFigures
    groups: list[GroupFigures]
    trend: list[TrendPoint]


def _utc(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise BadUserInput(f"{name} must be a date and time", field=name)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def check_window(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    start, end = _utc(start, "from"), _utc(end, "to")
    if end <= start:
        raise BadUserInput(
            f"the window ends ({end.isoformat()}) before or when it starts "
            f"({start.isoformat()}); `to` must be after `from`",
            field="to",
        )
    if (end - start).days > MAX_WINDOW_DAYS:
        raise BadUserInput("the window is at most 20 years long", field="to")
    return start, end


def min_size(settings: Settings, asked: int | None, principal: Principal) -> int | None:
    """The minimum group size applied for this caller (None: nothing withheld)."""
    if asked is not None and not 1 <= asked <= MAX_GROUP_SIZE:
        raise BadUserInput(
            f"minGroupSize must be between 1 and {MAX_GROUP_SIZE}, not {asked}",
            field="minGroupSize",
        )
    if access.small_groups_hidden(principal):
        return max(settings.workforce_min_group_size, asked or 0)
    return asked


def _withheld(size: int) -> str:
    return (
        f"withheld: fewer than {size} people, so a figure could identify someone "
        "(minimum group size)"
    )


def _group(found: Figures, minimum: int | None) -> GroupFigures:
    small = minimum is not None and max(found.headcount_start, found.headcount_end) < minimum
    return GroupFigures(
        found.group,
        found.label,
        None if small else found,
        small,
        _withheld(minimum) if small and minimum is not None else None,
    )


_ORGANISATION: graph_version.Derived[None, Workforce] = graph_version.Derived()


async def organisation(db: Database, seen: graph_version.Observation | None = None) -> Workforce:
    """The whole organisation's histories and their index, read once per graph version
    (graph/version.py) and held in the process, so repeated figures never read events again."""

    async def read(stamp: str) -> Workforce:
        async def histories() -> repo.Columns:
            async with db.reading() as tx:
                return await repo.histories(tx)

        async def requisitions() -> repo.Columns:
            async with db.reading() as tx:
                return await repo.requisitions(tx)

        async def the_rest() -> tuple[list[repo.Params], list[repo.Params], repo.Columns]:
            async with db.reading() as tx:
                return await repo.roles(tx), await repo.units(tx), await repo.steady_seats(tx)

        # Three sessions at once: the server works on the events while the rest arrives.
        events, filled, (roles, units, steady) = await asyncio.gather(
            histories(), requisitions(), the_rest()
        )
        return build(roles, events, steady, filled, units)

    return await _ORGANISATION.get(db, None, read, seen)


async def load(db: Database, principal: Principal, org_unit_id: str | None, what: str) -> Workforce:
    """The organisation's histories, scoped to the roles of the unit (every unit the caller may
    read)."""
    async with db.reading() as tx:
        seen = await graph_version.observe(tx)
        units = await access.workforce_units(tx, principal, org_unit_id, what)
        if org_unit_id is not None and not await succession.org_unit_exists(tx, org_unit_id):
            raise NotFound(f"no org unit with id {org_unit_id!r}", field="orgUnitId")
    whole = await organisation(db, seen)
    return whole.scoped(whole.roles_under(units))


async def workforce_figures(
    db: Database,
    settings: Settings,
    start: datetime,
    end: datetime,
    org_unit_id: str | None = None,
    group_by: GroupBy | None = None,
    min_group_size: int | None = None,
    *,
    principal: Principal,
) -> WorkforceReport:
    """The figures of the unit (the caller's units by default) over [start, end)."""
    minimum = min_size(settings, min_group_size, principal)
    start, end = check_window(start, end)
    workforce = await load(db, principal, org_unit_id, "workforce figures")
    width = settings.workforce_grade_band
    labels = {r.id: r.title for r in workforce.roles.values()} if group_by is GroupBy.ROLE else None
    total = figures(workforce, start, end, None, width)[0]
    groups = (
        [_group(f, minimum) for f in figures(workforce, start, end, group_by, width, labels)]
        if group_by is not None
        else []
    )
    trend = []
    for begin, finish in quarters(start, end):
        point = _group(figures(workforce, begin, finish, None, width)[0], minimum)
        trend.append(TrendPoint(begin, finish, point.figures, point.suppressed))
    return WorkforceReport(start, end, group_by, minimum, _group(total, minimum), groups, trend)


@dataclass(frozen=True)
class Flow:
    from_unit: str
    to_unit: str
    #: None when withheld (fewer moves than the minimum group size)
    count: int | None
    suppressed: bool


async def mobility_flows(
    db: Database,
    settings: Settings,
    start: datetime,
    end: datetime,
    org_unit_id: str | None = None,
    min_group_size: int | None = None,
    *,
    principal: Principal,
) -> list[Flow]:
    """MOVE and PROMOTION events in [start, end) by (org unit left, org unit entered), the
    units of the roles; an end outside the caller's scope reads OUTSIDE."""
    minimum = min_size(settings, min_group_size, principal)
    start, end = check_window(start, end)
    workforce = await load(db, principal, org_unit_id, "mobility flows")
    counts = flows(workforce, start, end)
    return [
        Flow(a, b, None if small else n, small)
        for (a, b), n in sorted(counts.items())
        for small in [minimum is not None and n < minimum]
    ]
