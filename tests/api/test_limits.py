"""Abuse limits (depth, tokens, aliases, query cost, page sizes, body and answer size, query and
request time) and error hygiene (codes on every rejected document, request ids, masked unexpected
errors), over real HTTP."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import GraphQLNonNull, get_introspection_query, parse

from api.causal import HEADER
from api.cost import CALLS, SIZES, Coster, Page, list_fields, sized
from api.graphql.schema import build_schema
from bench.run import QUERIES as BENCH_QUERIES
from graph.db import Database, Tx
from graph.errors import QueryTimeout
from graph.settings import Settings
from tests.api.test_routing import READS as ROUTING_READS
from tests.browser.test_review_browser import GRAPHQL as REVIEW_GRAPHQL
from tests.browser.test_review_browser import TALENT_MAP as REVIEW_TALENT_MAP
from tests.support.bookmarks import later
from tests.support.factories import Org, count_graph
from tests.support.http_server import ApiClient, serve
from tests.support.paths import REPO


def limits(api: ApiClient) -> Settings:
    assert api.app is not None
    settings: Settings = api.app.state.settings
    return settings


def post(api: ApiClient, body: Any, **headers: str) -> httpx.Response:
    return api.http.post("/graphql", json=body, headers=headers)


def codes(response: httpx.Response) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in response.json().get("errors") or []]


def managers(levels: int) -> str:
    """`employee { manager { ... { id } } }`: the leaf `id` sits `levels + 1` below `employee`."""
    return '{ employee(id: "e1") { ' + "manager { " * levels + "id" + " }" * levels + " } }"


async def test_query_depth_is_limited(db: Database, api: ApiClient) -> None:
    await Org().employee("e1").save(db)
    depth = limits(api).api_max_query_depth
    assert api.graphql(managers(depth - 1))["data"] == {"employee": {"manager": None}}
    refused = post(api, {"query": managers(depth)})
    assert refused.status_code == 200
    assert codes(refused) == ["BAD_USER_INPUT"]
    assert "maximum operation depth" in refused.json()["errors"][0]["message"]
    # Fragments count where they are spread, and a cycle of fragments is no way around it.
    spread = "fragment M on Employee { manager { ...N } } fragment N on Employee { manager { id } }"
    deep = (
        '{ employee(id: "e1") { '
        + "manager { " * (depth - 1)
        + "...M"
        + " }" * (depth - 1)
        + " } } "
        + spread
    )
    assert codes(post(api, {"query": deep})) == ["BAD_USER_INPUT"]


def test_aliases_are_limited(api: ApiClient) -> None:
    most = limits(api).api_max_aliases

    def aliased(n: int) -> str:
        return "{ " + " ".join(f"a{i}: __typename" for i in range(n)) + " }"

    assert not post(api, {"query": aliased(most)}).json().get("errors")
    refused = post(api, {"query": aliased(most + 1)})
    assert codes(refused) == ["BAD_USER_INPUT"]
    assert f"Allowed: {most}" in refused.json()["errors"][0]["message"]


def test_document_size_is_limited_but_graphiql_introspection_passes(api: ApiClient) -> None:
    most = limits(api).api_max_query_tokens
    fields = " ".join("__typename" for _ in range(most))
    refused = post(api, {"query": "{ " + fields + " }"})
    assert codes(refused) == ["BAD_USER_INPUT"]
    assert f"more than {most} tokens" in refused.json()["errors"][0]["message"]
    full = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    answer = post(api, {"query": full}).json()
    assert not answer.get("errors") and answer["data"]["__schema"]["queryType"]["name"] == "Query"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": '{ role(id: "x" '}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ nope }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "{ ...Missing }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "fragment A on Query { ...A } { ...A }"}, "GRAPHQL_VALIDATION_FAILED"),
        (
            {"query": '{ successionCandidates(roleId: "r", first: 99999999999) { totalCount } }'},
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            {
                "query": 'query($n: Int) { talentMap(employeeId: "e", first: $n) { totalCount } }',
                "variables": {"n": 2**40},
            },
            "BAD_USER_INPUT",
        ),
        (
            {
                "query": 'query($f: Float) { successionCandidates(roleId: "r", minFit: $f) { totalCount } }',
                "variables": {"f": "NaN"},
            },
            "BAD_USER_INPUT",
        ),
        (
            {
                "query": "mutation($r: Readiness!) { assessReadiness(input: "
                '{employeeId: "e", roleId: "r", readiness: $r}) { id } }',
                "variables": {"r": "SOON"},
            },
            "BAD_USER_INPUT",
        ),
        ({"query": "{ role(id: " + "[" * 300 + "]" * 300 + ") { id } }"}, "BAD_USER_INPUT"),
        (
            {
                "query": '{ successionCandidates(roleId: "r", first: '
                + "9" * 5000
                + ") { totalCount } }"
            },
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ],
)
def test_every_rejected_document_has_a_code(
    api: ApiClient, body: dict[str, Any], code: str
) -> None:
    response = post(api, body)
    assert response.status_code == 200, response.text
    assert codes(response) == [code], response.json()


def test_json_the_api_cannot_use_is_400(api: ApiClient) -> None:
    """Malformed, nested too deeply, an integer too long to convert, a lone surrogate."""
    too_long = (
        b'{"query": "query($n: Int) { __typename }", "variables": {"n": ' + b"9" * 5000 + b"}}"
    )
    surrogate = (
        b'{"query": "query($id: ID!) { role(id: $id) { id } }", "variables": {"id": "\\ud800"}}'
    )
    for raw in (b"[" * 100_000, b'{"query": ', b"\xff\xfe", too_long, surrogate):
        response = api.http.post(
            "/graphql", content=raw, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400, response.text


def test_request_body_size_is_limited(api: ApiClient, caplog: pytest.LogCaptureFixture) -> None:
    most = limits(api).api_max_body_bytes
    padding = " " * (most + 1)
    declared = api.http.post(
        "/graphql",
        content=("{" + padding + '"query":"{ __typename }"}').encode(),
        headers={"content-type": "application/json"},
    )
    assert declared.status_code == 413
    assert codes(declared) == ["BAD_USER_INPUT"] and declared.headers["x-request-id"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: cut off while streaming
        yield b'{"query": "{ __typename }", "pad": "'
        for _ in range(most // 8192 + 2):
            yield b"x" * 8192
        yield b'"}'

    streamed = api.http.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413 and codes(streamed) == ["BAD_USER_INPUT"]
    under = api.http.post(
        "/graphql",
        content=('{"query": "{ __typename }"}' + " " * 1000).encode(),
        headers={"content-type": "application/json"},
    )
    assert under.status_code == 200 and under.json() == {"data": {"__typename": "Query"}}
    elsewhere = api.http.post("/exports/readiness", content=b"x" * (most + 1))
    assert elsewhere.status_code == 413 and elsewhere.json()["error"]["code"] == "BAD_USER_INPUT"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_request_ids(api: ApiClient) -> None:
    mine = api.http.get("/healthz", headers={"X-Request-ID": "trace-42.a:b_c"})
    assert mine.headers["x-request-id"] == "trace-42.a:b_c"
    for insane in ("", "has space", "x" * 129, "-leading-dash", "semi;colon"):
        got = api.http.get("/healthz", headers={"X-Request-ID": insane}).headers["x-request-id"]
        assert got != insane and len(got) == 32
    ids = {api.http.get("/no/such/page").headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3


async def test_unexpected_errors_are_masked_and_logged_with_the_request_id(
    db: Database, api: ApiClient, caplog: pytest.LogCaptureFixture
) -> None:
    # A role written outside TalentGraph without the title every role has: the model rejects it.
    async with db.driver.session(database=db.database) as session:
        await (await session.run("CREATE (:Role {id: 'broken', grade: 'high'})")).consume()
    caplog.set_level(logging.ERROR, logger="talentgraph")
    response = post(
        api, {"query": '{ role(id: "broken") { id title } }'}, **{"X-Request-ID": "req-broken-1"}
    )
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["message"] == "Unexpected error."
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-broken-1"}
    assert "Traceback" not in response.text and "pydantic" not in response.text.lower()
    mine = [r for r in caplog.records if getattr(r, "request_id", None) == "req-broken-1"]
    logged = [r for r in mine if r.name.startswith("talentgraph")]
    assert logged and logged[0].exc_info is not None
    assert "req-broken-1" in logged[0].getMessage()


def _int_arguments(type_name: str) -> Iterator[tuple[str, str, bool]]:
    """(field, argument, is a root field) for every Int argument of `type_name`'s fields."""
    schema = build_schema()._schema
    for name, field in schema.get_type(type_name).fields.items():  # type: ignore[union-attr]
        for arg_name, arg in field.args.items():
            kind = arg.type.of_type if isinstance(arg.type, GraphQLNonNull) else arg.type
            if getattr(kind, "name", None) == "Int":
                yield name, arg_name, type_name == "Query"


