"""TalentGraph benchmark: import, per-operation latency (HTTP GraphQL and the service underneath),
mixed read throughput and the readiness export, on a fresh local Neo4j at S / M / L sizes.

    .venv/bin/python bench/run.py                 # S, M and L (about 20-30 minutes on 2 cores)
    .venv/bin/python bench/run.py --sizes S --calls 50

Prints one table and writes it as JSON (default docs/benchmarks.json) with the machine's cores,
memory, Neo4j and Python versions. Only loopback traffic; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import LeanClient  # noqa: E402
from graph.auth import LOCAL_DEVELOPER as ADMIN  # noqa: E402
from graph.auth import AccessRole, mint_token  # noqa: E402
from graph.db import Database  # noqa: E402
from graph.demo import load_demo  # noqa: E402
from graph.importing.onet import ensure_reference_data  # noqa: E402
from graph.neo4j_server import LocalNeo4j, free_port  # noqa: E402
from graph.repositories import employees as employee_repo  # noqa: E402
from graph.repositories.schema import migrate, wipe  # noqa: E402
from graph.services import exposure, succession, talent_maps  # noqa: E402
from graph.services.shortlists import rebuild  # noqa: E402
from graph.settings import Settings  # noqa: E402

SIZES = {"S": 2_000, "M": 20_000, "L": 100_000}

QUERIES = {
    "successionCandidates": (
        "query($id: ID!) { successionCandidates(roleId: $id, first: 10) { edges { node "
        "{ employee { id name } fit readiness gaps { skill { id name } shortfall } } } } }",
        "role",
    ),
    "successors": (
        "query($id: ID!) { successors(roleId: $id) "
        "{ edges { node { employee { id name } readiness fit assessedAt } } } }",
        "role",
    ),
    "benchStrength": (
        "{ benchStrength(criticalOnly: true, first: 500) { edges { node { role { id title } "
        "readyNow readyOneToTwoYears readyThreeToFiveYears benchScore coverage keyPersonRisk } } } }",
        None,
    ),
    "vacancyChain": (
        "query($id: ID!) { vacancyChain(roleId: $id, maxDepth: 3) { steps { role { id } filledBy { id } "
        "readiness fit } endsWith } }",
        "role",
    ),
    "talentMap": (
        "query($id: ID!) { talentMap(employeeId: $id, first: 10) { edges { node { role { id title } "
        "fit move gaps { skill { id } shortfall } } } } }",
        "employee",
    ),
    "automationExposedRoles": (
        "{ automationExposedRoles(minExposure: 0.5, first: 50) { edges { node { role { id title } "
        "exposure source headcount topTasks { statement exposure } "
        "redeploymentTargets { role { id title } exposure meanFit } } } } }",
        None,
    ),
    "employee": (
        "query($id: ID!) { employee(id: $id) { id name title skills { skill { id name } level } "
        "directReports { edges { node { id name } } } } }",
        "manager",
    ),
}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(pct(values, 50), 2),
        "p95_ms": round(pct(values, 95), 2),
        "max_ms": round(max(values), 2),
    }


async def _raw(db: Database, settings: Settings, op: str, target: str | None) -> Any:
    """The service call under each GraphQL operation: Cypher through the driver, no HTTP/GraphQL."""
    weights = succession.readiness_weights(settings)
    if op == "successionCandidates":
        return await succession.succession_candidates(
            db, settings, target or "", 10, 0.0, principal=ADMIN
        )
    if op == "successors":
        return await succession.successors(db, target or "", principal=ADMIN)
    if op == "benchStrength":
        return await succession.bench_strength(db, weights, None, True, 500, None, principal=ADMIN)
    if op == "vacancyChain":
        return await succession.vacancy_chain(db, target or "", 3, principal=ADMIN)
    if op == "talentMap":
        return await talent_maps.talent_map(db, settings, target or "", 10, principal=ADMIN)
    if op == "automationExposedRoles":
        # The same work as the GraphQL operation: the roles, then their top tasks and
        # redeployment targets (the nested fields the benchmark query asks for).
        found = await exposure.automation_exposed_roles(db, settings, 0.5, 50, principal=ADMIN)
        await exposure.top_tasks(db, [(r.role.id, r.source) for r in found.items], 5)
        await exposure.role_redeployment_targets(
            db, settings, [(r.role.id, r.exposure) for r in found.items], 3, principal=ADMIN
        )
        return found
    if op == "employee":
        # The person with skills and direct reports: the statement the GraphQL field runs.
        async with db.reading() as tx:
            return await employee_repo.profiles(tx, [target or ""], skills=True, reports=True)
    raise ValueError(op)


async def _time(fn: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await fn()
    return (time.perf_counter() - started) * 1000


async def sample_ids(db: Database) -> dict[str, list[str]]:
    from graph.cypher import q

    async with db.reading() as tx:
        rows = await q("bench/sample_ids").rows(tx)
    return {row["kind"]: row["ids"] for row in rows}


#: Each operation's timed loop stops after `calls` calls or this many seconds, whichever is first
#: (at least MIN_CALLS), so one slow operation cannot take the whole run.
BUDGET_S = 75.0
MIN_CALLS = 50


def http_latency(client: LeanClient, op: str, ids: list[str], calls: int) -> list[float]:
    query, kind = QUERIES[op]
    out: list[float] = []
    deadline = time.monotonic() + BUDGET_S
    for i in range(calls + 10):
        if len(out) >= MIN_CALLS and time.monotonic() > deadline:
            break
        variables = {"id": ids[i % len(ids)]} if kind else {}
        started = time.perf_counter()
        status, body = client.post("/graphql", {"query": query, "variables": variables})
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200 or json.loads(body).get("errors"):
            raise RuntimeError(f"{op}: {status} {body[:300]!r}")
        if i >= 10:  # warm-up
            out.append(elapsed)
    return out


#: The secret the benchmark's server signs its tokens with (bench/calibration.py mints its own).
SECRET = "talentgraph-bench-secret-0123456789abcdef"


@contextmanager
def api_server(settings: Settings, workers: int) -> Iterator[tuple[str, str, int]]:
    """`talentgraph serve` in its own process(es), authentication on: (base URL, admin token,
    process group id)."""
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": settings.effective_uri,
        "TALENTGRAPH_AUTH_ENABLED": "true",
        "TALENTGRAPH_JWT_SECRET": SECRET,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port), "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the API server did not start")
            time.sleep(0.2)
        token_settings = settings.model_copy(
            update={"auth_enabled": True, "jwt_secret": SecretStr(SECRET)}
        )
        yield base_url, mint_token(token_settings, "bench", [AccessRole.ADMIN]), process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by `pids` (those still alive)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def group_pids(pgid: int) -> list[int]:
    """The processes of process group `pgid` (the API server and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                found.append(int(entry.name))
    return found


def throughput(
    base_url: str,
    token: str,
    ids: dict[str, list[str]],
    clients: int,
    seconds: float,
    api_pgid: int,
    neo4j_pid: int | None,
) -> dict[str, Any]:
    """The mixed read load of bench/load.py from its own process, so clients cost the server
    nothing; with the CPU the API processes and Neo4j spent per request meanwhile."""
    api_pids = group_pids(api_pgid)
    db_pids = [neo4j_pid] if neo4j_pid else []
    api_before, db_before = cpu_seconds(api_pids), cpu_seconds(db_pids)
    with tempfile.NamedTemporaryFile("w", suffix=".json") as file:
        json.dump(ids, file)
        file.flush()
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "load.py"),
                base_url,
                "--token",
                token,
                "--ids",
                file.name,
                "--clients",
                str(clients),
                "--seconds",
                str(seconds),
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=True,
        )
    out: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    served = max(out["requests"] + out["errors"], 1)
    out["api_cpu_ms_per_request"] = round((cpu_seconds(api_pids) - api_before) * 1000 / served, 2)
    if db_pids:
        out["neo4j_cpu_ms_per_request"] = round(
            (cpu_seconds(db_pids) - db_before) * 1000 / served, 2
        )
    return out


