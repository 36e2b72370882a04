"""Hostile input, generated: at every GraphQL argument (typed from the schema itself, so a new
argument is covered the day it is added), as deep and aliased documents, and at the CSV importer.

The promises: no HTTP 500, no masked unexpected error (`INTERNAL_SERVER_ERROR`), an error code on
every error, nothing written when the input is rejected, documents refused exactly when over a
limit (depth, aliases, cost), no request longer than the query timeout, and any bookmark header the
service did not issue refused at once. Examples per property are modest and deadlines off, so
the suite stays fast; a last test checks that the generators do reach over and within each limit.
"""

from __future__ import annotations

import csv
import io
import json
import math
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    get_named_type,
    parse,
    validate,
)
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from api.causal import HEADER
from api.cost import Coster
from api.graphql.schema import build_schema
from graph.db import Database
from graph.errors import BadUserInput
from graph.importing.csv_import import ImportRejected, import_directory
from graph.importing.rows import ROW_TYPES
from tests.support.factories import Org, count_graph
from tests.support.http_server import ApiClient

#: What a client may be told; anything else (INTERNAL_SERVER_ERROR above all) is a finding.
EXPECTED_CODES = {
    "BAD_USER_INPUT",
    "NOT_FOUND",
    "FORBIDDEN",
    "CONFLICT",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
}

HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "\x00\x01\x1f",
    "'",
    '"',
    "\\",
    "\\u0000",
    '"}) DETACH DELETE n //',
    "') MATCH (n) DETACH DELETE n //",
    "x' OR 1=1 --",
    "$id",
    "`",
    "`Employee`",
    "MATCH (n) DETACH DELETE n",
    "CALL dbms.shutdown()",
    "{{7*7}}",
    "%s%s%n",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "\ud800",
    "a\udfffb",
    "\u202eevil",
    "\ufeffbom",
    "\u2028\u2029\x85",
    "😀" * 500,
    "é" * 3000,
    "a" * 100_000,
    "null",
    "NaN",
    "-1",
    "1e309",
    "9" * 5000,
    "true",
    "[]",
    "{}",
    "2026-02-30T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59+14:00",
    "-999999999-01-01T00:00:00Z",
    "2020-01-01",
    "now",
    "eyJ9",
    "W10",
    "WyJ4Il0",
    "WzEuMCwgInoiXQ",
]
#: The hostile strings a UTF-8 file can hold (no lone surrogates).
UTF8_TEXT = [t for t in HOSTILE_TEXT if not any("\ud800" <= c <= "\udfff" for c in t)]
HOSTILE_INTS = [0, -1, 1, 2, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**53 + 1, 2**63, -(10**30)]
HOSTILE_FLOATS = [
    math.nan,
    math.inf,
    -math.inf,
    -0.0,
    5e-324,
    1e308,
    -1e308,
    0.5,
    1.0000000001,
    -0.0000001,
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def hostile_text(known: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.sampled_from(known),
        st.text(max_size=300),
        st.text(st.characters(codec="utf-8"), max_size=50),
    )


def strategy_for(
    kind: GraphQLType, schema: GraphQLSchema, known: list[str], depth: int = 0
) -> st.SearchStrategy[Any]:
    """Values for an argument of `kind`: mostly of that type and hostile, sometimes any JSON."""
    nullable = not isinstance(kind, GraphQLNonNull)
    inner = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    if isinstance(inner, GraphQLList):
        typed: st.SearchStrategy[Any] = st.lists(
            strategy_for(inner.of_type, schema, known, depth + 1), max_size=5
        )
    elif isinstance(inner, GraphQLInputObjectType):
        typed = st.fixed_dictionaries(
            {
                name: strategy_for(field.type, schema, known, depth + 1)
                for name, field in inner.fields.items()
            }
        )
    elif isinstance(inner, GraphQLEnumType):
        typed = st.sampled_from(list(inner.values)) | hostile_text(known)
    else:
        name = getattr(inner, "name", "")
        typed = {
            "Int": st.sampled_from(HOSTILE_INTS) | st.integers(),
            "Float": st.sampled_from(HOSTILE_FLOATS) | st.floats(),
            "Boolean": st.booleans(),
        }.get(name, hostile_text(known))
    choices = [typed, typed, typed, typed, json_values]
    if nullable:
        choices.append(st.none())
    return st.one_of(*choices)


def _selection(kind: GraphQLType) -> str:
    named = get_named_type(kind)
    return " { __typename }" if isinstance(named, GraphQLObjectType) else ""


def _call(name: str, field: GraphQLField) -> tuple[dict[str, GraphQLType], str, str]:
    """(variable types, variable declarations, the field called with them) for `field`."""
    types = {f"v_{arg}": a.type for arg, a in field.args.items()}
    declared = ", ".join(f"${v}: {t}" for v, t in types.items())
    call = ", ".join(f"{arg}: $v_{arg}" for arg in field.args)
    return types, declared, f"{name}({call}){_selection(field.type)}"


def operations(schema: GraphQLSchema) -> Iterator[tuple[str, str, dict[str, GraphQLType]]]:
    """(name, document, argument types) for every root field with arguments, and the nested
    fields with arguments reachable from an employee or a role."""
    roots = [("query", schema.query_type), ("mutation", schema.mutation_type)]
    for operation, root in roots:
        assert root is not None
        for name, field in root.fields.items():
            if field.args:
                types, declared, called = _call(name, field)
                yield (
                    f"{operation}.{name}",
                    f"{operation} Hostile({declared}) {{ {called} }}",
                    types,
                )
    for parent, path in (("Employee", 'employee(id: "E1")'), ("Role", 'role(id: "R1")')):
        kind = schema.get_type(parent)
        assert isinstance(kind, GraphQLObjectType)
        for name, field in kind.fields.items():
            if field.args:
                types, declared, called = _call(name, field)
                yield (
                    f"{parent}.{name}",
                    f"query Hostile({declared}) {{ {path} {{ {called} }} }}",
                    types,
                )


SCHEMA = build_schema()._schema
OPERATIONS = list(operations(SCHEMA))
HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


async def seed(db: Database) -> list[str]:
    """A small organisation; its ids are mixed into the hostile strings so resolvers get past
    "not found" and reach cursors, pages and writes."""
    org = (
        Org()
        .unit("U1")
        .unit("U2", parent="U1")
        .skill("S1")
        .skill("S2")
        .role("R1", "U1", {"S1": (3, 1), "S2": (2, 2)}, critical=True, grade=5)
        .role("R2", "U2", {"S1": (2, 1)}, grade=3)
        .employee("E1", holds=("R1",), skills={"S1": 3}, performance="HIGH", potential="HIGH")
        .employee("E2", holds=("R2",), skills={"S1": 2, "S2": 1}, manager="E1")
        .employee("E3", skills={"S2": 2}, manager="E2")
        .assess("E2", "R1", "READY_1_2_YEARS")
    )
    await org.save(db)
    return KNOWN_IDS


KNOWN_IDS = ["E1", "E2", "E3", "R1", "R2", "U1", "U2", "S1", "ra-1", "READY_NOW"]


def check_answer(status: int, text: str) -> dict[str, Any]:
    assert status in (200, 400, 413), (status, text[:500])
    if status != 200:
        return {}
    body: dict[str, Any] = json.loads(text)
    assert "data" in body or "errors" in body, body
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code in EXPECTED_CODES, (code, error)
    assert "Traceback" not in text
    return body


async def seeded(db: Database) -> list[str]:
    """Seed once per test: the fixture empties the graph before each test, not each example."""
    if not (await count_graph(db)).get("node:Employee"):
        await seed(db)
    return KNOWN_IDS


@pytest.mark.parametrize(("name", "document", "types"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
@HYPOTHESIS
@given(data=st.data())
async def test_hostile_arguments(
    db: Database,
    api: ApiClient,
    name: str,
    document: str,
    types: dict[str, GraphQLType],
    data: st.DataObject,
) -> None:
    known = await seeded(db)
    variables = data.draw(
        st.fixed_dictionaries({v: strategy_for(kind, SCHEMA, known) for v, kind in types.items()}),
        label="variables",
    )
    before = await count_graph(db)
    # Encoded as httpx would, NaN and Infinity included (Python's json reads them).
    body = json.dumps({"query": document, "variables": variables}).encode()
    response = api.http.post("/graphql", content=body, headers={"content-type": "application/json"})
    answer = check_answer(response.status_code, response.text)
    wrote = name.startswith("mutation.") and answer.get("data") and not answer.get("errors")
    if not wrote:
        assert await count_graph(db) == before, (variables, answer)


# -- deep, wide and aliased documents --------------------------------------------------------


#: Page sizes the generated documents ask for (within Int, so they pass validation).
PAGE_SIZES = [-1, 0, 1, 3, 10, 50, 100, 500, 2**31 - 1]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, int, int]:
    """A random selection over the schema from `employee` or `role`, with aliases, fragments and
    page sizes; returns (document, depth of the deepest field below the root field, aliases)."""
    aliases = 0
    deepest = 0

    def select(kind: GraphQLNamedType, depth: int, budget: int) -> str:
        nonlocal aliases, deepest
        deepest = max(deepest, depth)
        assert isinstance(kind, GraphQLObjectType)
        fields = [
            (n, f)
            for n, f in kind.fields.items()
            if not any(isinstance(a.type, GraphQLNonNull) for a in f.args.values())
        ]
        objects = [
            (n, f) for n, f in fields if isinstance(get_named_type(f.type), GraphQLObjectType)
        ]
        parts = []
        for _ in range(draw(st.integers(1, 3))):
            nested = objects and budget > 0 and draw(st.booleans())
            name, field = draw(st.sampled_from(objects if nested else fields))
            times = draw(st.integers(1, 4)) if draw(st.integers(0, 9)) == 0 else 1
            for _ in range(times):
                alias = ""
                if times > 1 or draw(st.integers(0, 5)) == 0:
                    alias = f"a{aliases}: "
                    aliases += 1
                inner = get_named_type(field.type)
                call = name
                sizes = [a for a in ("first", "maxDepth") if a in field.args]
                if sizes and draw(st.booleans()):
                    call = f"{name}({sizes[0]}: {draw(st.sampled_from(PAGE_SIZES))})"
                if isinstance(inner, GraphQLObjectType):
                    parts.append(f"{alias}{call} {{ {select(inner, depth + 1, budget - 1)} }}")
                else:
                    deepest = max(deepest, depth)
                    parts.append(f"{alias}{call}")
                    break
        return " ".join(parts)

    root = draw(st.sampled_from([("employee", "E1", "Employee"), ("role", "R1", "Role")]))
    budget = draw(st.integers(0, 16))
    kind = SCHEMA.get_type(root[2])
    assert kind is not None
    body = select(kind, 1, budget)
    if draw(st.booleans()):
        document = (
            f'query {{ {root[0]}(id: "{root[1]}") {{ ...F }} }} '
            f"fragment F on {root[2]} {{ {body} }}"
        )
    else:
        document = f'{{ {root[0]}(id: "{root[1]}") {{ {body} }} }}'
    return document, deepest, aliases


@HYPOTHESIS
@given(documents())
async def test_deep_and_aliased_documents(
    db: Database, api: ApiClient, generated: tuple[str, int, int]
) -> None:
    document, depth, aliases = generated
    await seeded(db)
    limits = api.app.state.settings  # type: ignore[union-attr]
    started = time.monotonic()
    response = api.http.post("/graphql", json={"query": document})
    assert time.monotonic() - started < limits.neo4j_query_timeout
    answer = check_answer(response.status_code, response.text)
    messages = " ".join(e["message"] for e in answer.get("errors") or [])
    if "tokens" in messages:
        return  # the token limit stops parsing before depth and aliases are looked at
    too_deep = depth > limits.api_max_query_depth
    assert ("maximum operation depth" in messages) == too_deep, (document, depth, messages)
    assert ("aliases found" in messages) == (aliases > limits.api_max_aliases), messages
    # The cost is looked at once the document is valid, and refuses it whole.
    parsed = parse(document)
    cost = Coster(SCHEMA, parsed, None).cost(None)
    valid = not too_deep and aliases <= limits.api_max_aliases and not validate(SCHEMA, parsed)
    over = valid and cost > limits.api_max_query_cost
    assert ("cost limit" in messages) == over, (document, cost, messages)
    if over:
        assert answer["data"] is None and len(answer["errors"]) == 1
        assert answer["errors"][0]["extensions"]["cost"] == cost


@st.composite
def nested_lists(draw: st.DrawFn) -> str:
    """Lists inside lists from a role, each level aliased 1 to 3 times with a random page size:
    the shapes whose cost grows fastest (the attack nested `similarRoles` twice)."""

    def level(kind: str, left: int) -> str:
        if left == 0:
            return "id"
        steps = {
            "Role": ["similarRoles", "incumbents"],
            "Employee": ["directReports", "roles", "manager"],
        }[kind]
        parts = []
        for i in range(draw(st.integers(1, 3))):
            step = draw(st.sampled_from(steps))
            first = draw(st.sampled_from([1, 5, 20, 50, 100]))
            alias = f"l{left}a{i}: "
            if step == "similarRoles":
                inner = level("Role", left - 1)
                parts.append(f"{alias}similarRoles(first: {first}) {{ role {{ {inner} }} }}")
            elif step == "directReports":
                inner = level("Employee", left - 1)
                parts.append(
                    f"{alias}directReports(first: {first}) {{ edges {{ node {{ {inner} }} }} }}"
                )
            elif step == "incumbents":
                inner = level("Employee", left - 1)
                parts.append(
                    f"{alias}incumbents(first: {first}) {{ edges {{ node {{ {inner} }} }} }}"
                )
            else:
                target = "Employee" if step == "manager" else "Role"
                parts.append(f"{alias}{step} {{ {level(target, left - 1)} }}")
        return "id " + " ".join(parts)

    # three levels at most: a connection nests three deep (the field, edges, node), so four
    # would meet the depth limit before the cost
    return '{ role(id: "R1") { ' + level("Role", draw(st.integers(1, 3))) + " } }"


@HYPOTHESIS
@given(nested_lists())
async def test_nested_lists_are_refused_exactly_over_the_cost(
    db: Database, api: ApiClient, document: str
) -> None:
    await seeded(db)
    limits = api.app.state.settings  # type: ignore[union-attr]
    cost = Coster(SCHEMA, parse(document), None).cost(None)
    started = time.monotonic()
    response = api.http.post("/graphql", json={"query": document})
    assert time.monotonic() - started < limits.neo4j_query_timeout
    answer = check_answer(response.status_code, response.text)
    over = cost > limits.api_max_query_cost
    refused = [e for e in answer.get("errors") or [] if "cost limit" in e["message"]]
    assert bool(refused) == over, (document, cost, answer.get("errors"))
    if over:
        assert answer["data"] is None
        assert refused[0]["extensions"] == {
            "code": "BAD_USER_INPUT",
            "cost": cost,
            "maxCost": limits.api_max_query_cost,
        }


# -- the bookmark header ---------------------------------------------------------------------


def _sendable(text: str) -> bool:
    """What an HTTP client can put in a header value: printable ASCII, no space at either end
    (httpx refuses the rest itself)."""
    return all(" " <= c <= "~" for c in text) and text == text.strip()


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_hostile_bookmark_headers(db: Database, api: ApiClient, data: st.DataObject) -> None:
    """Whatever comes in X-TalentGraph-Bookmark: 400 BAD_USER_INPUT at once unless it is blank
    or one this service issued; never 500 or 503, and never a wait on Neo4j."""
    await seeded(db)
    real = await _issued_bookmark(api)
    mac = real.split(".")[2]
    header = data.draw(
        st.one_of(
            st.sampled_from(HOSTILE_TEXT),
            st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=200),
            st.builds(lambda t: "tg1." + t, st.text(st.sampled_from("AZaz09-_."), max_size=80)),
            st.builds(lambda t: f"tg1.{t}.{mac}", st.text(st.sampled_from("AZaz09-_"), min_size=1)),
            st.builds(
                lambda i: real[:i] + ("A" if real[i] != "A" else "B") + real[i + 1 :],
                st.integers(4, len(real) - 1),
            ),
            st.builds(lambda n: ",".join([real] * n), st.integers(2, 40)),
        ).filter(_sendable),
        label="header",
    )
    started = time.monotonic()
    response = api.http.post(
        "/graphql", json={"query": '{ role(id: "R1") { id } }'}, headers={HEADER: header}
    )
    assert time.monotonic() - started < 5
    if not header.strip() or set(header.replace(" ", "").split(",")) == {real}:
        assert response.status_code == 200, (header, response.text)
        return
    assert response.status_code == 400, (header, response.text)
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["BAD_USER_INPUT"]


async def _issued_bookmark(api: ApiClient) -> str:
    """A bookmark the API issued (for a refused mutation's audit event), once per test run."""
    if "bookmark" not in _ISSUED:
        refused = api.as_user("x", "employee", employee_id="E3").http.post(
            "/graphql",
            json={
                "query": 'mutation { assessReadiness(input: {employeeId: "E1", roleId: "R2", '
                "readiness: READY_NOW}) { id } }"
            },
        )
        _ISSUED["bookmark"] = refused.headers[HEADER]
    return _ISSUED["bookmark"]


_ISSUED: dict[str, str] = {}


# -- the CSV importer ------------------------------------------------------------------------

CELLS = st.one_of(
    st.sampled_from([*HOSTILE_TEXT, "E1", "R1", "U1", "S1", "READY_NOW", "true", "3", "0.5"]),
    st.text(max_size=40),
    st.sampled_from(["1e309", "NaN", "-inf", "-0", "1" * 400, "2026-13-45", "2026-01-01T25:00Z"]),
)


@st.composite
def csv_files(draw: st.DrawFn) -> dict[str, bytes]:
    """Some of the importer's files: headers right, shuffled, short or wrong; hostile cells;
    sometimes damaged encodings, quoting or line endings."""
    files: dict[str, bytes] = {}
    for row_type in draw(st.lists(st.sampled_from(ROW_TYPES), min_size=1, max_size=4, unique=True)):
        columns = row_type.columns()
        header = draw(
            st.one_of(
                st.just(columns),
                st.permutations(columns),
                st.lists(
                    st.sampled_from([*columns, "extra", "", " id ", "ID"]), min_size=1, max_size=8
                ),
            )
        )
        rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 2), max_size=6))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"])))
        writer.writerow(header)
        writer.writerows(rows)
        text = out.getvalue()
        damage = draw(st.integers(0, 7))
        if damage == 0:
            text = text + '"unterminated, quote\n'
        raw = text.encode("utf-8", "surrogatepass")
        if damage == 1:
            raw = b"\xef\xbb\xbf" + raw  # a byte-order mark
        elif damage == 2:
            raw = raw + b"\xff\xfe\xc3("  # not UTF-8
        elif damage == 3:
            raw = raw.replace(b",", b"\x00", 1)
        name = row_type.FILE if draw(st.integers(0, 15)) else "unexpected.csv"
        files[name] = raw
    return files


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(csv_files())
async def test_hostile_csv_files(
    db: Database, tmp_path_factory: pytest.TempPathFactory, files: dict[str, bytes]
) -> None:
    await seeded(db)
    folder = tmp_path_factory.mktemp("hostile")
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
    before = await count_graph(db)
    try:
        await import_directory(db, folder, batch_size=3)
    except BadUserInput:
        assert await count_graph(db) == before, "a rejected import wrote something"
        return
    after = await count_graph(db)
    await import_directory(db, folder, batch_size=2)  # accepted: running it again changes nothing
    assert await count_graph(db) == after


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.sampled_from(UTF8_TEXT) | st.text(st.characters(codec="utf-8"), max_size=600))
async def test_hostile_text_in_valid_files_is_stored_verbatim(
    db: Database, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """Cells that are valid are stored exactly (trimmed), whatever they hold; Cypher fragments
    and quotes are data, never code. A name is one line: control characters and line breaks
    inside it are refused (README, "Importing an organisation from CSV")."""
    if not (await count_graph(db)).get("node:OrgUnit"):
        await Org().unit("U0").save(db)
    folder = tmp_path_factory.mktemp("verbatim")
    out = io.StringIO()
    csv.writer(out).writerows([["id", "name", "parent_id"], ["U1", text, "U0"]])
    (folder / "org_units.csv").write_text(out.getvalue(), encoding="utf-8")
    before = await count_graph(db)
    trimmed = text.strip()
    try:
        await import_directory(db, folder, batch_size=10)
    except BadUserInput:
        assert not 1 <= len(trimmed) <= 500 or not one_line(trimmed), repr(text)
        assert await count_graph(db) == before
        return
    assert one_line(trimmed), repr(text)
    async with db.driver.session(database=db.database) as session:
        result = await session.run(
            "MATCH (u:OrgUnit {id: 'U1'})-[:PART_OF]->(:OrgUnit {id: 'U0'}) RETURN u.name AS name"
        )
        stored = [record["name"] async for record in result]
    assert stored == [trimmed]


def one_line(text: str) -> bool:
    """No control character (Unicode Cc) and no line or paragraph separator."""
    return not any(unicodedata.category(c) == "Cc" or c in "\u2028\u2029" for c in text)


#: Generation only (no shrinking, nothing saved): enough to find each kind of document at once.
SEARCH = settings(
    max_examples=2000,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def test_the_generators_reach_both_sides_of_every_limit(api: ApiClient) -> None:
    """A property that never draws a document over a limit passes without checking the refusal:
    the generators above must give documents over and within the depth, alias and cost limits
    the test server runs with (a raised limit or a tamer generator fails here, not silently)."""
    limits = api.app.state.settings  # type: ignore[union-attr]

    def cost(document: str) -> int:
        return Coster(SCHEMA, parse(document), None).cost(None)

    def within(generated: tuple[str, int, int]) -> bool:
        document, depth, aliases = generated
        return (
            depth <= limits.api_max_query_depth
            and aliases <= limits.api_max_aliases
            and not validate(SCHEMA, parse(document))
        )

    wanted: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], bool]]] = {
        "too deep": (documents(), lambda g: g[1] > limits.api_max_query_depth),
        "too many aliases": (documents(), lambda g: g[2] > limits.api_max_aliases),
        "valid, over the cost": (
            documents(),
            lambda g: within(g) and cost(g[0]) > limits.api_max_query_cost,
        ),
        "valid, within every limit": (
            documents(),
            lambda g: within(g) and cost(g[0]) <= limits.api_max_query_cost,
        ),
        "nested lists over the cost": (
            nested_lists(),
            lambda d: cost(d) > limits.api_max_query_cost,
        ),
        "nested lists within the cost": (
            nested_lists(),
            lambda d: cost(d) <= limits.api_max_query_cost,
        ),
    }
    missing = []
    for name, (strategy, condition) in wanted.items():
        try:
            find(strategy, condition, settings=SEARCH)
        except NoSuchExample:
            missing.append(name)
    assert not missing, f"no generated document is {missing} in {SEARCH.max_examples} tries"


async def test_a_file_that_is_not_utf8_is_reported_with_its_line(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path
    (folder / "org_units.csv").write_bytes(b"id,name,parent_id\nU1,Caf\xc3\xa9,\nU2,Caf\xe9,U1\n")
    with pytest.raises(ImportRejected) as rejected:
        await import_directory(db, folder, batch_size=10)
    assert [str(i) for i in rejected.value.issues] == [
        "org_units.csv:3: not UTF-8 text (invalid continuation byte at byte offset 34)"
    ]
    assert await count_graph(db) == {}
