"""Every Cypher file takes exactly its parameters and is used. That each parses on the real server
is checked in tests/integration/test_cypher_explain.py."""

from __future__ import annotations

import re

import pytest

from graph.cypher import Query, all_query_names, parameters_of, q
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
