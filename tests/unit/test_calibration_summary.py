"""A calibration session's net changes (before the first change → after the last, per thing
touched) and how the page words a 9-box cell: pure logic, no database."""

from __future__ import annotations

from datetime import UTC, datetime

from api.review.labels import cell
from graph.calibration import CalibrationChange, ChangeKind, rating_of, rating_text
from graph.models import Rating
from graph.services.calibration.summary import net_changes

AT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def change(seq: int, kind: ChangeKind, **fields: object) -> CalibrationChange:
    return CalibrationChange.model_validate(
        {"id": f"c{seq}", "seq": seq, "session_id": "s", "kind": kind, "by": "hr", "at": AT}
        | fields
    )


def test_net_changes_per_thing_touched() -> None:
    changes = [
        change(1, ChangeKind.NOMINATE, employee_id="a", role_id="R", after="READY_NOW"),
        change(2, ChangeKind.RATE, employee_id="a", before="LOW/LOW", after="HIGH/LOW"),
        change(
            3,
            ChangeKind.READINESS,
            employee_id="a",
            role_id="R",
            before="READY_NOW",
            after="READY_1_2_YEARS",
        ),
        change(4, ChangeKind.DISCUSSED, role_id="R", before="no", after="yes"),
        change(5, ChangeKind.ACTION, role_id="R", after="Coach"),
        change(
            6, ChangeKind.UNDO, employee_id="a", before="HIGH/LOW", after="LOW/LOW", undoes="c2"
        ),
        change(7, ChangeKind.UNDO, role_id="R", before="yes", after="no", undoes="c4"),
    ]
    net = [
        (n.kind, n.employee_id, n.role_id, n.before, n.after, n.changes)
        for n in net_changes(changes)
    ]
    assert net == [
        ("readiness", "a", "R", None, "READY_1_2_YEARS", 2),
        ("rating", "a", None, "LOW/LOW", "LOW/LOW", 2),
        ("discussed", None, "R", "no", "no", 2),
    ]


def test_cells_in_words() -> None:
    assert rating_text(Rating.HIGH, Rating.MODERATE) == "HIGH/MODERATE"
    assert rating_of("HIGH/MODERATE") == (Rating.HIGH, Rating.MODERATE)
    assert rating_text(None, Rating.LOW) is None and rating_of(None) is None
    assert cell("HIGH/MODERATE") == "performance high, potential moderate"
    assert cell(None) == "no rating"
