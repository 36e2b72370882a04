"""A TCP proxy in front of Neo4j that acts when a client sends a given text, for tests that need
a fault at an exact point of an import run by the real CLI in a subprocess.

Bolt sends each statement's text as UTF-8 in its RUN message, so "the third batch of employees"
is the third time the text of `import/create_employees` goes by. An action may `cut` the proxy:
the data that triggered it is not forwarded, every connection is closed and new ones are closed
as soon as they are accepted (to the driver, a database that went away), until `restore`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass

from graph.neo4j_server import free_port


@dataclass
class Trigger:
    text: bytes
    nth: int
    action: Callable[[], None]
    seen: int = 0


class TriggerProxy:
    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.uri = f"bolt://127.0.0.1:{self.port}"
        self._triggers: list[Trigger] = []
        self._cut = threading.Event()
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def when(self, text: str, nth: int, action: Callable[[], None]) -> None:
        """Run `action` (on the proxy's thread) when a client sends `text` for the nth time."""
        self._triggers.append(Trigger(text.encode(), nth, action))

    def cut(self) -> None:
        self._cut.set()

    def restore(self) -> None:
        self._cut.clear()

    def _fire(self, tail: bytes, data: bytes) -> None:
        window = tail + data
        for trigger in self._triggers:
            # occurrences that end in the new data (the tail only carries a split text over)
            found = window.count(trigger.text) - tail.count(trigger.text)
            for _ in range(found):
                trigger.seen += 1
                if trigger.seen == trigger.nth:
                    trigger.action()

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, watch: bool
    ) -> None:
        longest = max((len(t.text) for t in self._triggers), default=1)
        tail = b""
        try:
            while data := await reader.read(65536):
                if watch:
                    self._fire(tail, data)
                    tail = (tail + data)[-(longest - 1) :] if longest > 1 else b""
                if self._cut.is_set():
                    break
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            if self._cut.is_set():
                self._close_all()
            else:
                writer.close()

    def _close_all(self) -> None:
        for writer in list(self._writers):
            writer.close()
        self._writers.clear()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._cut.is_set():
            writer.close()
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers.update((writer, upstream_writer))
        await asyncio.gather(
            self._pipe(reader, upstream_writer, True), self._pipe(upstream_reader, writer, False)
        )
        self._writers.difference_update((writer, upstream_writer))

    async def _main(self) -> None:
        server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self._ready.set()
        await self._stop.wait()
        server.close()
        self._close_all()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _run(self) -> None:
        self._loop.run_until_complete(self._main())
        self._loop.close()

    def __enter__(self) -> TriggerProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._cut.clear()
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)
