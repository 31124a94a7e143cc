"""Watch: follow news feeds around the clock and ingest each new item once.

A feed file (YAML) lists the feeds; each is polled at its interval with a conditional GET,
so that an unchanged feed costs one 304. Each new item's article is fetched and ingested
through the same :class:`~warlog.pipeline.Pipeline` as ``warlog ingest``, and each round
that stored something is linked. A feed that fails waits longer after each failure (with
jitter) and returns to its interval when it answers again.

What a restart needs is in the store: each feed's state (tables ``feed_state``) and every
item met (``feed_items``). An item is marked once its document is stored, in a transaction
of its own after the document's; a kill between the two leaves it unmarked, and the next
poll fetches it again, which the store refuses as a duplicate by its content hash and marks
then. A feed's validators (ETag, Last-Modified) are saved only when all its items are done,
so a kill mid-poll never turns the next poll into a 304 that hides the items left.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import sqlalchemy as sa
import yaml
from sqlalchemy.exc import IntegrityError

from warlog import alerts
from warlog.ingest import (
    Fetched,
    FeedEntry,
    IngestError,
    Reader,
    entry_document,
    failure,
    looks_like_feed,
    parse_html,
    read_feed,
    url_stem,
)
from warlog.link import relink
from warlog.model import Document, IngestProblem
from warlog.pipeline import IngestReport, Pipeline
from warlog.store import Store
from warlog.store.schema import document_signatures, documents, feed_items, feed_state

if TYPE_CHECKING:
    from warlog.extract import Extractor

#: Log(record): one structured line per event (a poll, an item put off, a linking run)
Log = Callable[[dict[str, Any]], None]
Clock = Callable[[], dt.datetime]

#: the keys a feed takes in FEEDS.yaml, and those of the optional ``retry:`` section
FEED_KEYS = ("name", "url", "interval", "language", "source")
RETRY_KEYS = ("max_wait", "article_attempts")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
#: the longest the loop sleeps at once, so that a changed clock or a stop is noticed
MAX_SLEEP_S = 60.0


class WatchConfigError(Exception):
    """Why a feed file cannot be used, on one line that names the file."""


@dataclass(frozen=True)
class FeedConfig:
    name: str
    url: str
    interval_s: float = 900.0
    language: str | None = None  # the language its articles are in; --language otherwise
    source: str | None = None  # the documents' source name; the feed's or the site's own otherwise


@dataclass(frozen=True)
class RetryPolicy:
    """How long a failing feed waits, and how often an unreachable article is tried."""

    max_wait_s: float = 6 * 3600.0
    article_attempts: int = 5


@dataclass(frozen=True)
class WatchConfig:
    feeds: list[FeedConfig]
    retry: RetryPolicy = RetryPolicy()


# -- the feed file ----------------------------------------------------------------------


def load_feeds(path: Path) -> WatchConfig:
    """The feeds a YAML file lists; a WatchConfigError naming the file and what is wrong."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise WatchConfigError(f"{path}: cannot read ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise WatchConfigError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise WatchConfigError(f"{path}: not valid YAML ({where}{reason})") from None
    try:
        return parse_feeds(raw)
    except WatchConfigError as error:
        raise WatchConfigError(f"{path}: {error}") from None


def parse_feeds(raw: object) -> WatchConfig:
    """A feed file's content, checked: every feed with a name and an http(s) url."""
    if not isinstance(raw, dict) or not isinstance(raw.get("feeds"), list):
        raise WatchConfigError("no 'feeds:' list (each feed a mapping with at least name and url)")
    unknown = sorted(set(map(str, raw)) - {"feeds", "retry"})
    if unknown:
        raise WatchConfigError(f"unknown section {unknown[0]!r} (expected feeds, retry)")
    if not raw["feeds"]:
        raise WatchConfigError("'feeds:' lists no feed")
    feeds = [_feed(number, item) for number, item in enumerate(raw["feeds"], start=1)]
    names = [feed.name for feed in feeds]
    if twice := next((name for name in names if names.count(name) > 1), None):
        raise WatchConfigError(f"feed name {twice!r} is given twice")
    return WatchConfig(feeds, _retry(raw.get("retry")))


