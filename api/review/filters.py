"""A review's and the workforce dashboard's filters as the pages' query strings carry them: parsed
(a malformed one is a BadUserInput naming its field), and written back into links to other pages
and to the downloads."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from graph.errors import BadUserInput
from graph.scoring.workforce import GroupBy
from graph.services.review import ReviewFilters
from graph.services.workforce_dashboard import (
    DEFAULT_QUARTERS,
    DashboardFilters,
    last_complete_quarters,
)
from graph.services.workforce_forecast import MAX_QUARTERS


class Filters(ReviewFilters):
    """`ReviewFilters` (what they mean), with their query string."""

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> Filters:
        """The filters of a query string; BadUserInput naming the field when one is malformed."""
        unit = params.get("unit", "").strip() or None
        if unit is not None and len(unit) > 200:
            raise BadUserInput("unit must be an org unit id", field="unit")
        roles = params.get("roles", "critical")
        if roles not in ("critical", "all"):
            raise BadUserInput("roles must be 'critical' or 'all'", field="roles")
        since: date | None = None
        raw_since = params.get("since", "").strip()
        if raw_since:
            try:
                since = date.fromisoformat(raw_since)
            except ValueError:
                raise BadUserInput("since must be a date like 2026-01-31", field="since") from None
        raw_page = params.get("page", "1").strip() or "1"
        if not re.fullmatch(r"[0-9]{1,6}", raw_page) or not 1 <= int(raw_page) <= 100_000:
            raise BadUserInput("page must be a positive whole number", field="page")
        box = params.get("box", "")
        if box not in ("", "all"):
            raise BadUserInput("box must be 'all' or left out", field="box")
        return cls(unit, roles == "critical", since, int(raw_page), box == "all" and unit is None)

    def params(self, **changes: Any) -> dict[str, str]:
        f = replace(self, **changes)
        out: dict[str, str] = {}
        if f.unit:
            out["unit"] = f.unit
        if not f.critical_only:
            out["roles"] = "all"
        if f.since:
            out["since"] = f.since.isoformat()
        if f.page != 1:
            out["page"] = str(f.page)
        if f.whole_box and not f.unit:
            out["box"] = "all"
        return out

    def url(self, **changes: Any) -> str:
        query = urlencode(self.params(**changes))
        return "/review" + (f"?{query}" if query else "")

    def export_url(self, format: str) -> str:
        """`GET /exports/readiness` with the same roles: unit subtree, critical or all, since."""
        params = {"format": format}
        if self.unit:
            params["orgUnitId"] = self.unit
        if not self.critical_only:
            params["allRoles"] = "true"
        if self.since_time:
            params["since"] = self.since_time.isoformat().replace("+00:00", "Z")
        return "/exports/readiness?" + urlencode(params)


def _day(params: Mapping[str, str], name: str) -> date | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadUserInput(f"{name} must be a date like 2026-01-31", field=name) from None


def parse_filters(params: Mapping[str, str], today: date) -> DashboardFilters:
    """The dashboard's filters from a query string (defaults: the caller's units, the last four
    complete quarters, by org unit, a forecast over 4 quarters); BadUserInput naming the field."""
    unit = params.get("unit", "").strip() or None
    if unit is not None and len(unit) > 200:
        raise BadUserInput("unit must be an org unit id", field="unit")
    default_start, default_end = last_complete_quarters(today)
    start_day, end_day = _day(params, "from"), _day(params, "to")
    start = default_start if start_day is None else _midnight(start_day)
    end = default_end if end_day is None else _midnight(end_day)
    if end <= start:
        raise BadUserInput(
            f"the window must end after it starts: 'to' ({end:%Y-%m-%d}) is not after "
            f"'from' ({start:%Y-%m-%d})",
            field="to",
        )
    raw_group = params.get("groupBy", "").strip().upper() or GroupBy.ORG_UNIT.value
    try:
        group_by = GroupBy(raw_group)
    except ValueError:
        names = ", ".join(g.value for g in GroupBy)
        raise BadUserInput(f"groupBy must be one of {names}", field="groupBy") from None
    raw_quarters = params.get("quarters", "").strip() or str(DEFAULT_QUARTERS)
    if not raw_quarters.isdigit() or not 1 <= int(raw_quarters) <= MAX_QUARTERS:
        raise BadUserInput(
            f"quarters must be a whole number from 1 to {MAX_QUARTERS}", field="quarters"
        )
    return DashboardFilters(unit, start, end, group_by, int(raw_quarters))


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def filter_params(filters: DashboardFilters) -> dict[str, str]:
    out = {
        "from": f"{filters.start:%Y-%m-%d}",
        "to": f"{filters.end:%Y-%m-%d}",
        "groupBy": filters.group_by.value,
        "quarters": str(filters.quarters),
    }
    if filters.org_unit_id:
        out = {"unit": filters.org_unit_id} | out
    return out