def _call(field: str, argument: str, value: int) -> str:
    """A query calling root field `field` with `argument: value` and dummy required arguments."""
    schema = build_schema()._schema
    definition = schema.query_type.fields[field]
    args = [f"{argument}: {value}"]
    for name, arg in definition.args.items():
        if name != argument and isinstance(arg.type, GraphQLNonNull):
            dummy = '"2020-01-01T00:00:00Z"' if arg.type.of_type.name == "DateTime" else '"x"'
            args.append(f"{name}: {dummy}")
    return "{ " + field + "(" + ", ".join(args) + ") { __typename } }"


async def test_every_count_argument_is_capped(db: Database, api: ApiClient) -> None:
    """Page sizes and depths: 0, negative and the largest Int are refused, naming the argument."""
    await (
        Org()
        .unit("u")
        .skill("s")
        .role("R1", "u", {"s": (1, 1)})
        .employee("e1", holds=("R1",))
        .save(db)
    )
    checked = []
    for type_name, path in (
        ("Query", None),
        ("Role", 'role(id: "R1")'),
        ("Employee", 'employee(id: "e1")'),
    ):
        for field, argument, root in _int_arguments(type_name):
            if argument in {"minGrade", "maxGrade"}:
                continue  # a filter's bounds (roles), not a count: any Int is a grade
            # how many grades a talent map reaches below or above: 0 is a valid window edge
            lowest_valid_is_zero = argument in {"gradesBelow", "gradesAbove"}
            for value in (-1, 2**31 - 1) if lowest_valid_is_zero else (0, -1, 2**31 - 1):
                query = (
                    _call(field, argument, value)
                    if root
                    else "{ " + f"{path} {{ {field}({argument}: {value}) {{ __typename }} }}" + " }"
                )
                body = post(api, {"query": query}).json()
                errors = body.get("errors") or []
                assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"], (
                    query,
                    body,
                )
                assert errors[0]["extensions"].get("field") == argument, (query, body)
            checked.append(f"{type_name}.{field}({argument})")
    assert len(checked) >= 8, checked


