"""Succession planning: argument checks, the caller's rights (graph/services/access.py), the reads
(graph/repositories/succession.py) and the figures, from the scoring core (graph/scoring)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from graph import version as graph_version
from graph.auth import Principal
from graph.db import Database, Tx
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
    Role,
    Successor,
    VacancyChain,
)
from graph.pagination import Page, check_first, decode_after
from graph.repositories import succession
from graph.repositories.succession import CandidatesState, Person
from graph.scoring.bench import Nomination, Weights, figures, weights_of
from graph.scoring.fit import Needs
from graph.services import access, audit, shortlists
from graph.settings import Settings

MAX_CANDIDATES = 100
#: The names of the lists in their cursors (graph/pagination.py).
CANDIDATES, SUCCESSORS, BENCH = "candidates", "successors", "bench"
MAX_BENCH_PAGE = 500
MAX_CHAIN_DEPTH = 10
MAX_GRADE_WINDOW = 50
#: What a list holds when the caller does not say (the API's argument defaults too).
DEFAULT_CANDIDATES = 10
DEFAULT_MIN_FIT = 0.0
DEFAULT_BENCH_PAGE = 200
DEFAULT_CRITICAL_ONLY = True
DEFAULT_CHAIN_DEPTH = 3

#: Reading order of a 9-box grid: potential rows from HIGH down, performance columns from LOW across.
NINE_BOX_ORDER: tuple[tuple[Rating, Rating], ...] = tuple(
    (performance, potential)
    for potential in (Rating.HIGH, Rating.MODERATE, Rating.LOW)
    for performance in (Rating.LOW, Rating.MODERATE, Rating.HIGH)
)
#: Slate order: ready now first, then in 1-2 years, then in 3-5.
READINESS_RANK = {
    Readiness.READY_NOW: 0,
    Readiness.READY_1_2_YEARS: 1,
    Readiness.READY_3_5_YEARS: 2,
}


def readiness_weights(settings: Settings) -> Weights:
    """The weight of each readiness level (DESIGN §3, configurable), as exact fractions."""
    return weights_of(
        settings.weight_ready_now, settings.weight_ready_1_2_years, settings.weight_ready_3_5_years
    )


def _candidate(needs: Needs, person: Person, readable: bool) -> Candidate:
    """`readable`: whether the caller may read the person's skills; if not, their gaps name the
    skills and required levels but not the person's own levels."""
    gaps = needs.gap_list(person.held)
    return Candidate(
        employee=person.employee,
        fit=needs.fit(person.held).value,
        readiness=person.readiness,
        assessed_at=person.assessed_at,
        gaps=gaps
        if readable
        else [g.model_copy(update={"have": None, "shortfall": None}) for g in gaps],
        assessed=person.assessed,
    )


def _scored(state: CandidatesState, min_fit: float) -> list[Candidate]:
    """Fit > 0 and at least `min_fit` (the exact fit: no rounding first), in no order."""
    found = [
        _candidate(state.needs, person, person.employee.id in state.readable)
        for person in state.people
    ]
    return [c for c in found if c.fit > 0 and c.fit >= min_fit]


def candidate_order(candidate: Candidate) -> tuple[float, str]:
    """Candidate order: fit desc, then id (the key a cursor of the list holds)."""
    return -candidate.fit, candidate.employee.id


async def _candidates_state(
    tx: Tx, principal: Principal, role_id: str, first: int, ids: list[str] | None
) -> CandidatesState | None:
    await access.check_role(tx, principal, role_id, f"the candidates for role {role_id!r}")
    state = await succession.candidates(tx, role_id, first, ids)
    if state is None:
        return None
    readable = await access.readable_people(tx, principal, [p.employee.id for p in state.people])
    return replace(state, readable=frozenset(readable))


