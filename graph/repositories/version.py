"""The graph version ledger's node (graph/version.py says what it is for)."""

from __future__ import annotations

from typing import Any

from graph.cypher import Tx, q
from graph.db import keeps_scores

READ = q("version/read")
SET_BASE = q("version/set_base")


async def ledger(tx: Tx) -> dict[str, Any] | None:
    """The ledger's values (epoch, version, writes, baseTx, baseWrites), None before any write."""
    row = await READ.row(tx)
    return row["ledger"] if row else None


@keeps_scores
async def set_base(tx: Tx, number: int, writes: int) -> None:
    """Record that every transaction up to `number` is accounted for, `writes` counted by then."""
    await SET_BASE.execute(tx, number=number, writes=writes)
