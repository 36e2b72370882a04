"""`talentgraph import role-tasks FILE`: a role's own task list, the first source of its exposure.

One CSV row per (role, task): `role_id,task_id,weight,statement,exposure`. A row with a statement
defines an organisation task (created or updated, with its exposure in 0-1 when known); a row
without one names a task already in the graph, such as an O*NET task (`onet:<Task ID>`), whose
statement and exposure come from the reference data and cannot be changed here. Every row is
validated before anything is written; nothing is written if any row is invalid.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, ValidationError

from graph.db import Database
from graph.importing.issues import ImportIssue, ImportRejected, not_csv
from graph.importing.onet_tables import TASK_ID_PREFIX
from graph.importing.rows import FreeText, Id, Row, _blank_to_none, row_issues
from graph.importing.sources import Unreadable, open_regular
from graph.importing.writer import batched, existing_ids
from graph.repositories import imports

OptFraction = Annotated[
    Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] | None,
    BeforeValidator(_blank_to_none),
]
Weight = Annotated[float, BeforeValidator(lambda v: _blank_to_none(v) or 1.0)]


class RoleTaskRow(Row):
    FILE: ClassVar[str] = "role_tasks.csv"
    KEY: ClassVar[tuple[str, ...]] = ("role_id", "task_id")
    role_id: Id
    task_id: Id
    weight: Annotated[Weight, Field(gt=0, le=1000, allow_inf_nan=False)] = 1.0
    statement: FreeText = None
    exposure: OptFraction = None


def _read(path: Path) -> tuple[list[tuple[int, RoleTaskRow]], list[ImportIssue]]:
    """Every row of `path` (read once; a regular file, never through a symbolic link), with the
    issues found on the way."""
    name = path.name
    try:
        with open_regular(path) as handle:
            raw = handle.read()
    except Unreadable as exc:
        return [], [ImportIssue(name, 1, None, str(exc))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = bytes(exc.object[: exc.start]).count(b"\n") + 1
        offset = exc.start + len(raw) - len(exc.object)  # after a byte-order mark, if any
        reason = f"not UTF-8 text ({exc.reason} at byte offset {offset})"
        return [], [ImportIssue(name, line, None, reason)]
    issues: list[ImportIssue] = []
    rows: list[tuple[int, RoleTaskRow]] = []
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        header_issue = _check_header(name, [h.strip() for h in reader.fieldnames or []])
        if header_issue:
            return [], [header_issue]
        line = 2
        seen: dict[tuple[Any, ...], int] = {}
        for record in reader:
            here, line = line, reader.line_num + 1
            issues.extend(_check_row(name, here, record, rows, seen))
    except csv.Error as exc:
        issues.append(ImportIssue(name, line, None, not_csv(exc)))
    return rows, issues


def _check_header(name: str, header: list[str]) -> ImportIssue | None:
    twice = sorted(h or repr(h) for h, times in Counter(header).items() if times > 1)
    missing = [c for c in RoleTaskRow.required_columns() if c not in header]
    unknown = [c for c in dict.fromkeys(header) if c not in RoleTaskRow.model_fields]
    reason = "; ".join(
        part
        for part in (
            f"duplicate column(s): {', '.join(twice)}" if twice else "",
            f"missing column(s): {', '.join(missing)}" if missing else "",
            f"unknown column(s): {', '.join(unknown)}" if unknown else "",
        )
        if part
    )
    if not reason:
        return None
    return ImportIssue(name, 1, None, f"{reason}; expected: {', '.join(RoleTaskRow.columns())}")


def _check_row(
    name: str,
    here: int,
    record: dict[str | None, Any],
    rows: list[tuple[int, RoleTaskRow]],
    seen: dict[tuple[Any, ...], int],
) -> list[ImportIssue]:
    """The issues of one record; a valid one is appended to `rows` (`seen`: key -> first line)."""
    if None in record:
        return [ImportIssue(name, here, None, "more fields than the header has")]
    values = {k.strip(): v for k, v in record.items() if k is not None and v is not None}
    try:
        row = RoleTaskRow.model_validate(values)
    except ValidationError as exc:
        return row_issues(name, here, values, exc)
    if row.key() in seen:
        return [
            ImportIssue(
                name,
                here,
                "task_id",
                f"duplicate role_id/task_id (first on line {seen[row.key()]})",
            )
        ]
    seen[row.key()] = here
    if row.task_id.startswith(TASK_ID_PREFIX) and (
        row.statement is not None or row.exposure is not None
    ):
        return [
            ImportIssue(
                name,
                here,
                "statement",
                "an O*NET task's statement and exposure come from the reference data; leave them empty",
            )
        ]
    rows.append((here, row))
    return []


async def import_role_tasks(db: Database, path: Path, batch_size: int = 5000) -> int:
    """Validate every row of `path`, then upsert them all; returns the rows written."""
    rows, issues = _read(path)
    name = path.name
    known_roles = await existing_ids(db, "Role", {r.role_id for _, r in rows})
    named_tasks = sorted({r.task_id for _, r in rows if r.statement is None})
    known_tasks: set[str] = set()
    for chunk in batched(named_tasks, 10_000):
        async with db.reading() as tx:
            known_tasks |= await imports.existing_tasks(tx, chunk)
    defined = {r.task_id for _, r in rows if r.statement is not None}
    for line, row in rows:
        if row.role_id not in known_roles:
            issues.append(ImportIssue(name, line, "role_id", f"unknown role {row.role_id!r}"))
        if row.statement is None and row.task_id not in known_tasks | defined:
            issues.append(
                ImportIssue(
                    name,
                    line,
                    "task_id",
                    f"unknown task {row.task_id!r} (give a statement to define it)",
                )
            )
    if issues:
        raise ImportRejected(issues)
    params = [row.params() for _, row in rows]
    # Rows defining tasks first, so rows that only name them find them.
    params.sort(key=lambda p: p["statement"] is None)
    for batch in batched(params, batch_size):
        await db.write(imports.upsert_role_tasks, batch)
    return len(params)
