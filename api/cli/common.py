"""What every `talentgraph` command shares: the consoles, who commands act as, the settings, a
database connection for the length of a command, progress bars, the local Neo4j server."""

from __future__ import annotations

import asyncio
import dataclasses
import getpass
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph.auth import LOCAL_DEVELOPER, Principal
from graph.db import Database
from graph.neo4j_server import LocalNeo4j
from graph.services import audit
from graph.services.audit.spool import AuditSpool
from graph.settings import Settings

T = TypeVar("T")

out = Console()
err = Console(stderr=True)


def say(text: str) -> None:
    """One plain line on stderr, never wrapped or marked up."""
    err.print(text, markup=False, highlight=False, soft_wrap=True)


def operator() -> Principal:
    """Who CLI commands act as: the local developer (admin), named after the OS user for the audit."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return dataclasses.replace(LOCAL_DEVELOPER, subject=f"cli:{user}")


def settings(port: int | None = None) -> Settings:
    found = Settings()
    return found.model_copy(update={"neo4j_port": port}) if port else found


def server(settings: Settings) -> LocalNeo4j:
    return LocalNeo4j(
        home=settings.home / "neo4j",
        cache_dir=settings.cache_dir,
        version=settings.neo4j_version,
        port=settings.neo4j_port,
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
        start_timeout=settings.neo4j_start_timeout,
    )


def start_local(settings: Settings) -> None:
    local = server(settings)
    started = time.monotonic()
    with err.status("Neo4j: preparing") as status:
        local.start(progress=lambda message: status.update(f"Neo4j: {message}"))
    out.print(
        f"Neo4j {local.version} is running at [bold]{local.uri}[/] "
        f"(data in {local.data_dir}, log {local.console_log}; ready in {time.monotonic() - started:.1f}s)"
    )


def spool(settings: Settings) -> AuditSpool:
    """Where audit events wait while the database does not answer (graph/services/audit/spool.py)."""
    return AuditSpool(
        AuditSpool.default_folder(settings.home),
        f"{settings.effective_uri} {settings.neo4j_database}",
    )


async def _record_kept_audit(db: Database, settings: Settings) -> None:
    """Audit events kept on disk by an earlier command while the database was down, recorded now
    that it answers (quietly skipped while it still does not: the command says so itself)."""
    kept = spool(settings)
    if not kept.pending():
        return
    try:
        await db.ping()
        recorded = await audit.record_kept_events(db, kept)
    except Exception as exc:  # never fail a command over an earlier one's audit
        say(
            f"audit: events kept in {kept.folder} are not recorded yet ({exc}); the next "
            "command that reaches the database tries again"
        )
        return
    say(f"audit: recorded {recorded} event(s) kept in {kept.folder} while the database was down")


def with_db(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Run `work` with a connection for the length of the command (its read log written at the
    end, audit events kept on disk by earlier commands recorded first)."""

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


def progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
