"""The workforce index (graph/scoring/workforce.py), pure: seats rebuilt from events, headcount
counting people (not seats), and hazards as seat time, on rows written out by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.scoring.workforce import GroupBy, Workforce, build, figures, hazards

T0 = datetime(2025, 1, 1, tzinfo=UTC)
T1 = datetime(2025, 4, 1, tzinfo=UTC)
T2 = datetime(2025, 7, 1, tzinfo=UTC)
T3 = datetime(2025, 10, 1, tzinfo=UTC)


def ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


ROLES = [
    {"id": "R1", "title": "One", "grade": 1, "critical": False, "unit_id": "U1"},
    {"id": "R2", "title": "Two", "grade": 2, "critical": True, "unit_id": "U1"},
    {"id": "R3", "title": "Three", "grade": 9, "critical": False, "unit_id": "U2"},
]
UNITS = [
    {"id": "U0", "parent_id": None},
    {"id": "U1", "parent_id": "U0"},
    {"id": "U2", "parent_id": "U0"},
]


def columns(keys: tuple[str, ...], rows: list[tuple[object, ...]]) -> dict[str, list[object]]:
    return {k: [row[i] for row in rows] for i, k in enumerate(keys)}


def workforce() -> Workforce:
    # s: no events, holds R1 and R2 (both U1) and R3 (U2).
    # p: R1 before the history; MOVE R1 -> R2 at T1; EXIT R2 at T2.
    # h: HIRE R3 at T1, still there.
    events = columns(
        ("employee_id", "hired_on", "kind", "at", "from_role_id", "to_role_id", "reason"),
        [
            ("p", None, "EXIT", ms(T2), "R2", None, "VOLUNTARY"),
            ("p", None, "MOVE", ms(T1), "R1", "R2", None),
            ("h", ms(T0), "HIRE", ms(T1), None, "R3", None),
        ],
    )
    steady = columns(
        ("employee_id", "hired_on", "role_id"),
        [("s", None, "R1"), ("s", None, "R2"), ("s", None, "R3")],
    )
    filled = columns(("role_id", "opened_at", "filled_at", "fill"), [])
    return build(ROLES, events, steady, filled, UNITS)


def test_headcount_counts_people_once_per_group() -> None:
    whole = workforce()
    by_unit = {f.group: f for f in figures(whole, T0, T3, GroupBy.ORG_UNIT)}
    # U1 at T0: s (two seats, one person) and p (R1): 2. At T3: s only: 1.
    assert (by_unit["U1"].headcount_start, by_unit["U1"].headcount_end) == (2, 1)
    # U2: s throughout, h from T1.
    assert (by_unit["U2"].headcount_start, by_unit["U2"].headcount_end) == (1, 2)
    by_role = {f.group: f for f in figures(whole, T0, T3, GroupBy.ROLE)}
    assert [by_role[r].headcount_start for r in ("R1", "R2", "R3")] == [2, 1, 1]
    total = figures(whole, T0, T3)[0]
    assert (total.headcount_start, total.headcount_end) == (2, 2)  # s and p; s and h
    assert (total.attrition.count, total.internal_mobility.count) == (1, 1)
    # The scope U2 alone: nothing left it.
    u2 = whole.scoped(whole.roles_under(["U2"]))
    assert sorted(u2.roles) == ["R3"]
    assert figures(u2, T0, T3)[0].attrition.count == 0


def test_hazards_are_seat_time_over_the_window() -> None:
    found, q_org = hazards(workforce(), T0, T3, k=0)
    quarter = 365.25 / 4
    # R1: s all window (273 days) + p until T1 (90 days); one event (p's MOVE).
    assert found["R1"].incumbent_quarters == pytest.approx((273 + 90) / quarter)
    assert found["R1"].events == 1
    # R2: s all window + p from T1 to T2 (91 days); p's EXIT.
    assert found["R2"].incumbent_quarters == pytest.approx((273 + 91) / quarter)
    # R3: s all window + h from T1 (183 days); nobody left.
    assert (found["R3"].events, found["R3"].value) == (0, 0)
    total = (273 + 90 + 273 + 91 + 273 + 183) / quarter
    assert q_org == pytest.approx(2 / total)
    assert found["R1"].value == pytest.approx(1 / ((273 + 90) / quarter))
