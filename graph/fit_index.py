"""Shortlists of best-fit candidates per role, so `successionCandidates` need not score everyone.

Scoring every active employee against a role costs O(people holding any required skill) rows in
Cypher: about 0.3 s at 20,000 employees and well over a second at 100,000, because common skills
(reading, speaking, ...) are required by nearly every role. Skills, requirements, incumbents and
who is active change only through imports, so after an import the shortlists are rebuilt in bulk
here, with numpy, in seconds for the whole graph.

A shortlist is the best people, best first by the fit computed here; the read path takes the head
of it (the page asked for plus a margin), recomputes those people's fit in Cypher with the very
expression of the unindexed query, and sorts. So results are exactly the definition's (DESIGN §4)
as long as the true top candidates are in that head, which the margin guarantees: float rounding
can only swap people whose fits agree to about 15 digits. Every write that can change a fit bumps a version
number in the same transaction; a shortlist built at another version is ignored and the read path
falls back to scoring everyone, so a stale shortlist can cost time but never correctness.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.cypher import QUERY_COUNTS, Query, Tx, q
from graph.db import Database

ACTIVE_EMPLOYEES = q("fit_index/active_employees")
EMPLOYEE_SKILLS = q("fit_index/employee_skills")
ROLE_REQUIREMENTS = q("fit_index/role_requirements")
VERSION = q("fit_index/version")
BUMP_VERSION = q("fit_index/bump_version")
STORE = q("fit_index/store")

#: People kept per role: the largest page `successionCandidates` serves (100) plus a margin, so
#: near-ties that float rounding might order differently here and in Cypher stay inside the set.
SHORTLIST_SIZE = 150
#: How many more people than asked for the read path scores from the head of a shortlist.
SHORTLIST_MARGIN = 20


@dataclass(frozen=True)
class Shortlist:
    role_id: str
    ids: list[str]  # best first (fit desc, then id)
    complete: bool  # every eligible candidate is in `ids`


@dataclass(frozen=True)
class RebuildReport:
    roles: int
    employees: int
    version: int
    read_seconds: float
    compute_seconds: float
    write_seconds: float


class SkillColumns:
    """Per skill, who has it (row numbers into the id-sorted employee list) and at what level."""

    def __init__(self, employees: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        by_skill: dict[str, tuple[list[str], list[float]]] = {}
        for employee_id, skills in employees:
            for skill_id, level in skills:
                ids, levels = by_skill.setdefault(skill_id, ([], []))
                ids.append(employee_id)
                levels.append(float(level))
        self._fill([e[0] for e in employees], ((s, *c) for s, c in by_skill.items()))

    @classmethod
    def from_skills(
        cls, employee_ids: Sequence[str], skills: Iterable[Sequence[Any]]
    ) -> SkillColumns:
        """From every employee's id and, per skill, `(skill_id, employee_ids, levels)`."""
        columns = cls.__new__(cls)
        columns._fill(employee_ids, skills)
        return columns

    def _fill(self, employee_ids: Sequence[str], skills: Iterable[Sequence[Any]]) -> None:
        ordered = sorted(employee_ids)
        self.ids = np.array(ordered, dtype=object)
        self.row_of = {e: i for i, e in enumerate(ordered)}
        row_of = self.row_of
        self.columns: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = {}
        for skill_id, ids, levels in skills:
            rows = np.fromiter((row_of[e] for e in ids), dtype=np.int64, count=len(ids))
            self.columns[skill_id] = (rows, np.asarray(levels, dtype=np.float64))

    def __len__(self) -> int:
        return len(self.ids)

    def shortlist(
        self,
        role_id: str,
        requirements: Sequence[Sequence[Any]],
        incumbents: Sequence[str],
        size: int = SHORTLIST_SIZE,
    ) -> Shortlist:
        return self.shortlists([(role_id, requirements, incumbents)], size)[0]

    def shortlists(
        self, roles: Sequence[tuple[str, Sequence[Sequence[Any]], Sequence[str]]], size: int
    ) -> list[Shortlist]:
        """Each role's shortlist, for `(role_id, requirements, incumbents)`. Roles with the same
        requirements (many, in a real organisation) are scored once: the best `size` plus as many
        as the most incumbents any of them has, from which each drops its own incumbents."""
        groups: dict[tuple[tuple[str, float, float], ...], list[int]] = {}
        for index, (_, requirements, _) in enumerate(roles):
            # Summed in skill order: the same fits whatever order the graph returns them in.
            key = tuple(sorted((str(s), float(level), float(w)) for s, level, w in requirements))
            groups.setdefault(key, []).append(index)
        result: list[Shortlist | None] = [None] * len(roles)
        for requirements, members in groups.items():
            covered = self._covered(requirements)
            held = [{self.row_of[e] for e in roles[i][2] if e in self.row_of} for i in members]
            head, eligible = self._best(covered, size + max(len(rows) for rows in held))
            for index, rows in zip(members, held, strict=True):
                chosen = [row for row in head if row not in rows][:size]
                left = eligible - sum(1 for row in rows if covered[row] > 0)
                result[index] = Shortlist(
                    roles[index][0], [str(i) for i in self.ids[chosen]], left <= size
                )
        return [s for s in result if s is not None]

    def _covered(self, requirements: Iterable[tuple[str, float, float]]) -> npt.NDArray[np.float64]:
        covered = np.zeros(len(self.ids), dtype=np.float64)
        for skill_id, level, weight in requirements:
            column = self.columns.get(skill_id)
            if column is not None:
                rows, have = column
                covered[rows] += weight * np.minimum(have, level)
        return covered

    @staticmethod
    def _best(covered: npt.NDArray[np.float64], size: int) -> tuple[list[int], int]:
        """The rows of the best `size` with fit > 0, best first (ties by row, which is id order),
        and how many have fit > 0."""
        eligible = np.flatnonzero(covered > 0)
        chosen = eligible
        if len(eligible) > size:
            scores = covered[eligible]
            # Everyone at least as good as the size-th best, ties included (cut below by id).
            threshold = np.partition(scores, len(scores) - size)[len(scores) - size]
            chosen = eligible[scores >= threshold]
        chosen = chosen[np.lexsort((chosen, -covered[chosen]))][:size]
        return [int(row) for row in chosen], len(eligible)


