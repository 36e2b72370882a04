"""Succession planning: argument checks, the caller's rights (graph/services/access.py) and one read
transaction per question."""

from __future__ import annotations

from graph.auth import Principal
from graph.cypher import Tx
from graph.db import Database
from graph.errors import BadUserInput, NotFound
from graph.models import (
    BenchItem,
    Candidate,
    ChainEnd,
    ChainStep,
    Employee,
    NineBoxCell,
    Rating,
    Readiness,
    Successor,
    TalentGap,
    TalentMapEntry,
    VacancyChain,
)
from graph.pagination import Page, check_first, decode_cursor, encode_cursor
from graph.repositories import roles, succession
from graph.services import access
from graph.settings import Settings

MAX_CANDIDATES = 100
MAX_BENCH_PAGE = 500
MAX_TALENT_MAP_PAGE = 100
MAX_CHAIN_DEPTH = 10

#: Reading order of a 9-box grid: potential rows from HIGH down, performance columns from LOW across.
NINE_BOX_ORDER: tuple[tuple[Rating, Rating], ...] = tuple(
    (performance, potential)
    for potential in (Rating.HIGH, Rating.MODERATE, Rating.LOW)
    for performance in (Rating.LOW, Rating.MODERATE, Rating.HIGH)
)


def readiness_weights(settings: Settings) -> dict[Readiness, float]:
    """The benchScore weight of each readiness level (DESIGN §3, configurable)."""
    return {
        Readiness.READY_NOW: settings.weight_ready_now,
        Readiness.READY_1_2_YEARS: settings.weight_ready_1_2_years,
        Readiness.READY_3_5_YEARS: settings.weight_ready_3_5_years,
    }


async def _candidates(
    tx: Tx, principal: Principal, role_id: str, first: int, min_fit: float
) -> list[Candidate] | None:
    await access.check_role(tx, principal, role_id, f"the candidates for role {role_id!r}")
    return await succession.list_candidates(tx, role_id, first, min_fit)


async def succession_candidates(
    db: Database, role_id: str, first: int = 10, min_fit: float = 0.0, *, principal: Principal
) -> list[Candidate]:
    """Active non-incumbents with fit > 0 for the role, best first (DESIGN §4)."""
    if not 1 <= first <= MAX_CANDIDATES:
        raise BadUserInput(f"first must be between 1 and {MAX_CANDIDATES}", field="first")
    if not 0.0 <= min_fit <= 1.0:
        raise BadUserInput("minFit must be between 0 and 1", field="minFit")
    found = await db.read(_candidates, principal, role_id, first, min_fit)
    if found is None:
        raise NotFound(f"no role with id {role_id!r}", field="roleId")
    return found


async def _slate(tx: Tx, principal: Principal, role_id: str) -> list[Successor] | None:
    await access.check_role(tx, principal, role_id, f"the slate of role {role_id!r}")
    return await succession.slate(tx, role_id)


async def successors(db: Database, role_id: str, *, principal: Principal) -> list[Successor]:
    """The slate of a role: nominated successors by readiness, fit desc, id (DESIGN §4)."""
    found = await db.read(_slate, principal, role_id)
    if found is None:
        raise NotFound(f"no role with id {role_id!r}", field="roleId")
    return found


async def _bench(
    tx: Tx,
    principal: Principal,
    org_unit_id: str | None,
    critical_only: bool,
    weights: dict[Readiness, float],
    first: int,
    after: tuple[float, str] | None,
) -> list[BenchItem] | None:
    units = await access.unit_scope(tx, principal, org_unit_id, "bench strength")
    if org_unit_id is not None and not await succession.org_unit_exists(tx, org_unit_id):
        return None
    return await succession.bench(tx, units, critical_only, weights, first, after)


async def bench_strength(
    db: Database,
    weights: dict[Readiness, float],
    org_unit_id: str | None = None,
    critical_only: bool = True,
    first: int = 200,
    after: str | None = None,
    *,
    principal: Principal,
) -> Page[BenchItem]:
    """Bench of every (critical) role in a unit subtree, highest key-person risk first.

    One query for the whole page, whatever the number of roles. Without a unit, a manager gets
    the roles of their own org units.
    """
    check_first(first, MAX_BENCH_PAGE)
    key = decode_cursor(after, float, str) if after is not None else None
    found = await db.read(
        _bench,
        principal,
        org_unit_id,
        critical_only,
        weights,
        first + 1,
        (float(key[0]), key[1]) if key else None,
    )
    if found is None:
        raise NotFound(f"no org unit with id {org_unit_id!r}", field="orgUnitId")
    items = found[:first]
    return Page(
        items=items,
        cursors=[encode_cursor(i.key_person_risk, i.role.id) for i in items],
        has_next_page=len(found) > first,
    )