def _feed(number: int, item: object) -> FeedConfig:
    if not isinstance(item, dict):
        raise WatchConfigError(f"feed {number} is not a mapping of {', '.join(FEED_KEYS)}")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise WatchConfigError(f"feed {number} has no name")
    label = f"feed {name!r}"
    if unknown := sorted(set(map(str, item)) - set(FEED_KEYS)):
        raise WatchConfigError(f"{label}: unknown key {unknown[0]!r} (expected {', '.join(FEED_KEYS)})")
    url = item.get("url")
    if not isinstance(url, str) or not url.strip():
        raise WatchConfigError(f"{label} has no url")
    if not url.strip().startswith(("http://", "https://")):
        raise WatchConfigError(f"{label}: url {url!r} is not an http:// or https:// address")
    language = item.get("language")
    if language is not None and not (isinstance(language, str) and re.fullmatch(r"[a-z]{2}", language)):
        raise WatchConfigError(f"{label}: language {language!r} is not an ISO 639-1 code such as 'en'")
    source = item.get("source")
    if source is not None and not isinstance(source, str):
        raise WatchConfigError(f"{label}: source {source!r} is not text")
    interval = FeedConfig.interval_s
    if "interval" in item:
        interval = _duration(item["interval"], f"{label}: interval")
    return FeedConfig(name.strip(), url.strip(), interval, language, source)


def _retry(raw: object) -> RetryPolicy:
    if raw is None:
        return RetryPolicy()
    if not isinstance(raw, dict):
        raise WatchConfigError(f"'retry:' is not a mapping of {', '.join(RETRY_KEYS)}")
    if unknown := sorted(set(map(str, raw)) - set(RETRY_KEYS)):
        raise WatchConfigError(f"retry: unknown key {unknown[0]!r} (expected {', '.join(RETRY_KEYS)})")
    policy = RetryPolicy()
    if "max_wait" in raw:
        policy = replace(policy, max_wait_s=_duration(raw["max_wait"], "retry: max_wait"))
    if "article_attempts" in raw:
        attempts = raw["article_attempts"]
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
            raise WatchConfigError(f"retry: article_attempts {attempts!r} is not a whole number from 1")
        policy = replace(policy, article_attempts=attempts)
    return policy


