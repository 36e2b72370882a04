"""The `talentgraph` command line: local Neo4j, schema, imports, demo data, tokens and the API server.

The CLI is an operator's tool: whoever runs it has the database credentials, so its commands act
with the admin role (as `cli:<os user>` in the audit log) rather than with a token.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import getpass
import re
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from graph.auth import LOCAL_DEVELOPER, AccessRole, Principal
from graph.db import Database
from graph.errors import ConfigurationError, LocalServerError, TalentGraphError
from graph.importing.progress import ImportProgress
from graph.neo4j_server import LocalNeo4j
from graph.services import audit
from graph.services.audit_spool import AuditSpool
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


def operator() -> Principal:
    """Who CLI commands act as: the local developer (admin), named after the OS user for the audit."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return dataclasses.replace(LOCAL_DEVELOPER, subject=f"cli:{user}")


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


def _spool(settings: Settings) -> AuditSpool:
    """Where audit events wait while the database does not answer (graph/services/audit_spool.py)."""
    return AuditSpool(
        AuditSpool.default_folder(settings.home),
        f"{settings.effective_uri} {settings.neo4j_database}",
    )


async def _record_kept_audit(db: Database, settings: Settings) -> None:
    """Audit events kept on disk by an earlier command while the database was down, recorded now
    that it answers (quietly skipped while it still does not: the command says so itself)."""
    from graph.services.audit import record_kept_events

    spool = _spool(settings)
    if not spool.pending():
        return
    try:
        await db.ping()
        recorded = await record_kept_events(db, spool)
    except Exception as exc:  # never fail a command over an earlier one's audit
        err.print(
            f"audit: events kept in {spool.folder} are not recorded yet ({exc}); the next "
            "command that reaches the database tries again",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        return
    err.print(
        f"audit: recorded {recorded} event(s) kept in {spool.folder} while the database was down",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


def _with_db(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        db = Database.connect(settings)
        audit.configure(db, settings)
        try:
            await _record_kept_audit(db, settings)
            return await work(db)
        finally:
            await audit.flush_reads(db)
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
    """Validate every row of the CSV files in DIRECTORY, then upsert them all (or write nothing).

    Exit status: 0 imported; 1 refused (nothing written) or failed before writing; 3 stopped part
    way (what was written is printed; running the same import again completes it).
    """
    from graph.importing.csv_import import ImportRejected
    from graph.schema import migrate as apply
    from graph.services.imports import import_csv as run

    settings = _settings()
    written = ImportProgress()
    spool = _spool(settings)

    async def work(db: Database) -> None:
        await apply(db)
        with _progress() as bars:
            tasks: dict[str, int] = {}

            def on_file(name: str, total: int) -> None:
                tasks[name] = bars.add_task(name, total=total)

            def advance(name: str, done: int) -> None:
                bars.update(tasks[name], completed=done)  # type: ignore[arg-type]

            report = await run(
                db,
                directory,
                settings.import_batch_size,
                on_file,
                advance,
                principal=operator(),
                clock_skew=timedelta(seconds=settings.import_clock_skew),
                progress=written,
                spool=spool,
            )
        out.print(f"imported {report.rows} rows from {len(report.files)} files")
        for name in report.changed:
            _say(
                f"warning: {name} changed on disk during the import; the graph holds it as it "
                "was when the import read it (and validated it). Run the import again to import "
                "the change."
            )
        await _reindex(db)

    started = time.monotonic()
    try:
        _with_db(settings, work)
    except ImportRejected as rejected:
        for issue in rejected.issues:
            err.print(str(issue), markup=False, highlight=False)
        err.print(f"[red]{rejected.message}[/]")
        raise typer.Exit(1) from None
    except (Exception, KeyboardInterrupt) as exc:
        if not written.planned:
            raise  # before writing began: main() says what failed; nothing was written
        if isinstance(exc, KeyboardInterrupt) and spool.kept:
            # The interruption cancelled the audit write too; the database is likely fine.
            with contextlib.suppress(Exception):
                asyncio.run(_record_kept_now(settings, spool))
        raise typer.Exit(_stopped(exc, written, spool)) from None
    out.print(f"done in {time.monotonic() - started:.1f}s")


async def _record_kept_now(settings: Settings, spool: AuditSpool) -> None:
    from graph.services.audit import record_kept_events

    db = Database.connect(settings, retry_time=2.0)
    try:
        await record_kept_events(db, spool)
    finally:
        await db.close()


def _say(text: str) -> None:
    err.print(text, markup=False, highlight=False, soft_wrap=True)


def _stopped(error: BaseException, written: ImportProgress, spool: AuditSpool) -> int:
    """Say what an import that failed once writing began did write; returns the exit status."""
    if isinstance(error, TalentGraphError):
        cause = f"{error.code}: {error.message}"
    elif isinstance(error, KeyboardInterrupt):
        cause = "interrupted"
    else:
        cause = f"{type(error).__name__}: {error}"
    if written.complete:
        _say(f"the import is complete, but what followed it failed: {cause}")
        _say("Run `talentgraph reindex` to rebuild the candidate shortlists.")
        return 1
    if written.anything_written:
        _say(f"the import stopped part way: {cause}")
    else:
        _say(f"the import stopped before writing anything: {cause}")
    for line in written.describe():
        _say(line)
    _say(
        "Run the same import again to complete it: rows are upserts, so those already written "
        "are not written twice."
    )
    why = (
        "it was interrupted"
        if isinstance(error, KeyboardInterrupt)
        else "the database did not answer"
    )
    for path in spool.kept:
        _say(
            f"audit: {why}, so this failure is kept in {path} and recorded by the next "
            "talentgraph command that reaches the database"
        )
    return 3 if written.anything_written else 1


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
    from graph.demo import generate_demo, write_csv_dir

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
    from graph.schema import migrate as apply
    from graph.schema import wipe
    from graph.services.imports import ensure_reference_data, load_demo

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
        await ensure_reference_data(
            db, settings.import_batch_size, advance=advance, principal=operator()
        )
        counts = await load_demo(
            db, employees, seed, settings.import_batch_size, advance, principal=operator()
        )
    await _reindex(db)
    return counts


async def _reindex(db: Database) -> None:
    from graph.services.shortlists import rebuild

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
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Server processes (uvicorn workers). The API keeps no state, so each one serves "
            "any request; on a machine shared with Neo4j, about one per core left to the API.",
        ),
    ] = 1,
) -> None:
    """Serve the GraphQL API (GraphiQL in the browser) with uvicorn.

    Authentication is on unless TALENTGRAPH_AUTH_ENABLED=false, which is refused unless the server
    binds a loopback address (127.0.0.1, ::1, localhost).
    """
    import uvicorn

    from api.app import create_app
    from api.auth import is_loopback

    settings = _settings()
    if not settings.auth_enabled and not is_loopback(host):
        err.print(
            f"[red]refusing to serve on {host} with authentication off[/]: "
            "TALENTGRAPH_AUTH_ENABLED=false is allowed only on a loopback address (127.0.0.1, ::1, "
            "localhost), where no one else can reach the API. Bind --host 127.0.0.1, or turn "
            "authentication on and set TALENTGRAPH_JWT_SECRET (README, Access control).",
            highlight=False,
        )
        raise typer.Exit(2)
    app_ = create_app(settings)  # refuses to start with auth on and no key to verify tokens
    if demo:
        if settings.uses_local_server and not _server(settings).status().running:
            _start_local(settings)
        if not _with_db(settings, _has_employees):
            counts = _with_db(settings, lambda db: _load_demo(db, employees, 42, False, settings))
            out.print(f"demo organisation loaded: {counts.get('employees.csv', 0)} employees")
        else:
            from graph.services.imports import ensure_reference_data

            loaded = _with_db(
                settings,
                lambda db: ensure_reference_data(
                    db, settings.import_batch_size, principal=operator()
                ),
            )
            if loaded:
                out.print("O*NET reference data loaded")
    out.print(
        f"TalentGraph GraphQL: [bold]http://{host}:{port}/graphql[/] (Neo4j {settings.effective_uri})"
    )
    if settings.auth_enabled:
        out.print(
            "Authentication is on: send `Authorization: Bearer <token>`. Mint a token with\n"
            "  talentgraph token --sub you@example.com --role admin\n"
            "and in GraphiQL put it in Headers as "
            '{"Authorization": "Bearer <token>"}.',
            highlight=False,
            markup=False,
        )
    else:
        _auth_off_banner(host)
    from api.middleware import log_config

    if workers == 1:
        uvicorn.run(app_, host=host, port=port, log_level="info", log_config=log_config())
        return
    # Each worker process builds its own app (and driver) from the same environment.
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="info",
        log_config=log_config(),
    )


