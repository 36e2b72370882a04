"""What every `talentgraph` command shares: the consoles, who commands act as, the settings, a
database connection for the length of a command, progress, the local Neo4j server.

On a terminal, output is Rich's: wrapped to its width, progress bars and spinners. Otherwise (a
pipe, a file, CI) every line is written whole, never wrapped or cut, tables as wide as they need,
and progress is plain lines: a step's count at each tenth of it (or every few seconds when its
total is unknown) and when it ends, so logs stay readable and `grep`-able.
"""

from __future__ import annotations

import asyncio
import dataclasses
import getpass
import re
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Protocol, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text

from graph.auth import LOCAL_DEVELOPER, Principal
from graph.db import Database
from graph.neo4j_home import remember_home
from graph.neo4j_server import LocalNeo4j
from graph.services import audit
from graph.services.audit.spool import AuditSpool
from graph.settings import Settings

T = TypeVar("T")

#: Wide enough that no line or table is ever cut or wrapped when the output is not a terminal.
UNWRAPPED = 100_000
#: Seconds between two progress lines of a step whose total is unknown (not on a terminal).
LINE_INTERVAL = 5.0


def _console(stderr: bool) -> Console:
    console = Console(stderr=stderr)
    if not console.is_terminal:
        console.soft_wrap = True
        console.width = UNWRAPPED
    return console


out = _console(stderr=False)
err = _console(stderr=True)


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


def settings(
    port: int | None = None, heap: str | None = None, pagecache: str | None = None
) -> Settings:
    """The settings from the environment, with what a command's options say instead."""
    given: dict[str, Any] = {"neo4j_port": port, "neo4j_heap": heap, "neo4j_pagecache": pagecache}
    return Settings(**{name: value for name, value in given.items() if value})


def server(settings: Settings) -> LocalNeo4j:
    """The local Neo4j of `settings.home`, on its port (remembered unless given) and memory."""
    return LocalNeo4j(
        home=settings.home / "neo4j",
        cache_dir=settings.cache_dir,
        version=settings.neo4j_version,
        port=settings.local_port,
        heap=settings.local_heap,
        pagecache=settings.local_pagecache,
        start_timeout=settings.neo4j_start_timeout,
    )


def start_local(settings: Settings) -> None:
    """Start the local Neo4j (if it is not running) and remember its home for other folders."""
    local = server(settings)
    started = time.monotonic()
    try:
        with status("Neo4j: preparing") as step:
            running = local.start(progress=lambda message: step.update(f"Neo4j: {message}"))
    except KeyboardInterrupt:
        say(
            "interrupted: if Neo4j was launched it goes on starting in the background; "
            "`talentgraph neo4j status` says where it is, `talentgraph neo4j stop` stops it"
        )
        raise typer.Exit(130) from None
    if "home" not in settings.model_fields_set:
        remember_home(settings.state_dir, settings.home)
    out.print(
        f"Neo4j {running.version} is running at [bold]{running.uri}[/] (heap {running.heap}, "
        f"page cache {running.pagecache}; data in {local.data_dir}, log {local.console_log}; "
        f"ready in {time.monotonic() - started:.1f}s)",
        highlight=False,
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
            await audit.settle()  # an interrupted command's audit events, before the driver goes
            await audit.flush_reads(db)
            await db.close()

    return asyncio.run(run())


# -- progress ----------------------------------------------------------------------------------


class Steps(Protocol):
    """Progress of a command's steps (files, tables...): bars on a terminal, else lines."""

    def __enter__(self) -> Steps: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def add_task(self, description: str, total: int | None = None) -> int: ...

    def update(self, task: int, completed: int | None = None, total: int | None = None) -> None: ...


class _Count(ProgressColumn):
    """`done/total`, or just `done` while the total is unknown (never `N/?`)."""

    def render(self, task: Task) -> Text:
        done = f"{int(task.completed):,}"
        return Text(done if task.total is None else f"{done}/{int(task.total):,}")


class _Bars:
    def __init__(self) -> None:
        self._bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            _Count(),
            TimeElapsedColumn(),
            console=err,
            transient=False,
        )

    def __enter__(self) -> _Bars:
        self._bars.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._bars.__exit__(kind, error, trace)

    def add_task(self, description: str, total: int | None = None) -> int:
        return int(self._bars.add_task(description, total=total))

    def update(self, task: int, completed: int | None = None, total: int | None = None) -> None:
        self._bars.update(task, completed=completed, total=total)  # type: ignore[arg-type]


