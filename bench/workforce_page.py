"""Workforce dashboard benchmark: the `/workforce` page and its downloads, against the dashboard's
three service reads alone, on the organisation already loaded at NEO4J_URI (the demo; load it with
`talentgraph demo --employees N` or bench/workforce.py). Target at 100,000 employees: the page
≤ 2 s; what the page adds to its reads (scope, unit tree, views, template) should stay small.

    NEO4J_URI=bolt://127.0.0.1:7687 nice -n -15 .venv/bin/python bench/workforce_page.py

The app runs in this process (authentication off, called as the local developer over ASGI, no
socket); prints the median and worst of --calls timed calls of each (after one warm-up call), the
page's size, and the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.app import create_app  # noqa: E402
from api.review import routes  # noqa: E402
from api.review.filters import parse_filters  # noqa: E402
from api.review.workforce import page_context  # noqa: E402
from graph.auth import LOCAL_DEVELOPER as ADMIN  # noqa: E402
from graph.db import Database  # noqa: E402
from graph.services.org_units import unit_tree  # noqa: E402
from graph.services.review import scope_of  # noqa: E402
from graph.services.workforce_dashboard import (  # noqa: E402
    ExportFormat,
    dashboard_file,
    workforce_dashboard,
)
from graph.settings import Settings  # noqa: E402


async def timed(calls: int, work: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    await work()
    seconds = []
    for _ in range(calls):
        start = time.perf_counter()
        await work()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000, max(seconds) * 1000


async def main(calls: int, query: str) -> None:
    settings = Settings(auth_enabled=False)
    db = Database.connect(settings)
    app = create_app(settings)
    filters = parse_filters(dict(httpx.QueryParams(query)), datetime.now(UTC).date())
    try:
        service = await timed(
            calls, lambda: workforce_dashboard(db, settings, filters, principal=ADMIN)
        )
        dashboard = await workforce_dashboard(db, settings, filters, principal=ADMIN)
        tree = await unit_tree(db)
        scope = await scope_of(db, ADMIN, tree)
        template = routes.templates.get_template("workforce.html")

        async def render() -> None:
            template.render(
                **page_context(dashboard, tree, scope),
                who=ADMIN,
                auth_enabled=False,
                now=datetime.now(UTC),
            )

        async def files() -> None:
            for fmt in (ExportFormat.CSV, ExportFormat.PARQUET):
                dashboard_file(dashboard, fmt)

        rendering = await timed(calls, render)
        writing = await timed(calls, files)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
                sizes: dict[str, int] = {}

                async def get(path: str) -> None:
                    response = await c.get(path, headers={"Accept": "text/html"})
                    response.raise_for_status()
                    sizes[path] = len(response.content)

                page = await timed(calls, lambda: get(f"/workforce?{query}"))
                csv = await timed(calls, lambda: get(f"/workforce.csv?{query}"))
                parquet = await timed(calls, lambda: get(f"/workforce.parquet?{query}"))
    finally:
        await db.close()
    load = os.getloadavg()
    print(f"query: {query or '(defaults)'}; {calls} calls each after a warm-up")
    print(f"dashboard service (3 reads) : median {service[0]:7.0f} ms, worst {service[1]:7.0f} ms")
    print(
        f"GET /workforce (page)       : median {page[0]:7.0f} ms, worst {page[1]:7.0f} ms, "
        f"{sizes[f'/workforce?{query}'] / 1024:.0f} KiB"
    )
    print(f"  of which views + template : median {rendering[0]:7.1f} ms (in-process, no reads)")
    print(f"GET /workforce.csv          : median {csv[0]:7.0f} ms, worst {csv[1]:7.0f} ms")
    print(f"GET /workforce.parquet      : median {parquet[0]:7.0f} ms, worst {parquet[1]:7.0f} ms")
    print(f"  of which CSV + Parquet    : median {writing[0]:7.1f} ms (encoding both, no reads)")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} CPUs)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--query", default="", help="the page's query string, e.g. groupBy=ROLE")
    args = parser.parse_args()
    asyncio.run(main(args.calls, args.query))
