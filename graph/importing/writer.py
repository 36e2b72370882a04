"""Batched `UNWIND` upserts of validated rows; shared by the CSV import and the demo generator."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction

from graph.cypher import Query, q
from graph.db import Database
from graph.fit_index import bump_version as bump_fit_version
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
#: (file name, rows written so far in this file)
Advance = Callable[[str, int], None]

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


#: Rows of these files can change a skill fit or who is eligible for a role (graph/fit_index.py).
CHANGES_FITS: frozenset[type[Row]] = frozenset(
    {RoleRow, EmployeeRow, RequirementRow, EmployeeSkillRow}
)


async def _run(tx: AsyncManagedTransaction, query: Query, rows: list[Params]) -> None:
    await query.execute(tx, rows=rows)


async def _run_changing_fits(tx: AsyncManagedTransaction, query: Query, rows: list[Params]) -> None:
    await query.execute(tx, rows=rows)
    await bump_fit_version(tx)


async def write_rows(
    db: Database,
    row_type: type[Row],
    rows: Iterable[Params],
    batch_size: int,
    advance: Advance | None = None,
) -> int:
    """Upsert rows of one file in batches, each batch its own transaction; returns the count.

    Every statement is an idempotent upsert, so a batch the driver retries, or an import run
    again after an outage, ends in the same graph.
    """
    written = 0
    parents: list[Params] = []
    latest: dict[tuple[str, str], Params] = {}
    for batch in batched(rows, batch_size):
        for query in UPSERTS[row_type]:
            await db.write(_run_changing_fits if row_type in CHANGES_FITS else _run, query, batch)
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
        await db.write(_run, SET_CURRENT_READINESS, batch)
    return written


def _newer(a: Params, b: Params) -> bool:
    at_a: datetime = a["assessed_at"]
    at_b: datetime = b["assessed_at"]
    return (at_a, a["id"]) > (at_b, b["id"])


async def _existing(tx: AsyncManagedTransaction, query: Query, ids: list[str]) -> set[str]:
    return {row["id"] for row in await query.fetch(tx, ids=ids)}


async def existing_ids(
    db: Database, label: str, ids: Iterable[str], batch_size: int = 10_000
) -> set[str]:
    """Which of `ids` already exist in the graph as nodes of `label`."""
    found: set[str] = set()
    for batch in batched(ids, batch_size):
        found |= await db.read(_existing, EXISTING_IDS[label], batch)
    return found
