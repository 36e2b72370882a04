"""TCP proxies in front of Neo4j, each on a free loopback port with an event loop on a thread of
its own, for tests that need a fault at an exact point or a network that misbehaves.

`TriggerProxy` acts when a client sends a given text, for a fault at an exact point of an import
run by the real CLI in a subprocess. Bolt sends each statement's text as UTF-8 in its RUN message,
so "the third batch of employees" is the third time the text of `import/create_employees` goes
by. An action may `cut` the proxy: the data that triggered it is not forwarded, every connection
is closed and new ones are closed as soon as they are accepted (to the driver, a database that
went away), until `restore`.

`SilentProxy` can go silent: connections stay open and new ones are accepted, but nothing is
forwarded (a network partition, where packets vanish instead of bouncing).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

from graph.neo4j_server import free_port


@dataclass
class Trigger:
    text: bytes
    nth: int
    action: Callable[[], None]
    seen: int = 0


class _Proxy:
    """What both proxies share: the listening port, the thread and its loop; `_handle` is theirs."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.uri = f"bolt://127.0.0.1:{self.port}"
        self._loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError

    def _stopping(self) -> None:
        """On the proxy's thread, once it stops listening: close what is still open."""

    def _release(self) -> None:
        """On leaving the `with` block: let held connections go."""

    async def _main(self) -> None:
        server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self._ready.set()
        await self._stop.wait()
        server.close()
        self._stopping()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _run(self) -> None:
        self._loop.run_until_complete(self._main())
        self._loop.close()

    def __enter__(self) -> Self:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._release()
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)


class TriggerProxy(_Proxy):
    """Runs an action when a client sends a given text (`when`); `cut` drops every connection."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(host, port)
        self._triggers: list[Trigger] = []
        self._cut = threading.Event()
        self._writers: set[asyncio.StreamWriter] = set()

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

    def _stopping(self) -> None:
        self._close_all()

    def _release(self) -> None:
        self._cut.clear()


class SilentProxy(_Proxy):
    """While `silent` is set, accepts connections and keeps them open but forwards nothing."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(host, port)
        self.silent = threading.Event()

    async def _quiet(self) -> None:
        while self.silent.is_set():  # noqa: ASYNC110  (set from another thread)
            await asyncio.sleep(0.05)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                await self._quiet()
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.silent.is_set():  # accepted, never answered
            await self._quiet()
            writer.close()
            return
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )

    def _release(self) -> None:
        self.silent.clear()
