"""Every Cypher file parses on the real server, takes exactly its parameters, and is used."""

from __future__ import annotations

import re

import pytest

from graph.cypher import CYPHER_DIR, Query, all_query_names, parameters_of, q
from graph.db import Database
from graph.errors import QueryParameterError
from tests.support.paths import REPO

NON_SCHEMA = [name for name in all_query_names() if not name.startswith("schema/")]


def test_parameters_ignore_comments_and_strings() -> None:
    text = "// uses $not_this\nMATCH (n {id: $id}) WHERE n.x = '$nope' RETURN n, $other_one"
    assert parameters_of(text) == {"id", "other_one"}


def test_loader_rejects_wrong_parameters() -> None:
    query = Query("t", "// t\nRETURN $a, $b", frozenset({"a", "b"}))
    assert query.bind({"a": 1, "b": 2}) == {"a": 1, "b": 2}
    with pytest.raises(QueryParameterError, match="missing \\['b'\\]"):
        query.bind({"a": 1})
    with pytest.raises(QueryParameterError, match="unexpected \\['c'\\]"):
        query.bind({"a": 1, "b": 2, "c": 3})


def test_missing_file_fails_at_load() -> None:
    with pytest.raises(FileNotFoundError):
        q("no/such_query")


def test_every_file_is_used() -> None:
    source = "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("graph", "api", "bench")
        for p in (REPO / folder).rglob("*.py")
    )
    used = set(re.findall(r'q\("([^"]+)"\)', source))
    unused = [name for name in NON_SCHEMA if name not in used]
    assert not unused, f"Cypher files nothing loads: {unused}"
    assert all_query_names("schema"), "schema statements exist"


@pytest.mark.parametrize("name", NON_SCHEMA)
async def test_explain(session_db: Database, name: str) -> None:
    query = q(name)
    async with session_db.driver.session(database=session_db.database) as session:
        result = await session.run("EXPLAIN " + query.text, dict.fromkeys(query.params))
        summary = await result.consume()
    assert summary.plan is not None, name
    assert (CYPHER_DIR / f"{name}.cypher").is_file()