def _duration(value: object, what: str) -> float:
    """Seconds from a number of seconds or a duration such as '90s', '15m', '6h', '1d'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        seconds = float(match[1]) * _SECONDS[match[2]]
    else:
        raise WatchConfigError(f"{what} {value!r} is not seconds or a duration such as 15m, 2h")
    if not 0 < seconds < float("inf"):
        raise WatchConfigError(f"{what} {value!r} is not a positive duration")
    return seconds


# -- timing -----------------------------------------------------------------------------


def backoff_s(interval_s: float, errors: int, max_wait_s: float, draw: Callable[[], float]) -> float:
    """The wait after ``errors`` failures in a row: its ceiling doubles with each failure from
    twice the interval, up to ``max_wait_s``; the wait is drawn in the upper half of it, so
    that feeds failing together (one host down) do not all come back at once."""
    ceiling = min(max_wait_s, interval_s * 2.0 ** min(errors, 64))
    return ceiling / 2 + draw() * ceiling / 2


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time, aware: SQLite gives back the UTC time it was given without its zone."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


# -- state in the store -------------------------------------------------------------------


@dataclass
class FeedState:
    name: str
    url: str
    last_poll: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_status: str | None = None
    consecutive_errors: int = 0
    last_error: str | None = None
    next_poll: dt.datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    items_seen: int = 0
    documents_stored: int = 0


#: statuses of an item that is done with: it is never fetched again
DONE = ("stored", "duplicate", "failed")


def item_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class FeedStates:
    """Each feed's state and the items met, in the store's tables (SQLite or PostgreSQL)."""

    def __init__(self, store: Store):
        self.engine = store.engine

    def register(self, feeds: Iterable[FeedConfig]) -> None:
        """A state for each feed not met before; a feed whose url changed starts afresh."""
        with self.engine.begin() as connection:
            known = {row.name: row.url for row in connection.execute(sa.select(feed_state.c.name, feed_state.c.url))}
            for feed in feeds:
                if feed.name not in known:
                    connection.execute(
                        feed_state.insert().values(
                            name=feed.name, url=feed.url, consecutive_errors=0, items_seen=0, documents_stored=0
                        )
                    )
                elif known[feed.name] != feed.url:
                    connection.execute(
                        feed_state.update()
                        .where(feed_state.c.name == feed.name)
                        .values(url=feed.url, etag=None, last_modified=None, next_poll=None, consecutive_errors=0)
                    )

    def get(self, name: str) -> FeedState | None:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(feed_state).where(feed_state.c.name == name)).first()
        return _state(row) if row else None

    def all(self) -> list[FeedState]:
        with self.engine.connect() as connection:
            return [_state(row) for row in connection.execute(sa.select(feed_state).order_by(feed_state.c.name))]

    def save(self, state: FeedState) -> None:
        values = {name: getattr(state, name) for name in FeedState.__dataclass_fields__ if name != "name"}
        with self.engine.begin() as connection:
            connection.execute(feed_state.update().where(feed_state.c.name == state.name).values(**values))

    def done(self, keys: Collection[str]) -> set[str]:
        """Which of these items are done with (stored, a duplicate, or failed for good)."""
        by_hash = {item_hash(key): key for key in keys}
        found: set[str] = set()
        hashes = list(by_hash)
        with self.engine.connect() as connection:
            for start in range(0, len(hashes), 500):
                query = sa.select(feed_items.c.key_hash).where(
                    feed_items.c.key_hash.in_(hashes[start : start + 500]), feed_items.c.status.in_(DONE)
                )
                found.update(by_hash[h] for h in connection.execute(query).scalars())
        return found

    def attempts(self, key: str) -> int:
        """How many times an item was tried so far (0: never)."""
        query = sa.select(feed_items.c.attempts).where(feed_items.c.key_hash == item_hash(key))
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one_or_none() or 0

    def mark(self, key: str, feed: str, status: str, doc_id: str | None = None, reason: str | None = None) -> int:
        """Record what became of an item after one more try; returns how many it has had."""
        values = {"status": status, "doc_id": doc_id, "reason": reason, "seen_at": utc_now()}
        try:
            return self._mark(key, feed, values)
        except IntegrityError:  # another watcher marked it first: this is an update then
            return self._mark(key, feed, values)

    def _mark(self, key: str, feed: str, values: dict[str, Any]) -> int:
        with self.engine.begin() as connection:
            where = feed_items.c.key_hash == item_hash(key)
            attempts = connection.execute(sa.select(feed_items.c.attempts).where(where)).scalar_one_or_none()
            if attempts is None:
                row = {"key_hash": item_hash(key), "key": key, "feed": feed, "attempts": 1}
                connection.execute(feed_items.insert().values(**row, **values))
                return 1
            connection.execute(feed_items.update().where(where).values(attempts=attempts + 1, **values))
            return attempts + 1

    def unlinked(self) -> bool:
        """Whether some stored document was never linked (a run killed before its linking)."""
        query = sa.select(documents.c.id).where(
            documents.c.id.not_in(sa.select(document_signatures.c.document_id))
        ).limit(1)
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None


def _state(row: sa.Row) -> FeedState:
    values = dict(row._mapping)
    for name in ("last_poll", "last_success", "next_poll"):
        values[name] = _utc(values[name])
    return FeedState(**values)


def feed_health(store: Store) -> list[dict[str, Any]]:
    """Each feed's health, as ``warlog feeds`` lists it (times in UTC, ISO 8601)."""

    def when(value: dt.datetime | None) -> str | None:
        return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if value else None

    return [
        {
            "name": state.name,
            "url": state.url,
            "status": state.last_status or "never polled",
            "errors": state.consecutive_errors,
            "last_poll": when(state.last_poll),
            "last_success": when(state.last_success),
            "next_poll": when(state.next_poll),
            "items_seen": state.items_seen,
            "documents_stored": state.documents_stored,
            "last_error": state.last_error,
        }
        for state in FeedStates(store).all()
    ]


# -- polling ----------------------------------------------------------------------------


@dataclass
class PollResult:
    """What one poll of one feed did."""

    feed: str
    status: str  # ok, not_modified, failed
    items: int = 0  # new items met (a changed page is one)
    stored: int = 0
    duplicates: int = 0
    failed: int = 0  # items that could not be ingested
    left: int = 0  # items put off to a later poll (article unreachable, or a stop)
    duration_s: float = 0.0
    error: str | None = None
    next_poll: dt.datetime | None = None


@dataclass
class _Item:
    key: str  # its link, or the feed's address and its id for it
    doc_id: str
    entry: FeedEntry


@dataclass
class _Batch:
    report: IngestReport = field(default_factory=IngestReport)
    left: int = 0