SLOW = "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 13 RETURN count(*) AS n"


async def _slow(tx: Tx) -> int:
    _, records = await tx.records(SLOW, {})
    return int(records[0]["n"])


async def _slow_read(db: Database) -> int:
    async with db.reading() as tx:
        return await _slow(tx)


async def _slow_write(db: Database) -> int:
    return await db.write(_slow)


async def test_a_long_query_is_cut_off(neo4j_settings: Settings, api: ApiClient) -> None:
    assert api.app is not None
    assert api.app.state.db.query_timeout == limits(api).neo4j_query_timeout
    db = Database.connect(neo4j_settings, query_timeout=0.5)
    try:
        for run in (_slow_read, _slow_write):
            started = time.monotonic()
            with pytest.raises(QueryTimeout, match=r"longer than the 0\.5 s limit"):
                await run(db)
            assert time.monotonic() - started < 10
    finally:
        await db.close()


async def test_limits_reject_before_anything_is_written(db: Database, api: ApiClient) -> None:
    await Org().unit("u").skill("s").role("R1", "u", {"s": (1, 1)}).employee("e1").save(db)
    before = await count_graph(db)
    variables = {"in": {"employeeId": "e1", "roleId": "R1", "readiness": "READY_NOW"}}
    aliased = " ".join(
        f"a{i}: assessReadiness(input: $in) {{ id }}"
        for i in range(limits(api).api_max_aliases + 1)
    )
    deep = "employee { " + "manager { " * 12 + "id" + " }" * 12 + " }"
    for document, limit in (
        ("mutation($in: AssessReadinessInput!) { " + aliased + " }", "aliases found"),
        (
            "mutation($in: AssessReadinessInput!) { assessReadiness(input: $in) { " + deep + " } }",
            "depth",
        ),
    ):
        refused = post(api, {"query": document, "variables": variables})
        assert codes(refused) == ["BAD_USER_INPUT"] and limit in refused.text, refused.text
    assert await count_graph(db) == before


