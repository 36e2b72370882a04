"""What is wrong with an import's files, each problem with its file and line, and the error that
carries them all: nothing is written when an import is rejected."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from graph.errors import BadUserInput


@dataclass(frozen=True, order=True)
class ImportIssue:
    file: str
    line: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return (
            f"{where}: column {self.column!r}: {self.reason}"
            if self.column
            else f"{where}: {self.reason}"
        )


class ImportRejected(BadUserInput):
    """Some rows are invalid (or a file changed while it was read); nothing was written."""

    def __init__(self, issues: list[ImportIssue], summary: str | None = None) -> None:
        super().__init__(summary or f"{len(issues)} invalid row(s); nothing was written")
        self.issues = sorted(issues)


#: Python's words for a CSV it cannot read on (strict mode), in a reader's.
_CSV_ERRORS = {
    "unexpected end of data": "a quoted field is not closed before the end of the file",
    "',' expected after '\"'": "a closing quote must be followed by a comma or the end of the line",
}


def not_csv(error: csv.Error) -> str:
    """The reason for an issue where a strict CSV reader stopped."""
    text = str(error)
    return f"not CSV: {_CSV_ERRORS.get(text, text)}"