async def succession_candidates(
    db: Database,
    settings: Settings,
    role_id: str,
    first: int = DEFAULT_CANDIDATES,
    min_fit: float = DEFAULT_MIN_FIT,
    after: str | None = None,
    *,
    principal: Principal,
) -> Page[Candidate]:
    """Active non-incumbents with fit > 0 for the role, best first (DESIGN §4): the best
    `shortlists.SHORTLIST_SIZE` at most, a page at a time.

    From the role's shortlist when it was built at the current graph version (one read), else
    scored live from everyone who holds a required skill (graph/services/shortlists.py). The
    first page without `minFit` reads the head of the shortlist (one more than `first`) and
    counts the shortlist; a later page, or one filtered by `minFit`, scores the whole shortlist
    and slices it after the cursor.
    """
    check_first(first, MAX_CANDIDATES)
    if not 0.0 <= min_fit <= 1.0:
        raise BadUserInput("minFit must be between 0 and 1", field="minFit")
    decode_after(after, CANDIDATES, float, str)  # a bad cursor is refused before any read
    whole = after is not None or min_fit > 0
    wanted = shortlists.SHORTLIST_SIZE if whole else first + 1
    async with db.reading() as tx:
        state = await _candidates_state(tx, principal, role_id, wanted, None)
    if state is None:
        raise NotFound(f"no role with id {role_id!r}", field="roleId")
    listed_size = state.shortlist_size
    version = await graph_version.current(db, state.seen)
    if state.shortlist_version != version:
        listed = await shortlists.live(db, role_id)
        shortlists.refresh_soon(db, version, settings.shortlist_refresh_delay)
        ids = [] if listed is None else listed.ids[:wanted]
        listed_size = 0 if listed is None else len(listed.ids)
        async with db.reading() as tx:
            state = await _candidates_state(tx, principal, role_id, wanted, ids)
        if state is None:
            raise NotFound(f"no role with id {role_id!r}", field="roleId")
    found = _scored(state, min_fit)
    return Page.of_sorted(
        found,
        candidate_order,
        CANDIDATES,
        first,
        after,
        float,
        str,
        total=len(found) if whole else listed_size,
    )


def slate_of(needs: Needs, nominees: Iterable[Person]) -> list[Successor]:
    """Nominated successors by readiness (now first), fit desc, then id (DESIGN §4)."""
    found = [
        Successor(
            employee=p.employee,
            readiness=p.readiness,
            fit=needs.fit(p.held).value,
            assessed_at=p.assessed_at,
            assessed_by=p.assessed_by,
        )
        for p in nominees
        if p.readiness is not None
    ]
    found.sort(key=successor_order)
    return found


def successor_order(successor: Successor) -> tuple[int, float, str]:
    """Slate order: readiness (now first), fit desc, then id (the key a cursor holds)."""
    return READINESS_RANK[successor.readiness], -successor.fit, successor.employee.id


async def successors(db: Database, role_id: str, *, principal: Principal) -> list[Successor]:
    """The slate of a role: nominated successors by readiness, fit desc, id (DESIGN §4)."""
    async with db.reading() as tx:
        await access.check_role(tx, principal, role_id, f"the slate of role {role_id!r}")
        found = await succession.slate(tx, role_id)
    if found is None:
        raise NotFound(f"no role with id {role_id!r}", field="roleId")
    return slate_of(*found)


def bench_item(row: succession.BenchRow, weights: Weights) -> BenchItem:
    """A role's bench figures (graph/scoring/bench.py) from what the graph holds."""
    found = figures(
        (Nomination(r, n) for r, n in row.nominees),
        ((e.risk_of_loss, e.impact_of_loss) for e in row.incumbents),
        weights,
    )
    return BenchItem(
        role=row.role,
        incumbents=row.incumbents,
        ready_now=found.bench.ready_now,
        ready_one_to_two_years=found.bench.ready_one_to_two_years,
        ready_three_to_five_years=found.bench.ready_three_to_five_years,
        bench_score=float(found.bench.score),
        cover=float(found.bench.cover),
        key_person_risk=float(found.key_person_risk),
    )


def risk_order(item: BenchItem) -> tuple[float, str]:
    """Bench order: key-person risk desc, then role id; roles whose risk the caller may not see
    come after every visible one (so the order tells nothing of it), by id."""
    return -(-1.0 if item.key_person_risk is None else item.key_person_risk), item.role.id


async def bench_strength(
    db: Database,
    weights: Weights,
    org_unit_id: str | None = None,
    critical_only: bool = DEFAULT_CRITICAL_ONLY,
    first: int = DEFAULT_BENCH_PAGE,
    after: str | None = None,
    *,
    principal: Principal,
) -> Page[BenchItem]:
    """Bench of every (critical) role in a unit subtree, highest key-person risk first, then
    role id. One query, whatever the number of roles: the whole list is read and figured, then
    sliced after the cursor. Without a unit, a manager gets the roles of their own org units."""
    check_first(first, MAX_BENCH_PAGE)
    decode_after(after, BENCH, float, str)  # a bad cursor is refused before any read
    async with db.reading() as tx:
        units = await access.unit_scope(tx, principal, org_unit_id, "bench strength")
        if org_unit_id is not None and not await succession.org_unit_exists(tx, org_unit_id):
            raise NotFound(f"no org unit with id {org_unit_id!r}", field="orgUnitId")
        rows = await succession.bench(tx, units, critical_only)
        visible = await access.risk_visible(
            tx, principal, {row.role.id: [e.id for e in row.incumbents] for row in rows}
        )
    items = [
        item if item.role.id in visible else item.model_copy(update={"key_person_risk": None})
        for item in (bench_item(row, weights) for row in rows)
    ]
    return Page.of_sorted(items, risk_order, BENCH, first, after, float, str)


