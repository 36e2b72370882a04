"""successors and benchStrength over HTTP; every figure worked out by hand.

Units: ROOT ← A ← A1, ROOT ← B. Weights 1.0 / 0.5 / 0.25 (defaults). Skill k; every role requires
k at level 4, weight 1, so fit = min(k, 4) / 4.

| role | unit | critical | active incumbents (risk, impact) |
|---|---|---|---|
| R1 | A  | yes | i1 (HIGH, HIGH) |
| R2 | A1 | yes | i2a (MEDIUM, HIGH), i2b (HIGH, LOW) |
| R3 | B  | yes | i3 (LOW, unknown → MEDIUM) |
| R4 | A  | no  | i4 (HIGH, HIGH) |
| R5 | A1 | yes | none (x5 holds it but is inactive) |

Current READY_FOR edges, and n = each person's READY_FOR edges to roles they do not hold:
- s1: R1 NOW, R2 1–2y                → n = 2
- s2: R1 NOW                          → n = 1
- s3: R2 3–5y, R3 NOW, R4 1–2y        → n = 3
- i1: R2 1–2y, and R1 NOW (their own role, imported: not a nomination) → n = 1
- gone (inactive): R2 NOW             → not a successor anywhere

Bench score = Σ shares, share = weight / n; cover = 1 − Π (1 − share); risk = max over incumbents of
p · impact · (1 − cover):
- R1: shares s1 1.0/2, s2 1.0/1: score 1.5; cover 1 − ½·0 = 1; 2 ready now → COVERED;
  risk 0.6·1·0 = 0
- R2: shares s1 0.5/2 = ¼, s3 0.25/3 = 1/12, i1 0.5/1 = ½: score 0.833333…; cover
  1 − ¾·11/12·½ = 21/32; 0 now, 2 in 1–2y, 1 in 3–5y → NOT_READY; risk max(0.3·1, 0.6·⅓) ·
  11/32 = 0.103125 (nobody ready now: never 0 while an incumbent is at risk)
- R3: share s3 1.0/3: score = cover = ⅓; COVERED; risk 0.1 · ⅔ · ⅔ = 0.044444…
- R4: share s3 0.5/3: score = cover = ⅙; NOT_READY; risk 0.6 · 1 · ⅚ = 0.5
- R5: nobody → 0, cover 0, UNCOVERED; no active incumbent → risk 0

Slate of R2 (readiness, then fit desc, then id): i1 (1–2y, k 4 → fit 1.0), s1 (1–2y, k 2 → 0.5),
s3 (3–5y, no k → 0.0).
"""

from __future__ import annotations

import pytest

from graph.db import Database
from tests.support.factories import Org
from tests.support.http_server import ApiClient, nodes

BENCH = """
query($orgUnitId: ID, $criticalOnly: Boolean, $first: Int, $after: String) {
  benchStrength(orgUnitId: $orgUnitId, criticalOnly: $criticalOnly, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        role { id title } incumbents { totalCount edges { node { id } } }
        readyNow readyOneToTwoYears readyThreeToFiveYears benchScore coverage cover keyPersonRisk
      }
    }
  }
}
"""
SUCCESSORS = """
query($roleId: ID!, $first: Int, $after: String) {
  successors(roleId: $roleId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node { employee { id name } readiness fit assessedAt assessedBy }
    }
  }
}
"""

REQ = {"k": (4.0, 1.0)}


