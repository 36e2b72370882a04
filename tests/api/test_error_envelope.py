"""One error envelope for every HTTP route but GraphQL (api/errors.py, README "Errors"): each
error, whoever raises it (a route, FastAPI's parameter checks, Starlette's router, the request
guard), answers JSON `{"error": {"code", "message", "requestId", ...}}`, never FastAPI's
`{"detail": ...}`, plain text or HTML; `/graphql` keeps the GraphQL shape. The review page's HTML
routes keep their pages for browsers and answer the envelope to a client that asks for JSON.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph.db import Database
from tests.support.factories import Org
from tests.support.http_server import ApiClient

JSON = {"accept": "application/json"}


def envelope(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The error of `response`, checked to be the envelope with this status and code."""
    where = f"{response.request.method} {response.request.url}: {response.text[:300]}"
    assert response.status_code == status, where
    assert response.headers["content-type"] == "application/json", where
    body = response.json()
    assert list(body) == ["error"], where
    error: dict[str, Any] = body["error"]
    assert error["code"] == code, where
    assert isinstance(error["message"], str) and error["message"], where
    assert error["requestId"] == response.headers["x-request-id"], where
    return error


@pytest.mark.parametrize(
    ("method", "path", "params", "status", "code", "field"),
    [
        ("GET", "/exports/readiness", {"format": "xlsx"}, 400, "BAD_USER_INPUT", "format"),
        ("GET", "/exports/readiness", {"candidates": "99"}, 400, "BAD_USER_INPUT", "candidates"),
        ("GET", "/exports/readiness", {"candidates": "x"}, 400, "BAD_USER_INPUT", "candidates"),
        ("GET", "/exports/readiness", {"since": "soon"}, 400, "BAD_USER_INPUT", "since"),
        ("GET", "/exports/readiness", {"allRoles": "maybe"}, 400, "BAD_USER_INPUT", "allRoles"),
        ("GET", "/exports/readiness", {"orgUnitId": "nope"}, 404, "NOT_FOUND", "orgUnitId"),
        ("GET", "/exports/readiness/ae-nope/manifest", {}, 404, "NOT_FOUND", "id"),
        ("POST", "/exports/readiness", {}, 405, "METHOD_NOT_ALLOWED", None),
        ("DELETE", "/exports/readiness/ae-nope/manifest", {}, 405, "METHOD_NOT_ALLOWED", None),
        ("POST", "/healthz", {}, 405, "METHOD_NOT_ALLOWED", None),
        ("PUT", "/readyz", {}, 405, "METHOD_NOT_ALLOWED", None),
        ("HEAD", "/readyz", {}, 405, "METHOD_NOT_ALLOWED", None),
        ("GET", "/nowhere", {}, 404, "NOT_FOUND", None),
        ("GET", "/exports/people", {}, 404, "NOT_FOUND", None),
        ("GET", "/exports/readiness/ae-x/manifest/more", {}, 404, "NOT_FOUND", None),
        ("GET", "/review/static/nothing.css", {}, 404, "NOT_FOUND", None),
        ("GET", "/static/graphiql/nothing.js", {}, 404, "NOT_FOUND", None),
        ("GET", "/docs", {}, 404, "NOT_FOUND", None),  # not served with authentication on
        ("GET", "/openapi.json", {}, 404, "NOT_FOUND", None),
    ],
)
def test_each_route_answers_errors_in_the_envelope(
    api: ApiClient,
    method: str,
    path: str,
    params: dict[str, str],
    status: int,
    code: str,
    field: str | None,
) -> None:
    response = api.http.request(method, path, params=params)
    if method == "HEAD":  # no body: the status and type say it
        assert response.status_code == status
        return
    error = envelope(response, status, code)
    assert error.get("field") == field
    if status == 405:
        assert error["message"].endswith("use GET"), error
        assert response.headers["allow"] == "GET"
    if status == 404 and field is None:
        assert path in error["message"] or "named" in error["message"], error


#: Every route but GraphQL, with a value for each path parameter, and the methods it takes.
ROUTES = {
    "/": "GET",
    "/healthz": "GET",
    "/readyz": "GET",
    "/exports/readiness": "GET",
    "/exports/readiness/ae-x/manifest": "GET",
    "/static/graphiql/x.js": "GET",
    "/review": "GET",
    "/review/people/x": "GET",
    "/review/login": "GET, POST",  # two routes
    "/review/logout": "POST",
    "/review/static/x.css": "GET",
    "/workforce": "GET",
    "/workforce.csv": "GET",
    "/workforce.parquet": "GET",
}


