"""Cypher statements live in `cypher/**.cypher`, one per file; this module loads and runs them.

`q("succession/list_candidates")` is bound at module import, so a missing file fails at start-up.
Each call must pass exactly the `$parameters` that the file uses: nothing from a request is ever
pasted into query text, and a forgotten or misspelt parameter fails loudly instead of matching null.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, LiteralString, Protocol

import neo4j
from neo4j.graph import Node, Relationship
from neo4j.time import Date, DateTime, Time

from graph.errors import QueryParameterError

CYPHER_DIR = Path(__file__).resolve().parents[1] / "cypher"

_COMMENT = re.compile(r"//[^\n]*")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

#: How many times each query ran in this process (read by tests that bound round trips).
QUERY_COUNTS: Counter[str] = Counter()


class Started(Protocol):
    """A statement sent with `Query.start`, whose record is read when wanted."""

    async def record(self) -> neo4j.Record:
        """The statement's one record (an error if it returned none or several), unconverted."""
        ...


class Tx(Protocol):
    """Where a statement runs: a read's statements (`Database.reading`) or a transaction (a write,
    or a read in one transaction). `Query` runs its statement through one of these three; nothing
    else runs statements."""

    async def records(
        self, text: LiteralString, parameters: dict[str, Any]
    ) -> tuple[list[str], list[neo4j.Record]]:
        """Every record (and the keys) of the statement, once it has completely run."""
        ...

    def stream(
        self, text: LiteralString, parameters: dict[str, Any]
    ) -> AsyncIterator[neo4j.Record]:
        """The statement's records one at a time, as they arrive (for large results)."""
        ...

    async def summary(self, text: LiteralString, parameters: dict[str, Any]) -> neo4j.ResultSummary:
        """Run the statement to its end, discarding records; what it did (counters)."""
        ...

    async def start(self, text: LiteralString, parameters: dict[str, Any]) -> Started:
        """Send the statement now; its record is read later (`Query.start`)."""
        ...

    async def bookmarks(self) -> list[str]:
        """The session's bookmarks after the statements run so far (graph/version.py); none in
        a write's transaction."""
        ...


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
    # scalars are kept without a call each: most values of a large result are scalars
    if kind is dict:
        return {k: v if type(v) in _SCALARS else to_native(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _SCALARS else to_native(v) for v in value]
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
    #: read from a cypher/ file, never from a request (see `q`)
    text: LiteralString
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

    def _counted(self, params: Mapping[str, Any]) -> dict[str, Any]:
        bound = self.bind(params)
        QUERY_COUNTS[self.name] += 1
        return bound

    async def rows(self, tx: Tx, **params: Any) -> list[dict[str, Any]]:
        """All records as plain dicts (temporal values converted)."""
        keys, records = await tx.records(self.text, self._counted(params))
        # One walk over each record's values, not two (`Record.data()` walks them too).
        return [
            {key: to_native(value) for key, value in zip(keys, record.values(), strict=True)}
            for record in records
        ]

    async def row(self, tx: Tx, **params: Any) -> dict[str, Any] | None:
        """The first record as a plain dict, or None."""
        rows = await self.rows(tx, **params)
        return rows[0] if rows else None

    async def values(self, tx: Tx, **params: Any) -> list[list[Any]]:
        """All records as lists of values, unconverted: for large results of plain ids and
        numbers (no temporal values), where per-value conversion would dominate."""
        _, records = await tx.records(self.text, self._counted(params))
        return [record.values() for record in records]

    def stream(self, tx: Tx, **params: Any) -> AsyncIterator[neo4j.Record]:
        """The records as they arrive, untouched: for results too large to hold at once and for
        hot paths that read values by position."""
        return tx.stream(self.text, self._counted(params))

    async def start(self, tx: Tx, **params: Any) -> Started:
        """Send the statement now and read its one record later: the server computes it while
        the caller does other work (in the same transaction, statements sent after it may run
        first; the driver keeps this one's records meanwhile)."""
        return await tx.start(self.text, self._counted(params))

    async def execute(self, tx: Tx, **params: Any) -> dict[str, int]:
        """Run a write and return its counters (nodes created, properties set, ...)."""
        summary = await tx.summary(self.text, self._counted(params))
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
