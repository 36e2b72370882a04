"""Calibrate and measure `talentgraph map-titles`: when is a title mapped, and how often rightly?

    .venv/bin/python scripts/evaluate_title_mapping.py [DATA_DIR] [--every N]

DATA_DIR is the shared data folder (default: ../shared/data next to the repository); only
onet/Occupation Data.txt and onet/Sample of Reported Titles.txt are read (O*NET 29.3, CC BY 4.0).
O*NET's Alternate Titles file is not among them, so the labelled sample is built from the
reported titles, which the shipped index itself holds; each is therefore matched against an index
that does not:

- **The sample.** Every reported title, labelled with the O*NET-SOC codes O*NET reports it under.
  Titles that normalise alike (`title_mapping.words`: "Nurses" and "Nurse (RN)", say) are one
  sample title, labelled with all their codes; titles that normalise like an occupation's own
  title are left out (the index always holds those). `--every N` keeps every Nth (for quick runs).
- **Held out.** Five folds (sorted titles, every fifth); each fold's titles, with every title
  that normalises alike, are matched against an index of the occupation titles and the other
  folds' reported titles. So every figure is for a title the index has never seen: harder than
  real use, where many employer titles are O*NET's own (those score 1).
- **Right.** A mapped title is right when its code is one O*NET reports the title under.
  Precision = right / mapped; recall = right / all sample titles.
- **Calibration.** A title maps when its best score is at least MIN_SCORE and leads the next
  occupation by at least MIN_LEAD. Both are chosen on a grid by F0.5 (precision counts twice as
  much as recall: a wrongly mapped title may go unnoticed, an unmapped one costs a look at the
  guesses): of the points within one standard error of the best F0.5 (the spread across folds),
  the most precise. The figures reported are cross-validated: each fold is judged with the
  thresholds chosen on the other four. The precision of the best guess by band of score and of
  lead is printed too.

Deterministic: no random numbers.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graph.importing.reference_files import find_table, read_table  # noqa: E402
from graph.importing.title_mapping import (  # noqa: E402
    CODE,
    MIN_LEAD,
    MIN_SCORE,
    Status,
    TitleIndex,
    TitleMatch,
    judge,
    words,
)

FOLDS = 5
SCORES = tuple(round(0.3 + 0.05 * k, 2) for k in range(14))  # 0.30 ... 0.95
LEADS = tuple(round(0.01 * k, 2) for k in range(21))  # 0.00 ... 0.20
BETA = 0.5


@dataclass(frozen=True)
class Sample:
    title: str
    codes: frozenset[str]
    fold: int


@dataclass(frozen=True)
class Outcome:
    sample: Sample
    found: tuple[TitleMatch, ...]

    def mapped(self, min_score: float, min_lead: float) -> bool:
        return judge(self.sample.title, list(self.found), min_score, min_lead) is Status.MAPPED

    @property
    def right(self) -> bool:
        return bool(self.found) and self.found[0].code in self.sample.codes

    @property
    def among_guesses(self) -> bool:
        return any(m.code in self.sample.codes for m in self.found)


@dataclass(frozen=True)
class Figures:
    n: int
    mapped: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.mapped if self.mapped else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.n if self.n else 0.0

    @property
    def f_beta(self) -> float:
        p, r = self.precision, self.recall
        return (1 + BETA**2) * p * r / (BETA**2 * p + r) if p + r else 0.0


def _key(title: str) -> str:
    return " ".join(sorted(set(words(title))))


def load(onet: Path) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(occupation code -> title, [(code, reported title)]) from an O*NET folder."""
    occupations_path = find_table(onet, "Occupation Data.txt")
    reported_path = find_table(onet, "Sample of Reported Titles.txt")
    if occupations_path is None or reported_path is None:
        raise SystemExit(f"{onet} lacks Occupation Data.txt or Sample of Reported Titles.txt")
    occupations = {r[CODE]: r["Title"] for r in read_table(occupations_path, [CODE, "Title"])}
    reported = [
        (r[CODE], r["Reported Job Title"])
        for r in read_table(reported_path, [CODE, "Reported Job Title"])
    ]
    return occupations, reported


def labelled_sample(
    occupations: dict[str, str], reported: list[tuple[str, str]], every: int = 1
) -> list[Sample]:
    own = {_key(title) for title in occupations.values()}
    codes: dict[str, set[str]] = defaultdict(set)
    first: dict[str, str] = {}
    for code, title in reported:
        key = _key(title)
        if key and key not in own:
            codes[key].add(code)
            first.setdefault(key, title)
    keys = sorted(codes)[::every]
    return [Sample(first[k], frozenset(codes[k]), i % FOLDS) for i, k in enumerate(keys)]


def held_out(
    occupations: dict[str, str], reported: list[tuple[str, str]], sample: list[Sample]
) -> list[Outcome]:
    """Each sample title matched against an index without it (nor any title alike)."""
    outcomes = []
    for fold in range(FOLDS):
        titles = [s for s in sample if s.fold == fold]
        out = {_key(s.title) for s in titles}
        index = TitleIndex(
            occupations,
            [*occupations.items(), *((c, t) for c, t in reported if _key(t) not in out)],
        )
        outcomes += [Outcome(s, tuple(index.match(s.title, 3))) for s in titles]
    return outcomes


