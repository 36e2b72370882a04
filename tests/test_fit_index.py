"""Candidate shortlists: the shortlisted read path gives exactly the rows of scoring everyone, and a
shortlist stops being used the moment a write can change a fit."""

from __future__ import annotations

import random

from neo4j import AsyncManagedTransaction

from graph.cypher import q
from graph.db import Database
from graph.fit_index import SkillColumns, rebuild
from graph.repositories import succession
from tests.factories import Org

LIVE = q("succession/list_candidates")
SHORTLISTED = q("succession/list_shortlisted_candidates")


def test_shortlist_keeps_best_eligible_with_ties_by_id() -> None:
    columns = SkillColumns(
        [
            ("e4", [["s1", 3]]),
            ("e1", [["s1", 3]]),
            ("e2", [["s1", 1]]),
            ("e3", []),
            ("e5", [["s1", 5]]),
        ]
    )
    # fits (w 1, l 4): e5 4, e1 3, e4 3, e2 1, e3 0; e5 holds the role
    got = columns.shortlist("R", [["s1", 4, 1]], incumbents=["e5"], size=2)
    assert got.ids == ["e1", "e4"] and not got.complete
    everyone = columns.shortlist("R", [["s1", 4, 1]], incumbents=["e5"], size=10)
    assert everyone.ids == ["e1", "e4", "e2"] and everyone.complete


def test_shortlist_takes_all_ties_at_the_boundary_then_cuts_by_id() -> None:
    columns = SkillColumns(
        [(f"e{i}", [["s1", 2]]) for i in range(9, 0, -1)] + [("top", [["s1", 3]])]
    )
    got = columns.shortlist("R", [["s1", 3, 1]], incumbents=[], size=3)
    assert got.ids == ["top", "e1", "e2"]


def random_org(seed: int, people: int = 120) -> Org:
    rng = random.Random(seed)
    org = Org().unit("u")
    skills = [f"s{i}" for i in range(12)]
    for s in skills:
        org.skill(s)
    for r in range(6):
        reqs = {
            s: (rng.choice([2, 3, 4, 5]), rng.choice([0.5, 1, 2])) for s in rng.sample(skills, 5)
        }
        org.role(f"R{r}", "u", reqs)
    for i in range(people):
        have = {s: rng.choice([0, 1, 2, 3, 4, 5]) for s in rng.sample(skills, rng.randint(0, 6))}
        holds = (f"R{rng.randrange(6)}",) if i % 4 == 0 else ()
        org.employee(f"e{i:03d}", holds=holds, skills=have, active=i % 17 != 0)
    return org


async def _both(
    tx: AsyncManagedTransaction, role_id: str, first: int
) -> tuple[list[dict], list[dict], bool]:
    live = await LIVE.fetch(tx, role_id=role_id, first=first, min_fit=0.0)
    served = await succession.list_candidates(tx, role_id, first, 0.0)
    state = await SHORTLISTED.single(tx, role_id=role_id, first=1, min_fit=0.0, scan=0)
    assert served is not None and state is not None
    return live, [c.model_dump(by_alias=True) for c in served], state["fresh"]


async def test_shortlisted_rows_equal_scoring_everyone(db: Database) -> None:
    await random_org(7).save(db)
    await rebuild(db, size=40)  # smaller than the eligible set, so the cut matters
    for role in range(6):
        for first in (1, 10, 30):
            live, served, fresh = await db.read(_both, f"R{role}", first)
            assert fresh
            assert [(r["employee"]["id"], r["fit"]) for r in live] == [
                (c["employee"]["id"], c["fit"]) for c in served
            ]


async def test_a_write_that_changes_fits_retires_the_shortlists(db: Database) -> None:
    await random_org(11).save(db)
    await rebuild(db)
    assert (await db.read(_both, "R0", 10))[2]
    # a new, perfect candidate arrives through an import: shortlists are stale, answers are not
    await Org().employee("zz-new", skills={f"s{i}": 9 for i in range(12)}).save(db)
    live, served, fresh = await db.read(_both, "R0", 10)
    assert not fresh
    assert served[0]["employee"]["id"] == "zz-new" == live[0]["employee"]["id"]
    await rebuild(db)
    assert (await db.read(_both, "R0", 10))[2]
