"""Comparison with published measures the product may not ship (no licence): Frey–Osborne, AIOE.

A comparison, not a unit test: it reads the shared data folder beside the repository
(`../shared/data`, which CI has) and is skipped only when that folder is missing. Occupation-level
exposure from "GPTs are GPTs" (human_rating_beta, the default dataset) is joined to the other
measures through the crosswalks: SOC 2010 -> SOC 2018 (BLS), then SOC 2018 -> O*NET-SOC 2019 by the
6-digit prefix; an SOC 2010 code reaching several O*NET occupations takes their mean.

What the data says (O*NET 29.3, 682 of Frey–Osborne's 702 occupations joined): GPT exposure is
*negatively* correlated with Frey–Osborne's probability of computerisation (Pearson about -0.38,
Spearman about -0.34). The two measure different things: Frey–Osborne (2013) rates routine
manual and clerical work as most automatable, while LLM exposure is highest in cognitive,
text-heavy, often better-paid work (cashiers 0.97 vs 0.36; accountants 0.94 vs 0.52; roofers
0.90 vs 0.0). Felten et al.'s AI Occupational Exposure, which like GPT exposure scores
cognitive abilities, agrees strongly (Pearson about 0.85, 769 occupations), which also shows the
crosswalk join is sound.
"""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from pathlib import Path

import pytest

from tests.support.paths import SHARED

pytestmark = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"{SHARED} (the shared data folder) is missing"
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _ranks(values: list[float]) -> list[float]:
    """Average ranks (ties share the mean of their positions), for Spearman's rho."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _joined(measure: Path, code: str, value: str) -> tuple[list[float], list[float]]:
    """(other measure, GPT exposure) pairs over the SOC 2010 occupations both cover."""
    to_2018: dict[str, set[str]] = defaultdict(set)
    for r in _rows(SHARED / "crosswalks" / "crosswalk_soc2010_to_soc2018.csv"):
        to_2018[r["2010 SOC Code"].strip()].add(r["2018 SOC Code"].strip())
    gpts: dict[str, list[float]] = defaultdict(list)
    for r in _rows(SHARED / "exposure" / "gpts_are_gpts" / "occ_level.csv"):
        gpts[r["O*NET-SOC Code"][:7]].append(float(r["human_rating_beta"]))
    theirs, ours = [], []
    for r in _rows(measure):
        found = [x for soc in to_2018.get(r[code].strip(), ()) for x in gpts.get(soc, [])]
        if found:
            theirs.append(float(r[value]))
            ours.append(statistics.fmean(found))
    return theirs, ours


def _report(name: str, theirs: list[float], ours: list[float]) -> tuple[float, float]:
    pearson = statistics.correlation(theirs, ours)
    spearman = statistics.correlation(_ranks(theirs), _ranks(ours))
    print(f"\n{name}: n = {len(ours)}, Pearson {pearson:+.3f}, Spearman {spearman:+.3f}")
    return pearson, spearman


def test_gpt_exposure_against_frey_osborne() -> None:
    theirs, ours = _joined(
        SHARED / "exposure" / "frey_osborne_2013" / "frey_osborne_automation_risk_index_clean.csv",
        "SOC code",
        "Probability",
    )
    pearson, spearman = _report("GPTs are GPTs vs Frey–Osborne", theirs, ours)
    assert len(ours) >= 650  # of 702; 17 Frey–Osborne codes are aggregates no crosswalk maps
    # Not the positive relation one might expect: see the module docstring.
    assert -0.5 < pearson < -0.25
    assert -0.5 < spearman < -0.2


def test_gpt_exposure_against_felten_aioe() -> None:
    theirs, ours = _joined(
        SHARED / "exposure" / "felten_aioe" / "AIOE_AppendixA_occupation.converted_from_xlsx.csv",
        "SOC Code",
        "AIOE",
    )
    pearson, spearman = _report("GPTs are GPTs vs AIOE", theirs, ours)
    assert len(ours) >= 700
    assert pearson > 0.7
    assert spearman > 0.7
