"""Succession planning: argument checks, the caller's rights (graph/services/access.py), the reads
(graph/repositories/succession.py) and the figures, from the scoring core (graph/scoring).

Over 400 lines: candidates, slates, benches and vacancy chains share the role access checks, the
per-role answers of many roles at once (`_one`) and the shortlist read (`_states_of`); the next
question added here should come with a split into a package by question."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from graph import version as graph_version
from graph.auth import Principal
from graph.db import Database, Tx
from graph.errors import BadUserInput, NotFound, TalentGraphError
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
from graph.services import access, audit, derived, shortlists
from graph.settings import Settings

T = TypeVar("T")

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


async def _candidates_states(
    tx: Tx,
    principal: Principal,
    role_ids: Sequence[str],
    first: int,
    ids: Mapping[str, Sequence[str]] | None,
) -> dict[str, CandidatesState]:
    states = await succession.candidates(tx, role_ids, first, ids)
    people = sorted({p.employee.id for state in states.values() for p in state.people})
    readable = frozenset(await access.readable_people(tx, principal, people))
    return {role_id: replace(state, readable=readable) for role_id, state in states.items()}


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
    `shortlists.SHORTLIST_SIZE` at most, a page at a time. Forbidden outside the caller's roles,
    NotFound for an unknown role.

    The first page without `minFit` reads the head of the shortlist (one more than `first`) and
    counts the shortlist; a later page, or one filtered by `minFit`, scores the whole shortlist
    and slices it after the cursor (see `_states_of` for where the people come from).
    """
    _check_candidate_args(first, min_fit)
    decode_after(after, CANDIDATES, float, str)  # a bad cursor is refused before any read
    whole = after is not None or min_fit > 0
    wanted = shortlists.SHORTLIST_SIZE if whole else first + 1
    state = _one((await _states_of(db, settings, [role_id], wanted, principal=principal))[role_id])
    found = _scored(state, min_fit)
    return Page.of_sorted(
        found,
        candidate_order,
        CANDIDATES,
        first,
        after,
        float,
        str,
        total=len(found) if whole else state.shortlist_size,
    )


async def candidates_of(
    db: Database,
    settings: Settings,
    role_ids: Sequence[str],
    first: int = DEFAULT_CANDIDATES,
    min_fit: float = DEFAULT_MIN_FIT,
    *,
    principal: Principal,
) -> dict[str, list[Candidate] | TalentGraphError]:
    """Per role: the first `first` active non-incumbents with fit > 0 for it, best first
    (DESIGN §4), or why not (Forbidden outside the caller's roles, NotFound for an unknown role):
    the first page of `succession_candidates` for many roles at once."""
    _check_candidate_args(first, min_fit)
    states = await _states_of(db, settings, role_ids, first, principal=principal)
    return {
        role_id: state
        if isinstance(state, TalentGraphError)
        else sorted(_scored(state, min_fit), key=candidate_order)[:first]
        for role_id, state in states.items()
    }


def _check_candidate_args(first: int, min_fit: float) -> None:
    check_first(first, MAX_CANDIDATES)
    if not 0.0 <= min_fit <= 1.0:
        raise BadUserInput("minFit must be between 0 and 1", field="minFit")


async def _states_of(
    db: Database,
    settings: Settings,
    role_ids: Sequence[str],
    wanted: int,
    *,
    principal: Principal,
) -> dict[str, CandidatesState | TalentGraphError]:
    """Per role: what its candidates are worked out from, or why not. The first `wanted` people
    of its shortlist when that was built at the current graph version (one read for all the
    roles), else of its live list, scored from everyone who holds a required skill
    (graph/services/shortlists.py); `shortlist_size` is then the live list's size."""
    distinct = list(dict.fromkeys(role_ids))
    async with db.reading() as tx:
        refused = await access.role_refusals(
            tx, principal, distinct, lambda r: f"the candidates for role {r!r}"
        )
        readable = [r for r in distinct if r not in refused]
        states = await _candidates_states(tx, principal, readable, wanted, None)
    if states:
        version = await graph_version.current(db, next(iter(states.values())).seen)
        stale: dict[str, Sequence[str]] = {}
        sizes: dict[str, int] = {}
        for role_id, state in states.items():
            if state.shortlist_version != version:
                listed = await shortlists.live(db, role_id)
                stale[role_id] = [] if listed is None else listed.ids[:wanted]
                sizes[role_id] = 0 if listed is None else len(listed.ids)
        if stale:
            derived.refresh_soon(db, settings, version)
            async with db.reading() as tx:
                fresh = await _candidates_states(tx, principal, list(stale), wanted, stale)
            states = {
                r: replace(fresh[r], shortlist_size=sizes[r]) if r in stale else s
                for r, s in states.items()
                if r in fresh or r not in stale
            }
    out: dict[str, CandidatesState | TalentGraphError] = dict(refused)
    for role_id in readable:
        found = states.get(role_id)
        out[role_id] = (
            NotFound(f"no role with id {role_id!r}", field="roleId") if found is None else found
        )
    return out


def _one(found: T | TalentGraphError) -> T:
    """A per-role answer of one role: the answer, or its error raised."""
    if isinstance(found, TalentGraphError):
        raise found
    return found


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
    """The slate of a role: nominated successors by readiness, fit desc, id (DESIGN §4).
    Forbidden outside the caller's roles, NotFound for an unknown role."""
    return _one((await successors_of(db, [role_id], principal=principal))[role_id])


