"""The real `talentgraph` command in a subprocess, as a user runs it: output to pipes (not a
terminal) or to a pseudo-terminal, interrupted with SIGINT part way, answering its questions.

Unlike `support/cli.py` (the tests' Neo4j, 200 columns), a command here gets a home and state folder
of its own and 40 columns, which output that is not a terminal must ignore (`isolated_env`)."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from graph.settings import Settings
from tests.support.paths import REPO

COMMAND = [sys.executable, "-m", "api"]


def isolated_env(tmp_path: Path, settings: Settings | None = None, **extra: str) -> dict[str, str]:
    """The environment of a command run in a test: its own home and state folder (never the
    user's), a narrow COLUMNS (which output that is not a terminal must ignore), `settings`'
    Neo4j (none: the local one the command finds)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TALENTGRAPH_", "NEO4J_"))
    }
    env.update(
        COLUMNS="40",
        TALENTGRAPH_HOME=str(tmp_path / "home"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    if settings is not None:
        env["NEO4J_URI"] = settings.effective_uri
        if settings.neo4j_password:
            env["NEO4J_USER"] = settings.neo4j_user
            env["NEO4J_PASSWORD"] = settings.neo4j_password
    env.update(extra)
    return env


def run(
    env: dict[str, str], *args: str, cwd: Path = REPO, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run `talentgraph ARGS` with stdout and stderr piped and no stdin (not a terminal)."""
    return subprocess.run(
        [*COMMAND, *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


@dataclass
class Interrupted:
    returncode: int
    stdout: str
    stderr: str
    #: Whether `when` was seen (else the command ended first, not interrupted).
    seen: bool


def _hear_ctrl_c() -> None:
    """In the child: SIGINT as a terminal delivers it. A suite started in the background by a
    non-interactive shell (`bash -c '... &'`) inherits SIGINT ignored, and Python then never
    raises KeyboardInterrupt: the command would run to its end whatever the test sends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt(env: dict[str, str], when: str, *args: str, timeout: float = 300) -> Interrupted:
    """Run `talentgraph ARGS` and send it SIGINT (Ctrl-C) as soon as a line of its stderr
    contains `when`."""
    proc = subprocess.Popen(
        [*COMMAND, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=REPO,
        preexec_fn=_hear_ctrl_c,
    )
    assert proc.stderr is not None
    lines: list[str] = []
    seen = False
    for line in proc.stderr:
        lines.append(line)
        if when in line:
            proc.send_signal(signal.SIGINT)
            seen = True
            break
    out, rest = proc.communicate(timeout=timeout)
    return Interrupted(proc.returncode, out, "".join(lines) + rest, seen)


def on_terminal(
    env: dict[str, str], *args: str, answers: dict[str, str], timeout: float = 120
) -> tuple[int, str]:
    """Run `talentgraph ARGS` on a pseudo-terminal (stdin, stdout and stderr), typing the answer
    to each prompt that contains a key of `answers`; (exit status, everything it showed)."""
    main, sub = pty.openpty()
    proc = subprocess.Popen(
        [*COMMAND, *args], stdin=sub, stdout=sub, stderr=sub, env=env, cwd=REPO, close_fds=True
    )
    os.close(sub)
    shown = b""
    pending = dict(answers)
    deadline = time.monotonic() + timeout
    # poll, not select: in a long test session this descriptor can be above select's limit (1024)
    watch = select.poll()
    watch.register(main, select.POLLIN)
    try:
        while time.monotonic() < deadline:
            ready = watch.poll(200)
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the command ended and closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk
                for prompt, answer in list(pending.items()):
                    if prompt.encode() in shown:
                        os.write(main, answer.encode() + b"\n")
                        del pending[prompt]
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(main)
        if proc.poll() is None:
            proc.kill()
    return code, shown.decode("utf-8", errors="replace")
