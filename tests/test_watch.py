"""Watch: feeds polled on loopback (pytest-httpserver), each new article ingested once.

A news site is served on loopback: article pages and an RSS feed that answers a conditional
GET with 304 while it is unchanged. The watcher runs in-process with the session's extractor
and an injected clock and random draw, so that its schedule is exact; one test runs
``warlog watch`` as a real process, kills it with SIGKILL while it waits for an article, and
restarts it with ``--once``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from news import AIRSTRIKES, ATTACKED_46_TIMES, ERBIL, FOUR_ATTACKS, FRENCH, GERMAN, TALLY_36_37, TARGETS
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from warlog.cli import app
from warlog.ingest import Reader
from warlog.store import Store
from warlog.store.schema import documents, feed_items, ingest_log
from warlog.watch import (
    FeedConfig,
    FeedStates,
    RetryPolicy,
    WatchConfig,
    WatchConfigError,
    Watcher,
    backoff_s,
    feed_health,
    json_lines,
    load_feeds,
    parse_feeds,
)

ROCKETS = (
    "Two rockets landed inside the Ain al-Asad air base in western Iraq on Wednesday evening, "
    "a US defence official said. Nobody was hurt and the damage was minor, the official added."
)
CHECKPOINT = (
    "A drone struck an army checkpoint near Deir ez-Zor in eastern Syria on Thursday, killing "
    "three soldiers and wounding two, a local monitoring group said."
)
#: the articles the site publishes: path slug -> (headline, paragraphs, publication day)
ARTICLES = {
    "strikes": ("US strikes pro-Iranian groups in Syria", (AIRSTRIKES, TARGETS), "2023-11-12"),
    "erbil": ("Drones launched at US forces near Erbil", (FOUR_ATTACKS, ERBIL), "2023-11-24"),
    "tally": ("Attacks on US forces in Iraq and Syria", (TALLY_36_37, ATTACKED_46_TIMES), "2023-11-24"),
    "rockets": ("Rockets hit Ain al-Asad air base", (ROCKETS,), "2023-11-22"),
    "checkpoint": ("Drone kills three soldiers near Deir ez-Zor", (CHECKPOINT,), "2023-11-23"),
}
START = dt.datetime(2023, 11, 24, 8, 0, tzinfo=dt.UTC)


def page(slug: str) -> str:
    """A news web page: navigation, the article, a footer."""
    title, paragraphs, day = ARTICLES[slug]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{title}</title><meta name="date" content="{day}">'
        '<meta property="og:site_name" content="Example News"></head><body>'
        '<nav><a href="/">Home</a> | <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{body}</article><footer>All rights reserved.</footer></body></html>"
    )


class NewsSite:
    """Article pages and an RSS feed on loopback. The feed has an ETag and a Last-Modified
    date per version, answers 304 to a request that names the current version, and can be
    made to fail (503) for a number of requests."""

    def __init__(self, server: HTTPServer, path: str = "/world.xml", title: str = "Example News: World"):
        self.server = server
        self.path = path
        self.title = title
        self.links: list[str] = []
        self.version = 0
        self.failures_left = 0
        self.feed_requests: list[Request] = []
        server.expect_request(path).respond_with_handler(self._feed)

    @property
    def url(self) -> str:
        return self.server.url_for(self.path)

    def article_url(self, slug: str) -> str:
        return self.server.url_for(f"/news/{slug}")

    def publish(self, *slugs: str, link: str | None = None) -> None:
        """Put these articles on top of the feed (a new version of it)."""
        for slug in slugs:
            self.server.expect_request(f"/news/{slug}").respond_with_data(page(slug), content_type="text/html")
            self.links.insert(0, link or self.article_url(slug))
        self.version += 1

    def _feed(self, request: Request) -> Response:
        self.feed_requests.append(request)
        if self.failures_left:
            self.failures_left -= 1
            return Response("Service Unavailable", status=503)
        etag = f'"world-v{self.version}"'
        modified = email.utils.format_datetime(START + dt.timedelta(hours=self.version), usegmt=True)
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        items = "".join(
            f"<item><title>Report {n}</title><link>{link}</link><guid>{link}</guid></item>"
            for n, link in enumerate(self.links)
        )
        feed = (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{self.title}</title><link>{self.server.url_for('/')}</link>{items}</channel></rss>"
        )
        return Response(feed, content_type="application/rss+xml", headers={"ETag": etag, "Last-Modified": modified})


class Clock:
    """The time the watcher sees, moved on by the test."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


