"""The live feed: an open dashboard learns of newly linked incidents (Server-Sent Events).

One poller per server reads the store for what linking added (:mod:`warlog.store.changes`)
every few seconds, and only while some page is listening; each page's stream gets what it
found. A page that reconnects sends the last mark it saw (``Last-Event-ID``) and is told
first what it missed. Comments keep idle connections open through proxies. When uvicorn
stops, :class:`Server` ends every stream first, since uvicorn waits for open responses.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import asdict

import uvicorn
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from warlog.store.changes import Change, current_mark, linked_since

log = logging.getLogger(__name__)

#: how often the shared poller reads the store, while a page listens
POLL_SECONDS = 2.0
#: the longest a stream stays silent: proxies close connections idle for a minute or so
HEARTBEAT_SECONDS = 15.0
#: how long a browser waits before it reconnects, in milliseconds
RETRY_MS = 3000
#: how long uvicorn waits for the last responses when it stops, after the streams have ended
GRACE_SECONDS = 3


def incidents_event(change: Change) -> str:
    """A change as an ``incidents`` event; its id is the mark a reconnecting page sends back."""
    data = {"new": list(change.new), "changed": list(change.changed), "reports": change.reports, "mark": change.mark}
    return f"id: {change.mark}\nevent: incidents\ndata: {json.dumps(data)}\n\n"


def ready_event(mark: int) -> str:
    """The first event of every stream: how long to wait before reconnecting, and the mark to resume from."""
    return f"retry: {RETRY_MS}\nid: {mark}\nevent: ready\ndata: {json.dumps({'mark': mark})}\n\n"


class Feed:
    """What linking adds to one store, polled once for all the pages that follow it."""

    def __init__(
        self, engine: Engine, poll_seconds: float = POLL_SECONDS, heartbeat_seconds: float = HEARTBEAT_SECONDS
    ):
        self.engine = engine
        self.poll_seconds = poll_seconds
        self.heartbeat_seconds = heartbeat_seconds
        #: every report up to this event id has been told of
        self.mark = 0
        self.listeners: set[asyncio.Queue[Change | None]] = set()
        self.poller: asyncio.Task[None] | None = None
        self.closed = False
        self._lock = asyncio.Lock()

    async def follow(self, last_event_id: int | None = None) -> AsyncIterator[str]:
        """One page's stream: ``ready``, what it missed since ``last_event_id``, then each change."""
        if self.closed:
            return
        queue, mark = await self._join()
        try:
            if last_event_id is not None and last_event_id < mark:
                async for missed in self._since(last_event_id, mark):
                    yield incidents_event(missed)
            yield ready_event(mark)
            while True:
                try:
                    change = await asyncio.wait_for(queue.get(), self.heartbeat_seconds)
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                if change is None:  # the server stops
                    return
                yield incidents_event(change)
        finally:
            self.listeners.discard(queue)

    def close(self) -> None:
        """End every stream and the poller: the server stops."""
        self.closed = True
        for queue in self.listeners:
            queue.put_nowait(None)
        if self.poller is not None:
            self.poller.cancel()

    async def _join(self) -> tuple[asyncio.Queue[Change | None], int]:
        async with self._lock:
            if self.poller is None:  # the first listener: start from what the store holds now
                self.mark = await asyncio.to_thread(current_mark, self.engine)
                self.poller = asyncio.create_task(self._poll())
            queue: asyncio.Queue[Change | None] = asyncio.Queue()
            self.listeners.add(queue)
            return queue, self.mark

    async def _since(self, after: int, mark: int) -> AsyncIterator[Change]:
        while after < mark:
            change = await asyncio.to_thread(linked_since, self.engine, after, mark)
            if change.mark == after:
                return
            if change:
                yield change
            after = change.mark

    async def _poll(self) -> None:
        while not self.closed:
            await asyncio.sleep(self.poll_seconds)
            async with self._lock:
                if not self.listeners:  # the last page left: stop polling until another comes
                    self.poller = None
                    return
            try:
                change = await asyncio.to_thread(linked_since, self.engine, self.mark)
            except SQLAlchemyError as error:  # a database restarting: try again at the next poll
                log.warning("live feed: cannot read the store: %s", str(error).splitlines()[0])
                continue
            self.mark = change.mark
            if change:
                log.info("live feed: %s", asdict(change) | {"listeners": len(self.listeners)})
                for queue in self.listeners:
                    queue.put_nowait(change)


class Server(uvicorn.Server):
    """uvicorn, which ends the live streams when it stops rather than wait for them for ever."""

    def __init__(self, config: uvicorn.Config, feed: Feed):
        super().__init__(config)
        self.feed = feed

    async def shutdown(self, sockets: list | None = None) -> None:
        self.feed.close()
        await super().shutdown(sockets)


def server(app: object, feed: Feed, host: str, port: int, log_level: str = "warning") -> Server:
    """A :class:`Server` for ``app``, whose streams ``feed`` writes."""
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, timeout_graceful_shutdown=GRACE_SECONDS)
    return Server(config, feed)
