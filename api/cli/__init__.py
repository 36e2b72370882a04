"""The `talentgraph` command line: local Neo4j, schema, imports, demo data, exports, dumps, tokens
and the API server.

The CLI is an operator's tool: whoever runs it has the database credentials, so its commands act
with the admin role (as `cli:<os user>` in the audit log) rather than with a token. Each module
here holds a few commands and registers them on `app` (`register`), in the order below.
"""

from __future__ import annotations

import sys

import typer
from rich.markup import escape

from api.cli import admin, demo, dump, export, imports, neo4j, reference, serve
from api.cli.common import err
from graph.errors import ConfigurationError, LocalServerError, TalentGraphError

app = typer.Typer(
    help="TalentGraph: talent mapping and succession planning on Neo4j.",
    no_args_is_help=True,
    add_completion=False,
)
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
    except TalentGraphError as exc:
        err.print(f"[red]{exc.code}:[/] {exc.message}", highlight=False)
        sys.exit(1)