def test_a_wrong_method_on_any_route_is_the_envelope(api: ApiClient) -> None:
    assert api.app is not None
    described = set(api.app.openapi()["paths"])  # every route the API describes is swept
    assert described - {"/graphql"} <= {p.replace("ae-x", "{export_id}") for p in ROUTES}, described
    for path, allowed in ROUTES.items():
        for wrong in ("PATCH", "DELETE", "PUT"):
            response = api.http.request(wrong, path)
            envelope(response, 405, "METHOD_NOT_ALLOWED")
            # (Starlette's Allow names the methods of the first route on the path only)
            assert response.headers["allow"] in allowed.split(", "), path


def test_refusals_of_the_caller_are_the_envelope(api: ApiClient) -> None:
    anonymous = api.with_token(None)
    for path in ("/exports/readiness", "/exports/readiness/ae-x/manifest"):
        envelope(anonymous.http.get(path), 401, "UNAUTHENTICATED")
        envelope(api.with_token("not-a-jwt").http.get(path), 401, "UNAUTHENTICATED")
        manager = api.as_user("boss@example.com", "manager", employee_id="E1")
        envelope(manager.http.get(path), 403, "FORBIDDEN")
    assert anonymous.http.get("/exports/readiness").headers["www-authenticate"] == (
        'Bearer realm="talentgraph"'
    )


def test_the_request_guard_answers_the_envelope(api: ApiClient) -> None:
    assert api.settings is not None
    too_big = api.http.post(
        "/exports/readiness", content=b"x" * (api.settings.api_max_body_bytes + 1)
    )
    envelope(too_big, 413, "BAD_USER_INPUT")


async def test_review_pages_answer_people_with_pages_and_clients_with_the_envelope(
    db: Database, api: ApiClient
) -> None:
    await Org().unit("U").role("R", "U", {}, critical=True).save(db)
    page = api.http.get("/review/people/nobody", headers={"accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert api.http.get("/review/people/nobody").headers["content-type"].startswith("text/html")

    error = envelope(api.http.get("/review/people/nobody", headers=JSON), 404, "NOT_FOUND")
    assert "nobody" in error["message"]
    error = envelope(api.http.get("/review?since=soon", headers=JSON), 400, "BAD_USER_INPUT")
    envelope(api.http.get("/review?unit=nowhere", headers=JSON), 404, "NOT_FOUND")
    # not signed in: a browser is sent to the login form, a client told 401
    anonymous = api.with_token(None)
    login = anonymous.http.get("/review", headers={"accept": "text/html"})
    assert login.status_code == 303 and login.headers["location"].startswith("/review/login")
    envelope(anonymous.http.get("/review", headers=JSON), 401, "UNAUTHENTICATED")
    employee = api.as_user("e@example.com", "employee", employee_id="E1")
    envelope(employee.http.get("/review", headers=JSON), 403, "FORBIDDEN")
    # the login form's refusals
    form = {"content-type": "application/x-www-form-urlencoded"}
    empty = anonymous.http.post("/review/login", content=b"token=", headers=JSON | form)
    envelope(empty, 400, "BAD_USER_INPUT")
    bad = anonymous.http.post("/review/login", content=b"token=not-a-jwt", headers=JSON | form)
    envelope(bad, 401, "UNAUTHENTICATED")
    big = anonymous.http.post(
        "/review/login", content=b"token=" + b"x" * 20_000, headers=JSON | form
    )
    envelope(big, 413, "BAD_USER_INPUT")
    page = anonymous.http.post("/review/login", content=b"token=", headers=form)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")


def test_graphql_keeps_the_graphql_shape(api: ApiClient) -> None:
    wrong = api.http.put("/graphql", json={"query": "{ __typename }"})
    assert wrong.status_code == 405
    (error,) = wrong.json()["errors"]
    assert error["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    anonymous = api.with_token(None).http.post("/graphql", json={"query": "{ __typename }"})
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    bad = api.http.post("/graphql", json={"query": "{ role(id: 1, id: 2) }"})
    assert bad.status_code == 200 and "errors" in bad.json() and "error" not in bad.json()