#: The child's own peak RSS in KiB: VmHWM, the high-water mark of its memory since exec. Not
#: getrusage's ru_maxrss, which Linux carries over exec from the parent (subprocess starts the
#: child with vfork, so it reports at least the parent's peak): an export started by this process
#: right after it imported 100,000 employees reported this process's peak (480-520 MB) as its
#: own (about 175 MB). ru_maxrss only where there is no /proc.
_PEAK_RSS_KB = (
    "import resource\n"
    "def peak_rss_kb():\n"
    "    try:\n"
    "        with open('/proc/self/status') as status:\n"
    "            return next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration):\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
)


def export_run(settings: Settings, out: Path) -> dict[str, Any]:
    """The readiness export in its own process, so its peak RSS is the exporter's alone."""
    code = _PEAK_RSS_KB + (
        "import sys, time\n"
        "from api.cli import main\n"
        "sys.argv = ['talentgraph', 'export', 'readiness', '--format', 'csv', '--out', sys.argv[1], '--all-roles']\n"
        "t = time.perf_counter()\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('BENCH', time.perf_counter() - t, peak_rss_kb())\n"
    )
    env = {**os.environ, "NEO4J_URI": settings.effective_uri, "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=3600,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH"))
    _, seconds, rss_kb = line.split()
    rows = json.loads(Path(str(out) + ".manifest.json").read_text())["rowCount"]
    return {
        "rows": rows,
        "seconds": round(float(seconds), 2),
        "rows_per_s": round(rows / float(seconds)),
        "peak_rss_mb": round(int(rss_kb) / 1024, 1),
    }


