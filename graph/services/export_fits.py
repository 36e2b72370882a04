"""Fits and gaps of the readiness export, worked out here from what its queries read.

Scoring people in Cypher was most of the export's time: Neo4j evaluates every expression row by
row, and the same few hundred shortlisted people were scored again for role after role. Here a
page's people are read once (with the page, export/readiness_page) and a fit is a few
multiplications per skill.

The figures must be exactly those Cypher gives, so each sum runs over the same terms in the same
order as Cypher runs it, with the same IEEE double operations: a nominee's over the role's
requirements as its REQUIRES relationships are listed (succession/slate), a candidate's over their
HAS_SKILL relationships as those are listed (the order Neo4j expands them in when it scores
candidates from the shortlist). The quotient is rounded by Neo4j itself (export/round_fits):
Cypher's round(x, 12) goes through Java's decimal text of x, which Python's round does not follow
in every last digit. Requirement levels and weights are numbers and an employee has one HAS_SKILL
per skill, as imports make them. Roles without a fresh shortlist are still scored in Cypher
(export/unassessed_candidates_live, graph/services/export.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from graph.cypher import QUERY_COUNTS, Tx, q

PEOPLE = q("export/people")
ROUND = q("export/round_fits")
HEADS = q("export/shortlist_heads")

TOP_GAPS = 3

Candidate = tuple[str, str, float, int, list[str]]  # id, name, fit, gap count, top gaps
#: id, name, readiness, assessed at, assessed by, fit, gap count, top gaps
Nominee = tuple[str, str, str, datetime | None, str, float, int, list[str]]
Requirement = Sequence[Any]  # skill id, skill name, level, weight
Levels = dict[str, Any]  # skill id -> level held

_READINESS_RANK = {"READY_NOW": 0, "READY_1_2_YEARS": 1}


@dataclass(frozen=True)
class Person:
    name: str
    active: bool
    skills: list[list[Any]]  # [skill id, level], as the store lists the HAS_SKILL relationships


@dataclass
class RoleFits:
    """A role's slate, and its candidates scored from the head of a fresh shortlist with what the
    caller needs to judge whether they surely are the role's best (graph/services/export.py)."""

    slate: list[Nominee] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    found: int = 0  # how many people were scored
    lowest: float | None = None  # the lowest fit scored
    exhausted: bool = False  # the whole shortlist was scored


