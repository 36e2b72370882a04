"""Succession planning: argument checks and one read transaction per question."""

from __future__ import annotations

from graph.cypher import Tx
from graph.db import Database
from graph.errors import BadUserInput, NotFound
from graph.models import Candidate
from graph.repositories import roles, succession

MAX_CANDIDATES = 100


async def _candidates(tx: Tx, role_id: str, first: int, min_fit: float) -> list[Candidate] | None:
    if not await roles.exists(tx, role_id):
        return None
    return await succession.list_candidates(tx, role_id, first, min_fit)


async def succession_candidates(
    db: Database, role_id: str, first: int = 10, min_fit: float = 0.0
) -> list[Candidate]:
    """Active non-incumbents with fit > 0 for the role, best first (DESIGN §4)."""
    if not 1 <= first <= MAX_CANDIDATES:
        raise BadUserInput(f"first must be between 1 and {MAX_CANDIDATES}", field="first")
    if not 0.0 <= min_fit <= 1.0:
        raise BadUserInput("minFit must be between 0 and 1", field="minFit")
    found = await db.read(_candidates, role_id, first, min_fit)
    if found is None:
        raise NotFound(f"no role with id {role_id!r}", field="roleId")
    return found
