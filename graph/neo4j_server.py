"""A real Neo4j Community server run from Maven Central jars, without Docker.

The jars come from a cache folder shared by every home (graph/neo4j_jars.py); configuration, data,
logs and what the server was started with (its state file: graph/neo4j_home.py) stay in its home
(`.talentgraph/neo4j`). The same launcher serves `talentgraph neo4j start`, the test suite and CI.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graph.errors import LocalServerError
from graph.neo4j_home import (
    ServerState,
    configured,
    configured_port,
    free_port,
    next_free_port,
    port_is_free,
    read_state,
    write_state,
)
from graph.neo4j_jars import (
    WAYS_OUT,
    Progress,
    ensure_jars,
    jars_ready,
    java_executable,
    java_major_version,
    quiet,
    require_java,
)

__all__ = ["WAYS_OUT", "LocalNeo4j", "ServerStatus", "free_port", "port_is_free", "tail"]

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"

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


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    uri: str
    version: str
    home: Path
    log: Path
    port: int
    heap: str
    pagecache: str


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
        """Written by Neo4j itself (the bare pid); ours is the state file (graph/neo4j_home.py)."""
        return self.home / "run" / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    # -- prerequisites (graph/neo4j_jars.py) -----------------------------------------------
    java_executable = staticmethod(java_executable)
    java_major_version = staticmethod(java_major_version)

    def jars_ready(self) -> bool:
        return jars_ready(self.cache)

    def ensure_jars(self, progress: Progress = quiet) -> float:
        """Resolve the server's jars from Maven Central once; returns the seconds it took."""
        return ensure_jars(self.cache, self.version, progress)

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
        """(pid, Bolt port) of the server this home runs, or (None, None)."""
        state = read_state(self.home)
        candidates = [state.pid] if state is not None and state.pid is not None else []
        with contextlib.suppress(OSError, ValueError, IndexError):
            candidates.append(int(self.pid_file.read_text().split()[0]))
        for pid in candidates:
            if _is_our_server(pid, self.home):
                if state is not None and state.pid == pid:
                    return pid, state.port
                return pid, configured_port(self.home)
        return None, None

    def status(self) -> ServerStatus:
        pid, port = self._running()
        started_with = None
        if pid is not None:
            state = read_state(self.home)
            started_with = (
                state if state is not None and state.pid == pid else configured(self.home)
            )
        port = port or self.port
        return ServerStatus(
            running=pid is not None,
            pid=pid,
            uri=f"bolt://127.0.0.1:{port}",
            version=self.version
            if started_with is None or started_with.version == "?"
            else started_with.version,
            home=self.home,
            log=self.console_log,
            port=port,
            heap=started_with.heap if started_with else self.heap,
            pagecache=started_with.pagecache if started_with else self.pagecache,
        )

    def start(self, progress: Progress = quiet) -> ServerStatus:
        """Start the server (downloading jars the first time) and wait until Bolt answers.

        Refused at once (LocalServerError) when this home's server already runs on another port,
        or the port is taken by another program."""
        pid, port = self._running()
        if pid is not None:
            if port is not None and port != self.port:
                raise LocalServerError(
                    f"the local Neo4j in {self.home} already runs on port {port} (pid {pid}); "
                    f"stop it first with `talentgraph neo4j stop` to move it to port {self.port}."
                )
            self._wait_for_bolt(None)
            return self.status()
        if not port_is_free(self.port):
            raise LocalServerError(
                f"port {self.port} on 127.0.0.1 is already in use by another program (another "
                "Neo4j?), so this one cannot listen there. Stop that program, point TalentGraph at "
                "it with NEO4J_URI, or choose another port: "
                f"`talentgraph neo4j start --port {next_free_port(self.port)}`."
            )
        java = require_java()
        self.ensure_jars(progress)
        self.write_conf()
        progress(
            f"starting Neo4j {self.version} on {self.uri} (heap {self.heap}, page cache {self.pagecache})"
        )
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
        write_state(self.home, self._state(proc.pid))
        self.pid_file.write_text(f"{proc.pid}\n")
        self._wait_for_bolt(proc)
        return self.status()

    def _state(self, pid: int | None) -> ServerState:
        return ServerState(self.port, self.heap, self.pagecache, self.version, pid)

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
        self._stopped()
        return pid is not None

    def kill(self, timeout: float = 30.0) -> bool:
        """Kill the server at once (SIGKILL, as a crash or the OOM killer would): no shutdown
        hook runs, and the next `start` recovers from the transaction log. False if it was not
        running."""
        pid = self._signal(signal.SIGKILL, timeout, poll=0.05)
        self._stopped()
        return pid is not None

    def _stopped(self) -> None:
        """Forget the pid; the port and memory stay remembered for the next start."""
        state = read_state(self.home)
        if state is not None and state.pid is not None:
            write_state(
                self.home, ServerState(state.port, state.heap, state.pagecache, state.version)
            )
        self.pid_file.unlink(missing_ok=True)

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


def _is_our_server(pid: int, home: Path) -> bool:
    """Whether `pid` is the Neo4j of `home` (not a process that took a stale pid, nor the server
    of another home)."""
    if not _alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc (macOS): trust the pid file
    return ENTRY_POINT.encode() in cmdline and f"--home-dir={home}".encode() in cmdline


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
