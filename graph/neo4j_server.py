"""A real Neo4j Community server run from Maven Central jars, without Docker.

The jars are resolved once into a cache folder (`~/.cache/talentgraph/neo4j-<version>/lib`) and
reused; configuration, data and logs stay in a project-local folder (`.talentgraph/neo4j`). The
same launcher serves `talentgraph neo4j start`, the test suite and CI.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.errors import LocalServerError

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"

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

_JVM_FLAGS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Dfile.encoding=UTF-8",
]

_DOWNLOADED = re.compile(r"Downloaded from \S+: \S+ \(([\d.]+) (B|kB|MB)")
_UNITS = {"B": 1, "kB": 1024, "MB": 1024 * 1024}

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    uri: str
    version: str
    home: Path
    log: Path


class LocalNeo4j:
    """Lifecycle of one local server: `ensure_jars`, `start`, `stop` (or `kill`), `status`."""

    def __init__(
        self,
        home: Path,
        cache_dir: Path,
        version: str,
        port: int = 7687,
        heap: str = "1g",
        pagecache: str = "512m",
        start_timeout: float = 120.0,
    ) -> None:
        self.home = home.resolve()
        self.cache = (cache_dir / f"neo4j-{version}").resolve()
        self.version = version
        self.port = port
        self.heap = heap
        self.pagecache = pagecache
        self.start_timeout = start_timeout

    # -- paths -----------------------------------------------------------------------------
    @property
    def lib_dir(self) -> Path:
        return self.cache / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def plugins_dir(self) -> Path:
        return self.home / "plugins"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    # -- prerequisites ---------------------------------------------------------------------
    @staticmethod
    def java_executable() -> str:
        java_home = os.environ.get("JAVA_HOME")
        if java_home and (Path(java_home) / "bin" / "java").is_file():
            return str(Path(java_home) / "bin" / "java")
        found = shutil.which("java")
        if not found:
            raise LocalServerError(f"Java was not found. {WAYS_OUT}")
        return found

    @classmethod
    def java_major_version(cls) -> int:
        out = subprocess.run(
            [cls.java_executable(), "-version"], capture_output=True, text=True, check=False
        )
        match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
        if not match:
            raise LocalServerError(f"could not read the Java version from: {out.stderr.strip()}")
        major = int(match.group(1))
        return int(match.group(2) or 0) if major == 1 else major

    def jars_ready(self) -> bool:
        return (self.cache / ".complete").is_file()

    def ensure_jars(self, progress: Progress = _quiet) -> float:
        """Resolve the server's jars from Maven Central once; returns the seconds it took."""
        if self.jars_ready():
            return 0.0
        mvn = shutil.which("mvn")
        if not mvn:
            raise LocalServerError(f"Maven was not found (needed once, to fetch Neo4j). {WAYS_OUT}")
        self.cache.mkdir(parents=True, exist_ok=True)
        (self.cache / "pom.xml").write_text(_POM.format(version=self.version), encoding="utf-8")
        started = time.monotonic()
        cmd = [
            mvn,
            "-B",
            "-f",
            str(self.cache / "pom.xml"),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={self.lib_dir}",
        ]
        log_path = self.cache / "maven.log"
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
                f"Maven could not resolve org.neo4j:neo4j:{self.version} (exit {code}); see {log_path}"
            )
        (self.cache / ".complete").write_text(self.version, encoding="utf-8")
        return time.monotonic() - started

    # -- configuration ---------------------------------------------------------------------
    def write_conf(self) -> Path:
        for folder in (self.conf_dir, self.data_dir, self.logs_dir, self.plugins_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        conf = self.conf_dir / "neo4j.conf"
        conf.write_text(
            "\n".join(
                [
                    "# Written by `talentgraph neo4j start`; edits are overwritten at each start.",
                    "server.default_listen_address=127.0.0.1",
                    "server.bolt.enabled=true",
                    f"server.bolt.listen_address=127.0.0.1:{self.port}",
                    f"server.bolt.advertised_address=127.0.0.1:{self.port}",
                    "server.http.enabled=false",
                    "server.https.enabled=false",
                    "dbms.security.auth_enabled=false",
                    f"server.memory.heap.initial_size={self.heap}",
                    f"server.memory.heap.max_size={self.heap}",
                    f"server.memory.pagecache.size={self.pagecache}",
                    f"server.directories.data={self.data_dir}",
                    f"server.directories.logs={self.logs_dir}",
                    f"server.directories.plugins={self.plugins_dir}",
                    "db.tx_log.rotation.retention_policy=2 files",
                    "dbms.usage_report.enabled=false",
                    # How long the server itself waits for a bookmark's transaction (30 s by
                    # default); the API gives up sooner (TALENTGRAPH_API_BOOKMARK_WAIT).
                    "db.transaction.bookmark_ready_timeout=5s",
                    "",
                ]
            ),
            encoding="utf-8",
        )
        return conf

    # -- lifecycle -------------------------------------------------------------------------
    def _read_pid(self) -> int | None:
        return self._running()[0]

    def _running(self) -> tuple[int | None, int | None]:
        """(pid, port) of the server this home runs, or (None, None)."""
        try:
            fields = self.pid_file.read_text().split()
            pid, port = int(fields[0]), int(fields[1]) if len(fields) > 1 else None
        except (OSError, ValueError, IndexError):
            return None, None
        return (pid, port) if _is_our_server(pid) else (None, None)

    def status(self) -> ServerStatus:
        pid, port = self._running()
        return ServerStatus(
            running=pid is not None,
            pid=pid,
            uri=f"bolt://127.0.0.1:{port or self.port}",
            version=self.version,
            home=self.home,
            log=self.console_log,
        )

    def start(self, progress: Progress = _quiet) -> ServerStatus:
        """Start the server (downloading jars the first time) and wait until Bolt answers."""
        pid, port = self._running()
        if pid is not None:
            if port is not None and port != self.port:
                raise LocalServerError(
                    f"the local Neo4j in {self.home} already runs on port {port} (pid {pid}); "
                    "stop it first with `talentgraph neo4j stop` to move it to another port."
                )
            self._wait_for_bolt(None)
            return self.status()
        java = self.java_executable()
        major = self.java_major_version()
        if major < 17:
            raise LocalServerError(
                f"Java {major} is too old: Neo4j 5.26 needs Java 17 or 21. {WAYS_OUT}"
            )
        if not port_is_free(self.port):
            raise LocalServerError(
                f"port {self.port} on 127.0.0.1 is already in use by another program, so Neo4j "
                "cannot listen there. Stop that program, or choose another port with "
                "`talentgraph neo4j start --port N` (or TALENTGRAPH_NEO4J_PORT=N)."
            )
        self.ensure_jars(progress)
        self.write_conf()
        progress(f"starting Neo4j {self.version} on {self.uri}")
        classpath = os.pathsep.join(
            f"{folder}/*" for folder in (self.plugins_dir, self.conf_dir, self.lib_dir)
        )
        cmd = [
            java,
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            *_JVM_FLAGS,
            "-cp",
            classpath,
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_dir}",
        ]
        with self.console_log.open("ab") as log:
            proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.home,
                start_new_session=True,
            )
        self.pid_file.write_text(f"{proc.pid} {self.port}\n")
        self._wait_for_bolt(proc)
        return self.status()

    def _wait_for_bolt(self, proc: subprocess.Popen[bytes] | None) -> None:
        from neo4j import GraphDatabase

        deadline = time.monotonic() + self.start_timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                raise LocalServerError(
                    f"Neo4j exited with code {proc.returncode} while starting; last lines of "
                    f"{self.console_log}:\n{tail(self.console_log)}"
                )
            try:
                with GraphDatabase.driver(self.uri, auth=None, connection_timeout=2) as driver:
                    driver.verify_connectivity()
                return
            except Exception as exc:
                last_error = exc
                time.sleep(0.3)
        if proc is not None:
            proc.terminate()
        raise LocalServerError(
            f"Neo4j did not answer on {self.uri} within {self.start_timeout:.0f}s ({last_error}); "
            f"see {self.console_log}:\n{tail(self.console_log)}"
        )

    def stop(self, timeout: float = 60.0) -> bool:
        """Graceful shutdown (SIGTERM runs Neo4j's shutdown hook); False if it was not running."""
        pid = self._signal(signal.SIGTERM, timeout, poll=0.2)
        if pid is not None and _alive(pid):
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return pid is not None

    def kill(self, timeout: float = 30.0) -> bool:
        """Kill the server at once (SIGKILL, as a crash or the OOM killer would): no shutdown
        hook runs, and the next `start` recovers from the transaction log. False if it was not
        running."""
        pid = self._signal(signal.SIGKILL, timeout, poll=0.05)
        self.pid_file.unlink(missing_ok=True)
        return pid is not None

    def _signal(self, sig: int, timeout: float, poll: float) -> int | None:
        """Send `sig` to the running server and wait up to `timeout` for it to exit; its pid, or
        None if it was not running."""
        pid = self._read_pid()
        if pid is None:
            return None
        os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(poll)
        return pid


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child (reaped by nobody yet) counts as gone.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return True
    if state == "Z":
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        return False
    return True


def _is_our_server(pid: int) -> bool:
    if not _alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc (macOS): trust the pid file
    return ENTRY_POINT.encode() in cmdline


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As the server itself will: lingering TIME_WAIT connections do not make a port busy.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
