"""Occupation-to-occupation signals that role similarity combines (docs/similarity.md).

Each signal is an n x n matrix over the occupations roles map to, with values in [0, 1], and a
matching "available" mask: a signal an occupation has no data for (no tasks, no ratings, no related
list) is left out of the composite for that pair rather than counted as 0, so an occupation with thin
data is not pushed to the bottom of every list.

Everything here is pure numpy and deterministic: a fixed tokeniser, TF-IDF with smoothed idf, and
profiles standardised over every occupation given (not only those compared), so adding a role does not
change the similarity of two others.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

#: (importance 1-5, level 0-7) of one O*NET Skills or Knowledge element for an occupation.
Rating = tuple[float, float]

#: Score of a related-occupation link by O*NET relatedness tier (ranks 1-5, 6-10, 11-20).
TIER_SCORE: Mapping[str, float] = {"Primary-Short": 1.0, "Primary-Long": 0.8, "Supplemental": 0.4}
#: A tier this release does not name scores as the lowest one.
UNKNOWN_TIER_SCORE = 0.4
#: Within a tier, each rank step down takes this much off (rank 1 keeps all of it).
RANK_DECAY = 0.01
#: The title counts as this many task statements in the text signal: it is the shortest
#: description of the work and the one people use.
TITLE_REPEATS = 3

_TOKEN = re.compile(r"[a-z]+")
_STOPWORDS = frozenset(
    (
        "a",
        "an",
        "and",
        "or",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "from",
        "as",
        "at",
        "into",
        "such",
        "other",
        "others",
        "including",
        "include",
        "etc",
        "be",
        "is",
        "are",
        "that",
        "this",
        "these",
        "those",
        "their",
        "its",
        "it",
        "using",
        "use",
        "used",
        "according",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "may",
        "can",
        "all",
        "any",
        "each",
        "more",
        "most",
        "than",
        "not",
        "only",
        "also",
        "both",
    )
)
#: Longest first, so "ers" is cut before "s"; a stem keeps at least four letters.
_SUFFIXES = ("ions", "ing", "ion", "ers", "er", "es", "ed", "s")


@dataclass(frozen=True, slots=True)
class RelatedOccupation:
    """One `(Occupation)-[:RELATED_TO {tier, rank}]->(Occupation)` link, as O*NET lists it."""

    code: str
    tier: str | None
    rank: int | None


@dataclass(frozen=True, slots=True)
class OccupationFeatures:
    """What the graph holds about one occupation that similarity uses.

    `skills` and `knowledge` map O*NET element ids to (importance, level), as the `REQUIRES` edges of
    the O*NET import hold them (elements O*NET marks Not Relevant have no edge and are absent).
    """

    code: str
    title: str = ""
    job_zone: int | None = None
    skills: Mapping[str, Rating] = field(default_factory=dict)
    knowledge: Mapping[str, Rating] = field(default_factory=dict)
    tasks: tuple[str, ...] = ()
    related: tuple[RelatedOccupation, ...] = ()


def tokens(text: str) -> list[str]:
    """Lower-case words of three letters or more, stop words dropped, common suffixes cut: enough
    that "operates" and "operating" meet, with no language model to install."""
    found = []
    for word in _TOKEN.findall(text.lower()):
        if len(word) < 3 or word in _STOPWORDS:
            continue
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        found.append(word)
    return found


def _unit_rows(matrix: Floats) -> Floats:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    out: Floats = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return out


def tfidf_cosine(documents: Sequence[Sequence[str]], rows: Sequence[int]) -> Floats:
    """Cosine of TF-IDF vectors (sublinear tf, smoothed idf) between the documents at `rows`, with
    idf taken over all `documents`. Empty documents have cosine 0 with everything."""
    counts = [Counter(doc) for doc in documents]
    frequency: Counter[str] = Counter()
    for count in counts:
        frequency.update(count.keys())
    # Only words of the compared documents can contribute to their cosines.
    words = sorted({word for row in rows for word in counts[row]})
    vocabulary = {word: j for j, word in enumerate(words)}
    total = len(documents)
    idf = np.array(
        [math.log((1 + total) / (1 + frequency[w])) + 1.0 for w in words], dtype=np.float64
    )
    matrix = np.zeros((len(rows), len(vocabulary)), dtype=np.float64)
    for out, row in enumerate(rows):
        for word, n in counts[row].items():
            column = vocabulary[word]
            matrix[out, column] = (1.0 + math.log(n)) * idf[column]
    unit = _unit_rows(matrix)
    return np.clip(unit @ unit.T, 0.0, 1.0)


def profile_cosine(vectors: Floats, has_data: Bools, rows: Sequence[int]) -> Floats:
    """Cosine of standardised rating profiles, negative values cut to 0.

    Each element is centred and scaled over the occupations with data, so that elements every
    occupation rates highly (reading, speaking) do not make everything look alike; what is left is
    whether two occupations stand out on the same elements.
    """
    rated = vectors[has_data]
    if len(rated) == 0:
        return np.zeros((len(rows), len(rows)), dtype=np.float64)
    mean = rated.mean(axis=0)
    spread = rated.std(axis=0)
    spread[spread == 0] = 1.0
    standard = (vectors[list(rows)] - mean) / spread
    standard[~has_data[list(rows)]] = 0.0
    unit = _unit_rows(standard)
    return np.clip(unit @ unit.T, 0.0, 1.0)


def family(codes: Sequence[str]) -> Floats:
    """How close two O*NET-SOC codes sit in the SOC hierarchy: 1 for the same detailed occupation
    (XX-XXXX, O*NET's .00/.01 variants), 0.75 same broad group (XX-XXX), 0.5 same minor group
    (XX-X), 0.25 same major group (XX), else 0."""
    out = np.zeros((len(codes), len(codes)), dtype=np.float64)
    for width, score in ((2, 0.25), (4, 0.5), (6, 0.75), (7, 1.0)):
        keys = np.array([code[:width] for code in codes])
        out[keys[:, None] == keys[None, :]] = score
    return out


def related_score(link: RelatedOccupation) -> float:
    """A link's score: its tier's, less RANK_DECAY per rank below the first."""
    tier = TIER_SCORE.get(link.tier or "", UNKNOWN_TIER_SCORE)
    rank = link.rank if link.rank is not None and link.rank > 0 else 20
    return tier * max(0.0, 1.0 - RANK_DECAY * (rank - 1))


@dataclass(frozen=True)
class Signal:
    """One occupation x occupation signal and where it is defined."""

    values: Floats
    available: Bools


class OccupationSignals:
    """Every signal between the occupations in `codes`, computed once.

    `reference` is every occupation the graph holds: text idf and profile statistics come from all
    of them. Codes missing from `reference` have no data (every signal unavailable but `family`).
    """

    def __init__(self, reference: Sequence[OccupationFeatures], codes: Sequence[str]) -> None:
        by_code = {occupation.code: occupation for occupation in reference}
        ordered = sorted(by_code)
        position = {code: i for i, code in enumerate(ordered)}
        self.codes: tuple[str, ...] = tuple(codes)
        self.index = {code: i for i, code in enumerate(self.codes)}
        known = np.array([code in by_code for code in self.codes], dtype=np.bool_)
        rows = [position.get(code, -1) for code in self.codes]

        documents = [
            [w for task in by_code[c].tasks for w in tokens(task)]
            + tokens(by_code[c].title) * TITLE_REPEATS
            for c in ordered
        ]
        has_text = np.array([r >= 0 and bool(documents[r]) for r in rows], dtype=np.bool_)
        text = np.zeros((len(rows), len(rows)), dtype=np.float64)
        if known.any():
            inner = [r for r in rows if r >= 0]
            text[np.ix_(known, known)] = tfidf_cosine(documents, inner)
        self.text = Signal(text, has_text[:, None] & has_text[None, :])

        self.profile = self._profile(by_code, ordered, rows, known, knowledge_only=False)
        self.knowledge = self._profile(by_code, ordered, rows, known, knowledge_only=True)
        self.family = Signal(family(self.codes), np.ones((len(rows), len(rows)), dtype=np.bool_))

        related = np.eye(len(rows), dtype=np.float64)
        has_related = np.zeros(len(rows), dtype=np.bool_)
        for i, code in enumerate(self.codes):
            occupation = by_code.get(code)
            if occupation is None or not occupation.related:
                continue
            has_related[i] = True
            for link in occupation.related:
                j = self.index.get(link.code)
                if j is not None and j != i:
                    related[i, j] = max(related[i, j], related_score(link))
        # Directed: row i is "where O*NET points from occupation i"; a row without a list is unknown.
        self.related = Signal(related, np.repeat(has_related[:, None], len(rows), axis=1))

        zones = np.array(
            [
                by_code[c].job_zone if c in by_code and by_code[c].job_zone is not None else -1
                for c in self.codes
            ],
            dtype=np.float64,
        )
        self.zone_distance = np.abs(zones[:, None] - zones[None, :])
        self.zone_known = (zones[:, None] >= 0) & (zones[None, :] >= 0)

    @staticmethod
    def _profile(
        by_code: Mapping[str, OccupationFeatures],
        ordered: Sequence[str],
        rows: Sequence[int],
        known: Bools,
        knowledge_only: bool,
    ) -> Signal:
        elements = sorted(
            {
                element
                for occupation in by_code.values()
                for element in (
                    occupation.knowledge
                    if knowledge_only
                    else {**occupation.skills, **occupation.knowledge}
                )
            }
        )
        column = {element: j for j, element in enumerate(elements)}
        vectors = np.zeros((len(ordered), len(elements)), dtype=np.float64)
        for i, code in enumerate(ordered):
            occupation = by_code[code]
            ratings = (
                occupation.knowledge
                if knowledge_only
                else {**occupation.skills, **occupation.knowledge}
            )
            for element, (importance, level) in ratings.items():
                vectors[i, column[element]] = importance * level
        has_data: Bools = np.asarray(vectors.any(axis=1), dtype=np.bool_)
        n = len(rows)
        values = np.zeros((n, n), dtype=np.float64)
        inner = [r for r in rows if r >= 0]
        if inner:
            values[np.ix_(known, known)] = profile_cosine(vectors, has_data, inner)
        rated = np.array([r >= 0 and bool(has_data[r]) for r in rows], dtype=np.bool_)
        return Signal(values, rated[:, None] & rated[None, :])
