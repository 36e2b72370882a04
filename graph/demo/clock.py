"""The demo's reference time: every date is counted back from it. It is the start of the quarter
the demo is loaded in (UTC), so the history runs up to the present quarter and the workforce
dashboard's default window (the last four complete quarters) shows the demo's last year; a seed
gives the same organisation on any day of a quarter (`generate_demo` takes the reference too,
for tests that need it fixed). An interrupted load is finished with the reference it began with
(graph/demo/loading.py)."""

from __future__ import annotations

from datetime import UTC, datetime

#: Readiness assessments fall in the two years before the reference.
ASSESSMENT_WINDOW_DAYS = 730


def quarter_start(now: datetime | None = None) -> datetime:
    """Midnight UTC on the first day of the quarter `now` (default: the present) falls in."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return datetime(now.year, 3 * ((now.month - 1) // 3) + 1, 1, tzinfo=UTC)
