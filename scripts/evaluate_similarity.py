"""Reproduce the role-similarity validation figures of docs/similarity.md.

    .venv/bin/python scripts/evaluate_similarity.py [DATA_DIR] [--transitions DIR] [--timing]

DATA_DIR is the shared data folder (default: ../shared/data next to the repository); only its onet/
and crosswalks/ tables are read. The set-up is the one the product sees after
`talentgraph apply-occupation-requirements`: one role per O*NET occupation that gets requirements
(importance >= 3, 8 to 20 of them, level = O*NET level, weight = importance), mapped to its
occupation, no grades, and the full O*NET reference features. Precision at 10 is averaged over the
roles that have a target.

1. Held-out related occupations (always): 5 folds by occupation (sorted codes, every fifth). For
   the fold's occupations the related-occupations signal is removed; the other weights are tuned
   on the other folds' occupations, with the related signal off, to recover their O*NET
   Primary-Short + Primary-Long list; the figure is precision@10 against the held-out lists.
2. Public career-transition data (with --transitions DIR, never shipped): DIR holds
   `asec_to_bls_mobility_edgelist.csv` (observed year-to-year occupation changes in the CPS ASEC)
   and `career_changers_mobility_edgelist.csv` (O*NET's former Career Changers Matrix), both keyed
   by BLS OES codes (SOC 2010), as in the replication data of del Rio-Chanona et al.'s labour ABM
   (github.com/RMariaDelRioChanona/CanadaLaborApplication, labour_abm_canada/data/ONET/). Roles
   map to those codes through O*NET-SOC 2019 -> 2010 -> SOC 2010 (detailed, else broad / minor
   group). A listed role agrees when its code is among the origin's top-10 CPS destinations
   (self excluded), or among its Career Changers targets. The related weight is chosen on the
   training folds (mean of both data sets) and reported on the test folds.
3. With --timing: one query at 5,000 roles (the 879 occupation roles and 4,121 derived ones).

Deterministic: folds, grids and the order of search are fixed; no random numbers but --timing's
(seeded).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graph.importing.reference_files import find_table, read_table  # noqa: E402
from graph.scoring.fit import Needs  # noqa: E402
from graph.scoring.occupation_signals import (  # noqa: E402
    OccupationFeatures,
    OccupationSignals,
    RelatedOccupation,
    Signal,
)
from graph.scoring.similarity import (  # noqa: E402
    DEFAULT_WEIGHTS,
    RoleFeatures,
    SimilarityModel,
    Weights,
    occupation_evidence,
)

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

CODE = "O*NET-SOC Code"
K = 10
FOLDS = 5
#: Candidate values per content weight (text is the unit); searched coordinate by coordinate.
GRID: dict[str, tuple[float, ...]] = {
    "profile": (0.0, 0.1, 0.25, 0.5, 1.0),
    "knowledge": (0.0, 0.1, 0.25, 0.5, 1.0),
    "family": (0.0, 0.05, 0.1, 0.2, 0.4),
    "overlap": (0.02, 0.05, 0.1, 0.2, 0.4),
    "zone_step": (0.0, 0.025, 0.05, 0.1, 0.15),
}
RELATED_GRID = (0.25, 0.5, 1.0, 2.0, 4.0)


def _float(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _table(directory: Path, name: str, columns: list[str]) -> list[dict[str, str]]:
    path = find_table(directory, name)
    if path is None:
        raise SystemExit(f"{name} not found under {directory}")
    return list(read_table(path, columns))


def load_occupations(onet: Path) -> list[OccupationFeatures]:
    """Every occupation with the features the O*NET import writes (graph/importing/onet.py)."""
    titles = {r[CODE]: r["Title"] for r in _table(onet, "Occupation Data.txt", [CODE, "Title"])}
    zones = {
        r[CODE]: int(r["Job Zone"])
        for r in _table(onet, "Job Zones.txt", [CODE, "Job Zone"])
        if r["Job Zone"].isdigit()
    }
    ratings: dict[str, dict[str, dict[str, tuple[float, float]]]] = {}
    columns = [CODE, "Element ID", "Scale ID", "Data Value", "Not Relevant"]
    for name, kind in (("Skills.txt", "skills"), ("Knowledge.txt", "knowledge")):
        importances: dict[tuple[str, str], float | None] = {}
        levels: dict[tuple[str, str], float | None] = {}
        not_relevant: set[tuple[str, str]] = set()
        for r in _table(onet, name, columns):
            key = (r[CODE], r["Element ID"])
            if r["Scale ID"] == "IM":
                importances[key] = _float(r["Data Value"])
            elif r["Scale ID"] == "LV":
                levels[key] = _float(r["Data Value"])
                if r["Not Relevant"] == "Y":
                    not_relevant.add(key)
        for key, importance in importances.items():
            level = levels.get(key)
            if importance is not None and level is not None and key not in not_relevant:
                by_kind = ratings.setdefault(key[0], {"skills": {}, "knowledge": {}})
                by_kind[kind][key[1]] = (importance, level)
    tasks: dict[str, list[str]] = defaultdict(list)
    for r in _table(onet, "Task Statements.txt", [CODE, "Task"]):
        if r["Task"]:
            tasks[r[CODE]].append(r["Task"])
    related: dict[str, list[RelatedOccupation]] = defaultdict(list)
    for r in _table(
        onet,
        "Related Occupations.txt",
        [CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index"],
    ):
        rank = int(r["Index"]) if r["Index"].isdigit() else None
        link = RelatedOccupation(r["Related O*NET-SOC Code"], r["Relatedness Tier"] or None, rank)
        related[r[CODE]].append(link)
    return [
        OccupationFeatures(
            code=code,
            title=title,
            job_zone=zones.get(code),
            skills=ratings.get(code, {}).get("skills", {}),
            knowledge=ratings.get(code, {}).get("knowledge", {}),
            tasks=tuple(tasks.get(code, ())),
            related=tuple(related.get(code, ())),
        )
        for code, title in sorted(titles.items())
    ]


def derived_requirements(occupation: OccupationFeatures) -> list[tuple[str, float, float]]:
    """(skill, level, weight) as cypher/occupations/apply_requirements.cypher gives a role."""
    eligible = sorted(
        (
            (element, importance, level)
            for element, (importance, level) in {
                **occupation.skills,
                **occupation.knowledge,
            }.items()
            if level > 0
        ),
        key=lambda e: (-e[1], e[0]),
    )
    passing = [e for e in eligible if e[1] >= 3.0]
    picks = (passing if len(passing) >= 8 else eligible[:8])[:20]
    return [(element, level, importance) for element, importance, level in picks]


class Bench:
    """The evaluation set: one role per occupation with requirements, and fast score matrices."""

    def __init__(self, occupations: Sequence[OccupationFeatures]) -> None:
        self.occupations = list(occupations)
        self.roles = [
            RoleFeatures(o.code, None, o.code, Needs(derived_requirements(o)))
            for o in occupations
            if derived_requirements(o)
        ]
        self.codes = [r.id for r in self.roles]
        self.n = len(self.codes)
        self.model = SimilarityModel(self.roles, occupations, DEFAULT_WEIGHTS)
        assert list(self.model.ids) == self.codes == list(self.model.signals.codes)
        self.signals = self.model.signals
        self.overlap = np.stack([self.model.overlaps(i) for i in range(self.n)])
        np.fill_diagonal(self.overlap, 0.0)
        by_code = {o.code: o for o in occupations}
        self.related_top = np.zeros((self.n, self.n), dtype=np.bool_)
        for i, code in enumerate(self.codes):
            links = sorted(
                (link for link in by_code[code].related if link.code in self.model.index),
                key=lambda link: link.rank or 99,
            )
            for link in links:
                if link.tier in ("Primary-Short", "Primary-Long"):
                    self.related_top[i, self.model.index[link.code]] = True
        # O*NET's list alone: its links in rank order (first 10 that are roles).
        self.related_alone = np.zeros((self.n, self.n), dtype=np.float64)
        for i, code in enumerate(self.codes):
            for link in by_code[code].related:
                j = self.model.index.get(link.code)
                if j is not None and j != i:
                    self.related_alone[i, j] = 100.0 - (link.rank or 99)

    def scores(self, weights: Weights, hide_related: Bools | None = None) -> Floats:
        """Similarity of every role pair (rows: query), as SimilarityModel.scores gives it."""
        signals = self.signals
        if hide_related is not None:
            available = signals.related.available & ~hide_related[:, None]
            signals = _with_related(signals, Signal(signals.related.values, available))
        numerator, denominator = occupation_evidence(signals, weights)
        zone = np.where(signals.zone_known, 1.0 - weights.zone_step * signals.zone_distance, 1.0)
        out = (numerator + weights.overlap * self.overlap) / (denominator + weights.overlap)
        out = np.clip(out * zone, 0.0, 1.0)
        np.fill_diagonal(out, 0.0)
        return out


def _with_related(signals: OccupationSignals, related: Signal) -> OccupationSignals:
    copy = object.__new__(OccupationSignals)
    copy.__dict__.update(signals.__dict__)
    copy.related = related
    return copy


def top_k(scores: Floats, row: int, k: int = K, exclude: Bools | None = None) -> list[int]:
    """The k best columns of a row by score desc, then column (= role id) asc; score > 0 only."""
    values = scores[row].copy()
    values[row] = 0.0
    if exclude is not None:
        values[exclude[row]] = 0.0
    candidates = np.flatnonzero(values > 0)
    order = candidates[np.lexsort((candidates, -values[candidates]))]
    return [int(j) for j in order[:k]]


def precision(
    scores: Floats, hits: Bools, rows: Sequence[int], exclude: Bools | None = None
) -> float:
    """Mean over rows of |top 10 ∩ hits| / 10 (an empty slot counts as a miss)."""
    if not rows:
        return float("nan")
    total = sum(int(hits[i, top_k(scores, i, K, exclude)].sum()) for i in rows)
    return total / (K * len(rows))


def fold_rows(n: int) -> list[list[int]]:
    return [[i for i in range(n) if i % FOLDS == f] for f in range(FOLDS)]


def tune_content(bench: Bench, rows: Sequence[int]) -> Weights:
    """Coordinate search (two passes, fixed order and grids) of the content weights on `rows`,
    with the related signal off, to recover their O*NET related lists."""
    weights = replace(DEFAULT_WEIGHTS, related=0.0, text=1.0)
    best = precision(bench.scores(weights), bench.related_top, rows)
    for _ in range(2):
        for name, grid in GRID.items():
            for value in grid:
                trial = replace(weights, **{name: value})  # type: ignore[arg-type]
                score = precision(bench.scores(trial), bench.related_top, rows)
                if score > best + 1e-12:
                    best, weights = score, trial
    return weights


def held_out_related(bench: Bench) -> list[Weights]:
    print("1. Held-out O*NET related occupations (precision@10 vs Primary-Short + Primary-Long)")
    chosen, scores = [], []
    everyone = set(range(bench.n))
    for f, test in enumerate(fold_rows(bench.n)):
        train = sorted(everyone - set(test))
        weights = tune_content(bench, train)
        hide = np.zeros(bench.n, dtype=np.bool_)
        hide[test] = True
        # The composite with the fold's related lists removed: what the other signals recover.
        score = precision(
            bench.scores(replace(weights, related=1.0), hide), bench.related_top, test
        )
        scores.append(score)
        chosen.append(weights)
        print(f"   fold {f}: {_describe(weights)}  test P@10 = {score:.3f}")
    overlap = precision(bench.overlap, bench.related_top, range(bench.n))
    print(f"   other signals, held out (mean of folds): {np.mean(scores):.3f}")
    print(f"   requirement overlap alone:               {overlap:.3f}")
    return chosen


def _describe(w: Weights) -> str:
    return (
        f"related={w.related:g} text={w.text:g} profile={w.profile:g} "
        f"knowledge={w.knowledge:g} family={w.family:g} overlap={w.overlap:g} "
        f"zone_step={w.zone_step:g}"
    )


def _soc2010(data: Path) -> dict[str, set[str]]:
    path = data / "crosswalks" / "onet_2010_to_2019_Crosswalk.semicolon.csv"
    out: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for r in csv.DictReader(handle, delimiter=";"):
            out[r["soc2019_code"].strip()].add(r["soc2010_code"].strip()[:7])
    return out


def _edges(path: Path, weight: str) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(dict)
    with path.open(newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["OCC_source"] != r["OCC_target"]:
                out[r["OCC_source"]][r["OCC_target"]] = float(r[weight])
    return out


def _top_destinations(flows: dict[str, float]) -> set[str]:
    """The K destinations with the largest transition shares (then code)."""
    return set(sorted(flows, key=lambda t: (-flows[t], t))[:K])


def transition_targets(bench: Bench, data: Path, directory: Path) -> tuple[dict[str, Bools], Bools]:
    """Per data set, hits[i, j]: role j's code is a destination of role i's; and same-code pairs."""
    asec = _edges(
        directory / "asec_to_bls_mobility_edgelist.csv", "transition_prob_BLS_ASECnorm_corr"
    )
    changers = _edges(directory / "career_changers_mobility_edgelist.csv", "trans_prob_cc")
    known = set(asec) | set(changers)
    known |= {t for d in (*asec.values(), *changers.values()) for t in d}

    def bls(soc: str) -> str | None:
        for key in (soc, soc[:6] + "0", soc[:5] + "00", soc[:4] + "000"):
            if key in known:
                return key
        return None

    crosswalk = _soc2010(data)
    groups = [{b for s in crosswalk.get(c, ()) if (b := bls(s))} for c in bench.codes]
    sets = {
        "CPS ASEC top-10 destinations": [
            set().union(*(_top_destinations(asec.get(b, {})) for b in g)) for g in groups
        ],
        "O*NET Career Changers Matrix": [
            set().union(*(set(changers.get(b, {})) for b in g)) for g in groups
        ],
    }
    out = {}
    for name, targets in sets.items():
        hits = np.zeros((bench.n, bench.n), dtype=np.bool_)
        for i, wanted in enumerate(targets):
            if wanted:
                hits[i] = [bool(groups[j] & wanted) for j in range(bench.n)]
        out[name] = hits
    same = np.array([[bool(a & b) for b in groups] for a in groups], dtype=np.bool_)
    return out, same


def public_data(bench: Bench, data: Path, directory: Path, content: list[Weights]) -> None:
    print("2. Public career-transition data (precision@10; siblings = roles in the same BLS code)")
    targets, same = transition_targets(bench, data, directory)
    valid = {name: [i for i in range(bench.n) if hits[i].any()] for name, hits in targets.items()}

    def mean_score(scores: Floats, rows: Sequence[int]) -> float:
        return float(
            np.mean(
                [
                    precision(scores, h, [i for i in rows if i in set(valid[n])])
                    for n, h in targets.items()
                ]
            )
        )

    folds = fold_rows(bench.n)
    chosen = []
    for f in range(len(folds)):
        train = [i for i in range(bench.n) if i % FOLDS != f]
        base = content[f]
        best = max(
            RELATED_GRID,
            key=lambda wr: (mean_score(bench.scores(replace(base, related=wr)), train), -wr),
        )
        chosen.append(best)
    print(f"   related weight chosen per fold (training folds): {chosen}")
    composite_cv = np.zeros((bench.n, bench.n))
    for f, test in enumerate(folds):
        scores = bench.scores(replace(content[f], related=chosen[f]))
        composite_cv[test] = scores[test]
    methods: list[tuple[str, Callable[[], Floats]]] = [
        ("requirement overlap alone", lambda: bench.overlap),
        ("O*NET related list alone", lambda: bench.related_alone),
        ("O*NET related, primary tiers", lambda: bench.related_top * bench.related_alone),
        ("other signals (no related)", lambda: bench.scores(replace(DEFAULT_WEIGHTS, related=0.0))),
        ("composite, test folds", lambda: composite_cv),
        ("composite, DEFAULT_WEIGHTS", lambda: bench.scores(DEFAULT_WEIGHTS)),
    ]
    print("   related weight (other weights as DEFAULT_WEIGHTS), all roles:")
    for wr in (0.0, *RELATED_GRID, 8.0):
        scores = bench.scores(replace(DEFAULT_WEIGHTS, related=wr))
        cells = "  ".join(f"{precision(scores, h, valid[n]):.3f}" for n, h in targets.items())
        print(f"     related={wr:<5g} {cells}")
    for name, hits in targets.items():
        print(f"   {name} ({len(valid[name])} roles with a target)")
        for label, make in methods:
            scores = make()
            kept = precision(scores, hits, valid[name])
            nosib = precision(scores, hits, valid[name], exclude=same)
            print(f"     {label:30s} {kept:.3f}   siblings left out: {nosib:.3f}")


def check_model(bench: Bench) -> None:
    """The fast matrices above and SimilarityModel.similar agree on every role's top 10."""
    scores = bench.scores(DEFAULT_WEIGHTS)
    for i, code in enumerate(bench.codes):
        listed = [bench.model.index[s.role_id] for s in bench.model.similar(code, K)]
        assert listed == top_k(scores, i), code
    full = precision(scores, bench.related_top, range(bench.n))
    print(f"   DEFAULT_WEIGHTS with related lists present, vs the same lists: {full:.3f}")
    print(f"   SimilarityModel.similar agrees with the matrices on all {bench.n} roles")


