"""The one way tests start a Neo4j of their own: the project's launcher (graph/neo4j_server.py)
with its cached jars, on a free loopback port, in a throw-away folder.

The session's server (tests/conftest.py, when neither NEO4J_URI nor Docker gives one) and the
fault tests' server, which they kill and start again (tests/integration/test_outage.py), both
come from `local_neo4j`.
"""

from __future__ import annotations

from pathlib import Path

from graph.neo4j_server import LocalNeo4j, free_port
from graph.settings import Settings


def local_neo4j(home: Path, *, heap: str = "768m", pagecache: str = "256m") -> LocalNeo4j:
    """A server in `home`, not started yet: `.start()` it, and `.stop()` or `.kill()` it after."""
    defaults = Settings()
    return LocalNeo4j(
        home=home,
        cache_dir=defaults.cache_dir,
        version=defaults.neo4j_version,
        port=free_port(),
        heap=heap,
        pagecache=pagecache,
    )
