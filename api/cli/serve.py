"""`talentgraph serve`: the API with uvicorn (with `--demo`, the local Neo4j and the demo too)."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import err, operator, out, server, settings, start_local, with_db
from api.cli.demo import load
from graph.auth import LOCAL_DEVELOPER
from graph.services import admin
from graph.services.imports import ensure_reference_data


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
    app_ = create_app(config)  # refuses to start with auth on and no key to verify tokens
    if demo:
        if config.uses_local_server and not server(config).status().running:
            start_local(config)
        if not with_db(config, admin.has_employees):
            counts = with_db(config, lambda db: load(db, employees, 42, False, config))
            out.print(f"demo organisation loaded: {counts.get('employees.csv', 0)} employees")
        else:
            loaded = with_db(
                config,
                lambda db: ensure_reference_data(
                    db, config.import_batch_size, principal=operator()
                ),
            )
            if loaded:
                out.print("O*NET reference data loaded")
    out.print(
        f"TalentGraph GraphQL: [bold]http://{host}:{port}/graphql[/] (Neo4j {config.effective_uri})"
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
