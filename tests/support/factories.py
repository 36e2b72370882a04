"""The one organisation builder (`Org`) every test uses for a hand-made organisation, and what
tests read back to check a write (`count_graph`, `audit_events`).

    await Org().unit("U").skill("s").role("R", "U", {"s": (3, 1)}).employee("e", ("R",)).save(db)

`save` writes the rows through the CSV import's own writer; `write_csv` writes them as the files
`talentgraph import` reads, for tests of the import itself. Organisations several test files share
are in tests/support/orgs.py, each built with `Org`.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.demo.loading import csv_value
from graph.importing.rows import (
    ROW_TYPES,
    AssessmentRow,
    EmployeeRow,
    EmployeeSkillRow,
    EmploymentEventRow,
    OrgUnitRow,
    ReportingLineRow,
    RequirementRow,
    RequisitionRow,
    RoleRow,
    Row,
    SkillRow,
)
from graph.importing.writer import write_rows
from graph.repositories import stats

BASE_TIME = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


async def count_graph(db: Database, *, audit: bool = False) -> dict[str, int]:
    """Nodes per label and relationships per type, e.g. {"node:Employee": 3}; without the graph
    version ledger (every write counts itself there: graph/version.py), and without the audit
    trail (AuditEvent nodes, which failed writes add on purpose) unless `audit`."""
    async with db.reading() as tx:
        counts = await stats.counts(tx)
    left_out = {"node:GraphVersion"} | (set() if audit else {"node:AuditEvent"})
    return {k: v for k, v in counts.items() if k not in left_out}


async def audit_events(db: Database) -> list[dict[str, Any]]:
    """Every AuditEvent, oldest first, read straight from the graph."""
    async with db.driver.session(database=db.database) as session:
        result = await session.run("MATCH (a:AuditEvent) RETURN a {.*} AS a ORDER BY a.at, a.id")
        return [record["a"] async for record in result]


def write_files(folder: Path, files: dict[str, str]) -> Path:
    """CSV files given as text, byte for byte: for import tests whose subject is the text itself
    (quoting, bad rows, cycles); an organisation is better built with `Org(...).write_csv`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


class Org:
    """Collects rows, then `await org.save(db)` writes them as an import would. Each method adds
    rows and returns the builder; the defaults fill what a test does not care about."""

    def __init__(self) -> None:
        self.rows: dict[type[Row], list[Row]] = {t: [] for t in ROW_TYPES}
        self._assessments = 0
        self._events = 0

    def _add(self, row_type: type[Row], **values: Any) -> None:
        self.rows[row_type].append(row_type.model_validate(values))

    def unit(self, id: str, parent: str | None = None, name: str | None = None) -> Org:
        self._add(OrgUnitRow, id=id, name=name or f"Unit {id}", parent_id=parent)
        return self

    def skill(self, id: str, name: str | None = None, category: str = "SKILL") -> Org:
        self._add(SkillRow, id=id, name=name or f"Skill {id}", category=category)
        return self

    def role(
        self,
        id: str,
        unit: str,
        requires: dict[str, tuple[float, float]] | None = None,
        grade: int = 1,
        critical: bool = False,
        title: str | None = None,
        occupation: str | None = None,
    ) -> Org:
        """`requires` maps skill id to (level, weight); `occupation` is an O*NET-SOC code."""
        self._add(
            RoleRow,
            id=id,
            title=title or f"Role {id}",
            grade=grade,
            critical=critical,
            org_unit_id=unit,
            occupation_code=occupation,
        )
        for skill, (level, weight) in (requires or {}).items():
            self._add(RequirementRow, role_id=id, skill_id=skill, level=level, weight=weight)
        return self

    def employee(
        self,
        id: str,
        holds: tuple[str, ...] = (),
        skills: dict[str, float] | None = None,
        manager: str | None = None,
        name: str | None = None,
        **fields: Any,
    ) -> Org:
        self._add(EmployeeRow, id=id, name=name or f"Person {id}", role_ids=list(holds), **fields)
        for skill, level in (skills or {}).items():
            self._add(EmployeeSkillRow, employee_id=id, skill_id=skill, level=level)
        if manager:
            self._add(ReportingLineRow, employee_id=id, manager_id=manager)
        return self

    def assess(
        self,
        employee: str,
        role: str,
        readiness: str,
        at: datetime | None = None,
        by: str = "hr@example.com",
    ) -> Org:
        self._assessments += 1
        self._add(
            AssessmentRow,
            id=f"ra-{self._assessments}",
            employee_id=employee,
            role_id=role,
            readiness=readiness,
            assessed_by=by,
            assessed_at=at or BASE_TIME + timedelta(minutes=self._assessments),
        )
        return self

    def event(
        self,
        employee: str,
        kind: str,
        at: datetime | str,
        from_role: str | None = None,
        to_role: str | None = None,
        reason: str | None = None,
        id: str | None = None,
    ) -> Org:
        """One employment event (HIRE to_role, MOVE/PROMOTION from_role -> to_role, EXIT
        from_role with a reason); `at` a datetime or ISO text (UTC)."""
        self._events += 1
        self._add(
            EmploymentEventRow,
            id=id or f"ev-{self._events}",
            employee_id=employee,
            kind=kind,
            at=at,
            from_role_id=from_role,
            to_role_id=to_role,
            reason=reason,
        )
        return self

    def requisition(
        self,
        id: str,
        role: str,
        opened: datetime | str,
        filled: datetime | str | None = None,
        fill: str | None = None,
        by: str | None = None,
        status: str | None = None,
    ) -> Org:
        """An opening for `role`; FILLED when `filled` is given, else OPEN (or `status`)."""
        self._add(
            RequisitionRow,
            id=id,
            role_id=role,
            opened_at=opened,
            filled_at=filled,
            fill=fill,
            filled_by=by,
            status=status or ("FILLED" if filled else "OPEN"),
        )
        return self

    async def save(self, db: Database) -> Org:
        for row_type in ROW_TYPES:
            rows = self.rows[row_type]
            if rows:
                await write_rows(db, row_type, [r.params() for r in rows], batch_size=1000)
        return self

    def write_csv(self, folder: Path) -> Path:
        """The rows as the CSV files `talentgraph import FOLDER` reads, values written as the
        demo's files write them; only the files that have rows."""
        folder.mkdir(parents=True, exist_ok=True)
        for row_type, rows in self.rows.items():
            if rows:
                columns = row_type.columns()
                with (folder / row_type.FILE).open("w", newline="", encoding="utf-8") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(columns)
                    for row in rows:
                        values = row.params()
                        writer.writerow([csv_value(values[c]) for c in columns])
        return folder
