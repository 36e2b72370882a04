"""TalentGraph against its peer, the Neo4j GraphQL Library (bench/peer/: @neo4j/graphql + Apollo
Server, one @cypher field per query running TalentGraph's own statement), over the same Neo4j.

    (cd bench/peer && npm ci)
    .venv/bin/python bench/peer.py --uri bolt://127.0.0.1:7687            # a graph already loaded
    .venv/bin/python bench/peer.py --employees 100000                     # a fresh local Neo4j

Starts both servers (one process each unless --workers), checks that they give the same answers
(the same people, in the same order, with the same fits, readiness and gaps; the same skills and
reports; the same bench figures), then for each operation drives both with the same 8 concurrent
keep-alive clients, alternating (TalentGraph, peer, TalentGraph, peer, ...) so that whatever else
the machine does falls on both alike, and prints p50/p90 latency, requests/s, the server's CPU per
request and the ratios. Only loopback traffic; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import LeanClient, _read_response, encode_request  # noqa: E402
from bench.run import QUERIES, api_server, cpu_seconds, group_pids, pct, sample_ids  # noqa: E402
from graph.db import Database  # noqa: E402
from graph.neo4j_server import LocalNeo4j, free_port  # noqa: E402
from graph.settings import Settings  # noqa: E402

PEER = ROOT / "bench" / "peer"
#: The operations compared, each a key of bench.run.QUERIES (the same query text for both).
OPERATIONS = ("successionCandidates", "employee", "benchStrength")
#: How many ids each operation's answers are compared on.
CHECKED = 50


@contextmanager
def peer_server(uri: str) -> Iterator[tuple[str, int]]:
    """`node bench/peer/server.mjs` in its own process group: (GraphQL URL, process group id)."""
    if not (PEER / "node_modules").is_dir():
        raise SystemExit("bench/peer has no node_modules: run `npm ci` in bench/peer first")
    port = free_port()
    process = subprocess.Popen(
        ["node", "server.mjs"],
        cwd=PEER,
        env={**os.environ, "NEO4J_URI": uri, "PEER_PORT": str(port), "NODE_ENV": "production"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.post(url, json={"query": "{ __typename }"}, timeout=2)
                if answer.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the peer did not start (try `node server.mjs` in bench/peer)")
            time.sleep(0.2)
        yield url, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Side:
    """One server under test: where to post, with which token, and its processes."""

    def __init__(self, name: str, url: str, token: str | None, pgid: int) -> None:
        self.name = name
        self.url = url
        self.token = token
        self.path = urlsplit(url).path or "/"
        self.pgid = pgid
        self.client = LeanClient(url, token)

    def ask(self, op: str, target: str) -> Any:
        query, kind = QUERIES[op]
        variables = {"id": target} if kind else {}
        status, body = self.client.post(self.path, {"query": query, "variables": variables})
        answer = json.loads(body)
        if status != 200 or answer.get("errors"):
            raise RuntimeError(f"{self.name} {op}({target}): {status} {body[:500]!r}")
        return answer["data"]

    def requests(self, op: str, targets: list[str]) -> list[bytes]:
        query, kind = QUERIES[op]
        host = urlsplit(self.url).netloc
        return [
            encode_request(
                host,
                self.path,
                self.token,
                {"query": query, "variables": {"id": t} if kind else {}},
            )
            for t in (targets if kind else [""])
        ]


def _close(a: Any, b: Any) -> bool:
    return (
        isinstance(a, float | int)
        and isinstance(b, float | int)
        and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    )


def differences(a: Any, b: Any, where: str = "") -> list[str]:
    """Where two answers differ: numbers within 1e-9 (TalentGraph's bench figures are exact
    fractions turned into floats once; the peer's are floats all along), the rest exactly."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += differences(a.get(key), b.get(key), f"{where}.{key}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items against {len(b)}"]
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += differences(x, y, f"{where}[{i}]")
        return out
    if a == b or _close(a, b):
        return []
    return [f"{where}: {a!r} against {b!r}"]


def check(
    ours: Side, peer: Side, ids: dict[str, list[str]], operations: Sequence[str] = OPERATIONS
) -> dict[str, str]:
    """Both sides' answers, compared on up to CHECKED ids per operation."""
    out = {}
    for op in operations:
        kind = QUERIES[op][1]
        targets = ids[kind][:CHECKED] if kind else [""]
        same = 0
        for target in targets:
            found = differences(ours.ask(op, target), peer.ask(op, target))
            if found:
                raise SystemExit(f"{op}({target}): the answers differ: {found[:5]}")
            same += 1
        out[op] = f"{same} of {len(targets)} identical"
        print(f"  {op}: answers identical on {same} of {len(targets)}", flush=True)
    return out


async def _client(
    host: str, port: int, requests: list[bytes], stop: float, seed: int, latencies: list[float]
) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    rng = random.Random(seed)
    errors = 0
    try:
        while time.monotonic() < stop:
            started = time.perf_counter()
            writer.write(rng.choice(requests))
            status, body = await _read_response(reader)
            if status == 200 and b'"errors"' not in body:
                latencies.append((time.perf_counter() - started) * 1000)
            else:
                errors += 1
    finally:
        writer.close()
    return errors


def load(side: Side, requests: list[bytes], clients: int, seconds: float) -> dict[str, Any]:
    """`clients` keep-alive connections sending one request after the other for `seconds`."""
    parts = urlsplit(side.url)
    latencies: list[float] = []
    pids = group_pids(side.pgid)
    cpu_before = cpu_seconds(pids)

    async def run() -> int:
        stop = time.monotonic() + seconds
        found = await asyncio.gather(
            *(
                _client(
                    parts.hostname or "127.0.0.1", parts.port or 80, requests, stop, n, latencies
                )
                for n in range(clients)
            )
        )
        return sum(found)

    started = time.monotonic()
    errors = asyncio.run(run())
    elapsed = time.monotonic() - started
    served = max(len(latencies) + errors, 1)
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(latencies, 50) if latencies else math.nan,
        "p90_ms": pct(latencies, 90) if latencies else math.nan,
        "cpu_ms": (cpu_seconds(pids) - cpu_before) * 1000 / served,
    }


