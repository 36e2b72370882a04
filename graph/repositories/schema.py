"""Constraints and indexes from `cypher/schema/`, applied idempotently (`IF NOT EXISTS`)."""

from __future__ import annotations

from graph.cypher import all_query_names, q
from graph.db import Database

SCHEMA = [q(name) for name in all_query_names("schema")]
AWAIT_INDEXES = q("admin/await_indexes")
WIPE_RELATIONSHIPS = q("admin/wipe_relationships")
WIPE = q("admin/wipe")


async def migrate(db: Database) -> list[str]:
    """Apply every schema statement and wait for the indexes; returns the statement names."""
    for statement in SCHEMA:
        await db.autocommit(statement)
    await db.autocommit(AWAIT_INDEXES)
    return [statement.name for statement in SCHEMA]


async def wipe(db: Database) -> None:
    """Delete all data; constraints and indexes stay."""
    await db.autocommit(WIPE_RELATIONSHIPS)
    await db.autocommit(WIPE)