def fetches(server: HTTPServer, path: str) -> int:
    """How many times the server was asked for this path."""
    return sum(1 for request, _ in server.log if request.path == path)


@pytest.fixture
def reader() -> Iterator[Reader]:
    with Reader() as opened:
        yield opened


@pytest.fixture
def site(httpserver: HTTPServer) -> NewsSite:
    return NewsSite(httpserver)


def make_watcher(store: Store, extractor, reader: Reader, *feeds: FeedConfig, **options) -> tuple[Watcher, list]:
    """A watcher over these feeds and the list its log lines go to."""
    records: list[dict] = []
    retry = options.pop("retry", RetryPolicy())
    watcher = Watcher(store, extractor, reader, WatchConfig(list(feeds), retry), log=records.append, **options)
    return watcher, records


def met(store: Store) -> list[dict]:
    """The feed items the store has met, as rows."""
    with store.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(sa.select(feed_items).order_by(feed_items.c.key))]


def stored_urls(store: Store) -> list[str]:
    return sorted(document.url or "" for document in store.documents())


# -- polling a feed ---------------------------------------------------------------------


def test_a_feed_that_changes_between_polls_gives_each_new_article_once(store: Store, extractor, reader, site):
    site.publish("strikes", "erbil")
    watcher, records = make_watcher(store, extractor, reader, FeedConfig("world", site.url))

    [first] = watcher.run_once()
    site.publish("tally")
    [second] = watcher.run_once()

    assert (first.status, first.items, first.stored) == ("ok", 2, 2)
    assert (second.status, second.items, second.stored, second.duplicates) == ("ok", 1, 1, 0)
    assert stored_urls(store) == sorted(site.article_url(slug) for slug in ("strikes", "erbil", "tally"))
    assert [fetches(site.server, f"/news/{slug}") for slug in ("strikes", "erbil", "tally")] == [1, 1, 1]
    strikes = next(d for d in store.documents() if d.url == site.article_url("strikes"))
    assert (strikes.title, strikes.source, strikes.published) == (
        "Report 1", "Example News: World", dt.date(2023, 11, 12)
    )  # fmt: skip
    assert AIRSTRIKES in strikes.text and "All rights reserved" not in strikes.text
    counts = store.counts()
    assert counts["events"] > 0 and counts["incidents"] > 0  # each round that stored something was linked
    assert [r["event"] for r in records] == ["poll", "link", "poll", "link"]
    [state] = feed_health(store)
    assert (state["status"], state["errors"], state["items_seen"], state["documents_stored"]) == ("ok", 0, 3, 3)


def test_an_unchanged_feed_costs_one_304_and_sends_its_validators(store: Store, extractor, reader, site):
    site.publish("strikes")
    clock = Clock()
    watcher, records = make_watcher(store, extractor, reader, FeedConfig("world", site.url, 600), clock=clock)
    watcher.run_once()
    requests_before = len(site.server.log)

    clock.now += dt.timedelta(minutes=10)
    [again] = watcher.run_once()

    first, second = site.feed_requests
    assert "If-None-Match" not in first.headers and "If-Modified-Since" not in first.headers
    assert second.headers["If-None-Match"] == '"world-v1"'
    assert second.headers["If-Modified-Since"] == "Fri, 24 Nov 2023 09:00:00 GMT"
    assert len(site.server.log) == requests_before + 1 and site.server.log[-1][1].status_code == 304
    assert (again.status, again.items, again.stored) == ("not_modified", 0, 0)
    assert [r["event"] for r in records] == ["poll", "link", "poll"]  # nothing stored: no linking
    state = FeedStates(store).get("world")
    assert (state.last_status, state.last_success, state.next_poll) == (
        "not_modified", clock.now, clock.now + dt.timedelta(minutes=10)
    )  # fmt: skip


