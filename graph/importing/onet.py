"""`talentgraph import onet [DIR]`: O*NET occupations and published exposure scores into the graph.

What is written (all MERGEd, so a second run changes nothing):
- `Occupation {code, title, jobZone}` from Occupation Data and Job Zones;
- `Skill {id = onetElementId = element id}` for the Skills and Knowledge elements, category SKILL /
  KNOWLEDGE (the ids the demo generator uses; an existing skill keeps its name and category);
- `(Occupation)-[:REQUIRES {importance, level}]->(Skill)`: importance (IM, 1-5) and level (LV, 0-7),
  left out where O*NET flags the level Not Relevant;
- `(Occupation)-[:HAS_TASK]->(Task {id: "onet:<Task ID>", statement, taskType, onetTaskId})`;
- `Task.exposure` (human labels) and `Task.exposureGpt4` from "GPTs are GPTs" task labels, as beta
  (E1 = 1, E2 = 0.5, E0 = 0);
- `(Occupation)-[:RELATED_TO {tier, rank}]->(Occupation)`;
- occupation-level exposure, one property per source (`graph.exposure.OCCUPATION_PROPERTY`):
  "GPTs are GPTs" occ_level.csv, and Microsoft's AI applicability through the BLS NEM crosswalk
  (O*NET-SOC code -> NEM code; an O*NET code the crosswalk lacks falls back to its 6-digit SOC prefix);
- a `ReferenceData {id: "onet"}` record once everything is in, then `MAPS_TO` links for every role
  whose occupationCode names a loaded occupation.

Only `Occupation Data.txt` is required; any other table missing from DIR is skipped and reported.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.errors import BadUserInput
from graph.importing.exposure_sources import gpts_are_gpts, microsoft_ai_applicability
from graph.importing.onet_tables import (
    CODE,
    JOB_ZONES,
    KNOWLEDGE,
    OCCUPATIONS,
    RELATED,
    SKILLS,
    TASK_ID_PREFIX,
    TASKS,
    Advance,
    BatchWriter,
    OnetImportReport,
    OnStep,
    Params,
    SourceReport,
    keyed,
    skipped,
    table,
    task_id,
    to_float,
)
from graph.importing.reference_files import SHIPPED_DIR, find_table
from graph.repositories import reference

RELEASE = "O*NET 29.3"
MARKER_ID = "onet"

#: Occupation requirements a role without its own takes (same rule as the demo generator).
MIN_IMPORTANCE = 3.0
MIN_REQUIREMENTS = 8
MAX_REQUIREMENTS = 20


def _requirements(
    rows: list[Params], category: str, known: set[str]
) -> tuple[list[Params], dict[str, Params]]:
    """Pairs (occupation, element) with both importance and a relevant level; and the elements."""
    ratings: dict[tuple[str, str], dict[str, Any]] = {}
    elements: dict[str, Params] = {}
    for row in rows:
        code, element = row[CODE], row["Element ID"]
        elements.setdefault(
            element, {"id": element, "name": row["Element Name"], "category": category}
        )
        if code not in known:
            continue
        rating = ratings.setdefault((code, element), {})
        if row["Scale ID"] == "IM":
            rating["importance"] = to_float(row["Data Value"])
        elif row["Scale ID"] == "LV":
            rating["level"] = to_float(row["Data Value"])
            rating["not_relevant"] = row["Not Relevant"] == "Y"
    pairs = [
        {"code": code, "skill_id": element, "importance": r["importance"], "level": r["level"]}
        for (code, element), r in sorted(ratings.items())
        if r.get("importance") is not None
        and r.get("level") is not None
        and not r.get("not_relevant")
    ]
    return pairs, elements


async def import_onet(
    db: Database,
    directory: Path | None = None,
    batch_size: int = 5000,
    on_step: OnStep | None = None,
    advance: Advance | None = None,
) -> OnetImportReport:
    """Load the reference tables found in `directory` (default: the shipped data); idempotent."""
    from graph.repositories.schema import migrate

    started = time.monotonic()
    directory = directory or SHIPPED_DIR
    if not directory.is_dir():
        raise BadUserInput(f"{directory} is not a directory", field="directory")
    if find_table(directory, OCCUPATIONS) is None:
        raise BadUserInput(f"{directory} holds no {OCCUPATIONS!r} (O*NET)", field="directory")
    await migrate(db)
    report = OnetImportReport(directory=directory)
    writer = BatchWriter(db, batch_size, on_step, advance)
    onet = "O*NET-SOC 2019"

    # Occupations and job zones.
    _, occupation_rows = table(directory, OCCUPATIONS, [CODE, "Title"])
    occupations = {
        r[CODE]: {"code": r[CODE], "title": r["Title"], "job_zone": None} for r in occupation_rows
    }
    known = set(occupations)
    keyed(report, "occupations", OCCUPATIONS, onet, occupations, known)
    path, zones = table(directory, JOB_ZONES, [CODE, "Job Zone"])
    if path is None:
        skipped(report, "job zones", JOB_ZONES, onet)
    else:
        keyed(report, "job zones", JOB_ZONES, onet, (r[CODE] for r in zones), known)
        for r in zones:
            if r[CODE] in occupations and r["Job Zone"].isdigit():
                occupations[r[CODE]]["job_zone"] = int(r["Job Zone"])
    await writer.write("occupations", reference.UPSERT_OCCUPATIONS, list(occupations.values()))
    report.written["occupations"] = len(occupations)

    # Skills and knowledge: elements, then requirements.
    pairs: list[Params] = []
    elements: dict[str, Params] = {}
    columns = [CODE, "Element ID", "Element Name", "Scale ID", "Data Value", "Not Relevant"]
    for name, file, category in (
        ("skills", SKILLS, "SKILL"),
        ("knowledge", KNOWLEDGE, "KNOWLEDGE"),
    ):
        path, rows = table(directory, file, columns)
        if path is None:
            skipped(report, name, file, onet)
            continue
        source = keyed(report, name, file, onet, (r[CODE] for r in rows), known)
        found, found_elements = _requirements(rows, category, known)
        source.note = f"{len(found):,} requirements (level Not Relevant left out)"
        pairs.extend(found)
        elements.update(found_elements)
    await writer.write(
        "skills", reference.UPSERT_SKILLS, sorted(elements.values(), key=lambda e: e["id"])
    )
    await writer.write("requirements", reference.UPSERT_REQUIREMENTS, pairs)
    report.written["skills"] = len(elements)
    report.written["requirements"] = len(pairs)

    # Tasks.
    task_ids: set[str] = set()
    path, rows = table(directory, TASKS, [CODE, "Task ID", "Task", "Task Type"])
    if path is None:
        skipped(report, "tasks", TASKS, onet)
    else:
        keyed(report, "tasks", TASKS, onet, (r[CODE] for r in rows), known)
        tasks = []
        for r in rows:
            found_id = task_id(r["Task ID"])
            if found_id and r[CODE] in known and r["Task"]:
                task_ids.add(found_id)
                tasks.append(
                    {
                        "id": found_id,
                        "code": r[CODE],
                        "statement": r["Task"],
                        "task_type": r["Task Type"] or None,
                        "onet_task_id": int(found_id.removeprefix(TASK_ID_PREFIX)),
                    }
                )
        await writer.write("tasks", reference.UPSERT_TASKS, tasks)
        report.written["tasks"] = len(tasks)

    # Related occupations.
    path, rows = table(
        directory, RELATED, [CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index"]
    )
    if path is None:
        skipped(report, "related occupations", RELATED, onet)
    else:
        related = [
            {
                "code": r[CODE],
                "related_code": r["Related O*NET-SOC Code"],
                "tier": r["Relatedness Tier"] or None,
                "rank": int(r["Index"]) if r["Index"].isdigit() else None,
            }
            for r in rows
        ]
        source = SourceReport("related occupations", RELATED, onet, rows=len(related))
        pairs_known = [r for r in related if r["code"] in known and r["related_code"] in known]
        source.matched = len(
            await writer.write("related occupations", reference.UPSERT_RELATED, pairs_known)
        )
        source.unmatched = sorted(
            {f"{r['code']}->{r['related_code']}" for r in related}
            - {f"{r['code']}->{r['related_code']}" for r in pairs_known}
        )
        report.sources.append(source)
        report.written["related occupations"] = source.matched

    sources = ["onet"]
    if await gpts_are_gpts(directory, report, writer, known):
        sources.append("gpts_are_gpts")
    if await microsoft_ai_applicability(directory, report, writer, known):
        sources.append("microsoft_working_with_ai")

    await db.write(reference.mark_loaded, MARKER_ID, RELEASE, sources)
    report.linked_roles = await link_occupations(db)
    report.seconds = time.monotonic() - started
    return report


async def reference_loaded(db: Database) -> Params | None:
    """{release, sources, importedAt} of the last completed O*NET import, or None."""
    async with db.reading() as tx:
        return await reference.loaded(tx, MARKER_ID)


async def ensure_reference_data(
    db: Database,
    batch_size: int = 5000,
    on_step: OnStep | None = None,
    advance: Advance | None = None,
) -> bool:
    """Import the shipped O*NET and exposure data unless a completed import is recorded.

    Returns whether it imported. Safe to call on every start (one small read when loaded).
    """
    if await reference_loaded(db):
        return False
    await import_onet(db, SHIPPED_DIR, batch_size, on_step, advance)
    return True


async def link_occupations(db: Database) -> int:
    """(Re)link every role to the occupation its occupationCode names; returns how many map."""
    return await db.write(reference.link_all_roles)


async def apply_occupation_requirements(db: Database) -> tuple[int, int]:
    """Roles with an occupation and no requirements take the occupation's; returns (roles, requirements)."""
    return await db.write(
        reference.apply_requirements, MIN_IMPORTANCE, MIN_REQUIREMENTS, MAX_REQUIREMENTS
    )
