"""Succession reviews (DESIGN §1): for each role in view, its bench, slate, hidden candidates,
vacancy chain, exposure and recent changes, a summary, and the 9-box of the unit; and a person's
page with their talent map. The review page (api/review/) parses the request, asks here, and
renders what it gets.

`scope` says whose review a caller may open and of which units (the rules are the rulebook's,
graph/services/access.py); `pages` what a review and a person's page contain; `reader` reads them
through the same services GraphQL calls; `summary` counts and ranks what was read.
"""

from graph.services.review.pages import (
    CANDIDATES_SCANNED,
    CARDS_PER_PAGE,
    EXPOSED_AT,
    NINE_BOX_NAMES,
    Card,
    ChainMove,
    PersonPage,
    ReviewFilters,
    ReviewPage,
    Summary,
)
from graph.services.review.reader import ReviewReader, person_page, review_page
from graph.services.review.scope import ReviewScope, may_review, scope_of

__all__ = [
    "CANDIDATES_SCANNED",
    "CARDS_PER_PAGE",
    "EXPOSED_AT",
    "NINE_BOX_NAMES",
    "Card",
    "ChainMove",
    "PersonPage",
    "ReviewFilters",
    "ReviewPage",
    "ReviewReader",
    "ReviewScope",
    "Summary",
    "may_review",
    "person_page",
    "review_page",
    "scope_of",
]
