"""A review's filters as the page's query string carries them: parsed (a malformed one is a
BadUserInput naming its field), and written back into links to other pages and to the export."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from graph.errors import BadUserInput
from graph.services.review import ReviewFilters


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
