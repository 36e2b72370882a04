"""`talentgraph map-titles FILE`: suggest O*NET-SOC codes for an employer's job titles.

Each O*NET occupation is known by its own title and the titles people report holding in it
(`Sample of Reported Titles.txt`). A job title is compared with every known title by cosine
similarity of TF-IDF vectors, half over words and half over character trigrams (so "Sr. Software
Engineer" finds "Software Engineer" and "Developers" finds "Developer"); an occupation scores the
best of its titles. Words that say seniority or level ("senior", "II", "lead"...) are dropped and
common abbreviations expanded before comparing. Scores are in [0, 1]; 1 is an exact match after
normalising.

Every input title gets a result, in input order (blanks and repeats too). A title is *mapped* to
its best occupation only when that match is strong: a score of at least MIN_SCORE and a lead of
at least MIN_LEAD over the next occupation (a title two occupations fit equally well does not
decide between them). Otherwise it is *unmapped*, and its suggestions are guesses. The two
thresholds are calibrated on O*NET's own reported titles, each held out of the index it is
matched against (scripts/evaluate_title_mapping.py; figures in docs/exposure.md). Suggestions
are for a person to confirm, not to apply blindly.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from graph.errors import BadUserInput
from graph.importing.reference_files import SHIPPED_DIR, find_table, read_table

CODE = "O*NET-SOC Code"
WORD_SHARE = 0.5
#: A title maps to its best occupation only at this score or above ...
MIN_SCORE = 0.45
#: ... and this far ahead of the next occupation (calibrated: see the module's docstring).
MIN_LEAD = 0.1

#: Abbreviations common in job titles that stand for one thing there, expanded to their words
#: (level words among them are then dropped like any other). Ambiguous ones are left alone:
#: "acct" (account or accountant), "admin" (administrator or administrative), "pm" (project or
#: product manager), "md", "ta"; character trigrams still relate them to the words they shorten.
ABBREVIATIONS = {
    # levels and management
    "sr": "senior",
    "jr": "junior",
    "mgr": "manager",
    "mngr": "manager",
    "dir": "director",
    "vp": "vice president",
    "svp": "senior vice president",
    "evp": "executive vice president",
    "gm": "general manager",
    "exec": "executive",
    # chief officers
    "ceo": "chief executive officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cto": "chief technology officer",
    "cio": "chief information officer",
    "cmo": "chief marketing officer",
    "chro": "chief human resources officer",
    # human resources
    "hr": "human resources",
    "hrbp": "human resources business partner",
    # occupations and trades
    "eng": "engineer",
    "engr": "engineer",
    "swe": "software engineer",
    "sw": "software",
    "dev": "developer",
    "devops": "developer operations",
    "asst": "assistant",
    "assoc": "associate",
    "tech": "technician",
    "techn": "technician",
    "rep": "representative",
    "coord": "coordinator",
    "spec": "specialist",
    "qa": "quality assurance",
    "it": "information technology",
    "ops": "operations",
    "mktg": "marketing",
    "rn": "registered nurse",
    "lpn": "licensed practical nurse",
    "cna": "certified nursing assistant",
}
#: Seniority and level words: they place a job in a ladder, not in an occupation.
DROPPED = frozenset(
    (
        *("senior", "junior", "principal", "staff", "lead", "chief", "head", "entry", "level"),
        *("i", "ii", "iii", "iv", "v", "vi", "1", "2", "3", "4", "5", "6"),
        *("trainee", "intern", "apprentice", "associate"),
        *("the", "a", "an", "of", "and", "or", "for", "in", "to", "with"),
    )
)
#: Words O*NET titles use that employers rarely do.
IGNORED = frozenset(("all", "other", "except", "including"))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(title: str) -> list[str]:
    """Normalised content words of a title: folded, abbreviations expanded, singular, no seniority."""
    raw = re.findall(r"[a-z0-9]+", _fold(title).replace("&", " and "))
    expanded: list[str] = []
    for word in raw:
        expanded.extend(ABBREVIATIONS.get(word, word).split())
    kept = [_stem(w) for w in expanded if w not in IGNORED]
    content = [w for w in kept if w not in DROPPED]
    return content or kept


def _trigrams(tokens: list[str]) -> list[str]:
    grams: list[str] = []
    for word in tokens:
        padded = f" {word} "
        grams.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


@dataclass(frozen=True)
class TitleMatch:
    title: str
    rank: int
    code: str
    occupation: str
    score: float
    matched: str


class _Space:
    """TF-IDF vectors of the known titles for one kind of feature, with an inverted index."""

    def __init__(self, docs: list[list[str]]) -> None:
        frequency: Counter[str] = Counter()
        for features in docs:
            frequency.update(set(features))
        n = len(docs)
        self.idf = {f: math.log((1 + n) / (1 + c)) + 1.0 for f, c in frequency.items()}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, features in enumerate(docs):
            for feature, weight in self._vector(features).items():
                self.postings[feature].append((i, weight))

    def _vector(self, features: list[str]) -> dict[str, float]:
        counts = Counter(features)
        vector = {f: c * self.idf.get(f, 0.0) for f, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        return {f: v / norm for f, v in vector.items() if v} if norm else {}

    def scores(self, features: list[str]) -> dict[int, float]:
        found: dict[int, float] = defaultdict(float)
        for feature, weight in self._vector(features).items():
            for doc, doc_weight in self.postings.get(feature, ()):
                found[doc] += weight * doc_weight
        return found


class TitleIndex:
    """Every known title of every occupation, ready to compare job titles with."""

    def __init__(self, occupations: dict[str, str], titles: Iterable[tuple[str, str]]) -> None:
        self.occupations = occupations
        self.docs: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for code, title in titles:
            key = (code, title.lower())
            if code in occupations and title and key not in seen:
                seen.add(key)
                self.docs.append((code, title))
        tokens = [words(title) for _, title in self.docs]
        self.words = _Space(tokens)
        self.grams = _Space([_trigrams(t) for t in tokens])

    @classmethod
    def load(cls, directory: Path | None = None) -> TitleIndex:
        """From the reference folder (default: the shipped data)."""
        directory = directory or SHIPPED_DIR
        path = find_table(directory, "Occupation Data.txt")
        if path is None:
            raise BadUserInput(f"{directory} holds no 'Occupation Data.txt' (O*NET)")
        occupations = {r[CODE]: r["Title"] for r in read_table(path, [CODE, "Title"])}
        titles: list[tuple[str, str]] = list(occupations.items())
        reported = find_table(directory, "Sample of Reported Titles.txt")
        if reported is not None:
            titles.extend(
                (r[CODE], r["Reported Job Title"])
                for r in read_table(reported, [CODE, "Reported Job Title"])
            )
        return cls(occupations, titles)

    def match(self, title: str, top: int = 3) -> list[TitleMatch]:
        """The `top` occupations whose best title is most like `title`, best first, then by code."""
        tokens = words(title)
        if not tokens:
            return []
        by_words = self.words.scores(tokens)
        by_grams = self.grams.scores(_trigrams(tokens))
        best: dict[str, tuple[float, str]] = {}
        for doc in by_words.keys() | by_grams.keys():
            score = WORD_SHARE * by_words.get(doc, 0.0) + (1 - WORD_SHARE) * by_grams.get(doc, 0.0)
            code, known = self.docs[doc]
            if code not in best or score > best[code][0]:
                best[code] = (score, known)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:top]
        return [
            TitleMatch(
                title=title,
                rank=rank,
                code=code,
                occupation=self.occupations[code],
                score=round(min(score, 1.0), 4),
                matched=known,
            )
            for rank, (code, (score, known)) in enumerate(ranked, start=1)
        ]


class Status(StrEnum):
    MAPPED = "mapped"
    UNMAPPED = "unmapped"
    BLANK = "blank"


@dataclass(frozen=True)
class TitleResult:
    """One input title: its position in the input (1 = the first title), whether it maps, and its
    suggestions, best first (for an unmapped title, guesses; none for a blank one)."""

    row: int
    title: str
    status: Status
    suggestions: tuple[TitleMatch, ...]


def judge(
    title: str, found: list[TitleMatch], min_score: float = MIN_SCORE, min_lead: float = MIN_LEAD
) -> Status:
    """Mapped when the best occupation scores at least `min_score` and leads the next by at least
    `min_lead` (`found`: the best two or more, best first)."""
    if not title.strip():
        return Status.BLANK
    if not found:
        return Status.UNMAPPED
    lead = found[0].score - (found[1].score if len(found) > 1 else 0.0)
    # scores are rounded to 4 places: compare with the same tolerance
    strong = found[0].score >= min_score - 5e-5 and lead >= min_lead - 1e-4
    return Status.MAPPED if strong else Status.UNMAPPED


def map_titles(
    index: TitleIndex,
    titles: list[str],
    top: int = 3,
    min_score: float = MIN_SCORE,
    min_lead: float = MIN_LEAD,
) -> list[TitleResult]:
    """A result for every title, in order; a repeated title is matched once."""
    seen: dict[str, list[TitleMatch]] = {}
    results = []
    for row, title in enumerate(titles, start=1):
        text = title.strip()
        if text not in seen:
            seen[text] = index.match(text, max(top, 2)) if text else []
        found = seen[text]
        results.append(
            TitleResult(
                row=row,
                title=title,
                status=judge(text, found, min_score, min_lead),
                suggestions=tuple(found[:top]),
            )
        )
    return results


def read_titles(path: Path) -> list[str]:
    """Every job title, in file order, blanks and repeats included: a CSV's `title` (or
    `job_title`) column, else its first column; a file without commas is one title per line.
    Blank lines before the first row and after the last are no rows."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise BadUserInput(f"{path} holds no job titles", file=str(path))
    text, first = "\n".join(lines), lines[0]
    if "," in first or path.suffix.lower() == ".csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        header = [h.strip().lower() for h in rows[0]]
        column = next(
            (header.index(c) for c in ("title", "job_title", "job title") if c in header), None
        )
        if column is None:
            values = [r[0] if r else "" for r in rows]
        else:
            values = [r[column] if len(r) > column else "" for r in rows[1:]]
    else:
        values = lines
    return [v.strip() for v in values]


COLUMNS = (
    "row",
    "title",
    "status",
    "rank",
    "occupation_code",
    "occupation_title",
    "score",
    "matched_title",
)


def write_results(results: list[TitleResult], path: Path) -> None:
    """One CSV line per suggestion; a title without any still has its line (no code)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for r in results:
            if not r.suggestions:
                writer.writerow([r.row, r.title, r.status.value, "", "", "", "", ""])
            for m in r.suggestions:
                writer.writerow(
                    [
                        r.row,
                        r.title,
                        r.status.value,
                        m.rank,
                        m.code,
                        m.occupation,
                        f"{m.score:.4f}",
                        m.matched,
                    ]
                )
