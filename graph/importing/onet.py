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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.errors import BadUserInput
from graph.exposure import GPTS_COLUMNS, TASK_LABEL_BETA
from graph.importing.reference_files import SHIPPED_DIR, find_table, read_table
from graph.importing.writer import batched
from graph.repositories import reference

Params = dict[str, Any]
#: (step name, total rows) when a step starts; (step name, rows done) as it advances.
OnStep = Callable[[str, int], None]
Advance = Callable[[str, int], None]

RELEASE = "O*NET 29.3"
MARKER_ID = "onet"
TASK_ID_PREFIX = "onet:"

CODE = "O*NET-SOC Code"
OCCUPATIONS = "Occupation Data.txt"
JOB_ZONES = "Job Zones.txt"
SKILLS = "Skills.txt"
KNOWLEDGE = "Knowledge.txt"
TASKS = "Task Statements.txt"
RELATED = "Related Occupations.txt"
GPTS_OCCUPATIONS = "occ_level.csv"
GPTS_TASKS = "full_labelset.tsv"
MICROSOFT = "soc_ai_applicability_scores.csv"
NEM_CROSSWALK = "bls_nem_onet_to_soc_crosswalk_2023.csv"

#: Occupation requirements a role without its own takes (same rule as the demo generator).
MIN_IMPORTANCE = 3.0
MIN_REQUIREMENTS = 8
MAX_REQUIREMENTS = 20


@dataclass
class SourceReport:
    """How the rows of one table matched the code system they are keyed by."""

    name: str
    file: str
    code_system: str
    rows: int = 0
    matched: int = 0
    unmatched: list[str] = field(default_factory=list)
    note: str = ""
    skipped: bool = False


@dataclass
class OnetImportReport:
    directory: Path
    sources: list[SourceReport] = field(default_factory=list)
    written: dict[str, int] = field(default_factory=dict)
    linked_roles: int = 0
    seconds: float = 0.0

    def source(self, name: str) -> SourceReport:
        return next(s for s in self.sources if s.name == name)

    def unmatched_rows(self) -> list[tuple[str, str, str]]:
        """(source, code system, code) for every row that matched nothing, sorted."""
        return sorted(
            (s.name, s.code_system, code) for s in self.sources for code in sorted(s.unmatched)
        )


class _Writer:
    def __init__(
        self, db: Database, batch_size: int, on_step: OnStep | None, advance: Advance | None
    ) -> None:
        self.db = db
        self.batch_size = batch_size
        self.on_step = on_step
        self.advance = advance

    async def write(self, step: str, query: reference.Query, rows: list[Params]) -> list[Params]:
        """Write rows in batches (a transaction each); returns what the statement returned."""
        if self.on_step:
            self.on_step(step, len(rows))
        returned: list[Params] = []
        done = 0
        for batch in batched(rows, self.batch_size):
            returned.extend(await self.db.write(reference.write_rows, query, batch))
            done += len(batch)
            if self.advance:
                self.advance(step, done)
        return returned


