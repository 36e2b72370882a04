"""The API served by a real uvicorn on a loopback port, in a background thread, for HTTP tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

from api.app import create_app
from graph.neo4j_server import free_port
from graph.settings import Settings


class ApiClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = httpx.Client(base_url=base_url, timeout=30)

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


@contextmanager
def serve(settings: Settings) -> Iterator[ApiClient]:
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API did not start")
        time.sleep(0.05)
    client = ApiClient(f"http://127.0.0.1:{port}")
    try:
        yield client
    finally:
        client.http.close()
        server.should_exit = True
        thread.join(timeout=10)
