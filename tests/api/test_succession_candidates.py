"""successionCandidates over HTTP on a hand-built organisation; every fit worked out by hand.

Role R requires s1 (level 4, weight 2), s2 (level 2, weight 1), s3 (level 5, weight 1):
Σ w·l = 8 + 2 + 5 = 15.
- a: s1 4, s2 2, s3 5            → 8 + 2 + 5 = 15  → fit 1.0, no gaps
- c: s1 5, s3 1                  → 8 + 0 + 1 = 9   → fit 0.6, gaps s3 (w·sf 4), s2 (2)
- b: s1 2, s2 3                  → 4 + 2 + 0 = 6   → fit 0.4, gaps s3 (5), s1 (4)
- b2: same as b                  → fit 0.4, after b by id
- d: s2 2                        → 2 / 15          → fit 0.1333…
- inc holds R (excluded), x is inactive (excluded), z has only s4 (fit 0, excluded)
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from graph.db import Database
from tests.support.factories import Org
from tests.support.http_server import ApiClient, nodes

QUERY = """
query($roleId: ID!, $first: Int, $minFit: Float, $after: String) {
  successionCandidates(roleId: $roleId, first: $first, minFit: $minFit, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        employee { id name }
        fit
        readiness
        gaps { skill { id name } required have shortfall }
      }
    }
  }
}
"""


def org() -> Org:
    return (
        Org()
        .unit("u1")
        .skill("s1")
        .skill("s2")
        .skill("s3")
        .skill("s4")
        .role("R", "u1", {"s1": (4, 2), "s2": (2, 1), "s3": (5, 1)}, critical=True)
        .role("Q", "u1", {"s4": (3, 1)})
        .employee("inc", holds=("R",), skills={"s1": 7, "s2": 7, "s3": 7})
        .employee("a", holds=("Q",), skills={"s1": 4, "s2": 2, "s3": 5})
        .employee("c", skills={"s1": 5, "s3": 1})
        .employee("b", skills={"s1": 2, "s2": 3})
        .employee("b2", skills={"s1": 2, "s2": 3})
        .employee("d", skills={"s2": 2})
        .employee("x", skills={"s1": 4, "s2": 2, "s3": 5}, active=False)
        .employee("z", skills={"s4": 3})
    )


async def test_candidates_fit_order_and_gaps(db: Database, api: ApiClient) -> None:
    await org().assess("c", "R", "READY_NOW").save(db)
    got = nodes(api.data(QUERY, {"roleId": "R"})["successionCandidates"])
    assert [(c["employee"]["id"], round(c["fit"], 6)) for c in got] == [
        ("a", 1.0),
        ("c", 0.6),
        ("b", 0.4),
        ("b2", 0.4),
        ("d", round(2 / 15, 6)),
    ]
    by_id = {c["employee"]["id"]: c for c in got}
    assert by_id["a"]["gaps"] == []
    assert [
        (g["skill"]["id"], g["required"], g["have"], g["shortfall"]) for g in by_id["c"]["gaps"]
    ] == [
        ("s3", 5.0, 1.0, 4.0),
        ("s2", 2.0, 0.0, 2.0),
    ]
    assert [g["skill"]["id"] for g in by_id["b"]["gaps"]] == ["s3", "s1"]
    assert by_id["c"]["readiness"] == "READY_NOW"
    assert by_id["a"]["readiness"] is None


async def test_latest_assessment_is_current(db: Database, api: ApiClient) -> None:
    later = datetime(2026, 3, 1, tzinfo=UTC)
    earlier = datetime(2026, 2, 1, tzinfo=UTC)
    await (
        org()
        .assess("c", "R", "READY_1_2_YEARS", at=later)
        .assess("c", "R", "READY_NOW", at=earlier)
        .save(db)
    )
    got = nodes(api.data(QUERY, {"roleId": "R"})["successionCandidates"])
    assert {c["employee"]["id"]: c["readiness"] for c in got}["c"] == "READY_1_2_YEARS"


async def test_first_and_min_fit(db: Database, api: ApiClient) -> None:
    await org().save(db)
    top2 = nodes(api.data(QUERY, {"roleId": "R", "first": 2})["successionCandidates"])
    assert [c["employee"]["id"] for c in top2] == ["a", "c"]
    above = nodes(api.data(QUERY, {"roleId": "R", "minFit": 0.4})["successionCandidates"])
    assert [c["employee"]["id"] for c in above] == ["a", "c", "b", "b2"]
    exact = nodes(api.data(QUERY, {"roleId": "R", "minFit": 1.0})["successionCandidates"])
    assert [c["employee"]["id"] for c in exact] == ["a"]


async def test_min_fit_keeps_a_candidate_exactly_at_it(db: Database, api: ApiClient) -> None:
    """31 required skills of level 1; `p` has 16 of them: fit exactly 16/31. minFit 16/31 (the
    double nearest it, as a client sends it) keeps `p`; the next double above does not."""
    org = Org().unit("u")
    for i in range(31):
        org.skill(f"s{i:02d}")
    org.role("R", "u", {f"s{i:02d}": (1, 1) for i in range(31)})
    await org.employee("p", skills={f"s{i:02d}": 1 for i in range(16)}).save(db)
    at = nodes(api.data(QUERY, {"roleId": "R", "minFit": 16 / 31})["successionCandidates"])
    assert [(c["employee"]["id"], c["fit"]) for c in at] == [("p", 16 / 31)]
    above = math.nextafter(16 / 31, 1.0)
    assert nodes(api.data(QUERY, {"roleId": "R", "minFit": above})["successionCandidates"]) == []


async def test_role_without_requirements_has_no_candidates(db: Database, api: ApiClient) -> None:
    await org().role("EMPTY", "u1").save(db)
    assert nodes(api.data(QUERY, {"roleId": "EMPTY"})["successionCandidates"]) == []


async def test_unknown_role_is_not_found(db: Database, api: ApiClient) -> None:
    await org().save(db)
    assert api.error_codes(QUERY, {"roleId": "nope"}) == ["NOT_FOUND"]


@pytest.mark.parametrize(
    "variables",
    [{"first": 0}, {"first": 101}, {"first": -5}, {"minFit": -0.01}, {"minFit": 1.01}],
)
async def test_out_of_range_arguments(
    db: Database, api: ApiClient, variables: dict[str, float]
) -> None:
    await org().save(db)
    assert api.error_codes(QUERY, {"roleId": "R", **variables}) == ["BAD_USER_INPUT"]


async def test_candidates_walk_page_by_page(db: Database, api: ApiClient) -> None:
    """first=1 walks every candidate once, in order; totalCount counts them all (with minFit,
    those at or above it); a cursor of another list is refused."""
    await org().role("EMPTY", "u1").save(db)
    order = ["a", "c", "b", "b2", "d"]
    for first in (1, 2, 5, 100):
        pages = api.walk(QUERY, "successionCandidates", {"roleId": "R", "first": first})
        assert [c["employee"]["id"] for page in pages for c in page] == order, first
        assert all(len(page) == first for page in pages[:-1])
    head = api.data(QUERY, {"roleId": "R", "first": 2})["successionCandidates"]
    assert head["totalCount"] == 5 and head["pageInfo"]["hasNextPage"]
    filtered = api.walk(QUERY, "successionCandidates", {"roleId": "R", "first": 1, "minFit": 0.4})
    assert [c["employee"]["id"] for page in filtered for c in page] == ["a", "c", "b", "b2"]
    above = api.data(QUERY, {"roleId": "R", "first": 1, "minFit": 0.4})["successionCandidates"]
    assert above["totalCount"] == 4
    # resumed after c (an edge's cursor): b, b2 (the same fit, a later id), then d
    after_c = head["edges"][1]["cursor"]
    rest = api.data(QUERY, {"roleId": "R", "after": after_c})["successionCandidates"]
    assert [e["node"]["employee"]["id"] for e in rest["edges"]] == ["b", "b2", "d"]
    assert rest["totalCount"] == 5 and not rest["pageInfo"]["hasNextPage"]
    empty = api.data(QUERY, {"roleId": "EMPTY"})["successionCandidates"]
    assert empty == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }
    other = api.data("{ employees(first: 1) { pageInfo { endCursor } } }")
    foreign = other["employees"]["pageInfo"]["endCursor"]
    for bad in (foreign, "not a cursor", "W10"):
        assert api.error_codes(QUERY, {"roleId": "R", "after": bad}) == ["BAD_USER_INPUT"]