def _float(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _table(directory: Path, name: str, columns: list[str]) -> tuple[Path | None, list[Params]]:
    path = find_table(directory, name)
    return (path, list(read_table(path, columns))) if path else (None, [])


def _skipped(report: OnetImportReport, name: str, file: str, system: str) -> None:
    report.sources.append(
        SourceReport(name, file, system, note=f"{file} not found; skipped", skipped=True)
    )


def _keyed(
    report: OnetImportReport,
    name: str,
    file: str,
    system: str,
    codes: Iterable[str],
    known: set[str],
) -> SourceReport:
    source = SourceReport(name, file, system)
    missing: set[str] = set()
    for code in codes:
        source.rows += 1
        if code in known:
            source.matched += 1
        else:
            missing.add(code)
    source.unmatched = sorted(missing)
    report.sources.append(source)
    return source


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
            rating["importance"] = _float(row["Data Value"])
        elif row["Scale ID"] == "LV":
            rating["level"] = _float(row["Data Value"])
            rating["not_relevant"] = row["Not Relevant"] == "Y"
    pairs = [
        {"code": code, "skill_id": element, "importance": r["importance"], "level": r["level"]}
        for (code, element), r in sorted(ratings.items())
        if r.get("importance") is not None
        and r.get("level") is not None
        and not r.get("not_relevant")
    ]
    return pairs, elements


def _task_id(raw: str) -> str | None:
    """ "8823" or "8823.0" -> "onet:8823"."""
    try:
        return f"{TASK_ID_PREFIX}{int(float(raw))}"
    except ValueError:
        return None


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
    writer = _Writer(db, batch_size, on_step, advance)
    onet = "O*NET-SOC 2019"

    # Occupations and job zones.
    _, occupation_rows = _table(directory, OCCUPATIONS, [CODE, "Title"])
    occupations = {
        r[CODE]: {"code": r[CODE], "title": r["Title"], "job_zone": None} for r in occupation_rows
    }
    known = set(occupations)
    _keyed(report, "occupations", OCCUPATIONS, onet, occupations, known)
    path, zones = _table(directory, JOB_ZONES, [CODE, "Job Zone"])
    if path is None:
        _skipped(report, "job zones", JOB_ZONES, onet)
    else:
        _keyed(report, "job zones", JOB_ZONES, onet, (r[CODE] for r in zones), known)
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
        path, rows = _table(directory, file, columns)
        if path is None:
            _skipped(report, name, file, onet)
            continue
        source = _keyed(report, name, file, onet, (r[CODE] for r in rows), known)
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
    path, rows = _table(directory, TASKS, [CODE, "Task ID", "Task", "Task Type"])
    if path is None:
        _skipped(report, "tasks", TASKS, onet)
    else:
        _keyed(report, "tasks", TASKS, onet, (r[CODE] for r in rows), known)
        tasks = []
        for r in rows:
            task_id = _task_id(r["Task ID"])
            if task_id and r[CODE] in known and r["Task"]:
                task_ids.add(task_id)
                tasks.append(
                    {
                        "id": task_id,
                        "code": r[CODE],
                        "statement": r["Task"],
                        "task_type": r["Task Type"] or None,
                        "onet_task_id": int(task_id.removeprefix(TASK_ID_PREFIX)),
                    }
                )
        await writer.write("tasks", reference.UPSERT_TASKS, tasks)
        report.written["tasks"] = len(tasks)

    # Related occupations.
    path, rows = _table(
        directory, RELATED, [CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index"]
    )
    if path is None:
        _skipped(report, "related occupations", RELATED, onet)
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

    # "GPTs are GPTs": occupation level, then task labels.
    sources: list[str] = ["onet"]
    path, rows = _table(directory, GPTS_OCCUPATIONS, [CODE, *GPTS_COLUMNS])
    if path is None:
        _skipped(report, "gpts occupations", GPTS_OCCUPATIONS, onet)
    else:
        source = _keyed(
            report, "gpts occupations", GPTS_OCCUPATIONS, onet, (r[CODE] for r in rows), known
        )
        keys = {
            "human_rating_alpha": "human_alpha",
            "human_rating_beta": "human_beta",
            "human_rating_gamma": "human_gamma",
            "dv_rating_alpha": "gpt4_alpha",
            "dv_rating_beta": "gpt4_beta",
            "dv_rating_gamma": "gpt4_gamma",
        }
        scores = [
            {"code": r[CODE], **{keys[c]: _float(r[c]) for c in GPTS_COLUMNS}}
            for r in rows
            if r[CODE] in known
        ]
        await writer.write("gpts occupations", reference.SET_GPTS_EXPOSURE, scores)
        sources.append("gpts_are_gpts")
        source.note = ", ".join(s.value for s in GPTS_COLUMNS.values())
    path, rows = _table(
        directory, GPTS_TASKS, [CODE, "Task ID", "human_exposure_agg", "gpt4_exposure"]
    )
    if path is None:
        _skipped(report, "gpts task labels", GPTS_TASKS, "O*NET Task ID")
    else:
        labels = []
        for r in rows:
            task_id = _task_id(r["Task ID"])
            if task_id is None:
                continue
            labels.append(
                {
                    "id": task_id,
                    "exposure": TASK_LABEL_BETA.get(r["human_exposure_agg"]),
                    "exposure_gpt4": TASK_LABEL_BETA.get(r["gpt4_exposure"]),
                }
            )
        source = SourceReport("gpts task labels", GPTS_TASKS, "O*NET Task ID", rows=len(labels))
        matched = {
            row["id"]
            for row in await writer.write("gpts task labels", reference.SET_TASK_EXPOSURE, labels)
        }
        source.matched = len(matched)
        source.unmatched = sorted({str(r["id"]) for r in labels} - matched)
        source.note = "labels of tasks not in this O*NET release match nothing"
        report.sources.append(source)

    # Microsoft AI applicability, through the BLS NEM crosswalk.
    path, rows = _table(directory, MICROSOFT, ["SOC Code", "ai_applicability_score"])
    if path is None:
        _skipped(report, "microsoft ai applicability", MICROSOFT, "SOC 2018 / BLS NEM")
    else:
        by_soc = {r["SOC Code"]: _float(r["ai_applicability_score"]) for r in rows}
        nem: dict[str, str] = {}
        crosswalk_path, crosswalk = _table(directory, NEM_CROSSWALK, [CODE, "NEM Code"])
        if crosswalk_path is None:
            _skipped(report, "bls nem crosswalk", NEM_CROSSWALK, onet)
        else:
            _keyed(
                report,
                "bls nem crosswalk",
                NEM_CROSSWALK,
                onet,
                (r[CODE] for r in crosswalk),
                known,
            )
            nem = {r[CODE]: r["NEM Code"] for r in crosswalk}
        values, used = [], set()
        for code in sorted(known):
            soc = nem.get(code)
            if soc not in by_soc:
                soc = code[:7]
            if soc in by_soc and by_soc[soc] is not None:
                values.append({"code": code, "value": by_soc[soc]})
                used.add(soc)
        written = await writer.write(
            "microsoft ai applicability", reference.SET_MICROSOFT_EXPOSURE, values
        )
        source = SourceReport(
            "microsoft ai applicability",
            MICROSOFT,
            "SOC 2018 / BLS NEM",
            rows=len(by_soc),
            matched=len(used & set(by_soc)),
            unmatched=sorted(set(by_soc) - used),
            note=f"scores {len(written):,} O*NET occupations",
        )
        report.sources.append(source)
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
