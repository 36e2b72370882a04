"""Organisations that several test files share, each built with the one builder (`Org`).

- `access_org()` (and `seed`, which adds two noted nominations): the access-control tests'
  organisation; tests/support/callers.py holds a token for each kind of caller.
- `review_org()`: the review page's organisation (tests/api/test_review_page.py and
  tests/browser/test_review_browser.py).

A test file's own small organisation stays in that file, built with `Org` as well.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from graph.auth import LOCAL_DEVELOPER
from graph.db import Database
from graph.models import Readiness
from graph.services import readiness
from tests.support.factories import Org

# -- access control ----------------------------------------------------------------------------

SINCE = "2000-01-01T00:00:00Z"
RATED = {"performance": "HIGH", "potential": "MODERATE", "risk_of_loss": "HIGH"}


def access_org() -> Org:
    """The access-control tests' organisation (callers: tests/support/callers.py).

        ROOT ─ U1 ─ U1A          ROOT ─ U2
        ceo (RTOP, ROOT)
        ├── M (RM, U1)            manager; their units: U1 and U1A
        │   └── A (R1*, U1A)      employee; M's direct report
        │       └── A2 (R1B, U1A) in M's subtree through A
        └── O (R2*, U2)           outside M's subtree and units
            └── O2 (RO2, U2)

    Critical roles (*): R1 in U1A (M's units), R2 in U2 (not). Slates: R1 has A2 (in M's subtree,
    with a note) and O2 (outside it, with a note); R2 has O2 and A2 (imported, no note).
    """
    rated: dict[str, Any] = {**RATED, "impact_of_loss": "MEDIUM"}
    return (
        Org()
        .unit("ROOT")
        .unit("U1", parent="ROOT")
        .unit("U1A", parent="U1")
        .unit("U2", parent="ROOT")
        .skill("s1")
        .skill("s2")
        .role("RTOP", "ROOT", {"s1": (3, 1)}, grade=5)
        .role("RM", "U1", {"s1": (2, 1), "s2": (2, 1)}, grade=4)
        .role("R1", "U1A", {"s1": (2, 1)}, grade=3, critical=True)
        .role("R1B", "U1A", {"s1": (1, 1), "s2": (1, 1)}, grade=2)
        .role("R2", "U2", {"s1": (2, 1)}, grade=3, critical=True)
        .role("RO2", "U2", {"s1": (1, 1)}, grade=2)
        .employee("ceo", holds=("RTOP",), skills={"s1": 3}, **rated)
        .employee("M", holds=("RM",), skills={"s1": 2, "s2": 2}, manager="ceo", **rated)
        .employee("A", holds=("R1",), skills={"s1": 2, "s2": 1}, manager="M", **rated)
        .employee("A2", holds=("R1B",), skills={"s1": 2, "s2": 2}, manager="A", **rated)
        .employee("O", holds=("R2",), skills={"s1": 2}, manager="ceo", **rated)
        .employee("O2", holds=("RO2",), skills={"s1": 1}, manager="O", **rated)
        .assess("O2", "R2", "READY_NOW")
        .assess("A2", "R2", "READY_3_5_YEARS")
    )


async def seed_access_org(db: Database) -> None:
    """`access_org()`, then two noted nominations for R1 written as an admin would."""
    await access_org().save(db)
    await nominate(db, "A2", "R1", "in M's subtree")
    await nominate(db, "O2", "R1", "outside M's subtree")


async def nominate(db: Database, employee_id: str, role_id: str, note: str = "noted") -> None:
    await readiness.assess_readiness(
        db, employee_id, role_id, Readiness.READY_1_2_YEARS, note, principal=LOCAL_DEVELOPER
    )


# -- the review page ----------------------------------------------------------------------------

#: A title that must come out escaped, never as markup.
NASTY_TITLE = 'Head of Sales <script>alert("x")</script> & Co'


def _at(year: int, month: int, day: int) -> datetime:
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
        .assess("eu1", "HEAD", "READY_1_2_YEARS", at=_at(2025, 6, 1))
        .assess("eu2", "HEAD", "READY_NOW", at=_at(2026, 1, 10))
        .assess("ops1", "EU", "READY_3_5_YEARS", at=_at(2026, 2, 1))
    )
