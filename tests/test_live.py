"""The live stream (/api/stream) from a real uvicorn server, read with httpx as a browser would.

The store is changed by another connection, as ``warlog ingest`` in another process would,
and the stream must tell of it; a reconnect with ``Last-Event-ID`` gets what it missed; the
stream ends when the client leaves or the server stops.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from news import airstrikes_report, erbil_report
from warlog.link import relink
from warlog.serve import create_app
from warlog.serve.live import Feed, server
from warlog.store import Store

POLL = 0.1
HEARTBEAT = 0.5


@dataclass
class Served:
    url: str
    feed: Feed
    db: str
    stop: Callable[[], None]


@pytest.fixture
def served(db_url: str) -> Iterator[Served]:
    """A linked store of one report, served by ``warlog serve``'s server in a thread."""
    with Store(db_url) as store:
        store.add(*airstrikes_report(), "test")
        relink(store)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(db_url, poll_seconds=POLL, heartbeat_seconds=HEARTBEAT)
    running = server(app, app.state.feed, "127.0.0.1", port)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    wait_for(lambda: running.started, "uvicorn did not start")

    def stop() -> None:
        running.should_exit = True
        thread.join(timeout=10)
        assert not thread.is_alive(), "uvicorn did not stop"

    yield Served(f"http://127.0.0.1:{port}", app.state.feed, db_url, stop)
    if thread.is_alive():
        stop()


def wait_for(condition, message: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.02)


def events(response: httpx.Response) -> Iterator[dict]:
    """The stream's events as dicts of their fields; a comment is ``{"comment": text}``."""
    fields: dict = {}
    for line in response.iter_lines():
        if line.startswith(":"):
            yield {"comment": line[1:].strip()}
        elif line:
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")
        elif fields:
            yield fields
            fields = {}


def ingest_and_link(db: str, *reports) -> None:
    """What ``warlog ingest`` does in another process: store the reports, then link."""
    with Store(db) as store:
        for report in reports:
            store.add(*report, "test")
        relink(store)


def test_a_page_is_told_of_a_new_incident_and_a_reconnect_gets_what_it_missed(served: Served) -> None:
    with httpx.stream("GET", served.url + "/api/stream", timeout=10) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        stream = events(response)
        ready = next(stream)
        assert ready["event"] == "ready" and int(ready["retry"]) > 0
        start = int(ready["id"])
        assert json.loads(ready["data"]) == {"mark": start}

        ingest_and_link(served.db, erbil_report())
        told = next(e for e in stream if e.get("event") == "incidents")
        with Store(served.db) as store:
            erbil = next(e.incident for e in store.events() if e.doc_id == "003_erbil")
        data = json.loads(told["data"])
        assert data["new"] == [erbil] and data["changed"] == [] and data["reports"] == 1
        assert int(told["id"]) == data["mark"] > start

        quiet = next(stream)  # nothing more: the next thing said is a heartbeat comment
        assert quiet == {"comment": "still here"}

    with httpx.stream("GET", served.url + "/api/stream", headers={"Last-Event-ID": str(start)}, timeout=10) as again:
        stream = events(again)
        missed = next(stream)
        assert missed["event"] == "incidents" and json.loads(missed["data"])["new"] == [erbil]
        resumed = next(stream)
        assert resumed["event"] == "ready" and resumed["id"] == told["id"]


def test_one_poller_serves_every_page_and_stops_when_the_last_leaves(served: Served) -> None:
    with httpx.Client(timeout=10) as client:
        stream = served.url + "/api/stream"
        with client.stream("GET", stream) as one, client.stream("GET", stream) as two:
            first, second = events(one), events(two)
            assert next(first)["event"] == next(second)["event"] == "ready"
            assert len(served.feed.listeners) == 2
            poller = served.feed.poller
            assert poller is not None
            ingest_and_link(served.db, erbil_report())
            assert next(e for e in first if "event" in e)["data"] == next(e for e in second if "event" in e)["data"]
            assert served.feed.poller is poller  # the same task polled for both
    wait_for(lambda: not served.feed.listeners, "a closed stream is still listening")
    wait_for(lambda: served.feed.poller is None, "the poller runs on with no page to tell")


def test_the_server_ends_an_open_stream_when_it_stops(served: Served) -> None:
    """uvicorn waits for open responses; left to time out, it would cut this one off mid-body."""
    with httpx.stream("GET", served.url + "/api/stream", timeout=10) as response:
        stream = events(response)
        assert next(stream)["event"] == "ready"
        served.stop()
        assert [e for e in stream if "event" in e] == []  # the body ended whole (else httpx raises)


def test_a_last_event_id_that_is_not_a_mark_is_refused(served: Served) -> None:
    answer = httpx.get(served.url + "/api/stream", headers={"Last-Event-ID": "x1"}, timeout=10)
    assert answer.status_code == 422 and "Last-Event-ID" in answer.json()["error"]
    answer = httpx.get(served.url + "/api/stream", headers={"Last-Event-ID": "9" * 40}, timeout=10)
    assert answer.status_code == 400 and answer.json()["error"].startswith("Last-Event-ID: not an event id")