def test_a_failing_feed_backs_off_longer_each_time_and_recovers(store: Store, extractor, reader, site):
    site.publish("erbil")
    site.failures_left = 5
    clock = Clock()
    draws = random.Random(14)
    feed = FeedConfig("world", site.url, interval_s=60)
    retry = RetryPolicy(max_wait_s=600)
    watcher, records = make_watcher(store, extractor, reader, feed, retry=retry, clock=clock, draw=draws.random)
    replay = random.Random(14)

    waits = []
    for errors in range(1, 6):
        [result] = watcher.run_once()
        state = FeedStates(store).get("world")
        assert (result.status, state.consecutive_errors) == ("failed", errors)
        assert state.last_error == result.error == "HTTP 503 SERVICE UNAVAILABLE"
        ceiling = min(600, 60 * 2**errors)
        wait = (state.next_poll - clock.now).total_seconds()
        assert wait == pytest.approx(ceiling / 2 + replay.random() * ceiling / 2)
        waits.append(wait)
        clock.now = state.next_poll

    assert waits[0] >= 60 and waits[1] >= 120 and waits[2] >= 240  # each at least the ceiling before it
    assert waits[-1] <= 600  # capped at max_wait
    assert store.counts()["documents"] == 0
    assert [r["status"] for r in records] == ["failed"] * 5

    [recovered] = watcher.run_once()

    state = FeedStates(store).get("world")
    assert (recovered.status, recovered.stored) == ("ok", 1)
    assert (state.consecutive_errors, state.last_success) == (0, clock.now)
    assert state.next_poll == clock.now + dt.timedelta(seconds=60)  # back to its interval
    assert stored_urls(store) == [site.article_url("erbil")]


def test_the_back_off_is_drawn_in_the_upper_half_of_a_doubling_ceiling():
    assert [backoff_s(900, n, 6 * 3600, lambda: 0.0) for n in (1, 2, 3, 4, 5, 6)] == [
        900, 1800, 3600, 7200, 10800, 10800
    ]  # fmt: skip
    assert [backoff_s(900, n, 6 * 3600, lambda: 0.999) for n in (1, 2)] == pytest.approx([1799.1, 3598.2])
    assert backoff_s(60, 10_000, 3600, lambda: 0.5) == 2700  # a feed down for months: no overflow


def test_an_article_reached_through_two_feeds_is_one_document(store: Store, extractor, reader, httpserver):
    world = NewsSite(httpserver, "/world.xml", "Example News: World")
    wire = NewsSite(httpserver, "/wire.xml", "Example Wire")
    world.publish("strikes", "erbil")
    wire.publish("erbil", "rockets")
    # the same article once more, under an address of its own (a tracking parameter)
    wire.publish("strikes", link=wire.article_url("strikes") + "?ref=wire")
    watcher, _ = make_watcher(store, extractor, reader, FeedConfig("world", world.url), FeedConfig("wire", wire.url))

    world_poll, wire_poll = watcher.run_once()

    assert stored_urls(store) == sorted(world.article_url(slug) for slug in ("strikes", "erbil", "rockets"))
    assert (world_poll.stored, wire_poll.items, wire_poll.stored, wire_poll.duplicates) == (2, 2, 1, 1)
    assert fetches(httpserver, "/news/erbil") == 1  # met through the first feed: not fetched again
    items = {row["key"]: row for row in met(store)}
    tracked = items[wire.article_url("strikes") + "?ref=wire"]
    first = items[world.article_url("strikes")]
    assert (tracked["status"], tracked["feed"], tracked["doc_id"]) == ("duplicate", "wire", first["doc_id"])
    assert items[world.article_url("erbil")]["feed"] == "world"


def test_a_document_stored_but_not_marked_is_found_a_duplicate_and_marked(store: Store, extractor, reader, site):
    """What a kill between storing a document and marking its item leaves: the next poll
    fetches the article again, the store refuses its text, and the item is marked."""
    site.publish("strikes", "erbil")
    watcher, _ = make_watcher(store, extractor, reader, FeedConfig("world", site.url))
    watcher.run_once()
    with store.engine.begin() as connection:
        connection.execute(feed_items.delete().where(feed_items.c.key == site.article_url("erbil")))
        connection.execute(sa.text("UPDATE feed_state SET etag = NULL, last_modified = NULL"))

    [again] = watcher.run_once()

    assert (again.items, again.stored, again.duplicates) == (1, 0, 1)
    assert store.counts()["documents"] == 2
    assert {row["key"]: row["status"] for row in met(store)} == {
        site.article_url("strikes"): "stored",
        site.article_url("erbil"): "duplicate",
    }


