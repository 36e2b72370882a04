"""The demo organisation into the graph (the same writer as the CSV import) or into CSV files.

A load into the graph is recorded (`DemoLoad {id: 'demo'}`: employees, seed, reference,
startedAt, completedAt) before its first row and marked complete after its last, so a load that
stops part way (Ctrl-C, a crash, an outage) is known for one: `demo_state` says so, and loading the
same (employees, seed) again completes it with the reference it began with (graph/demo/clock.py),
since every row is an idempotent upsert (graph/importing/writer.py): the graph ends as after one
uninterrupted load.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.demo.org import DemoOrg, generate_demo
from graph.importing.rows import ROW_TYPES
from graph.importing.writer import Advance, Created, write_rows
from graph.repositories import demo as record

#: (file name, rows it will write), called as each file begins
OnFile = Callable[[str, int], None]


@dataclass(frozen=True)
class DemoState:
    """The last demo load into the graph: its size and seed, and whether it wrote every row."""

    employees: int
    seed: int
    complete: bool
    #: The time the load's dates are counted back from (None for a load recorded before it was).
    reference: datetime | None = None


async def demo_state(db: Database) -> DemoState | None:
    """The last demo load, or None when the graph never had one."""
    async with db.reading() as tx:
        found = await record.state(tx)
    if found is None:
        return None
    return DemoState(
        int(found["employees"]),
        int(found["seed"]),
        found["completedAt"] is not None,
        found["reference"],
    )


async def reset(db: Database, employees: int, seed: int) -> None:
    """Empty the graph for a new demo load, but its audit trail: the load is recorded as begun
    first, so that a reset interrupted part way is known for an incomplete load too."""
    await db.write(record.begin, employees, seed, None)
    await record.wipe_for_reset(db)


async def load_demo(
    db: Database,
    employees: int,
    seed: int,
    batch_size: int = 5000,
    advance: Advance | None = None,
    on_file: OnFile | None = None,
) -> dict[str, int]:
    """Generate the demo organisation and upsert it file by file; returns rows per file. Its
    dates count back from the start of this quarter, or, when it completes an interrupted load of
    the same size and seed, from that load's reference."""
    before = await demo_state(db)
    resumes = (
        before is not None
        and not before.complete
        and (before.employees, before.seed)
        == (
            employees,
            seed,
        )
    )
    demo = generate_demo(employees, seed, before.reference if resumes and before else None)
    totals = demo.counts() if on_file else {}
    await db.write(record.begin, employees, seed, demo.reference)
    created: Created = {}
    counts: dict[str, int] = {}
    for row_type in ROW_TYPES:
        if on_file:
            on_file(row_type.FILE, totals[row_type.FILE])
        counts[row_type.FILE] = await write_rows(
            db, row_type, demo.rows(row_type), batch_size, advance, created
        )
    await db.write(record.finish, employees, seed)
    return counts


def write_csv_dir(demo: DemoOrg, directory: Path) -> dict[str, int]:
    """Write the ten CSV files `talentgraph import DIR` reads; returns rows per file."""
    directory.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for row_type in ROW_TYPES:
        columns = row_type.columns()
        with (directory / row_type.FILE).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            count = 0
            for row in demo.rows(row_type):
                writer.writerow([csv_value(row[c]) for c in columns])
                count += 1
        counts[row_type.FILE] = count
    return counts


def csv_value(value: Any) -> str:
    """A row's value as the import's CSV files hold it: empty for None, ISO dates, `;`-joined
    lists."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)
