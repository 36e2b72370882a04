"""The demo's fixed reference time: every date is counted back from it, never from today, so a
seed gives the same organisation on any day."""

from __future__ import annotations

from datetime import UTC, datetime

REFERENCE = datetime(2026, 1, 1, tzinfo=UTC)
REFERENCE_DATE = REFERENCE.date()
#: Readiness assessments fall in the two years before `REFERENCE`.
ASSESSMENT_WINDOW_DAYS = 730