def compare(
    ours: Side,
    peer: Side,
    ids: dict[str, list[str]],
    clients: int,
    seconds: float,
    rounds: int,
    operations: Sequence[str] = OPERATIONS,
) -> dict[str, Any]:
    """Each operation, `rounds` times TalentGraph then the peer (the peer first in odd rounds),
    `seconds` each; the figures are the medians over the rounds."""
    report: dict[str, Any] = {}
    for op in operations:
        kind = QUERIES[op][1]
        targets = ids[kind] if kind else [""]
        runs: dict[str, list[dict[str, Any]]] = {ours.name: [], peer.name: []}
        for side in (ours, peer):  # warm-up: every id once
            load(side, side.requests(op, targets), clients, min(seconds, 3))
        for n in range(rounds):
            for side in (ours, peer) if n % 2 == 0 else (peer, ours):
                runs[side.name].append(load(side, side.requests(op, targets), clients, seconds))
        entry: dict[str, Any] = {}
        for name, found in runs.items():
            entry[name] = {
                key: round(sorted(r[key] for r in found)[len(found) // 2], 2)
                for key in ("rps", "p50_ms", "p90_ms", "cpu_ms")
            } | {"errors": sum(r["errors"] for r in found)}
        a, b = entry[ours.name], entry[peer.name]
        entry["throughput_ratio"] = round(a["rps"] / b["rps"], 2)
        entry["p50_ratio"] = round(a["p50_ms"] / b["p50_ms"], 2)
        entry["cpu_ratio"] = round(a["cpu_ms"] / b["cpu_ms"], 2)
        report[op] = entry
        print(
            f"  {op:22} TalentGraph {a['rps']:7.1f} req/s p50 {a['p50_ms']:7.2f} p90 {a['p90_ms']:7.2f} "
            f"cpu {a['cpu_ms']:6.2f} ms | peer {b['rps']:7.1f} req/s p50 {b['p50_ms']:7.2f} "
            f"p90 {b['p90_ms']:7.2f} cpu {b['cpu_ms']:6.2f} ms | x{entry['throughput_ratio']} "
            f"req/s, p50 x{entry['p50_ratio']}",
            flush=True,
        )
    return report


def table(report: dict[str, Any]) -> str:
    lines = [
        "| operation | TalentGraph req/s | peer req/s | ratio | TalentGraph p50 / p90 (ms) "
        "| peer p50 / p90 (ms) | API CPU per request, TalentGraph / peer (ms) |",
        "|---|---|---|---|---|---|---|",
    ]
    for op, entry in report["operations"].items():
        a, b = entry["TalentGraph"], entry["peer"]
        lines.append(
            f"| {op} | {a['rps']} | {b['rps']} | {entry['throughput_ratio']}x | "
            f"{a['p50_ms']} / {a['p90_ms']} | {b['p50_ms']} / {b['p90_ms']} | "
            f"{a['cpu_ms']} / {b['cpu_ms']} |"
        )
    return "\n".join(lines)


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


async def _ids(settings: Settings, employees: int | None) -> dict[str, list[str]]:
    db = Database.connect(settings)
    try:
        if employees:
            from graph.demo import load_demo
            from graph.importing.onet import ensure_reference_data
            from graph.repositories.schema import migrate, wipe
            from graph.services.shortlists import rebuild

            await wipe(db)
            await migrate(db)
            await ensure_reference_data(db, settings.import_batch_size)
            await load_demo(db, employees, 42, settings.import_batch_size)
            await rebuild(db)
        return await sample_ids(db)
    finally:
        await db.close()


def run(args: argparse.Namespace, uri: str) -> dict[str, Any]:
    settings = Settings().model_copy(update={"neo4j_uri": uri, "auth_enabled": False})
    ids = asyncio.run(_ids(settings, args.employees))
    ids["role"] = ids["role"][: args.roles]
    report: dict[str, Any] = {
        "neo4j": uri,
        "workers": args.workers,
        "clients": args.clients,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "roles": len(ids["role"]),
        "load_average_before": loadavg(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }
    with (
        api_server(settings, args.workers) as (base_url, token, api_pgid),
        peer_server(uri) as (peer_url, peer_pgid),
    ):
        ours = Side("TalentGraph", f"{base_url}/graphql", token, api_pgid)
        peer = Side("peer", peer_url, None, peer_pgid)
        report["agreement"] = check(ours, peer, ids, args.operations)
        report["operations"] = compare(
            ours, peer, ids, args.clients, args.seconds, args.rounds, args.operations
        )
        ours.client.close()
        peer.client.close()
    report["load_average_after"] = loadavg()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--uri", help="a Neo4j that holds the graph (else a fresh local one)")
    parser.add_argument("--employees", type=int, help="load the demo of this size first (wipes)")
    parser.add_argument("--workers", type=int, default=1, help="TalentGraph server processes")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=8.0, help="per operation, side and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--roles", type=int, default=200, help="critical roles the calls vary over")
    parser.add_argument("--out", type=Path, help="write the report as JSON here")
    parser.add_argument(
        "--operations",
        type=lambda text: [op for op in text.split(",") if op],
        default=list(OPERATIONS),
        help=f"comma-separated, of {', '.join(OPERATIONS)} (default: all)",
    )
    args = parser.parse_args()
    if unknown := set(args.operations) - set(OPERATIONS):
        parser.error(f"unknown operations: {', '.join(sorted(unknown))}")
    if args.uri:
        report = run(args, args.uri)
    else:
        if not args.employees:
            parser.error("without --uri, say --employees (a fresh local Neo4j is loaded)")
        base = Settings()
        with tempfile.TemporaryDirectory(prefix="talentgraph-peer-") as home:
            server = LocalNeo4j(
                Path(home), base.cache_dir, base.neo4j_version, free_port(), "4g", "3g"
            )
            server.start()
            try:
                report = run(args, server.uri)
            finally:
                server.stop()
    print(table(report))
    print(
        f"load average before / after: {report['load_average_before']} / {report['load_average_after']}"
    )
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
