"""What the review page shows, gathered from the same service functions GraphQL calls.

Every figure on the page is the one an API client gets for the same question: the summary and
the cards come from `benchStrength` (bench, coverage, key-person risk, incumbents), each card from
`successors`, `successionCandidates`, `vacancyChain` and `Role.exposure`, the changes from
`readinessChanges`, the 9-box from `nineBox`, a person's page from `talentMap`; names and titles
come through the same DataLoaders. Nothing here computes a figure of its own; it only counts and
slices what the services return.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar
from urllib.parse import urlencode

from api.graphql.loaders import Loaders
from api.review.scope import ReviewScope
from graph.auth import Principal
from graph.db import Database
from graph.errors import BadUserInput, Forbidden, NotFound
from graph.exposure import RoleExposure
from graph.models import (
    Assessment,
    BenchItem,
    Candidate,
    Coverage,
    Employee,
    NineBoxCell,
    OrgUnit,
    Role,
    Successor,
    TalentMapEntry,
    VacancyChain,
)
from graph.services import exposure, people, readiness, succession
from graph.services.org_units import UnitTree
from graph.settings import Settings

#: Role cards per page; the rest are a "next" link away.
CARDS_PER_PAGE = 50
#: Hidden candidates are picked from this many best-fitting candidates (successionCandidates first).
CANDIDATES_SCANNED = 10
HIDDEN_SHOWN = 3
#: A card fits one printed page: at most this many incumbents (riskiest first) and successors.
INCUMBENTS_SHOWN = 6
SLATE_SHOWN = 8
GAPS_SHOWN = 3
CHAIN_DEPTH = 3
#: "Automation-exposed": exposure at or above this (automationExposedRoles' default minExposure).
EXPOSED_AT = exposure.DEFAULT_MIN_EXPOSURE
#: Roles listed under "highest key-person risk" in the summary.
TOP_RISKS = 5
#: The newest this many readiness changes are read for a "changed since" date.
MAX_CHANGES = 10_000
CHANGES_PER_CARD = 5
#: Names listed per 9-box cell (the count is always exact).
NINE_BOX_NAMES = 12
TALENT_MAP_ENTRIES = 10
#: Service calls in flight at once for one page (each is a short read transaction).
CONCURRENCY = 12

BENCH_PAGE = succession.MAX_BENCH_PAGE
CHANGES_PAGE = readiness.MAX_CHANGES_PAGE

T = TypeVar("T")


@dataclass(frozen=True)
class Filters:
    unit: str | None = None
    critical_only: bool = True
    since: date | None = None
    page: int = 1

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> Filters:
        """The filters of a query string; BadUserInput naming the field when one is malformed."""
        unit = params.get("unit", "").strip() or None
        if unit is not None and len(unit) > 200:
            raise BadUserInput("unit must be an org unit id", field="unit")
        roles = params.get("roles", "critical")
        if roles not in ("critical", "all"):
            raise BadUserInput("roles must be 'critical' or 'all'", field="roles")
        since: date | None = None
        raw_since = params.get("since", "").strip()
        if raw_since:
            try:
                since = date.fromisoformat(raw_since)
            except ValueError:
                raise BadUserInput("since must be a date like 2026-01-31", field="since") from None
        raw_page = params.get("page", "1").strip() or "1"
        if not re.fullmatch(r"[0-9]{1,6}", raw_page) or not 1 <= int(raw_page) <= 100_000:
            raise BadUserInput("page must be a positive whole number", field="page")
        return cls(unit, roles == "critical", since, int(raw_page))

    @property
    def since_time(self) -> datetime | None:
        """Midnight UTC at the start of the `since` day: changes at or after it count."""
        return datetime.combine(self.since, time(), UTC) if self.since else None

    def params(self, **changes: Any) -> dict[str, str]:
        f = replace(self, **changes)
        out: dict[str, str] = {}
        if f.unit:
            out["unit"] = f.unit
        if not f.critical_only:
            out["roles"] = "all"
        if f.since:
            out["since"] = f.since.isoformat()
        if f.page != 1:
            out["page"] = str(f.page)
        return out

    def url(self, **changes: Any) -> str:
        query = urlencode(self.params(**changes))
        return "/review" + (f"?{query}" if query else "")

    def export_url(self, format: str) -> str:
        """`GET /exports/readiness` with the same roles: unit subtree, critical or all, since."""
        params = {"format": format}
        if self.unit:
            params["orgUnitId"] = self.unit
        if not self.critical_only:
            params["allRoles"] = "true"
        if self.since_time:
            params["since"] = self.since_time.isoformat().replace("+00:00", "Z")
        return "/exports/readiness?" + urlencode(params)


@dataclass(frozen=True)
class ChainMove:
    role: Role | None
    role_id: str
    person: Employee | None
    person_id: str
    readiness: str
    fit: float


@dataclass
class Card:
    item: BenchItem
    unit: OrgUnit | None
    #: The incumbents shown: riskiest first when the caller may see risk, else by id.
    incumbents: list[Employee]
    #: None where the caller may not see that part of the role (the services refused it).
    slate: list[Successor] | None
    hidden: list[Candidate] | None
    chain: VacancyChain | None
    moves: list[ChainMove]
    exposure: RoleExposure | None
    #: None when no "changed since" date was chosen.
    changes: list[Assessment] | None
    changes_total: int = 0

    @property
    def role(self) -> Role:
        return self.item.role


@dataclass
class Summary:
    roles: int
    critical: int
    coverage: dict[Coverage, int]
    top_risks: list[BenchItem]
    exposed_roles: int
    exposed_headcount: int
    #: Roles in view whose exposure is known (the rest have no tasks and no occupation).
    exposure_known: int

    def share(self, coverage: Coverage) -> float:
        return self.coverage[coverage] / self.roles if self.roles else 0.0


@dataclass
class ReviewPage:
    filters: Filters
    scope: ReviewScope
    tree: UnitTree
    summary: Summary
    cards: list[Card]
    pages: int
    nine_box: list[NineBoxCell]
    #: Changes read for the "changed since" date, and whether the cap cut the list short.
    changes_read: int = 0
    changes_truncated: bool = False
    #: Names of the people in vacancy chains and changes.
    names: dict[str, Employee] = field(default_factory=dict)
    #: Incumbents whose risk and impact of loss the caller may see.
    sensitive: set[str] = field(default_factory=set)
    #: People whose page the caller may open.
    linkable: set[str] = field(default_factory=set)

    @property
    def unit(self) -> OrgUnit | None:
        node = self.tree.get(self.filters.unit) if self.filters.unit else None
        return OrgUnit(id=node.id, name=node.name) if node else None

    @property
    def rated(self) -> int:
        """People on the 9-box (active holders with both ratings)."""
        return sum(len(c.employees) for c in self.nine_box)

    @property
    def first_card(self) -> int:
        return (self.filters.page - 1) * CARDS_PER_PAGE + 1


@dataclass
class PersonPage:
    person: Employee
    roles: list[Role]
    units: dict[str, OrgUnit]
    manager: Employee | None
    talent_map: list[TalentMapEntry]
    more: bool
    ratings_shown: bool
    linkable: set[str]


class ReviewReader:
    """One page's reads, as `principal`: the services check their rights and scope."""

    def __init__(self, db: Database, settings: Settings, principal: Principal) -> None:
        self.db = db
        self.settings = settings
        self.principal = principal
        self.loaders = Loaders(db, settings, principal)
        self._gate = asyncio.Semaphore(CONCURRENCY)

    async def _limited(self, work: Awaitable[T]) -> T | None:
        """`work`, a few at a time; None when the caller may not see it (the rest of the page
        still renders, saying so) or the role went away since the list was read."""
        async with self._gate:
            try:
                return await work
            except (Forbidden, NotFound):
                return None

    async def bench(self, filters: Filters) -> list[BenchItem]:
        """Every role in view, by key-person risk desc then id, read page by page."""
        items: list[BenchItem] = []
        after: str | None = None
        while True:
            page = await succession.bench_strength(
                self.db,
                succession.readiness_weights(self.settings),
                filters.unit,
                filters.critical_only,
                BENCH_PAGE,
                after,
                principal=self.principal,
            )
            items.extend(page.items)
            if not page.has_next_page or not page.cursors:
                return items
            after = page.cursors[-1]

    async def changes(self, since: datetime, unit: str | None) -> tuple[list[Assessment], bool]:
        """Readiness changes at or after `since`, newest first; and whether the cap was hit."""
        found: list[Assessment] = []
        after: str | None = None
        while len(found) < MAX_CHANGES:
            page = await readiness.readiness_changes(
                self.db, since, unit, CHANGES_PAGE, after, principal=self.principal
            )
            found.extend(page.items)
            if not page.has_next_page:
                return found, False
            after = page.end_cursor
        return found[:MAX_CHANGES], True

    async def card_parts(
        self, role_id: str
    ) -> tuple[list[Successor] | None, list[Candidate] | None, VacancyChain | None]:
        slate, candidates, chain = await asyncio.gather(
            self._limited(succession.successors(self.db, role_id, principal=self.principal)),
            self._limited(
                succession.succession_candidates(
                    self.db,
                    self.settings,
                    role_id,
                    CANDIDATES_SCANNED,
                    0.0,
                    principal=self.principal,
                )
            ),
            self._limited(
                succession.vacancy_chain(self.db, role_id, CHAIN_DEPTH, principal=self.principal)
            ),
        )
        return slate, candidates, chain

    async def exposures(self, role_ids: Sequence[str]) -> dict[str, RoleExposure]:
        if not role_ids:
            return {}
        return await exposure.role_exposures(self.db, self.settings, role_ids)

    async def employees(self, ids: Sequence[str]) -> dict[str, Employee]:
        found = await self.loaders.employee.load_many(list(dict.fromkeys(ids)))
        return {e.id: e for e in found if e is not None}

    async def roles(self, ids: Sequence[str]) -> dict[str, Role]:
        found = await self.loaders.role.load_many(list(dict.fromkeys(ids)))
        return {r.id: r for r in found if r is not None}

    async def units_of(self, role_ids: Sequence[str]) -> dict[str, OrgUnit]:
        ids = list(dict.fromkeys(role_ids))
        found = await self.loaders.role_unit.load_many(ids)
        return {i: u for i, u in zip(ids, found, strict=True) if u is not None}

    async def review(self, filters: Filters, scope: ReviewScope, tree: UnitTree) -> ReviewPage:
        since = filters.since_time
        # The 9-box is of an org unit: the whole organisation's (every person) is left out. It is
        # the slowest read of a large unit, so it runs beside everything else.
        nine_box_read = asyncio.ensure_future(
            succession.nine_box(self.db, filters.unit, principal=self.principal)
            if filters.unit is not None
            else _no_cells()
        )
        try:
            return await self._review(filters, scope, tree, since, nine_box_read)
        finally:
            if not nine_box_read.done():
                nine_box_read.cancel()

    async def _review(
        self,
        filters: Filters,
        scope: ReviewScope,
        tree: UnitTree,
        since: datetime | None,
        nine_box_read: asyncio.Future[list[NineBoxCell]],
    ) -> ReviewPage:
        bench_items, (changes, truncated) = await asyncio.gather(
            self.bench(filters),
            self.changes(since, filters.unit) if since else _nothing(),
        )
        if since is not None:
            changed = {a.role_id for a in changes}
            bench_items = [i for i in bench_items if i.role.id in changed]
        exposures = await self.exposures([i.role.id for i in bench_items])
        summary = _summary(bench_items, exposures)
        pages = max(1, -(-len(bench_items) // CARDS_PER_PAGE))
        if filters.page > pages:
            raise NotFound(f"there are only {pages} pages of roles", field="page")
        start = (filters.page - 1) * CARDS_PER_PAGE
        shown = bench_items[start : start + CARDS_PER_PAGE]
        shown_ids = [i.role.id for i in shown]

        parts = await asyncio.gather(*(self.card_parts(i) for i in shown_ids))
        nine_box = await nine_box_read
        by_role: dict[str, list[Assessment]] = {}
        for a in changes:
            by_role.setdefault(a.role_id, []).append(a)
        steps = [s for _, _, chain in parts if chain for s in chain.steps]
        chain_people = [s.employee_id for s in steps]
        chain_roles = [s.role_id for s in steps]
        shown_changes = [a for i in shown_ids for a in by_role.get(i, [])[:CHANGES_PER_CARD]]
        on_page = [
            *(e.id for i in shown for e in i.incumbents),
            *(x.employee.id for slate, _, _ in parts for x in slate or ()),
            *(c.employee.id for _, candidates, _ in parts for c in candidates or () if c.hidden),
            *chain_people,
            *(a.employee_id for a in shown_changes),
            *(e.id for c in nine_box for e in c.employees[:NINE_BOX_NAMES]),
        ]
        names, roles, units, sensitive, linkable = await asyncio.gather(
            self.employees(chain_people + [a.employee_id for a in shown_changes]),
            self.roles(chain_roles),
            self.units_of(shown_ids),
            self.sensitive([e.id for i in shown for e in i.incumbents]),
            self.linkable(on_page),
        )
        cards = []
        for item, (slate, candidates, chain) in zip(shown, parts, strict=True):
            role_id = item.role.id
            role_changes = by_role.get(role_id, [])
            cards.append(
                Card(
                    item=item,
                    unit=units.get(role_id),
                    incumbents=_riskiest(item.incumbents, sensitive)[:INCUMBENTS_SHOWN],
                    slate=slate,
                    hidden=None
                    if candidates is None
                    else [c for c in candidates if c.hidden][:HIDDEN_SHOWN],
                    chain=chain,
                    moves=[
                        ChainMove(
                            role=roles.get(s.role_id),
                            role_id=s.role_id,
                            person=names.get(s.employee_id),
                            person_id=s.employee_id,
                            readiness=s.readiness.value,
                            fit=s.fit,
                        )
                        for s in (chain.steps if chain else [])
                    ],
                    exposure=exposures.get(role_id),
                    changes=role_changes[:CHANGES_PER_CARD] if since else None,
                    changes_total=len(role_changes),
                )
            )
        return ReviewPage(
            filters=filters,
            scope=scope,
            tree=tree,
            summary=summary,
            cards=cards,
            pages=pages,
            nine_box=nine_box,
            changes_read=len(changes),
            changes_truncated=truncated,
            names=names,
            sensitive=sensitive,
            linkable=linkable,
        )

    async def person(self, employee_id: str) -> PersonPage:
        person, (held_ids, manager_id), page = await asyncio.gather(
            people.employee(self.db, employee_id, principal=self.principal),
            asyncio.gather(
                self.loaders.employee_roles.load(employee_id),
                self.loaders.manager.load(employee_id),
            ),
            succession.talent_map(
                self.db, self.settings, employee_id, TALENT_MAP_ENTRIES, principal=self.principal
            ),
        )
        target_ids = [e.role.id for e in page.items]
        mentor_ids = [m.id for e in page.items for g in e.gaps for m in g.mentors]
        roles, units, managers, sensitive, linkable = await asyncio.gather(
            self.roles(held_ids),
            self.units_of([*held_ids, *target_ids]),
            self.employees([manager_id] if manager_id else []),
            self.sensitive([employee_id]),
            self.linkable([*mentor_ids, *([manager_id] if manager_id else [])]),
        )
        return PersonPage(
            person=person,
            roles=[roles[i] for i in held_ids if i in roles],
            units=units,
            manager=managers.get(manager_id) if manager_id else None,
            talent_map=page.items,
            more=page.has_next_page,
            ratings_shown=employee_id in sensitive,
            linkable=linkable,
        )

    async def sensitive(self, ids: Sequence[str]) -> set[str]:
        """Whose performance, potential and risk of loss the caller may see."""
        return await people.sensitive_people(self.db, self.principal, list(dict.fromkeys(ids)))

    async def linkable(self, ids: Sequence[str]) -> set[str]:
        """Whose person page the caller may open (names of others are not links)."""
        return await people.readable_people(self.db, self.principal, list(dict.fromkeys(ids)))


async def _nothing() -> tuple[list[Assessment], bool]:
    return [], False


async def _no_cells() -> list[NineBoxCell]:
    return []


_LEVEL_ORDER = {"HIGH": 0, "MEDIUM": 1, "LOW": 2}


def _riskiest(incumbents: list[Employee], sensitive: set[str]) -> list[Employee]:
    """Highest risk of loss first, then impact of loss (unknown counts as MEDIUM, as in
    key-person risk); only when the caller may see both for everyone, else as given (by id)."""
    if not all(e.id in sensitive for e in incumbents):
        return incumbents

    def rank(level: Any) -> int:
        return _LEVEL_ORDER.get(getattr(level, "value", "MEDIUM"), 1)

    return sorted(incumbents, key=lambda e: (rank(e.risk_of_loss), rank(e.impact_of_loss), e.id))


def _summary(items: list[BenchItem], exposures: Mapping[str, RoleExposure]) -> Summary:
    coverage = dict.fromkeys(Coverage, 0)
    for item in items:
        coverage[item.coverage] += 1
    exposed = [
        i
        for i in items
        if (found := exposures.get(i.role.id)) is not None and found.exposure >= EXPOSED_AT
    ]
    return Summary(
        roles=len(items),
        critical=sum(1 for i in items if i.role.critical),
        coverage=coverage,
        top_risks=[i for i in items if (i.key_person_risk or 0.0) > 0][:TOP_RISKS],
        exposed_roles=len(exposed),
        # headcount = active incumbents, as automationExposedRoles counts it
        exposed_headcount=sum(len(i.incumbents) for i in exposed),
        exposure_known=sum(1 for i in items if i.role.id in exposures),
    )