@dataclasses.dataclass
class _Step:
    description: str
    total: int | None
    started: float
    completed: int = 0
    shown_at: float = 0.0
    tenth: int = 0
    finished: bool = False


class _Lines:
    """Progress as plain lines on stderr (output that is not a terminal): a step's count at each
    tenth of its total (every few seconds while the total is unknown), and once it ends."""

    def __init__(self) -> None:
        self._steps: list[_Step] = []

    def __enter__(self) -> _Lines:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:  # a step that stopped is for the command to explain
            for step in self._steps:
                self._finish(step)

    def add_task(self, description: str, total: int | None = None) -> int:
        for step in self._steps:  # steps run one after another: a new one ends the others
            self._finish(step)
        now = time.monotonic()
        self._steps.append(_Step(description, total, now, shown_at=now))
        return len(self._steps) - 1

    def update(self, task: int, completed: int | None = None, total: int | None = None) -> None:
        step = self._steps[task]
        if total is not None:
            step.total = total
        if completed is not None:
            step.completed = completed
        now = time.monotonic()
        if step.total:
            tenth = step.completed * 10 // step.total
            if step.tenth < tenth < 10:
                step.tenth = tenth
                self._show(step, now)
        elif now - step.shown_at >= LINE_INTERVAL:
            self._show(step, now)

    def _show(self, step: _Step, now: float, end: str = "") -> None:
        line = f"{step.description}: {step.completed:,}"
        if step.total:
            line += f" of {step.total:,} ({step.completed * 100 // step.total}%)"
        say(line + end)
        step.shown_at = now

    def _finish(self, step: _Step) -> None:
        if not step.finished:
            step.finished = True
            now = time.monotonic()
            self._show(step, now, f", done in {now - step.started:.1f}s")


def progress() -> Steps:
    return _Bars() if err.is_terminal else _Lines()


class _Status(Protocol):
    def update(self, message: str) -> None: ...


class _LineStatus:
    """A spinner's updates as lines: each new kind of message, and a repeat every few seconds."""

    def __init__(self, message: str) -> None:
        self._shown = message  # not printed: the command's own lines say what it did
        self._at = time.monotonic()

    def update(self, message: str) -> None:
        now = time.monotonic()
        if _shape(message) != _shape(self._shown) or now - self._at >= LINE_INTERVAL:
            say(message)
            self._shown, self._at = message, now


def _shape(message: str) -> str:
    return re.sub(r"[\d.,]+", "#", message)


@contextmanager
def status(message: str) -> Iterator[_Status]:
    """A spinner with `message` on a terminal, else the message (and its updates) as lines."""
    if err.is_terminal:
        with err.status(message) as spinner:
            yield spinner
    else:
        yield _LineStatus(message)


# -- questions ---------------------------------------------------------------------------------


def confirm(question: str, yes: bool) -> None:
    """Ask `question` before something destructive, unless `yes` (`--yes`). Without a terminal
    to ask on (a script, CI), refuse (exit 2) unless `yes`; a "no" ends the command (exit 1)."""
    if yes:
        return
    if not sys.stdin.isatty():
        say(question)
        say("refused: there is no terminal to ask on; add --yes to go ahead")
        raise typer.Exit(2)
    if not typer.confirm(question, default=False, err=True):
        say("nothing was changed")
        raise typer.Exit(1)


def graph_contents(counts: dict[str, int]) -> tuple[int, int, int]:
    """(nodes, relationships, audit events) from `admin.counts`, the graph version ledger left out."""
    nodes = sum(v for k, v in counts.items() if k.startswith("node:") and k != "node:GraphVersion")
    relationships = sum(v for k, v in counts.items() if k.startswith("relationship:"))
    return nodes, relationships, counts.get("node:AuditEvent", 0)
