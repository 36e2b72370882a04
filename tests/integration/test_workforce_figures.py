"""Workforce figures (DESIGN §4) on a hand-computed organisation: every number below is worked
out by hand in the comments, including events exactly at `from` and at `to`, someone who leaves
and returns, and a unit with no events.

Window [2025-01-01, 2026-01-01): 365 days, so an annualised rate is count / average headcount.
Units U1, U2, U3 under U0; roles R1 (U1, grade 3), R2 (U1, grade 5), R3 (U2, grade 3),
R4 (U3, grade 9).

people  story                                                       now
A, B    hold R1 throughout (no events)                              R1
C       HIRE R1 at 2025-01-01T00:00 (exactly `from`)                R1
D       R1 before; PROMOTION R1 -> R2 2025-06-01                    R2
E       R2 before; EXIT 2026-01-01T00:00 (exactly `to`: outside)    left
F       R3 before; EXIT 2025-03-01 VOLUNTARY; HIRE R3 2025-09-01    R3 (left and returned)
G       R3 before; EXIT 2025-01-01T00:00 INVOLUNTARY (at `from`)    left
H       holds R3 throughout                                         R3
I, M    hold R4 throughout (U3: no events at all); M manages U3     R4
J       R3 before; MOVE R3 -> R1 2025-11-15                         R1
K       HIRE R2 2024-06-01; EXIT 2025-04-01 RETIREMENT              left

Headcount at `from` (a HIRE at t counts at t, an EXIT at t does not): R1 A B C D, R2 E K,
R3 F H J, R4 I M = 11. At `to`: R1 A B C J, R2 D (E leaves at `to`), R3 F H, R4 I M = 9.
Average 10. Exits in the window: G, F, K = 3 (E's is at `to`): attrition 0.3. Moves and
promotions out of a role: D, J = 2: mobility 0.2.
Requisitions filled in the window: Q1 R1 31 days (filled exactly at `from`), Q2 R2 61 INTERNAL,
Q3 R3 184, Q4 R1 45 INTERNAL; Q5 is filled exactly at `to` (outside), Q6 is open. Time to fill
median (45 + 61) / 2 = 53, p90 (nearest rank, the 4th of 4) 184; internal fill rate 2 / 4.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graph.auth import AccessRole, Principal
from graph.db import Database
from graph.errors import BadUserInput, Forbidden
from graph.scoring.workforce import GroupBy
from graph.services.workforce import workforce_figures
from graph.settings import Settings
from tests.support.factories import Org

HR = Principal("hr", frozenset({AccessRole.HR}))
MANAGER = Principal("m", frozenset({AccessRole.MANAGER}), employee_id="M")
A, B = datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)


def organisation(critical_r4: bool = False) -> Org:
    return (
        Org()
        .unit("U0")
        .unit("U1", parent="U0")
        .unit("U2", parent="U0")
        .unit("U3", parent="U0")
        .role("R1", "U1", grade=3)
        .role("R2", "U1", grade=5)
        .role("R3", "U2", grade=3)
        .role("R4", "U3", grade=9, critical=critical_r4)
        .employee("A", ("R1",), hired_on=date(2020, 1, 1))
        .employee("B", ("R1",), hired_on=date(2021, 1, 1))
        .employee("C", ("R1",), hired_on=date(2025, 1, 1))
        .employee("D", ("R2",), hired_on=date(2019, 1, 1))
        .employee("E", active=False, hired_on=date(2018, 1, 1))
        .employee("F", ("R3",), hired_on=date(2025, 9, 1))
        .employee("G", active=False, hired_on=date(2024, 7, 1))
        .employee("H", ("R3",), hired_on=date(2019, 1, 1))
        .employee("I", ("R4",), hired_on=date(2017, 1, 1))
        .employee("M", ("R4",), hired_on=date(2018, 1, 1))
        .employee("J", ("R1",), hired_on=date(2022, 1, 1))
        .employee("K", active=False, hired_on=date(2024, 6, 1))
        .event("C", "HIRE", "2025-01-01T00:00:00Z", to_role="R1")
        .event("D", "PROMOTION", "2025-06-01T09:00:00Z", "R1", "R2")
        .event("E", "EXIT", "2026-01-01T00:00:00Z", "R2", reason="VOLUNTARY")
        .event("F", "EXIT", "2025-03-01T17:00:00Z", "R3", reason="VOLUNTARY")
        .event("F", "HIRE", "2025-09-01T09:00:00Z", to_role="R3")
        .event("G", "EXIT", "2025-01-01T00:00:00Z", "R3", reason="INVOLUNTARY")
        .event("J", "MOVE", "2025-11-15T09:00:00Z", "R3", "R1")
        .event("K", "HIRE", "2024-06-01T09:00:00Z", to_role="R2")
        .event("K", "EXIT", "2025-04-01T00:00:00Z", "R2", reason="RETIREMENT")
        .requisition("Q1", "R1", "2024-12-01T00:00:00Z", "2025-01-01T00:00:00Z", "EXTERNAL", "C")
        .requisition("Q2", "R2", "2025-04-01T09:00:00Z", "2025-06-01T09:00:00Z", "INTERNAL", "D")
        .requisition("Q3", "R3", "2025-03-01T09:00:00Z", "2025-09-01T09:00:00Z", "EXTERNAL", "F")
        .requisition("Q4", "R1", "2025-10-01T09:00:00Z", "2025-11-15T09:00:00Z", "INTERNAL", "J")
        .requisition("Q5", "R2", "2025-12-01T00:00:00Z", "2026-01-01T00:00:00Z", "EXTERNAL")
        .requisition("Q6", "R4", "2025-12-01T00:00:00Z")
    )


@pytest.fixture
async def org(db: Database) -> None:
    await organisation().save(db)


async def test_whole_organisation(db: Database, org: None) -> None:
    report = await workforce_figures(db, Settings(), A, B, principal=HR)
    total = report.total.figures
    assert total is not None
    assert (total.headcount_start, total.headcount_end, total.average_headcount) == (11, 9, 10)
    assert (total.attrition.count, total.attrition.denominator) == (3, 10)
    assert total.attrition.rate == pytest.approx(0.3)
    by_reason = {r.reason: r.count for r in total.attrition_by_reason}
    assert by_reason == {"VOLUNTARY": 1, "INVOLUNTARY": 1, "RETIREMENT": 1, "OTHER": 0}
    assert total.internal_mobility.count == 2
    assert total.internal_mobility.rate == pytest.approx(0.2)
    assert total.time_to_fill is not None
    assert (total.time_to_fill.count, total.time_to_fill.median_days) == (4, 53)
    assert total.time_to_fill.p90_days == 184
    assert total.internal_fill_rate is not None
    assert (total.internal_fill_rate.count, total.internal_fill_rate.denominator) == (2, 4)
    assert total.internal_fill_rate.rate == 0.5
    # The first quarter: 11 at its start; at 2025-04-01 K's EXIT (at that instant) no longer
    # counts, nor F (left 03-01) nor G: R1 A B C D, R2 E, R3 H J, R4 I M = 9. Exits G and F;
    # K's is the second quarter's.
    first = report.trend[0]
    assert (first.start, first.end) == (A, datetime(2025, 4, 1, tzinfo=UTC))
    assert first.figures is not None
    assert (first.figures.headcount_start, first.figures.headcount_end) == (11, 9)
    assert first.figures.attrition.count == 2
    assert first.figures.attrition.rate == pytest.approx(2 / 10 * 365 / 90)
    assert len(report.trend) == 4
    assert sum(p.figures.attrition.count for p in report.trend if p.figures) == 3


async def test_by_org_unit(db: Database, org: None) -> None:
    report = await workforce_figures(db, Settings(), A, B, group_by=GroupBy.ORG_UNIT, principal=HR)
    groups = {g.group: g.figures for g in report.groups}
    assert set(groups) == {"U1", "U2", "U3"}
    u1, u2, u3 = groups["U1"], groups["U2"], groups["U3"]
    assert u1 is not None and u2 is not None and u3 is not None
    # U1: R1 A B C D + R2 E K = 6 at `from`; A B C J + D = 5 at `to`; K left; D promoted.
    assert (u1.headcount_start, u1.headcount_end, u1.attrition.count) == (6, 5, 1)
    assert u1.attrition.rate == pytest.approx(1 / 5.5)
    assert u1.internal_mobility.count == 1
    assert u1.time_to_fill is not None and u1.internal_fill_rate is not None
    assert (u1.time_to_fill.median_days, u1.time_to_fill.p90_days) == (45, 61)
    assert u1.internal_fill_rate.rate == pytest.approx(2 / 3)
    # U2: F H J then F H; G and F left, J moved out.
    assert (u2.headcount_start, u2.headcount_end, u2.attrition.count) == (3, 2, 2)
    assert u2.internal_mobility.count == 1
    assert u2.internal_fill_rate is not None and u2.internal_fill_rate.rate == 0
    # U3: no events at all.
    assert (u3.headcount_start, u3.headcount_end, u3.attrition.count) == (2, 2, 0)
    assert u3.attrition.rate == 0
    assert u3.time_to_fill is not None
    assert (u3.time_to_fill.count, u3.time_to_fill.median_days) == (0, None)
    assert u3.internal_fill_rate is not None and u3.internal_fill_rate.rate is None


async def test_by_tenure_band(db: Database, org: None) -> None:
    report = await workforce_figures(
        db, Settings(), A, B, group_by=GroupBy.TENURE_BAND, principal=HR
    )
    exits = {g.group: g.figures.attrition.count for g in report.groups if g.figures}
    # G (hired 2024-07-01) and K (hired 2024-06-01) left within a year; F's first stint began
    # before the history and their hiredOn is their return: tenure unknown.
    assert exits["<1y"] == 2 and exits["unknown"] == 1
    assert sum(exits.values()) == 3


async def test_a_manager_sees_their_units_and_no_small_group(db: Database, org: None) -> None:
    report = await workforce_figures(db, Settings(), A, B, principal=MANAGER)
    assert report.min_group_size == 5
    assert report.total.suppressed and report.total.figures is None
    assert report.total.note is not None and "fewer than 5" in report.total.note
    relaxed = Settings(workforce_min_group_size=2)
    seen = await workforce_figures(db, relaxed, A, B, principal=MANAGER)
    assert seen.total.figures is not None and seen.total.figures.headcount_start == 2
    with pytest.raises(Forbidden):
        await workforce_figures(db, Settings(), A, B, org_unit_id="U1", principal=MANAGER)


async def test_bad_arguments(db: Database, org: None) -> None:
    with pytest.raises(BadUserInput, match="`to` must be after `from`"):
        await workforce_figures(db, Settings(), B, A, principal=HR)
    with pytest.raises(BadUserInput, match="minGroupSize"):
        await workforce_figures(db, Settings(), A, B, min_group_size=0, principal=HR)


async def test_mobility_flows(db: Database, org: None) -> None:
    from graph.services.workforce import mobility_flows

    flows = await mobility_flows(db, Settings(), A, B, principal=HR)
    # D: R1 -> R2 within U1; J: R3 (U2) -> R1 (U1).
    assert [(f.from_unit, f.to_unit, f.count) for f in flows] == [("U1", "U1", 1), ("U2", "U1", 1)]


async def test_held_figures_follow_every_write(db: Database, org: None) -> None:
    """The histories are held per graph version: a second call reads nothing new, and a write
    by another tool (here, an EXIT straight into Neo4j) shows at once."""
    from graph.cypher import QUERY_COUNTS

    first = await workforce_figures(db, Settings(), A, B, principal=HR)
    read = QUERY_COUNTS["workforce/histories"]
    again = await workforce_figures(db, Settings(), A, B, principal=HR)
    assert QUERY_COUNTS["workforce/histories"] == read  # held: not read again
    assert again.total == first.total
    async with db.driver.session(database=db.database) as session:
        # A leaves R1 on 2025-06-01 (VOLUNTARY), written behind TalentGraph's back.
        await (
            await session.run(
                "MATCH (e:Employee {id: 'A'}), (r:Role {id: 'R1'}) "
                "CREATE (ev:EmploymentEvent {id: 'x1', kind: 'EXIT', reason: 'VOLUNTARY', "
                "at: datetime('2025-06-01T00:00:00Z')}) "
                "CREATE (ev)-[:OF]->(e), (ev)-[:FROM]->(r)"
            )
        ).consume()
    after = (await workforce_figures(db, Settings(), A, B, principal=HR)).total.figures
    assert after is not None
    # A held R1 at `from` (from before the history) and not at `to`: 11 then 8; 4 exits.
    assert (after.headcount_start, after.headcount_end, after.attrition.count) == (11, 8, 4)
    assert QUERY_COUNTS["workforce/histories"] == read + 1
