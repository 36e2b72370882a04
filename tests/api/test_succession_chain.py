"""vacancyChain over HTTP; every step worked out by hand.

One unit; every role requires skill `lead` at level 4 (weight 1), so fit = min(lead, 4) / 4.
Holders: ceo → CEO (grade 10), vp → VP (8), dirA and dirB → DIR (6), mgr → MGR (4) and COACH (2).

Current readiness:
- CEO: vp NOW (lead 2 → fit 0.5); dirB 1–2y (lead 4 → 1.0); a35 3–5y (lead 4 → 1.0);
  gone NOW (lead 4, inactive)
- VP:  dirA 1–2y (1.0); dirB 1–2y (1.0); ceo NOW (lead 4)
- DIR: vp NOW; mgr 1–2y (lead 1 → 0.25)
- MGR: free NOW (no lead → 0.0); a35 3–5y

Chain from CEO:
1. CEO ← vp: ready now beats dirB's better fit; a35 (3–5y) is not acceptable, gone is inactive.
   vp vacates VP.
2. VP ← dirA: dirA and dirB tie on readiness and fit, dirA first by id; ceo (ready now) holds
   CEO, a role already in the chain, so cannot move. dirA vacates DIR.
3. DIR ← mgr: vp has moved already, dirB holds DIR. mgr holds MGR (4) and COACH (2) and
   vacates the higher grade, MGR.
4. MGR ← free, who holds no role: nothing is left open → NO_BACKFILL.
maxDepth 3 stops after step 3 with DEPTH_LIMIT; without free's nomination step 4 finds only
a35 (3–5y) → EXTERNAL_HIRE.

Chain from DIR: DIR ← vp (ready now); VP ← ceo (ready now, and CEO is not in this chain); CEO:
vp has moved, dirB holds DIR (in the chain), a35 is 3–5y, gone inactive → EXTERNAL_HIRE.
LONELY has only a35 (3–5y): no step, EXTERNAL_HIRE.
"""

from __future__ import annotations

import pytest

from graph.db import Database
from tests.support.factories import Org
from tests.support.http_server import ApiClient

CHAIN = """
query($roleId: ID!, $maxDepth: Int) {
  vacancyChain(roleId: $roleId, maxDepth: $maxDepth) {
    steps { role { id } filledBy { id } readiness fit }
    endsWith
  }
}
"""
WITHDRAW = """
mutation($employeeId: ID!, $roleId: ID!) {
  withdrawNomination(employeeId: $employeeId, roleId: $roleId) { id }
}
"""

LEAD = {"lead": (4.0, 1.0)}
STEPS = [
    ("CEO", "vp", "READY_NOW", 0.5),
    ("VP", "dirA", "READY_1_2_YEARS", 1.0),
    ("DIR", "mgr", "READY_1_2_YEARS", 0.25),
    ("MGR", "free", "READY_NOW", 0.0),
]


def org() -> Org:
    return (
        Org()
        .unit("u")
        .skill("lead")
        .role("CEO", "u", LEAD, grade=10, critical=True)
        .role("VP", "u", LEAD, grade=8, critical=True)
        .role("DIR", "u", LEAD, grade=6)
        .role("MGR", "u", LEAD, grade=4)
        .role("COACH", "u", LEAD, grade=2)
        .role("LONELY", "u", LEAD, grade=5)
        .employee("ceo", holds=("CEO",), skills={"lead": 4})
        .employee("vp", holds=("VP",), skills={"lead": 2})
        .employee("dirA", holds=("DIR",), skills={"lead": 4})
        .employee("dirB", holds=("DIR",), skills={"lead": 4})
        .employee("mgr", holds=("MGR", "COACH"), skills={"lead": 1})
        .employee("free")
        .employee("a35", skills={"lead": 4})
        .employee("gone", skills={"lead": 4}, active=False)
        .assess("vp", "CEO", "READY_NOW")
        .assess("dirB", "CEO", "READY_1_2_YEARS")
        .assess("a35", "CEO", "READY_3_5_YEARS")
        .assess("gone", "CEO", "READY_NOW")
        .assess("dirA", "VP", "READY_1_2_YEARS")
        .assess("dirB", "VP", "READY_1_2_YEARS")
        .assess("ceo", "VP", "READY_NOW")
        .assess("vp", "DIR", "READY_NOW")
        .assess("mgr", "DIR", "READY_1_2_YEARS")
        .assess("free", "MGR", "READY_NOW")
        .assess("a35", "MGR", "READY_3_5_YEARS")
        .assess("a35", "LONELY", "READY_3_5_YEARS")
    )


