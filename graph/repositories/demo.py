"""The record of the demo load (`DemoLoad {id: 'demo'}`): begun, then complete once every row is
written, so an interrupted load is known for one and finished by the next (graph/demo/loading.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.cypher import Tx, q
from graph.db import Database, keeps_scores

BEGIN = q("demo/begin_load")
FINISH = q("demo/finish_load")
STATE = q("demo/load_state")


@keeps_scores
async def begin(tx: Tx, employees: int, seed: int, reference: datetime | None) -> None:
    await BEGIN.execute(tx, employees=employees, seed=seed, reference=reference)


@keeps_scores
async def finish(tx: Tx, employees: int, seed: int) -> None:
    await FINISH.execute(tx, employees=employees, seed=seed)


async def state(tx: Tx) -> dict[str, Any] | None:
    """{employees, seed, reference, startedAt, completedAt} of the last demo load, or None."""
    return await STATE.row(tx)


WIPE_RELATIONSHIPS = q("admin/wipe_relationships")
WIPE_FOR_RESET = q("demo/wipe_for_reset")


async def wipe_for_reset(db: Database) -> None:
    """Delete all data but the audit trail and this record (constraints and indexes stay)."""
    await db.autocommit(WIPE_RELATIONSHIPS)
    await db.autocommit(WIPE_FOR_RESET)