async def test_repeated_documents_get_the_same_answers(db: Database, api: ApiClient) -> None:
    """Parsed and validated documents are kept by query text (api.limits.Documents): a repeat must
    be answered exactly as the first time, refused or not, whatever its variables."""
    await Org().employee("e1", name="Ann").employee("e2", name="Bo").save(db)
    depth = limits(api).api_max_query_depth
    for _ in range(3):
        refused = post(api, {"query": managers(depth)})
        assert codes(refused) == ["BAD_USER_INPUT"]
        unknown = post(api, {"query": '{ employee(id: "e1") { salary } }'})
        assert codes(unknown) == ["GRAPHQL_VALIDATION_FAILED"]
        broken = post(api, {"query": '{ employee(id: "e1") { name '})
        assert codes(broken) == ["GRAPHQL_PARSE_FAILED"]
    query = "query($id: ID!) { employee(id: $id) { name } }"
    for person, name in [("e1", "Ann"), ("e2", "Bo"), ("e1", "Ann")]:
        answer = post(api, {"query": query, "variables": {"id": person}})
        assert answer.json() == {"data": {"employee": {"name": name}}}


# -- the query cost --------------------------------------------------------------------------

SCHEMA = build_schema()._schema


def cost(document: str, variables: dict[str, Any] | None = None) -> int:
    return Coster(SCHEMA, parse(document), variables).cost(None)


def similar_twice(aliases: int, first: int = 100) -> str:
    """The attack of "Access and abuse, round two": `similarRoles(first: 100)` nested twice
    under `employee { roles { ... } }`, with aliases at both levels."""
    inner = " ".join(
        f"b{i}: similarRoles(first: {first}) {{ similarity role {{ id title grade }} }}"
        for i in range(aliases)
    )
    outer = " ".join(
        f"a{i}: similarRoles(first: {first}) {{ similarity role {{ id title {inner} }} }}"
        for i in range(aliases)
    )
    return '{ employee(id: "E0") { id name roles { id title ' + outer + " } } }"


