"""The local Neo4j's software: Java found on this machine, the server's jars resolved from Maven
Central once into a cache folder (`~/.cache/talentgraph/neo4j-<version>/lib`) and reused."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from graph.errors import LocalServerError

WAYS_OUT = (
    "TalentGraph runs a local Neo4j Community server from Maven Central jars, which needs "
    "Java 17 or newer (`java` on PATH or JAVA_HOME) and, for the one-time download, Maven (`mvn`). "
    "Three ways out: install them (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless maven`; "
    "macOS: `brew install openjdk@17 maven`); or point TalentGraph at a Neo4j 5 server you already "
    "run by setting NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD); or run `docker compose up`, "
    "which brings Neo4j and the API together."
)

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.talentgraph.local</groupId>
  <artifactId>neo4j-server-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""

_DOWNLOADED = re.compile(r"Downloaded from \S+: \S+ \(([\d.]+) (B|kB|MB)")
_UNITS = {"B": 1, "kB": 1024, "MB": 1024 * 1024}

Progress = Callable[[str], None]


def quiet(_: str) -> None:
    return None


def java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise LocalServerError(f"Java was not found. {WAYS_OUT}")
    return found


def java_major_version() -> int:
    out = subprocess.run(
        [java_executable(), "-version"], capture_output=True, text=True, check=False
    )
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        raise LocalServerError(f"could not read the Java version from: {out.stderr.strip()}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def require_java() -> str:
    """The `java` to run Neo4j with; LocalServerError when there is none or it is too old."""
    java = java_executable()
    major = java_major_version()
    if major < 17:
        raise LocalServerError(
            f"Java {major} is too old: Neo4j 5.26 needs Java 17 or 21. {WAYS_OUT}"
        )
    return java


def jars_ready(cache: Path) -> bool:
    return (cache / ".complete").is_file()


def ensure_jars(cache: Path, version: str, progress: Progress = quiet) -> float:
    """Resolve the server's jars into `cache`/lib from Maven Central once; the seconds it took."""
    if jars_ready(cache):
        return 0.0
    mvn = shutil.which("mvn")
    if not mvn:
        raise LocalServerError(f"Maven was not found (needed once, to fetch Neo4j). {WAYS_OUT}")
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "pom.xml").write_text(_POM.format(version=version), encoding="utf-8")
    started = time.monotonic()
    cmd = [
        mvn,
        "-B",
        "-f",
        str(cache / "pom.xml"),
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={cache / 'lib'}",
    ]
    log_path = cache / "maven.log"
    artifacts, size = 0, 0.0
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            match = _DOWNLOADED.search(line)
            if match:
                artifacts += 1
                size += float(match.group(1)) * _UNITS[match.group(2)]
                progress(f"downloaded {artifacts} artifacts, {size / 1024 / 1024:.1f} MB")
        code = proc.wait()
    if code != 0:
        raise LocalServerError(
            f"Maven could not resolve org.neo4j:neo4j:{version} (exit {code}); see {log_path}"
        )
    (cache / ".complete").write_text(version, encoding="utf-8")
    return time.monotonic() - started
