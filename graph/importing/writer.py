"""Batched `UNWIND` upserts of validated rows; shared by the CSV import and the demo generator."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

from neo4j.exceptions import ConstraintError

from graph.db import Database
from graph.importing.rows import (
    AssessmentRow,
    EmployeeRow,
    EmployeeSkillRow,
    OrgUnitRow,
    ReportingLineRow,
    RequirementRow,
    RoleRow,
    Row,
    SkillRow,
)
from graph.repositories import imports

Params = dict[str, Any]
T = TypeVar("T")
#: (file name, rows written so far in this file), called as each batch commits
Advance = Callable[[str, int], None]
#: (file name), called once a file is written in full, its finishing steps included
Finished = Callable[[str], None]

#: Files whose rows change nothing a derived figure is computed from.
KEEPS_SCORES: frozenset[type[Row]] = frozenset({AssessmentRow})


#: Which file defines the nodes of each label.
DEFINED_BY: dict[str, type[Row]] = {
    "OrgUnit": OrgUnitRow,
    "Role": RoleRow,
    "Skill": SkillRow,
    "Employee": EmployeeRow,
}


def batched(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


#: Files whose batches are written concurrently: each row upserts one edge and keys are unique in
#: a file, so no two batches write the same edge and the order they commit in does not matter.
CONCURRENT: frozenset[type[Row]] = frozenset({RequirementRow, EmployeeSkillRow})
#: Two: while the server writes one batch, the next is encoded, sent and waiting for the graph
#: version ledger's lock (every write takes it first, so the two queue rather than deadlock on
#: Skill nodes).
CONCURRENT_BATCHES = 2

#: label -> ids of the nodes this import created (not those it found), filled as files are written.
Created = dict[str, set[str]]


async def _write_batch(
    db: Database, row_type: type[Row], batch: list[Params], created: Created
) -> None:
    if row_type.FILE in imports.CREATES:
        try:
            new = await db.write(imports.create_or_upsert, row_type.FILE, batch)
        except ConstraintError:
            # Another writer created one of the new ids since the check: upsert them all.
            new = []
            for query in imports.UPSERTS[row_type.FILE]:
                await db.write(imports.run, query, batch)
        created.setdefault(imports.CREATES[row_type.FILE][0], set()).update(new)
    elif row_type in (EmployeeSkillRow, ReportingLineRow):
        # Rows of employees this import created, then the others.
        fresh = created.get("Employee", set())
        await db.write(
            imports.upsert_employee_skills
            if row_type is EmployeeSkillRow
            else imports.create_reporting_lines,
            [r for r in batch if r["employee_id"] in fresh],
            [r for r in batch if r["employee_id"] not in fresh],
        )
    else:
        work = imports.run_keeping_scores if row_type in KEEPS_SCORES else imports.run
        for query in imports.UPSERTS[row_type.FILE]:
            await db.write(work, query, batch)


async def write_rows(
    db: Database,
    row_type: type[Row],
    rows: Iterable[Params],
    batch_size: int,
    advance: Advance | None = None,
    created: Created | None = None,
    finished: Finished | None = None,
) -> int:
    """Upsert rows of one file in batches, each batch its own transaction; returns the count.

    `advance` hears of each batch once it has committed, `finished` of the file once its
    finishing steps (org unit parents, current readiness) have too: an import that stops part way
    knows from them exactly what it wrote.

    Every batch is an idempotent upsert, so a batch the driver retries, or an import run again
    after an outage, ends in the same graph. Pass the same `created` to every file of an import:
    edges of nodes this import created are CREATEd instead of MERGEd. That is safe because such a
    node had no edges before this import created it, the rows of a file have unique keys, and a
    batch is either rolled back (and retried) or committed once: the driver does not retry a
    commit whose outcome it does not know (IncompleteCommit). A run after an interrupted one
    finds those nodes, so it MERGEs their edges.
    """
    if created is None:
        created = {}
    if row_type in CONCURRENT:
        written = await _write_concurrently(db, row_type, rows, batch_size, advance, created)
        if finished:
            finished(row_type.FILE)
        return written
    written = 0
    parents: list[Params] = []
    latest: dict[tuple[str, str], Params] = {}
    for batch in batched(rows, batch_size):
        await _write_batch(db, row_type, batch, created)
        if row_type is OrgUnitRow:
            parents.extend({"id": r["id"], "parent_id": r["parent_id"]} for r in batch)
        elif row_type is AssessmentRow:
            for r in batch:
                pair = (r["employee_id"], r["role_id"])
                if pair not in latest or _newer(r, latest[pair]):
                    latest[pair] = r
        written += len(batch)
        if advance:
            advance(row_type.FILE, written)
    for batch in batched(parents, batch_size):
        await db.write(imports.run, imports.LINK_ORG_UNIT_PARENTS, batch)
    for batch in batched(latest.values(), batch_size):
        await db.write(imports.run_keeping_scores, imports.SET_CURRENT_READINESS, batch)
    if finished:
        finished(row_type.FILE)
    return written


async def _write_concurrently(
    db: Database,
    row_type: type[Row],
    rows: Iterable[Params],
    batch_size: int,
    advance: Advance | None,
    created: Created,
) -> int:
    """`write_rows` with `CONCURRENT_BATCHES` batches in flight, so the server writes one while
    this process prepares and sends the next.

    When a batch fails, the other one in flight is waited for rather than cancelled, so that
    `advance` counts it if it commits: cancelling it during its commit would leave its outcome
    unknown. Only a cancellation of this task (an interruption) cancels it.
    """

    written = 0

    async def write(batch: list[Params]) -> None:
        nonlocal written
        await _write_batch(db, row_type, batch, created)
        written += len(batch)
        if advance:
            advance(row_type.FILE, written)

    pending: set[asyncio.Task[None]] = set()
    try:
        for batch in batched(rows, batch_size):
            while len(pending) >= CONCURRENT_BATCHES:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                _settle(done)
            pending.add(asyncio.create_task(write(batch)))
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            _settle(done)
    except Exception:
        await asyncio.gather(*pending, return_exceptions=True)
        raise
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    return written


def _settle(done: set[asyncio.Task[None]]) -> None:
    """Raise the first error of the finished tasks (every one is retrieved)."""
    errors = [error for task in done if (error := task.exception()) is not None]
    if errors:
        raise errors[0]


def _newer(a: Params, b: Params) -> bool:
    at_a: datetime = a["assessed_at"]
    at_b: datetime = b["assessed_at"]
    return (at_a, a["id"]) > (at_b, b["id"])


async def existing_ids(
    db: Database, label: str, ids: Iterable[str], batch_size: int = 10_000
) -> set[str]:
    """Which of `ids` already exist in the graph as nodes of `label`."""
    found: set[str] = set()
    for batch in batched(ids, batch_size):
        async with db.reading() as tx:
            found |= await imports.existing(tx, imports.EXISTING_IDS[label], batch)
    return found
