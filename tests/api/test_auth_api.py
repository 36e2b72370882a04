"""Authentication over HTTP and from the command line: 401 shapes, open health checks, GraphiQL,
RS256 end to end, auth off on loopback only, `talentgraph token`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from graph.auth import LOCAL_DEVELOPER, AccessRole, TokenVerifier, mint_token
from graph.db import Database
from graph.neo4j_server import free_port
from graph.settings import Settings
from tests.support.cli import talentgraph
from tests.support.http_server import ApiClient, serve
from tests.support.orgs import seed_access_org

QUERY = '{ employee(id: "A") { id } }'


def test_graphql_without_a_token_is_401_graphql_shaped(api: ApiClient) -> None:
    anonymous = api.with_token(None)
    response = anonymous.http.post("/graphql", json={"query": QUERY})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="talentgraph"'
    assert response.json() == {
        "errors": [
            {
                "message": "a bearer token is required (Authorization: Bearer <token>)",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ]
    }
    bad = api.with_token("not-a-jwt").http.post("/graphql", json={"query": QUERY})
    assert bad.status_code == 401
    assert 'error="invalid_token"' in bad.headers["www-authenticate"]
    assert bad.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # a query by GET needs a token as well
    assert anonymous.http.get("/graphql", params={"query": QUERY}).status_code == 401


def test_health_checks_and_graphiql_are_open(api: ApiClient) -> None:
    anonymous = api.with_token(None)
    assert anonymous.http.get("/healthz").json() == {"status": "ok"}
    assert anonymous.http.get("/readyz").status_code == 200
    page = anonymous.http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


def test_other_endpoints_answer_401_in_their_json_shape(api: ApiClient) -> None:
    response = api.with_token(None).http.get("/exports/readiness")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "UNAUTHENTICATED"


def _rsa(tmp_path: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = tmp_path / "private.pem"
    public = tmp_path / "public.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


async def test_rs256_server_end_to_end(
    db: Database, neo4j_settings: Settings, tmp_path: Path
) -> None:
    await seed_access_org(db)
    private, public = _rsa(tmp_path)
    settings = neo4j_settings.model_copy(
        update={
            "jwt_algorithm": "RS256",
            "jwt_public_key": str(public),
            "jwt_private_key": str(private),
            "jwt_issuer": "https://idp.example.com",
            "jwt_audience": "talentgraph-rs",
        }
    )
    with serve(settings) as client:
        assert client.data(QUERY) == {"employee": {"id": "A"}}
        hr = client.as_user("hr-rs", "hr")
        assert hr.data('{ role(id: "R2") { id } }') == {"role": {"id": "R2"}}
        hs = mint_token(
            settings.model_copy(
                update={"jwt_algorithm": "HS256", "jwt_secret": SecretStr("x" * 40)}
            ),
            "mallory",
            [AccessRole.ADMIN],
        )
        assert client.with_token(hs).http.post("/graphql", json={"query": QUERY}).status_code == 401


async def test_auth_off_serves_everyone_as_the_local_developer(
    db: Database, neo4j_settings: Settings
) -> None:
    await seed_access_org(db)
    with serve(neo4j_settings, auth=False) as client:
        assert client.token is None
        got = client.data(
            'mutation { assessReadiness(input: {employeeId: "A2", roleId: "R1", '
            "readiness: READY_NOW}) { assessedBy } }"
        )
        assert got == {"assessReadiness": {"assessedBy": LOCAL_DEVELOPER.subject}}
        assert client.data('{ employee(id: "O") { performance } }') == {
            "employee": {"performance": "HIGH"}
        }
        # a loopback developer server describes its routes; see the next test for auth on
        assert client.http.get("/openapi.json").status_code == 200


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json"])
def test_route_descriptions_are_not_served_with_authentication_on(
    api: ApiClient, path: str
) -> None:
    for client in (api, api.with_token(None)):
        response = client.http.get(path)
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"format": "xlsx"}, "format"),
        ({"since": "yesterday"}, "since"),
        ({"candidates": "many"}, "candidates"),
        ({"allRoles": "perhaps"}, "allRoles"),
    ],
)
def test_export_parameter_errors_use_the_error_envelope(
    api: ApiClient, params: dict[str, str], field: str
) -> None:
    response = api.http.get("/exports/readiness", params=params)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "BAD_USER_INPUT"
    assert error["field"] == field
    assert "detail" not in response.json()


@pytest.fixture
def clean_env() -> dict[str, str]:
    """The environment without TalentGraph settings (commands run in tmp_path: no .env)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("TALENTGRAPH_", "NEO4J_"))}


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.com"])
def test_serve_refuses_auth_off_off_loopback(
    host: str, clean_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**clean_env, "TALENTGRAPH_AUTH_ENABLED": "false"}
    result = talentgraph("serve", "--host", host, "--port", "1", env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "refusing to serve" in result.stderr
    assert "loopback" in result.stderr


def test_serve_refuses_auth_on_without_a_key(clean_env: dict[str, str], tmp_path: Path) -> None:
    result = talentgraph("serve", "--host", "0.0.0.0", "--port", "1", env=clean_env, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "TALENTGRAPH_JWT_SECRET" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_with_auth_off_on_loopback_warns_loudly(
    clean_env: dict[str, str], tmp_path: Path, neo4j_settings: Settings
) -> None:
    port = free_port()
    env = {
        **clean_env,
        "TALENTGRAPH_AUTH_ENABLED": "false",
        "NEO4J_URI": neo4j_settings.effective_uri,
        "COLUMNS": "200",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        response = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": "{ auditLog { edges { node { id } } } }"},
        )
        assert response.status_code == 200
        assert not response.json().get("errors")  # the local developer is an admin
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert "AUTHENTICATION IS OFF" in stderr
    assert "talentgraph token" in stderr


def test_serve_with_workers(
    clean_env: dict[str, str], tmp_path: Path, neo4j_settings: Settings
) -> None:
    """`--workers 2`: two processes, each its own app built from the environment (auth on)."""
    port = free_port()
    secret = "workers-test-secret-0123456789abcdef0123"
    env = {
        **clean_env,
        "TALENTGRAPH_JWT_SECRET": secret,
        "NEO4J_URI": neo4j_settings.effective_uri,
        "COLUMNS": "200",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    url = f"http://127.0.0.1:{port}"
    token = mint_token(Settings(jwt_secret=SecretStr(secret)), "w", [AccessRole.ADMIN])
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        query = {"query": "{ auditLog(first: 1) { edges { node { id } } } }"}
        for _ in range(10):  # a new connection each time: either process may answer
            answer = httpx.post(
                f"{url}/graphql", json=query, headers={"Authorization": f"Bearer {token}"}
            )
            assert answer.status_code == 200, answer.text
            assert not answer.json().get("errors")
            assert httpx.post(f"{url}/graphql", json=query).status_code == 401
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert stderr.count("Started server process") == 2, stderr


def test_token_command_hs256(clean_env: dict[str, str], tmp_path: Path) -> None:
    secret = "cli-test-secret-0123456789abcdef0123"
    env = {**clean_env, "TALENTGRAPH_JWT_SECRET": secret}
    args = ("token", "--sub", "alice", "--role", "hr", "--role", "manager")
    result = talentgraph(*args, "--employee-id", "E000010", "--ttl", "2h", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert "\n" not in token  # only the token on stdout
    settings = Settings(jwt_secret=SecretStr(secret))
    principal = TokenVerifier(settings).verify(token)
    assert principal.subject == "alice"
    assert principal.roles == {AccessRole.HR, AccessRole.MANAGER}
    assert principal.employee_id == "E000010"
    assert abs(principal.claims["exp"] - time.time() - 7200) < 60

    assert (
        talentgraph("token", "--sub", "x", "--role", "root", env=env, cwd=tmp_path).returncode == 2
    )
    bad_ttl = talentgraph(
        "token", "--sub", "x", "--role", "hr", "--ttl", "soon", env=env, cwd=tmp_path
    )
    assert bad_ttl.returncode == 2
    no_secret = talentgraph("token", "--sub", "x", "--role", "hr", env=clean_env, cwd=tmp_path)
    assert no_secret.returncode == 2
    assert "TALENTGRAPH_JWT_SECRET" in no_secret.stderr


def test_token_command_rs256(clean_env: dict[str, str], tmp_path: Path) -> None:
    private, public = _rsa(tmp_path)
    result = talentgraph(
        "token", "--sub", "svc", "--role", "service", "--private-key", str(private),
        env=clean_env, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    settings = Settings(jwt_algorithm="RS256", jwt_public_key=str(public))
    assert TokenVerifier(settings).verify(result.stdout.strip()).roles == {AccessRole.SERVICE}