def org() -> Org:
    return (
        Org()
        .unit("ROOT")
        .unit("A", parent="ROOT")
        .unit("A1", parent="A")
        .unit("B", parent="ROOT")
        .skill("k")
        .role("R1", "A", REQ, critical=True)
        .role("R2", "A1", REQ, critical=True)
        .role("R3", "B", REQ, critical=True)
        .role("R4", "A", REQ)
        .role("R5", "A1", REQ, critical=True)
        .employee("i1", holds=("R1",), skills={"k": 4}, risk_of_loss="HIGH", impact_of_loss="HIGH")
        .employee("i2a", holds=("R2",), risk_of_loss="MEDIUM", impact_of_loss="HIGH")
        .employee("i2b", holds=("R2",), risk_of_loss="HIGH", impact_of_loss="LOW")
        .employee("i3", holds=("R3",), risk_of_loss="LOW")
        .employee("i4", holds=("R4",), risk_of_loss="HIGH", impact_of_loss="HIGH")
        .employee("x5", holds=("R5",), risk_of_loss="HIGH", impact_of_loss="HIGH", active=False)
        .employee("s1", skills={"k": 2})
        .employee("s2")
        .employee("s3")
        .employee("gone", skills={"k": 4}, active=False)
        .assess("s1", "R1", "READY_NOW")
        .assess("s1", "R2", "READY_1_2_YEARS")
        .assess("s2", "R1", "READY_NOW")
        .assess("s3", "R2", "READY_3_5_YEARS")
        .assess("s3", "R3", "READY_NOW")
        .assess("s3", "R4", "READY_1_2_YEARS")
        .assess("i1", "R2", "READY_1_2_YEARS")
        .assess("i1", "R1", "READY_NOW")
        .assess("gone", "R2", "READY_NOW")
    )


EXPECTED = {
    # role: (incumbents, now, 1-2y, 3-5y, benchScore, coverage, cover, keyPersonRisk)
    "R1": (["i1"], 2, 0, 0, 1.5, "COVERED", 1.0, 0.0),
    "R2": (["i2a", "i2b"], 0, 2, 1, 0.25 + 0.25 / 3 + 0.5, "NOT_READY", 21 / 32, 0.103125),
    "R3": (["i3"], 1, 0, 0, 1 / 3, "COVERED", 1 / 3, 0.1 * 2 / 3 * 2 / 3),
    "R4": (["i4"], 0, 1, 0, 0.5 / 3, "NOT_READY", 1 / 6, 0.5),
    "R5": ([], 0, 0, 0, 0.0, "UNCOVERED", 0.0, 0.0),
}


def figures(item: dict) -> tuple:
    return (
        [i["id"] for i in nodes(item["incumbents"])],
        item["readyNow"],
        item["readyOneToTwoYears"],
        item["readyThreeToFiveYears"],
        pytest.approx(item["benchScore"], abs=1e-12),
        item["coverage"],
        pytest.approx(item["cover"], abs=1e-12),
        pytest.approx(item["keyPersonRisk"], abs=1e-12),
    )


async def test_bench_of_all_critical_roles(db: Database, api: ApiClient) -> None:
    await org().save(db)
    got = nodes(api.data(BENCH)["benchStrength"])
    assert [b["role"]["id"] for b in got] == ["R2", "R3", "R1", "R5"]
    for item in got:
        assert figures(item) == EXPECTED[item["role"]["id"]], item["role"]["id"]
    assert got[0]["role"]["title"] == "Role R2"


async def test_bench_of_a_unit_subtree(db: Database, api: ApiClient) -> None:
    await org().save(db)
    ids = lambda variables: [  # noqa: E731
        b["role"]["id"] for b in nodes(api.data(BENCH, variables)["benchStrength"])
    ]
    assert ids({"orgUnitId": "A"}) == ["R2", "R1", "R5"]
    assert ids({"orgUnitId": "A", "criticalOnly": False}) == ["R4", "R2", "R1", "R5"]
    assert ids({"orgUnitId": "A1"}) == ["R2", "R5"]
    assert ids({"orgUnitId": "B"}) == ["R3"]
    assert ids({"orgUnitId": "ROOT", "criticalOnly": False}) == ["R4", "R2", "R3", "R1", "R5"]
    r4 = nodes(api.data(BENCH, {"criticalOnly": False})["benchStrength"])[0]
    assert figures(r4) == EXPECTED["R4"]


