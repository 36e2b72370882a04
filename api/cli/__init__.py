"""The `talentgraph` command line: local Neo4j, schema, imports, demo data, exports, dumps, tokens
and the API server.

The CLI is an operator's tool: whoever runs it has the database credentials, so its commands act
with the admin role (as `cli:<os user>` in the audit log) rather than with a token. Each module
here holds a few commands and registers them on `app` (`register`), in the order below.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.markup import escape

from api.cli import admin, demo, dump, export, imports, neo4j, reference, serve
from api.cli.common import err, out
from graph.errors import ConfigurationError, LocalServerError, TalentGraphError
from graph.settings import DEFAULT_NEO4J_VERSION

app = typer.Typer(
    help="TalentGraph: talent mapping and succession planning on Neo4j.",
    no_args_is_help=True,
    add_completion=False,
)


def version_line() -> str:
    try:
        found = package_version("talentgraph")
    except PackageNotFoundError:
        found = "unknown"
    return (
        f"talentgraph {found} (Python {sys.version.split()[0]}; "
        f"local Neo4j {DEFAULT_NEO4J_VERSION})"
    )


def _print_version(value: bool) -> None:
    if value:
        out.print(version_line(), highlight=False)
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """TalentGraph: talent mapping and succession planning on Neo4j."""


neo4j.register(app)
admin.register(app)
import_app = imports.register(app)
reference.register(app, import_app)
demo.register(app)
serve.register(app)
dump.register(app)
export.register(app)


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
    except ValidationError as exc:  # a setting from the environment that is not valid
        for problem in exc.errors():
            where = ".".join(str(part) for part in problem["loc"]) or "settings"
            err.print(
                f"[red]configuration:[/] TALENTGRAPH_{where.upper()}: {escape(problem['msg'])}",
                highlight=False,
            )
        sys.exit(2)
    except TalentGraphError as exc:
        err.print(f"[red]{exc.code}:[/] {exc.message}", highlight=False)
        sys.exit(1)
