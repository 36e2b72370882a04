"""Candidate shortlists: each role's best-fit people, so `successionCandidates` and the readiness
export need not score everyone.

Scoring every active employee against a role touches everyone holding any required skill, and
common skills (reading, speaking, ...) are required by nearly every role: well over a second at
100,000 employees. So each role keeps, on its node, the ids of its best `SHORTLIST_SIZE` people
(fit desc, then id; incumbents and inactive people left out) and the graph version it was built
at (graph/version.py). Fits come from the scoring core on exact units, so a shortlist built at the
current version holds exactly the role's true best, in order: a request takes its head and scores
those people. A shortlist built at another version is never used: the role is then scored live,
from the skills of everyone who holds one it requires (`live`), and the server rebuilds every
shortlist in the background once the graph has been quiet for a moment (graph/services/derived.py).

Imports rebuild them at the end (`rebuild`); so does `talentgraph reindex`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph import version as graph_version
from graph.db import Database
from graph.repositories import shortlists
from graph.scoring.fit import Needs, PeopleBySkill, best_rows

#: People kept per role: at least the largest page `successionCandidates` serves (100).
SHORTLIST_SIZE = 150


@dataclass(frozen=True)
class Shortlist:
    role_id: str
    ids: list[str]  # best first (fit desc, then id)
    complete: bool  # every eligible candidate is in `ids`


@dataclass(frozen=True)
class RebuildReport:
    roles: int
    employees: int
    version: str
    read_seconds: float
    compute_seconds: float
    write_seconds: float


Role = tuple[str, Needs, Sequence[str]]  # role id, requirements, active incumbents


def build(people: PeopleBySkill, roles: Sequence[Role], size: int) -> list[Shortlist]:
    """Each role's shortlist. Roles with the same requirements (many, in a real organisation)
    are scored once: the best `size` plus as many as the most incumbents any of them has, from
    which each drops its own incumbents."""
    groups: dict[tuple[tuple[str, int, int], ...], list[int]] = {}
    for index, (_, needs, _) in enumerate(roles):
        groups.setdefault(needs.key(), []).append(index)
    found: list[Shortlist | None] = [None] * len(roles)
    for members in groups.values():
        needs = roles[members[0]][1]
        covered = people.covered(needs)
        held = [{people.row_of[e] for e in roles[i][2] if e in people.row_of} for i in members]
        head, eligible = best_rows(covered, size + max(len(rows) for rows in held))
        for index, rows in zip(members, held, strict=True):
            chosen = [row for row in head if row not in rows][:size]
            left = eligible - sum(1 for row in rows if covered[row] > 0)
            found[index] = Shortlist(
                roles[index][0], [people.ids[row] for row in chosen], left <= size
            )
    return [s for s in found if s is not None]


def _role(row: dict[str, Any]) -> Role:
    return row["id"], Needs(row["requirements"]), row["incumbents"]


async def rebuild(db: Database, size: int = SHORTLIST_SIZE, batch_size: int = 500) -> RebuildReport:
    """Rebuild every role's shortlist from the graph as it is now, stamped with the version read
    before the data: a write while this runs leaves them stale, never wrong."""
    started = time.monotonic()
    version = await graph_version.now(db)
    async with db.reading() as tx:
        active = await shortlists.active_employees(tx)
        columns = await shortlists.employee_skills(tx, None)
        rows = await shortlists.role_requirements(tx, None)
    read = time.monotonic()
    people = PeopleBySkill(active, columns)
    built = build(people, [_role(row) for row in rows], size)
    computed = time.monotonic()
    for start in range(0, len(built), batch_size):
        batch = [
            {"role_id": s.role_id, "ids": s.ids, "complete": s.complete}
            for s in built[start : start + batch_size]
        ]
        await db.write(shortlists.store, batch, version)
    return RebuildReport(
        roles=len(rows),
        employees=len(people),
        version=version,
        read_seconds=read - started,
        compute_seconds=computed - read,
        write_seconds=time.monotonic() - computed,
    )


async def live(db: Database, role_id: str, size: int = SHORTLIST_SIZE) -> Shortlist | None:
    """The role's shortlist worked out now from live data (None for an unknown role)."""
    async with db.reading() as tx:
        rows = await shortlists.role_requirements(tx, [role_id])
        if not rows:
            return None
        role = _role(rows[0])
        columns = await shortlists.employee_skills(tx, role[1].skill_ids)
    people = PeopleBySkill([person for _, ids, _ in columns for person in ids], columns)
    return build(people, [role], size)[0]
