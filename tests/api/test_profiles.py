"""employee(id) and role(id) over HTTP, and the DataLoaders that keep round trips bounded."""

from __future__ import annotations

from graph.cypher import QUERY_COUNTS
from graph.db import Database
from tests.support.factories import Org
from tests.support.http_server import ApiClient, nodes


async def test_employee_profile(db: Database, api: ApiClient) -> None:
    org = (
        Org()
        .unit("u1")
        .skill("s1", "Writing")
        .skill("s2", "Python")
        .role("R1", "u1", {"s1": (3, 1)}, title="Analyst")
        .employee("boss", holds=("R1",))
        .employee(
            "e1", holds=("R1",), skills={"s2": 4, "s1": 2.5}, manager="boss", name="Zoë Ñandú"
        )
        .employee("e2", manager="e1")
        .employee("e3", manager="e1", active=False)
    )
    await org.save(db)
    got = api.data(
        """{ employee(id: "e1") { id name active title
             skills { skill { id name } level } roles { id title } manager { id }
             directReports { totalCount edges { node { id } } } } }"""
    )["employee"]
    assert got == {
        "id": "e1",
        "name": "Zoë Ñandú",
        "active": True,
        "title": None,
        "skills": [
            {"skill": {"id": "s1", "name": "Writing"}, "level": 2.5},
            {"skill": {"id": "s2", "name": "Python"}, "level": 4.0},
        ],
        "roles": [{"id": "R1", "title": "Analyst"}],
        "manager": {"id": "boss"},
        "directReports": {"totalCount": 1, "edges": [{"node": {"id": "e2"}}]},
    }


async def test_role_profile(db: Database, api: ApiClient) -> None:
    org = (
        Org()
        .unit("u1", name="Finance")
        .skill("s1")
        .skill("s2")
        .skill("s3")
        .role("R", "u1", {"s1": (2, 1), "s2": (4, 3), "s3": (6, 1)}, grade=5, critical=True)
        .employee("i2", holds=("R",))
        .employee("i1", holds=("R",))
        .employee("gone", holds=("R",), active=False)
    )
    await org.save(db)
    got = api.data(
        """{ role(id: "R") { id grade critical orgUnit { id name }
             incumbents { totalCount edges { node { id } } }
             requirements { skill { id } level weight } } }"""
    )["role"]
    assert got["orgUnit"] == {"id": "u1", "name": "Finance"}
    assert [i["id"] for i in nodes(got["incumbents"])] == ["i1", "i2"]
    assert got["incumbents"]["totalCount"] == 2
    # heaviest weight × level first: s2 12, s3 6, s1 2
    assert [r["skill"]["id"] for r in got["requirements"]] == ["s2", "s3", "s1"]
    assert (got["grade"], got["critical"]) == (5, True)


async def test_unknown_ids_are_not_found(db: Database, api: ApiClient) -> None:
    assert api.error_codes('{ employee(id: "nobody") { id } }') == ["NOT_FOUND"]
    assert api.error_codes('{ role(id: "nothing") { id } }') == ["NOT_FOUND"]


async def test_fifty_profiles_take_a_bounded_number_of_queries(
    db: Database, api: ApiClient
) -> None:
    org = Org().unit("u1").skill("s1").skill("s2").role("R", "u1", {"s1": (1, 1)})
    org.employee("boss", holds=("R",))
    for i in range(50):
        org.employee(f"e{i:02d}", holds=("R",), skills={"s1": 1, "s2": 2}, manager="boss")
    await org.save(db)
    fields = "{ id name skills { level skill { id } } manager { id name } roles { id } }"
    query = "{ " + " ".join(f'p{i}: employee(id: "e{i:02d}") {fields}' for i in range(50)) + " }"
    before = sum(QUERY_COUNTS.values())
    data = api.data(query)
    ran = sum(QUERY_COUNTS.values()) - before
    assert len(data) == 50
    assert all(p["manager"]["id"] == "boss" and len(p["skills"]) == 2 for p in data.values())
    # employees, skills, managers, roles held, manager profiles, role profiles: 6 batches, not 250 queries
    assert ran <= 6, ran


async def test_an_employee_page_is_one_query(db: Database, api: ApiClient) -> None:
    """The person, their skills and their direct reports come in one statement, also when the
    fields are asked for through fragments; the answer is the one the per-field loaders give."""
    org = (
        Org()
        .unit("u1")
        .skill("s1")
        .skill("s2")
        .employee("boss", skills={"s2": 1})
        .employee("e1", skills={"s2": 4, "s1": 2}, manager="boss")
        .employee("e0", manager="boss")
        .employee("gone", manager="boss", active=False)
    )
    await org.save(db)
    plain = '{ employee(id: "boss") { id } }'
    asked = [
        '{ employee(id: "boss") { id skills { skill { id } level } '
        "directReports { edges { node { id name } } } } }",
        """{ employee(id: "boss") { id ...page } }
           fragment page on Employee { skills { skill { id } level } ... on Employee {
             directReports { edges { node { id name } } } } }""",
    ]
    for query in asked:
        before = sum(QUERY_COUNTS.values())
        got = api.data(query)["employee"]
        assert sum(QUERY_COUNTS.values()) - before == 1, query
        assert got == {
            "id": "boss",
            "skills": [{"skill": {"id": "s2"}, "level": 1.0}],
            "directReports": {
                "edges": [
                    {"node": {"id": "e0", "name": "Person e0"}},
                    {"node": {"id": "e1", "name": "Person e1"}},
                ]
            },
        }
    before = sum(QUERY_COUNTS.values())
    api.data(plain)
    assert sum(QUERY_COUNTS.values()) - before == 1


async def test_nested_connections_read_once_per_batch_not_per_parent(
    db: Database, api: ApiClient
) -> None:
    """Connections inside lists (each role's incumbents, each person's direct reports, each
    unit's children and roles) cost the same statements for 3 parents as for 12: the request's
    loaders read them in one batch, and each page is sliced from it."""
    org = Org().unit("top")
    for u in range(12):
        org.unit(f"u{u:02d}", parent="top").role(f"R{u:02d}", f"u{u:02d}")
        for i in range(3):
            org.employee(f"m{u:02d}{i}", holds=(f"R{u:02d}",))
            org.employee(f"r{u:02d}{i}", manager=f"m{u:02d}0")
    await org.save(db)
    page = "{ totalCount pageInfo { hasNextPage } edges { cursor node { id } } }"

    def statements(roles: int) -> tuple[int, dict]:
        query = (
            f"{{ roles(first: {roles}) {{ edges {{ node {{ id incumbents(first: 2) {{ totalCount "
            f"edges {{ node {{ id directReports(first: 1) {page} }} }} }} "
            f"orgUnit {{ children(first: 1) {page} roles(first: 1) {page} }} }} }} }} }}"
        )
        before = sum(QUERY_COUNTS.values())
        found = api.data(query)
        return sum(QUERY_COUNTS.values()) - before, found

    few, _ = statements(3)
    many, found = statements(12)
    assert few == many
    r00 = found["roles"]["edges"][0]["node"]
    assert r00["incumbents"]["totalCount"] == 3
    assert [e["node"]["id"] for e in r00["incumbents"]["edges"]] == ["m000", "m001"]
    head = r00["incumbents"]["edges"][0]["node"]["directReports"]
    assert head["totalCount"] == 3 and head["pageInfo"]["hasNextPage"]
    assert [e["node"]["id"] for e in head["edges"]] == ["r000"]
