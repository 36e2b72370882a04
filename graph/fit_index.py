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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.cypher import Tx, q
from graph.db import Database

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
        ordered = sorted(employees, key=lambda e: e[0])
        self.ids = np.array([e[0] for e in ordered], dtype=object)
        self.row_of = {e[0]: i for i, e in enumerate(ordered)}
        rows: dict[str, list[int]] = {}
        levels: dict[str, list[float]] = {}
        for row, (_, skills) in enumerate(ordered):
            for skill_id, level in skills:
                rows.setdefault(skill_id, []).append(row)
                levels.setdefault(skill_id, []).append(float(level))
        self.columns: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = {
            s: (np.array(rows[s], dtype=np.int64), np.array(levels[s], dtype=np.float64))
            for s in rows
        }

    def __len__(self) -> int:
        return len(self.ids)

    def shortlist(
        self,
        role_id: str,
        requirements: Sequence[Sequence[Any]],
        incumbents: Sequence[str],
        size: int = SHORTLIST_SIZE,
    ) -> Shortlist:
        covered = np.zeros(len(self.ids), dtype=np.float64)
        for skill_id, level, weight in requirements:
            column = self.columns.get(skill_id)
            if column is not None:
                rows, have = column
                covered[rows] += float(weight) * np.minimum(have, float(level))
        for employee_id in incumbents:
            row = self.row_of.get(employee_id)
            if row is not None:
                covered[row] = 0.0
        eligible = np.flatnonzero(covered > 0)
        chosen = eligible
        if len(eligible) > size:
            scores = covered[eligible]
            # Everyone at least as good as the size-th best, ties included (cut below by id).
            threshold = np.partition(scores, len(scores) - size)[len(scores) - size]
            chosen = eligible[scores >= threshold]
        # Best first, ties by id: rows are in id order, so the row number breaks ties.
        chosen = chosen[np.lexsort((chosen, -covered[chosen]))][:size]
        return Shortlist(role_id, [str(i) for i in self.ids[chosen]], len(eligible) <= size)


async def _read_all(tx: Tx) -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
    version = await VERSION.single(tx)
    employees = await EMPLOYEE_SKILLS.fetch(tx)
    roles = await ROLE_REQUIREMENTS.fetch(tx)
    return int(version["version"]) if version else 0, employees, roles


async def _store(tx: Tx, rows: list[dict[str, Any]], version: int) -> None:
    await STORE.execute(tx, rows=rows, version=version)


async def bump_version(tx: Tx) -> None:
    """Call inside every write transaction that can change a fit or who is eligible."""
    await BUMP_VERSION.execute(tx)


async def rebuild(db: Database, size: int = SHORTLIST_SIZE, batch_size: int = 500) -> RebuildReport:
    """Rebuild every role's shortlist from the graph as it is now."""
    started = time.monotonic()
    version, employees, roles = await db.read(_read_all)
    read = time.monotonic()
    columns = SkillColumns([(e["id"], e["skills"]) for e in employees])
    shortlists = [
        columns.shortlist(r["id"], r["requirements"], r["incumbents"], size) for r in roles
    ]
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
