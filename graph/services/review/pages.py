"""What a succession review and a person's page contain: their parts, and how much of each.

The limits keep a review readable in a meeting and on paper (a card fits one printed page) and
bound what one page reads; the interfaces only show what is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

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
from graph.services import exposure, readiness, succession
from graph.services.org_units import UnitTree
from graph.services.review.scope import ReviewScope

#: Role cards per page; the rest are a "next" link away.
CARDS_PER_PAGE = 50
#: Hidden candidates are picked from this many best-fitting candidates (successionCandidates first).
CANDIDATES_SCANNED = 10
HIDDEN_SHOWN = 3
#: A card fits one printed page: at most this many incumbents (riskiest first).
INCUMBENTS_SHOWN = 6
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

BENCH_PAGE = succession.MAX_BENCH_PAGE
CHANGES_PAGE = readiness.MAX_CHANGES_PAGE


@dataclass(frozen=True)
class ReviewFilters:
    """Which roles a review is of: those of `unit` and the units below it (None: the whole
    organisation), critical ones only or all, only those whose slate changed since a day; and
    which page of their cards."""

    unit: str | None = None
    critical_only: bool = True
    since: date | None = None
    page: int = 1
    #: Draw the whole organisation's 9-box when no unit is chosen (it reads every rated person,
    #: so it is asked for rather than drawn on every visit).
    whole_box: bool = False
    #: Only the cards of these roles, wherever they fall in the order (a live update of a
    #: calibration session's page); None: the cards of `page`.
    roles: tuple[str, ...] | None = None
    #: Whether to read the 9-box (a live update of a card does not need it).
    with_nine_box: bool = True

    @property
    def since_time(self) -> datetime | None:
        """Midnight UTC at the start of the `since` day: changes at or after it count."""
        return datetime.combine(self.since, time(), UTC) if self.since else None


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
    #: The card's place among all the review's cards, from 1 (its anchor: `#card-<index>`).
    index: int
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
    #: The filters the page shows (as given, with a manager's default unit filled in).
    filters: ReviewFilters
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
