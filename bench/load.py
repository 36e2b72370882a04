"""A lean load generator for the throughput figure: keep-alive HTTP/1.1 over raw asyncio streams.

The clients must not compete with the server they measure: an httpx client costs about as much
CPU per request as the API does, and on a 2-core machine shared with Neo4j that halves the figure.
Here every request is pre-encoded bytes and a response is read by its Content-Length, so a client
costs tens of microseconds per request. Run it in its own process (`run_load`), never in the
server's.

    python bench/load.py http://127.0.0.1:8000 --token T --ids ids.json --clients 8 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import time
from typing import Any
from urllib.parse import urlsplit

#: The mixed read load: each name is a key of bench.run.QUERIES.
MIX = (
    "successionCandidates",
    "successors",
    "employee",
    "vacancyChain",
    "successionCandidates",
    "employee",
)


def encode_request(host: str, path: str, token: str | None, body: dict[str, Any]) -> bytes:
    payload = json.dumps(body).encode()
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/json",
        f"Content-Length: {len(payload)}",
    ]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def _status_and_length(head: bytes) -> tuple[int, int]:
    """The status code and Content-Length of a response's head (status line and headers)."""
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return int(head.split(b" ", 2)[1]), length


class LeanClient:
    """One keep-alive connection, one request at a time, for latency: `post(body)` -> (status,
    body). The server closes a connection idle for a few seconds (uvicorn: 5 s); the request is
    then sent again on a new one (the benchmark only reads, so that is safe)."""

    def __init__(self, url: str, token: str | None) -> None:
        parts = urlsplit(url)
        self.address = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.host = parts.netloc
        self.token = token
        self._connect()

    def _connect(self) -> None:
        self.sock = socket.create_connection(self.address)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.file = self.sock.makefile("rb")

    def _exchange(self, request: bytes) -> tuple[int, bytes]:
        self.sock.sendall(request)
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            line = self.file.readline()
            if not line:
                raise ConnectionError("the server closed the connection")
            head += line
        status, length = _status_and_length(head)
        return status, self.file.read(length)

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
        request = encode_request(self.host, path, self.token, body)
        try:
            return self._exchange(request)
        except OSError:  # ConnectionError, BrokenPipeError: closed while idle
            self.close()
            self._connect()
            return self._exchange(request)

    def close(self) -> None:
        self.file.close()
        self.sock.close()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    status, length = _status_and_length(await reader.readuntil(b"\r\n\r\n"))
    return status, await reader.readexactly(length)


async def _client(
    n: int, url: str, requests: list[bytes], stop: float, counts: list[int], errors: list[int]
) -> None:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
    rng = random.Random(n)
    try:
        while time.monotonic() < stop:
            writer.write(rng.choice(requests))
            status, body = await _read_response(reader)
            if status == 200 and b'"errors"' not in body:
                counts[n] += 1
            else:
                errors[n] += 1
    finally:
        writer.close()


async def run_load(url: str, requests: list[bytes], clients: int, seconds: float) -> dict[str, Any]:
    """`clients` connections, each sending one request after the other for `seconds`."""
    counts = [0] * clients
    errors = [0] * clients
    started = time.monotonic()
    stop = started + seconds
    await asyncio.gather(*(_client(n, url, requests, stop, counts, errors) for n in range(clients)))
    elapsed = time.monotonic() - started
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": sum(counts),
        "errors": sum(errors),
        "rps": round(sum(counts) / elapsed, 1),
    }


def mixed_requests(
    url: str,
    token: str | None,
    ids: dict[str, list[str]],
    queries: dict[str, tuple[str, str | None]],
) -> list[bytes]:
    """Every (operation of MIX, sample id) request, pre-encoded; MIX's repeats weigh the choice."""
    parts = urlsplit(url)
    host = parts.netloc
    out: list[bytes] = []
    for op in MIX:
        query, kind = queries[op]
        targets = ids[kind] if kind else [""]
        for target in targets:
            variables = {"id": target} if kind else {}
            body = {"query": query, "variables": variables}
            out.append(encode_request(host, "/graphql", token, body))
    return out


def main() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.run import QUERIES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--token")
    parser.add_argument("--ids", required=True, help="JSON: {role: [...], employee: [...], ...}")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    ids = json.loads(Path(args.ids).read_text())
    requests = mixed_requests(args.url, args.token, ids, QUERIES)
    print(json.dumps(asyncio.run(run_load(args.url, requests, args.clients, args.seconds))))


if __name__ == "__main__":
    main()
