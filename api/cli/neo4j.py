"""`talentgraph neo4j start | stop | status`: the local Neo4j Community server.

Its home and what it was started with are remembered (graph/neo4j_home.py), so `status`, `stop`
and every command that needs Neo4j find it from any folder, on the port it runs on, without
NEO4J_URI.
"""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import out, server, settings, start_local
from graph.neo4j_home import parse_size


def _memory(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        parse_size(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


neo4j_app = typer.Typer(
    help="Run a local Neo4j Community server (no Docker needed).", no_args_is_help=True
)


@neo4j_app.command("start")
def neo4j_start(
    port: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=65535,
            help="Bolt port on 127.0.0.1 (default: the port it last ran on, else 7687).",
        ),
    ] = None,
    heap: Annotated[
        str | None,
        typer.Option(
            callback=_memory,
            help="JVM heap, e.g. 2g (default: as last started, else a quarter of this machine's "
            "memory, 1g to 8g).",
        ),
    ] = None,
    pagecache: Annotated[
        str | None,
        typer.Option(
            callback=_memory,
            help="Page cache, e.g. 1g (default: as last started, else an eighth of this "
            "machine's memory, 512m to 4g).",
        ),
    ] = None,
) -> None:
    """Start the local server; the first start downloads Neo4j from Maven Central (~120 MB, once)."""
    start_local(settings(port, heap, pagecache))


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local server gracefully; its data stays."""
    local = server(settings())
    if local.stop():
        out.print(f"Neo4j stopped; data kept in {local.data_dir}", highlight=False)
    else:
        out.print(f"Neo4j was not running (home {local.home})", highlight=False)


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local server runs, where, and where its log is (exit 3 if it does not)."""
    status = server(settings()).status()
    if status.running:
        out.print(
            f"running (pid {status.pid}) at {status.uri}, Neo4j {status.version}, heap "
            f"{status.heap}, page cache {status.pagecache}; home {status.home}; log {status.log}",
            highlight=False,
        )
        out.print(
            f"Neo4j Browser or Desktop: connect to {status.uri} with no authentication",
            highlight=False,
        )
    else:
        out.print(f"not running; data would be in {status.home}", highlight=False)
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    app.add_typer(neo4j_app, name="neo4j")
