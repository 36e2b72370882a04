"""Imports (organisation CSVs, the demo organisation, O*NET reference data, role tasks, occupation
links and requirements): admin only, each audited once it ends with what it wrote, or with the
error's code when it fails.

An import writes in many batched transactions, so its audit event is written after the last one
(or after the failure), not inside them. A CSV import that stops part way is audited with what it
wrote (files complete, rows of the one in progress); given a spool, its event is kept on disk
until the database has it (graph/services/audit/spool.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from graph.auth import Principal
from graph.db import Database
from graph.importing.csv_import import ImportRejected, ImportReport, import_directory
from graph.importing.onet import MAX_REQUIREMENTS, MIN_IMPORTANCE, MIN_REQUIREMENTS
from graph.importing.onet_tables import OnetImportReport
from graph.importing.progress import ImportProgress
from graph.importing.rows import DEFAULT_CLOCK_SKEW
from graph.importing.title_mapping import (
    MIN_LEAD,
    MIN_SCORE,
    Status,
    TitleIndex,
    TitleMatch,
    TitleResult,
    read_titles,
    write_results,
)
from graph.importing.title_mapping import map_titles as match_titles
from graph.importing.writer import Advance
from graph.services import access, audit
from graph.services.audit.spool import AuditSpool

OnFile = Callable[[str, int], None]

#: What interfaces see of imports (they call this module, never graph/importing/ itself).
__all__ = [
    "MAX_REQUIREMENTS",
    "MIN_IMPORTANCE",
    "MIN_LEAD",
    "MIN_REQUIREMENTS",
    "MIN_SCORE",
    "ImportProgress",
    "ImportRejected",
    "ImportReport",
    "OnetImportReport",
    "Status",
    "TitleMatch",
    "TitleResult",
    "apply_occupation_requirements",
    "ensure_reference_data",
    "import_csv",
    "import_onet",
    "import_role_tasks",
    "link_occupations",
    "load_demo",
    "map_titles",
    "write_demo_csv",
]


async def import_csv(
    db: Database,
    directory: Path,
    batch_size: int,
    on_file: OnFile | None = None,
    advance: Advance | None = None,
    *,
    principal: Principal,
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
    progress: ImportProgress | None = None,
    spool: AuditSpool | None = None,
) -> ImportReport:
    """`talentgraph import DIR`: validate every row, then upsert them all (or write nothing).

    Pass `progress` to learn what was written if this raises part way (the audit event says it too).
    """
    progress = ImportProgress() if progress is None else progress
    target = str(directory)
    async with audit.audited(db, principal, "import.csv", target, spool=spool) as detail:
        try:
            access.require(principal, access.ADMIN_ONLY, "importing data")
            report = await import_directory(
                db,
                directory,
                batch_size,
                on_file,
                advance,
                clock_skew=clock_skew,
                progress=progress,
            )
        except ImportRejected as rejected:
            detail["issues"] = len(rejected.issues)
            detail["written"] = {}
            raise
        except BaseException:
            detail.update(progress.audit())
            raise
        detail["rows"] = dict(report.files)
        detail["sha256"] = report.sha256
        if report.changed:
            detail["changedDuringImport"] = report.changed
    return report


async def load_demo(
    db: Database,
    employees: int,
    seed: int,
    batch_size: int,
    advance: Advance | None = None,
    *,
    principal: Principal,
) -> dict[str, int]:
    """Generate the demo organisation and import it; rows per file."""
    from graph.demo import load_demo as load

    target = f"demo:{employees}@{seed}"
    async with audit.audited(db, principal, "import.demo", target) as detail:
        access.require(principal, access.ADMIN_ONLY, "importing data")
        counts = await load(db, employees, seed, batch_size, advance)
        detail["rows"] = counts
    return counts


async def import_onet(
    db: Database,
    directory: Path | None,
    batch_size: int,
    on_step: Callable[[str, int], None] | None = None,
    advance: Advance | None = None,
    *,
    principal: Principal,
) -> OnetImportReport:
    """O*NET occupations, skills, tasks and exposure scores from `directory` (default: shipped)."""
    from graph.importing.onet import import_onet as run

    target = str(directory) if directory else "shipped"
    async with audit.audited(db, principal, "import.onet", target) as detail:
        access.require(principal, access.ADMIN_ONLY, "importing data")
        report = await run(db, directory, batch_size, on_step, advance)
        detail["linkedRoles"] = report.linked_roles
    return report


async def ensure_reference_data(
    db: Database,
    batch_size: int,
    on_step: Callable[[str, int], None] | None = None,
    advance: Advance | None = None,
    *,
    principal: Principal,
) -> bool:
    """Import the shipped O*NET data unless already loaded; audited only when it imports."""
    from graph.importing.onet import reference_loaded

    if await reference_loaded(db):
        return False
    await import_onet(db, None, batch_size, on_step, advance, principal=principal)
    return True


async def import_role_tasks(
    db: Database, path: Path, batch_size: int, *, principal: Principal
) -> int:
    """A role task list (PERFORMS); every row validated first."""
    from graph.importing.role_tasks import import_role_tasks as run

    async with audit.audited(db, principal, "import.role-tasks", str(path)) as detail:
        try:
            access.require(principal, access.ADMIN_ONLY, "importing data")
            written = await run(db, path, batch_size)
        except ImportRejected as rejected:
            detail["issues"] = len(rejected.issues)
            raise
        detail["rows"] = written
    return written


async def link_occupations(db: Database, *, principal: Principal) -> int:
    """(Re)link every role to the O*NET occupation its occupationCode names; how many map."""
    from graph.importing.onet import link_occupations as link

    async with audit.audited(db, principal, "import.link-occupations", "roles") as detail:
        access.require(principal, access.ADMIN_ONLY, "linking occupations")
        linked = await link(db)
        detail["linkedRoles"] = linked
    return linked


async def apply_occupation_requirements(db: Database, *, principal: Principal) -> tuple[int, int]:
    """Roles with an occupation and no requirements take the occupation's: (roles, requirements)."""
    from graph.importing.onet import apply_occupation_requirements as apply

    async with audit.audited(db, principal, "import.occupation-requirements", "roles") as detail:
        access.require(principal, access.ADMIN_ONLY, "applying occupation requirements")
        roles, requirements = await apply(db)
        detail.update(roles=roles, requirements=requirements)
    return roles, requirements


def write_demo_csv(employees: int, seed: int, folder: Path) -> dict[str, int]:
    """The demo organisation as importable CSV files in `folder` (no database); rows per file."""
    from graph.demo import generate_demo, write_csv_dir

    return write_csv_dir(generate_demo(employees, seed), folder)


def map_titles(
    titles_file: Path,
    top: int,
    data: Path | None = None,
    out: Path | None = None,
    min_score: float = MIN_SCORE,
    min_lead: float = MIN_LEAD,
) -> list[TitleResult]:
    """A result for every job title in `titles_file`, in order (no database): mapped to an O*NET-SOC
    code when the best match is strong, else unmapped with the best guesses; written to `out` as
    CSV too when given."""
    index = TitleIndex.load(data)
    results = match_titles(index, read_titles(titles_file), top, min_score, min_lead)
    if out is not None:
        write_results(results, out)
    return results
