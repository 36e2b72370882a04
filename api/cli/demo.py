"""`talentgraph demo` and `talentgraph reindex`: the demo organisation, and the candidate
shortlists every import rebuilds.

A demo load stopped part way (Ctrl-C, a crash) says in one line what the graph holds and what to
run; the next `talentgraph demo` or `talentgraph serve --demo` (`make run`) finishes it
(graph/services/demo.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import (
    confirm,
    graph_contents,
    operator,
    out,
    progress,
    say,
    settings,
    spool,
    status,
    with_db,
)
from graph.db import Database
from graph.services import admin, shortlists
from graph.services import demo as demo_org
from graph.services.imports import write_demo_csv
from graph.settings import Settings

#: The files of a demo organisation, as a CSV import has them.
DEMO_FILES = 8


@dataclass
class Loading:
    """How far a demo load got, to say what the graph holds if it stops."""

    reset: bool = False
    reference_steps: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    rows: int = 0

    def describe(self) -> str:
        if not self.files:
            if self.reference_steps:
                return "the O*NET reference data is partly loaded, nothing of the organisation yet"
            if self.reset:
                return "the graph may be partly emptied, nothing of the organisation loaded yet"
            return "nothing of the organisation is written yet"
        done = len(self.files) - 1
        return (
            f"the O*NET reference data is loaded; {done} of {DEMO_FILES} files of the "
            f"organisation are written and {self.files[-1]} is in part"
        )


def interrupted(loading: Loading, employees: int, seed: int) -> typer.Exit:
    """Say in one line what an interrupted load left and how to finish it; the exit to raise."""
    say(
        f"interrupted: the demo organisation ({employees:,} employees, seed {seed}) is only partly "
        f"loaded ({loading.describe()}). Run the same command again to finish it (`make run`, "
        f"`talentgraph serve --demo` or `talentgraph demo --employees {employees} --seed {seed}`): "
        "rows already written are not written twice."
    )
    return typer.Exit(130)


def demo(
    employees: Annotated[int, typer.Option(help="Employees to generate, 50 to 100,000.")] = 2000,
    seed: Annotated[
        int,
        typer.Option(
            help="Same seed, same organisation (its dates count back from the start of the quarter)."
        ),
    ] = 42,
    reset: Annotated[
        bool,
        typer.Option(
            help="Delete all data first (O*NET reference data included), but the audit trail, "
            "which stays. Asks first unless --yes."
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask before --reset deletes data.")
    ] = False,
    csv_out: Annotated[
        Path | None, typer.Option(help="Also write the organisation as CSV files here.")
    ] = None,
) -> None:
    """Generate a realistic organisation (real O*NET occupations and skills) and import it.

    An interrupted load is finished by running the same command again.
    """
    config = settings()
    if csv_out:
        counts = write_demo_csv(employees, seed, csv_out)
        out.print(f"wrote {sum(counts.values())} rows as CSV to {csv_out}", highlight=False)
    if reset:
        nodes, relationships, trail = graph_contents(with_db(config, admin.counts))
        if nodes - trail:
            confirm(
                f"Delete everything in the graph at {config.effective_uri} (database "
                f"{config.neo4j_database}): {nodes - trail:,} nodes and {relationships:,} "
                f"relationships, O*NET reference data included? The audit trail ({trail:,} "
                "events) is kept.",
                yes,
            )
    else:
        earlier = with_db(config, demo_org.state)
        if earlier and not earlier.complete:
            if (earlier.employees, earlier.seed) != (employees, seed):
                say(
                    f"the graph holds part of a demo organisation ({earlier.employees:,} "
                    f"employees, seed {earlier.seed}) whose load did not finish: finish it with "
                    f"`talentgraph demo --employees {earlier.employees} --seed {earlier.seed}`, "
                    "or start over with `talentgraph demo --reset`"
                )
                raise typer.Exit(1)
            say(
                f"finishing the demo load ({employees:,} employees, seed {seed}) that did not "
                "finish: rows already written are not written twice"
            )
    started = time.monotonic()
    counts = load_or_explain(config, employees, seed, reset)
    out.print(
        f"demo organisation loaded: {counts.get('employees.csv', 0)} employees, "
        f"{counts.get('roles.csv', 0)} roles, {sum(counts.values())} rows in "
        f"{time.monotonic() - started:.1f}s",
        highlight=False,
    )


def load_or_explain(config: Settings, employees: int, seed: int, reset: bool) -> dict[str, int]:
    """`load` with a connection of its own; an interruption is explained in one line (exit 130)."""
    loading = Loading(reset=reset)
    try:
        return with_db(config, lambda db: load(db, employees, seed, reset, config, loading))
    except KeyboardInterrupt:
        raise interrupted(loading, employees, seed) from None


async def load(
    db: Database,
    employees: int,
    seed: int,
    reset: bool,
    config: Settings,
    loading: Loading | None = None,
) -> dict[str, int]:
    """The demo organisation into the database (emptied first, but its audit trail, with
    `reset`), O*NET reference data first, then the shortlists; rows per file."""
    loading = loading or Loading(reset=reset)
    with progress() as bars:
        tasks: dict[str, int] = {}

        def on_step(name: str, total: int) -> None:
            loading.reference_steps.append(name)
            tasks[name] = bars.add_task(name, total=total or None)

        def on_file(name: str, total: int) -> None:
            loading.files.append(name)
            tasks[name] = bars.add_task(name, total=total)

        def advance(name: str, done: int) -> None:
            if name not in tasks:
                tasks[name] = bars.add_task(name)
            bars.update(tasks[name], completed=done)

        counts = await demo_org.load(
            db,
            employees,
            seed,
            config.import_batch_size,
            principal=operator(),
            reset=reset,
            on_step=on_step,
            on_file=on_file,
            advance=advance,
            spool=spool(config),
        )
    await reindex_now(db)
    return counts


async def reindex_now(db: Database) -> None:
    with status("rebuilding candidate shortlists"):
        report = await shortlists.rebuild(db)
    out.print(
        f"candidate shortlists rebuilt for {report.roles} roles over {report.employees} active "
        f"employees in {report.read_seconds + report.compute_seconds + report.write_seconds:.1f}s",
        highlight=False,
    )


def reindex() -> None:
    """Rebuild the candidate shortlists (done after every import; needed only after writing to
    Neo4j outside TalentGraph, and even then only for speed: stale shortlists are never used)."""
    with_db(settings(), reindex_now)


def register(app: typer.Typer) -> None:
    app.command()(demo)
    app.command()(reindex)