def test_an_unreachable_article_is_tried_again_and_the_feed_read_whole_until_it_is_in(
    store: Store, extractor, reader, httpserver
):
    site = NewsSite(httpserver)
    site.links = [site.article_url("rockets")]
    answers = iter([Response("Bad Gateway", status=502), Response(page("rockets"), content_type="text/html")])
    httpserver.expect_request("/news/rockets").respond_with_handler(lambda request: next(answers))
    watcher, records = make_watcher(store, extractor, reader, FeedConfig("world", site.url))

    [first] = watcher.run_once()
    [second] = watcher.run_once()

    assert (first.status, first.items, first.left, first.stored) == ("ok", 1, 1, 0)
    assert [(r["event"], r.get("status")) for r in records] == [
        ("item", "retry"), ("poll", "ok"), ("poll", "ok"), ("link", None)
    ]  # fmt: skip
    assert records[0]["error"] == "HTTP 502 BAD GATEWAY" and records[0]["attempts"] == 1
    assert "If-None-Match" not in site.feed_requests[1].headers  # the feed is read whole again
    assert (second.status, second.stored) == ("ok", 1)
    assert stored_urls(store) == [site.article_url("rockets")]
    assert FeedStates(store).get("world").etag == '"world-v0"'  # every item done: validators kept


def test_an_article_that_stays_unreachable_is_given_up_after_its_attempts(store: Store, extractor, reader, site):
    site.links = ["http://127.0.0.1:9/news/gone"]  # nothing listens there
    watcher, records = make_watcher(
        store, extractor, reader, FeedConfig("world", site.url), retry=RetryPolicy(article_attempts=2)
    )

    first, second, third = (watcher.run_once()[0] for _ in range(3))

    assert (first.left, second.left, second.failed, third.items) == (1, 0, 1, 0)
    [item] = met(store)
    assert (item["status"], item["attempts"]) == ("failed", 2)
    assert item["reason"].startswith("unreachable (ConnectError")
    with store.engine.connect() as connection:
        logged = connection.execute(sa.select(ingest_log.c.origin, ingest_log.c.status)).all()
    assert logged == [("http://127.0.0.1:9/news/gone", "failed")]  # in the ingest log once, when given up
    assert [r["status"] for r in records if r["event"] == "item"] == ["retry", "failed"]


def test_a_page_is_one_article_stored_again_only_when_its_text_changes(store: Store, extractor, reader, httpserver):
    texts = iter([page("rockets"), page("rockets"), page("rockets").replace("Wednesday evening", "Wednesday night")])
    httpserver.expect_request("/live").respond_with_handler(
        lambda request: Response(next(texts), content_type="text/html")
    )
    feed = FeedConfig("live", httpserver.url_for("/live"), source="Example Live")
    watcher, _ = make_watcher(store, extractor, reader, feed)

    polls = [watcher.run_once()[0] for _ in range(3)]

    assert [(p.stored, p.duplicates) for p in polls] == [(1, 0), (0, 1), (1, 0)]
    assert [d.source for d in store.documents()] == ["Example Live", "Example Live"]


def test_entries_that_carry_their_text_are_known_by_their_id(store: Store, extractor, reader, httpserver):
    entries = "".join(
        f"<entry><title>{title}</title><id>urn:example:{slug}</id><updated>{day}T10:00:00Z</updated>"
        f'<content type="html">{"".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paragraphs)}</content></entry>'
        for slug, (title, paragraphs, day) in ARTICLES.items()
        if slug in ("rockets", "checkpoint")
    )
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Example Wire</title>'
        f"<id>urn:example:wire</id><updated>2023-11-23T10:00:00Z</updated>{entries}</feed>"
    )
    httpserver.expect_request("/wire.atom").respond_with_data(atom, content_type="application/atom+xml")
    url = httpserver.url_for("/wire.atom")
    watcher, _ = make_watcher(store, extractor, reader, FeedConfig("wire", url))

    first, second = watcher.run_once()[0], watcher.run_once()[0]  # no validators: read whole twice

    assert (first.items, first.stored, second.items) == (2, 2, 0)
    assert [row["key"] for row in met(store)] == [f"{url}#urn:example:checkpoint", f"{url}#urn:example:rockets"]
    assert sorted(d.doc_id for d in store.documents()) == ["wire-urn-example-checkpoint", "wire-urn-example-rockets"]


