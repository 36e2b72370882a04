"""Published exposure scores, loaded by `talentgraph import onet` after the O*NET tables:
"GPTs are GPTs" (occupation level, and task labels as beta: E1 = 1, E2 = 0.5, E0 = 0) and
Microsoft's AI applicability through the BLS NEM crosswalk (O*NET-SOC code -> NEM code; an O*NET
code the crosswalk lacks falls back to its 6-digit SOC prefix)."""

from __future__ import annotations

from pathlib import Path

from graph.exposure import GPTS_COLUMNS, TASK_LABEL_BETA
from graph.importing.onet_tables import (
    CODE,
    GPTS_OCCUPATIONS,
    GPTS_TASKS,
    MICROSOFT,
    NEM_CROSSWALK,
    BatchWriter,
    OnetImportReport,
    SourceReport,
    keyed,
    skipped,
    table,
    task_id,
    to_float,
)
from graph.repositories import reference

ONET = "O*NET-SOC 2019"


async def gpts_are_gpts(
    directory: Path, report: OnetImportReport, writer: BatchWriter, known: set[str]
) -> bool:
    """Occupation-level scores, then task labels; whether the occupation table was there."""
    onet = ONET
    loaded = False
    path, rows = table(directory, GPTS_OCCUPATIONS, [CODE, *GPTS_COLUMNS])
    if path is None:
        skipped(report, "gpts occupations", GPTS_OCCUPATIONS, onet)
    else:
        source = keyed(
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
            {"code": r[CODE], **{keys[c]: to_float(r[c]) for c in GPTS_COLUMNS}}
            for r in rows
            if r[CODE] in known
        ]
        await writer.write("gpts occupations", reference.SET_GPTS_EXPOSURE, scores)
        loaded = True
        source.note = ", ".join(s.value for s in GPTS_COLUMNS.values())
    path, rows = table(
        directory, GPTS_TASKS, [CODE, "Task ID", "human_exposure_agg", "gpt4_exposure"]
    )
    if path is None:
        skipped(report, "gpts task labels", GPTS_TASKS, "O*NET Task ID")
    else:
        labels = []
        for r in rows:
            found_id = task_id(r["Task ID"])
            if found_id is None:
                continue
            labels.append(
                {
                    "id": found_id,
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

    return loaded


async def microsoft_ai_applicability(
    directory: Path, report: OnetImportReport, writer: BatchWriter, known: set[str]
) -> bool:
    """Scores per SOC code, crosswalked to O*NET codes; whether the table was there."""
    onet = ONET
    path, rows = table(directory, MICROSOFT, ["SOC Code", "ai_applicability_score"])
    if path is None:
        skipped(report, "microsoft ai applicability", MICROSOFT, "SOC 2018 / BLS NEM")
        return False
    by_soc = {r["SOC Code"]: to_float(r["ai_applicability_score"]) for r in rows}
    nem: dict[str, str] = {}
    crosswalk_path, crosswalk = table(directory, NEM_CROSSWALK, [CODE, "NEM Code"])
    if crosswalk_path is None:
        skipped(report, "bls nem crosswalk", NEM_CROSSWALK, onet)
    else:
        keyed(
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

    return True