async def bench_size(
    label: str,
    employees: int,
    settings: Settings,
    calls: int,
    workers: int,
    neo4j_pid: int | None,
    report: dict[str, Any],
) -> None:
    db = Database.connect(settings)
    result: dict[str, Any] = {"employees": employees}
    await wipe(db)
    await migrate(db)
    started = time.perf_counter()
    await ensure_reference_data(db, settings.import_batch_size)
    result["onet_import_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    counts = await load_demo(db, employees, 42, settings.import_batch_size)
    result["import_s"] = round(time.perf_counter() - started, 1)
    result["rows_imported"] = sum(counts.values())
    result["counts"] = counts
    started = time.perf_counter()
    await rebuild(db)
    result["shortlists_s"] = round(time.perf_counter() - started, 1)
    ids = await sample_ids(db)
    result["ops"] = {}
    with api_server(settings, workers) as (base_url, token, api_pgid):
        client = LeanClient(base_url, token)
        for op, (_, kind) in QUERIES.items():
            targets = ids[kind] if kind else [""]
            n = (
                calls
                if op not in ("benchStrength", "automationExposedRoles") or employees <= 20_000
                else max(50, calls // 4)
            )
            http = http_latency(client, op, targets, n)
            raw: list[float] = []
            deadline = time.monotonic() + BUDGET_S
            for i in range(min(n, 200) + 5):
                if len(raw) >= MIN_CALLS and time.monotonic() > deadline:
                    break
                target = targets[i % len(targets)] if kind else None
                elapsed = await _time(lambda t=target, o=op: _raw(db, settings, o, t))
                if i >= 5:
                    raw.append(elapsed)
            entry = {"http": summary(http), "raw": summary(raw)}
            entry["overhead_p50"] = round(
                entry["http"]["p50_ms"] / max(entry["raw"]["p50_ms"], 0.01), 2
            )
            result["ops"][op] = entry
            print(
                f"  {label} {op:24} http p50 {entry['http']['p50_ms']:8.1f} p95 {entry['http']['p95_ms']:8.1f}  raw p50 {entry['raw']['p50_ms']:8.1f}  x{entry['overhead_p50']}",
                flush=True,
            )
        result["external_write"] = await external_write(client, db, ids)
        print(f"  {label} after an external write {result['external_write']}", flush=True)
        client.close()
        result["throughput"] = throughput(
            base_url, token, ids, clients=8, seconds=20, api_pgid=api_pgid, neo4j_pid=neo4j_pid
        )
        print(f"  {label} throughput {result['throughput']}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        result["export"] = export_run(settings, Path(tmp) / "readiness.csv")
    print(f"  {label} export {result['export']}", flush=True)
    report["sizes"][label] = result
    await db.close()


def _timed_post(client: LeanClient, op: str, target: str) -> float:
    query, _ = QUERIES[op]
    started = time.perf_counter()
    status, body = client.post("/graphql", {"query": query, "variables": {"id": target}})
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200 or json.loads(body).get("errors"):
        raise RuntimeError(f"{op}: {status} {body[:300]!r}")
    return round(elapsed, 1)


async def external_write(
    client: LeanClient, db: Database, ids: dict[str, list[str]]
) -> dict[str, Any]:
    """What the first requests after a write made straight into Neo4j cost (another tool raising
    one person's skill level, behind TalentGraph's back), and how long until the candidate
    shortlists are rebuilt in the background: every API process adopts the write (graph/version.py),
    scores candidates live and rebuilds its role index once."""
    role, person = ids["role"][0], ids["employee"][0]
    warm = []
    for _ in range(5):  # warm: fresh shortlists, role index built in every worker
        warm.append(_timed_post(client, "successionCandidates", role))
        _timed_post(client, "talentMap", person)
    steady = sorted(warm)[len(warm) // 2]
    async with db.driver.session(database=db.database) as session:
        await session.run(
            "MATCH (e:Employee {id: $id})-[h:HAS_SKILL]->() WITH h LIMIT 1 SET h.level = h.level + 0.5",
            id=person,
        )
    out: dict[str, Any] = {
        "candidates_ms": [_timed_post(client, "successionCandidates", role) for _ in range(3)],
        "talent_map_ms": [_timed_post(client, "talentMap", person) for _ in range(3)],
        "steady_candidates_ms": steady,
    }
    started = time.perf_counter()
    steady = sorted(_timed_post(client, "successionCandidates", ids["role"][1]) for _ in range(3))[
        1
    ]
    while time.perf_counter() - started < 120:
        if _timed_post(client, "successionCandidates", role) < 2 * steady + 5:
            break
        await asyncio.sleep(0.5)
    out["shortlists_fresh_after_s"] = round(time.perf_counter() - started, 1)
    return out


def machine() -> dict[str, Any]:
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def table(report: dict[str, Any]) -> str:
    sizes = list(report["sizes"])
    lines = [
        "| figure | "
        + " | ".join(f"{s} ({report['sizes'][s]['employees']:,})" for s in sizes)
        + " |",
        "|---|" + "---|" * len(sizes),
    ]

    def row(name: str, fn: Callable[[dict[str, Any]], Any]) -> None:
        lines.append(f"| {name} | " + " | ".join(str(fn(report["sizes"][s])) for s in sizes) + " |")

    row("demo import (s)", lambda r: r["import_s"])
    row("rows imported", lambda r: f"{r['rows_imported']:,}")
    row("shortlist rebuild (s)", lambda r: r["shortlists_s"])
    row("O*NET reference import (s)", lambda r: r["onet_import_s"])
    for op in QUERIES:
        row(
            f"{op} HTTP p50 / p95 / max (ms)",
            lambda r, op=op: (
                f"{r['ops'][op]['http']['p50_ms']} / {r['ops'][op]['http']['p95_ms']} / {r['ops'][op]['http']['max_ms']}"
            ),
        )
        row(
            f"{op} service p50 (ms), HTTP overhead",
            lambda r, op=op: f"{r['ops'][op]['raw']['p50_ms']}, x{r['ops'][op]['overhead_p50']}",
        )
    row(
        "after an external write: first successionCandidates (ms)",
        lambda r: " / ".join(str(x) for x in r["external_write"]["candidates_ms"]),
    )
    row(
        "after an external write: first talentMap (ms)",
        lambda r: " / ".join(str(x) for x in r["external_write"]["talent_map_ms"]),
    )
    row(
        "after an external write: shortlists fresh again (s)",
        lambda r: r["external_write"]["shortlists_fresh_after_s"],
    )
    row("mixed read throughput (req/s, 8 clients)", lambda r: r["throughput"]["rps"])
    row(
        "CPU per request under load: API / Neo4j (ms)",
        lambda r: (
            f"{r['throughput'].get('api_cpu_ms_per_request')} / "
            f"{r['throughput'].get('neo4j_cpu_ms_per_request')}"
        ),
    )
    row("export rows, rows/s", lambda r: f"{r['export']['rows']:,}, {r['export']['rows_per_s']:,}")
    row("exporter peak RSS (MB)", lambda r: r["export"]["peak_rss_mb"])
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.json")
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--pagecache", default="3g")
    parser.add_argument(
        "--workers", type=int, default=2, help="API server processes (talentgraph serve --workers)"
    )
    args = parser.parse_args()
    base = Settings()
    with tempfile.TemporaryDirectory(prefix="talentgraph-bench-") as home:
        server = LocalNeo4j(
            Path(home), base.cache_dir, base.neo4j_version, free_port(), args.heap, args.pagecache
        )
        started = time.perf_counter()
        server.start()
        report: dict[str, Any] = {
            "machine": machine()
            | {
                "neo4j": base.neo4j_version,
                "neo4j_heap": args.heap,
                "neo4j_pagecache": args.pagecache,
            },
            "neo4j_start_s": round(time.perf_counter() - started, 1),
            "calls": args.calls,
            "api_workers": args.workers,
            "sizes": {},
        }
        settings = base.model_copy(update={"neo4j_uri": server.uri, "auth_enabled": False})
        try:
            for label in args.sizes.split(","):
                print(f"== {label}: {SIZES[label]:,} employees", flush=True)
                await bench_size(
                    label,
                    SIZES[label],
                    settings,
                    args.calls,
                    args.workers,
                    server.status().pid,
                    report,
                )
                args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        finally:
            server.stop()
    text = table(report)
    print(text)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    asyncio.run(main())
