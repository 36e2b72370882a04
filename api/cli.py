"""The `talentgraph` command line: local Neo4j, schema, imports, demo data and the API server."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from graph.db import Database
from graph.errors import LocalServerError, TalentGraphError
from graph.neo4j_server import LocalNeo4j
from graph.settings import Settings

T = TypeVar("T")

app = typer.Typer(
    help="TalentGraph: talent mapping and succession planning on Neo4j.",
    no_args_is_help=True,
    add_completion=False,
)
neo4j_app = typer.Typer(
    help="Run a local Neo4j Community server (no Docker needed).", no_args_is_help=True
)
app.add_typer(neo4j_app, name="neo4j")


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
app.add_typer(import_app, name="import")

out = Console()
err = Console(stderr=True)


def _settings(port: int | None = None) -> Settings:
    settings = Settings()
    return settings.model_copy(update={"neo4j_port": port}) if port else settings


def _server(settings: Settings) -> LocalNeo4j:
    return LocalNeo4j(
        home=settings.home / "neo4j",
        cache_dir=settings.cache_dir,
        version=settings.neo4j_version,
        port=settings.neo4j_port,
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
        start_timeout=settings.neo4j_start_timeout,
    )


def _with_db(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        db = Database.connect(settings)
        try:
            return await work(db)
        finally:
            await db.close()

    return asyncio.run(run())


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


def _start_local(settings: Settings) -> None:
    server = _server(settings)
    started = time.monotonic()
    with err.status("Neo4j: preparing") as status:
        server.start(progress=lambda message: status.update(f"Neo4j: {message}"))
    out.print(
        f"Neo4j {server.version} is running at [bold]{server.uri}[/] "
        f"(data in {server.data_dir}, log {server.console_log}; ready in {time.monotonic() - started:.1f}s)"
    )


@neo4j_app.command("start")
def neo4j_start(
    port: Annotated[int | None, typer.Option(help="Bolt port on 127.0.0.1 (default 7687).")] = None,
) -> None:
    """Start the local server; the first start downloads Neo4j from Maven Central (~120 MB, once)."""
    _start_local(_settings(port))


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local server gracefully; its data stays."""
    server = _server(_settings())
    if server.stop():
        out.print("Neo4j stopped; data kept in " + str(server.data_dir))
    else:
        out.print("Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local server runs, where, and where its log is."""
    status = _server(_settings()).status()
    if status.running:
        out.print(
            f"running (pid {status.pid}) at {status.uri}, Neo4j {status.version}; log {status.log}"
        )
    else:
        out.print(f"not running; data would be in {status.home}")
        raise typer.Exit(3)


@app.command()
def migrate() -> None:
    """Apply constraints and indexes from cypher/schema/ (idempotent)."""
    from graph.schema import migrate as apply

    names = _with_db(_settings(), apply)
    out.print(f"schema up to date: {len(names)} constraints and indexes")


@import_app.command("csv")
def import_csv(
    directory: Annotated[
        Path, typer.Argument(help="Folder of CSV files (see README for columns).")
    ],
) -> None:
    """Validate every row of the CSV files in DIRECTORY, then upsert them all (or write nothing)."""
    from graph.importing.csv_import import ImportRejected, import_directory
    from graph.schema import migrate as apply

    settings = _settings()

    async def work(db: Database) -> None:
        await apply(db)
        with _progress() as progress:
            tasks: dict[str, int] = {}

            def on_file(name: str, total: int) -> None:
                tasks[name] = progress.add_task(name, total=total)

            def advance(name: str, done: int) -> None:
                progress.update(tasks[name], completed=done)  # type: ignore[arg-type]

            report = await import_directory(
                db, directory, settings.import_batch_size, on_file, advance
            )
        out.print(f"imported {report.rows} rows from {len(report.files)} files")
        await _reindex(db)

    started = time.monotonic()
    try:
        _with_db(settings, work)
    except ImportRejected as rejected:
        for issue in rejected.issues:
            err.print(str(issue), markup=False, highlight=False)
        err.print(f"[red]{rejected.message}[/]")
        raise typer.Exit(1) from None
    out.print(f"done in {time.monotonic() - started:.1f}s")


@app.command()
def demo(
    employees: Annotated[int, typer.Option(help="Employees to generate, 50 to 100,000.")] = 2000,
    seed: Annotated[int, typer.Option(help="Same seed, same organisation.")] = 42,
    reset: Annotated[bool, typer.Option(help="Delete all data first.")] = False,
    csv_out: Annotated[
        Path | None, typer.Option(help="Also write the organisation as CSV files here.")
    ] = None,
) -> None:
    """Generate a realistic organisation (real O*NET occupations and skills) and import it."""
    from graph.importing.demo import generate_demo, write_csv_dir

    settings = _settings()
    if csv_out:
        counts = write_csv_dir(generate_demo(employees, seed), csv_out)
        out.print(f"wrote {sum(counts.values())} rows as CSV to {csv_out}")
    started = time.monotonic()
    counts = _with_db(settings, lambda db: _load_demo(db, employees, seed, reset, settings))
    out.print(
        f"demo organisation loaded: {counts.get('employees.csv', 0)} employees, "
        f"{counts.get('roles.csv', 0)} roles, {sum(counts.values())} rows in {time.monotonic() - started:.1f}s"
    )


async def _load_demo(
    db: Database, employees: int, seed: int, reset: bool, settings: Settings
) -> dict[str, int]:
    from graph.importing.demo import load_demo
    from graph.importing.onet import ensure_reference_data
    from graph.schema import migrate as apply
    from graph.schema import wipe

    if reset:
        await wipe(db)
    await apply(db)
    with _progress() as progress:
        tasks: dict[str, int] = {}

        def advance(name: str, done: int) -> None:
            if name not in tasks:
                tasks[name] = progress.add_task(name, total=None)
            progress.update(tasks[name], completed=done)  # type: ignore[arg-type]

        # O*NET reference data first, so the demo's roles link to occupations (and exposure) as written.
        await ensure_reference_data(db, settings.import_batch_size, advance=advance)
        counts = await load_demo(db, employees, seed, settings.import_batch_size, advance)
    await _reindex(db)
    return counts


async def _reindex(db: Database) -> None:
    from graph.fit_index import rebuild

    with err.status("rebuilding candidate shortlists"):
        report = await rebuild(db)
    out.print(
        f"candidate shortlists rebuilt for {report.roles} roles over {report.employees} active "
        f"employees in {report.read_seconds + report.compute_seconds + report.write_seconds:.1f}s"
    )


async def _has_employees(db: Database) -> bool:
    from graph.repositories.stats import employee_count

    return await db.read(employee_count) > 0


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="HTTP port.")] = 8000,
    demo: Annotated[
        bool,
        typer.Option(
            help="Start the local Neo4j if needed and load the demo organisation if the graph is empty."
        ),
    ] = False,
    employees: Annotated[int, typer.Option(help="Demo size when --demo loads one.")] = 2000,
) -> None:
    """Serve the GraphQL API (GraphiQL in the browser) with uvicorn."""
    import uvicorn

    from api.app import create_app

    settings = _settings()
    if demo:
        if settings.uses_local_server and not _server(settings).status().running:
            _start_local(settings)
        if not _with_db(settings, _has_employees):
            counts = _with_db(settings, lambda db: _load_demo(db, employees, 42, False, settings))
            out.print(f"demo organisation loaded: {counts.get('employees.csv', 0)} employees")
        else:
            from graph.importing.onet import ensure_reference_data

            if _with_db(settings, ensure_reference_data):
                out.print("O*NET reference data loaded")
    out.print(
        f"TalentGraph GraphQL: [bold]http://{host}:{port}/graphql[/] (Neo4j {settings.effective_uri})"
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command()
def reindex() -> None:
    """Rebuild the candidate shortlists (done after every import; needed only after writing to
    Neo4j outside TalentGraph, and even then only for speed: stale shortlists are never used)."""
    _with_db(_settings(), _reindex)


@app.command()
def stats() -> None:
    """Count nodes per label and relationships per type."""
    from graph.repositories.stats import counts

    async def work(db: Database) -> dict[str, int]:
        return await db.read(counts)

    for name, count in sorted(_with_db(_settings(), work).items()):
        out.print(f"{name:40} {count:>12,}")


@app.command()
def schema() -> None:
    """Print the GraphQL schema (SDL); `api/schema.graphql` is this output."""
    from api.graphql_schema import build_schema

    sys.stdout.write(build_schema().as_str() + "\n")


from api import cli_exposure  # noqa: E402, F401  (registers its commands on app and import_app)
from api.cli_export import export_app  # noqa: E402  (it uses the helpers above)

app.add_typer(export_app, name="export")


def main() -> None:
    """Entry point: expected failures print one clear message and exit non-zero, no traceback."""
    try:
        app()
    except LocalServerError as exc:
        err.print(f"[red]Neo4j:[/] {exc}", highlight=False)
        sys.exit(2)
    except TalentGraphError as exc:
        err.print(f"[red]{exc.code}:[/] {exc.message}", highlight=False)
        sys.exit(1)
