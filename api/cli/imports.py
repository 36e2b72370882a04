"""`talentgraph import DIR`: an organisation's CSV files, validated, then upserted (or nothing
written); the other imports (`import onet`, `import role-tasks`) live in api/cli/reference.py."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from api.cli.common import err, operator, out, progress, say, settings, spool, with_db
from api.cli.demo import reindex_now
from graph.db import Database
from graph.errors import TalentGraphError
from graph.services import admin, audit
from graph.services.audit.spool import AuditSpool
from graph.services.imports import ImportProgress, ImportRejected
from graph.services.imports import import_csv as run_import
from graph.settings import Settings


class _ImportGroup(TyperGroup):
    """`talentgraph import DIR` still imports CSVs: a first argument that names no subcommand
    (`onet`, `role-tasks`, ...) is taken as the DIR of `import csv`."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["csv", *args]
        return super().resolve_command(ctx, args)


import_app = typer.Typer(
    cls=_ImportGroup,
    help="Import data: `import DIR` (organisation CSVs), `import onet [DIR]`, `import role-tasks FILE`.",
    no_args_is_help=True,
)


@import_app.command("csv")
def import_csv(
    directory: Annotated[
        Path, typer.Argument(help="Folder of CSV files (see README for columns).")
    ],
) -> None:
    """Validate every row of the CSV files in DIRECTORY, then upsert them all (or write nothing).

    Exit status: 0 imported; 1 refused (nothing written) or failed before writing; 3 stopped part
    way (what was written is printed; running the same import again completes it).
    """
    config = settings()
    written = ImportProgress()
    kept = spool(config)

    async def work(db: Database) -> None:
        await admin.migrate(db)
        with progress() as bars:
            tasks: dict[str, int] = {}

            def on_file(name: str, total: int) -> None:
                tasks[name] = bars.add_task(name, total=total)

            def advance(name: str, done: int) -> None:
                bars.update(tasks[name], completed=done)

            report = await run_import(
                db,
                directory,
                config.import_batch_size,
                on_file,
                advance,
                principal=operator(),
                clock_skew=timedelta(seconds=config.import_clock_skew),
                progress=written,
                spool=kept,
            )
        out.print(f"imported {report.rows} rows from {len(report.files)} files")
        for name in report.changed:
            say(
                f"warning: {name} changed on disk during the import; the graph holds it as it "
                "was when the import read it (and validated it). Run the import again to import "
                "the change."
            )
        await reindex_now(db)

    started = time.monotonic()
    try:
        with_db(config, work)
    except ImportRejected as rejected:
        for issue in rejected.issues:
            err.print(str(issue), markup=False, highlight=False)
        err.print(f"[red]{rejected.message}[/]")
        raise typer.Exit(1) from None
    except (Exception, KeyboardInterrupt) as exc:
        if not written.planned:
            raise  # before writing began: main() says what failed; nothing was written
        if isinstance(exc, KeyboardInterrupt) and kept.kept:
            # The interruption cancelled the audit write too; the database is likely fine.
            with contextlib.suppress(Exception):
                asyncio.run(_record_kept_now(config, kept))
        raise typer.Exit(_stopped(exc, written, kept)) from None
    out.print(f"done in {time.monotonic() - started:.1f}s")


async def _record_kept_now(config: Settings, kept: AuditSpool) -> None:
    db = Database.connect(config, retry_time=2.0)
    try:
        await audit.record_kept_events(db, kept)
    finally:
        await db.close()


def _stopped(error: BaseException, written: ImportProgress, kept: AuditSpool) -> int:
    """Say what an import that failed once writing began did write; returns the exit status."""
    if isinstance(error, TalentGraphError):
        cause = f"{error.code}: {error.message}"
    elif isinstance(error, KeyboardInterrupt):
        cause = "interrupted"
    else:
        cause = f"{type(error).__name__}: {error}"
    if written.complete:
        say(f"the import is complete, but what followed it failed: {cause}")
        say("Run `talentgraph reindex` to rebuild the candidate shortlists.")
        return 1
    if written.anything_written:
        say(f"the import stopped part way: {cause}")
    else:
        say(f"the import stopped before writing anything: {cause}")
    for line in written.describe():
        say(line)
    say(
        "Run the same import again to complete it: rows are upserts, so those already written "
        "are not written twice."
    )
    why = (
        "it was interrupted"
        if isinstance(error, KeyboardInterrupt)
        else "the database did not answer"
    )
    for path in kept.kept:
        say(
            f"audit: {why}, so this failure is kept in {path} and recorded by the next "
            "talentgraph command that reaches the database"
        )
    return 3 if written.anything_written else 1


def register(app: typer.Typer) -> typer.Typer:
    """Add the `import` group (its other commands: api/cli/reference.py); returns it."""
    app.add_typer(import_app, name="import")
    return import_app
