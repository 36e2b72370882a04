"""What an import has written so far, file by file, kept up to date as its batches commit, so that
one that stops part way can say exactly what it wrote: the CLI prints it, the audit event holds it.

A batch counts once its transaction has committed. The one being written when the import stopped
did not commit, unless the connection was lost during its commit (the driver cannot tell then):
those rows are "in doubt", and said to be.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: What a file's finishing step does, for files that have one (run once all its rows are in).
FINISHING = {
    "org_units.csv": "their parent links (PART_OF)",
    "readiness_assessments.csv": "the current readiness (READY_FOR) moved to the newest of them",
}


@dataclass
class FileProgress:
    name: str
    total: int
    written: int = 0
    finished: bool = False


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


@dataclass
class ImportProgress:
    files: list[FileProgress] = field(default_factory=list)
    #: The file being written (None before the first and after the last).
    current: str | None = None
    #: Rows whose batch was committing when the import stopped (the connection lost during the
    #: commit, or an interruption): perhaps written.
    in_doubt: int = 0

    def plan(self, totals: Iterable[tuple[str, int]]) -> None:
        """The files about to be written, in order, with their row counts (validation is done)."""
        self.files = [FileProgress(name, total) for name, total in totals]

    def file(self, name: str) -> FileProgress:
        return next(f for f in self.files if f.name == name)

    def start(self, name: str) -> None:
        self.current = name

    def wrote(self, name: str, done: int) -> None:
        self.file(name).written = done

    def finish(self, name: str) -> None:
        self.file(name).finished = True
        self.current = None

    @property
    def planned(self) -> bool:
        """Whether validation passed, so writing began (or was about to)."""
        return bool(self.files)

    @property
    def complete(self) -> bool:
        return self.planned and all(f.finished for f in self.files)

    @property
    def anything_written(self) -> bool:
        return self.in_doubt > 0 or any(f.written or f.finished for f in self.files)

    def audit(self) -> dict[str, Any]:
        """For the audit event of an import that stopped: rows written per file begun, the files
        complete, the one it stopped in, and the rows in doubt."""
        found: dict[str, Any] = {
            "written": {f.name: f.written for f in self.files if f.written or f.finished},
            "complete": [f.name for f in self.files if f.finished],
        }
        if self.current is not None:
            found["stoppedIn"] = self.current
        if self.in_doubt:
            found["inDoubt"] = self.in_doubt
        return found

    def describe(self) -> list[str]:
        """What was written and what was not, for a person: one line per file begun."""
        if not self.anything_written:
            return ["nothing was written"]
        lines = ["written before it stopped:"]
        waiting = []
        for f in self.files:
            if f.finished:
                lines.append(f"  {f.name}: all {_rows(f.total)}")
            elif f.name == self.current and (f.written or self.in_doubt):
                line = f"  {f.name}: {f.written:,} of {_rows(f.total)}"
                if f.written == f.total and f.name in FINISHING:
                    line = f"  {f.name}: all {_rows(f.total)}, but not all of {FINISHING[f.name]}"
                if self.in_doubt:
                    line += (
                        f", perhaps {self.in_doubt:,} more (it stopped while they were being "
                        "committed)"
                    )
                lines.append(line)
            else:
                waiting.append(f"{f.name} ({_rows(f.total)})")
        if waiting:
            lines.append(f"not written: {', '.join(waiting)}")
        return lines
