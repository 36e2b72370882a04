from graph.db import Database
from tests.support.factories import Org, count_graph


async def test_org_is_written(db: Database) -> None:
    org = (
        Org()
        .unit("u1")
        .skill("s1")
        .role("r1", "u1", {"s1": (3, 1)})
        .employee("e1", holds=("r1",), skills={"s1": 2})
    )
    await org.save(db)
    counts = await count_graph(db)
    assert counts["node:Employee"] == 1
    assert counts["relationship:HAS_SKILL"] == 1
    assert counts["relationship:HOLDS"] == 1
