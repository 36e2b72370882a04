"""Where the local Neo4j lives and what it was started with, remembered between commands.

- Its home (`TALENTGRAPH_HOME`, else a `.talentgraph` folder in the current directory or the
  nearest parent that has one, else the home of the last local server started without
  `TALENTGRAPH_HOME`, recorded in `<state dir>/local-neo4j.json`, else `./.talentgraph`): so
  `talentgraph neo4j status`, `serve`, `import`... find the same server from any folder.
- Its state file (`<home>/neo4j/server.json`: pid, port, heap, page cache, version), written by
  `start`: so every command that needs Neo4j, and the next `start`, know its port without
  `NEO4J_URI` (Neo4j itself rewrites `run/neo4j.pid` with the bare pid, so that cannot hold it).
- Memory defaults from the machine's memory, and port checks that answer at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
from dataclasses import asdict, dataclass
from pathlib import Path

HOME_FOLDER = ".talentgraph"
DEFAULT_BOLT_PORT = 7687
STATE_FILE = "server.json"
POINTER_FILE = "local-neo4j.json"

_GiB = 1024**3
_MiB = 1024**2
_SIZE = re.compile(r"^\s*(\d+)\s*([kmg])b?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"k": 1024, "m": _MiB, "g": _GiB}
#: The default heap is this share of the machine's memory, within these bounds; the page cache
#: the next share. 8 GB of memory: 2 GB heap and 1 GB page cache; 4 GB or less: 1 GB and 512 MB.
HEAP_SHARE, HEAP_MIN, HEAP_MAX = 4, 1 * _GiB, 8 * _GiB
PAGECACHE_SHARE, PAGECACHE_MIN, PAGECACHE_MAX = 8, 512 * _MiB, 4 * _GiB


# -- the home --------------------------------------------------------------------------------


def default_state_dir() -> Path:
    """Where TalentGraph remembers things for this user (`$XDG_STATE_HOME/talentgraph`)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "talentgraph"


def find_home(state_dir: Path, cwd: Path | None = None) -> Path:
    """The local server's home when `TALENTGRAPH_HOME` is not set (module docstring)."""
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / HOME_FOLDER).is_dir():
            return folder / HOME_FOLDER
    remembered = remembered_home(state_dir)
    if remembered is not None and remembered.is_dir():
        return remembered
    return here / HOME_FOLDER


def remembered_home(state_dir: Path) -> Path | None:
    try:
        found = json.loads((state_dir / POINTER_FILE).read_text(encoding="utf-8"))["home"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Path(found) if isinstance(found, str) else None


def remember_home(state_dir: Path, home: Path) -> None:
    """Record `home` as the one commands use from folders without a `.talentgraph` of their own."""
    _write_json(state_dir / POINTER_FILE, {"home": str(home.resolve())})


# -- what the server was started with ------------------------------------------------------------


@dataclass(frozen=True)
class ServerState:
    port: int
    heap: str
    pagecache: str
    version: str
    pid: int | None = None


def read_state(server_home: Path) -> ServerState | None:
    try:
        found = json.loads((server_home / STATE_FILE).read_text(encoding="utf-8"))
        return ServerState(
            port=int(found["port"]),
            heap=str(found["heap"]),
            pagecache=str(found["pagecache"]),
            version=str(found["version"]),
            pid=int(found["pid"]) if found.get("pid") is not None else None,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_state(server_home: Path, state: ServerState) -> None:
    _write_json(server_home / STATE_FILE, asdict(state))


def configured(server_home: Path) -> ServerState | None:
    """What the server's neo4j.conf says (for a server started before the state file existed)."""
    try:
        conf = (server_home / "conf" / "neo4j.conf").read_text(encoding="utf-8")
    except OSError:
        return None
    found = dict(re.findall(r"^([\w.]+)=(.*?)\s*$", conf, re.MULTILINE))
    port = re.search(r":(\d+)$", found.get("server.bolt.listen_address", ""))
    if port is None:
        return None
    return ServerState(
        port=int(port.group(1)),
        heap=found.get("server.memory.heap.max_size", "?"),
        pagecache=found.get("server.memory.pagecache.size", "?"),
        version="?",
    )


def configured_port(server_home: Path) -> int | None:
    found = configured(server_home)
    return found.port if found else None


def _write_json(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)


# -- memory ------------------------------------------------------------------------------------


def parse_size(text: str) -> int:
    """Bytes in a Neo4j/JVM memory size such as `512m`, `2g`, `1536M`; ValueError otherwise."""
    found = _SIZE.match(text)
    if not found or int(found.group(1)) == 0:
        raise ValueError(f"{text!r} is not a memory size such as 512m or 2g")
    return int(found.group(1)) * _SIZE_UNITS[found.group(2).lower()]


def format_size(size: int) -> str:
    return f"{size // _GiB}g" if size % _GiB == 0 else f"{size // _MiB}m"


def machine_memory() -> int | None:
    """Bytes of memory this process may use: the machine's, or its container's limit if lower."""
    found: list[int] = []
    with contextlib.suppress(ValueError, OSError, AttributeError):
        found.append(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    for limit in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        with contextlib.suppress(OSError, ValueError):
            found.append(int(Path(limit).read_text().strip()))
    found = [size for size in found if 0 < size < 1 << 60]
    return min(found) if found else None


def _share(memory: int | None, share: int, low: int, high: int) -> str:
    if memory is None:
        return format_size(low)
    size = max(low, min(high, memory // share))
    step = _GiB if size >= 2 * _GiB else 256 * _MiB
    return format_size(size // step * step)


def default_heap(memory: int | None = None) -> str:
    return _share(
        memory if memory is not None else machine_memory(), HEAP_SHARE, HEAP_MIN, HEAP_MAX
    )


def default_pagecache(memory: int | None = None) -> str:
    return _share(
        memory if memory is not None else machine_memory(),
        PAGECACHE_SHARE,
        PAGECACHE_MIN,
        PAGECACHE_MAX,
    )


# -- ports -------------------------------------------------------------------------------------


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server could listen on `host`:`port` now (answers at once, never waits)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return True  # the server will say what is wrong with the host
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as sock:
            # As servers do: lingering TIME_WAIT connections do not make a port busy.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(address)
            except OSError:
                return False
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def next_free_port(after: int, host: str = "127.0.0.1") -> int:
    """The first free port above `after` (within 100), else any free one: a port to suggest."""
    for port in range(after + 1, min(after + 100, 65535)):
        if port_is_free(port, host):
            return port
    return free_port()