def _auth_off_banner(host: str) -> None:
    line = "!" * 78
    err.print(
        f"[bold red]{line}\n"
        "!!  AUTHENTICATION IS OFF (TALENTGRAPH_AUTH_ENABLED=false)\n"
        f"!!  Every request is served as {LOCAL_DEVELOPER.subject!r} with the admin role: it can\n"
        "!!  read every sensitive field, assess anyone and read the audit log.\n"
        f"!!  Allowed only because the server binds the loopback address {host}.\n"
        "!!  To try tokens instead: unset TALENTGRAPH_AUTH_ENABLED, set TALENTGRAPH_JWT_SECRET,\n"
        "!!  and mint one with `talentgraph token --sub you --role admin`.\n"
        f"{line}[/]",
        highlight=False,
    )


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


_TTL = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_TTL_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_TTL = 366 * 86400


def _ttl(value: str) -> int:
    found = _TTL.match(value.lower())
    if not found:
        raise typer.BadParameter("expected a duration such as 900, 30m, 8h or 7d")
    seconds = int(found.group(1)) * _TTL_UNITS[found.group(2)]
    if not 0 < seconds <= MAX_TTL:
        raise typer.BadParameter("the lifetime must be between 1 second and 366 days")
    return seconds


@app.command()
def token(
    sub: Annotated[
        str,
        typer.Option(
            "--sub", help="Who the token is for (recorded as assessedBy and in the audit log)."
        ),
    ],
    role: Annotated[
        list[AccessRole],
        typer.Option("--role", help="admin, hr, manager, employee or service; repeat for several."),
    ],
    employee_id: Annotated[
        str | None,
        typer.Option(
            "--employee-id",
            help="The person's employee id (needed by the manager and employee roles).",
        ),
    ] = None,
    ttl: Annotated[str, typer.Option("--ttl", help="Lifetime: seconds, or 30m, 8h, 7d.")] = "8h",
    private_key: Annotated[
        str | None,
        typer.Option(
            "--private-key",
            help="PEM file (or text) of an RSA private key: sign RS256 instead of HS256 with the secret.",
        ),
    ] = None,
) -> None:
    """Mint a signed token for local use; prints only the token, so `TOKEN=$(talentgraph token ...)`.

    HS256 with TALENTGRAPH_JWT_SECRET by default; RS256 with --private-key (or
    TALENTGRAPH_JWT_ALGORITHM=RS256 and TALENTGRAPH_JWT_PRIVATE_KEY). Issuer and audience come from
    TALENTGRAPH_JWT_ISSUER and TALENTGRAPH_JWT_AUDIENCE, as the server checks them.
    """
    from graph.auth import mint_token

    settings = _settings()
    if private_key is not None:
        settings = settings.model_copy(update={"jwt_algorithm": "RS256"})
    roles = set(role)
    if roles & {AccessRole.MANAGER, AccessRole.EMPLOYEE} and employee_id is None:
        err.print(
            "note: the manager and employee roles see nothing without --employee-id",
            highlight=False,
        )
    try:
        minted = mint_token(settings, sub, roles, employee_id, _ttl(ttl), private_key)
    except (ValueError, OSError) as exc:
        raise ConfigurationError(str(exc)) from exc
    sys.stdout.write(minted + "\n")


@app.command()
def schema() -> None:
    """Print the GraphQL schema (SDL); `api/schema.graphql` is this output."""
    from api.graphql_schema import build_schema

    sys.stdout.write(build_schema().as_str() + "\n")


import api.cli_dump  # noqa: E402, F401  (registers `dump` and `restore` on app)
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
    except ConfigurationError as exc:
        err.print(f"[red]configuration:[/] {escape(str(exc))}", highlight=False)
        sys.exit(2)
    except TalentGraphError as exc:
        err.print(f"[red]{exc.code}:[/] {exc.message}", highlight=False)
        sys.exit(1)