async def _chain(tx: Tx, principal: Principal, role_id: str, max_depth: int) -> VacancyChain | None:
    await access.check_role(tx, principal, role_id, f"the vacancy chain of role {role_id!r}")
    vacancy = (await roles.get_many(tx, [role_id])).get(role_id)
    if vacancy is None:
        return None
    steps: list[ChainStep] = []
    movers: list[str] = []
    chain_roles = [role_id]
    while True:
        if len(steps) == max_depth:
            return VacancyChain(steps=steps, ends_with=ChainEnd.DEPTH_LIMIT)
        best = await succession.chain_step(tx, vacancy.id, movers, chain_roles)
        if best is None:
            return VacancyChain(steps=steps, ends_with=ChainEnd.EXTERNAL_HIRE)
        mover = best["employee"]
        steps.append(
            ChainStep(role=vacancy, employee=mover, readiness=best["readiness"], fit=best["fit"])
        )
        movers.append(mover.id)
        if best["vacates"] is None:
            return VacancyChain(steps=steps, ends_with=ChainEnd.NO_BACKFILL)
        vacancy = best["vacates"]
        chain_roles.append(vacancy.id)


async def vacancy_chain(
    db: Database, role_id: str, max_depth: int = 3, *, principal: Principal
) -> VacancyChain:
    """Who moves where if the role falls vacant (DESIGN §4); one read transaction.

    A step per role, each the best acceptable successor (READY_NOW, then READY_1_2_YEARS; fit;
    id) who has not moved yet and holds no role already in the chain. The chain ends with
    EXTERNAL_HIRE when a vacated role has no acceptable successor, NO_BACKFILL when the mover held
    no role (nothing is left open), DEPTH_LIMIT when `max_depth` steps were taken and the last
    mover left a role open.
    """
    if not 1 <= max_depth <= MAX_CHAIN_DEPTH:
        raise BadUserInput(f"maxDepth must be between 1 and {MAX_CHAIN_DEPTH}", field="maxDepth")
    found = await db.read(_chain, principal, role_id, max_depth)
    if found is None:
        raise NotFound(f"no role with id {role_id!r}", field="roleId")
    return found


async def _talent_map(
    tx: Tx, principal: Principal, employee_id: str, first: int, after: tuple[float, str] | None
) -> list[TalentMapEntry] | None:
    await access.check_person(tx, principal, employee_id, f"the talent map of {employee_id!r}")
    active = await succession.employee_active(tx, employee_id)
    if active is None:
        return None
    if not active:
        return []
    entries = await succession.talent_map(tx, employee_id, first, after)
    needs = sorted({(g.skill.id, g.required) for e in entries for g in e.gaps})
    if not needs:
        return entries
    found = await succession.mentors(tx, employee_id, needs)
    return [
        entry.model_copy(
            update={
                "gaps": [
                    TalentGap(
                        skill=g.skill,
                        required=g.required,
                        have=g.have,
                        shortfall=g.shortfall,
                        mentors=found.get((g.skill.id, g.required), []),
                    )
                    for g in entry.gaps
                ]
            }
        )
        for entry in entries
    ]


async def talent_map(
    db: Database,
    employee_id: str,
    first: int = 10,
    after: str | None = None,
    *,
    principal: Principal,
) -> Page[TalentMapEntry]:
    """Roles an employee could move to, best fit first, each gap with up to three mentors.

    Two queries per page: the entries, then the mentors of every distinct (skill, level) gap.
    An inactive employee has an empty map (DESIGN §4: they take part in no map).
    """
    check_first(first, MAX_TALENT_MAP_PAGE)
    key = decode_cursor(after, float, str) if after is not None else None
    found = await db.read(
        _talent_map, principal, employee_id, first + 1, (float(key[0]), key[1]) if key else None
    )
    if found is None:
        raise NotFound(f"no employee with id {employee_id!r}", field="employeeId")
    items = found[:first]
    return Page(
        items=items,
        cursors=[encode_cursor(i.fit, i.role.id) for i in items],
        has_next_page=len(found) > first,
    )


async def _nine_box(
    tx: Tx, principal: Principal, org_unit_id: str | None
) -> list[NineBoxCell] | None:
    # Every cell shows performance and potential: sensitive (DESIGN §6), so not for service.
    if not principal.has(*access.SENSITIVE_ALL, access.MANAGER):
        raise access.forbidden(principal, "the 9-box")
    units = await access.unit_scope(tx, principal, org_unit_id, "the 9-box")
    if org_unit_id is not None and not await succession.org_unit_exists(tx, org_unit_id):
        return None
    cells = await succession.nine_box(tx, units)
    if principal.has(*access.SENSITIVE_ALL):
        return cells
    # A manager sees the ratings of their reporting subtree only.
    visible = await access.sensitive_people(
        tx, principal, [e.id for c in cells for e in c.employees]
    )
    return [
        c.model_copy(update={"employees": [e for e in c.employees if e.id in visible]})
        for c in cells
    ]


async def nine_box(
    db: Database, org_unit_id: str | None = None, *, principal: Principal
) -> list[NineBoxCell]:
    """All nine cells in NINE_BOX_ORDER; people without both ratings are left out.

    Admin and hr: everyone. A manager: the people of their reporting subtree who hold roles in
    the unit (their own org units when none is named). Others: Forbidden.
    """
    found = await db.read(_nine_box, principal, org_unit_id)
    if found is None:
        raise NotFound(f"no org unit with id {org_unit_id!r}", field="orgUnitId")
    occupied = {(c.performance, c.potential): c.employees for c in found}
    empty: list[Employee] = []
    return [
        NineBoxCell(
            performance=performance,
            potential=potential,
            employees=occupied.get((performance, potential), empty),
        )
        for performance, potential in NINE_BOX_ORDER
    ]
