"""Every Cypher file parses on the real server (EXPLAIN) with exactly its parameters.
What needs no server (parameters, the loader, no unused file) is in tests/unit/test_cypher_files.py."""

from __future__ import annotations

import pytest

from graph.cypher import CYPHER_DIR, all_query_names, q
from graph.db import Database

NON_SCHEMA = [name for name in all_query_names() if not name.startswith("schema/")]


@pytest.mark.parametrize("name", NON_SCHEMA)
async def test_explain(session_db: Database, name: str) -> None:
    query = q(name)
    async with session_db.driver.session(database=session_db.database) as session:
        result = await session.run("EXPLAIN " + query.text, dict.fromkeys(query.params))
        summary = await result.consume()
    assert summary.plan is not None, name
    assert (CYPHER_DIR / f"{name}.cypher").is_file()
