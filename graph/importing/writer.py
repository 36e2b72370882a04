"""Batched `UNWIND` upserts of validated rows; shared by the CSV import and the demo generator."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph.cypher import Query, Tx, q
from graph.db import Database, keeps_scores
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

Params = dict[str, Any]
T = TypeVar("T")
#: (file name, rows written so far in this file), called as each batch commits
Advance = Callable[[str, int], None]
#: (file name), called once a file is written in full, its finishing steps included
Finished = Callable[[str], None]

UPSERTS: dict[type[Row], tuple[Query, ...]] = {
    OrgUnitRow: (q("import/upsert_org_units"),),
    SkillRow: (q("import/upsert_skills"),),
    # A role whose occupationCode names a loaded O*NET occupation is linked to it (MAPS_TO) at once.
    RoleRow: (q("import/upsert_roles"), q("occupations/link_role_rows")),
    EmployeeRow: (q("import/upsert_employees"),),
    RequirementRow: (q("import/upsert_requirements"),),
    EmployeeSkillRow: (q("import/upsert_employee_skills"),),
    ReportingLineRow: (q("import/upsert_reporting_lines"),),
    AssessmentRow: (q("import/upsert_assessments"),),
}
#: Node files whose new nodes are CREATEd (after a check in the same transaction) rather than
#: MERGEd: a new node has no edges to replace, and the replace step's plan, when made on a graph
#: without nodes of that label yet, scans every node at the other end for every row.
CREATES: dict[type[Row], tuple[str, Query]] = {
    RoleRow: ("Role", q("import/create_roles")),
    EmployeeRow: ("Employee", q("import/create_employees")),
}
#: Proficiencies of employees this import created: they cannot have the edge yet, so no MERGE.
CREATE_EMPLOYEE_SKILLS = q("import/create_employee_skills")
CREATE_REPORTING_LINES = q("import/create_reporting_lines")
#: Run once a whole file is in, because they link rows of that file to each other.
LINK_ORG_UNIT_PARENTS = q("import/link_org_unit_parents")
SET_CURRENT_READINESS = q("import/set_current_readiness")

EXISTING_IDS: dict[str, Query] = {
    "OrgUnit": q("import/existing_org_unit_ids"),
    "Role": q("import/existing_role_ids"),
    "Skill": q("import/existing_skill_ids"),
    "Employee": q("import/existing_employee_ids"),
}
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


async def _run(tx: AsyncManagedTransaction, query: Query, rows: list[Params]) -> None:
    await query.execute(tx, rows=rows)


@keeps_scores
async def _run_keeping_scores(
    tx: AsyncManagedTransaction, query: Query, rows: list[Params]
) -> None:
    """Readiness history and current readiness: no derived figure is built from them
    (graph/version.py), so these writes leave the graph version as it is."""
    await query.execute(tx, rows=rows)


#: Files whose rows change nothing a derived figure is computed from.
KEEPS_SCORES: frozenset[type[Row]] = frozenset({AssessmentRow})


async def _create_or_upsert(
    tx: AsyncManagedTransaction, row_type: type[Row], rows: list[Params]
) -> list[str]:
    """One batch of a node file: new ids CREATEd, existing ones upserted; returns the new ids."""
    label, create = CREATES[row_type]
    ids = [r["id"] for r in rows]
    found = {r["id"] for r in await EXISTING_IDS[label].fetch(tx, ids=ids)}
    new = [r for r in rows if r["id"] not in found]
    if new:
        await create.execute(tx, rows=new)
    if len(new) < len(rows):
        await UPSERTS[row_type][0].execute(tx, rows=[r for r in rows if r["id"] in found])
    for query in UPSERTS[row_type][1:]:
        await query.execute(tx, rows=rows)
    return [r["id"] for r in new]


async def _upsert_employee_skills(
    tx: AsyncManagedTransaction, created: list[Params], others: list[Params]
) -> None:
    if created:
        await CREATE_EMPLOYEE_SKILLS.execute(tx, rows=created)
    if others:
        await UPSERTS[EmployeeSkillRow][0].execute(tx, rows=others)


async def _create_reporting_lines(
    tx: AsyncManagedTransaction, created: list[Params], others: list[Params]
) -> None:
    if created:
        await CREATE_REPORTING_LINES.execute(tx, rows=created)
    if others:
        await UPSERTS[ReportingLineRow][0].execute(tx, rows=others)


async def _write_batch(
    db: Database, row_type: type[Row], batch: list[Params], created: Created
) -> None:
    if row_type in CREATES:
        try:
            new = await db.write(_create_or_upsert, row_type, batch)
        except ConstraintError:
            # Another writer created one of the new ids since the check: upsert them all.
            new = []
            for query in UPSERTS[row_type]:
                await db.write(_run, query, batch)
        created.setdefault(CREATES[row_type][0], set()).update(new)
    elif row_type in (EmployeeSkillRow, ReportingLineRow):
        # Rows of employees this import created, then the others.
        fresh = created.get("Employee", set())
        await db.write(
            _upsert_employee_skills if row_type is EmployeeSkillRow else _create_reporting_lines,
            [r for r in batch if r["employee_id"] in fresh],
            [r for r in batch if r["employee_id"] not in fresh],
        )
    else:
        work = _run_keeping_scores if row_type in KEEPS_SCORES else _run
        for query in UPSERTS[row_type]:
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
        await db.write(_run, LINK_ORG_UNIT_PARENTS, batch)
    for batch in batched(latest.values(), batch_size):
        await db.write(_run_keeping_scores, SET_CURRENT_READINESS, batch)
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


async def _existing(tx: Tx, query: Query, ids: list[str]) -> set[str]:
    return {row["id"] for row in await query.fetch(tx, ids=ids)}


async def existing_ids(
    db: Database, label: str, ids: Iterable[str], batch_size: int = 10_000
) -> set[str]:
    """Which of `ids` already exist in the graph as nodes of `label`."""
    found: set[str] = set()
    for batch in batched(ids, batch_size):
        found |= await db.read(_existing, EXISTING_IDS[label], batch)
    return found
