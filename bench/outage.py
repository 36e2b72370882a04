"""Outage figures: how fast the API answers 503 while Neo4j is down (killed under load, stopped
gracefully, a connection gone silent) and how fast it recovers, and what an import killed midway
costs. README ("Outages") quotes them.

    .venv/bin/python bench/outage.py      # a few minutes; NEO4J_URI as for the tests, or none

The faults are the ones tests/integration/test_outage.py injects and checks, on a Neo4j of its
own; this runs that file and prints the figures it recorded (its FIGURES) as a table.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests" / "integration" / "test_outage.py"


def main() -> int:
    code = int(pytest.main(["-q", "-p", "no:cacheprovider", str(TESTS)]))
    module = sys.modules.get("tests.integration.test_outage")
    figures: dict[str, Any] = getattr(module, "FIGURES", {})
    if not figures:
        print("no figures: the fault tests did not run (see above)", file=sys.stderr)
        return code or 1
    width = max(len(name) for name in figures)
    print()
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    return code


if __name__ == "__main__":
    sys.exit(main())
