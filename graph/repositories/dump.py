"""Whole-graph reads and writes for `talentgraph dump` and `restore` (graph/services/dump.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from graph.cypher import Tx, q

NODES = q("dump/nodes")
RELATIONSHIPS = q("dump/relationships")
COUNTS = q("dump/counts")
CREATE_NODES = q("dump/create_nodes")
CREATE_RELATIONSHIPS = q("dump/create_relationships")


def nodes(tx: Tx, keys: Mapping[str, str]) -> AsyncIterator[Any]:
    """Every node (but the graph version ledger) as records {labels, key, props}, by labels then
    key, streamed: the whole graph never sits in memory."""
    return NODES.stream(tx, keys=dict(keys))


def relationships(tx: Tx, keys: Mapping[str, str]) -> AsyncIterator[Any]:
    """Every relationship as records {type, source, target, props}, streamed, in a fixed order."""
    return RELATIONSHIPS.stream(tx, keys=dict(keys))


async def counts(tx: Tx) -> tuple[int, int, int]:
    """(nodes but the ledger, relationships, audit events among those nodes) in the database,
    from the count store."""
    row = await COUNTS.row(tx)
    assert row is not None
    return int(row["nodes"]), int(row["relationships"]), int(row["audit_events"])


async def create_nodes(tx: Tx, rows: list[dict[str, Any]]) -> list[str]:
    """Create the nodes of `rows` ({i, labels, props}); their element ids, in row order."""
    found = await CREATE_NODES.rows(tx, rows=rows)
    ids = [""] * len(rows)
    for row in found:
        ids[row["i"]] = row["element_id"]
    return ids


async def create_relationships(tx: Tx, rows: list[dict[str, Any]]) -> int:
    """Create the relationships of `rows` ({type, source, target, props}); how many."""
    row = await CREATE_RELATIONSHIPS.row(tx, rows=rows)
    return int(row["created"]) if row else 0
