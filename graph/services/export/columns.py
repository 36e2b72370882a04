"""What the readiness export holds: its columns (in order, with their types and enumerations),
the filters a caller chooses, and what a run records beside the rows (for the manifest)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from graph.errors import BadUserInput
from graph.exporting.formats import Column
from graph.exposure import ExposureSource
from graph.models import Coverage, Readiness

MAX_CANDIDATES = 50

_UTC = pa.timestamp("us", tz="UTC")

#: The export's columns, in order. Documented in the README; fixed by a test.
COLUMNS: tuple[Column, ...] = (
    Column("role_id", pa.string(), "role id"),
    Column("role_title", pa.string(), "role title"),
    Column("org_unit_id", pa.string(), "the role's org unit"),
    Column("org_unit_name", pa.string(), "its name"),
    Column("critical", pa.bool_(), "whether the role is critical"),
    Column("incumbent_ids", pa.list_(pa.string()), "active incumbents, by id (CSV: joined by ;)"),
    Column(
        "coverage",
        pa.string(),
        "COVERED, NOT_READY or UNCOVERED",
        values=tuple(c.value for c in Coverage),
    ),
    Column(
        "cover",
        pa.float64(),
        "chance at least one nominated successor can step in, 0 to 1 (CSV: a percentage)",
        percent=True,
    ),
    Column("bench_score", pa.float64(), "nominated successors in ready-now equivalents"),
    Column(
        "key_person_risk",
        pa.float64(),
        "worst incumbent's loss risk × (1 − cover); empty for a service caller (from ratings)",
    ),
    Column("person_id", pa.string(), "the successor or candidate (empty for kind NONE)"),
    Column("person_name", pa.string(), "their name"),
    Column(
        "kind",
        pa.string(),
        "NOMINATED (on the slate), CANDIDATE (never assessed) or NONE",
        values=("NOMINATED", "CANDIDATE", "NONE"),
    ),
    Column(
        "readiness",
        pa.string(),
        "current readiness (NOMINATED only)",
        values=tuple(r.value for r in Readiness),
    ),
    Column("assessed_at", _UTC, "when it was assessed (UTC)"),
    Column("assessed_by", pa.string(), "who assessed it"),
    Column("fit", pa.float64(), "skill fit, 0 to 1 (CSV: a percentage)", percent=True),
    Column("gap_count", pa.int64(), "how many required skills fall short"),
    Column("top_gaps", pa.list_(pa.string()), "names of the 3 largest gaps (CSV: joined by ;)"),
    Column("exposure", pa.float64(), "automation exposure of the role, empty when unknown"),
    Column(
        "exposure_source",
        pa.string(),
        "where the exposure figure comes from",
        values=tuple(e.value for e in ExposureSource),
    ),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)


@dataclass(frozen=True)
class ExportFilters:
    org_unit_id: str | None = None
    all_roles: bool = False
    candidates: int = 5
    since: datetime | None = None

    def check(self) -> ExportFilters:
        if not 0 <= self.candidates <= MAX_CANDIDATES:
            raise BadUserInput(
                f"candidates must be between 0 and {MAX_CANDIDATES}", field="candidates"
            )
        if self.since is not None and self.since.tzinfo is None:
            return ExportFilters(
                self.org_unit_id, self.all_roles, self.candidates, self.since.replace(tzinfo=UTC)
            )
        return self

    def describe(self) -> dict[str, Any]:
        out = asdict(self)
        out["since"] = self.since.isoformat() if self.since else None
        return out


@dataclass
class ExportRun:
    """What a consumer needs beside the rows: for the manifest."""

    roles: int = 0
    rows: int = 0
    bookmarks: list[str] | None = None
    read_at: str | None = None
