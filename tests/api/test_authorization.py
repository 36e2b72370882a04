"""The authorization matrix (DESIGN §6): every caller × every GraphQL operation, sensitive or
derived field, mutation, export and review page × in scope / out of scope / missing id.

Built as a table (OPERATIONS × CALLERS), one test case per cell; `pytest --collect-only -q
tests/api/test_authorization.py` counts them, and docs/access.md prints the table itself (`make
access-doc` writes it; a test keeps it in step). Expected outcomes:

- ok: no error, the field has data (a page: HTTP 200);
- forbidden: the field is null with a FORBIDDEN error (HTTP 403);
- not found: the field is null with a NOT_FOUND error (HTTP 404);
- partial: the field has data, and only sensitive or derived fields inside it are null, each with
  a FORBIDDEN error (GraphQL partial result);
- unauthenticated: HTTP 401 with UNAUTHENTICATED (GraphQL-shaped on /graphql) and a Bearer
  challenge, for requests without an acceptable token (a review page sends them to its login).

"in" targets are inside the manager's scope (A: M's direct report, R1 and U1 in M's units, A2 in
M's subtree) and the employee's own (A); "out" targets are outside both (O, R2, U2, O2);
"missing" ids name nothing. Out of scope and missing are the same answer (FORBIDDEN) for callers
with a limited scope, so ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from graph.db import Database
from graph.repositories.schema import wipe
from tests.support.callers import PEOPLE, UNAUTHENTICATED, client_for
from tests.support.http_server import ApiClient
from tests.support.orgs import SINCE, nominate, seed_access_org
from tests.support.paths import REPO

OK, FORBIDDEN, PARTIAL, NOT_FOUND = "ok", "forbidden", "partial", "not found"
ROLES = tuple(PEOPLE)  # admin, hr, manager, employee, service
SENSITIVE = {"performance", "potential", "riskOfLoss", "impactOfLoss", "note"}
PERSONAL = {"skills", "redeploymentTargets"}
#: Derived from sensitive or personal data, so under the same rule (DESIGN §6).
DERIVED = {"keyPersonRisk", "have", "shortfall"}


@dataclass(frozen=True)
class Operation:
    name: str
    #: "graphql", "export" or "page" (a review page: `query` is its path)
    kind: str
    query: str
    #: scope ("in", "out" or "-") → variables (GraphQL) or query parameters (export)
    targets: dict[str, dict[str, Any]]
    #: role → scope → expected outcome
    expect: dict[str, dict[str, str]]
    #: the top-level field the outcome is read from
    field: str = ""
    #: run before each case (e.g. re-create the nomination a withdrawal removes)
    prepare: Callable[[Database], Any] | None = None


SCOPES = ("-", "in", "out", "out-role", "missing", "missing-role")


def by_role(**outcomes: str | tuple[str, ...]) -> dict[str, dict[str, str]]:
    """role=outcome (every scope) or role=(in, out[, missing]): the missing id answers as out of
    scope unless given. For pairs, (in, out, out-role, missing, missing-role)."""
    table: dict[str, dict[str, str]] = {}
    for role in ROLES:
        value = outcomes[role]
        values = (value,) if isinstance(value, str) else value
        inside = values[0]
        outside = values[1] if len(values) > 1 else inside
        if len(values) == 5:
            names = ("in", "out", "out-role", "missing", "missing-role")
            table[role] = dict(zip(names, values, strict=True))
            table[role]["-"] = inside
            continue
        missing = values[2] if len(values) > 2 else outside
        table[role] = {"in": inside, "out": outside, "-": inside, "missing": missing}
        table[role] |= {"out-role": outside, "missing-role": missing}
    return table


PERSON = {"in": {"id": "A"}, "out": {"id": "O"}, "missing": {"id": "NOPE"}}
ROLE = {"in": {"roleId": "R1"}, "out": {"roleId": "R2"}, "missing": {"roleId": "NOPE"}}
UNIT = {"in": {"orgUnitId": "U1"}, "out": {"orgUnitId": "U2"}, "missing": {"orgUnitId": "NOPE"}}
PAIR = {
    "in": {"e": "A2", "r": "R1"},
    "out": {"e": "O2", "r": "R1"},  # a person outside M's subtree
    "out-role": {"e": "A2", "r": "R2"},  # M's report, for a role outside M's units
    "missing": {"e": "NOPE", "r": "R1"},
    "missing-role": {"e": "A2", "r": "NOPE"},
}
NONE: dict[str, dict[str, Any]] = {"-": {}}

#: Person lookups: everyone for admin/hr/service, self + subtree for a manager, self for an employee.
PERSON_READ = by_role(
    admin=(OK, OK, NOT_FOUND),
    hr=(OK, OK, NOT_FOUND),
    manager=(OK, FORBIDDEN),
    employee=(OK, FORBIDDEN),
    service=(OK, OK, NOT_FOUND),
)
#: Role and unit reads: everyone for admin/hr/service, the org units for a manager, never an employee.
ROLE_READ = by_role(
    admin=(OK, OK, NOT_FOUND),
    hr=(OK, OK, NOT_FOUND),
    manager=(OK, FORBIDDEN),
    employee=FORBIDDEN,
    service=(OK, OK, NOT_FOUND),
)
#: Writes: admin/hr anyone, a manager a person of their subtree for a role in their units.
WRITE = by_role(
    admin=(OK, OK, OK, NOT_FOUND, NOT_FOUND),
    hr=(OK, OK, OK, NOT_FOUND, NOT_FOUND),
    manager=(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    employee=FORBIDDEN,
    service=FORBIDDEN,
)


#: Lists of people name whom the caller may read (an employee: themselves), filtered by an org
#: unit under the unit rule (an employee reads no unit).
_people_list = by_role(
    admin=(OK, OK, NOT_FOUND),
    hr=(OK, OK, NOT_FOUND),
    manager=(OK, FORBIDDEN),
    employee=FORBIDDEN,
    service=(OK, OK, NOT_FOUND),
)
_people_list["employee"]["-"] = OK


async def _renominate(db: Database) -> None:
    await nominate(db, "A2", "R1", "again")
    await nominate(db, "O2", "R1", "again")
    await nominate(db, "A2", "R2", "again")


OPERATIONS = [
    Operation(
        "employee",
        "graphql",
        "query($id: ID!) { employee(id: $id) { id name title manager { id } directReports { edges { node { id } } } } }",
        PERSON,
        PERSON_READ,
        "employee",
    ),
    Operation(
        "employee.sensitive",
        "graphql",
        "query($id: ID!) { employee(id: $id) { id performance potential riskOfLoss impactOfLoss } }",
        PERSON,
        by_role(
            admin=(OK, OK, NOT_FOUND),
            hr=(OK, OK, NOT_FOUND),
            manager=(OK, FORBIDDEN),  # A is in M's chain; O is refused as a whole
            employee=(PARTIAL, FORBIDDEN),  # not even one's own ratings
            service=(PARTIAL, PARTIAL, NOT_FOUND),
        ),
        "employee",
    ),
    Operation(
        "employee.skills+redeploymentTargets",
        "graphql",
        "query($id: ID!) { employee(id: $id) { id skills { level } redeploymentTargets { fit } } }",
        PERSON,
        PERSON_READ,
        "employee",
    ),
    Operation(
        "talentMap",
        "graphql",
        "query($id: ID!) { talentMap(employeeId: $id) { edges { node { fit role { id } } } } }",
        PERSON,
        PERSON_READ,
        "talentMap",
    ),
    Operation(
        "role",
        "graphql",
        "query($roleId: ID!) { role(id: $roleId) { id title incumbents { edges { node { id } } } requirements { level } } }",
        ROLE,
        ROLE_READ,
        "role",
    ),
    Operation(
        "successionCandidates",
        "graphql",
        "query($roleId: ID!) { successionCandidates(roleId: $roleId) { edges { node { fit employee { id } } } } }",
        ROLE,
        ROLE_READ,
        "successionCandidates",
    ),
    Operation(
        "successors",
        "graphql",
        "query($roleId: ID!) { successors(roleId: $roleId) { edges { node { readiness employee { id name } } } } }",
        ROLE,
        ROLE_READ,
        "successors",
    ),
    Operation(
        "successors.people",
        "graphql",
        "query($roleId: ID!) { successors(roleId: $roleId) "
        "{ edges { node { employee { id performance skills { level } } } } } }",
        {"in": {"roleId": "R1"}},  # slate: A2 (in M's subtree) and O2 (not)
        by_role(admin=OK, hr=OK, manager=PARTIAL, employee=FORBIDDEN, service=PARTIAL),
        "successors",
    ),
    Operation(
        "vacancyChain",
        "graphql",
        "query($roleId: ID!) { vacancyChain(roleId: $roleId) { endsWith steps { fit } } }",
        ROLE,
        ROLE_READ,
        "vacancyChain",
    ),
    Operation(
        "successionCandidates.gaps",
        "graphql",
        "query($roleId: ID!) { successionCandidates(roleId: $roleId) "
        "{ edges { node { employee { id } gaps { skill { id } required have shortfall } } } } }",
        ROLE,  # R1's candidates include O2 (outside M's subtree), short of s1
        by_role(
            admin=(OK, OK, NOT_FOUND),
            hr=(OK, OK, NOT_FOUND),
            manager=(PARTIAL, FORBIDDEN),  # O2's own level is not M's to see
            employee=FORBIDDEN,
            service=(OK, OK, NOT_FOUND),
        ),
        "successionCandidates",
    ),
    Operation(
        "benchStrength",
        "graphql",
        "query($orgUnitId: ID) { benchStrength(orgUnitId: $orgUnitId) { edges { node { role { id } benchScore } } } }",
        {**UNIT, "-": {}},
        by_role(
            admin=(OK, OK, NOT_FOUND),
            hr=(OK, OK, NOT_FOUND),
            manager=(OK, FORBIDDEN),
            employee=FORBIDDEN,
            service=(OK, OK, NOT_FOUND),
        ),
        "benchStrength",
    ),
    Operation(
        "benchStrength.keyPersonRisk",
        "graphql",
        "query($orgUnitId: ID) { benchStrength(orgUnitId: $orgUnitId, criticalOnly: false) "
        "{ edges { node { role { id } cover keyPersonRisk } } } }",
        {**UNIT, "-": {}},
        by_role(
            admin=(OK, OK, NOT_FOUND),
            hr=(OK, OK, NOT_FOUND),
            manager=(PARTIAL, FORBIDDEN),  # RM's incumbent is M: not in M's own subtree
            employee=FORBIDDEN,
            service=(PARTIAL, PARTIAL, NOT_FOUND),  # derived from ratings service may not read
        ),
        "benchStrength",
    ),
    Operation(
        "readinessChanges",
        "graphql",
        "query($orgUnitId: ID) { readinessChanges(since: "
        f'"{SINCE}", orgUnitId: $orgUnitId) {{ edges {{ node {{ id note employee {{ id }} }} }} }} }}',
        UNIT,
        by_role(
            admin=(OK, OK, NOT_FOUND),
            hr=(OK, OK, NOT_FOUND),
            manager=(PARTIAL, FORBIDDEN),  # U1: A2's note shown, O2's withheld
            employee=FORBIDDEN,
            service=(PARTIAL, PARTIAL, NOT_FOUND),  # every note withheld
        ),
        "readinessChanges",
    ),
    Operation(
        "nineBox",
        "graphql",
        "query($orgUnitId: ID) { nineBox(orgUnitId: $orgUnitId) { performance potential employees { totalCount } } }",
        UNIT,
        by_role(
            admin=(OK, OK, NOT_FOUND),
            hr=(OK, OK, NOT_FOUND),
            manager=(OK, FORBIDDEN),
            employee=FORBIDDEN,
            service=FORBIDDEN,
        ),
        "nineBox",
    ),
    *(
        Operation(
            name,
            "graphql",
            f"query($orgUnitId: ID) {{ {name}({arguments}orgUnitId: $orgUnitId) {{ {fields} }} }}",
            UNIT,
            # admin and hr anywhere; a manager their org units; nobody else (docs/workforce.md)
            by_role(
                admin=(OK, OK, NOT_FOUND),
                hr=(OK, OK, NOT_FOUND),
                manager=(OK, FORBIDDEN),
                employee=FORBIDDEN,
                service=FORBIDDEN,
            ),
            name,
        )
        for name, arguments, fields in (
            (
                "workforceFigures",
                'from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z", ',
                "total { suppressed }",
            ),
            (
                "mobilityFlows",
                'from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z", ',
                "edges { node { count } }",
            ),
            ("vacancyForecast", "quarters: 4, ", "roles { roleId }"),
        )
    ),
    Operation(
        "automationExposedRoles",
        "graphql",
        "{ automationExposedRoles(minExposure: 0) { edges { node { exposure role { id } } } } }",
        NONE,
        by_role(admin=OK, hr=OK, manager=OK, employee=FORBIDDEN, service=OK),
        "automationExposedRoles",
    ),
    Operation(
        "assessReadiness",
        "graphql",
        "mutation($e: ID!, $r: ID!) { assessReadiness(input: "
        '{employeeId: $e, roleId: $r, readiness: READY_NOW, note: "seen"}) { id assessedBy note } }',
        PAIR,
        WRITE,
        "assessReadiness",
    ),
    Operation(
        "withdrawNomination",
        "graphql",
        "mutation($e: ID!, $r: ID!) { withdrawNomination(employeeId: $e, roleId: $r) { id } }",
        PAIR,
        WRITE,
        "withdrawNomination",
        prepare=_renominate,
    ),
    Operation(
        "auditLog",
        "graphql",
        "{ auditLog(first: 5) { edges { node { id actor action outcome } } pageInfo { hasNextPage } } }",
        NONE,
        by_role(admin=OK, hr=FORBIDDEN, manager=FORBIDDEN, employee=FORBIDDEN, service=FORBIDDEN),
        "auditLog",
    ),
    Operation(
        "orgUnit",
        "graphql",
        "query($id: ID!) { orgUnit(id: $id) "
        "{ id name parent { id } path { id } children { edges { node { id } } } "
        "roles { edges { node { id } } } headcount head { id } } }",
        {"in": {"id": "U1"}, "out": {"id": "U2"}, "missing": {"id": "NOPE"}},
        ROLE_READ,
        "orgUnit",
    ),
    Operation(
        "orgUnits",
        "graphql",
        "{ orgUnits { totalCount edges { node { id children { totalCount } headcount } } } }",
        NONE,
        by_role(admin=OK, hr=OK, manager=OK, employee=FORBIDDEN, service=OK),
        "orgUnits",
    ),
    Operation(
        "employees",
        "graphql",
        "query($orgUnitId: ID) { employees(orgUnitId: $orgUnitId) "
        "{ totalCount edges { node { id name email } cursor } } }",
        {**UNIT, "-": {}},
        _people_list,
        "employees",
    ),
    Operation(
        "employees.sensitive",
        "graphql",
        "{ employees { edges { node { id performance potential riskOfLoss impactOfLoss } } } }",
        NONE,
        # a manager: their reports' ratings, not their own; an employee: nobody's, not their own
        by_role(admin=OK, hr=OK, manager=PARTIAL, employee=PARTIAL, service=PARTIAL),
        "employees",
    ),
    Operation(
        "roles",
        "graphql",
        "query($orgUnitId: ID) { roles(orgUnitId: $orgUnitId) "
        "{ totalCount edges { node { id orgUnit { path { id } } } } } }",
        {**UNIT, "-": {}},
        by_role(
            admin=(OK, OK, NOT_FOUND),
            hr=(OK, OK, NOT_FOUND),
            manager=(OK, FORBIDDEN),
            employee=FORBIDDEN,
            service=(OK, OK, NOT_FOUND),
        ),
        "roles",
    ),
    Operation(
        "skills",
        "graphql",
        "{ skills { totalCount edges { node { id name category } } } }",
        NONE,
        by_role(admin=OK, hr=OK, manager=OK, employee=OK, service=OK),
        "skills",
    ),
    Operation(
        "GET /exports/readiness",
        "export",
        "",
        {**UNIT, "-": {}},
        by_role(
            admin=(OK, OK, NOT_FOUND),
            hr=(OK, OK, NOT_FOUND),
            manager=FORBIDDEN,
            employee=FORBIDDEN,
            service=(OK, OK, NOT_FOUND),
        ),
    ),
    Operation(
        "GET /review",
        "page",
        "/review",
        {"-": {}, "in": {"unit": "U1"}, "out": {"unit": "U2"}, "missing": {"unit": "NOPE"}},
        by_role(
            admin=(OK, OK, NOT_FOUND),
            hr=(OK, OK, NOT_FOUND),
            manager=(OK, FORBIDDEN),
            employee=FORBIDDEN,
            service=FORBIDDEN,
        ),
    ),
    Operation(
        "GET /review/people/{id}",
        "page",
        "/review/people/{id}",
        PERSON,
        by_role(
            admin=(OK, OK, NOT_FOUND),
            hr=(OK, OK, NOT_FOUND),
            manager=(OK, FORBIDDEN),
            employee=FORBIDDEN,
            service=FORBIDDEN,
        ),
    ),
]


@dataclass(frozen=True)
class Case:
    operation: Operation
    caller: str
    scope: str
    expect: str

    @property
    def id(self) -> str:
        return f"{self.operation.name}-{self.caller}-{self.scope}"


CASES = [
    Case(op, caller, scope, op.expect[caller][scope] if caller in PEOPLE else "unauthenticated")
    for op in OPERATIONS
    for caller in (*ROLES, *UNAUTHENTICATED)
    for scope in op.targets
]


@pytest.fixture(scope="module")
async def seeded(session_db: Database) -> AsyncIterator[Database]:
    await wipe(session_db)
    await seed_access_org(session_db)
    yield session_db
    await wipe(session_db)


def _errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    return list(body.get("errors") or [])


def _at(data: Any, path: list[str | int]) -> Any:
    for step in path:
        if data is None:
            return None
        data = data[step]
    return data


def check_graphql(case: Case, client: ApiClient) -> None:
    op = case.operation
    response = client.http.post(
        "/graphql", json={"query": op.query, "variables": op.targets[case.scope]}
    )
    if case.expect == "unauthenticated":
        assert response.status_code == 401, response.text
        assert response.headers["www-authenticate"].startswith("Bearer")
        body = response.json()
        assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
        assert "data" not in body
        return
    assert response.status_code == 200, response.text
    body = response.json()
    errors = _errors(body)
    value = (body.get("data") or {}).get(op.field)
    if case.expect == OK:
        assert not errors, errors
        assert value is not None
    elif case.expect in (FORBIDDEN, NOT_FOUND):
        code = "FORBIDDEN" if case.expect == FORBIDDEN else "NOT_FOUND"
        assert [e["extensions"]["code"] for e in errors] == [code], errors
        assert errors[0]["path"] == [op.field]
        assert value is None
    else:  # partial: data, with only sensitive, personal or derived fields refused
        assert value is not None
        assert errors, "expected FORBIDDEN entries for sensitive fields"
        for error in errors:
            assert error["extensions"]["code"] == "FORBIDDEN", error
            assert error["path"][-1] in SENSITIVE | PERSONAL | DERIVED, error
            assert _at(body["data"], error["path"]) is None


STATUS = {OK: 200, FORBIDDEN: 403, NOT_FOUND: 404}


def check_export(case: Case, client: ApiClient) -> None:
    response = client.http.get("/exports/readiness", params=case.operation.targets[case.scope])
    if case.expect == "unauthenticated":
        assert response.status_code == 401, response.text
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["error"]["code"] == "UNAUTHENTICATED"
    elif case.expect == OK:
        assert response.status_code == 200, response.text
        assert response.text.startswith("role_id,")
    else:
        assert response.status_code == STATUS[case.expect], response.text
        assert response.json()["error"]["code"] == case.expect.upper().replace(" ", "_")


def check_page(case: Case, client: ApiClient) -> None:
    target = dict(case.operation.targets[case.scope])
    path = case.operation.query.format(id=target.pop("id", ""))
    response = client.http.get(path, params=target, follow_redirects=False)
    if case.expect == "unauthenticated":
        assert response.status_code == 303, response.text
        assert response.headers["location"].startswith("/review/login")
        return
    assert response.status_code == STATUS[case.expect], response.text[:500]
    assert response.headers["content-type"].startswith("text/html")


def test_the_matrix_covers_every_operation_caller_and_scope() -> None:
    callers = {c.caller for c in CASES}
    assert callers == set(ROLES) | set(UNAUTHENTICATED)
    assert {c.operation.name for c in CASES} == {o.name for o in OPERATIONS}
    assert {"in", "out"} <= {c.scope for c in CASES}
    outcomes = {c.expect for c in CASES}
    assert outcomes == {OK, FORBIDDEN, PARTIAL, NOT_FOUND, "unauthenticated"}
    print(f"authorization matrix: {len(CASES)} cases")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
async def test_authorization(case: Case, seeded: Database, api: ApiClient) -> None:
    if case.operation.prepare is not None:
        await case.operation.prepare(seeded)
    client = client_for(api, case.caller)
    if case.operation.kind == "export":
        check_export(case, client)
    elif case.operation.kind == "page":
        check_page(case, client)
    else:
        check_graphql(case, client)


DOC = REPO / "docs" / "access.md"
BEGIN, END = "<!-- matrix: begin (make access-doc) -->", "<!-- matrix: end -->"
SCOPE_WORDS = {
    "-": "",
    "in": "in scope",
    "out": "out of scope",
    "out-role": "role out of scope",
    "missing": "missing id",
    "missing-role": "missing role",
}


def render_matrix() -> str:
    """The table of OPERATIONS as docs/access.md prints it: a row per operation, a column per
    role, each cell the outcome per kind of target."""
    lines = [
        "| operation | " + " | ".join(ROLES) + " |",
        "|---|" + "---|" * len(ROLES),
    ]
    for op in OPERATIONS:
        cells = []
        for role in ROLES:
            parts = []
            for scope in SCOPES:
                if scope in op.targets:
                    word = SCOPE_WORDS[scope]
                    outcome = op.expect[role][scope]
                    parts.append(f"{word}: {outcome}" if word else outcome)
            cells.append("<br>".join(parts))
        lines.append(f"| `{op.name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def written_matrix(text: str) -> str:
    return text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()


def test_docs_access_prints_this_table() -> None:
    assert written_matrix(DOC.read_text(encoding="utf-8")) == render_matrix(), (
        "docs/access.md is out of step with the matrix: run `make access-doc`"
    )


if __name__ == "__main__":  # `make access-doc`
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOC.write_text(text[:start] + "\n" + render_matrix() + "\n" + text[end:], encoding="utf-8")
    print(f"wrote the matrix ({len(OPERATIONS)} operations) into {DOC}")