async def successors_of(
    db: Database, role_ids: Sequence[str], *, principal: Principal
) -> dict[str, list[Successor] | TalentGraphError]:
    """Per role, its slate (see `successors`) or why not; one read for all of them."""
    wanted = list(dict.fromkeys(role_ids))
    async with db.reading() as tx:
        out: dict[str, list[Successor] | TalentGraphError] = dict(
            await access.role_refusals(tx, principal, wanted, lambda r: f"the slate of role {r!r}")
        )
        found = await succession.slates(tx, [r for r in wanted if r not in out])
    for role_id in wanted:
        if role_id not in out:
            slate = found.get(role_id)
            out[role_id] = (
                NotFound(f"no role with id {role_id!r}", field="roleId")
                if slate is None
                else slate_of(*slate)
            )
    return out


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


@dataclass
class _Walk:
    """A vacancy chain being walked: from a vacancy in `origin` (see `vacancy_chain`)."""

    origin: str
    vacancy: Role | None = None
    steps: list[ChainStep] = field(default_factory=list)
    #: never move a person twice, nor the original role's own incumbents
    moved: list[str] = field(default_factory=list)
    #: how it ended (None: still walking); `unknown`: the original role does not exist
    ends_with: ChainEnd | None = None
    unknown: bool = False

    def take(self, options: succession.ChainOptions | None) -> None:
        """One step from the options of the vacated role (None: no such role)."""
        if options is None:
            self.unknown = True
            return
        if self.vacancy is None:
            self.vacancy = options.role
            self.moved.extend(options.incumbents)
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
            if person.employee.id not in self.moved and (ready := person.readiness) is not None
        ]
        if not scored:
            self.ends_with = ChainEnd.EXTERNAL_HIRE
            return
        _, fit, _, person, ready, holds = min(scored, key=lambda s: s[:3])
        self.steps.append(
            ChainStep(role=self.vacancy, employee=person.employee, readiness=ready, fit=-fit)
        )
        self.moved.append(person.employee.id)
        vacated = _vacated(holds)
        if vacated is None:
            self.ends_with = ChainEnd.NO_BACKFILL
        else:
            self.vacancy = vacated


async def _walks(tx: Tx, role_ids: Sequence[str], max_depth: int) -> dict[str, _Walk]:
    """The chains from a vacancy in each of `role_ids`, walked side by side: one read per step
    for all of them."""
    walks = {r: _Walk(r) for r in role_ids}
    walking = list(walks.values())
    while walking:
        for walk in walking:
            if len(walk.steps) == max_depth:
                walk.ends_with = ChainEnd.DEPTH_LIMIT
        walking = [w for w in walking if w.ends_with is None]
        if not walking:
            break
        options = await succession.chain_steps(
            tx,
            [(w.origin, w.vacancy.id if w.vacancy else w.origin, w.moved) for w in walking],
        )
        for walk in walking:
            walk.take(options.get(walk.origin))
        walking = [w for w in walking if w.ends_with is None and not w.unknown]
    return walks


async def vacancy_chain(
    db: Database, role_id: str, max_depth: int = DEFAULT_CHAIN_DEPTH, *, principal: Principal
) -> VacancyChain:
    """Who moves where if one seat of the role falls vacant (DESIGN §4); one read per step.

    A step per vacancy: the best acceptable nominated successor of the vacated role (READY_NOW,
    then READY_1_2_YEARS; fit desc; id) who has not moved yet and is not an incumbent of the
    original role; they vacate one seat (their highest-grade role, then lowest id). Someone who
    holds another seat of a role already in the chain may move: their seat is another vacancy.
    Ends with EXTERNAL_HIRE when a vacated role has no acceptable successor, NO_BACKFILL when the
    mover held no role (nothing is left open), DEPTH_LIMIT when `max_depth` steps were taken and
    the last mover left a role open. Forbidden outside the caller's roles, NotFound for an
    unknown role.
    """
    return _one((await vacancy_chains(db, [role_id], max_depth, principal=principal))[role_id])


async def vacancy_chains(
    db: Database,
    role_ids: Sequence[str],
    max_depth: int = DEFAULT_CHAIN_DEPTH,
    *,
    principal: Principal,
) -> dict[str, VacancyChain | TalentGraphError]:
    """Per role, its vacancy chain (see `vacancy_chain`) or why not; one read per step for all
    of them."""
    if not 1 <= max_depth <= MAX_CHAIN_DEPTH:
        raise BadUserInput(f"maxDepth must be between 1 and {MAX_CHAIN_DEPTH}", field="maxDepth")
    wanted = list(dict.fromkeys(role_ids))
    async with db.reading() as tx:
        out: dict[str, VacancyChain | TalentGraphError] = dict(
            await access.role_refusals(
                tx, principal, wanted, lambda r: f"the vacancy chain of role {r!r}"
            )
        )
        walks = await _walks(tx, [r for r in wanted if r not in out], max_depth)
    for role_id, walk in walks.items():
        out[role_id] = (
            NotFound(f"no role with id {role_id!r}", field="roleId")
            if walk.unknown or walk.ends_with is None
            else VacancyChain(steps=walk.steps, ends_with=walk.ends_with)
        )
    return {r: out[r] for r in wanted}


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