async def test_bench_pages(db: Database, api: ApiClient) -> None:
    await org().save(db)
    order = ["R2", "R3", "R1", "R5"]
    for first in (1, 2, 3, 4, 100):
        pages = api.walk(BENCH, "benchStrength", {"first": first})
        assert [b["role"]["id"] for page in pages for b in page] == order, first
    head = api.data(BENCH, {"first": 2})["benchStrength"]
    assert head["totalCount"] == 4 and head["pageInfo"]["hasNextPage"]
    after_r3 = head["edges"][1]["cursor"]
    second = api.data(BENCH, {"first": 2, "after": after_r3})["benchStrength"]
    assert [b["role"]["id"] for b in nodes(second)] == ["R1", "R5"]
    assert second["totalCount"] == 4 and not second["pageInfo"]["hasNextPage"]
    last = api.data(BENCH, {"first": 2, "after": second["pageInfo"]["endCursor"]})
    assert last["benchStrength"]["edges"] == [] and last["benchStrength"]["totalCount"] == 4
    empty = api.data(BENCH, {"orgUnitId": "B", "criticalOnly": True, "first": 1})
    assert empty["benchStrength"]["totalCount"] == 1
    # a cursor of another list (the slate) is refused
    slate = api.data(SUCCESSORS, {"roleId": "R2", "first": 1})["successors"]
    foreign = slate["pageInfo"]["endCursor"]
    assert api.error_codes(BENCH, {"after": foreign}) == ["BAD_USER_INPUT"]
    assert api.error_codes(SUCCESSORS, {"roleId": "R2", "after": after_r3}) == ["BAD_USER_INPUT"]


async def test_slate_pages(db: Database, api: ApiClient) -> None:
    await org().save(db)
    for first in (1, 2, 3):
        pages = api.walk(SUCCESSORS, "successors", {"roleId": "R2", "first": first})
        assert [s["employee"]["id"] for page in pages for s in page] == ["i1", "s1", "s3"]
    head = api.data(SUCCESSORS, {"roleId": "R2", "first": 1})["successors"]
    assert head["totalCount"] == 3 and head["pageInfo"]["hasNextPage"]
    none = api.data(SUCCESSORS, {"roleId": "R5"})["successors"]
    assert none == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }
    for first in (0, 201):
        assert api.error_codes(SUCCESSORS, {"roleId": "R2", "first": first}) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"orgUnitId": "NOPE"}, "NOT_FOUND"),
        ({"first": 0}, "BAD_USER_INPUT"),
        ({"first": 501}, "BAD_USER_INPUT"),
        ({"after": "not-a-cursor"}, "BAD_USER_INPUT"),
        ({"after": "WyJ4IiwgMV0"}, "BAD_USER_INPUT"),  # ["x", 1]: wrong types
    ],
)
async def test_bench_errors(db: Database, api: ApiClient, variables: dict, code: str) -> None:
    await org().save(db)
    assert api.error_codes(BENCH, variables) == [code]


async def test_slate_order_and_fields(db: Database, api: ApiClient) -> None:
    await org().save(db)
    got = nodes(api.data(SUCCESSORS, {"roleId": "R2"})["successors"])
    assert [(s["employee"]["id"], s["readiness"], s["fit"]) for s in got] == [
        ("i1", "READY_1_2_YEARS", 1.0),
        ("s1", "READY_1_2_YEARS", 0.5),
        ("s3", "READY_3_5_YEARS", 0.0),
    ]
    assert got[0]["employee"]["name"] == "Person i1"
    assert got[0]["assessedBy"] == "hr@example.com"
    assert got[0]["assessedAt"].startswith("2026-01-05T09:")
    # an incumbent's READY_FOR for their own role is not a nomination
    assert [
        s["employee"]["id"] for s in nodes(api.data(SUCCESSORS, {"roleId": "R1"})["successors"])
    ] == [
        "s1",
        "s2",
    ]
    assert nodes(api.data(SUCCESSORS, {"roleId": "R5"})["successors"]) == []
    assert api.error_codes(SUCCESSORS, {"roleId": "NOPE"}) == ["NOT_FOUND"]
