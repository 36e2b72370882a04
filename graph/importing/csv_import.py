"""`talentgraph import DIR`: every row validated (pass one) before any is written (pass two).

The files are first copied into a private folder (graph/importing/sources.py) and both passes
read the copies, so what is written is byte for byte what was validated. Two passes keep memory
flat for large files: the first keeps only keys, ids and lines (for duplicates, references and the
cross-row checks of graph/importing/cross_checks.py), the second re-reads and writes in batches.
"""

from __future__ import annotations

import asyncio
import codecs
import csv
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from neo4j.exceptions import IncompleteCommit
from pydantic import ValidationError

from graph.db import Database
from graph.errors import BadUserInput
from graph.importing import cross_checks
from graph.importing.issues import ImportIssue, ImportRejected, not_csv
from graph.importing.progress import ImportProgress
from graph.importing.rows import DEFAULT_CLOCK_SKEW, ROW_TYPES, Checks, Row, row_issues
from graph.importing.sources import Snapshot, Source, Unreadable, changed
from graph.importing.writer import (
    CONCURRENT,
    CONCURRENT_BATCHES,
    Advance,
    Created,
    write_rows,
)

__all__ = [
    "ImportIssue",
    "ImportProgress",
    "ImportRejected",
    "ImportReport",
    "import_directory",
    "validate_directory",
]

csv.field_size_limit(10 * 1024 * 1024)

CHANGED_BEFORE_WRITING = "a file changed while it was being read; nothing was written"


@dataclass
class ImportReport:
    files: dict[str, int] = field(default_factory=dict)
    #: SHA-256 of each file as read (and written)
    sha256: dict[str, str] = field(default_factory=dict)
    #: Files whose original changed on disk once writing had begun: the graph has them as read.
    changed: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.files.values())


class _Unreadable(Exception):
    """The CSV cannot be read on from `line` (the record starting there)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _records(path: Path) -> Iterator[tuple[int, dict[str | None, Any]]]:
    """(line number where the record starts, raw record) for each data row. Strict: a quote left
    open at the end of the file, or text after a closing quote, raises `_Unreadable`."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, strict=True)
        start = 2
        try:
            for record in reader:
                yield start, record
                start = reader.line_num + 1
        except csv.Error as exc:
            raise _Unreadable(start, not_csv(exc)) from exc


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
    try:
        yield from _records(path)
    except _Unreadable as exc:
        issues.append(ImportIssue(file, exc.line, None, exc.reason))


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle, strict=True), [])


def _check_header(row_type: type[Row], header: list[str]) -> list[ImportIssue]:
    names = [h.strip() for h in header]
    issues = []
    twice = sorted(n or repr(n) for n, times in Counter(names).items() if times > 1)
    if twice:
        # A reader would keep one of the values silently (the last): refuse rather than guess.
        issues.append(
            ImportIssue(row_type.FILE, 1, None, f"duplicate column(s): {', '.join(twice)}")
        )
    missing = [c for c in row_type.required_columns() if c not in names]
    unknown = [c for c in dict.fromkeys(names) if c not in row_type.model_fields]
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
    row_type: type[Row], line: int, record: dict[str | None, Any], checks: Checks
) -> Row | list[ImportIssue]:
    if None in record:
        return [ImportIssue(row_type.FILE, line, None, "more fields than the header has")]
    values = _values(record)
    try:
        return row_type.model_validate(values, context=checks)
    except ValidationError as exc:
        return row_issues(row_type.FILE, line, values, exc)


def _values(record: dict[str | None, Any]) -> dict[str, Any]:
    """A record's cells by column name (a short row has none for its last columns)."""
    return {k.strip(): v for k, v in record.items() if k is not None and v is not None}


def _rows(path: Path, row_type: type[Row], checks: Checks) -> Iterator[dict[str, Any]]:
    """Pass two: the rows of the private copy pass one validated, as Cypher parameters."""
    for line, record in _records(path):
        row = _validate(row_type, line, record, checks)
        if isinstance(row, list):  # the copy is private: only a bug gets here
            raise RuntimeError(f"{row_type.FILE}:{line} passed validation, then failed it")
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


def _copy(snapshot: Snapshot, files: dict[type[Row], Path]) -> dict[type[Row], Source]:
    """Every file read once into the snapshot; ImportRejected if any cannot be (a link, ...)."""
    sources: dict[type[Row], Source] = {}
    issues = []
    for row_type, path in files.items():
        try:
            sources[row_type] = snapshot.take(row_type.FILE, path)
        except Unreadable as exc:
            issues.append(ImportIssue(row_type.FILE, 1, None, str(exc)))
    if issues:
        raise ImportRejected(issues)
    return sources