def _vacated(holds: list[Role]) -> Role | None:
    """The seat a mover leaves: the role they hold with the highest grade, then the lowest id."""
    return min(holds, key=lambda r: (-r.grade, r.id), default=None)


async def _walk(tx: Tx, role_id: str, max_depth: int) -> VacancyChain | None:
    """The chain from a vacancy in `role_id` (see `vacancy_chain`); None for an unknown role."""
    vacancy: Role | None = None
    steps: list[ChainStep] = []
    #: never move a person twice, nor the original role's own incumbents
    moved: list[str] = []
    while True:
        if len(steps) == max_depth:
            return VacancyChain(steps=steps, ends_with=ChainEnd.DEPTH_LIMIT)
        options = await succession.chain_step(tx, vacancy.id if vacancy else role_id, moved)
        if options is None:
            return None
        if vacancy is None:
            vacancy = options.role
            moved.extend(options.incumbents)
        scored = [
            (
                READINESS_RANK[ready],
                -options.needs.fit(person.held).value,
                person.employee.id,
                person,
                ready,
                holds,
            )
            for person, holds in options.nominees
            if person.employee.id not in moved and (ready := person.readiness) is not None
        ]
        if not scored:
            return VacancyChain(steps=steps, ends_with=ChainEnd.EXTERNAL_HIRE)
        _, fit, _, person, ready, holds = min(scored, key=lambda s: s[:3])
        steps.append(ChainStep(role=vacancy, employee=person.employee, readiness=ready, fit=-fit))
        moved.append(person.employee.id)
        vacated = _vacated(holds)
        if vacated is None:
            return VacancyChain(steps=steps, ends_with=ChainEnd.NO_BACKFILL)
        vacancy = vacated


async def vacancy_chain(
    db: Database, role_id: str, max_depth: int = DEFAULT_CHAIN_DEPTH, *, principal: Principal
) -> VacancyChain:
    """Who moves where if one seat of the role falls vacant (DESIGN §4); one read.

    A step per vacancy: the best acceptable nominated successor of the vacated role (READY_NOW,
    then READY_1_2_YEARS; fit desc; id) who has not moved yet and is not an incumbent of the
    original role; they vacate one seat (their highest-grade role, then lowest id). Someone who
    holds another seat of a role already in the chain may move: their seat is another vacancy.
    Ends with EXTERNAL_HIRE when a vacated role has no acceptable successor, NO_BACKFILL when the
    mover held no role (nothing is left open), DEPTH_LIMIT when `max_depth` steps were taken and
    the last mover left a role open.
    """
    if not 1 <= max_depth <= MAX_CHAIN_DEPTH:
        raise BadUserInput(f"maxDepth must be between 1 and {MAX_CHAIN_DEPTH}", field="maxDepth")
    async with db.reading() as tx:
        await access.check_role(tx, principal, role_id, f"the vacancy chain of role {role_id!r}")
        found = await _walk(tx, role_id, max_depth)
    if found is None:
        raise NotFound(f"no role with id {role_id!r}", field="roleId")
    return found


async def nine_box(
    db: Database, org_unit_id: str | None = None, *, principal: Principal
) -> list[NineBoxCell]:
    """All nine cells in NINE_BOX_ORDER; people without both ratings are left out.

    Admin and hr: everyone. A manager: the people of their reporting subtree who hold roles in
    the unit (their own org units when none is named). Others: Forbidden.
    """
    # Every cell shows performance and potential: sensitive (DESIGN §6), so not for service.
    if not principal.has(*access.SENSITIVE_ALL, access.MANAGER):
        raise access.forbidden(principal, "the 9-box")
    async with db.reading() as tx:
        units = await access.unit_scope(tx, principal, org_unit_id, "the 9-box")
        if org_unit_id is not None and not await succession.org_unit_exists(tx, org_unit_id):
            raise NotFound(f"no org unit with id {org_unit_id!r}", field="orgUnitId")
        found = await succession.nine_box(tx, units)
        if not principal.has(*access.SENSITIVE_ALL):
            # A manager sees the ratings of their reporting subtree only.
            visible = await access.sensitive_people(
                tx, principal, [e.id for c in found for e in c.employees]
            )
            found = [
                c.model_copy(update={"employees": [e for e in c.employees if e.id in visible]})
                for c in found
            ]
    audit.read(
        db, principal, "nineBox", [e.id for c in found for e in c.employees], org_unit_id or ""
    )
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
