"""`talentgraph dump PATH` and `talentgraph restore PATH`.

The whole graph as JSON Lines (graph/dump/ describes the format, graph/services/dump.py the rest);
a restore goes into an empty database only, so it never mixes two graphs.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import confirm, err, graph_contents, operator, out, settings, status, with_db
from graph.db import Database
from graph.services import admin
from graph.services import dump as dumping
from graph.services.dump import DumpRejected, DumpReport


def _summary(report: DumpReport, seconds: float) -> str:
    return (
        f"{report.nodes:,} nodes and {report.relationships:,} relationships "
        f"({len(report.by_label)} labels, {len(report.by_type)} types) in {seconds:.1f}s"
    )


def dump(
    path: Annotated[
        Path, typer.Argument(help="File to write (JSON Lines; gzip-compressed if it ends in .gz).")
    ],
) -> None:
    """Write the whole graph (every node and relationship, history included) to PATH.

    Read in one transaction (dump while nothing writes: a write committed meanwhile may be in it
    in part); written under a temporary name and renamed when complete. The same graph always gives the same bytes.
    """
    started = time.monotonic()
    with status("dumping the graph") as step:

        def progress(what: str, done: int) -> None:
            step.update(f"dumping the graph: {done:,} {what}")

        report = with_db(
            settings(), lambda db: dumping.dump(db, path, progress, principal=operator())
        )
    out.print(
        f"wrote {report.path}: {_summary(report, time.monotonic() - started)}", soft_wrap=True
    )


def restore(
    path: Annotated[Path, typer.Argument(help="A file written by `talentgraph dump`.")],
    wipe: Annotated[
        bool,
        typer.Option(
            help="Delete every node and relationship first, the audit trail included (for "
            "instance after a restore that failed midway); asks first unless --yes. Without it, "
            "a database that is not empty is refused."
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask before --wipe deletes data.")
    ] = False,
) -> None:
    """Recreate the graph dumped in PATH, into an empty database.

    The whole file is checked first (nothing is written if any line is wrong); constraints and
    indexes are applied, then nodes and relationships are created in batches and counted.
    """
    config = settings()
    if wipe:
        nodes, relationships, trail = graph_contents(with_db(config, admin.counts))
        if nodes:
            confirm(
                f"Delete everything in the graph at {config.effective_uri} (database "
                f"{config.neo4j_database}): {nodes - trail:,} nodes and {relationships:,} "
                f"relationships, and the audit trail ({trail:,} events), before restoring {path}? "
                "The dump brings its own audit trail; to keep this one, dump it first "
                "(`talentgraph dump FILE`).",
                yes,
            )

    async def work(db: Database) -> DumpReport:
        with status("checking the dump, then restoring") as step:

            def progress(what: str, done: int) -> None:
                step.update(f"restoring: {done:,} {what}")

            return await dumping.restore(
                db,
                path,
                config.import_batch_size,
                progress,
                wipe_first=wipe,
                principal=operator(),
            )

    started = time.monotonic()
    try:
        report = with_db(config, work)
    except DumpRejected as rejected:
        err.print(f"{path} cannot be restored; nothing was written:", markup=False, soft_wrap=True)
        for issue in rejected.issues[:50]:
            err.print(f"  {issue}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    out.print(f"restored {path}: {_summary(report, time.monotonic() - started)}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command()(dump)
    app.command()(restore)