def instant(parts: Sequence[Any]) -> datetime | None:
    """A DateTime read as [epoch seconds, nanosecond, offset seconds], as the driver's
    `to_native()` gives it (same instant and offset, microseconds truncated), without building the
    driver's DateTime first, which took a tenth of the export's time."""
    seconds, nanosecond, offset = parts
    if seconds is None:
        return None
    zone = timezone(timedelta(seconds=offset))
    return datetime.fromtimestamp(seconds, zone).replace(microsecond=nanosecond // 1000)


def top_gaps(gaps: list[tuple[Any, str, str | None]]) -> tuple[int, list[str]]:
    """How many gaps, and the names of the TOP_GAPS largest: (weight x shortfall, skill id, name)
    by size desc, then skill id (code point order, as Cypher sorts), as the API lists them."""
    gaps.sort(key=lambda gap: (-gap[0], gap[1]))
    return len(gaps), [gap[2] for gap in gaps if gap[2] is not None][:TOP_GAPS]


def _gaps(reqs: Sequence[Requirement], levels: Levels) -> tuple[int, list[str]]:
    """The requirements a person falls short of; a level they lack (or without a value) is 0."""
    gaps = []
    for skill_id, name, level, weight in reqs:
        have = levels.get(skill_id)
        have = 0.0 if have is None else have
        if have < level:
            gaps.append((weight * (level - have), skill_id, name))
    return top_gaps(gaps)


def _total(reqs: Sequence[Requirement]) -> Any:
    total: Any = 0
    for _, _, level, weight in reqs:
        total += weight * level
    return total


def _nominee_covered(reqs: Sequence[Requirement], levels: Levels) -> Any:
    """Σ weight x min(level held, level required) over the requirements, in their order."""
    covered: Any = 0
    for skill_id, _, level, weight in reqs:
        have = levels.get(skill_id)
        have = 0.0 if have is None else have
        covered += weight * (have if have < level else level)
    return covered


def _candidate_covered(
    needs: dict[str, tuple[Any, Any]], person: Person
) -> tuple[Any, Levels] | None:
    """What a candidate covers, summed over their skills in store order, with the required skills
    they hold (level > 0); None when they hold none, so that they are not scored at all."""
    covered: Any = 0
    held: Levels = {}
    for skill_id, have in person.skills:
        need = needs.get(skill_id)
        if need is None or have is None or not have > 0:
            continue
        level, weight = need
        covered += weight * (have if have < level else level)
        held[skill_id] = have
    return (covered, held) if held else None


class _Quotients:
    """Fits waiting for Neo4j to round them, so that one query rounds a whole page's."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def add(self, covered: Any, total: Any) -> int:
        self.values.append(float(covered) / total)
        return len(self.values) - 1

    async def rounded(self, tx: Tx) -> list[float]:
        if not self.values:
            return []
        QUERY_COUNTS[ROUND.name] += 1
        result = await tx.run(ROUND.text, ROUND.bind({"values": self.values}))
        record = await result.single(strict=True)
        rounded: list[float] = record[0]
        return rounded


@dataclass
class _Scored:
    """Candidates of one role scored here, their fits still to be rounded."""

    reqs: Sequence[Requirement]
    people: list[tuple[str, str, int, Levels]] = field(default_factory=list)  # id, name, slot

    def best(self, fit: list[float], wanted: int) -> tuple[int, float | None, list[Candidate]]:
        """How many were scored, the lowest fit, and the best `wanted` with their gaps: fit desc,
        then id, as Cypher orders them (gaps only for those, the others are not written)."""
        ranked = sorted(
            ((fit[slot], person_id, name, levels) for person_id, name, slot, levels in self.people),
            key=lambda scored: (-scored[0], scored[1]),
        )
        best = [
            (person_id, name, fit_of, *_gaps(self.reqs, levels))
            for fit_of, person_id, name, levels in ranked[:wanted]
        ]
        return len(ranked), ranked[-1][0] if ranked else None, best


class _Role:
    """One role of a page: its nominees and quickly scanned candidates, fits to be rounded."""

    def __init__(self, scorer: PageScorer, record: dict[str, Any], quotients: _Quotients) -> None:
        self.record = record
        self.reqs: list[Requirement] = record["reqs"]
        self.total = _total(self.reqs)
        self.nominees = [
            self._nominee(nominee, scorer.people[nominee[0]], quotients)
            for nominee in record["nominees"]
        ]
        self.scored = _Scored(self.reqs)
        if scorer.wanted and record["fresh"]:
            self.scored = scorer.score(self, record["scan"], quotients, held_gaps=True)

    def _nominee(
        self, nominee: list[Any], person: Person, quotients: _Quotients
    ) -> tuple[list[Any], int, tuple[int, list[str]]]:
        levels = dict(person.skills)
        slot = -1  # a role without requirements: fit 0.0
        if self.total > 0:
            slot = quotients.add(_nominee_covered(self.reqs, levels), self.total)
        return nominee, slot, _gaps(self.reqs, levels)

    def fits(self, fit: list[float], wanted: int) -> RoleFits:
        out = RoleFits()
        for (person_id, name, readiness, at, by), slot, gaps in self.nominees:
            fit_of = fit[slot] if slot >= 0 else 0.0
            out.slate.append((person_id, name, readiness, instant(at), by, fit_of, *gaps))
        out.slate.sort(key=lambda n: (_READINESS_RANK.get(n[2], 2), -n[5], n[0]))
        out.found, out.lowest, out.candidates = self.scored.best(fit, wanted)
        out.exhausted = bool(out.found and self.record["exhausted"])
        return out


class PageScorer:
    """The fits of one page of roles: its people read once, every fit rounded in one query."""

    def __init__(self, tx: Tx, wanted: int, people: Iterable[Sequence[Any]]) -> None:
        self.tx = tx
        self.wanted = wanted
        self.people: dict[str, Person] = {}
        self.roles: dict[str, _Role] = {}
        self._add_people(people)

    def _add_people(self, people: Iterable[Sequence[Any]]) -> None:
        for person_id, name, active, skills in people:
            self.people[person_id] = Person(name, bool(active), skills)

    async def _read_people(self, ids: Iterable[str]) -> None:
        missing = [person_id for person_id in dict.fromkeys(ids) if person_id not in self.people]
        if missing:
            QUERY_COUNTS[PEOPLE.name] += 1
            result = await self.tx.run(PEOPLE.text, PEOPLE.bind({"ids": missing}))
            record = await result.single(strict=True)
            self._add_people(record[0])

    def score(
        self,
        role: _Role,
        ids: Sequence[str],
        quotients: _Quotients,
        *,
        held_gaps: bool,
        skip: frozenset[str] = frozenset(),
    ) -> _Scored:
        """The people of `ids` who can be scored (active, not in `skip`, holding a required skill).
        Gaps count only the levels that took part in the fit (`held_gaps`: the export's first,
        quick scan has always done so) or every level held (its rescoring, as the API does); the
        two differ only for levels of 0 or less."""
        scored = _Scored(role.reqs)
        if not role.total > 0:
            return scored
        needs = {skill_id: (level, weight) for skill_id, _, level, weight in role.reqs}
        for person_id in ids:
            person = self.people.get(person_id)
            if person is None or not person.active or person_id in skip:
                continue
            covered = _candidate_covered(needs, person)
            if covered is not None:
                levels = covered[1] if held_gaps else dict(person.skills)
                slot = quotients.add(covered[0], role.total)
                scored.people.append((person_id, person.name, slot, levels))
        return scored

    async def page(self, records: Sequence[dict[str, Any]]) -> list[RoleFits]:
        """Each role's slate and quickly scanned candidates, in the order of `records`."""
        quotients = _Quotients()
        roles = [_Role(self, record, quotients) for record in records]
        self.roles = {role.record["role_id"]: role for role in roles}
        fit = await quotients.rounded(self.tx)
        return [role.fits(fit, self.wanted) for role in roles]

    async def rescore(
        self, role_ids: Sequence[str], scan: int
    ) -> dict[str, tuple[int, list[Candidate]]]:
        """For roles of the page with a fresh shortlist: its first `scan` never-assessed people who
        can be scored (not incumbents), as (how many were scored, the best `wanted`)."""
        if not role_ids:
            return {}
        QUERY_COUNTS[HEADS.name] += 1
        result = await self.tx.run(
            HEADS.text, HEADS.bind({"role_ids": list(role_ids), "scan": scan})
        )
        record = await result.single(strict=True)
        heads: dict[str, list[str]] = dict(record[0])
        await self._read_people(person_id for ids in heads.values() for person_id in ids)
        quotients = _Quotients()
        scored = {}
        for role_id in role_ids:
            role = self.roles[role_id]
            skip = frozenset(role.record["incumbent_ids"])
            ids = heads.get(role_id, [])
            scored[role_id] = self.score(role, ids, quotients, held_gaps=False, skip=skip)
        fit = await quotients.rounded(self.tx)
        out = {}
        for role_id, role_scored in scored.items():
            found, _, best = role_scored.best(fit, self.wanted)
            out[role_id] = (found, best)
        return out
