"""The authorization matrix: every caller × every GraphQL operation and the export × in/out of scope.

Built as a table (OPERATIONS × CALLERS), one test case per cell; `pytest --collect-only -q
tests/test_authorization.py` counts them. Expected outcomes:

- ok: no error, the field has data;
- forbidden: the field is null with a FORBIDDEN error;
- partial: the field has data, and only sensitive fields inside it are null, each with a
  FORBIDDEN error (GraphQL partial result);
- unauthenticated: HTTP 401 with UNAUTHENTICATED (GraphQL-shaped on /graphql) and a Bearer
  challenge, for requests without an acceptable token.

"in" targets are inside the manager's scope (A: M's direct report, R1 and U1 in M's units, A2 in
M's subtree) and the employee's own (A); "out" targets are outside both (O, R2, U2, O2).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from graph.db import Database
from graph.schema import wipe
from tests.access_org import PEOPLE, SINCE, UNAUTHENTICATED, client_for, nominate, seed
from tests.http_server import ApiClient

OK, FORBIDDEN, PARTIAL = "ok", "forbidden", "partial"
ROLES = tuple(PEOPLE)  # admin, hr, manager, employee, service
SENSITIVE = {"performance", "potential", "riskOfLoss", "impactOfLoss", "note"}
PERSONAL = {"skills", "redeploymentTargets"}


@dataclass(frozen=True)
class Operation:
    name: str
    #: "graphql" or "export"
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


def by_role(**outcomes: str | tuple[str, str]) -> dict[str, dict[str, str]]:
    """role=outcome (both scopes) or role=(in, out)."""
    table: dict[str, dict[str, str]] = {}
    for role in ROLES:
        value = outcomes[role]
        inside, outside = (value, value) if isinstance(value, str) else value
        table[role] = {"in": inside, "out": outside, "-": inside}
    return table


PERSON = {"in": {"id": "A"}, "out": {"id": "O"}}
ROLE = {"in": {"roleId": "R1"}, "out": {"roleId": "R2"}}
UNIT = {"in": {"orgUnitId": "U1"}, "out": {"orgUnitId": "U2"}}
PAIR = {"in": {"e": "A2", "r": "R1"}, "out": {"e": "O2", "r": "R1"}}
NONE: dict[str, dict[str, Any]] = {"-": {}}

#: Person lookups: everyone for admin/hr/service, self + subtree for a manager, self for an employee.
PERSON_READ = by_role(
    admin=OK, hr=OK, manager=(OK, FORBIDDEN), employee=(OK, FORBIDDEN), service=OK
)
#: Role and unit reads: everyone for admin/hr/service, the org units for a manager, never an employee.
ROLE_READ = by_role(admin=OK, hr=OK, manager=(OK, FORBIDDEN), employee=FORBIDDEN, service=OK)
#: Writes: admin/hr anyone, a manager their subtree.
WRITE = by_role(admin=OK, hr=OK, manager=(OK, FORBIDDEN), employee=FORBIDDEN, service=FORBIDDEN)


async def _renominate(db: Database) -> None:
    await nominate(db, "A2", "R1", "again")
    await nominate(db, "O2", "R1", "again")


OPERATIONS = [
    Operation(
        "employee",
        "graphql",
        "query($id: ID!) { employee(id: $id) { id name title manager { id } directReports { id } } }",
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
            admin=OK,
            hr=OK,
            manager=(OK, FORBIDDEN),  # A is in M's chain; O is refused as a whole
            employee=(PARTIAL, FORBIDDEN),  # not even one's own ratings
            service=PARTIAL,
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
        "query($id: ID!) { talentMap(employeeId: $id) { fit role { id } } }",
        PERSON,
        PERSON_READ,
        "talentMap",
    ),
    Operation(
        "role",
        "graphql",
        "query($roleId: ID!) { role(id: $roleId) { id title incumbents { id } requirements { level } } }",
        ROLE,
        ROLE_READ,
        "role",
    ),
    Operation(
        "successionCandidates",
        "graphql",
        "query($roleId: ID!) { successionCandidates(roleId: $roleId) { fit employee { id } } }",
        ROLE,
        ROLE_READ,
        "successionCandidates",
    ),
    Operation(
        "successors",
        "graphql",
        "query($roleId: ID!) { successors(roleId: $roleId) { readiness employee { id name } } }",
        ROLE,
        ROLE_READ,
        "successors",
    ),
    Operation(
        "successors.people",
        "graphql",
        "query($roleId: ID!) { successors(roleId: $roleId) "
        "{ employee { id performance skills { level } } } }",
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
        "benchStrength",
        "graphql",
        "query($orgUnitId: ID) { benchStrength(orgUnitId: $orgUnitId) { role { id } benchScore } }",
        {**UNIT, "-": {}},
        by_role(admin=OK, hr=OK, manager=(OK, FORBIDDEN), employee=FORBIDDEN, service=OK),
        "benchStrength",
    ),
    Operation(
        "readinessChanges",
        "graphql",
        "query($orgUnitId: ID) { readinessChanges(since: "
        f'"{SINCE}", orgUnitId: $orgUnitId) {{ items {{ id note employee {{ id }} }} }} }}',
        UNIT,
        by_role(
            admin=OK,
            hr=OK,
            manager=(PARTIAL, FORBIDDEN),  # U1: A2's note shown, O2's withheld
            employee=FORBIDDEN,
            service=PARTIAL,  # every note withheld
        ),
        "readinessChanges",
    ),
    Operation(
        "nineBox",
        "graphql",
        "query($orgUnitId: ID) { nineBox(orgUnitId: $orgUnitId) { performance potential count } }",
        UNIT,
        by_role(admin=OK, hr=OK, manager=(OK, FORBIDDEN), employee=FORBIDDEN, service=FORBIDDEN),
        "nineBox",
    ),
    Operation(
        "automationExposedRoles",
        "graphql",
        "{ automationExposedRoles(minExposure: 0) { exposure role { id } } }",
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
        "{ auditLog(first: 5) { items { id actor action outcome } pageInfo { hasNextPage } } }",
        NONE,
        by_role(admin=OK, hr=FORBIDDEN, manager=FORBIDDEN, employee=FORBIDDEN, service=FORBIDDEN),
        "auditLog",
    ),
    Operation(
        "GET /exports/readiness",
        "export",
        "",
        {"in": {"orgUnitId": "U1"}, "-": {}},
        by_role(admin=OK, hr=OK, manager=FORBIDDEN, employee=FORBIDDEN, service=OK),
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
    await seed(session_db)
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
    elif case.expect == FORBIDDEN:
        assert [e["extensions"]["code"] for e in errors] == ["FORBIDDEN"], errors
        assert errors[0]["path"] == [op.field]
        assert value is None
    else:  # partial: data, with only sensitive or personal fields refused
        assert value is not None
        assert errors, "expected FORBIDDEN entries for sensitive fields"
        for error in errors:
            assert error["extensions"]["code"] == "FORBIDDEN", error
            assert error["path"][-1] in SENSITIVE | PERSONAL, error
            assert _at(body["data"], error["path"]) is None


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
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "FORBIDDEN"


def test_the_matrix_covers_every_operation_caller_and_scope() -> None:
    callers = {c.caller for c in CASES}
    assert callers == set(ROLES) | set(UNAUTHENTICATED)
    assert {c.operation.name for c in CASES} == {o.name for o in OPERATIONS}
    assert {"in", "out"} <= {c.scope for c in CASES}
    outcomes = {c.expect for c in CASES}
    assert outcomes == {OK, FORBIDDEN, PARTIAL, "unauthenticated"}
    print(f"authorization matrix: {len(CASES)} cases")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
async def test_authorization(case: Case, seeded: Database, api: ApiClient) -> None:
    if case.operation.prepare is not None:
        await case.operation.prepare(seeded)
    client = client_for(api, case.caller)
    if case.operation.kind == "export":
        check_export(case, client)
    else:
        check_graphql(case, client)