def timing(bench: Bench) -> None:
    rng = np.random.default_rng(7)
    roles = list(bench.roles)
    while len(roles) < 5000:
        base = bench.roles[int(rng.integers(bench.n))]
        keep = [
            (s, lv / 10_000, w / 10_000)
            for s, lv, w in zip(
                base.needs.skill_ids, base.needs.levels, base.needs.weights, strict=True
            )
            if rng.random() < 0.8
        ]
        linked = rng.random() < 0.7
        roles.append(
            RoleFeatures(
                f"r{len(roles):05d}",
                int(rng.integers(1, 10)),
                base.occupation_code if linked else None,
                Needs(keep),
            )
        )
    started = time.perf_counter()
    model = SimilarityModel(roles, bench.occupations, DEFAULT_WEIGHTS)
    built = time.perf_counter() - started
    mask = model.mask(model.ids[::2])
    ids = [model.ids[int(i)] for i in rng.integers(len(model), size=2000)]
    started = time.perf_counter()
    for role_id in ids:
        model.similar(role_id, 10)
    plain = (time.perf_counter() - started) / len(ids)
    started = time.perf_counter()
    for role_id in ids:
        model.similar(role_id, 10, mask)
    masked = (time.perf_counter() - started) / len(ids)
    print(
        f"3. At {len(model):,} roles: build {built:.2f} s; one query {plain * 1000:.3f} ms "
        f"({masked * 1000:.3f} ms with a mask)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--transitions", type=Path, help="folder with the public edge lists")
    parser.add_argument("--timing", action="store_true")
    args = parser.parse_args(argv)
    occupations = load_occupations(args.data / "onet")
    bench = Bench(occupations)
    print(f"{bench.n} roles (one per occupation with requirements), {len(occupations)} occupations")
    content = held_out_related(bench)
    print(f"   tuned on all occupations: {_describe(tune_content(bench, range(bench.n)))}")
    print(f"   DEFAULT_WEIGHTS:          {_describe(DEFAULT_WEIGHTS)}")
    check_model(bench)
    if args.transitions:
        public_data(bench, args.data, args.transitions, content)
    if args.timing:
        timing(bench)
    return 0


if __name__ == "__main__":
    sys.exit(main())
