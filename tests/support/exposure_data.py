"""Reference data and role tasks for the exposure tests, written as the product's import paths read
them (their organisations are built with `Org`, tests/support/factories.py)."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.importing.reference_files import SHIPPED_DIR, read_table
from graph.importing.role_tasks import import_role_tasks

CODE = "O*NET-SOC Code"
#: Shipped tables and the column naming the O*NET-SOC code each is filtered on.
SHIPPED_TABLES: dict[str, str | None] = {
    "onet/Occupation Data.txt": CODE,
    "onet/Job Zones.txt": CODE,
    "onet/Skills.txt": CODE,
    "onet/Knowledge.txt": CODE,
    "onet/Task Statements.txt": CODE,
    "onet/Related Occupations.txt": CODE,
    "onet/Sample of Reported Titles.txt": CODE,
    "gpts_are_gpts/occ_level.csv": CODE,
    "gpts_are_gpts/full_labelset.tsv": CODE,
    "crosswalks/bls_nem_onet_to_soc_crosswalk_2023.csv": CODE,
    "microsoft_working_with_ai/soc_ai_applicability_scores.csv": None,  # by SOC code, below
}


def _header(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        first = handle.readline().rstrip("\n")
    return next(csv.reader([first], delimiter="," if path.name.endswith(".csv.gz") else "\t"))


def _write(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]], gz: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    comma = path.name.removesuffix(".gz").endswith(".csv")
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8", newline="") as handle:
        if comma:
            writer = csv.writer(handle, lineterminator="\n")
        else:
            writer = csv.writer(
                handle, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n"
            )
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])


def shipped_subset(target: Path, codes: set[str], extra_labels: int = 3) -> Path:
    """The shipped tables cut down to `codes` (O*NET-SOC), half gzip-compressed, half plain.

    Related occupations keep every row of the chosen codes, so rows pointing outside the subset
    are reported as unmatched; the task labels keep `extra_labels` labels of other occupations'
    tasks, which match no task here.
    """
    nem: set[str] = set()
    for i, (relative, key) in enumerate(SHIPPED_TABLES.items()):
        source = SHIPPED_DIR / f"{relative}.gz"
        columns = _header(source)
        rows = list(read_table(source, columns))
        if relative.endswith("full_labelset.tsv"):
            others = [r for r in rows if r[CODE] not in codes][:extra_labels]
            kept = [r for r in rows if r[CODE] in codes] + others
        elif key is None:
            kept = [r for r in rows if r["SOC Code"] in nem | {c[:7] for c in codes}]
        else:
            kept = [r for r in rows if r[key] in codes]
        if relative.endswith("bls_nem_onet_to_soc_crosswalk_2023.csv"):
            nem = {r["NEM Code"] for r in kept}
        gz = i % 2 == 0
        name = Path(relative).name + (".gz" if gz else "")
        _write(target / Path(relative).parent / name, columns, kept, gz)
    return target


def synthetic_reference(
    target: Path,
    occupations: Mapping[str, Mapping[str, float]],
    tasks: Sequence[tuple[str, int, str, str]] = (),
    microsoft: Mapping[str, float] | None = None,
) -> Path:
    """A hand-made reference folder: occupations with exposure ratings, and optional tasks.

    `occupations` maps an O*NET-SOC code to its occ_level.csv ratings (missing ones are 0);
    `tasks` are (code, task id, statement, human label E0/E1/E2); `microsoft` maps SOC 2018
    codes (the first 7 characters of an O*NET-SOC code) to AI applicability scores.
    """
    _write(
        target / "Occupation Data.txt",
        [CODE, "Title"],
        [{CODE: code, "Title": f"Occupation {code}"} for code in occupations],
        gz=False,
    )
    ratings = [
        "dv_rating_alpha",
        "dv_rating_beta",
        "dv_rating_gamma",
        "human_rating_alpha",
        "human_rating_beta",
        "human_rating_gamma",
    ]
    _write(
        target / "occ_level.csv",
        [CODE, *ratings],
        [
            {CODE: code, **{r: values.get(r, 0.0) for r in ratings}}
            for code, values in occupations.items()
        ],
        gz=False,
    )
    _write(
        target / "Task Statements.txt",
        [CODE, "Task ID", "Task", "Task Type"],
        [{CODE: c, "Task ID": i, "Task": s, "Task Type": "Core"} for c, i, s, _ in tasks],
        gz=False,
    )
    _write(
        target / "full_labelset.tsv",
        [CODE, "Task ID", "human_exposure_agg", "gpt4_exposure"],
        [
            {CODE: c, "Task ID": f"{i}.0", "human_exposure_agg": label, "gpt4_exposure": "E0"}
            for c, i, _, label in tasks
        ],
        gz=False,
    )
    if microsoft is not None:
        _write(
            target / "soc_ai_applicability_scores.csv",
            ["SOC Code", "title", "ai_applicability_score"],
            [
                {"SOC Code": c, "title": c, "ai_applicability_score": v}
                for c, v in microsoft.items()
            ],
            gz=False,
        )
    return target


def write_tasks_csv(folder: Path, rows: Sequence[Mapping[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "role_tasks.csv"
    columns = ["role_id", "task_id", "weight", "statement", "exposure"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: "" if row.get(c) is None else row[c] for c in columns})
    return path


async def give_tasks(db: Database, folder: Path, rows: Sequence[Mapping[str, Any]]) -> int:
    """Roles' own tasks through `talentgraph import role-tasks` (its CSV and import path)."""
    return await import_role_tasks(db, write_tasks_csv(folder, rows))