def steps(chain: dict) -> list[tuple]:
    return [
        (s["role"]["id"], s["filledBy"]["id"], s["readiness"], s["fit"]) for s in chain["steps"]
    ]


async def test_chain_ends_when_the_mover_held_no_role(db: Database, api: ApiClient) -> None:
    await org().save(db)
    chain = api.data(CHAIN, {"roleId": "CEO", "maxDepth": 10})["vacancyChain"]
    assert steps(chain) == STEPS
    assert chain["endsWith"] == "NO_BACKFILL"


async def test_depth_limit(db: Database, api: ApiClient) -> None:
    await org().save(db)
    chain = api.data(CHAIN, {"roleId": "CEO"})["vacancyChain"]  # maxDepth defaults to 3
    assert steps(chain) == STEPS[:3]
    assert chain["endsWith"] == "DEPTH_LIMIT"
    one = api.data(CHAIN, {"roleId": "CEO", "maxDepth": 1})["vacancyChain"]
    assert steps(one) == STEPS[:1]
    assert one["endsWith"] == "DEPTH_LIMIT"


async def test_external_hire_when_no_acceptable_successor(db: Database, api: ApiClient) -> None:
    await org().save(db)
    api.data(WITHDRAW, {"employeeId": "free", "roleId": "MGR"})
    chain = api.data(CHAIN, {"roleId": "CEO", "maxDepth": 10})["vacancyChain"]
    assert steps(chain) == STEPS[:3]
    assert chain["endsWith"] == "EXTERNAL_HIRE"
    # only a 3-5 years successor: no step at all
    lonely = api.data(CHAIN, {"roleId": "LONELY"})["vacancyChain"]
    assert lonely == {"steps": [], "endsWith": "EXTERNAL_HIRE"}
    # from DIR, ceo holds no role of the chain yet, so ceo (ready now) backfills VP
    from_dir = api.data(CHAIN, {"roleId": "DIR"})["vacancyChain"]
    assert steps(from_dir) == [("DIR", "vp", "READY_NOW", 0.5), ("VP", "ceo", "READY_NOW", 1.0)]
    assert from_dir["endsWith"] == "EXTERNAL_HIRE"


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"roleId": "NOPE"}, "NOT_FOUND"),
        ({"roleId": "CEO", "maxDepth": 0}, "BAD_USER_INPUT"),
        ({"roleId": "CEO", "maxDepth": 11}, "BAD_USER_INPUT"),
    ],
)
async def test_chain_errors(db: Database, api: ApiClient, variables: dict, code: str) -> None:
    await org().save(db)
    assert api.error_codes(CHAIN, variables) == [code]


async def test_another_seat_of_a_role_in_the_chain_is_another_vacancy(
    db: Database, api: ApiClient
) -> None:
    """MID has two seats (m1, m2). TOP ← m1, who vacates a seat of MID; MID ← s, who vacates
    SIDE; SIDE ← m2: m2 holds the other seat of MID, a role already in the chain, and may move
    (DESIGN §4: a seat is one HOLDS edge), vacating that seat; MID again has nobody left who has
    not moved → EXTERNAL_HIRE."""
    await (
        Org()
        .unit("U")
        .skill("lead")
        .role("TOP", "U", LEAD, grade=9)
        .role("MID", "U", LEAD, grade=5)
        .role("SIDE", "U", LEAD, grade=4)
        .employee("m1", holds=("MID",), skills={"lead": 4})
        .employee("m2", holds=("MID",), skills={"lead": 3})
        .employee("s", holds=("SIDE",), skills={"lead": 2})
        .assess("m1", "TOP", "READY_NOW")
        .assess("s", "MID", "READY_NOW")
        .assess("m2", "SIDE", "READY_NOW")
        .save(db)
    )
    chain = api.data(CHAIN, {"roleId": "TOP", "maxDepth": 5})["vacancyChain"]
    assert [(s["role"]["id"], s["filledBy"]["id"]) for s in chain["steps"]] == [
        ("TOP", "m1"),
        ("MID", "s"),
        ("SIDE", "m2"),
    ]
    assert chain["endsWith"] == "EXTERNAL_HIRE"
