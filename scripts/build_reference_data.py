"""Build `graph/data/reference/`, the reference data `talentgraph import onet` loads by default.

    .venv/bin/python scripts/build_reference_data.py [DATA_DIR] [--output DIR]

DATA_DIR is the shared data folder (default: ../shared/data next to the repository) with the
sub-folders onet/, exposure/gpts_are_gpts/, exposure/microsoft_working_with_ai/ and crosswalks/.
Each shipped file keeps its original name and header names, with only the columns the import and
`talentgraph map-titles` read, gzip-compressed; rows keep their original order. The output is
deterministic (no timestamps in the gzip headers), so the committed files change only when the
column selection or the source data change.

Only data whose licence allows redistribution is copied: O*NET 29.3 (CC BY 4.0), "GPTs are GPTs"
(MIT), Microsoft "Working with AI" (CC BY 4.0) and the BLS crosswalk (public domain). Frey–Osborne
and AIOE carry no licence and are never copied (tests read them from the shared folder).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data"
DEFAULT_OUTPUT = REPO / "graph" / "data" / "reference"

#: source path (relative to DATA_DIR) -> (shipped path, columns kept)
FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "onet/Occupation Data.txt": ("onet/Occupation Data.txt", ("O*NET-SOC Code", "Title")),
    "onet/Job Zones.txt": ("onet/Job Zones.txt", ("O*NET-SOC Code", "Job Zone")),
    "onet/Skills.txt": (
        "onet/Skills.txt",
        ("O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value", "Not Relevant"),
    ),
    "onet/Knowledge.txt": (
        "onet/Knowledge.txt",
        ("O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value", "Not Relevant"),
    ),
    "onet/Task Statements.txt": (
        "onet/Task Statements.txt",
        ("O*NET-SOC Code", "Task ID", "Task", "Task Type"),
    ),
    "onet/Related Occupations.txt": (
        "onet/Related Occupations.txt",
        ("O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"),
    ),
    "onet/Sample of Reported Titles.txt": (
        "onet/Sample of Reported Titles.txt",
        ("O*NET-SOC Code", "Reported Job Title"),
    ),
    "exposure/gpts_are_gpts/occ_level.csv": (
        "gpts_are_gpts/occ_level.csv",
        (
            "O*NET-SOC Code",
            "dv_rating_alpha",
            "dv_rating_beta",
            "dv_rating_gamma",
            "human_rating_alpha",
            "human_rating_beta",
            "human_rating_gamma",
        ),
    ),
    "exposure/gpts_are_gpts/full_labelset.tsv": (
        "gpts_are_gpts/full_labelset.tsv",
        ("O*NET-SOC Code", "Task ID", "human_exposure_agg", "gpt4_exposure"),
    ),
    "exposure/microsoft_working_with_ai/soc_ai_applicability_scores.csv": (
        "microsoft_working_with_ai/soc_ai_applicability_scores.csv",
        ("SOC Code", "title", "ai_applicability_score"),
    ),
    "crosswalks/bls_nem_onet_to_soc_crosswalk_2023.csv": (
        "crosswalks/bls_nem_onet_to_soc_crosswalk_2023.csv",
        ("O*NET-SOC Code", "NEM Code"),
    ),
}

NEVER_SHIP = ("frey_osborne", "felten_aioe", "aioe")


def _delimiter(name: str) -> str:
    return "," if name.endswith(".csv") else "\t"


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    delimiter = _delimiter(path.name)
    quoting = csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter, quoting=quoting)
        return list(reader.fieldnames or []), list(reader)


def _gzip(text: str) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()


def build_file(source: Path, columns: tuple[str, ...], shipped_name: str) -> bytes:
    header, rows = _rows(source)
    missing = [c for c in columns if c not in header]
    if missing:
        raise SystemExit(f"{source}: missing column(s) {missing}")
    delimiter = _delimiter(shipped_name)
    out = io.StringIO()
    if delimiter == ",":
        writer = csv.writer(out, lineterminator="\n")
    else:
        writer = csv.writer(
            out, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n"
        )
    writer.writerow(columns)
    for row in rows:
        values = [(row.get(c) or "").strip() for c in columns]
        if delimiter == "\t" and any("\t" in v or "\n" in v for v in values):
            raise SystemExit(f"{source}: a value holds a tab or newline: {values}")
        writer.writerow(values)
    return _gzip(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    total = 0
    for relative, (shipped, columns) in FILES.items():
        assert not any(word in shipped.lower() for word in NEVER_SHIP), shipped
        source = args.source / relative
        if not source.is_file():
            print(f"missing {source}", file=sys.stderr)
            return 2
        data = build_file(source, columns, shipped)
        target = args.output / f"{shipped}.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        total += len(data)
        print(f"{target.relative_to(args.output)}: {len(data):,} bytes")
    print(f"wrote {len(FILES)} files, {total:,} bytes, to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
