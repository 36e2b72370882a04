"""Succession queries: candidates for a role, scored in Cypher exactly as DESIGN §4 defines fit."""

from __future__ import annotations

from graph.cypher import Tx, q
from graph.models import Candidate

LIST_CANDIDATES = q("succession/list_candidates")


async def list_candidates(tx: Tx, role_id: str, first: int, min_fit: float) -> list[Candidate]:
    rows = await LIST_CANDIDATES.fetch(tx, role_id=role_id, first=first, min_fit=min_fit)
    return [Candidate.model_validate(row) for row in rows]