def test_each_feed_takes_articles_in_its_language_only(store: Store, extractor, reader, httpserver):
    httpserver.expect_request("/fr/frappes").respond_with_data(
        f'<html lang="fr"><body><article><h1>Frappes en Syrie</h1><p>{FRENCH}</p></article></body></html>',
        content_type="text/html",
    )
    httpserver.expect_request("/de/luftangriffe").respond_with_data(
        f'<html lang="de"><body><article><h1>Luftangriffe</h1><p>{GERMAN}</p></article></body></html>',
        content_type="text/html",
    )
    french, world = NewsSite(httpserver, "/fr.xml", "Exemple"), NewsSite(httpserver, "/world.xml")
    french.links = [httpserver.url_for("/fr/frappes")]
    world.links = [httpserver.url_for("/de/luftangriffe")]
    feeds = FeedConfig("fr", french.url, language="fr"), FeedConfig("world", world.url)
    watcher, records = make_watcher(store, extractor, reader, *feeds)

    fr_poll, world_poll = watcher.run_once()
    world.version += 1  # the feed changes; the refused article is not fetched again
    [again] = watcher.poll_round([feeds[1]])

    assert (fr_poll.stored, world_poll.stored, world_poll.failed, again.items) == (1, 0, 1, 0)
    [document] = store.documents()
    assert (document.language, document.source) == ("fr", "Exemple")
    refused = next(row for row in met(store) if row["feed"] == "world")
    assert refused["status"] == "failed" and "not en (--language)" in refused["reason"]
    assert fetches(httpserver, "/de/luftangriffe") == 1
    assert [(r["event"], r["status"]) for r in records if r["event"] == "item"] == [("item", "failed")]


def test_documents_a_killed_run_left_unlinked_are_linked_on_the_next_start(store: Store, extractor, reader, site):
    site.publish("erbil")
    unlinked_run, _ = make_watcher(store, extractor, reader, FeedConfig("world", site.url), link=False)
    unlinked_run.run_once()  # stored, and stopped before its linking
    assert store.counts()["incidents"] == 0

    restarted, records = make_watcher(store, extractor, reader, FeedConfig("world", site.url))
    restarted.run_once()
    restarted.run_once()

    assert [(r["event"], r.get("status")) for r in records] == [
        ("poll", "not_modified"), ("link", None), ("poll", "not_modified")
    ]  # fmt: skip
    assert store.counts()["incidents"] > 0


def test_a_feed_that_is_not_a_feed_nor_an_article_fails_the_poll(store: Store, extractor, reader, httpserver):
    httpserver.expect_request("/empty.xml").respond_with_data("<rss><channel></channel></rss>", content_type="text/xml")
    watcher, _ = make_watcher(store, extractor, reader, FeedConfig("empty", httpserver.url_for("/empty.xml")))

    [result] = watcher.run_once()

    assert result.status == "failed" and result.error.startswith("not an RSS/Atom feed with entries")


def test_a_stop_leaves_the_remaining_items_for_the_next_poll(store: Store, extractor, reader, site):
    site.publish("strikes", "erbil", "tally")
    watcher, _ = make_watcher(store, extractor, reader, FeedConfig("world", site.url))
    original = watcher.reader.fetch

    def fetch_then_stop(url: str):
        watcher.stop.set()  # SIGTERM arrives while the first article is fetched
        return original(url)

    watcher.reader.fetch = fetch_then_stop  # type: ignore[method-assign]
    stopped = watcher.poll(watcher.config.feeds[0])
    watcher.stop.clear()
    watcher.reader.fetch = original  # type: ignore[method-assign]
    [resumed] = watcher.run_once()

    assert (stopped.items, stopped.stored, stopped.left) == (3, 1, 2)
    assert (resumed.items, resumed.stored) == (2, 2)
    assert store.counts()["documents"] == 3


