"""`talentgraph` commands for reference data and automation exposure.

talentgraph import onet [DIR]          O*NET + exposure scores (default: the shipped data)
talentgraph import role-tasks FILE     a role's own task list
talentgraph link-occupations           (re)link roles to occupations by occupationCode
talentgraph apply-occupation-requirements
talentgraph map-titles FILE            suggest O*NET codes for an employer's job titles
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from api.cli.common import err, operator, out, progress, settings, with_db
from graph.db import Database
from graph.services import imports
from graph.services.imports import (
    MAX_REQUIREMENTS,
    MIN_IMPORTANCE,
    MIN_REQUIREMENTS,
    ImportRejected,
    OnetImportReport,
)

SHOWN_UNMATCHED = 10


def import_onet(
    directory: Annotated[
        Path | None,
        typer.Argument(
            help=(
                "Folder holding O*NET text files and, optionally, the exposure files "
                "(occ_level.csv, full_labelset.tsv, soc_ai_applicability_scores.csv, "
                "bls_nem_onet_to_soc_crosswalk_2023.csv), plain or .gz, at any depth. "
                "Default: the data shipped with TalentGraph."
            ),
            show_default=False,
        ),
    ] = None,
    unmatched: Annotated[
        Path | None,
        typer.Option(help="Write every row that matched nothing to this CSV file."),
    ] = None,
    apply_requirements: Annotated[
        bool,
        typer.Option(
            help="Then give roles with an occupation and no requirements the occupation's "
            "(as `talentgraph apply-occupation-requirements`)."
        ),
    ] = False,
) -> None:
    """Load O*NET occupations, skills, tasks, related occupations and exposure scores (idempotent).

    Reports, per source, how many rows matched the code system they are keyed by, and links every
    role whose occupationCode names a loaded occupation.
    """
    config = settings()
    if directory is None and any(Path("onet").glob("*.csv")):
        err.print(
            "note: importing the shipped O*NET data; to import the organisation CSVs in ./onet, "
            "run `talentgraph import ./onet`",
            highlight=False,
        )

    async def work(db: Database) -> tuple[OnetImportReport, tuple[int, int] | None]:
        with progress() as bars:
            tasks: dict[str, int] = {}

            def on_step(name: str, total: int) -> None:
                tasks[name] = bars.add_task(name, total=total)

            def advance(name: str, done: int) -> None:
                bars.update(tasks[name], completed=done)

            report = await imports.import_onet(
                db,
                directory,
                config.import_batch_size,
                on_step,
                advance,
                principal=operator(),
            )
        applied = (
            await imports.apply_occupation_requirements(db, principal=operator())
            if apply_requirements
            else None
        )
        return report, applied

    report, applied = with_db(config, work)
    table = Table(title=f"Reference data from {report.directory}")
    for column in ("source", "file", "keyed by", "rows", "matched", "unmatched", "note"):
        table.add_column(
            column, justify="right" if column in {"rows", "matched", "unmatched"} else "left"
        )
    for s in report.sources:
        if s.skipped:
            table.add_row(s.name, s.file, s.code_system, "-", "-", "-", s.note)
        else:
            table.add_row(
                s.name,
                s.file,
                s.code_system,
                f"{s.rows:,}",
                f"{s.matched:,}",
                f"{len(s.unmatched):,}",
                s.note,
            )
    out.print(table)
    rows = report.unmatched_rows()
    if unmatched:
        unmatched.parent.mkdir(parents=True, exist_ok=True)
        with unmatched.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source", "code_system", "code"])
            writer.writerows(rows)
        out.print(f"{len(rows):,} unmatched rows written to {unmatched}")
    else:
        for s in report.sources:
            if s.unmatched:
                shown = ", ".join(s.unmatched[:SHOWN_UNMATCHED])
                more = len(s.unmatched) - SHOWN_UNMATCHED
                out.print(
                    f"unmatched in {s.name}: {shown}"
                    + (f" … and {more:,} more (--unmatched FILE lists all)" if more > 0 else ""),
                    highlight=False,
                )
    out.print(f"{report.linked_roles:,} roles map to an occupation")
    if applied is not None:
        out.print(
            f"occupation requirements given to {applied[0]:,} roles ({applied[1]:,} requirements)"
        )
    out.print(f"done in {report.seconds:.1f}s")


def import_role_tasks(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns role_id, task_id, weight (default 1), statement, exposure (0-1).",
            exists=True,
            dir_okay=False,
        ),
    ],
) -> None:
    """Upsert roles' own tasks (PERFORMS); every row is validated first, or nothing is written.

    A row with a statement defines an organisation task; one without names an existing task,
    e.g. an O*NET task `onet:<Task ID>` (after `talentgraph import onet`).
    """
    config = settings()
    try:
        written = with_db(
            config,
            lambda db: imports.import_role_tasks(
                db, file, config.import_batch_size, principal=operator()
            ),
        )
    except ImportRejected as rejected:
        for issue in rejected.issues:
            err.print(str(issue), markup=False, highlight=False)
        err.print(f"[red]{rejected.message}[/]")
        raise typer.Exit(1) from None
    out.print(f"imported {written:,} role tasks from {file}")


def link_occupations() -> None:
    """(Re)link every role to the O*NET occupation its occupationCode names (MAPS_TO).

    Role imports link as they go and `import onet` links at its end; run this after changing
    occupation codes some other way.
    """
    linked = with_db(settings(), lambda db: imports.link_occupations(db, principal=operator()))
    out.print(f"{linked:,} roles map to an occupation")


APPLY_HELP = (
    "Give each role that maps to an occupation and has no requirements the occupation's.\n\n"
    "weight = O*NET importance (1-5), level = O*NET level (0-7); the elements with level > 0 "
    f"and importance >= {MIN_IMPORTANCE}, most important first; the top {MIN_REQUIREMENTS} by "
    f"importance when fewer pass; at most {MAX_REQUIREMENTS}. Roles with requirements of their "
    "own are left alone."
)


def apply_occupation_requirements() -> None:
    roles, requirements = with_db(
        settings(), lambda db: imports.apply_occupation_requirements(db, principal=operator())
    )
    out.print(f"occupation requirements given to {roles:,} roles ({requirements:,} requirements)")


def map_titles(
    file: Annotated[
        Path,
        typer.Argument(
            help="Job titles: a CSV with a `title` column (else its first column), or one title per line.",
            exists=True,
            dir_okay=False,
        ),
    ],
    out_csv: Annotated[
        Path | None,
        typer.Option("--out", help="Also write the suggestions to this CSV file."),
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=10, help="Suggestions per title.")] = 3,
    data: Annotated[
        Path | None,
        typer.Option(help="Reference folder to read titles from (default: the shipped data)."),
    ] = None,
    min_score: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="A title maps only if its best score is this or more."),
    ] = imports.MIN_SCORE,
    min_lead: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="... and only if its best occupation leads the next by this much or more.",
        ),
    ] = imports.MIN_LEAD,
) -> None:
    """Suggest O*NET-SOC codes for each job title, best first, with a score in [0, 1], to confirm.

    Every title in FILE is listed, in order (blanks and repeats too). A title is mapped when its
    best match is strong (score and lead over the next occupation at least --min-score and
    --min-lead); otherwise it is unmapped and its suggestions are guesses. Titles are compared
    with O*NET occupation titles and the titles people report in them (Sample of Reported
    Titles); no database needed.
    """
    started = time.monotonic()
    results = imports.map_titles(file, top, data, out_csv, min_score, min_lead)
    table = Table(title=f"O*NET suggestions for {len(results):,} titles")
    for column in ("row", "title", "result", "#", "code", "occupation", "score", "matched on"):
        table.add_column(column, justify="right" if column in {"row", "#", "score"} else "left")
    for r in results:
        head = [str(r.row), r.title, r.status.value]
        if not r.suggestions:
            table.add_row(*head, "", "", "no occupation shares a word with it" if r.title else "")
        for m in r.suggestions:
            table.add_row(
                *(head if m.rank == 1 else ["", "", ""]),
                str(m.rank),
                m.code,
                m.occupation,
                f"{m.score:.2f}",
                m.matched,
            )
    out.print(table)
    counts = {status: sum(r.status is status for r in results) for status in imports.Status}
    out.print(
        f"{counts[imports.Status.MAPPED]:,} mapped, {counts[imports.Status.UNMAPPED]:,} unmapped "
        f"(their suggestions are guesses), {counts[imports.Status.BLANK]:,} blank; mapped means "
        f"a best score of at least {min_score:.2f} and a lead of at least {min_lead:.2f} over "
        "the next occupation"
    )
    if out_csv:
        lines = sum(max(len(r.suggestions), 1) for r in results)
        out.print(f"wrote {lines:,} lines for {len(results):,} titles to {out_csv}")
    err.print(f"done in {time.monotonic() - started:.1f}s")


def register(app: typer.Typer, import_app: typer.Typer) -> None:
    import_app.command("onet")(import_onet)
    import_app.command("role-tasks")(import_role_tasks)
    app.command("link-occupations")(link_occupations)
    app.command("apply-occupation-requirements", help=APPLY_HELP)(apply_occupation_requirements)
    app.command("map-titles")(map_titles)
