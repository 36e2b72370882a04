"""The workforce dashboard: `/workforce` (server-rendered, printable, with the review page's login,
templates, CSS and error pages), and its figures as `/workforce.csv` and `/workforce.parquet`.

The page reads the dashboard service once (graph/services/workforce_dashboard.py: figures with
their quarterly trend, mobility flows, the vacancy forecast, each with its access rules) and shows
four charts, each with axes, units, counts, a one-line reading and its numbers in a table that
reads and prints without JavaScript. The charts are drawn by Chart.js, served from TalentGraph
itself (api/static/chartjs/). Downloads answer errors in the JSON error envelope.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.auth import principal_of
from api.errors import domain_error_response
from api.review import routes
from api.review.filters import filter_params, parse_filters
from api.state import get_db, get_settings
from graph.errors import TalentGraphError
from graph.scoring.workforce import GroupBy
from graph.services.export import ExportFormat
from graph.services.org_units import UnitTree
from graph.services.review import ReviewScope
from graph.services.workforce import Flow, GroupFigures
from graph.services.workforce_dashboard import (
    Dashboard,
    DashboardFilters,
    dashboard_file,
    workforce_dashboard,
)
from graph.services.workforce_forecast import MAX_QUARTERS

log = logging.getLogger("talentgraph.workforce")

router = APIRouter(include_in_schema=False)

GROUP_BY_NAMES = {
    GroupBy.ORG_UNIT: "Org unit",
    GroupBy.GRADE_BAND: "Grade band",
    GroupBy.ROLE: "Role",
    GroupBy.TENURE_BAND: "Tenure band",
}
#: Bars in a chart at most (the table beside it lists everything).
FLOWS_CHARTED = 15
ROLES_CHARTED = 20
GROUPS_CHARTED = 25
OUTSIDE = "OUTSIDE"


def _quarter(start: datetime) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


def _pct(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _unit_name(tree: UnitTree, unit_id: str) -> str:
    if unit_id == OUTSIDE:
        return "Outside your units"
    node = tree.get(unit_id)
    return node.name if node is not None else unit_id


def _in_order(groups: list[GroupFigures]) -> list[GroupFigures]:
    """Groups in reading order: bands by their first number ("<1y" first, "unknown" last: "4-7"
    before "12-15"), other groups by name."""

    def key(group: GroupFigures) -> tuple[float, str]:
        label = group.label
        if label.startswith("<"):
            return (-1, label)
        digits = label[: len(label) - len(label.lstrip("0123456789"))]
        return (int(digits) if digits else float("inf"), label.casefold())

    return sorted(groups, key=key)


def _chart(
    labels: list[str], axis: dict[str, str], *series: tuple[str, list[Any]]
) -> dict[str, Any]:
    """What workforce.js draws: labels, axis titles and the series (name, values)."""
    return {
        "labels": labels,
        "axis": axis,
        "series": [{"name": name, "values": values} for name, values in series],
    }


def attrition_view(dashboard: Dashboard) -> dict[str, Any]:
    report = dashboard.figures
    rows: list[dict[str, Any]] = []
    for point in report.trend:
        f = point.figures
        rows.append(
            {
                "quarter": _quarter(point.start),
                "start": point.start,
                "end": point.end,
                "suppressed": point.suppressed,
                "headcount": None if f is None else f.average_headcount,
                "exits": None if f is None else f.attrition.count,
                "attrition": None if f is None else _pct(f.attrition.rate),
                "moves": None if f is None else f.internal_mobility.count,
                "mobility": None if f is None else _pct(f.internal_mobility.rate),
            }
        )
    total = report.total.figures
    shown = [r for r in rows if r["attrition"] is not None]
    if total is None:
        reading = (
            "Withheld: this group is smaller than the minimum group size, so its attrition "
            "could identify someone."
        )
    else:
        rate = _pct(total.attrition.rate)
        reading = (
            f"{total.attrition.count} of about {total.average_headcount:g} people left over the "
            f"window: {'no rate (nobody to count)' if rate is None else f'{rate}% a year'}"
        )
        if shown:
            top = max(shown, key=lambda r: r["attrition"])
            reading += f"; the highest quarter was {top['quarter']} at {top['attrition']}% a year"
        reading += "."
    chart = _chart(
        [r["quarter"] for r in rows],
        {"x": "Quarter", "y": "% per year (annualised)"},
        ("Attrition", [r["attrition"] for r in rows]),
        ("Internal mobility", [r["mobility"] for r in rows]),
    )
    return {"rows": rows, "reading": reading, "chart": chart}


def _flow_label(tree: UnitTree, flow: Flow) -> str:
    if flow.from_unit == flow.to_unit:
        return f"within {_unit_name(tree, flow.from_unit)}"
    return f"{_unit_name(tree, flow.from_unit)} → {_unit_name(tree, flow.to_unit)}"


def mobility_view(dashboard: Dashboard, tree: UnitTree) -> dict[str, Any]:
    """The flows largest first (withheld ones last), as bars and as a from/to table."""
    flows = sorted(
        dashboard.flows,
        key=lambda f: (f.count is None, -(f.count or 0), f.from_unit, f.to_unit),
    )
    counted = [f for f in flows if f.count is not None]
    withheld = len(flows) - len(counted)
    total = sum(f.count or 0 for f in counted)
    within = sum(f.count or 0 for f in counted if f.from_unit == f.to_unit)
    between = [f for f in counted if f.from_unit != f.to_unit]
    if not flows:
        reading = "Nobody moved or was promoted between roles in the window."
    elif counted:
        reading = f"{total} moves and promotions: {within} within a unit, {total - within} between"
        reading += (
            " units"
            if not between
            else (f" units, the largest {_flow_label(tree, between[0])} ({between[0].count})")
        )
        reading += "."
    else:
        reading = "Every flow is smaller than the minimum group size: counts withheld."
    if withheld:
        reading += f" {withheld} smaller flows withheld (minimum group size)."
    charted = counted[:FLOWS_CHARTED]
    chart = _chart(
        [_flow_label(tree, f) for f in charted],
        {"x": "Moves and promotions (people)", "y": "From unit → to unit"},
        ("Moves and promotions", [f.count for f in charted]),
    )
    rows = [
        {"flow": f, "from": _unit_name(tree, f.from_unit), "to": _unit_name(tree, f.to_unit)}
        for f in flows
    ]
    return {
        "rows": rows,
        "reading": reading,
        "chart": chart,
        "charted": len(charted),
        "counted": len(counted),
    }


def time_to_fill_view(dashboard: Dashboard) -> dict[str, Any]:
    report = dashboard.figures
    by_group = report.group_by is not GroupBy.TENURE_BAND
    rows: list[dict[str, Any]] = []
    if by_group:
        items: list[tuple[str, GroupFigures]] = [(g.label, g) for g in _in_order(report.groups)]
    else:
        items = [
            (_quarter(p.start), GroupFigures("ALL", "ALL", p.figures, p.suppressed, None))
            for p in report.trend
        ]
    for label, group in items:
        f = group.figures
        fill = None if f is None else f.time_to_fill
        rows.append(
            {
                "label": label,
                "suppressed": group.suppressed,
                "count": None if fill is None else fill.count,
                "median": None if fill is None else fill.median_days,
                "p90": None if fill is None else fill.p90_days,
                "internal": None
                if f is None or f.internal_fill_rate is None
                else f.internal_fill_rate,
            }
        )
    total = report.total.figures
    fill = None if total is None else total.time_to_fill
    if total is None:
        reading = "Withheld: this group is smaller than the minimum group size."
    elif fill is None or not fill.count:
        reading = "No requisition was filled in the window."
    else:
        reading = (
            f"Of {fill.count} requisitions filled, half took {fill.median_days:g} days or less "
            f"and 9 in 10 took {fill.p90_days:g} days or less"
        )
        slow = [r for r in rows if r["median"] is not None]
        if by_group and len(slow) > 1:
            top = max(slow, key=lambda r: r["median"])
            reading += f"; the slowest by median was {top['label']} ({top['median']:g} days)"
        reading += "."
    charted = rows
    if len(rows) > GROUPS_CHARTED:  # the groups with most requisitions, in reading order
        busiest = sorted(range(len(rows)), key=lambda i: -(rows[i]["count"] or 0))
        charted = [rows[i] for i in sorted(busiest[:GROUPS_CHARTED])]
    chart = _chart(
        [r["label"] if r["count"] is None else f"{r['label']} (n={r['count']})" for r in charted],
        {
            "x": GROUP_BY_NAMES[report.group_by] if by_group and report.group_by else "Quarter",
            "y": "Days from opening to filling",
        },
        ("Median", [r["median"] for r in charted]),
        ("90th percentile", [r["p90"] for r in charted]),
    )
    return {
        "rows": rows,
        "reading": reading,
        "chart": chart,
        "by_group": by_group,
        "charted": len(charted),
    }


def forecast_view(dashboard: Dashboard) -> dict[str, Any]:
    forecast = dashboard.forecast
    roles = sorted(
        forecast.roles,
        key=lambda r: (-r.external_hiring_need, -r.expected_vacancies, r.title, r.role_id),
    )
    need = sum(r.external_hiring_need for r in roles)
    vacancies = sum(r.expected_vacancies for r in roles)
    supply = sum(min(r.internal_supply, r.expected_vacancies) for r in roles)
    if not roles:
        reading = "No critical role in this scope."
    else:
        roles_text = "critical role expects" if len(roles) == 1 else "critical roles expect"
        reading = (
            f"Over the next {forecast.quarters} quarters the {len(roles)} {roles_text} "
            f"{vacancies:.1f} vacancies; ready successors cover about {supply:.1f}, leaving "
            f"{need:.1f} external hires"
        )
        if roles[0].external_hiring_need > 0:
            reading += f", most for {roles[0].title} ({roles[0].external_hiring_need:.1f})"
        reading += "."
    charted = roles[:ROLES_CHARTED]
    chart = _chart(
        [r.title for r in charted],
        {"x": "People (expected)", "y": "Critical role"},
        ("Expected vacancies", [_round(r.expected_vacancies, 2) for r in charted]),
        ("Internal supply", [_round(r.internal_supply, 2) for r in charted]),
        ("External hiring need", [_round(r.external_hiring_need, 2) for r in charted]),
    )
    return {
        "roles": roles,
        "reading": reading,
        "chart": chart,
        "charted": len(charted),
        "need": need,
    }


def _download_url(filters: DashboardFilters, fmt: str) -> str:
    return f"/workforce.{fmt}?" + urlencode(filter_params(filters))


def page_context(dashboard: Dashboard, tree: UnitTree, scope: ReviewScope) -> dict[str, Any]:
    """What the template shows of a dashboard: the figures and each chart's view."""
    filters = dashboard.filters
    return {
        "d": dashboard,
        "f": filters,
        "unit": tree.get(filters.org_unit_id) if filters.org_unit_id else None,
        "scope": scope,
        "units": [n for n in tree.nodes if scope.allows(n.id)],
        "group_by_names": GROUP_BY_NAMES,
        "max_quarters": MAX_QUARTERS,
        "attrition": attrition_view(dashboard),
        "mobility": mobility_view(dashboard, tree),
        "fill": time_to_fill_view(dashboard),
        "forecast": forecast_view(dashboard),
        "groups": _in_order(dashboard.figures.groups),
        "csv_url": _download_url(filters, "csv"),
        "parquet_url": _download_url(filters, "parquet"),
        "chartjs": routes.CHARTJS,
    }


