"""The demo's three years of workforce history: every person's story holds together and ends where
the holdings are (the import's own checks, graph/importing/history_checks.py), and it has the
patterns a workforce review looks for."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph.demo import generate_demo
from graph.demo.history import HISTORY_DAYS
from graph.importing.history_checks import Event, end_issues, story_issues
from graph.importing.rows import EmployeeRow, EmploymentEventRow, RequisitionRow, RoleRow

#: A fixed reference, so the history is the same whatever the day.
REFERENCE = datetime(2026, 1, 1, tzinfo=UTC)
N = 3000


@pytest.fixture(scope="module")
def rows() -> dict[str, list[dict[str, Any]]]:
    demo = generate_demo(N, seed=11, reference=REFERENCE)
    return {
        "events": list(demo.rows(EmploymentEventRow)),
        "requisitions": list(demo.rows(RequisitionRow)),
        "employees": list(demo.rows(EmployeeRow)),
        "roles": list(demo.rows(RoleRow)),
    }


def test_every_story_holds_together(rows: dict[str, list[dict[str, Any]]]) -> None:
    for row in rows["events"]:
        assert EmploymentEventRow.model_validate(row).params() == row
    for row in rows["requisitions"]:
        assert RequisitionRow.model_validate(row).params() == row
    stories: dict[str, list[tuple[Event, int | None]]] = defaultdict(list)
    for line, row in enumerate(rows["events"], start=2):
        stories[row["employee_id"]].append(
            (Event.of_row(EmploymentEventRow.model_validate(row)), line)
        )
    employees = {e["id"]: e for e in rows["employees"]}
    issues = []
    for person, story in stories.items():
        story.sort(key=lambda item: (item[0].at, item[0].id))
        issues += story_issues(person, story)
        e = employees[person]
        issues += end_issues(person, story, (e["active"], frozenset(e["role_ids"]), 1), None)
    assert issues == []


def test_history_has_the_patterns_of_a_workforce(rows: dict[str, list[dict[str, Any]]]) -> None:
    events = rows["events"]
    kinds = Counter(e["kind"] for e in events)
    assert kinds["EXIT"] > 0.25 * N  # three years at roughly 10-20% a year
    assert kinds["PROMOTION"] > kinds["MOVE"] > 0
    assert min(e["at"] for e in events) >= REFERENCE - timedelta(days=HISTORY_DAYS)
    exits = [e for e in events if e["kind"] == "EXIT"]
    by_month = Counter(e["at"].month for e in exits)
    assert by_month[7] + by_month[8] > by_month[11] + by_month[12], "no summer peak"
    reasons = Counter(e["reason"] for e in exits)
    assert reasons["VOLUNTARY"] > reasons["INVOLUNTARY"] > 0
    # Most who leave, leave in their first two years.
    hired = {e["id"]: e["hired_on"] for e in rows["employees"]}
    tenure = [(e["at"].date() - hired[e["employee_id"]]).days for e in exits]
    assert sum(t < 730 for t in tenure) > 0.5 * len(tenure)
    # People come back.
    returned = {e["employee_id"] for e in exits} & {
        e["employee_id"] for e in events if e["kind"] == "HIRE" and e["employee_id"][0] == "E"
    }
    assert returned


def test_time_to_fill_grows_with_grade(rows: dict[str, list[dict[str, Any]]]) -> None:
    grade = {r["id"]: r["grade"] for r in rows["roles"]}
    filled = [q for q in rows["requisitions"] if q["status"] == "FILLED"]
    low = [(q["filled_at"] - q["opened_at"]).days for q in filled if grade[q["role_id"]] <= 8]
    high = [(q["filled_at"] - q["opened_at"]).days for q in filled if grade[q["role_id"]] >= 12]
    assert statistics.median(high) > statistics.median(low)
    fills = Counter(q["fill"] for q in filled)
    assert fills["INTERNAL"] > 0 and fills["EXTERNAL"] > 0
    assert {q["status"] for q in rows["requisitions"]} == {"FILLED", "OPEN", "CANCELLED"}
