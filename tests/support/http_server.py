"""The API served by a real uvicorn on a loopback port, in a background thread, for HTTP tests.

Authentication is on, as in production: the server gets a test secret and the client sends an
`admin` token unless told otherwise (`api.as_user(...)` for other roles, `api.with_token(None)`
for none).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr

from api.app import create_app
from graph.auth import AccessRole, mint_token
from graph.neo4j_server import free_port
from graph.settings import Settings

#: The test server's HS256 secret (32+ bytes, as RFC 7518 asks of HS256 keys).
TEST_SECRET = "talentgraph-test-secret-0123456789abcdef"
#: The subject of the default client's admin token (recorded as assessedBy).
ADMIN_SUBJECT = "test-admin"


class ApiClient:
    app: FastAPI | None = None

    def __init__(
        self, base_url: str, settings: Settings | None = None, token: str | None = None
    ) -> None:
        self.base_url = base_url
        self.settings = settings
        self.token = token
        #: Headers every request of this client sends (the bearer token, if any).
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=base_url, timeout=30, headers=self.headers)
        self._children: list[ApiClient] = []

    def with_token(self, token: str | None) -> ApiClient:
        """A client for the same server sending `token` (None: no Authorization header)."""
        child = ApiClient(self.base_url, self.settings, token)
        child.app = self.app
        self._children.append(child)
        return child

    def as_user(
        self,
        subject: str,
        *roles: AccessRole | str,
        employee_id: str | None = None,
        ttl_seconds: int = 3600,
    ) -> ApiClient:
        """A client whose token names `subject`, `roles` and `employee_id`."""
        assert self.settings is not None, "this server has no token settings"
        token = mint_token(
            self.settings,
            subject,
            [AccessRole(r) for r in roles],
            employee_id,
            ttl_seconds=ttl_seconds,
        )
        return self.with_token(token)

    def close(self) -> None:
        for child in self._children:
            child.close()
        self.http.close()

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.http.post("/graphql", json={"query": query, "variables": variables or {}})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of a query that must succeed."""
        body = self.graphql(query, variables)
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def error_codes(self, query: str, variables: dict[str, Any] | None = None) -> list[str]:
        body = self.graphql(query, variables)
        return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]

    def walk(
        self, query: str, field: str, variables: dict[str, Any] | None = None
    ) -> list[list[dict[str, Any]]]:
        """Every page of the connection `field` (a top-level field of `query`, which takes
        `$after` and selects `pageInfo { hasNextPage endCursor }` and `edges { node cursor }`),
        from the first: the nodes of each page. Each edge's cursor is the page's end cursor
        for the last edge."""
        pages: list[list[dict[str, Any]]] = []
        after: str | None = None
        while True:
            found = self.data(query, {**(variables or {}), "after": after})[field]
            edges = found["edges"]
            assert found["pageInfo"]["endCursor"] == (edges[-1]["cursor"] if edges else None)
            pages.append([e["node"] for e in edges])
            if not found["pageInfo"]["hasNextPage"]:
                return pages
            assert len(pages) < 1000, "a walk that never ends"
            after = found["pageInfo"]["endCursor"]


def nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    """The nodes of a connection's page (`edges { node { ... } }`), in order."""
    return [edge["node"] for edge in connection["edges"]]


def with_test_auth(settings: Settings) -> Settings:
    """`settings` with authentication on, and the test secret unless they bring their own key."""
    update: dict[str, Any] = {"auth_enabled": True}
    if settings.jwt_algorithm == "HS256" and settings.jwt_secret is None:
        update["jwt_secret"] = SecretStr(TEST_SECRET)
    return settings.model_copy(update=update)


@contextmanager
def serve(settings: Settings, *, auth: bool = True, read_flush: float = 0.2) -> Iterator[ApiClient]:
    """Serve the API; with `auth` (the default) tokens are required and the client sends an
    admin one, without it the server runs with authentication off (loopback). `read_flush`:
    seconds between writes of the audit read log."""
    settings = (
        with_test_auth(settings) if auth else settings.model_copy(update={"auth_enabled": False})
    )
    # No background shortlist rebuilds in the shared test server: a rebuild that wakes during a
    # later test would write in the middle of it (tests/integration/test_shortlists.py covers them).
    # The read log is written within a fifth of a second, so tests see it without waiting long.
    settings = settings.model_copy(
        update={"shortlist_refresh_delay": 0.0, "audit_read_flush_seconds": read_flush}
    )
    port = free_port()
    app = create_app(settings)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API did not start")
        time.sleep(0.05)
    token = None
    if auth and (settings.jwt_algorithm == "HS256" or settings.jwt_private_key):
        token = mint_token(settings, ADMIN_SUBJECT, [AccessRole.ADMIN])
    client = ApiClient(f"http://127.0.0.1:{port}", settings if auth else None, token)
    client.app = app  # in-process: tests may look at app.state (sessions opened, ...)
    try:
        yield client
    finally:
        client.close()
        server.should_exit = True
        thread.join(timeout=10)
