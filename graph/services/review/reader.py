"""Reading a succession review and a person's page, from the same service functions GraphQL calls.

Every figure on the page is the one an API client gets for the same question: the summary and
the cards come from `benchStrength` (bench, coverage, key-person risk, incumbents), each card from
`successors`, `successionCandidates`, `vacancyChain` and `Role.exposure`, the changes from
`readinessChanges`, the 9-box from `nineBox`, a person's page from `talentMap`; names and titles
are the same directory fields the API's DataLoaders read. Nothing here computes a figure of its
own; it only counts and slices what the services return.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from graph.auth import Principal
from graph.db import Database
from graph.errors import NotFound, TalentGraphError
from graph.exposure import RoleExposure
from graph.models import (
    Assessment,
    BenchItem,
    Candidate,
    Employee,
    NineBoxCell,
    OrgUnit,
    Role,
    Successor,
    VacancyChain,
)
from graph.repositories import employees as employee_reads
from graph.repositories import roles as role_reads
from graph.services import audit, exposure, people, readiness, succession, talent_maps
from graph.services.org_units import UnitTree
from graph.services.review.pages import (
    BENCH_PAGE,
    CANDIDATES_SCANNED,
    CARDS_PER_PAGE,
    CHAIN_DEPTH,
    CHANGES_PAGE,
    CHANGES_PER_CARD,
    HIDDEN_SHOWN,
    INCUMBENTS_SHOWN,
    MAX_CHANGES,
    NINE_BOX_NAMES,
    TALENT_MAP_ENTRIES,
    Card,
    ChainMove,
    PersonPage,
    ReviewFilters,
    ReviewPage,
)
from graph.services.review.scope import ReviewScope
from graph.services.review.summary import riskiest, summary
from graph.settings import Settings

T = TypeVar("T")


class ReviewReader:
    """One page's reads, as `principal`: the services check their rights and scope."""

    def __init__(self, db: Database, settings: Settings, principal: Principal) -> None:
        self.db = db
        self.settings = settings
        self.principal = principal

    async def bench(self, filters: ReviewFilters) -> list[BenchItem]:
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
        self, role_ids: Sequence[str]
    ) -> list[tuple[list[Successor] | None, list[Candidate] | None, VacancyChain | None]]:
        """Each role's slate, best candidates and vacancy chain: one read of each kind for all
        the roles. None where the caller may not see it (the rest of the page still renders,
        saying so) or the role went away since the list was read."""
        if not role_ids:
            return []
        slates, candidates, chains = await asyncio.gather(
            succession.successors_of(self.db, role_ids, principal=self.principal),
            succession.candidates_of(
                self.db,
                self.settings,
                role_ids,
                CANDIDATES_SCANNED,
                0.0,
                principal=self.principal,
            ),
            succession.vacancy_chains(self.db, role_ids, CHAIN_DEPTH, principal=self.principal),
        )
        return [(_shown(slates[r]), _shown(candidates[r]), _shown(chains[r])) for r in role_ids]

    async def exposures(self, role_ids: Sequence[str]) -> dict[str, RoleExposure]:
        if not role_ids:
            return {}
        return await exposure.role_exposures(self.db, self.settings, role_ids)

    async def employees(self, ids: Sequence[str]) -> dict[str, Employee]:
        """Directory fields (name, title) of the people named on a page, unchecked: each is
        reached through something the caller may read (a slate, a chain, a change)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        async with self.db.reading() as tx:
            found = await employee_reads.get_many(tx, wanted)
        return {e.id: e for i in wanted if (e := found.get(i)) is not None}

    async def roles(self, ids: Sequence[str]) -> dict[str, Role]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        async with self.db.reading() as tx:
            found = await role_reads.get_many(tx, wanted)
        return {r.id: r for i in wanted if (r := found.get(i)) is not None}

    async def units_of(self, role_ids: Sequence[str]) -> dict[str, OrgUnit]:
        ids = list(dict.fromkeys(role_ids))
        if not ids:
            return {}
        async with self.db.reading() as tx:
            found = await role_reads.org_units_of(tx, ids)
        return {i: u for i in ids if (u := found.get(i)) is not None}

    async def review(
        self, filters: ReviewFilters, scope: ReviewScope, tree: UnitTree
    ) -> ReviewPage:
        since = filters.since_time
        # The 9-box of the unit, or of the whole organisation for those who see all of it. It is
        # the slowest read of a large unit, so it runs beside everything else.
        nine_box_read = asyncio.ensure_future(
            succession.nine_box(self.db, filters.unit, principal=self.principal)
            if filters.with_nine_box
            and (filters.unit is not None or (scope.whole_organisation and filters.whole_box))
            else _no_cells()
        )
        try:
            return await self._review(filters, scope, tree, since, nine_box_read)
        finally:
            if not nine_box_read.done():
                nine_box_read.cancel()

    async def _review(
        self,
        filters: ReviewFilters,
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
        pages = max(1, -(-len(bench_items) // CARDS_PER_PAGE))
        if filters.page > pages:
            raise NotFound(f"there are only {pages} pages of roles", field="page")
        start = (filters.page - 1) * CARDS_PER_PAGE
        places = (
            range(start, min(start + CARDS_PER_PAGE, len(bench_items)))
            if filters.roles is None
            else [n for n, i in enumerate(bench_items) if i.role.id in filters.roles]
        )
        shown = [bench_items[n] for n in places]
        shown_ids = [i.role.id for i in shown]

        exposures, parts = await asyncio.gather(
            self.exposures([i.role.id for i in bench_items]), self.card_parts(shown_ids)
        )
        figures = summary(bench_items, exposures)
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
            self.employees(
                chain_people
                + [a.employee_id for a in shown_changes]
                + [e.id for i in shown for e in i.incumbents]
            ),
            self.roles(chain_roles),
            self.units_of(shown_ids),
            self.sensitive([e.id for i in shown for e in i.incumbents]),
            self.linkable(on_page),
        )
        cards = []
        for place, item, (slate, candidates, chain) in zip(places, shown, parts, strict=True):
            role_id = item.role.id
            role_changes = by_role.get(role_id, [])
            cards.append(
                Card(
                    item=item,
                    index=place + 1,
                    unit=units.get(role_id),
                    incumbents=[
                        names[e.id]
                        for e in riskiest(item.incumbents, sensitive)[:INCUMBENTS_SHOWN]
                        if e.id in names
                    ],
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
            summary=figures,
            cards=cards,
            pages=pages,
            nine_box=nine_box,
            changes_read=len(changes),
            changes_truncated=truncated,
            names=names,
            sensitive=sensitive,
            linkable=linkable,
        )

    async def _held_and_manager(
        self, employee_id: str
    ) -> tuple[dict[str, list[str]], dict[str, str]]:
        async with self.db.reading() as tx:
            held = await employee_reads.roles_of(tx, [employee_id])
            managers = await employee_reads.managers_of(tx, [employee_id])
        return held, managers

    async def person(self, employee_id: str) -> PersonPage:
        person, (held, managers_of), page = await asyncio.gather(
            people.employee(self.db, employee_id, principal=self.principal),
            self._held_and_manager(employee_id),
            talent_maps.talent_map(
                self.db, self.settings, employee_id, TALENT_MAP_ENTRIES, principal=self.principal
            ),
        )
        held_ids, manager_id = held.get(employee_id, []), managers_of.get(employee_id)
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


async def review_page(
    db: Database,
    settings: Settings,
    filters: ReviewFilters,
    scope: ReviewScope,
    tree: UnitTree,
    *,
    principal: Principal,
) -> ReviewPage:
    """The review `filters` ask for, as much of it as `principal` may see (`scope` and `tree`:
    from `scope_of` and `unit_tree`); noted in the audit trail's read log.

    Without a unit, a manager's review is of the top-most unit they manage. Forbidden outside the
    caller's part of the organisation, whether or not the unit exists (checked first); NotFound
    for an unknown unit or a page past the last.
    """
    if filters.unit is None and not scope.whole_organisation and scope.roots:
        filters = replace(filters, unit=scope.roots[0])
    scope.check(filters.unit)
    if filters.unit is not None and filters.unit not in tree:
        raise NotFound(f"no org unit with id {filters.unit!r}", field="unit")
    page = await ReviewReader(db, settings, principal).review(filters, scope, tree)
    _record_reads(db, principal, page)
    return page


def _record_reads(db: Database, principal: Principal, page: ReviewPage) -> None:
    """The audit trail's read log: the page, the ratings and the notes it shows (its 9-box is
    recorded by the service that read it)."""
    audit.read(db, principal, "reviewPage", [page.filters.unit or "all"])
    shown = [e.id for card in page.cards for e in card.incumbents if e.id in page.sensitive]
    if shown:
        audit.read(db, principal, "ratings", shown)
    noted = [a.employee_id for card in page.cards for a in card.changes or [] if a.note]
    if noted:
        audit.read(db, principal, "notes", noted)


async def person_page(
    db: Database, settings: Settings, employee_id: str, *, principal: Principal
) -> PersonPage:
    """A person and their talent map, as `principal` may see them; noted in the read log."""
    page = await ReviewReader(db, settings, principal).person(employee_id)
    audit.read(db, principal, "personPage", [page.person.id])
    if page.ratings_shown:
        audit.read(db, principal, "ratings", [page.person.id])
    return page


def _shown(found: T | TalentGraphError) -> T | None:
    """A part of a card, or None when the services refused it (Forbidden, NotFound)."""
    return None if isinstance(found, TalentGraphError) else found


async def _nothing() -> tuple[list[Assessment], bool]:
    return [], False


async def _no_cells() -> list[NineBoxCell]:
    return []
