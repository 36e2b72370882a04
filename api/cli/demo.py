"""`talentgraph demo` and `talentgraph reindex`: the demo organisation, and the candidate
shortlists every import rebuilds."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import err, operator, out, progress, settings, with_db
from graph.db import Database
from graph.services import admin, shortlists
from graph.services.imports import ensure_reference_data, load_demo, write_demo_csv
from graph.settings import Settings


def demo(
    employees: Annotated[int, typer.Option(help="Employees to generate, 50 to 100,000.")] = 2000,
    seed: Annotated[int, typer.Option(help="Same seed, same organisation.")] = 42,
    reset: Annotated[bool, typer.Option(help="Delete all data first.")] = False,
    csv_out: Annotated[
        Path | None, typer.Option(help="Also write the organisation as CSV files here.")
    ] = None,
) -> None:
    """Generate a realistic organisation (real O*NET occupations and skills) and import it."""
    config = settings()
    if csv_out:
        counts = write_demo_csv(employees, seed, csv_out)
        out.print(f"wrote {sum(counts.values())} rows as CSV to {csv_out}")
    started = time.monotonic()
    counts = with_db(config, lambda db: load(db, employees, seed, reset, config))
    out.print(
        f"demo organisation loaded: {counts.get('employees.csv', 0)} employees, "
        f"{counts.get('roles.csv', 0)} roles, {sum(counts.values())} rows in {time.monotonic() - started:.1f}s"
    )


async def load(
    db: Database, employees: int, seed: int, reset: bool, config: Settings
) -> dict[str, int]:
    """The demo organisation into the database (emptied first with `reset`), O*NET reference
    data first, then the shortlists; rows per file."""
    if reset:
        await admin.wipe(db)
    await admin.migrate(db)
    with progress() as bars:
        tasks: dict[str, int] = {}

        def advance(name: str, done: int) -> None:
            if name not in tasks:
                tasks[name] = bars.add_task(name, total=None)
            bars.update(tasks[name], completed=done)  # type: ignore[arg-type]

        # O*NET reference data first, so the demo's roles link to occupations (and exposure) as written.
        await ensure_reference_data(
            db, config.import_batch_size, advance=advance, principal=operator()
        )
        counts = await load_demo(
            db, employees, seed, config.import_batch_size, advance, principal=operator()
        )
    await reindex_now(db)
    return counts


async def reindex_now(db: Database) -> None:
    with err.status("rebuilding candidate shortlists"):
        report = await shortlists.rebuild(db)
    out.print(
        f"candidate shortlists rebuilt for {report.roles} roles over {report.employees} active "
        f"employees in {report.read_seconds + report.compute_seconds + report.write_seconds:.1f}s"
    )


def reindex() -> None:
    """Rebuild the candidate shortlists (done after every import; needed only after writing to
    Neo4j outside TalentGraph, and even then only for speed: stale shortlists are never used)."""
    with_db(settings(), reindex_now)


def register(app: typer.Typer) -> None:
    app.command()(demo)
    app.command()(reindex)