def figures(outcomes: Sequence[Outcome], min_score: float, min_lead: float) -> Figures:
    mapped = [o for o in outcomes if o.mapped(min_score, min_lead)]
    return Figures(len(outcomes), len(mapped), sum(o.right for o in mapped))


def calibrate(outcomes: Sequence[Outcome]) -> tuple[float, float]:
    """The (MIN_SCORE, MIN_LEAD) of the grid: of the points whose F0.5 is within one standard
    error (across the folds) of the best, the one with the highest precision (ties: the lower
    thresholds). The F0.5 surface is flat near its top; this picks its most precise point."""
    folds = sorted({o.sample.fold for o in outcomes})
    by_fold = [[o for o in outcomes if o.sample.fold == fold] for fold in folds]
    grid: dict[tuple[float, float], tuple[Figures, float]] = {}
    for point in ((s, lead) for s in SCORES for lead in LEADS):
        parts = [figures(part, *point) for part in by_fold]
        total = Figures(
            sum(f.n for f in parts), sum(f.mapped for f in parts), sum(f.right for f in parts)
        )
        spread = statistics.stdev(f.f_beta for f in parts) if len(parts) > 1 else 0.0
        grid[point] = (total, spread / math.sqrt(len(parts)))
    best, error = max(grid.values(), key=lambda g: g[0].f_beta)
    near = [p for p, (f, _) in grid.items() if f.f_beta >= best.f_beta - error]
    return max(near, key=lambda p: (round(grid[p][0].precision, 6), -p[0], -p[1]))


def cross_validated(outcomes: Sequence[Outcome]) -> Figures:
    """Each fold judged with the thresholds chosen on the other folds."""
    n = mapped = right = 0
    for fold in range(FOLDS):
        test = [o for o in outcomes if o.sample.fold == fold]
        train = [o for o in outcomes if o.sample.fold != fold]
        got = figures(test, *calibrate(train))
        n, mapped, right = n + got.n, mapped + got.mapped, right + got.right
    return Figures(n, mapped, right)


def _line(label: str, f: Figures) -> str:
    return (
        f"{label}: precision {f.precision:.3f}, recall {f.recall:.3f}, F0.5 {f.f_beta:.3f} "
        f"({f.mapped:,} of {f.n:,} mapped, {f.right:,} rightly)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--every", type=int, default=1, help="keep every Nth sample title")
    args = parser.parse_args(argv)
    occupations, reported = load(args.data / "onet")
    sample = labelled_sample(occupations, reported, args.every)
    outcomes = held_out(occupations, reported, sample)
    n = len(outcomes)
    print(
        f"{n:,} held-out titles ({len(reported):,} reported titles, {len(occupations):,} "
        f"occupations); right code first: {sum(o.right for o in outcomes) / n:.3f}, among the "
        f"top 3: {sum(o.among_guesses for o in outcomes) / n:.3f}"
    )
    chosen = calibrate(outcomes)
    print(f"calibrated on all folds: MIN_SCORE {chosen[0]:.2f}, MIN_LEAD {chosen[1]:.2f}")
    print(_line("cross-validated", cross_validated(outcomes)))
    shipped = figures(outcomes, MIN_SCORE, MIN_LEAD)
    print(_line(f"shipped MIN_SCORE {MIN_SCORE:.2f}, MIN_LEAD {MIN_LEAD:.2f}", shipped))
    unmapped = [o for o in outcomes if not o.mapped(MIN_SCORE, MIN_LEAD)]
    if unmapped:
        share = sum(o.among_guesses for o in unmapped) / len(unmapped)
        print(f"unmapped titles whose right code is among the 3 guesses: {share:.3f}")
    best_f = max(
        ((sc, lead) for sc in SCORES for lead in LEADS),
        key=lambda p: (round(figures(outcomes, *p).f_beta, 6), -p[0], -p[1]),
    )
    print(
        _line(
            f"best F0.5 alone (MIN_SCORE {best_f[0]:.2f}, MIN_LEAD {best_f[1]:.2f})",
            figures(outcomes, *best_f),
        )
    )
    print(_line("score alone (MIN_LEAD 0)", figures(outcomes, calibrate_score(outcomes), 0.0)))
    print(_line("everything mapped", figures(outcomes, 0.0, 0.0)))
    print("precision of the best guess by band (titles with a second occupation):")
    bands(outcomes, "score", lambda o: o.found[0].score, (0.3, 0.45, 0.6, 0.7, 0.8, 0.9))
    bands(outcomes, "lead", lambda o: o.found[0].score - o.found[1].score, LEAD_BANDS)
    return 0


LEAD_BANDS = (0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2)


def bands(
    outcomes: Sequence[Outcome],
    label: str,
    value: Callable[[Outcome], float],
    edges: Sequence[float],
) -> None:
    paired = [o for o in outcomes if len(o.found) > 1]
    for low, high in zip((0.0, *edges), (*edges, math.inf), strict=True):
        inside = [o for o in paired if low <= value(o) < high]
        if inside:
            right = sum(o.right for o in inside) / len(inside)
            upper = f"{high:.2f})" if high != math.inf else "...]"
            print(f"  {label} [{low:.2f}, {upper}: {len(inside):,} titles, {right:.3f} right")


def calibrate_score(outcomes: Sequence[Outcome]) -> float:
    """The best MIN_SCORE with no lead required (for comparison)."""
    return max(SCORES, key=lambda s: (round(figures(outcomes, s, 0.0).f_beta, 6), -s))


if __name__ == "__main__":
    sys.exit(main())