class Watcher:
    """Polls the configured feeds and ingests what is new; its state lives in the store."""

    def __init__(
        self,
        store: Store,
        extractor: Extractor,
        reader: Reader,
        config: WatchConfig,
        *,
        languages: Collection[str] = ("en",),
        link: bool = True,
        log: Log | None = None,
        clock: Clock = utc_now,
        draw: Callable[[], float] = random.random,
        stop: threading.Event | None = None,
    ):
        self.store = store
        self.extractor = extractor
        self.reader = reader
        self.config = config
        self.languages = frozenset(languages)
        self.link = link
        self.log = log or json_lines(sys.stderr)
        self.clock = clock
        self.draw = draw
        self.stop = stop or threading.Event()
        self.states = FeedStates(store)
        self._pipelines: dict[frozenset[str], Pipeline] = {}
        self._checked_links = False
        self.states.register(config.feeds)

    def run_once(self) -> list[PollResult]:
        """Poll every feed once, whatever its schedule (for cron and tests)."""
        return self.poll_round(self.config.feeds)

    def run_forever(self) -> None:
        """Poll each feed when it is due, until ``stop`` is set (SIGTERM, Ctrl-C)."""
        self.log({"event": "start", "feeds": len(self.config.feeds)})
        while not self.stop.is_set():
            now = self.clock()
            due_at = {state.name: state.next_poll or now for state in self.states.all()}
            due = [feed for feed in self.config.feeds if due_at[feed.name] <= now]
            if due:
                self.poll_round(due)
                continue
            wait = (min(due_at[feed.name] for feed in self.config.feeds) - now).total_seconds()
            self.stop.wait(min(max(wait, 0.0), MAX_SLEEP_S))
        self.log({"event": "stop"})

    def poll_round(self, feeds: Iterable[FeedConfig]) -> list[PollResult]:
        """Poll these feeds, then link once if anything was stored (or a killed run left documents unlinked)."""
        results = []
        for feed in feeds:
            if self.stop.is_set():
                break
            results.append(self.poll(feed))
        unlinked = self.link and not self._checked_links and self.states.unlinked()
        self._checked_links = True
        if self.link and (unlinked or any(result.stored for result in results)):
            started = time.monotonic()
            linking = relink(self.store)
            self.log({"event": "link", "incidents": len(linking.incidents),
                      "duration_s": round(time.monotonic() - started, 3)})  # fmt: skip
            fired = alerts.run(self.store)  # the mail server from $WARLOG_SMTP
            if fired.fired or fired.retrying or fired.failed:
                self.log({"event": "alerts", "fired": fired.fired, "delivered": fired.delivered,
                          "retrying": fired.retrying, "failed": fired.failed})  # fmt: skip
        return results

    def poll(self, feed: FeedConfig) -> PollResult:
        """One conditional GET of the feed, and the ingest of each new item it lists."""
        started = time.monotonic()
        state = self.states.get(feed.name)
        assert state is not None, "a feed of the config: registered when the watcher was made"
        validators = (state.etag, state.last_modified)
        try:
            fetched = self.reader.fetch_if_changed(feed.url, *validators)
            if fetched is None:
                result = PollResult(feed.name, "not_modified")
            elif looks_like_feed(fetched.body, fetched.content_type):
                result, validators = self._take_feed(feed, fetched)
            else:
                result, validators = self._take_page(feed, fetched)
        except IngestError as error:
            result = PollResult(feed.name, "failed", error=str(error))
        result.duration_s = round(time.monotonic() - started, 3)
        self._record(state, feed, result, validators)
        self.log({"event": "poll", **_loggable(result)})
        return result

    def _take_feed(self, feed: FeedConfig, fetched: Fetched) -> tuple[PollResult, tuple[str | None, str | None]]:
        parsed = read_feed(fetched.body)
        items: dict[str, _Item] = {}
        for entry in parsed.entries:
            item = _item(feed, entry)
            items.setdefault(item.key, item)
        done = self.states.done(items)
        new = [item for key, item in items.items() if key not in done]
        batch = self._ingest(feed, new, feed.source or parsed.source)
        result = _result(feed.name, len(new), batch)
        # the validators of this copy only once every item in it is done with
        return result, (fetched.etag, fetched.last_modified) if not batch.left else (None, None)

    def _take_page(self, feed: FeedConfig, fetched: Fetched) -> tuple[PollResult, tuple[str | None, str | None]]:
        """A page is one article: each new text it shows is a document (the same text is a duplicate)."""
        text = fetched.body.decode("utf-8", errors="replace")
        try:
            document = parse_html(text, url_stem(feed.url), feed.url, url=feed.url)
        except IngestError:
            raise
        except Exception as error:  # the extractor of page text failed on it: the poll fails, not the watcher
            raise IngestError(failure("unreadable page", error)) from None
        if feed.source:
            document.source = feed.source
        report = self._pipeline(feed).ingest([document])
        batch = _Batch(report)
        return _result(feed.name, 1, batch), (fetched.etag, fetched.last_modified)

    def _ingest(self, feed: FeedConfig, new: list[_Item], source: str | None) -> _Batch:
        """Fetch and ingest the new items one by one: each article is in the store (and marked)
        before the next is fetched, so a kill or a stop loses at most the one in hand."""
        batch = _Batch()
        pipeline = self._pipeline(feed)

        def progress(status: str, done: Document | IngestProblem) -> None:
            if isinstance(done, IngestProblem):
                self.states.mark(done.origin, feed.name, "failed", reason=done.reason)
                self.log({"event": "item", "feed": feed.name, "url": done.origin, "status": "failed",
                          "error": done.reason})  # fmt: skip
            else:  # stored, or a duplicate of a stored text
                stored_as = self.store.find_by_hash(done.content_hash)
                self.states.mark(done.origin or done.doc_id, feed.name, status, stored_as)

        for number, item in enumerate(new):
            if self.stop.is_set():
                batch.left += len(new) - number
                break
            article = self._article(feed, item, source)
            if article is None:
                batch.left += 1
                continue
            report = pipeline.ingest([article], progress=progress)
            batch.report.stored += report.stored
            batch.report.duplicates += report.duplicates
            batch.report.problems.extend(report.problems)
        return batch

    def _article(self, feed: FeedConfig, item: _Item, source: str | None) -> Document | IngestProblem | None:
        """The item's document, or its problem; None when it is left for a later poll."""
        try:
            return entry_document(item.entry, item.doc_id, item.key, source, self.reader.fetch)
        except IngestError as error:
            if error.transient and self._put_off(feed, item, str(error)):
                return None
            return IngestProblem(item.key, str(error))
        except Exception as error:  # a parser's own failure is this item's, not the feed's
            return IngestProblem(item.key, failure("unreadable", error))

    def _put_off(self, feed: FeedConfig, item: _Item, reason: str) -> bool:
        """Whether an article that could not be reached is left for a later poll (or given up:
        its last attempt is then marked failed, as any item that cannot be ingested)."""
        if self.states.attempts(item.key) + 1 >= self.config.retry.article_attempts:
            return False
        attempts = self.states.mark(item.key, feed.name, "retry", reason=reason)
        self.log({"event": "item", "feed": feed.name, "url": item.key, "status": "retry", "attempts": attempts,
                  "error": reason})  # fmt: skip
        return True

    def _pipeline(self, feed: FeedConfig) -> Pipeline:
        languages = frozenset([feed.language]) if feed.language else self.languages
        if languages not in self._pipelines:
            self._pipelines[languages] = Pipeline(self.store, self.extractor, languages=languages)
        return self._pipelines[languages]

    def _record(
        self, state: FeedState, feed: FeedConfig, result: PollResult, validators: tuple[str | None, str | None]
    ) -> None:
        now = self.clock()
        state.last_poll = now
        state.last_status = result.status
        if result.status == "failed":
            state.consecutive_errors += 1
            state.last_error = result.error
            wait = backoff_s(feed.interval_s, state.consecutive_errors, self.config.retry.max_wait_s, self.draw)
        else:
            state.consecutive_errors = 0
            state.last_success = now
            state.etag, state.last_modified = validators
            wait = feed.interval_s
        state.next_poll = now + dt.timedelta(seconds=wait)
        state.items_seen += result.items - result.left
        state.documents_stored += result.stored
        result.next_poll = state.next_poll
        self.states.save(state)