def test_the_feed_state_is_kept_across_watchers_on_both_databases(store: Store, extractor, reader, site):
    site.publish("strikes")
    clock = Clock()
    first, _ = make_watcher(store, extractor, reader, FeedConfig("world", site.url, 900), clock=clock)
    first.run_once()

    # a new process: the same feed, and one more
    second, _ = make_watcher(
        store, extractor, reader, FeedConfig("world", site.url, 900), FeedConfig("wire", site.url + "?wire"),
        clock=clock,
    )  # fmt: skip

    health = {row["name"]: row for row in feed_health(store)}
    assert health["world"] | {"url": None} == {
        "name": "world", "url": None, "status": "ok", "errors": 0, "last_poll": "2023-11-24T08:00:00Z",
        "last_success": "2023-11-24T08:00:00Z", "next_poll": "2023-11-24T08:15:00Z", "items_seen": 1,
        "documents_stored": 1, "last_error": None,
    }  # fmt: skip
    assert (health["wire"]["status"], health["wire"]["next_poll"]) == ("never polled", None)
    assert FeedStates(store).get("world").etag == '"world-v1"'
    assert second.states.done([site.article_url("strikes"), "https://elsewhere.example/"]) == {
        site.article_url("strikes")
    }

    # the feed moves to another address: its validators and schedule are the old address's, and go
    make_watcher(store, extractor, reader, FeedConfig("world", site.url + "?moved", 900), clock=clock)
    moved = FeedStates(store).get("world")
    assert (moved.url, moved.etag, moved.last_modified, moved.next_poll) == (site.url + "?moved", None, None, None)
    assert moved.items_seen == 1


def test_the_loop_polls_each_feed_when_it_is_due_and_sleeps_between(store: Store, extractor, reader, site):
    site.publish("strikes")
    clock = Clock()
    stop = threading.Event()
    watcher, records = make_watcher(
        store, extractor, reader, FeedConfig("world", site.url, 300), clock=clock, stop=stop
    )
    sleeps = []

    def wait(seconds: float) -> bool:  # the loop's sleep: the clock moves on instead
        sleeps.append(seconds)
        clock.now += dt.timedelta(seconds=seconds)
        if len(sleeps) == 6:
            stop.set()
        return stop.is_set()

    stop.wait = wait  # type: ignore[method-assign]
    watcher.run_forever()

    assert [r["event"] for r in records] == ["start", "poll", "link", "poll", "stop"]
    assert sleeps == [60, 60, 60, 60, 60, 60]  # due again after 300 s: polled then, at the fifth wake
    assert [r["status"] for r in records if r["event"] == "poll"] == ["ok", "not_modified"]


def test_log_lines_are_one_json_object_each(tmp_path: Path, store: Store, extractor, reader, site):
    site.publish("strikes")
    path = tmp_path / "watch.log"
    with path.open("w", encoding="utf-8") as stream:
        config = WatchConfig([FeedConfig("world", site.url)])
        Watcher(store, extractor, reader, config, log=json_lines(stream)).run_once()

    poll, linked = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {k: poll[k] for k in ("event", "feed", "status", "items", "stored")} == {
        "event": "poll", "feed": "world", "status": "ok", "items": 1, "stored": 1
    }  # fmt: skip
    assert poll["duration_s"] > 0 and dt.datetime.fromisoformat(poll["at"]).tzinfo is not None
    assert linked["event"] == "link" and linked["incidents"] >= 1


# -- the feed file ----------------------------------------------------------------------


