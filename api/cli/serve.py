"""`talentgraph serve`: the API with uvicorn (with `--demo`, the local Neo4j and the demo too)."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import err, operator, out, say, server, settings, start_local, with_db
from api.cli.demo import load_or_explain
from graph.auth import LOCAL_DEVELOPER
from graph.neo4j_home import next_free_port, port_is_free
from graph.services import admin
from graph.services import demo as demo_org
from graph.services.imports import ensure_reference_data
from graph.settings import Settings

DEMO_SEED = 42


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

    config = settings()
    if not config.auth_enabled and not is_loopback(host):
        err.print(
            f"[red]refusing to serve on {host} with authentication off[/]: "
            "TALENTGRAPH_AUTH_ENABLED=false is allowed only on a loopback address (127.0.0.1, ::1, "
            "localhost), where no one else can reach the API. Bind --host 127.0.0.1, or turn "
            "authentication on and set TALENTGRAPH_JWT_SECRET (README, Access control).",
            highlight=False,
        )
        raise typer.Exit(2)
    if not port_is_free(port, host):
        say(
            f"port {port} on {host} is already in use (TalentGraph already running? Its GraphiQL "
            f"would be at http://{host}:{port}/graphql). Stop that program, or serve on another "
            f"port: `talentgraph serve --port {next_free_port(port, host)}` (with make: "
            f"`make run PORT={next_free_port(port, host)}`)."
        )
        raise typer.Exit(2)
    app_ = create_app(config)  # refuses to start with auth on and no key to verify tokens
    if demo:
        prepare_demo(config, employees)
    out.print(
        f"TalentGraph GraphQL: [bold]http://{host}:{port}/graphql[/] (Neo4j {config.effective_uri})",
        highlight=False,
    )
    if config.auth_enabled:
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


def prepare_demo(config: Settings, employees: int) -> None:
    """The local Neo4j started if needed; then the demo organisation loaded if the graph has no
    employees, or finished if an earlier load stopped part way; else the O*NET reference data
    loaded if missing."""
    if config.uses_local_server and not server(config).status().running:
        start_local(config)
    earlier = with_db(config, demo_org.state)
    if earlier is not None and not earlier.complete:
        say(
            f"an earlier demo load ({earlier.employees:,} employees, seed {earlier.seed}) did not "
            "finish: finishing it now (rows already written are not written twice)"
        )
        counts = load_or_explain(config, earlier.employees, earlier.seed, False)
    elif not with_db(config, admin.has_employees):
        counts = load_or_explain(config, employees, DEMO_SEED, False)
    else:
        try:
            loaded = with_db(
                config,
                lambda db: ensure_reference_data(
                    db, config.import_batch_size, principal=operator()
                ),
            )
        except KeyboardInterrupt:
            say(
                "interrupted: the O*NET reference data is only partly loaded; run the same "
                "command again to finish it (`make run` or `talentgraph serve --demo`)"
            )
            raise typer.Exit(130) from None
        if loaded:
            out.print("O*NET reference data loaded")
        return
    out.print(f"demo organisation loaded: {counts.get('employees.csv', 0)} employees")


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


def register(app: typer.Typer) -> None:
    app.command()(serve)