def _item(feed: FeedConfig, entry: FeedEntry) -> _Item:
    """An entry's identity: its link, or, for an entry that carries its own text, the feed's
    address with the entry's id (or its content's hash, when the feed gives it no id)."""
    if entry.link:
        return _Item(entry.link, url_stem(entry.link), entry)
    tag = entry.entry_id or "sha256:" + hashlib.sha256(entry.content.encode("utf-8")).hexdigest()[:16]
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{feed.name}-{tag}").strip("-")[:80]
    return _Item(f"{feed.url}#{tag}", slug, entry)


def _result(feed: str, items: int, batch: _Batch) -> PollResult:
    report = batch.report
    return PollResult(feed, "ok", items, report.stored, report.duplicates, report.failed, batch.left)


def _loggable(result: PollResult) -> dict[str, Any]:
    record = {name: getattr(result, name) for name in PollResult.__dataclass_fields__}
    record["next_poll"] = result.next_poll.isoformat(timespec="seconds") if result.next_poll else None
    if record["error"] is None:
        del record["error"]
    return record


# -- the edges: log lines and signals ---------------------------------------------------


def json_lines(stream: TextIO) -> Log:
    """A log writing each record as one JSON object on a line, with the time it was written."""

    def write(record: dict[str, Any]) -> None:
        line = {"at": utc_now().isoformat(timespec="milliseconds"), **record}
        stream.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
        stream.flush()

    return write


def stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM or Ctrl-C ends the loop after the article in hand; a second one ends it at once."""

    def handle(signum: int, _frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, handle)