def test_a_feed_file_with_only_names_and_urls_takes_the_defaults(tmp_path: Path):
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n"
        "  - name: world\n    url: https://news.example/world.xml\n"
        "  - {name: wire, url: 'https://wire.example/rss', interval: 5m, language: fr, source: Example Wire}\n"
        "retry:\n  max_wait: 2h\n  article_attempts: 3\n",
        encoding="utf-8",
    )

    config = load_feeds(path)

    assert config.feeds == [
        FeedConfig("world", "https://news.example/world.xml", 900.0),
        FeedConfig("wire", "https://wire.example/rss", 300.0, "fr", "Example Wire"),
    ]
    assert config.retry == RetryPolicy(max_wait_s=7200.0, article_attempts=3)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("feeds: [\n", "not valid YAML (line 2: "),
        ("- name: world\n", "no 'feeds:' list"),
        ("feeds: []\n", "'feeds:' lists no feed"),
        ("feeds:\n  - https://news.example/world.xml\n", "feed 1 is not a mapping of name, url"),
        ("feeds:\n  - url: https://news.example/world.xml\n", "feed 1 has no name"),
        ("feeds:\n  - name: world\n", "feed 'world' has no url"),
        ("feeds:\n  - {name: world, url: news.example/world.xml}\n", "url 'news.example/world.xml' is not an http"),
        ("feeds:\n  - {name: world, url: 'https://a.example/', intervall: 60}\n", "unknown key 'intervall'"),
        ("feeds:\n  - {name: world, url: 'https://a.example/', interval: soon}\n", "interval 'soon' is not seconds"),
        ("feeds:\n  - {name: world, url: 'https://a.example/', interval: 0}\n", "interval 0 is not a positive"),
        ("feeds:\n  - {name: world, url: 'https://a.example/', language: English}\n", "language 'English' is not"),
        ("feeds:\n  - {name: w, url: 'https://a.example/'}\n  - {name: w, url: 'https://b.example/'}\n",
         "feed name 'w' is given twice"),
        ("feeds:\n  - {name: w, url: 'https://a.example/'}\nretry: {article_attempts: 0}\n",
         "article_attempts 0 is not a whole number"),
        ("feeds:\n  - {name: w, url: 'https://a.example/'}\nalerts: []\n", "unknown section 'alerts'"),
    ],
)  # fmt: skip
def test_a_bad_feed_file_is_refused_on_one_line_naming_it(tmp_path: Path, text: str, reason: str):
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(WatchConfigError) as raised:
        load_feeds(path)

    assert str(raised.value).startswith(f"{path}: ")
    assert reason in str(raised.value) and "\n" not in str(raised.value)


def test_a_missing_feed_file_is_refused_by_the_command_with_exit_code_2(tmp_path: Path):
    missing = tmp_path / "feeds.yaml"

    result = CliRunner().invoke(app, ["watch", str(missing), "--db", str(tmp_path / "w.db"), "--once"])

    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {missing}: cannot read (No such file or directory)"
    assert not (tmp_path / "w.db").exists()  # refused before the store is opened


def test_parse_feeds_checks_what_yaml_gives():
    with pytest.raises(WatchConfigError, match="feed 1 has no name"):
        parse_feeds({"feeds": [{"name": 7, "url": "https://a.example/"}]})


# -- the commands -----------------------------------------------------------------------


def write_feeds(path: Path, *feeds: tuple[str, str], interval: int = 3600) -> Path:
    lines = ["feeds:"] + [f"  - {{name: {name}, url: '{url}', interval: {interval}}}" for name, url in feeds]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.usefixtures("one_extractor")
