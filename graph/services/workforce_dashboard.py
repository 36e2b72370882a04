"""The workforce dashboard (`/workforce`, docs/workforce.md "The dashboard"): the figures of a unit
over a window with their quarterly trend, the mobility flows between units and the vacancy
forecast of its critical roles, each read once through its own service (workforce.py,
workforce_forecast.py), which applies the access rules (a manager: their units, small groups
withheld); and the same figures as one CSV or Parquet file (graph/exporting/formats.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pyarrow as pa

from graph.auth import Principal
from graph.db import Database
from graph.exporting.formats import Column, ExportFormat, Row, encoder
from graph.scoring.workforce import REASONS, GroupBy
from graph.services.workforce import (
    Flow,
    GroupFigures,
    WorkforceReport,
    mobility_flows,
    workforce_figures,
)
from graph.services.workforce_forecast import Forecast, vacancy_forecast
from graph.settings import Settings

#: Forecast horizon when none is asked for: a year.
DEFAULT_QUARTERS = 4
#: The formats a dashboard downloads as.
DOWNLOADS = (ExportFormat.CSV, ExportFormat.PARQUET)


def last_complete_quarters(today: date, count: int = 4) -> tuple[datetime, datetime]:
    """[start, end) of the last `count` calendar quarters that ended before `today`'s quarter."""
    end_index = today.year * 4 + (today.month - 1) // 3  # today's quarter, not complete
    start_index = end_index - count

    def begin(index: int) -> datetime:
        return datetime(index // 4, index % 4 * 3 + 1, 1, tzinfo=UTC)

    return begin(start_index), begin(end_index)


@dataclass(frozen=True)
class DashboardFilters:
    org_unit_id: str | None
    start: datetime
    end: datetime
    group_by: GroupBy
    quarters: int


@dataclass(frozen=True)
class Dashboard:
    filters: DashboardFilters
    figures: WorkforceReport
    flows: list[Flow]
    forecast: Forecast


async def workforce_dashboard(
    db: Database, settings: Settings, filters: DashboardFilters, *, principal: Principal
) -> Dashboard:
    """The three reads of the dashboard, each once and side by side; the first refusal, bad
    argument or outage of one is raised as that service raised it (the others are cancelled)."""
    try:
        async with asyncio.TaskGroup() as group:
            figures = group.create_task(
                workforce_figures(
                    db,
                    settings,
                    filters.start,
                    filters.end,
                    filters.org_unit_id,
                    filters.group_by,
                    principal=principal,
                )
            )
            flows = group.create_task(
                mobility_flows(
                    db,
                    settings,
                    filters.start,
                    filters.end,
                    filters.org_unit_id,
                    principal=principal,
                )
            )
            forecast = group.create_task(
                vacancy_forecast(
                    db, settings, filters.quarters, filters.org_unit_id, principal=principal
                )
            )
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return Dashboard(filters, figures.result(), flows.result(), forecast.result())


def _int(name: str, description: str) -> Column:
    return Column(name, pa.int64(), description)


def _float(name: str, description: str) -> Column:
    return Column(name, pa.float64(), description)


SECTIONS = ("TOTAL", "GROUP", "QUARTER", "FLOW", "FORECAST")

#: One file for the whole dashboard: a row per section item; the columns a section has no use
#: for are empty. Rates are per head per year (annualised), as in GraphQL's workforceFigures.
COLUMNS: tuple[Column, ...] = (
    Column(
        "section",
        pa.string(),
        "TOTAL (the scope over the window), GROUP (one per group), QUARTER (the trend), "
        "FLOW (moves between org units), FORECAST (one per critical role)",
        values=SECTIONS,
    ),
    Column("group", pa.string(), "the group's key (TOTAL and QUARTER: ALL)"),
    Column("label", pa.string(), "the group's name"),
    Column("start", pa.timestamp("us", tz="UTC"), "the window's or the quarter's start (in)"),
    Column("end", pa.timestamp("us", tz="UTC"), "the window's or the quarter's end (not in)"),
    Column(
        "suppressed",
        pa.bool_(),
        "true: the group is below the minimum group size and its figures are withheld",
    ),
    Column("note", pa.string(), "why figures are withheld"),
    _int("headcount_start", "people holding a role of the group at start"),
    _int("headcount_end", "people holding a role of the group at end"),
    _float("average_headcount", "(headcount at start + headcount at end) / 2"),
    _int("attrition_count", "exits in the window"),
    _float("attrition_denominator", "the average headcount the attrition rate divides by"),
    _float("attrition_rate", "exits per head per year"),
    *(_int(f"attrition_{r.lower()}_count", f"exits with reason {r}") for r in REASONS),
    _int("internal_mobility_count", "moves and promotions out of a role of the group"),
    _float("internal_mobility_denominator", "the average headcount"),
    _float("internal_mobility_rate", "moves and promotions per head per year"),
    _int("time_to_fill_count", "requisitions filled in the window"),
    _float("time_to_fill_median_days", "median days from opening to filling"),
    _float("time_to_fill_p90_days", "90th percentile (nearest rank) of those days"),
    _int("internal_fill_count", "requisitions filled INTERNAL in the window"),
    _float("internal_fill_denominator", "requisitions filled in the window"),
    _float("internal_fill_rate", "the share filled from inside"),
    Column("from_unit", pa.string(), "FLOW: the org unit left (OUTSIDE: outside the scope)"),
    Column("to_unit", pa.string(), "FLOW: the org unit entered (OUTSIDE: outside the scope)"),
    _int("moves", "FLOW: moves and promotions between the two units"),
    Column("role_id", pa.string(), "FORECAST: the critical role"),
    _int("incumbents", "FORECAST: its incumbents now"),
    _int("forecast_quarters", "FORECAST: the horizon, in quarters"),
    _float("hazard", "FORECAST: the quarterly chance an incumbent leaves the role"),
    _int("hazard_events", "FORECAST: the exits and moves the hazard rests on"),
    _float("hazard_incumbent_quarters", "FORECAST: the seat time the hazard rests on"),
    _float("expected_vacancies", "FORECAST: expected vacancies over the horizon"),
    _float("internal_supply", "FORECAST: nominated successors ready in time and staying"),
    _float("external_hiring_need", "FORECAST: max(0, expected vacancies - internal supply)"),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)


def _figures_row(section: str, found: GroupFigures, start: datetime, end: datetime) -> Row:
    row: Row = {
        "section": section,
        "group": found.group,
        "label": found.label,
        "start": start,
        "end": end,
        "suppressed": found.suppressed,
        "note": found.note,
    }
    f = found.figures
    if f is None:
        return row
    row |= {
        "headcount_start": f.headcount_start,
        "headcount_end": f.headcount_end,
        "average_headcount": f.average_headcount,
        "attrition_count": f.attrition.count,
        "attrition_denominator": f.attrition.denominator,
        "attrition_rate": f.attrition.rate,
        "internal_mobility_count": f.internal_mobility.count,
        "internal_mobility_denominator": f.internal_mobility.denominator,
        "internal_mobility_rate": f.internal_mobility.rate,
    }
    for reason in f.attrition_by_reason:
        row[f"attrition_{reason.reason.lower()}_count"] = reason.count
    if f.time_to_fill is not None:
        row |= {
            "time_to_fill_count": f.time_to_fill.count,
            "time_to_fill_median_days": f.time_to_fill.median_days,
            "time_to_fill_p90_days": f.time_to_fill.p90_days,
        }
    if f.internal_fill_rate is not None:
        row |= {
            "internal_fill_count": f.internal_fill_rate.count,
            "internal_fill_denominator": f.internal_fill_rate.denominator,
            "internal_fill_rate": f.internal_fill_rate.rate,
        }
    return row


def dashboard_rows(dashboard: Dashboard) -> list[Row]:
    """The dashboard's figures as rows of COLUMNS, in the page's order."""
    report = dashboard.figures
    rows = [_figures_row("TOTAL", report.total, report.start, report.end)]
    rows += [_figures_row("GROUP", g, report.start, report.end) for g in report.groups]
    for point in report.trend:
        quarter = GroupFigures("ALL", "ALL", point.figures, point.suppressed, None)
        rows.append(_figures_row("QUARTER", quarter, point.start, point.end))
        if point.suppressed:
            rows[-1]["note"] = report.total.note or "withheld (minimum group size)"
    for flow in dashboard.flows:
        rows.append(
            {
                "section": "FLOW",
                "start": report.start,
                "end": report.end,
                "suppressed": flow.suppressed,
                "from_unit": flow.from_unit,
                "to_unit": flow.to_unit,
                "moves": flow.count,
            }
        )
    forecast = dashboard.forecast
    for role in forecast.roles:
        rows.append(
            {
                "section": "FORECAST",
                "label": role.title,
                "start": forecast.as_of,
                "suppressed": False,
                "role_id": role.role_id,
                "incumbents": role.incumbents,
                "forecast_quarters": forecast.quarters,
                "hazard": role.hazard.value,
                "hazard_events": role.hazard.events,
                "hazard_incumbent_quarters": role.hazard.incumbent_quarters,
                "expected_vacancies": role.expected_vacancies,
                "internal_supply": role.internal_supply,
                "external_hiring_need": role.external_hiring_need,
            }
        )
    return rows


def dashboard_file(dashboard: Dashboard, fmt: ExportFormat) -> bytes:
    """The dashboard's rows as a CSV (text cells neutralised against spreadsheet formulas) or
    Parquet file, written by the one export encoder."""
    return encode(dashboard_rows(dashboard), fmt)


def encode(rows: Sequence[Row], fmt: ExportFormat) -> bytes:
    enc = encoder(fmt, COLUMNS)
    full = [{name: row.get(name) for name in COLUMN_NAMES} for row in rows]
    return enc.header() + enc.encode(full) + enc.footer()
