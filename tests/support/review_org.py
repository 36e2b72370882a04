"""A small organisation for the review page's tests, and helpers to read the page's HTML."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

from tests.support.factories import Org

#: A title that must come out escaped, never as markup.
NASTY_TITLE = 'Head of Sales <script>alert("x")</script> & Co'


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=UTC)


def review_org() -> Org:
    """ROOT ← SALES ← SALES_EU, ROOT ← OPS.

    | role | unit | critical | incumbent (risk, impact) | slate |
    |---|---|---|---|---|
    | HEAD (NASTY_TITLE) | SALES | yes | boss (HIGH, HIGH) | eu2 now (2026-01-10), eu1 1–2y (2025-06-01) |
    | EU | SALES_EU | yes | eu1 (MEDIUM, HIGH) | ops1 3–5y (2026-02-01) |
    | OPS | OPS | yes | ops1 (LOW, LOW) | nobody |
    | JUNIOR | SALES | no | eu2, hid | nobody |

    `hid` fits HEAD well (7/8) and was never assessed: a hidden candidate. boss manages eu1 and
    eu2; eu1 manages hid; ops1 reports to nobody. If HEAD falls vacant, eu2 moves up and
    JUNIOR (no slate) needs an external hire.
    """
    return (
        Org()
        .unit("ROOT", name="Kestrel & Vale")
        .unit("SALES", parent="ROOT", name="Sales")
        .unit("SALES_EU", parent="SALES", name="Sales Europe")
        .unit("OPS", parent="ROOT", name="Operations")
        .skill("s1", "Negotiation")
        .skill("s2", "Forecasting")
        .skill("s3", "German")
        .role(
            "HEAD",
            "SALES",
            {"s1": (3, 2), "s2": (2, 1)},
            grade=5,
            critical=True,
            title=NASTY_TITLE,
        )
        .role("EU", "SALES_EU", {"s1": (2, 1), "s3": (2, 1)}, grade=3, critical=True)
        .role("OPS", "OPS", {"s2": (3, 1)}, grade=4, critical=True, title="Head of Operations")
        .role("JUNIOR", "SALES", {"s1": (1, 1)}, grade=1, title="Sales Associate")
        .employee(
            "boss",
            holds=("HEAD",),
            skills={"s1": 3, "s2": 2},
            name="Bea Boss",
            risk_of_loss="HIGH",
            impact_of_loss="HIGH",
            performance="HIGH",
            potential="HIGH",
        )
        .employee(
            "eu1",
            holds=("EU",),
            skills={"s1": 2, "s3": 2},
            manager="boss",
            name="Eli Europe",
            risk_of_loss="MEDIUM",
            impact_of_loss="HIGH",
            performance="MODERATE",
            potential="HIGH",
        )
        .employee(
            "eu2",
            holds=("JUNIOR",),
            skills={"s1": 3, "s2": 2},
            manager="boss",
            name="Uma Upward",
            performance="HIGH",
            potential="MODERATE",
        )
        .employee(
            "hid",
            holds=("JUNIOR",),
            skills={"s1": 3, "s2": 1},
            manager="eu1",
            name="Hana <Hidden>",
            performance="MODERATE",
            potential="MODERATE",
        )
        .employee(
            "ops1",
            holds=("OPS",),
            skills={"s2": 3, "s1": 1},
            name="Otto Ops",
            risk_of_loss="LOW",
            impact_of_loss="LOW",
            performance="LOW",
            potential="MODERATE",
        )
        .assess("eu1", "HEAD", "READY_1_2_YEARS", at=at(2025, 6, 1))
        .assess("eu2", "HEAD", "READY_NOW", at=at(2026, 1, 10))
        .assess("ops1", "EU", "READY_3_5_YEARS", at=at(2026, 2, 1))
    )


_CARD = re.compile(r'<article class="role-card"[^>]*data-role-id="([^"]*)"')


def card_roles(html: str) -> list[str]:
    """The role ids of the cards on a page, in order."""
    return [unescape(m) for m in _CARD.findall(html)]


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{re.escape(name)}">([^<]*)<', html)
    assert found, f"no figure {name!r} on the page"
    return unescape(found.group(1))
