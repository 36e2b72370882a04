"""Workforce analytics benchmark: whole-organisation `workforceFigures` (grouped by org unit, with
its quarterly trend), `vacancyForecast` for every critical role, on the demo organisation with
three years of history. Targets at 100,000 employees: figures ≤ 500 ms, forecast ≤ 1 s.

    NEO4J_URI=bolt://127.0.0.1:7687 .venv/bin/python bench/workforce.py --employees 100000
    .venv/bin/python bench/workforce.py --employees 2000 --no-load   # already loaded

The database at NEO4J_URI is wiped and loaded with the demo unless --no-load. Prints the median
and worst of --calls timed calls of each (after one warm-up call).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.auth import LOCAL_DEVELOPER as ADMIN  # noqa: E402
from graph.db import Database  # noqa: E402
from graph.demo import demo_state, load_demo, quarter_start  # noqa: E402
from graph.repositories.schema import migrate, wipe  # noqa: E402
from graph.scoring.workforce import GroupBy  # noqa: E402
from graph.services.workforce import workforce_figures  # noqa: E402
from graph.services.workforce_forecast import vacancy_forecast  # noqa: E402
from graph.settings import Settings  # noqa: E402


async def timed(calls: int, work: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    await work()
    seconds = []
    for _ in range(calls):
        start = time.perf_counter()
        await work()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000, max(seconds) * 1000


async def main(employees: int, calls: int, load: bool) -> None:
    settings = Settings()
    db = Database.connect(settings)
    try:
        if load:
            await migrate(db)
            await wipe(db)
            started = time.perf_counter()
            counts = await load_demo(db, employees, seed=42, batch_size=5000)
            print(f"loaded {sum(counts.values()):,} rows in {time.perf_counter() - started:.0f}s")
        # The demo's last year, up to the reference its history counts back from.
        state = await demo_state(db)
        reference = (state.reference if state else None) or quarter_start()
        window = (reference - timedelta(days=365), reference)
        figures = await timed(
            calls,
            lambda: workforce_figures(
                db, settings, *window, group_by=GroupBy.ORG_UNIT, principal=ADMIN
            ),
        )
        forecast = await timed(
            calls, lambda: vacancy_forecast(db, settings, 4, as_of=reference, principal=ADMIN)
        )
        print(f"employees {employees:,}")
        print(
            f"workforceFigures (org-wide, by org unit, trend): median {figures[0]:.0f} ms, "
            f"worst {figures[1]:.0f} ms"
        )
        print(
            f"vacancyForecast (all critical roles, 4 quarters): median {forecast[0]:.0f} ms, "
            f"worst {forecast[1]:.0f} ms"
        )
    finally:
        await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.employees, args.calls, not args.no_load))
