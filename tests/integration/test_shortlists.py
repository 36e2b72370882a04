"""Candidate shortlists (graph/services/shortlists.py): exact best-first lists, used only at the
graph version they were built at; scoring live gives the same answer; stale ones are rebuilt in
the background once the graph is quiet."""

from __future__ import annotations

import asyncio
import random

from graph.auth import LOCAL_DEVELOPER
from graph.cypher import QUERY_COUNTS
from graph.db import Database
from graph.scoring.fit import Needs, PeopleBySkill
from graph.services import shortlists, succession
from graph.settings import Settings
from tests.support.factories import Org
from tests.support.oracle import Oracle

SETTINGS = Settings(shortlist_refresh_delay=0.0)


def people(levels: dict[str, float]) -> PeopleBySkill:
    return PeopleBySkill(list(levels), [("s1", list(levels), list(levels.values()))])


def test_shortlist_keeps_the_best_eligible_with_ties_by_id() -> None:
    found = people({"e4": 3, "e1": 3, "e2": 1, "e3": 0, "e5": 5})
    needs = Needs([("s1", 4, 1)])
    # fits (l 4): e5 1, e1 3/4, e4 3/4, e2 1/4, e3 0; e5 holds the role
    short = shortlists.build(found, [("R", needs, ["e5"])], 2)[0]
    assert short.ids == ["e1", "e4"] and not short.complete
    everyone = shortlists.build(found, [("R", needs, ["e5"])], 10)[0]
    assert everyone.ids == ["e1", "e4", "e2"] and everyone.complete


def test_ties_at_the_cut_go_by_id() -> None:
    found = people({**{f"e{i}": 2 for i in range(9, 0, -1)}, "top": 3})
    assert shortlists.build(found, [("R", Needs([("s1", 3, 1)]), [])], 3)[0].ids == [
        "top",
        "e1",
        "e2",
    ]


def random_org(seed: int, count: int = 120) -> Org:
    rng = random.Random(seed)
    org = Org().unit("u")
    skills = [f"s{i}" for i in range(12)]
    for s in skills:
        org.skill(s)
    for r in range(6):
        reqs = {
            s: (rng.choice([2, 3.5, 4, 5]), rng.choice([0.5, 1, 2.25]))
            for s in rng.sample(skills, 5)
        }
        org.role(f"R{r}", "u", reqs)
    for i in range(count):
        have = {s: rng.choice([0, 1, 2.5, 3, 4, 5]) for s in rng.sample(skills, rng.randint(0, 6))}
        holds = (f"R{rng.randrange(6)}",) if i % 4 == 0 else ()
        org.employee(f"e{i:03d}", holds=holds, skills=have, active=i % 17 != 0)
    return org


async def candidates(db: Database, role_id: str, first: int) -> list[tuple[str, float]]:
    found = await succession.succession_candidates(
        db, SETTINGS, role_id, first, principal=LOCAL_DEVELOPER
    )
    return [(c.employee.id, c.fit) for c in found.items]


async def walked(db: Database, role_id: str, first: int) -> list[tuple[str, float]]:
    """Every candidate, `first` a page, resumed with each page's end cursor."""
    found: list[tuple[str, float]] = []
    after = None
    while True:
        page = await succession.succession_candidates(
            db, SETTINGS, role_id, first, 0.0, after, principal=LOCAL_DEVELOPER
        )
        found.extend((c.employee.id, c.fit) for c in page.items)
        if not page.has_next_page:
            return found
        after = page.end_cursor


async def test_fresh_and_live_answers_are_the_full_recomputation(db: Database) -> None:
    await random_org(7).save(db)
    oracle = await Oracle.read(db)
    live_before = QUERY_COUNTS["shortlists/employee_skills"]
    stale = {(r, n): await candidates(db, f"R{r}", n) for r in range(6) for n in (1, 10, 30)}
    assert QUERY_COUNTS["shortlists/employee_skills"] > live_before  # never built: scored live
    await shortlists.rebuild(db, size=40)  # smaller than the eligible set, so the cut matters
    fresh_before = QUERY_COUNTS["shortlists/employee_skills"]
    for (r, n), answer in stale.items():
        assert answer == oracle.candidates(f"R{r}", n)
        assert await candidates(db, f"R{r}", n) == answer
    assert QUERY_COUNTS["shortlists/employee_skills"] == fresh_before  # fresh: none scored live


async def test_pages_walk_the_stored_shortlist_whole(db: Database) -> None:
    """Paged with `after` (7 a page), the candidates are the full recomputation's, each once, in
    order, from the stored shortlist (nothing scored live)."""
    await random_org(5).save(db)
    await shortlists.rebuild(db)
    oracle = await Oracle.read(db)
    before = QUERY_COUNTS["shortlists/employee_skills"]
    for r in range(6):
        expected = oracle.candidates(f"R{r}", shortlists.SHORTLIST_SIZE)
        assert len(expected) > 7
        assert await walked(db, f"R{r}", 7) == expected
    assert QUERY_COUNTS["shortlists/employee_skills"] == before


async def test_a_scoring_write_retires_the_shortlists(db: Database) -> None:
    await random_org(11).save(db)
    await shortlists.rebuild(db)
    # a new, perfect candidate arrives through an import: the shortlists are stale, answers are not
    await Org().employee("zz-new", skills={f"s{i}": 9 for i in range(12)}).save(db)
    before = QUERY_COUNTS["shortlists/employee_skills"]
    assert (await candidates(db, "R0", 10))[0][0] == "zz-new"
    assert QUERY_COUNTS["shortlists/employee_skills"] == before + 1
    assert await candidates(db, "R0", 10) == (await Oracle.read(db)).candidates("R0", 10)


async def test_stale_shortlists_are_rebuilt_once_the_graph_is_quiet(db: Database) -> None:
    await random_org(3).save(db)
    quick = Settings(shortlist_refresh_delay=0.05)
    await succession.succession_candidates(db, quick, "R1", 5, principal=LOCAL_DEVELOPER)
    for _ in range(100):  # the rebuild runs in the background
        await asyncio.sleep(0.05)
        before = QUERY_COUNTS["shortlists/employee_skills"]
        await candidates(db, "R1", 5)
        if QUERY_COUNTS["shortlists/employee_skills"] == before:
            break
    else:
        raise AssertionError("the shortlists were not rebuilt")
    assert await candidates(db, "R1", 5) == (await Oracle.read(db)).candidates("R1", 5)
