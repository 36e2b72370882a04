"""Finding and reading the reference tables (O*NET, exposure scores, crosswalks) in a folder.

A table is looked up by its original file name, plain or gzip-compressed (`name.gz`), directly
in the folder or anywhere below it. So `talentgraph import onet DIR` takes the shipped folder
(`graph/data/reference/`), an unpacked O*NET text release, or a folder holding several sources in
sub-folders. Files ending in `.csv` are comma-separated; `.txt` and `.tsv` are tab-separated
without quoting (O*NET's format).
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from graph.errors import BadUserInput

#: The reference data shipped inside the package (see its ATTRIBUTION.md).
SHIPPED_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"

csv.field_size_limit(10 * 1024 * 1024)


def find_table(root: Path, name: str) -> Path | None:
    """`root/name`, `root/name.gz`, or the first such file below `root` (sorted by path)."""
    for candidate in (root / name, root / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    wanted = {name, f"{name}.gz"}
    found = sorted(p for p in root.rglob("*") if p.name in wanted and p.is_file())
    return found[0] if found else None


def _open(path: Path) -> IO[str]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", newline="", encoding="utf-8-sig")
    return path.open(newline="", encoding="utf-8-sig")


def read_table(path: Path, columns: Sequence[str]) -> Iterator[dict[str, str]]:
    """Rows as {column: stripped value} for the named columns; fails naming a missing column."""
    base = path.name.removesuffix(".gz")
    comma = base.endswith(".csv")
    with _open(path) as handle:
        reader = csv.DictReader(
            handle,
            delimiter="," if comma else "\t",
            quoting=csv.QUOTE_MINIMAL if comma else csv.QUOTE_NONE,
        )
        header = list(reader.fieldnames or [])
        missing = [c for c in columns if c not in header]
        if missing:
            raise BadUserInput(
                f"{path}: missing column(s) {', '.join(missing)}; found: {', '.join(header)}",
                file=str(path),
            )
        for record in reader:
            yield {c: (record.get(c) or "").strip() for c in columns}
