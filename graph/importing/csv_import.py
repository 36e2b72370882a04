"""`talentgraph import DIR`: every row validated (pass one) before any is written (pass two).

Two passes over the files keep memory flat for large files: the first keeps only keys and ids
(for duplicates and references), the second re-reads, re-validates and writes in batches.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.db import Database
from graph.errors import BadUserInput
from graph.importing.rows import ROW_TYPES, Row
from graph.importing.writer import DEFINED_BY, Advance, Created, existing_ids, write_rows

csv.field_size_limit(10 * 1024 * 1024)


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
    """Some rows are invalid; nothing was written."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        super().__init__(f"{len(issues)} invalid row(s); nothing was written")
        self.issues = sorted(issues)


@dataclass
class ImportReport:
    files: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.files.values())


def _records(path: Path) -> Iterator[tuple[int, dict[str | None, Any]]]:
    """(line number where the record starts, raw record) for each data row."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        start = 2
        for record in reader:
            yield start, record
            start = reader.line_num + 1


def _encoding_issue(path: Path, file: str) -> ImportIssue | None:
    """The first place the file is not UTF-8 text, if any (read in chunks: memory stays flat)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, read = 1, 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(1 << 20)
            try:
                line += decoder.decode(chunk, final=not chunk).count("\n")
            except UnicodeDecodeError as exc:
                line += bytes(exc.object[: exc.start]).count(b"\n")
                # exc.object is the decoder's pending bytes, then this chunk
                offset = read - (len(exc.object) - len(chunk)) + exc.start
                return ImportIssue(
                    file, line, None, f"not UTF-8 text ({exc.reason} at byte offset {offset})"
                )
            read += len(chunk)
            if not chunk:
                return None


def _checked_records(
    path: Path, file: str, issues: list[ImportIssue]
) -> Iterator[tuple[int, dict[str | None, Any]]]:
    """`_records`, ending with an issue (not an exception) where the CSV cannot be read on."""
    line = 1
    try:
        for line, record in _records(path):
            yield line, record
    except csv.Error as exc:
        issues.append(ImportIssue(file, line + 1, None, f"not CSV: {exc}"))


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle), [])


def _check_header(row_type: type[Row], header: list[str]) -> list[ImportIssue]:
    names = [h.strip() for h in header]
    issues = []
    missing = [c for c in row_type.required_columns() if c not in names]
    unknown = [c for c in names if c not in row_type.model_fields]
    if missing:
        issues.append(
            ImportIssue(row_type.FILE, 1, None, f"missing column(s): {', '.join(missing)}")
        )
    if unknown:
        issues.append(
            ImportIssue(
                row_type.FILE,
                1,
                None,
                f"unknown column(s): {', '.join(unknown)}; expected: {', '.join(row_type.columns())}",
            )
        )
    return issues


def _validate(
    row_type: type[Row], line: int, record: dict[str | None, Any]
) -> Row | list[ImportIssue]:
    if None in record:
        return [ImportIssue(row_type.FILE, line, None, "more fields than the header has")]
    values = {k.strip(): v for k, v in record.items() if k is not None and v is not None}
    try:
        return row_type.model_validate(values)
    except ValidationError as exc:
        return [
            ImportIssue(
                row_type.FILE,
                line,
                str(err["loc"][0]) if err["loc"] else None,
                err["msg"],
            )
            for err in exc.errors(include_url=False)
        ]


def _rows(path: Path, row_type: type[Row]) -> Iterator[dict[str, Any]]:
    for line, record in _records(path):
        row = _validate(row_type, line, record)
        if isinstance(row, list):  # the file changed between the passes
            raise ImportRejected(row)
        yield row.params()


def files_in(directory: Path) -> dict[type[Row], Path]:
    if not directory.is_dir():
        raise BadUserInput(f"{directory} is not a directory")
    known = {t.FILE: t for t in ROW_TYPES}
    found: dict[type[Row], Path] = {}
    unknown = []
    for path in sorted(directory.glob("*.csv")):
        if path.name in known:
            found[known[path.name]] = path
        else:
            unknown.append(path.name)
    if unknown:
        raise ImportRejected(
            [
                ImportIssue(
                    name,
                    1,
                    None,
                    f"not a file TalentGraph imports; expected one of: {', '.join(known)}",
                )
                for name in unknown
            ]
        )
    if not found:
        raise BadUserInput(f"{directory} holds none of: {', '.join(known)}")
    return found


async def validate_directory(db: Database, directory: Path) -> dict[type[Row], tuple[Path, int]]:
    """Pass one. Returns each file with its row count, or raises ImportRejected with every issue."""
    files = files_in(directory)
    issues: list[ImportIssue] = []
    counts: dict[type[Row], tuple[Path, int]] = {}
    defined: dict[str, set[str]] = {label: set() for label in DEFINED_BY}
    references: dict[str, list[tuple[str, int, str, str]]] = {label: [] for label in DEFINED_BY}
    for row_type in ROW_TYPES:
        path = files.get(row_type)
        if path is None:
            continue
        encoding = _encoding_issue(path, row_type.FILE)
        if encoding is not None:
            issues.append(encoding)
            continue
        try:
            header_issues = _check_header(row_type, _header(path))
        except csv.Error as exc:
            header_issues = [ImportIssue(row_type.FILE, 1, None, f"not CSV: {exc}")]
        issues.extend(header_issues)
        if header_issues:
            continue
        seen: dict[tuple[Any, ...], int] = {}
        count = 0
        for line, record in _checked_records(path, row_type.FILE, issues):
            count += 1
            row = _validate(row_type, line, record)
            if isinstance(row, list):
                issues.extend(row)
                continue
            key = row.key()
            if key in seen:
                label = ", ".join(row_type.KEY)
                issues.append(
                    ImportIssue(
                        row_type.FILE,
                        line,
                        row_type.KEY[0],
                        f"duplicate {label} {'/'.join(key)} (first on line {seen[key]})",
                    )
                )
                continue
            seen[key] = line
            for label, defining in DEFINED_BY.items():
                if defining is row_type:
                    defined[label].add(row.key()[0])
            for column, label in row_type.REFS.items():
                value = getattr(row, column)
                for ref in value if isinstance(value, list) else [value]:
                    if ref is not None:
                        references[label].append((row_type.FILE, line, column, ref))
        counts[row_type] = (path, count)
    for label, refs in references.items():
        wanted = {ref for *_, ref in refs} - defined[label]
        known = await existing_ids(db, label, wanted) if wanted else set()
        for file, line, column, ref in refs:
            if ref not in defined[label] and ref not in known:
                issues.append(
                    ImportIssue(file, line, column, f"unknown {_LABEL_WORDS[label]} {ref!r}")
                )
    if issues:
        raise ImportRejected(issues)
    return counts


_LABEL_WORDS = {"OrgUnit": "org unit", "Role": "role", "Skill": "skill", "Employee": "employee"}


async def import_directory(
    db: Database,
    directory: Path,
    batch_size: int,
    on_file: Callable[[str, int], None] | None = None,
    advance: Advance | None = None,
) -> ImportReport:
    """Validate every file, then write them all; nothing is written if any row is invalid."""
    counts = await validate_directory(db, directory)
    report = ImportReport()
    created: Created = {}
    for row_type, (path, total) in counts.items():
        if on_file:
            on_file(row_type.FILE, total)
        report.files[row_type.FILE] = await write_rows(
            db, row_type, _rows(path, row_type), batch_size, advance, created
        )
    return report
