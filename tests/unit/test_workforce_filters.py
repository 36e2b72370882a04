"""The workforce dashboard's filters (api/review/filters.py parse_filters) and its default window,
the last four complete calendar quarters (graph/services/workforce_dashboard.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from api.review.filters import filter_params, parse_filters
from graph.errors import BadUserInput
from graph.scoring.workforce import GroupBy
from graph.services.workforce_dashboard import last_complete_quarters


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (date(2026, 12, 5), utc(2025, 10, 1), utc(2026, 10, 1)),
        (date(2026, 10, 1), utc(2025, 10, 1), utc(2026, 10, 1)),  # a quarter's first day
        (date(2026, 9, 30), utc(2025, 7, 1), utc(2026, 7, 1)),
        (date(2026, 1, 1), utc(2025, 1, 1), utc(2026, 1, 1)),
        (date(2026, 3, 31), utc(2025, 1, 1), utc(2026, 1, 1)),
    ],
)
def test_the_default_window_is_the_last_four_complete_quarters(
    today: date, start: datetime, end: datetime
) -> None:
    assert last_complete_quarters(today) == (start, end)
    parsed = parse_filters({}, today)
    assert (parsed.start, parsed.end) == (start, end)
    assert (parsed.org_unit_id, parsed.group_by, parsed.quarters) == (None, GroupBy.ORG_UNIT, 4)


def test_filters_are_read_and_written_back() -> None:
    params = {
        "unit": "U1",
        "from": "2025-02-01",
        "to": "2025-08-15",
        "groupBy": "tenure_band",
        "quarters": "8",
    }
    parsed = parse_filters(params, date(2026, 12, 5))
    assert parsed.org_unit_id == "U1"
    assert (parsed.start, parsed.end) == (utc(2025, 2, 1), utc(2025, 8, 15))
    assert (parsed.group_by, parsed.quarters) == (GroupBy.TENURE_BAND, 8)
    assert filter_params(parsed) == params | {"groupBy": "TENURE_BAND"}
    assert parse_filters(filter_params(parsed), date(2026, 12, 5)) == parsed


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2025-13-01"}, "from"),
        ({"to": "soon"}, "to"),
        ({"from": "2025-06-01", "to": "2025-06-01"}, "to"),
        ({"from": "2025-06-01", "to": "2025-01-01"}, "to"),
        ({"groupBy": "SHOE_SIZE"}, "groupBy"),
        ({"quarters": "0"}, "quarters"),
        ({"quarters": "21"}, "quarters"),
        ({"quarters": "-1"}, "quarters"),
        ({"quarters": "1.5"}, "quarters"),
        ({"unit": "u" * 201}, "unit"),
    ],
)
def test_a_bad_filter_names_its_field(params: dict[str, str], field: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        parse_filters(params, date(2026, 12, 5))
    assert caught.value.details["field"] == field
