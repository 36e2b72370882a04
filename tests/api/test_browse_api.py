"""Browse and search over HTTP: employees, roles, skills and orgUnits as Relay connections,
orgUnit(id) with its parent, children, roles, headcount, head and path, Role.orgUnit.path, bad
input, sensitive fields inside lists, and the cost of the new lists."""

from __future__ import annotations

from graph.auth import AccessRole
from graph.db import Database
from tests.integration.test_browse import org
from tests.support.http_server import ApiClient

PEOPLE = """query($search: String, $first: Int, $after: String, $unit: ID) {
  employees(search: $search, first: $first, after: $after, orgUnitId: $unit) {
    edges { node { id name } cursor }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}"""


async def test_people_pages_over_http(db: Database, api: ApiClient) -> None:
    await org().save(db)
    first = api.data(PEOPLE, {"first": 2})["employees"]
    assert [e["node"]["id"] for e in first["edges"]] == ["boss", "eu1"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    assert first["pageInfo"]["endCursor"] == first["edges"][-1]["cursor"]
    rest = api.data(PEOPLE, {"first": 10, "after": first["pageInfo"]["endCursor"]})["employees"]
    assert [e["node"]["id"] for e in rest["edges"]] == ["eu2", "ops", "ceo"]
    assert not rest["pageInfo"]["hasNextPage"] and rest["totalCount"] == 5
    found = api.data(PEOPLE, {"search": "aNN", "unit": "SALES"})["employees"]
    assert [e["node"]["name"] for e in found["edges"]] == ["Ann Smith", "anna Berg", "Bob Annson"]
    filtered = api.data(
        '{ employees(skill: {id: "neg", minLevel: 3}, title: "rep", active: true) '
        "{ edges { node { id } } totalCount } }"
    )["employees"]
    assert filtered == {"edges": [{"node": {"id": "eu1"}}], "totalCount": 1}


async def test_bad_input_over_http(db: Database, api: ApiClient) -> None:
    await org().save(db)
    assert api.error_codes(PEOPLE, {"first": 0}) == ["BAD_USER_INPUT"]
    assert api.error_codes(PEOPLE, {"first": 201}) == ["BAD_USER_INPUT"]
    assert api.error_codes(PEOPLE, {"after": "nonsense"}) == ["BAD_USER_INPUT"]
    assert api.error_codes(PEOPLE, {"unit": "NOPE"}) == ["NOT_FOUND"]
    assert api.error_codes("{ roles(minGrade: 5, maxGrade: 4) { totalCount } }") == [
        "BAD_USER_INPUT"
    ]
    assert api.error_codes('{ roles(orgUnitId: "NOPE") { totalCount } }') == ["NOT_FOUND"]
    assert api.error_codes('{ orgUnit(id: "NOPE") { id } }') == ["NOT_FOUND"]
    assert api.error_codes('{ employees(skill: {id: "nope"}) { totalCount } }') == ["NOT_FOUND"]
    roles = api.data("{ roles(first: 1) { pageInfo { endCursor } } }")["roles"]
    other = "query($after: String) { skills(after: $after) { totalCount } }"
    assert api.error_codes(other, {"after": roles["pageInfo"]["endCursor"]}) == ["BAD_USER_INPUT"]


async def test_roles_skills_and_units_over_http(db: Database, api: ApiClient) -> None:
    await org().save(db)
    roles = api.data(
        "{ roles(critical: true, minGrade: 4) { totalCount edges { node { id "
        "orgUnit { id path { id } } } } } }"
    )["roles"]
    assert roles["totalCount"] == 3
    assert [
        (e["node"]["id"], [u["id"] for u in e["node"]["orgUnit"]["path"]]) for e in roles["edges"]
    ] == [("CEO", ["ROOT"]), ("HEAD", ["ROOT", "SALES"]), ("REP2", ["ROOT", "SALES", "EU"])]
    skills = api.data("{ skills(category: TECHNOLOGY) { edges { node { id name category } } } }")
    assert skills["skills"]["edges"] == [
        {"node": {"id": "py", "name": "Python", "category": "TECHNOLOGY"}}
    ]
    unit = api.data(
        '{ orgUnit(id: "SALES") { id name parent { id } children { totalCount edges { node '
        "{ id } } } headcount head { id name } roles { edges { node { id } } } path { name } } }"
    )["orgUnit"]
    assert unit == {
        "id": "SALES",
        "name": "Sales",
        "parent": {"id": "ROOT"},
        "children": {"totalCount": 1, "edges": [{"node": {"id": "EU"}}]},
        "headcount": 3,
        "head": {"id": "boss", "name": "Ann Smith"},
        "roles": {"edges": [{"node": {"id": "HEAD"}}]},
        "path": [{"name": "Acme"}, {"name": "Sales"}],
    }
    units = api.data('{ orgUnits(search: "SALES") { totalCount edges { node { id } } } }')
    assert units["orgUnits"] == {
        "totalCount": 2,
        "edges": [{"node": {"id": "SALES"}}, {"node": {"id": "EU"}}],
    }


async def test_lists_keep_the_rules_of_direct_reads(db: Database, api: ApiClient) -> None:
    await org().save(db)
    boss = api.as_user("boss", AccessRole.MANAGER, employee_id="boss")
    body = boss.graphql(
        "{ employees(active: null) { totalCount edges { node { id performance } } } }"
    )
    people = body["data"]["employees"]
    assert [e["node"]["id"] for e in people["edges"]] == ["gone", "boss", "eu1", "eu2"]
    # their reports' ratings, not their own (the manager chain reads them, not the person)
    assert people["edges"][2]["node"]["performance"] == "HIGH"
    refused = [e["path"] for e in body["errors"]]
    assert refused == [["employees", "edges", 1, "node", "performance"]]
    assert all(e["extensions"]["code"] == "FORBIDDEN" for e in body["errors"])
    # a unit above theirs: named, but its details are not theirs to read
    above = boss.graphql('{ orgUnit(id: "EU") { parent { id parent { id name headcount } } } }')
    assert above["data"]["orgUnit"]["parent"]["parent"] == {
        "id": "ROOT",
        "name": "Acme",
        "headcount": None,
    }
    assert [e["extensions"]["code"] for e in above["errors"]] == ["FORBIDDEN"]
    service = api.as_user("bi", AccessRole.SERVICE)
    rated = service.graphql("{ employees(first: 1) { edges { node { id riskOfLoss } } } }")
    assert rated["data"]["employees"]["edges"] == [{"node": {"id": "boss", "riskOfLoss": None}}]
    assert [e["extensions"]["code"] for e in rated["errors"]] == ["FORBIDDEN"]
    employee = api.as_user("eu2", AccessRole.EMPLOYEE, employee_id="eu2")
    own = employee.data("{ employees { totalCount edges { node { id } } } }")["employees"]
    assert own == {"totalCount": 1, "edges": [{"node": {"id": "eu2"}}]}
    assert employee.error_codes("{ roles { totalCount } }") == ["FORBIDDEN"]
    assert employee.error_codes("{ orgUnits { totalCount } }") == ["FORBIDDEN"]
    assert employee.data("{ skills { totalCount } }")["skills"]["totalCount"] == 3


def test_the_new_lists_count_in_the_query_cost(api: ApiClient) -> None:
    nested = (
        "{ orgUnits(first: 200) { edges { node { roles(first: 200) { edges { node { "
        "incumbents { edges { node { id name } } } requirements { level } } } } } } } }"
    )
    assert api.error_codes(nested) == ["BAD_USER_INPUT"]  # over the cost limit, refused unrun