async def _validate_sources(
    db: Database, sources: dict[type[Row], Source], checks: Checks
) -> dict[type[Row], int]:
    """Pass one, over the copies. Returns each file's row count, or raises ImportRejected with
    every issue."""
    issues: list[ImportIssue] = []
    counts: dict[type[Row], int] = {}
    refs = cross_checks.References()
    collected = cross_checks.Collected()
    for row_type in ROW_TYPES:
        source = sources.get(row_type)
        if source is None:
            continue
        path = source.copy
        encoding = _encoding_issue(path, row_type.FILE)
        if encoding is not None:
            issues.append(encoding)
            refs.stopped(row_type, encoding.line)
            continue
        try:
            header_issues = _check_header(row_type, _header(path))
        except csv.Error as exc:
            header_issues = [ImportIssue(row_type.FILE, 1, None, not_csv(exc))]
        issues.extend(header_issues)
        if header_issues:
            refs.stopped(row_type, 1)
            continue
        seen: dict[tuple[Any, ...], int] = {}
        count = 0
        stopped: list[ImportIssue] = []
        for line, record in _checked_records(path, row_type.FILE, stopped):
            count += 1
            row = _validate(row_type, line, record, checks)
            if isinstance(row, list):
                issues.extend(row)
                refs.invalid(row_type, line, _values(record), row)
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
            collected.add(row, line)
            refs.add(row, line)
        for issue in stopped:
            issues.append(issue)
            refs.stopped(row_type, issue.line)
        counts[row_type] = count
    issues = await cross_checks.check_references(db, refs, issues)
    issues.extend(await cross_checks.check(db, collected))
    if issues:
        raise ImportRejected(issues)
    return counts


async def validate_directory(
    db: Database, directory: Path, clock_skew: timedelta = DEFAULT_CLOCK_SKEW
) -> dict[type[Row], tuple[Path, int]]:
    """Pass one alone. Returns each file with its row count, or raises ImportRejected."""
    with Snapshot() as snapshot:
        sources = _copy(snapshot, files_in(directory))
        counts = await _validate_sources(db, sources, Checks(clock_skew=clock_skew))
    return {row_type: (sources[row_type].original, n) for row_type, n in counts.items()}


async def import_directory(
    db: Database,
    directory: Path,
    batch_size: int,
    on_file: Callable[[str, int], None] | None = None,
    advance: Advance | None = None,
    *,
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
    progress: ImportProgress | None = None,
) -> ImportReport:
    """Validate every file, then write them all; nothing is written if any row is invalid.

    `progress` (yours to pass, to read when this raises) follows what is written as batches
    commit: an import that stops part way can say exactly what it wrote.
    """
    progress = ImportProgress() if progress is None else progress
    with Snapshot() as snapshot:
        sources = _copy(snapshot, files_in(directory))
        checks = Checks(clock_skew=clock_skew)
        counts = await _validate_sources(db, sources, checks)
        moved = changed(sources.values())
        if moved:
            raise ImportRejected(
                [
                    ImportIssue(
                        name,
                        1,
                        None,
                        "changed on disk while the import was validating it; run the import "
                        "again once the file is complete",
                    )
                    for name in moved
                ],
                CHANGED_BEFORE_WRITING,
            )
        report = ImportReport(sha256={s.name: s.sha256 for s in sources.values()})
        progress.plan((row_type.FILE, total) for row_type, total in counts.items())

        def written(name: str, done: int) -> None:
            progress.wrote(name, done)
            if advance:
                advance(name, done)

        created: Created = {}
        for row_type, total in counts.items():
            progress.start(row_type.FILE)
            if on_file:
                on_file(row_type.FILE, total)
            try:
                report.files[row_type.FILE] = await write_rows(
                    db,
                    row_type,
                    _rows(sources[row_type].copy, row_type, checks),
                    batch_size,
                    written,
                    created,
                    progress.finish,
                )
            except BaseException as exc:
                # Interrupted (cancelled) or cut off while a commit was on its way: those rows
                # may be in. Any other failure rolled its batch back.
                if isinstance(exc, asyncio.CancelledError) or _commit_unknown(exc):
                    in_flight = CONCURRENT_BATCHES if row_type in CONCURRENT else 1
                    left = total - progress.file(row_type.FILE).written
                    progress.in_doubt = min(batch_size * in_flight, left)
                raise
        report.changed = changed(sources.values())
    return report


def _commit_unknown(error: BaseException) -> bool:
    """Whether the error says a commit's outcome is unknown (the connection was lost during it)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, IncompleteCommit):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