async def _values(tx: Tx, query: Query) -> list[list[Any]]:
    """All records as lists of values, unconverted: millions of plain ids and numbers, so no
    per-value conversion (there are no temporal values in these results)."""
    QUERY_COUNTS[query.name] += 1
    result = await tx.run(query.text, query.bind({}))
    return await result.values()


async def _read_all(
    tx: Tx,
) -> tuple[int, list[str], list[list[Any]], list[dict[str, Any]]]:
    version = await VERSION.single(tx)
    active = await ACTIVE_EMPLOYEES.single(tx)
    skills = await _values(tx, EMPLOYEE_SKILLS)
    roles = await ROLE_REQUIREMENTS.fetch(tx)
    return (
        int(version["version"]) if version else 0,
        active["ids"] if active else [],
        skills,
        roles,
    )


async def _store(tx: Tx, rows: list[dict[str, Any]], version: int) -> None:
    await STORE.execute(tx, rows=rows, version=version)


async def bump_version(tx: Tx) -> None:
    """Call inside every write transaction that can change a fit or who is eligible."""
    await BUMP_VERSION.execute(tx)


async def rebuild(db: Database, size: int = SHORTLIST_SIZE, batch_size: int = 500) -> RebuildReport:
    """Rebuild every role's shortlist from the graph as it is now."""
    started = time.monotonic()
    version, active, skills, roles = await db.read(_read_all)
    read = time.monotonic()
    columns = SkillColumns.from_skills(active, skills)
    shortlists = columns.shortlists(
        [(r["id"], r["requirements"], r["incumbents"]) for r in roles], size
    )
    computed = time.monotonic()
    for start in range(0, len(shortlists), batch_size):
        rows = [
            {"role_id": s.role_id, "ids": s.ids, "complete": s.complete}
            for s in shortlists[start : start + batch_size]
        ]
        await db.write(_store, rows, version)
    return RebuildReport(
        roles=len(roles),
        employees=len(columns),
        version=version,
        read_seconds=read - started,
        compute_seconds=computed - read,
        write_seconds=time.monotonic() - computed,
    )
