"""talentMap over HTTP: fits, moves, gaps and mentors worked out by hand.

Reporting tree (→ = reports to): m1 → boss, m2 → boss, e → m1, p1 → m1, q1 → m2; x has no
manager. Undirected REPORTS_TO distance from e: m1 1, boss 2, p1 2, m2 3, q1 4, x unreachable.

e holds ROLE_E (unit U1, grade 3) and has k1 = 2, k2 = 4.

| role | unit | grade | requires (level, weight) | Σw·l | covered | fit | move |
|---|---|---|---|---|---|---|---|
| LAT  | U1 | 3 | k2 (4, 1)           | 4  | 4         | 1.0  | LATERAL (same grade, e's unit) |
| UP   | U2 | 5 | k1 (4, 2), k2 (4, 1) | 12 | 2·2 + 4 = 8 | 2/3 | UPWARD (grade 5 > 3, any unit) |
| LOW  | U1 | 1 | k1 (2, 1), k3 (2, 1) | 4  | 2         | 0.5  | LATERAL (lower grade, e's unit) |
| PIV  | U2 | 3 | k1 (4, 1), k3 (1, 3) | 7  | 2         | 2/7  | PIVOT (another unit) |
| ZERO | U1 | 2 | k3 (3, 1)           | 3  | 0         | 0 → not listed | |

e's grade window (highest grade held 3): grades 2 to 6 by default, so LOW (grade 1) is listed only
once the window is widened (gradesBelow ≥ 2).

Gaps (largest weight × shortfall first): UP k1 (sf 2); LOW k3 (sf 2); PIV k3 (3·1 = 3) then
k1 (1·2 = 2).

Skill holders: k1 — boss 5, m2 4, q1 4, x 9, p1 3, z 9 (inactive); k3 — m1 1, boss 2, p1 2, x 5.
Mentors (active, not e, level ≥ required; nearest first, ties by id, unreachable last):
- k1 ≥ 4: boss (2), m2 (3), q1 (4) — x is unreachable, p1 too weak, z inactive
- k3 ≥ 2: boss (2), p1 (2, after boss by id), x (unreachable) — m1 too weak
- k3 ≥ 1: m1 (1), boss (2), p1 (2)
"""

from __future__ import annotations

import pytest

from graph.db import Database
from tests.support.factories import Org
from tests.support.http_server import ApiClient, nodes

MAP = """
query($employeeId: ID!, $first: Int, $after: String, $below: Int, $above: Int) {
  talentMap(employeeId: $employeeId, first: $first, after: $after, gradesBelow: $below,
            gradesAbove: $above) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        role { id title } fit move
        gaps { skill { id } required have shortfall mentors { id name } }
      }
    }
  }
}
"""


def org() -> Org:
    return (
        Org()
        .unit("U1")
        .unit("U2")
        .skill("k1")
        .skill("k2")
        .skill("k3")
        .role("ROLE_E", "U1", {"k2": (3, 1)}, grade=3)
        .role("LAT", "U1", {"k2": (4, 1)}, grade=3)
        .role("UP", "U2", {"k1": (4, 2), "k2": (4, 1)}, grade=5)
        .role("LOW", "U1", {"k1": (2, 1), "k3": (2, 1)}, grade=1)
        .role("PIV", "U2", {"k1": (4, 1), "k3": (1, 3)}, grade=3)
        .role("ZERO", "U1", {"k3": (3, 1)}, grade=2)
        .employee("boss", skills={"k1": 5, "k3": 2})
        .employee("m1", manager="boss", skills={"k3": 1})
        .employee("m2", manager="boss", skills={"k1": 4})
        .employee("e", holds=("ROLE_E",), manager="m1", skills={"k1": 2, "k2": 4})
        .employee("p1", manager="m1", skills={"k1": 3, "k3": 2})
        .employee("q1", manager="m2", skills={"k1": 4})
        .employee("x", skills={"k1": 9, "k3": 5})
        .employee("z", manager="m1", skills={"k1": 9}, active=False)
    )


def summary(entries: list[dict]) -> list[tuple]:
    return [(t["role"]["id"], round(t["fit"], 9), t["move"]) for t in entries]


def gaps(entry: dict) -> list[tuple]:
    return [
        (
            g["skill"]["id"],
            g["required"],
            g["have"],
            g["shortfall"],
            [m["id"] for m in g["mentors"]],
        )
        for g in entry["gaps"]
    ]


async def test_talent_map_keeps_to_the_grade_window(db: Database, api: ApiClient) -> None:
    await org().save(db)
    got = nodes(api.data(MAP, {"employeeId": "e"})["talentMap"])
    assert summary(got) == [
        ("LAT", 1.0, "LATERAL"),
        ("UP", round(2 / 3, 9), "UPWARD"),
        ("PIV", round(2 / 7, 9), "PIVOT"),
    ]
    # g + 3 = 6 is the top of the window: UP (grade 5) is in, and stays out at gradesAbove 1
    narrow = nodes(api.data(MAP, {"employeeId": "e", "above": 1})["talentMap"])
    assert [t["role"]["id"] for t in narrow] == ["LAT", "PIV"]