def test_the_cost_multiplies_list_sizes_through_nesting() -> None:
    """Worked by hand: each field counts 1 per object it is on; a list multiplies what is below
    it by its `first` (default, variable, capped) or its documented fan-out."""
    assert cost('{ role(id: "R") { id title } }') == 3
    # similarRoles: 1, 50 for its call (CALLS), 10 (its default first) x 1 (similarity)
    assert cost('{ role(id: "R") { similarRoles { similarity } } }') == 1 + 1 + 50 + 10
    assert cost('{ role(id: "R") { similarRoles(first: 100) { similarity } } }') == 1 + 151
    # beyond the field's maximum the field refuses the value: it counts as the maximum
    assert cost('{ role(id: "R") { similarRoles(first: 2000000) { similarity } } }') == 152
    # a connection: its `first` (default 50) sizes its edges; Employee.skills: its fan-out, 25
    incumbents = '{ role(id: "R") { incumbents { edges { node { id skills { level } } } } } }'
    assert cost(incumbents) == 1 + 1 + (1 + 50 * (1 + 1 + (1 + 25)))
    by_first = '{ role(id: "R") { incumbents(first: 500) { totalCount edges { node { id } } } } }'
    assert cost(by_first) == 1 + 1 + 1 + (1 + 500 * (1 + 1))
    assert cost(by_first.replace("500", "100000")) == cost(by_first)  # at most the maximum
    # nested lists multiply; aliases add up
    nested = '{ role(id: "R") { similarRoles(first: 100) { role { similarRoles(first: 5) { similarity } } } } }'
    assert cost(nested) == 1 + 1 + 50 + 100 * (1 + 1 + 50 + 5)
    aliased = '{ role(id: "R") { a: similarRoles(first: 100) { similarity } b: similarRoles(first: 100) { similarity } } }'
    assert cost(aliased) == 1 + 2 * 151
    # a top-level connection likewise: its argument sizes the edges inside it
    page = '{ readinessChanges(since: "2020-01-01T00:00:00Z", first: 200) { edges { node { id } } pageInfo { hasNextPage } } }'
    assert cost(page) == 1 + (1 + 200 * (1 + 1)) + (1 + 1)
    chain = '{ vacancyChain(roleId: "R", maxDepth: 10) { steps { fit } endsWith } }'
    assert cost(chain) == 1 + (1 + 10) + 1
    # the nine cells: a fan-out; each cell's people: a connection (50 by default)
    cells = "{ nineBox { employees { totalCount edges { node { id } } } } }"
    assert cost(cells) == 1 + 9 * (1 + 1 + (1 + 50 * (1 + 1)))
    # introspection: 1 a field, whatever it selects
    assert cost("{ __schema { types { name fields { name } } } __typename }") == 2


def test_the_cost_counts_variables_fragments_and_inline_fragments() -> None:
    by_variable = 'query($n: Int) { role(id: "R") { similarRoles(first: $n) { similarity } } }'
    assert cost(by_variable, {"n": 100}) == 152
    assert cost(by_variable, {"n": 100.0}) == 152  # an Int variable may come as 100.0
    assert cost(by_variable, {"n": 3}) == 55
    assert cost(by_variable) == cost(by_variable, {"n": None}) == 62  # the field's default
    defaulted = 'query($n: Int = 100) { role(id: "R") { similarRoles(first: $n) { similarity } } }'
    assert cost(defaulted) == 152 and cost(defaulted, {"n": 2}) == 54
    plain = '{ role(id: "R") { similarRoles(first: 100) { role { similarRoles(first: 100) { similarity } } } } }'
    spread = (
        '{ role(id: "R") { ...A } } '
        "fragment A on Role { similarRoles(first: 100) { role { ...B } } } "
        "fragment B on Role { similarRoles(first: 100) { similarity } }"
    )
    inline = (
        '{ role(id: "R") { ... on Role { similarRoles(first: 100) { role { ... { '
        "similarRoles(first: 100) { similarity } } } } } } }"
    )
    assert cost(spread) == cost(inline) == cost(plain) == 1 + 1 + 50 + 100 * (1 + 151)
    twice = '{ role(id: "R") { ...A ...A } } fragment A on Role { similarRoles { similarity } }'
    assert cost(twice) == 1 + 2 * 61
    # Fragments spread in fragments, each twice, 30 deep: counted fast, capped, not expanded.
    chain = " ".join(f"fragment F{i} on Role {{ ...F{i + 1} ...F{i + 1} }}" for i in range(30))
    deep = '{ role(id: "R") { ...F0 } } ' + chain + " fragment F30 on Role { id }"
    started = time.monotonic()
    assert cost(deep) == 1 + 2**30
    assert time.monotonic() - started < 1


def test_every_list_has_a_size_and_the_documented_maximum() -> None:
    """A new list field fails here until `api.cost.SIZES` says how long it may be; a `first`
    whose maximum changes must change in both places."""
    assert list_fields(SCHEMA) <= sized(SCHEMA), list_fields(SCHEMA) - sized(SCHEMA)
    for key, spec in SIZES.items():
        kind, name = key.split(".")
        field = SCHEMA.get_type(kind).fields[name]  # type: ignore[union-attr]
        if isinstance(spec, Page):
            described = field.args[spec.argument].description or ""
            assert described.startswith(f"1 to {spec.most}"), (key, described)
    for key in CALLS:
        kind, name = key.split(".")
        assert name in SCHEMA.get_type(kind).fields  # type: ignore[union-attr]


