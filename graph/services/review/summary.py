"""A review's summary figures and the order of a card's incumbents (riskiest first).

Both only count and sort what the services returned: key-person risk, coverage and exposure
are computed by them (graph/services/succession.py, graph/services/exposure.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.exposure import RoleExposure
from graph.models import BenchItem, Coverage, Incumbent
from graph.services.review.pages import EXPOSED_AT, TOP_RISKS, Summary

_LEVEL_ORDER = {"HIGH": 0, "MEDIUM": 1, "LOW": 2}


def riskiest(incumbents: list[Incumbent], sensitive: set[str]) -> list[Incumbent]:
    """Highest risk of loss first, then impact of loss (unknown counts as MEDIUM, as in
    key-person risk); only when the caller may see both for everyone, else as given (by id)."""
    if not all(e.id in sensitive for e in incumbents):
        return incumbents

    def rank(level: Any) -> int:
        return _LEVEL_ORDER.get(getattr(level, "value", "MEDIUM"), 1)

    return sorted(incumbents, key=lambda e: (rank(e.risk_of_loss), rank(e.impact_of_loss), e.id))


def summary(items: list[BenchItem], exposures: Mapping[str, RoleExposure]) -> Summary:
    """The figures above the cards, of every role in view (`items`, by key-person risk desc)."""
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