def test_watch_once_then_feeds_shows_each_feeds_health(tmp_path: Path, site: NewsSite, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    site.publish("strikes", "erbil")
    feeds = write_feeds(tmp_path / "feeds.yaml", ("world", site.url), ("down", "http://127.0.0.1:9/rss"))
    db = str(tmp_path / "warlog.db")

    watched = CliRunner().invoke(app, ["watch", str(feeds), "--db", db, "--once"])
    table = CliRunner().invoke(app, ["feeds", "--db", db])
    as_json = CliRunner().invoke(app, ["feeds", "--db", db, "--format", "json"])

    assert watched.exit_code == 1  # a feed failed: cron hears of it
    polls = [json.loads(line) for line in watched.stderr.splitlines() if line.startswith("{")]
    assert [(p.get("feed"), p["event"], p.get("status")) for p in polls] == [
        ("world", "poll", "ok"), ("down", "poll", "failed"), (None, "link", None)
    ]  # fmt: skip
    assert table.exit_code == 0
    assert "world" in table.stdout and "down" in table.stdout and "unreachable (ConnectError" in table.stdout
    rows = {row["name"]: row for row in json.loads(as_json.stdout)}
    assert (rows["world"]["status"], rows["world"]["documents_stored"]) == ("ok", 2)
    assert (rows["down"]["status"], rows["down"]["errors"]) == ("failed", 1)


def test_feeds_on_a_store_never_watched_says_none_found(tmp_path: Path):
    result = CliRunner().invoke(app, ["feeds", "--db", str(tmp_path / "warlog.db")])

    assert result.exit_code == 0 and "Feeds: none found." in result.stdout


# -- a kill -9 mid-poll -------------------------------------------------------------------


@pytest.fixture
def slow_site() -> Iterator[tuple[HTTPServer, NewsSite, threading.Event, threading.Event]]:
    """A threaded server whose third article waits to answer until the test releases it."""
    server = HTTPServer(threaded=True)
    server.start()
    asked, release = threading.Event(), threading.Event()

    def slow_tally(request: Request) -> Response:
        asked.set()
        release.wait(timeout=120)
        return Response(page("tally"), content_type="text/html")

    server.expect_request("/news/tally").respond_with_handler(slow_tally)  # the first handler that matches answers
    site = NewsSite(server)
    site.publish("strikes", "erbil", "tally", "rockets", "checkpoint")  # newest first: checkpoint, rockets, tally
    try:
        yield server, site, asked, release
    finally:
        release.set()
        server.clear()
        if server.is_running():
            server.stop()


def test_a_watch_killed_mid_poll_resumes_with_no_duplicate_and_no_gap(tmp_path: Path, slow_site, one_extractor):
    server, site, asked, release = slow_site
    feeds = write_feeds(tmp_path / "feeds.yaml", ("world", site.url))
    db = str(tmp_path / "warlog.db")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with (tmp_path / "watch.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "warlog.cli", "watch", str(feeds), "--db", db],
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    try:
        assert asked.wait(timeout=300), (tmp_path / "watch.log").read_text()  # waiting for the third article
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as connection:
        at_kill = sorted(url for (url,) in connection.execute("SELECT url FROM documents"))
        etag = connection.execute("SELECT etag FROM feed_state").fetchone()[0]
    assert at_kill == sorted(site.article_url(slug) for slug in ("checkpoint", "rockets"))
    assert etag is None  # the poll never finished: its validators were not kept
    release.set()

    restart = CliRunner().invoke(app, ["watch", str(feeds), "--db", db, "--once"])

    assert restart.exit_code == 0, restart.output
    [poll] = [json.loads(line) for line in restart.stderr.splitlines() if '"poll"' in line]
    assert (poll["items"], poll["stored"], poll["duplicates"]) == (3, 3, 0)
    with Store(db) as store:
        assert stored_urls(store) == sorted(site.article_url(slug) for slug in ARTICLES)
        with store.engine.connect() as connection:
            hashes = connection.execute(sa.select(documents.c.content_hash)).scalars().all()
            stored_lines = connection.execute(
                sa.select(ingest_log.c.doc_id).where(ingest_log.c.status == "stored")
            ).scalars().all()
        assert len(hashes) == len(set(hashes)) == 5
        assert Counter(stored_lines) == Counter(store.doc_ids())  # each stored once, by one run or the other
        assert {row["status"] for row in met(store)} == {"stored"}
        assert store.counts()["incidents"] > 0
    # the articles stored before the kill were not fetched again
    assert [fetches(server, f"/news/{slug}") for slug in ("checkpoint", "rockets")] == [1, 1]
    assert fetches(server, "/news/tally") == 2  # once by the killed run (unanswered), once by the restart


def test_a_watch_asked_to_stop_with_sigterm_ends_cleanly(tmp_path: Path, site: NewsSite):
    site.publish("rockets")
    feeds = write_feeds(tmp_path / "feeds.yaml", ("world", site.url))
    log = tmp_path / "watch.log"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "warlog.cli", "watch", str(feeds), "--db", str(tmp_path / "warlog.db")],
            stdout=stream, stderr=stream, env=env, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 300  # bounds a hang; it measures nothing
        while '"event": "link"' not in log.read_text(encoding="utf-8"):  # polled, linked, now asleep
            assert process.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    lines = log.read_text(encoding="utf-8").splitlines()
    events = [json.loads(line)["event"] for line in lines if line.startswith("{")]
    assert events == ["start", "poll", "link", "stop"]
