"""The demo organisation into the graph (the same writer as the CSV import) or into CSV files."""

from __future__ import annotations

import csv
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.demo.org import DemoOrg, generate_demo
from graph.importing.rows import ROW_TYPES
from graph.importing.writer import Advance, Created, write_rows


async def load_demo(
    db: Database,
    employees: int,
    seed: int,
    batch_size: int = 5000,
    advance: Advance | None = None,
) -> dict[str, int]:
    """Generate the demo organisation and upsert it file by file; returns rows per file."""
    demo = generate_demo(employees, seed)
    created: Created = {}
    return {
        row_type.FILE: await write_rows(
            db, row_type, demo.rows(row_type), batch_size, advance, created
        )
        for row_type in ROW_TYPES
    }


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
                writer.writerow([_csv_value(row[c]) for c in columns])
                count += 1
        counts[row_type.FILE] = count
    return counts


def _csv_value(value: Any) -> str:
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
