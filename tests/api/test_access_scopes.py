"""What each caller gets, beyond allowed or refused: lists filtered to a manager's scope, partial
results with sensitive fields withheld, assessedBy from the token, no existence oracle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.db import Database
from tests.support.callers import client_for
from tests.support.exposure_data import give_tasks
from tests.support.http_server import ApiClient, nodes
from tests.support.orgs import SINCE, seed_access_org


def _post(client: ApiClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.http.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]


async def test_manager_lists_are_their_org_units(db: Database, api: ApiClient) -> None:
    await seed_access_org(db)
    bench = "{ benchStrength { edges { node { role { id } } } } }"
    assert [b["role"]["id"] for b in nodes(api.data(bench)["benchStrength"])] == ["R1", "R2"]
    manager = client_for(api, "manager")
    assert [b["role"]["id"] for b in nodes(manager.data(bench)["benchStrength"])] == ["R1"]

    def people(found: dict) -> list[str]:
        return sorted(e["id"] for c in found["nineBox"] for e in nodes(c["employees"]))

    nine = '{ nineBox(orgUnitId: "U1") { employees { edges { node { id } } } } }'
    everyone = people(api.data(nine))
    assert everyone == ["A", "A2", "M"]
    # the manager sees the ratings of their reporting subtree only, not their own
    mine = people(manager.data(nine))
    assert mine == ["A", "A2"]
    unscoped = "{ nineBox { employees { edges { node { id } } } } }"
    assert people(manager.data(unscoped)) == [
        "A",
        "A2",
    ]


async def test_manager_sees_notes_of_their_subtree_only(db: Database, api: ApiClient) -> None:
    await seed_access_org(db)
    query = (
        '{ readinessChanges(since: "'
        + SINCE
        + '") { edges { node { employee { id } role { id } note } } } }'
    )
    body = _post(client_for(api, "manager"), query)
    items = nodes(body["data"]["readinessChanges"])
    assert {(i["employee"]["id"], i["role"]["id"]) for i in items} == {("A2", "R1"), ("O2", "R1")}
    notes = {i["employee"]["id"]: i["note"] for i in items}
    assert notes == {"A2": "in M's subtree", "O2": None}
    assert _codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["path"][-1] == "note"
    assert "manager chain" in body["errors"][0]["message"]
    # hr sees every note
    hr = nodes(client_for(api, "hr").data(query)["readinessChanges"])
    assert {i["note"] for i in hr if i["role"]["id"] == "R1"} == {
        "in M's subtree",
        "outside M's subtree",
    }


async def test_sensitive_fields_are_null_with_forbidden_entries(
    db: Database, api: ApiClient
) -> None:
    await seed_access_org(db)
    query = '{ employee(id: "A") { id name performance potential riskOfLoss impactOfLoss } }'
    assert api.data(query)["employee"] == {
        "id": "A",
        "name": "Person A",
        "performance": "HIGH",
        "potential": "MODERATE",
        "riskOfLoss": "HIGH",
        "impactOfLoss": "MEDIUM",
    }
    assert client_for(api, "manager").data(query)["employee"]["performance"] == "HIGH"
    for caller in ("employee", "service"):
        body = _post(client_for(api, caller), query)
        assert body["data"]["employee"] == {
            "id": "A",
            "name": "Person A",
            "performance": None,
            "potential": None,
            "riskOfLoss": None,
            "impactOfLoss": None,
        }
        assert _codes(body) == ["FORBIDDEN"] * 4
        assert sorted(e["path"][-1] for e in body["errors"]) == [
            "impactOfLoss",
            "performance",
            "potential",
            "riskOfLoss",
        ]


async def test_people_reached_through_a_slate(db: Database, api: ApiClient) -> None:
    """A manager reads the slate of a role in their units, with everyone on it; only the people
    of their subtree show ratings and skills."""
    await seed_access_org(db)
    query = (
        '{ successors(roleId: "R1") '
        "{ edges { node { employee { id name performance skills { level } } } } } }"
    )
    body = _post(client_for(api, "manager"), query)
    people = {s["employee"]["id"]: s["employee"] for s in nodes(body["data"]["successors"])}
    assert people["A2"]["performance"] == "HIGH"
    assert people["A2"]["skills"]
    assert people["O2"] == {"id": "O2", "name": "Person O2", "performance": None, "skills": None}
    assert sorted(e["path"][-1] for e in body["errors"]) == ["performance", "skills"]


async def test_assessed_by_is_the_token_subject(db: Database, api: ApiClient) -> None:
    await seed_access_org(db)
    query = (
        'mutation { assessReadiness(input: {employeeId: "A2", roleId: "R1", readiness: READY_NOW, '
        'note: "ready"}) { assessedBy note } }'
    )
    got = client_for(api, "manager").data(query)["assessReadiness"]
    assert got == {"assessedBy": "manager@example.com", "note": "ready"}
    # nobody assesses themselves through the manager role
    own = query.replace('"A2"', '"M"').replace('"R1"', '"RTOP"')
    assert _codes(_post(client_for(api, "manager"), own)) == ["FORBIDDEN"]


async def test_out_of_scope_and_unknown_ids_look_the_same(db: Database, api: ApiClient) -> None:
    """A limited caller cannot tell which ids exist: both are FORBIDDEN; admins get NOT_FOUND."""
    await seed_access_org(db)
    manager = client_for(api, "manager")
    for query in (
        '{ employee(id: "O") { id } }',
        '{ employee(id: "nobody") { id } }',
        '{ role(id: "nothing") { id } }',
        '{ talentMap(employeeId: "nobody") { totalCount } }',
        '{ successors(roleId: "nothing") { totalCount } }',
        '{ benchStrength(orgUnitId: "nowhere") { totalCount } }',
    ):
        assert _codes(_post(manager, query)) == ["FORBIDDEN"], query
    assert api.error_codes('{ employee(id: "nobody") { id } }') == ["NOT_FOUND"]
    assert api.error_codes('{ benchStrength(orgUnitId: "nowhere") { totalCount } }') == [
        "NOT_FOUND"
    ]


async def test_an_employee_sees_their_own_map_with_its_roles(db: Database, api: ApiClient) -> None:
    await seed_access_org(db)
    me = client_for(api, "employee")
    found = me.data('{ talentMap(employeeId: "A") { edges { node { role { id title grade } } } } }')
    entries = nodes(found["talentMap"])
    assert entries and all(e["role"]["title"] for e in entries)
    own = me.data('{ employee(id: "A") { skills { level } manager { id name } } }')["employee"]
    assert own["manager"] == {"id": "M", "name": "Person M"}  # directory fields of others
    body = _post(me, '{ employee(id: "A") { manager { skills { level } } } }')
    assert _codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["path"] == ["employee", "manager", "skills"]


async def test_tokens_without_employee_id_or_from_inactive_managers_have_no_scope(
    db: Database, api: ApiClient
) -> None:
    await seed_access_org(db)
    anonymous_manager = api.as_user("m2", "manager")
    assert anonymous_manager.error_codes('{ employee(id: "A") { id } }') == ["FORBIDDEN"]
    assert anonymous_manager.error_codes("{ benchStrength { totalCount } }") == ["FORBIDDEN"]
    nobody = api.as_user("e2", "employee")
    assert nobody.error_codes('{ employee(id: "A") { id } }') == ["FORBIDDEN"]
    async with db.driver.session(database=db.database) as session:
        await (await session.run("MATCH (e:Employee {id: 'M'}) SET e.active = false")).consume()
    manager = client_for(api, "manager")
    assert manager.error_codes('{ employee(id: "A") { id } }') == ["FORBIDDEN"]
    assert manager.data('{ employee(id: "M") { id } }') == {"employee": {"id": "M"}}  # self


async def test_roles_add_up(db: Database, api: ApiClient) -> None:
    await seed_access_org(db)
    both = api.as_user("m+e", "manager", "employee", employee_id="M")
    assert both.data('{ employee(id: "A2") { performance } }') == {
        "employee": {"performance": "HIGH"}
    }
    reader = api.as_user("svc+hr", "service", "hr")
    assert reader.data('{ employee(id: "O") { riskOfLoss } }') == {
        "employee": {"riskOfLoss": "HIGH"}
    }


async def test_exposed_roles_of_a_manager(db: Database, api: ApiClient, tmp_path: Path) -> None:
    await seed_access_org(db)
    await give_tasks(
        db,
        tmp_path,
        [
            {"role_id": "R1", "task_id": "t1", "statement": "T1", "exposure": 0.9},
            {"role_id": "R2", "task_id": "t2", "statement": "T2", "exposure": 0.8},
        ],
    )
    query = "{ automationExposedRoles(minExposure: 0.5) { edges { node { role { id } } } } }"
    assert [r["role"]["id"] for r in nodes(api.data(query)["automationExposedRoles"])] == [
        "R1",
        "R2",
    ]
    manager = client_for(api, "manager")
    exposed = nodes(manager.data(query)["automationExposedRoles"])
    assert [r["role"]["id"] for r in exposed] == ["R1"]
