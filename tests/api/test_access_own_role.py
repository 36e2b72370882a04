"""A manager reads the slate of the role they hold themselves (it sits in their own unit)."""

from graph.auth import AccessRole
from graph.db import Database
from tests.support.factories import Org
from tests.support.http_server import ApiClient, nodes


async def test_manager_reads_own_roles_slate(db: Database, api: ApiClient) -> None:
    await (
        Org()
        .unit("u")
        .unit("other")
        .skill("s")
        .role("LEAD", "u", {"s": (3, 1)}, critical=True)
        .role("ELSEWHERE", "other", {"s": (3, 1)}, critical=True)
        .employee("boss", holds=("LEAD",), skills={"s": 3})
        .employee("a", skills={"s": 2}, manager="boss")
        .assess("a", "LEAD", "READY_NOW")
        .save(db)
    )
    manager = api.as_user("boss-sub", AccessRole.MANAGER, employee_id="boss")
    slate = "{ edges { node { employee { id } readiness } } }"
    own = manager.graphql('{ successors(roleId: "LEAD") ' + slate + " }")
    assert own.get("errors") is None, own
    assert nodes(own["data"]["successors"]) == [{"employee": {"id": "a"}, "readiness": "READY_NOW"}]
    assert manager.error_codes('{ successors(roleId: "ELSEWHERE") ' + slate + " }") == ["FORBIDDEN"]
