"""What a calibration session changed: every change in order, the net effect on each thing it
touched (before → after, undone changes included), the actions still standing, and the critical
roles of its unit nobody marked as discussed; as a page and as CSV rows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from graph.auth import Principal
from graph.calibration import CalibrationChange, CalibrationSession, ChangeKind
from graph.db import Database
from graph.exporting.formats import neutralised
from graph.models import Employee, Role
from graph.repositories import calibration
from graph.repositories import employees as employee_reads
from graph.repositories import roles as role_reads
from graph.services.calibration.sessions import MAX_CHANGES, read_session
from graph.services.calibration.visibility import rating_change, visible_changes


@dataclass(frozen=True)
class NetChange:
    """One thing the session touched, from its value before the first change to after the last."""

    kind: str  # "readiness", "rating" or "discussed"
    employee_id: str | None
    role_id: str | None
    before: str | None
    after: str | None
    changes: int
    withheld: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class SessionSummary:
    session: CalibrationSession
    changes: list[CalibrationChange]
    net: list[NetChange]
    actions: list[CalibrationChange]
    discussed: list[str]
    not_discussed: list[str]
    people: dict[str, Employee] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)

    def person(self, employee_id: str | None) -> str:
        found = self.people.get(employee_id or "")
        return found.name if found else employee_id or ""

    def role(self, role_id: str | None) -> str:
        found = self.roles.get(role_id or "")
        return found.title if found else role_id or ""


def _subject(change: CalibrationChange) -> tuple[str, str | None, str | None] | None:
    if change.kind in (ChangeKind.NOMINATE, ChangeKind.READINESS, ChangeKind.WITHDRAW):
        return ("readiness", change.employee_id, change.role_id)
    if rating_change(change):
        return ("rating", change.employee_id, None)
    if change.kind is ChangeKind.UNDO and change.role_id and change.employee_id:
        return ("readiness", change.employee_id, change.role_id)
    if change.kind is ChangeKind.DISCUSSED or (
        change.kind is ChangeKind.UNDO and change.employee_id is None and change.after == "no"
    ):
        return ("discussed", None, change.role_id)
    return None


def net_changes(changes: list[CalibrationChange]) -> list[NetChange]:
    """Per thing touched, in the order first touched: the value before the first change and
    after the last (an undone change and its undo cancel out)."""
    firsts: dict[tuple[str, str | None, str | None], CalibrationChange] = {}
    lasts: dict[tuple[str, str | None, str | None], CalibrationChange] = {}
    counts: dict[tuple[str, str | None, str | None], int] = {}
    for c in changes:
        key = _subject(c)
        if key is None:
            continue
        firsts.setdefault(key, c)
        lasts[key] = c
        counts[key] = counts.get(key, 0) + 1
    return [
        NetChange(
            kind=key[0],
            employee_id=key[1],
            role_id=key[2],
            before=first.before,
            after=lasts[key].after,
            changes=counts[key],
            withheld=first.withheld or lasts[key].withheld,
        )
        for key, first in firsts.items()
    ]


async def session_summary(db: Database, session_id: str, *, principal: Principal) -> SessionSummary:
    """The summary of a session the caller may take part in (open: so far; closed: final)."""
    async with db.reading() as tx:
        session = await read_session(tx, principal, session_id)
        found = await calibration.changes(tx, session_id, 0, MAX_CHANGES)
        shown = await visible_changes(tx, principal, found)
        critical = (
            session.not_discussed
            if session.not_discussed is not None
            else await calibration.critical_roles(tx, session.org_unit_id)
        )
        discussed = [
            c.role_id
            for c in shown
            if c.kind is ChangeKind.DISCUSSED and not c.undone_by and c.role_id
        ]
        not_discussed = [r for r in critical if r not in discussed]
        actions = [c for c in shown if c.kind is ChangeKind.ACTION and not c.undone_by]
        people = await employee_reads.get_many(
            tx, sorted({c.employee_id for c in shown if c.employee_id})
        )
        roles = await role_reads.get_many(
            tx, sorted({*(c.role_id for c in shown if c.role_id), *not_discussed})
        )
    return SessionSummary(
        session=session,
        changes=shown,
        net=net_changes(shown),
        actions=actions,
        discussed=list(dict.fromkeys(discussed)),
        not_discussed=not_discussed,
        people=people,
        roles=roles,
    )


SUMMARY_COLUMNS = (
    "session_id",
    "seq",
    "at",
    "by",
    "kind",
    "employee_id",
    "employee_name",
    "role_id",
    "role_title",
    "before",
    "after",
    "note",
    "action_owner",
    "action_due",
    "undoes",
    "undone_by",
)


def summary_rows(summary: SessionSummary) -> list[dict[str, str]]:
    """One row per change, in order (SUMMARY_COLUMNS); callers neutralise the text for CSV."""
    return [
        {
            "session_id": summary.session.id,
            "seq": str(c.seq),
            "at": c.at.isoformat().replace("+00:00", "Z"),
            "by": c.by,
            "kind": c.kind.value,
            "employee_id": c.employee_id or "",
            "employee_name": summary.person(c.employee_id) if c.employee_id else "",
            "role_id": c.role_id or "",
            "role_title": summary.role(c.role_id) if c.role_id else "",
            "before": c.before or "",
            "after": c.after or "",
            "note": c.note or "",
            "action_owner": c.action_owner or "",
            "action_due": c.action_due.isoformat() if c.action_due else "",
            "undoes": c.undoes or "",
            "undone_by": c.undone_by or "",
        }
        for c in summary.changes
    ]


def summary_csv(summary: SessionSummary) -> str:
    """The changes as CSV (SUMMARY_COLUMNS), text neutralised against spreadsheet formulas."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SUMMARY_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in summary_rows(summary):
        writer.writerow({k: neutralised(v) for k, v in row.items()})
    return out.getvalue()