async def test_talent_map_moves_gaps_and_mentors(db: Database, api: ApiClient) -> None:
    await org().save(db)
    got = nodes(api.data(MAP, {"employeeId": "e", "below": 2})["talentMap"])
    assert summary(got) == [
        ("LAT", 1.0, "LATERAL"),
        ("UP", round(2 / 3, 9), "UPWARD"),
        ("LOW", 0.5, "LATERAL"),
        ("PIV", round(2 / 7, 9), "PIVOT"),
    ]
    by_role = {t["role"]["id"]: t for t in got}
    assert gaps(by_role["LAT"]) == []
    assert gaps(by_role["UP"]) == [("k1", 4.0, 2.0, 2.0, ["boss", "m2", "q1"])]
    assert gaps(by_role["LOW"]) == [("k3", 2.0, 0.0, 2.0, ["boss", "p1", "x"])]
    assert gaps(by_role["PIV"]) == [
        ("k3", 1.0, 0.0, 1.0, ["m1", "boss", "p1"]),
        ("k1", 4.0, 2.0, 2.0, ["boss", "m2", "q1"]),
    ]
    assert by_role["UP"]["gaps"][0]["mentors"][0]["name"] == "Person boss"


async def test_talent_map_pages(db: Database, api: ApiClient) -> None:
    await org().save(db)
    head = api.data(MAP, {"employeeId": "e", "first": 3, "below": 2})["talentMap"]
    assert [t["role"]["id"] for t in nodes(head)] == ["LAT", "UP", "LOW"]
    assert head["totalCount"] == 4 and head["pageInfo"]["hasNextPage"]
    after = head["pageInfo"]["endCursor"]
    rest = api.data(MAP, {"employeeId": "e", "first": 3, "after": after, "below": 2})
    assert [t["role"]["id"] for t in nodes(rest["talentMap"])] == ["PIV"]
    assert not rest["talentMap"]["pageInfo"]["hasNextPage"]
    for first in (1, 2, 4, 100):
        pages = api.walk(MAP, "talentMap", {"employeeId": "e", "first": first, "below": 2})
        assert [t["role"]["id"] for p in pages for t in p] == ["LAT", "UP", "LOW", "PIV"], first
    # resumed from an edge's cursor in the middle of the page
    mid = api.data(MAP, {"employeeId": "e", "after": head["edges"][0]["cursor"], "below": 2})
    assert [t["role"]["id"] for t in nodes(mid["talentMap"])] == ["UP", "LOW", "PIV"]
    other = api.data("{ skills(first: 1) { pageInfo { endCursor } } }")
    foreign = other["skills"]["pageInfo"]["endCursor"]
    assert api.error_codes(MAP, {"employeeId": "e", "after": foreign}) == ["BAD_USER_INPUT"]


async def test_someone_without_a_role_only_pivots(db: Database, api: ApiClient) -> None:
    """q1 holds nothing (so has no grade window) and has k1 = 4: UP (k1 8 of 12 → 2/3), LOW (k1
    2 of 4 → 0.5), PIV (k1 4 of 7 → 4/7); all PIVOT. The nearest k2 ≥ 4 holder for UP is e
    (distance 4)."""
    await org().save(db)
    got = nodes(api.data(MAP, {"employeeId": "q1"})["talentMap"])
    assert summary(got) == [
        ("UP", round(2 / 3, 9), "PIVOT"),
        ("PIV", round(4 / 7, 9), "PIVOT"),
        ("LOW", 0.5, "PIVOT"),
    ]
    assert gaps(got[0]) == [("k2", 4.0, 0.0, 4.0, ["e"])]


async def test_inactive_employee_has_an_empty_map(db: Database, api: ApiClient) -> None:
    await org().save(db)
    assert api.data(MAP, {"employeeId": "z"})["talentMap"] == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"employeeId": "nobody"}, "NOT_FOUND"),
        ({"employeeId": "e", "first": 0}, "BAD_USER_INPUT"),
        ({"employeeId": "e", "first": 101}, "BAD_USER_INPUT"),
        ({"employeeId": "e", "after": "%%%"}, "BAD_USER_INPUT"),
        ({"employeeId": "e", "below": -1}, "BAD_USER_INPUT"),
        ({"employeeId": "e", "above": 51}, "BAD_USER_INPUT"),
    ],
)
async def test_talent_map_errors(db: Database, api: ApiClient, variables: dict, code: str) -> None:
    await org().save(db)
    assert api.error_codes(MAP, variables) == [code]


async def test_mentors_beyond_the_neighbourhood(db: Database, api: ApiClient) -> None:
    """A reporting line c9 → c8 → … → c1 → c0, with e = c0. Role T requires k0 (1, 1), which c0
    has, and k (1, 1), which c0 lacks: fit 0.5, one gap k. Holders of k: c6 (6 hops), c9 (9 hops:
    beyond the 8 counted), a-out (no common manager). Nearest first, then the others by id:
    c6, a-out, c9 — found by the whole-organisation search, since nobody is within 4 hops."""
    chain = Org().unit("U").skill("k0").skill("k").role("T", "U", {"k0": (1, 1), "k": (1, 1)})
    chain.employee("c0", skills={"k0": 1})
    for i in range(1, 10):
        chain.employee(f"c{i}", manager=f"c{i - 1}", skills={"k": 1} if i in (6, 9) else None)
    await chain.employee("a-out", skills={"k": 2}).save(db)
    got = nodes(api.data(MAP, {"employeeId": "c0"})["talentMap"])
    assert summary(got) == [("T", 0.5, "PIVOT")]
    assert gaps(got[0]) == [("k", 1.0, 0.0, 1.0, ["c6", "a-out", "c9"])]
