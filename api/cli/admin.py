"""Operator commands: `migrate`, `stats`, `token`, `schema`."""

from __future__ import annotations

import re
import sys
from typing import Annotated

import typer

from api.cli.common import err, out, settings, with_db
from graph.auth import AccessRole, mint_token
from graph.errors import ConfigurationError
from graph.services import admin


def migrate() -> None:
    """Apply constraints and indexes from cypher/schema/ (idempotent)."""
    names = with_db(settings(), admin.migrate)
    out.print(f"schema up to date: {len(names)} constraints and indexes")


def stats() -> None:
    """Count nodes per label and relationships per type."""
    for name, count in sorted(with_db(settings(), admin.counts).items()):
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
    config = settings()
    if private_key is not None:
        config = config.model_copy(update={"jwt_algorithm": "RS256"})
    roles = set(role)
    if roles & {AccessRole.MANAGER, AccessRole.EMPLOYEE} and employee_id is None:
        err.print(
            "note: the manager and employee roles see nothing without --employee-id",
            highlight=False,
        )
    try:
        minted = mint_token(config, sub, roles, employee_id, _ttl(ttl), private_key)
    except (ValueError, OSError) as exc:
        raise ConfigurationError(str(exc)) from exc
    sys.stdout.write(minted + "\n")


def schema() -> None:
    """Print the GraphQL schema (SDL); `api/schema.graphql` is this output."""
    from api.graphql.schema import build_schema

    sys.stdout.write(build_schema().as_str() + "\n")


def register(app: typer.Typer) -> None:
    app.command()(migrate)
    app.command()(stats)
    app.command()(token)
    app.command()(schema)
