"""`talentgraph export readiness`: the readiness export to a file, with its manifest."""

from __future__ import annotations

import gc
import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from graph.db import Database
from graph.exporting.files import write_export
from graph.exporting.formats import ExportFormat, Row
from graph.services.export import COLUMNS, ExportFilters, ExportRun, readiness_rows
from graph.settings import Settings

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


@export_app.command("readiness")
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
    from api.cli import _progress, _settings, _with_db, operator
    from api.cli import out as console

    filters = ExportFilters(org_unit, all_roles, candidates, _since(since))
    settings: Settings = _settings()
    _collect_rarely()

    async def work(db: Database) -> None:
        run = ExportRun()
        with _progress() as progress:
            task = progress.add_task("roles", total=None)

            def on_roles(total: int) -> None:
                progress.update(task, total=total)

            async def batches() -> AsyncIterator[list[Row]]:
                done = 0
                async for batch in readiness_rows(
                    db, settings, filters, run, on_roles, principal=operator(), fmt=fmt.value
                ):
                    done += len({r["role_id"] for r in batch})
                    progress.update(task, completed=done)
                    yield batch

            started = time.monotonic()
            result = await write_export(
                batches(),
                fmt,
                COLUMNS,
                out,
                lambda: {
                    "filters": filters.check().describe(),
                    "roles": run.roles,
                    "readAt": run.read_at,
                    "bookmarks": run.bookmarks,
                    "database": db.database,
                },
            )
        seconds = time.monotonic() - started
        console.print(
            f"wrote {result.rows} rows for {run.roles} roles to {result.path} in {seconds:.1f}s "
            f"({result.rows / seconds if seconds else 0:,.0f} rows/s); manifest {result.manifest_path}"
        )

    _with_db(settings, work)
