"""The `talentgraph` command run as users run it, in a subprocess, for tests of the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from graph.settings import Settings


def cli_env(
    settings: Settings, *, uri: str | None = None, home: Path | None = None, **extra: str
) -> dict[str, str]:
    """This process's environment pointed at the tests' Neo4j (or at `uri`, say a proxy in front
    of it), with TALENTGRAPH_HOME at `home` when given, and `extra` on top."""
    env = {
        **os.environ,
        "NEO4J_URI": uri or settings.effective_uri,
        "NEO4J_USER": settings.neo4j_user,
    }
    if settings.neo4j_password:
        env["NEO4J_PASSWORD"] = settings.neo4j_password
    if home is not None:
        env["TALENTGRAPH_HOME"] = str(home)
    return {**env, **extra}


def talentgraph(
    *args: str, env: Mapping[str, str], cwd: Path | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """`talentgraph ARGS` (`python -m api`), output captured as text; 200 columns wide, so no
    message is wrapped."""
    return subprocess.run(
        [sys.executable, "-m", "api", *args],
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "200"},
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
