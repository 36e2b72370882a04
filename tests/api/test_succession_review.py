"""What a succession review reads besides slates: readinessChanges, nineBox and hidden candidates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.db import Database
from tests.support.factories import Org
from tests.support.http_server import ADMIN_SUBJECT, ApiClient, nodes

CHANGES = """
query($since: DateTime!, $orgUnitId: ID, $first: Int, $after: String) {
  readinessChanges(since: $since, orgUnitId: $orgUnitId, first: $first, after: $after) {
    totalCount
    edges {
      cursor
      node { id kind employee { id } role { id } previousReadiness readiness assessedBy assessedAt }
    }
    pageInfo { endCursor hasNextPage }
  }
}
"""
ASSESS = """
mutation($input: AssessReadinessInput!) { assessReadiness(input: $input) { id } }
"""
WITHDRAW = """
mutation($employeeId: ID!, $roleId: ID!) {
  withdrawNomination(employeeId: $employeeId, roleId: $roleId) { id }
}
"""
NINE_BOX = """
query($orgUnitId: ID, $first: Int, $after: String) {
  nineBox(orgUnitId: $orgUnitId) {
    performance potential
    employees(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }
    }
  }
}
"""
CANDIDATES = """
query($roleId: ID!, $first: Int) {
  successionCandidates(roleId: $roleId, first: $first) {
    edges { node { employee { id } fit readiness hidden } }
  }
}
"""


def at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 9, 0, tzinfo=UTC)


def history_org() -> Org:
    """Units ROOT ← U1 (role R), ROOT ← U2 (role Q). Imported history (ids by order added):

    | id | pair | readiness | at | previous (computed from the pair's prior entry) |
    |---|---|---|---|---|
    | ra-1 | c→R | 3–5y | 01-10 | — |
    | ra-2 | c→R | 1–2y | 02-10 | 3–5y (ra-1) |
    | ra-3 | d→R | 1–2y | 02-15 | — |
    | ra-4 | c→R | now  | 03-10 | 1–2y (ra-2) |
    | ra-5 | c→Q | 3–5y | 02-20 | — |
    | ra-6 | old→R (inactive) | now | 02-12 | — |
    | ra-7 | d→Q | now  | 03-10 | — (same time as ra-4: newer-first by id puts ra-7 first) |

    Then through the API: d→R READY_NOW (previous 1–2y, recorded), then c→R withdrawn (previous
    now, recorded). Since 02-10 (inclusive), newest first:
    withdrawal c→R, assessment d→R, ra-7, ra-4, ra-5, ra-3, ra-6, ra-2.
    """
    return (
        Org()
        .unit("ROOT")
        .unit("U1", parent="ROOT")
        .unit("U2", parent="ROOT")
        .role("R", "U1")
        .role("Q", "U2")
        .employee("c")
        .employee("d")
        .employee("old", active=False)
        .assess("c", "R", "READY_3_5_YEARS", at=at(1, 10))
        .assess("c", "R", "READY_1_2_YEARS", at=at(2, 10))
        .assess("d", "R", "READY_1_2_YEARS", at=at(2, 15))
        .assess("c", "R", "READY_NOW", at=at(3, 10))
        .assess("c", "Q", "READY_3_5_YEARS", at=at(2, 20))
        .assess("old", "R", "READY_NOW", at=at(2, 12))
        .assess("d", "Q", "READY_NOW", at=at(3, 10))
    )


def rows(items: list[dict]) -> list[tuple]:
    """Imported entries by id; those written through the API (random ids) by kind."""
    return [
        (
            i["id"] if len(i["id"]) < 8 else i["kind"],
            i["employee"]["id"],
            i["role"]["id"],
            i["previousReadiness"],
            i["readiness"],
        )
        for i in items
    ]


EVERYTHING = [
    ("WITHDRAWN", "c", "R", "READY_NOW", None),
    ("ASSESSED", "d", "R", "READY_1_2_YEARS", "READY_NOW"),
    ("ra-7", "d", "Q", None, "READY_NOW"),
    ("ra-4", "c", "R", "READY_1_2_YEARS", "READY_NOW"),
    ("ra-5", "c", "Q", None, "READY_3_5_YEARS"),
    ("ra-3", "d", "R", None, "READY_1_2_YEARS"),
    ("ra-6", "old", "R", None, "READY_NOW"),
    ("ra-2", "c", "R", "READY_3_5_YEARS", "READY_1_2_YEARS"),
]


async def seeded(db: Database, api: ApiClient) -> None:
    await history_org().save(db)
    api.data(ASSESS, {"input": {"employeeId": "d", "roleId": "R", "readiness": "READY_NOW"}})
    api.data(WITHDRAW, {"employeeId": "c", "roleId": "R"})


async def test_changes_since_newest_first(db: Database, api: ApiClient) -> None:
    await seeded(db, api)
    got = api.data(CHANGES, {"since": "2025-02-10T09:00:00Z"})["readinessChanges"]
    assert rows(nodes(got)) == EVERYTHING
    assert got["pageInfo"]["hasNextPage"] is False and got["totalCount"] == len(EVERYTHING)
    assert nodes(got)[0]["assessedBy"] == ADMIN_SUBJECT
    assert nodes(got)[-1]["assessedBy"] == "hr@example.com"
    assert nodes(got)[-1]["assessedAt"].startswith("2025-02-10T09:00:00")
    # a naive time is UTC
    naive = api.data(CHANGES, {"since": "2025-03-10T09:00:00"})["readinessChanges"]
    assert rows(nodes(naive)) == EVERYTHING[:4] and naive["totalCount"] == 4
    later = api.data(CHANGES, {"since": "2030-01-01T00:00:00Z"})["readinessChanges"]
    assert later == {
        "totalCount": 0,
        "edges": [],
        "pageInfo": {"endCursor": None, "hasNextPage": False},
    }


async def test_changes_of_a_unit_subtree(db: Database, api: ApiClient) -> None:
    await seeded(db, api)
    since = "2025-02-10T09:00:00Z"
    u1 = api.data(CHANGES, {"since": since, "orgUnitId": "U1"})["readinessChanges"]
    assert rows(nodes(u1)) == [r for r in EVERYTHING if r[2] == "R"]
    assert u1["totalCount"] == len(nodes(u1))
    root = api.data(CHANGES, {"since": since, "orgUnitId": "ROOT"})["readinessChanges"]
    assert rows(nodes(root)) == EVERYTHING


async def test_changes_pages(db: Database, api: ApiClient) -> None:
    await seeded(db, api)
    for first, count in ((3, 3), (1, 8), (8, 1), (200, 1)):
        pages = api.walk(
            CHANGES, "readinessChanges", {"since": "2025-02-10T09:00:00Z", "first": first}
        )
        assert len(pages) == count
        assert rows([entry for page in pages for entry in page]) == EVERYTHING
    audit = api.data("{ auditLog(first: 1) { pageInfo { endCursor } } }")
    foreign = audit["auditLog"]["pageInfo"]["endCursor"]
    variables = {"since": "2025-02-10T09:00:00Z", "after": foreign}
    assert api.error_codes(CHANGES, variables) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"orgUnitId": "NOPE"}, "NOT_FOUND"),
        ({"first": 0}, "BAD_USER_INPUT"),
        ({"first": 201}, "BAD_USER_INPUT"),
        ({"after": "bm9wZQ"}, "BAD_USER_INPUT"),
        ({"after": "WzEsIDIwMDAwMDAwMDAsICJ4Il0"}, "BAD_USER_INPUT"),  # [1, 2000000000, "x"]
    ],
)
async def test_changes_errors(db: Database, api: ApiClient, variables: dict, code: str) -> None:
    await history_org().save(db)
    assert api.error_codes(CHANGES, {"since": "2025-01-01T00:00:00Z", **variables}) == [code]


def nine_box_org() -> Org:
    """Units ROOT ← A (role RA), ROOT ← B (role RB), role RR in ROOT.

    | person | holds | performance | potential | in the box? |
    |---|---|---|---|---|
    | a1 | RA | HIGH | HIGH | yes |
    | a2 | RA | LOW | HIGH | yes |
    | a3 | RA | HIGH | — | no: no potential rating |
    | a4 | RA (inactive) | HIGH | HIGH | no: inactive |
    | b1 | RB | MODERATE | MODERATE | yes |
    | b2 | RB and RA | HIGH | HIGH | yes, once |
    | r1 | RR | LOW | LOW | yes |
    | n1 | nothing | HIGH | HIGH | no: holds no role |
    """
    return (
        Org()
        .unit("ROOT")
        .unit("A", parent="ROOT")
        .unit("B", parent="ROOT")
        .role("RA", "A")
        .role("RB", "B")
        .role("RR", "ROOT")
        .employee("a1", holds=("RA",), performance="HIGH", potential="HIGH")
        .employee("a2", holds=("RA",), performance="LOW", potential="HIGH")
        .employee("a3", holds=("RA",), performance="HIGH")
        .employee("a4", holds=("RA",), performance="HIGH", potential="HIGH", active=False)
        .employee("b1", holds=("RB",), performance="MODERATE", potential="MODERATE")
        .employee("b2", holds=("RB", "RA"), performance="HIGH", potential="HIGH")
        .employee("r1", holds=("RR",), performance="LOW", potential="LOW")
        .employee("n1", performance="HIGH", potential="HIGH")
    )


#: (performance, potential) in the fixed order: potential HIGH → LOW, performance LOW → HIGH.
CELLS = [
    ("LOW", "HIGH"),
    ("MODERATE", "HIGH"),
    ("HIGH", "HIGH"),
    ("LOW", "MODERATE"),
    ("MODERATE", "MODERATE"),
    ("HIGH", "MODERATE"),
    ("LOW", "LOW"),
    ("MODERATE", "LOW"),
    ("HIGH", "LOW"),
]


def box(api: ApiClient, unit: str | None) -> list[tuple]:
    cells = api.data(NINE_BOX, {"orgUnitId": unit})["nineBox"]
    assert all(c["employees"]["totalCount"] == len(c["employees"]["edges"]) for c in cells)
    return [
        (c["performance"], c["potential"], [e["id"] for e in nodes(c["employees"])]) for c in cells
    ]


async def test_nine_box(db: Database, api: ApiClient) -> None:
    await nine_box_org().save(db)
    in_a = {("LOW", "HIGH"): ["a2"], ("HIGH", "HIGH"): ["a1", "b2"]}
    assert box(api, "A") == [(*cell, in_a.get(cell, [])) for cell in CELLS]
    everyone = {**in_a, ("MODERATE", "MODERATE"): ["b1"], ("LOW", "LOW"): ["r1"]}
    assert box(api, "ROOT") == [(*cell, everyone.get(cell, [])) for cell in CELLS]
    assert box(api, None) == box(api, "ROOT")
    in_b = {("MODERATE", "MODERATE"): ["b1"], ("HIGH", "HIGH"): ["b2"]}
    assert box(api, "B") == [(*cell, in_b.get(cell, [])) for cell in CELLS]
    assert api.error_codes(NINE_BOX, {"orgUnitId": "NOPE"}) == ["NOT_FOUND"]


async def test_nine_box_cells_page(db: Database, api: ApiClient) -> None:
    """Each cell's people page by id; `after` reaches every cell (each resumes after that id);
    a cursor of another list is refused."""
    await nine_box_org().save(db)
    top = api.data(NINE_BOX, {"first": 1})["nineBox"][2]  # HIGH performance, HIGH potential
    assert (top["performance"], top["potential"]) == ("HIGH", "HIGH")
    assert [e["id"] for e in nodes(top["employees"])] == ["a1"]
    assert top["employees"]["totalCount"] == 2 and top["employees"]["pageInfo"]["hasNextPage"]
    after = top["employees"]["pageInfo"]["endCursor"]
    cells = api.data(NINE_BOX, {"first": 1, "after": after})["nineBox"]
    assert [e["id"] for e in nodes(cells[2]["employees"])] == ["b2"]
    assert not cells[2]["employees"]["pageInfo"]["hasNextPage"]
    # every other cell resumes after a1 too: a2 (LOW, HIGH) comes after a1
    assert [e["id"] for e in nodes(cells[0]["employees"])] == ["a2"]
    reports = api.data("{ employees(first: 1) { pageInfo { endCursor } } }")
    foreign = reports["employees"]["pageInfo"]["endCursor"]
    assert api.error_codes(NINE_BOX, {"after": foreign})[0] == "BAD_USER_INPUT"


async def test_hidden_candidates(db: Database, api: ApiClient) -> None:
    """R requires s (level 4, weight 1): fit = min(s, 4) / 4.

    | person | s | fit | assessed for R? | hidden |
    |---|---|---|---|---|
    | a | 4 | 1.0  | no (only for Q)                  | yes |
    | o | 4 | 1.0  | no                               | yes |
    | c | 3 | 0.75 | current READY_NOW                | no |
    | w | 3 | 0.75 | withdrawn: history, no edge      | no |
    | h | 2 | 0.5  | no                               | yes (fit ≥ 0.5) |
    | b | 1 | 0.25 | no                               | no (fit < 0.5) |
    """
    await (
        Org()
        .unit("u")
        .skill("s")
        .role("R", "u", {"s": (4, 1)})
        .role("Q", "u", {"s": (1, 1)})
        .employee("a", skills={"s": 4})
        .employee("o", skills={"s": 4})
        .employee("c", skills={"s": 3})
        .employee("w", skills={"s": 3})
        .employee("h", skills={"s": 2})
        .employee("b", skills={"s": 1})
        .assess("a", "Q", "READY_NOW")
        .assess("c", "R", "READY_NOW")
        .assess("w", "R", "READY_1_2_YEARS")
        .save(db)
    )
    api.data(WITHDRAW, {"employeeId": "w", "roleId": "R"})
    got = nodes(api.data(CANDIDATES, {"roleId": "R"})["successionCandidates"])
    assert [(c["employee"]["id"], c["fit"], c["readiness"], c["hidden"]) for c in got] == [
        ("a", 1.0, None, True),
        ("o", 1.0, None, True),
        ("c", 0.75, "READY_NOW", False),
        ("w", 0.75, None, False),
        ("h", 0.5, None, True),
        ("b", 0.25, None, False),
    ]
