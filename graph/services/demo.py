"""The demo organisation (admin only, audited `import.demo`): O*NET reference data first, then
the organisation; a load that stopped part way is known (`state`) and completed by loading the
same size and seed again (graph/demo/loading.py). A reset empties the graph first, but for its
audit trail, which stays.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.auth import Principal
from graph.db import Database
from graph.demo import DemoState, demo_state, load_demo
from graph.demo.loading import OnFile
from graph.demo.loading import reset as empty_for_demo
from graph.importing.writer import Advance
from graph.services import access, admin, audit, imports
from graph.services.audit.spool import AuditSpool

__all__ = ["DemoState", "OnFile", "audit_events", "load", "state"]


async def state(db: Database) -> DemoState | None:
    """The last demo load (size, seed, complete or not), or None when there never was one."""
    return await demo_state(db)


async def audit_events(db: Database) -> int:
    """How many audit events the graph holds (what a reset keeps, a restore --wipe deletes)."""
    return (await admin.counts(db)).get("node:AuditEvent", 0)


async def load(
    db: Database,
    employees: int,
    seed: int,
    batch_size: int,
    *,
    principal: Principal,
    reset: bool = False,
    on_step: Callable[[str, int], None] | None = None,
    on_file: OnFile | None = None,
    advance: Advance | None = None,
    spool: AuditSpool | None = None,
) -> dict[str, int]:
    """Load the demo organisation (the graph emptied first, but its audit trail, with `reset`):
    O*NET reference data unless loaded, then the organisation's rows; rows per file.

    `on_step` hears of each reference data step, `on_file` of each file of the organisation (with
    its row count), `advance` of each batch written.
    """
    target = f"demo:{employees}@{seed}"
    async with audit.audited(
        db, principal, "import.demo", target, {"reset": True} if reset else None, spool=spool
    ) as detail:
        access.require(principal, access.ADMIN_ONLY, "importing data")
        await admin.migrate(db)
        if reset:
            await empty_for_demo(db, employees, seed)
        await imports.ensure_reference_data(db, batch_size, on_step, advance, principal=principal)
        counts = await load_demo(db, employees, seed, batch_size, advance, on_file)
        detail["rows"] = counts
    return counts
