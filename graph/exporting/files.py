"""Writing an export to a file: a temporary name first, renamed into place only when complete,
with a manifest beside it so a consumer can check it got everything."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.exporting.formats import CSV_DIALECT, Column, ExportFormat, Row, column_types, encoder
from graph.files import replaced_atomically


@dataclass
class ExportResult:
    path: Path
    manifest_path: Path
    rows: int
    sha256: str
    manifest: dict[str, Any] = field(default_factory=dict)


def manifest_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def manifest(
    fmt: ExportFormat,
    columns: Sequence[Column],
    *,
    file: str,
    rows: int,
    sha256: str,
    size: int,
    generated_at: str,
    **described: Any,
) -> dict[str, Any]:
    """What a consumer checks a download against: the same for a file (`PATH.manifest.json`)
    and over HTTP (`GET /exports/readiness/{id}/manifest`)."""
    found: dict[str, Any] = {"file": file, "format": fmt.value}
    if fmt is ExportFormat.CSV:
        found["dialect"] = CSV_DIALECT
    return found | {
        "columns": column_types(fmt, columns),
        "rowCount": rows,
        "sha256": sha256,
        "bytes": size,
        "generatedAt": generated_at,
        **described,
    }


def _target(path: Path) -> Path:
    path = path.resolve()
    if not path.parent.is_dir():
        raise FileNotFoundError(f"no such folder: {path.parent}")
    return path


async def write_export(
    batches: AsyncIterator[Sequence[Row]],
    fmt: ExportFormat,
    columns: Sequence[Column],
    path: Path,
    describe: Callable[[], dict[str, Any]],
    on_rows: Callable[[int], None] | None = None,
) -> ExportResult:
    """Stream `batches` into `path` (via a temporary file) and write `path.manifest.json`.

    `describe()` is called after the last batch and gives the manifest's extra fields (filters,
    the database bookmark). On any failure, or interruption, nothing is left at `path`.
    """
    path = _target(path)
    digest = hashlib.sha256()
    rows = 0
    size = 0
    enc = encoder(fmt, columns)
    with replaced_atomically(path) as handle:

        def put(data: bytes) -> None:
            nonlocal size
            if data:
                handle.write(data)
                digest.update(data)
                size += len(data)

        put(enc.header())
        async for batch in batches:
            put(enc.encode(batch))
            rows += len(batch)
            if on_rows:
                on_rows(rows)
        put(enc.footer())
        found = manifest(
            fmt,
            columns,
            file=path.name,
            rows=rows,
            sha256=digest.hexdigest(),
            size=size,
            generated_at=datetime.now(UTC).isoformat(),
            **describe(),
        )
    manifest_path = manifest_path_for(path)
    with replaced_atomically(manifest_path) as handle:
        handle.write(json.dumps(found, indent=2, ensure_ascii=False).encode("utf-8"))
    return ExportResult(path, manifest_path, rows, found["sha256"], found)
