"""`talentgraph neo4j start | stop | status`: the local Neo4j Community server."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import out, server, settings, start_local

neo4j_app = typer.Typer(
    help="Run a local Neo4j Community server (no Docker needed).", no_args_is_help=True
)


@neo4j_app.command("start")
def neo4j_start(
    port: Annotated[int | None, typer.Option(help="Bolt port on 127.0.0.1 (default 7687).")] = None,
) -> None:
    """Start the local server; the first start downloads Neo4j from Maven Central (~120 MB, once)."""
    start_local(settings(port))


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local server gracefully; its data stays."""
    local = server(settings())
    if local.stop():
        out.print("Neo4j stopped; data kept in " + str(local.data_dir))
    else:
        out.print("Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local server runs, where, and where its log is."""
    status = server(settings()).status()
    if status.running:
        out.print(
            f"running (pid {status.pid}) at {status.uri}, Neo4j {status.version}; log {status.log}"
        )
    else:
        out.print(f"not running; data would be in {status.home}")
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    app.add_typer(neo4j_app, name="neo4j")
