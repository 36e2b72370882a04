"""What of a session's changes a participant may see: the ratings (9-box moves) and the notes of
people whose ratings and notes the rulebook hides from them are withheld (DESIGN §6)."""

from __future__ import annotations

from graph.auth import Principal
from graph.calibration import CalibrationChange, ChangeKind
from graph.db import Tx
from graph.services import access


def rating_change(change: CalibrationChange) -> bool:
    """A 9-box move, or the undo of one (its values are "PERFORMANCE/POTENTIAL")."""
    if change.kind is ChangeKind.RATE:
        return True
    values = f"{change.before or ''}{change.after or ''}"
    return change.kind is ChangeKind.UNDO and "/" in values


async def visible_changes(
    tx: Tx, principal: Principal, changes: list[CalibrationChange]
) -> list[CalibrationChange]:
    people = sorted({c.employee_id for c in changes if c.employee_id})
    seen = await access.sensitive_people(tx, principal, people)
    out = []
    for c in changes:
        if c.employee_id is None or c.employee_id in seen or c.kind is ChangeKind.ACTION:
            out.append(c)
            continue
        update: dict[str, object] = {"note": None, "withheld": True}
        if rating_change(c):
            update |= {"before": None, "after": None}
        out.append(c.model_copy(update=update))
    return out