def _documented_queries() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(where, query, variables) of every GraphQL example in the README and docs/, the
    benchmark's queries, the read paths tests/api/test_routing.py walks and the queries the
    review page is checked against (tests/browser/test_review_browser.py)."""
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for i, block in enumerate(re.findall(r"```graphql\n(.*?)```", text, re.S)):
            yield f"{path.name}#{i}", block, {}
    for name, (query, _) in BENCH_QUERIES.items():
        yield f"bench:{name}", query, {"id": "x"}
    for name, query in ROUTING_READS.items():
        yield f"routing:{name}", query, {}
    yield "review page, against GraphQL", REVIEW_GRAPHQL, {}
    yield "review page, talent map", REVIEW_TALENT_MAP, {}


def test_documented_and_benchmarked_queries_are_under_the_default_cost() -> None:
    most = Settings().api_max_query_cost
    found = {where: cost(query, variables) for where, query, variables in _documented_queries()}
    assert len(found) > 20
    over = {where: c for where, c in found.items() if c > most * 3 // 4}
    assert not over, f"less than a quarter below the {most:,} limit: {over}"


async def test_query_cost_is_limited(db: Database, api: ApiClient) -> None:
    """The attack's document (1.3 KB, within the depth, alias and token limits) is refused before
    it runs, with its cost and the limit; a query over the limit by one field likewise."""
    org = Org().unit("u").skill("s")
    for i in range(30):
        org.role(f"R{i}", "u", {"s": (1 + i % 3, 1)})
    await org.employee("E0", holds=("R0",), skills={"s": 2}).save(db)
    most = limits(api).api_max_query_cost
    attack = similar_twice(aliases=4)
    assert len(attack) < 2000 and cost(attack) > 50 * most
    sessions = dict(api.app.state.db.sessions)  # type: ignore[union-attr]
    started = time.monotonic()
    refused = post(api, {"query": attack})
    assert time.monotonic() - started < 2
    assert refused.status_code == 200 and codes(refused) == ["BAD_USER_INPUT"], refused.text[:500]
    error = refused.json()["errors"][0]
    assert error["extensions"]["cost"] == cost(attack)
    assert error["extensions"]["maxCost"] == most
    assert f"{cost(attack):,}" in error["message"] and f"{most:,}" in error["message"]
    assert refused.json().get("data") is None
    assert dict(api.app.state.db.sessions) == sessions  # nothing ran  # type: ignore[union-attr]
    # The same shape, small enough, runs.
    assert not post(api, {"query": similar_twice(aliases=1, first=3)}).json().get("errors")


async def test_query_cost_counts_variable_page_sizes(db: Database, api: ApiClient) -> None:
    """The same document is refused or run according to its variables (a cached cost must not
    stand for other values)."""
    await Org().unit("u").skill("s").role("R1", "u", {"s": (1, 1)}).save(db)
    document = (
        'query($n: Int) { role(id: "R1") { a: similarRoles(first: $n) { role { '
        "b: similarRoles(first: $n) { role { c: similarRoles(first: $n) { similarity } } } } } } }"
    )
    for n, refused in ((2, False), (100, True), (2, False), (100.0, True)):
        answer = post(api, {"query": document, "variables": {"n": n}})
        assert (codes(answer) == ["BAD_USER_INPUT"]) == refused, (n, answer.text[:300])


async def test_direct_reports_are_paged_and_walks_are_bounded(db: Database, api: ApiClient) -> None:
    """`directReports` has `first` (50 by default, at most 100), and walking manager ->
    directReports -> directReports ... is bounded by the cost."""
    org = Org().employee("boss")
    for i in range(60):
        org.employee(f"r{i:02}", manager="boss")
    org.employee("deep", manager="r00")
    await org.save(db)
    ids = "{ totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }"
    found = api.data('{ employee(id: "boss") { directReports ' + ids + " } }")
    reports = found["employee"]["directReports"]
    assert [r["node"]["id"] for r in reports["edges"]] == [f"r{i:02}" for i in range(50)]
    assert reports["totalCount"] == 60 and reports["pageInfo"]["hasNextPage"]
    resume = 'query($after: String) { employee(id: "boss") { directReports(after: $after) '
    rest = api.data(resume + ids + " } }", {"after": reports["pageInfo"]["endCursor"]})
    rest = rest["employee"]["directReports"]
    assert [r["node"]["id"] for r in rest["edges"]] == [f"r{i:02}" for i in range(50, 60)]
    assert not rest["pageInfo"]["hasNextPage"]
    three = api.data('{ employee(id: "boss") { directReports(first: 3) ' + ids + " } }")
    assert [r["node"]["id"] for r in three["employee"]["directReports"]["edges"]] == [
        "r00",
        "r01",
        "r02",
    ]
    nested = api.data(
        '{ employee(id: "deep") { manager { manager { directReports(first: 2) '
        "{ edges { node { id } } } } } } }"
    )
    assert nested["employee"]["manager"]["manager"]["directReports"]["edges"] == [
        {"node": {"id": "r00"}},
        {"node": {"id": "r01"}},
    ]
    walk = (
        '{ employee(id: "boss") { directReports { edges { node { id name email location '
        "directReports { edges { node { id name email location "
        "directReports { edges { node { id name } } } } } } } } } } }"
    )
    refused = post(api, {"query": walk})
    assert codes(refused) == ["BAD_USER_INPUT"] and "cost limit" in refused.text


@pytest.fixture(scope="module")
def tight(neo4j_settings: Settings) -> Iterator[ApiClient]:
    """A server with the smallest answer and a one-second request time limit; its bookmark wait
    is longer than that, so a request held on a bookmark meets the request limit first."""
    settings = neo4j_settings.model_copy(
        update={
            "api_max_response_bytes": 64 * 1024,
            "api_request_timeout": 1.0,
            "api_bookmark_wait": 5.0,
        }
    )
    with serve(settings) as client:
        yield client


def test_response_size_is_limited(tight: ApiClient) -> None:
    wide = (
        "{ "
        + " ".join(f"a{i}: __schema {{ types {{ name description }} }}" for i in range(20))
        + " }"
    )
    refused = post(tight, {"query": wide})
    assert refused.status_code == 200 and codes(refused) == ["BAD_USER_INPUT"], refused.text[:300]
    error = refused.json()["errors"][0]
    assert error["extensions"]["maxBytes"] == 64 * 1024
    assert error["extensions"]["bytes"] > 64 * 1024 and "-byte limit" in error["message"]
    assert len(refused.content) < 1000 and refused.json()["data"] is None
    small = post(tight, {"query": "{ __schema { queryType { name } } }"})
    assert small.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


async def test_a_request_is_stopped_at_the_request_time_limit(
    db: Database, tight: ApiClient
) -> None:
    """Held on a bookmark no server reaches (its wait is 5 s here), the request stops at the 1 s
    request limit with QUERY_TIMEOUT, not at the bookmark wait, and not as an outage."""
    await Org().unit("u").skill("s").role("R1", "u", {"s": (1, 1)}).save(db)
    assert tight.app is not None
    async with db.driver.session(database=db.database) as session:
        await (await session.run("CREATE (:Scratch)")).consume()
        bookmark = list((await session.last_bookmarks()).raw_values)
    ahead = tight.app.state.bookmarks.sign([later(b) for b in bookmark])
    started = time.monotonic()
    answer = tight.http.post(
        "/graphql", json={"query": '{ role(id: "R1") { id } }'}, headers={HEADER: ahead}
    )
    assert time.monotonic() - started < 3
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"] is None
    assert codes(answer) == ["QUERY_TIMEOUT"] and "1 s limit" in answer.text
    assert tight.http.get("/healthz").status_code == 200
