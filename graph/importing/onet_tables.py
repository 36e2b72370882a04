"""What the O*NET import (graph/importing/onet.py) and the exposure sources
(graph/importing/exposure_sources.py) share: the tables' names, the report of how their rows
matched, and the batched writer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.importing.reference_files import find_table, read_table
from graph.importing.writer import batched
from graph.repositories import reference

Params = dict[str, Any]
#: (step name, total rows) when a step starts; (step name, rows done) as it advances.
OnStep = Callable[[str, int], None]
Advance = Callable[[str, int], None]

TASK_ID_PREFIX = "onet:"
CODE = "O*NET-SOC Code"
OCCUPATIONS = "Occupation Data.txt"
JOB_ZONES = "Job Zones.txt"
SKILLS = "Skills.txt"
KNOWLEDGE = "Knowledge.txt"
TASKS = "Task Statements.txt"
RELATED = "Related Occupations.txt"
GPTS_OCCUPATIONS = "occ_level.csv"
GPTS_TASKS = "full_labelset.tsv"
MICROSOFT = "soc_ai_applicability_scores.csv"
NEM_CROSSWALK = "bls_nem_onet_to_soc_crosswalk_2023.csv"


@dataclass
class SourceReport:
    """How the rows of one table matched the code system they are keyed by."""

    name: str
    file: str
    code_system: str
    rows: int = 0
    matched: int = 0
    unmatched: list[str] = field(default_factory=list)
    note: str = ""
    skipped: bool = False


@dataclass
class OnetImportReport:
    directory: Path
    sources: list[SourceReport] = field(default_factory=list)
    written: dict[str, int] = field(default_factory=dict)
    linked_roles: int = 0
    seconds: float = 0.0

    def source(self, name: str) -> SourceReport:
        return next(s for s in self.sources if s.name == name)

    def unmatched_rows(self) -> list[tuple[str, str, str]]:
        """(source, code system, code) for every row that matched nothing, sorted."""
        return sorted(
            (s.name, s.code_system, code) for s in self.sources for code in sorted(s.unmatched)
        )


class BatchWriter:
    def __init__(
        self, db: Database, batch_size: int, on_step: OnStep | None, advance: Advance | None
    ) -> None:
        self.db = db
        self.batch_size = batch_size
        self.on_step = on_step
        self.advance = advance

    async def write(self, step: str, query: reference.Query, rows: list[Params]) -> list[Params]:
        """Write rows in batches (a transaction each); returns what the statement returned."""
        if self.on_step:
            self.on_step(step, len(rows))
        returned: list[Params] = []
        done = 0
        for batch in batched(rows, self.batch_size):
            returned.extend(await self.db.write(reference.write_rows, query, batch))
            done += len(batch)
            if self.advance:
                self.advance(step, done)
        return returned


def to_float(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def table(directory: Path, name: str, columns: list[str]) -> tuple[Path | None, list[Params]]:
    path = find_table(directory, name)
    return (path, list(read_table(path, columns))) if path else (None, [])


def skipped(report: OnetImportReport, name: str, file: str, system: str) -> None:
    report.sources.append(
        SourceReport(name, file, system, note=f"{file} not found; skipped", skipped=True)
    )


def keyed(
    report: OnetImportReport,
    name: str,
    file: str,
    system: str,
    codes: Iterable[str],
    known: set[str],
) -> SourceReport:
    source = SourceReport(name, file, system)
    missing: set[str] = set()
    for code in codes:
        source.rows += 1
        if code in known:
            source.matched += 1
        else:
            missing.add(code)
    source.unmatched = sorted(missing)
    report.sources.append(source)
    return source


def task_id(raw: str) -> str | None:
    """ "8823" or "8823.0" -> "onet:8823"."""
    try:
        return f"{TASK_ID_PREFIX}{int(float(raw))}"
    except ValueError:
        return None