@router.get("/workforce", response_class=HTMLResponse)
async def workforce_page(request: Request) -> Response:
    started = time.perf_counter()

    async def render(r: routes.Reviewer) -> Response:
        filters = parse_filters(request.query_params, datetime.now(UTC).date())
        dashboard = await workforce_dashboard(
            get_db(request), get_settings(request), filters, principal=r.principal
        )
        response = routes._html(
            "workforce.html",
            **page_context(dashboard, r.tree, r.scope),
            who=r.principal,
            auth_enabled=get_settings(request).auth_enabled,
            now=datetime.now(UTC),
        )
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"workforce;dur={elapsed:.0f}"
        log.info("workforce page %s rendered in %.0f ms", request.url.query or "-", elapsed)
        return response

    return await routes.as_reviewer(request, render, "workforce figures")


async def _download(request: Request, fmt: ExportFormat) -> Response:
    try:
        principal = principal_of(request)
        filters = parse_filters(request.query_params, datetime.now(UTC).date())
        dashboard = await workforce_dashboard(
            get_db(request), get_settings(request), filters, principal=principal
        )
    except TalentGraphError as exc:
        return domain_error_response(request, exc)
    name = f"workforce-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.{fmt.value}"
    return Response(
        dashboard_file(dashboard, fmt),
        media_type=fmt.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/workforce.csv")
async def workforce_csv(request: Request) -> Response:
    return await _download(request, ExportFormat.CSV)


@router.get("/workforce.parquet")
async def workforce_parquet(request: Request) -> Response:
    return await _download(request, ExportFormat.PARQUET)
