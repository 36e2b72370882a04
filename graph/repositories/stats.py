"""Whole-graph figures."""

from __future__ import annotations

from graph.cypher import Tx, q

EMPLOYEE_COUNT = q("stats/employee_count")


async def employee_count(tx: Tx) -> int:
    row = await EMPLOYEE_COUNT.row(tx)
    return int(row["count"]) if row else 0


COUNTS = q("admin/counts")


async def counts(tx: Tx) -> dict[str, int]:
    """Nodes per label and relationships per type, e.g. {"node:Employee": 3}; zeros left out."""
    return {f"{r['kind']}:{r['name']}": r["count"] for r in await COUNTS.rows(tx) if r["count"]}
