"""`talentgraph export readiness`: the readiness export to a file, with its manifest."""

from __future__ import annotations

import gc
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import operator, progress, settings, with_db
from api.cli.common import out as console
from graph.db import Database
from graph.services.export import ExportFilters, ExportFormat, readiness_file

export_app = typer.Typer(help="Batch exports for HRIS and BI systems.", no_args_is_help=True)


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("expected a date (2026-01-31) or an ISO-8601 time") from None


def _collect_rarely() -> None:
    """The export makes millions of small lists, dicts and tuples, none of them in a cycle, while
    everything this process imported stays alive until it ends; the cyclic collector kept walking
    the latter, about a tenth of the export's time at 100,000 employees (measured). So the objects
    alive now are set aside for good and young ones are collected less often (memory holds: what
    the export makes is freed by reference counting)."""
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def export_readiness(
    out: Annotated[
        Path, typer.Option("--out", help="File to write (its manifest goes beside it).")
    ],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="csv, jsonl or parquet.")
    ] = ExportFormat.CSV,
    org_unit: Annotated[
        str | None,
        typer.Option("--org-unit", help="Only roles in this org unit and the units below."),
    ] = None,
    all_roles: Annotated[
        bool, typer.Option("--all-roles", help="All roles, not only critical ones.")
    ] = False,
    candidates: Annotated[
        int, typer.Option(help="Top never-assessed candidates per role to include (0 to 50).")
    ] = 5,
    since: Annotated[
        str | None,
        typer.Option(help="Only roles whose slate changed since this date or time (UTC)."),
    ] = None,
) -> None:
    """Every role's succession picture, one row per (role, person): nominated successors and the best
    never-assessed candidates. Written to a temporary name and renamed when complete."""
    filters = ExportFilters(org_unit, all_roles, candidates, _since(since))
    config = settings()
    _collect_rarely()

    async def work(db: Database) -> None:
        with progress() as bars:
            task = bars.add_task("roles", total=None)
            started = time.monotonic()
            result, run = await readiness_file(
                db,
                config,
                filters,
                fmt,
                out,
                principal=operator(),
                on_roles=lambda total: bars.update(task, total=total),
                on_done=lambda done: bars.update(task, completed=done),
            )
        seconds = time.monotonic() - started
        console.print(
            f"wrote {result.rows} rows for {run.roles} roles to {result.path} in {seconds:.1f}s "
            f"({result.rows / seconds if seconds else 0:,.0f} rows/s); manifest {result.manifest_path}"
        )

    with_db(config, work)


def register(app: typer.Typer) -> None:
    export_app.command("readiness")(export_readiness)
    app.add_typer(export_app, name="export")
