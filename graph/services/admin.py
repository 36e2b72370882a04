"""The database as a whole, for operators: its schema, what it holds, emptying it."""

from __future__ import annotations

from graph.db import Database
from graph.repositories import stats
from graph.repositories.schema import migrate as apply_schema
from graph.repositories.schema import wipe as delete_everything


async def migrate(db: Database) -> list[str]:
    """Apply the constraints and indexes of cypher/schema/ (idempotent); their names."""
    return await apply_schema(db)


async def wipe(db: Database) -> None:
    """Delete every node and relationship (constraints and indexes stay)."""
    await delete_everything(db)


async def counts(db: Database) -> dict[str, int]:
    """Nodes per label and relationships per type, e.g. {"node:Employee": 3}; zeros left out."""
    async with db.reading() as tx:
        return await stats.counts(tx)


async def has_employees(db: Database) -> bool:
    async with db.reading() as tx:
        return await stats.employee_count(tx) > 0
