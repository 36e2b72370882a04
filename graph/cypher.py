"""Cypher statements live in `cypher/**.cypher`, one per file; this module loads and runs them.

`q("succession/list_candidates")` is bound at module import, so a missing file fails at start-up.
Each call must pass exactly the `$parameters` that the file uses: nothing from a request is ever
pasted into query text, and a forgotten or misspelt parameter fails loudly instead of matching null.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, LiteralString

import neo4j
from neo4j import AsyncManagedTransaction, AsyncTransaction
from neo4j.graph import Node, Relationship
from neo4j.time import Date, DateTime, Time

from graph.errors import QueryParameterError

CYPHER_DIR = Path(__file__).resolve().parents[1] / "cypher"

_COMMENT = re.compile(r"//[^\n]*")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

#: How many times each query ran in this process (read by tests that bound round trips).
QUERY_COUNTS: Counter[str] = Counter()


class Statements:
    """What a read runs its statements on (`Database.read`): each statement is its own auto-commit
    transaction on the read's session.

    For a read that is no weaker than one transaction around them all: Neo4j transactions are
    read-committed (a later statement sees what committed after an earlier one, in a transaction
    or not) and reads take no locks, while the session makes each statement wait for the one
    before it on a cluster. It is cheaper: one round trip per statement, where a transaction
    adds its COMMIT (about half the driver's CPU for a one-statement read, measured).
    """

    __slots__ = ("_session", "_timeout")

    def __init__(self, session: neo4j.AsyncSession, timeout: float | None) -> None:
        self._session = session
        self._timeout = timeout

    async def run(self, query: str, parameters: dict[str, Any] | None = None) -> neo4j.AsyncResult:
        # A statement's text comes from cypher/ files, never from a request (see `q`).
        text: LiteralString = query
        return await self._session.run(neo4j.Query(text, timeout=self._timeout), parameters)

    async def bookmarks(self) -> list[str]:
        """The bookmarks the session holds after the statements run so far: Neo4j's name for the
        last transaction it had committed when the last of them ended (graph/version.py)."""
        return list((await self._session.last_bookmarks()).raw_values)


Tx = AsyncManagedTransaction | AsyncTransaction | Statements


def parameters_of(text: str) -> frozenset[str]:
    """The `$name` parameters a statement uses, ignoring comments and string literals."""
    stripped = _STRING.sub("''", _COMMENT.sub("", text))
    return frozenset(_PARAM.findall(stripped))


def to_native(value: Any) -> Any:
    """A record's value as plain Python, recursively, so pydantic can validate results: Neo4j
    temporal values to Python ones, nodes and relationships to their properties (what
    `Record.data()` gives; ours return maps, so that is only a safety net)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {k: to_native(v) for k, v in value.items()}
    if kind is list:
        return [to_native(v) for v in value]
    if isinstance(value, DateTime | Date | Time):
        return value.to_native()
    if isinstance(value, Node | Relationship):
        return {k: to_native(v) for k, v in value.items()}
    return value


#: Values `to_native` returns as they are, checked first: most values are one of them.
_SCALARS = frozenset({str, int, float, bool, type(None)})


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    params: frozenset[str]

    def bind(self, params: Mapping[str, Any]) -> dict[str, Any]:
        given = frozenset(params)
        if given != self.params:
            missing = sorted(self.params - given)
            extra = sorted(given - self.params)
            raise QueryParameterError(
                f"query {self.name!r} takes {sorted(self.params)}; missing {missing}, unexpected {extra}"
            )
        return dict(params)

    async def fetch(self, tx: Tx, **params: Any) -> list[dict[str, Any]]:
        """All records as plain dicts (temporal values converted)."""
        bound = self.bind(params)
        QUERY_COUNTS[self.name] += 1
        result = await tx.run(self.text, bound)
        keys = result.keys()
        # One walk over each record's values, not two (`Record.data()` walks them too).
        return [
            {key: to_native(value) for key, value in zip(keys, record.values(), strict=True)}
            async for record in result
        ]

    async def single(self, tx: Tx, **params: Any) -> dict[str, Any] | None:
        rows = await self.fetch(tx, **params)
        return rows[0] if rows else None

    async def execute(self, tx: Tx, **params: Any) -> dict[str, int]:
        """Run a write and return its counters (nodes created, properties set, ...)."""
        bound = self.bind(params)
        QUERY_COUNTS[self.name] += 1
        result = await tx.run(self.text, bound)
        summary = await result.consume()
        counters = summary.counters
        return {
            "nodes_created": counters.nodes_created,
            "nodes_deleted": counters.nodes_deleted,
            "relationships_created": counters.relationships_created,
            "relationships_deleted": counters.relationships_deleted,
            "properties_set": counters.properties_set,
        }


_LOADED: dict[str, Query] = {}


def load(path: Path, name: str) -> Query:
    text = path.read_text(encoding="utf-8").strip()
    if not text.startswith("//"):
        raise ValueError(f"{path}: a Cypher file starts with a // comment saying what it returns")
    return Query(name=name, text=text, params=parameters_of(text))


def q(name: str) -> Query:
    """The query in `cypher/<name>.cypher`, loaded once."""
    query = _LOADED.get(name)
    if query is None:
        path = CYPHER_DIR / f"{name}.cypher"
        if not path.is_file():
            raise FileNotFoundError(f"no Cypher file {path}")
        query = _LOADED[name] = load(path, name)
    return query


def all_query_names(folder: str = "") -> list[str]:
    """Every query name under `cypher/` (or one folder of it), sorted."""
    root = CYPHER_DIR / folder if folder else CYPHER_DIR
    return sorted(str(p.relative_to(CYPHER_DIR).with_suffix("")) for p in root.rglob("*.cypher"))
