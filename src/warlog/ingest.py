"""Ingest: turn files, directories, globs, stdin, feeds and URLs into Documents.

Each input yields :class:`~warlog.model.Document` records or, for what cannot be read,
an :class:`~warlog.model.IngestProblem` naming the file (and line) and the reason, so
that one bad input never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import glob
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import dateparser
import feedparser
import httpx
import lxml.etree
import lxml.html
import trafilatura

from warlog.model import Document, IngestProblem

Item = Document | IngestProblem
#: fetch(url) -> (body bytes, content type) or raises IngestError
Fetch = Callable[[str], tuple[bytes, str]]

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES

# " date 2023-11-12 The US Air Force ..." (the seeds' header, body may follow on the line)
_DATE_LINE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\n?")
_HEADER_LINE = re.compile(
    r"^(date|published|title|url|source|license)[ \t]*:[ \t]*(.*?)[ \t]*$", re.IGNORECASE
)


class IngestError(Exception):
    """A reason, fit for one line, why an input cannot be read; ``transient`` when trying
    again later may succeed (the host unreachable, a 5xx answer, too many requests)."""

    def __init__(self, reason: str, *, transient: bool = False):
        super().__init__(reason)
        self.transient = transient


def failure(what: str, error: Exception) -> str:
    """A reason, on one line, for an error no rule foresaw: 'unreadable (TypeError: ...)'."""
    lines = str(error).strip().splitlines()
    return f"{what} ({type(error).__name__}{': ' + lines[0][:200] if lines else ''})"


@dataclass(frozen=True)
class IngestLimits:
    max_bytes: int = 5_000_000
    timeout_s: float = 20.0


def parse_date(value: object) -> dt.date | None:
    """A publication date from ISO text or any common written form; None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):  # a number or a list is no date ("1e308" would read as today)
        raise IngestError(f"unreadable date {value!r}")
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        raise IngestError(f"unreadable date {text!r}")
    return parsed.date()


def _document(doc_id: str, text: str, origin: str, meta: dict[str, object]) -> Document:
    body = text.strip()
    if not body:
        raise IngestError("empty text")
    fields = {
        "doc_id": doc_id,
        "text": body,
        "title": _optional_str(meta.get("title")),
        "url": _optional_str(meta.get("url")),
        "source": _optional_str(meta.get("source")),
    }
    for name, value in fields.items():
        _check_storable(name, value)
    return Document(**fields, published=parse_date(meta.get("date") or meta.get("published")), origin=origin)


#: what no store keeps as text: NUL (PostgreSQL refuses it) and half of a UTF-16 surrogate
#: pair standing alone (a JSON escape such as "\ud800", which names no character)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _check_storable(name: str, value: str | None) -> None:
    if value is not None and (found := _UNSTORABLE.search(value)):
        what = "a NUL character" if found.group() == "\x00" else f"a lone surrogate \\u{ord(found.group()):04x}"
        raise IngestError(f"{name} holds {what} at character {found.start() + 1}, not text")


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_text(raw: str, doc_id: str, origin: str) -> Document:
    """A plain-text article with an optional header.

    Two header shapes: a first line ``date YYYY-MM-DD`` (the seeds), or ``key: value``
    lines for date/published/title/url/source/license ended by a blank line.
    """
    meta: dict[str, object] = {}
    raw = raw.replace("\r\n", "\n")  # a header saved with Windows line endings is a header too
    body = raw
    if match := _DATE_LINE.match(raw):
        meta["date"] = match.group(1)
        body = raw[match.end() :]
    else:
        head, sep, rest = raw.lstrip("\ufeff").partition("\n\n")
        lines = head.strip("\n").splitlines()
        matches = [_HEADER_LINE.match(line) for line in lines]
        if sep and lines and all(matches):
            meta = {m.group(1).lower(): m.group(2) for m in matches if m}
            body = rest
    if not meta.get("title"):
        headline, body = split_headline(body)
        meta["title"] = headline
    return _document(doc_id, body, origin, meta)


def split_headline(body: str) -> tuple[str | None, str]:
    """A first line standing alone, unpunctuated, is the headline, not a sentence of the story."""
    first, sep, rest = body.strip().partition("\n\n")
    if sep and rest.strip() and "\n" not in first and len(first) <= 200:
        if not first.rstrip().endswith((".", "!", "?", ":", '"', "”", "'")):
            return first.strip(), rest
    return None, body


def parse_jsonl(raw: str, stem: str, origin: str) -> Iterator[Item]:
    """One document per line: ``text`` plus optional date/published, url, title, source."""
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = _json_line(line)
            if not isinstance(record, dict):
                raise IngestError("line is not a JSON object")
            text = record.get("text")
            if not isinstance(text, str):
                raise IngestError('no "text" string field')
            doc_id = _optional_str(record.get("doc_id") or record.get("id")) or f"{stem}-{number}"
            yield _document(doc_id, text, origin, record)
        except IngestError as error:
            yield IngestProblem(origin, str(error), number)


def _json_line(line: str) -> object:
    """One line's JSON value; what Python's reader cannot take is malformed JSON too."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise IngestError(f"malformed JSON ({error.msg}, column {error.colno})") from None
    except RecursionError:
        raise IngestError("malformed JSON (nested too deeply to read)") from None
    except ValueError as error:  # a number of more than 4,300 digits
        raise IngestError(f"malformed JSON ({str(error).split(':')[0]})") from None


def parse_html(raw: str, doc_id: str, origin: str, url: str | None = None) -> Document:
    """The main text of a web page and its metadata, as trafilatura finds them."""
    extracted = trafilatura.bare_extraction(raw, url=url, with_metadata=True)
    if extracted is None or not (extracted.text or "").strip():
        raise IngestError("no article text found in the HTML")
    meta = {
        "title": extracted.title,
        "date": extracted.date,
        "url": extracted.url or url,
        "source": extracted.sitename or extracted.hostname,
    }
    return _document(doc_id, extracted.text, origin, meta)


#: control characters XML has no place for (all but tab and the line ends): a feed may still carry them
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _html_fragment_text(fragment: str) -> str:
    """The text of an entry's HTML content, its stray control characters read as blanks."""
    try:
        return lxml.html.fragment_fromstring(_NOT_IN_XML.sub(" ", fragment), create_parent="div").text_content()
    except (ValueError, lxml.etree.ParserError) as error:
        raise IngestError(f"unreadable entry content ({error})") from None


@dataclass(frozen=True)
class FeedEntry:
    """One entry of an RSS/Atom feed as the feed tells it, before its article is fetched."""

    link: str | None  # the article's web address; None when the entry carries its text itself
    entry_id: str | None  # the feed's own id for it (guid, atom:id)
    title: str | None
    published: dt.date | None
    content: str  # the entry's HTML content or summary, read when there is no link


@dataclass(frozen=True)
class Feed:
    source: str | None  # the feed's title
    entries: list[FeedEntry]


def read_feed(raw: bytes) -> Feed:
    """The entries of an RSS/Atom feed, newest as the feed orders them; IngestError if none."""
    try:
        feed = feedparser.parse(io.BytesIO(_unnamed_references(raw)))  # bytes, never mistaken for a path
    except Exception as error:  # feedparser flags a broken feed, but some break feedparser itself
        raise IngestError(failure("not an RSS/Atom feed feedparser can read", error)) from None
    if not feed.entries:
        reason = getattr(feed, "bozo_exception", None)
        raise IngestError(f"not an RSS/Atom feed with entries ({reason or 'no entries'})")
    entries = []
    for entry in feed.entries:
        link = entry.get("link")
        if link and not link.startswith(("http://", "https://")):
            link = None  # feedparser gives an entry without a link its id (urn:, tag:) instead
        content = entry.get("content") or [{"value": entry.get("summary")}]
        entries.append(
            FeedEntry(
                link=link,
                entry_id=_optional_str(entry.get("id")),
                title=_optional_str(entry.get("title")),
                published=_entry_date(entry),
                content=content[0].get("value") or "",
            )
        )
    return Feed(_optional_str(feed.feed.get("title")), entries)


def entry_document(entry: FeedEntry, doc_id: str, origin: str, source: str | None, fetch: Fetch) -> Document:
    """The document of a feed entry: its linked page's text, or the entry's own content."""
    if entry.link:
        body, _ = fetch(entry.link)
        page = parse_html(body.decode("utf-8", errors="replace"), doc_id, origin, url=entry.link)
        text, page_date, page_title = page.text, page.published, page.title
    else:
        value = entry.content
        text, page_date, page_title = _html_fragment_text(value) if value.strip() else "", None, None
    meta = {
        "title": entry.title or page_title,
        "date": entry.published or page_date,
        "url": entry.link,
        "source": source,
    }
    return _document(doc_id, text, origin, meta)


def parse_feed(raw: bytes, stem: str, origin: str, fetch: Fetch) -> Iterator[Item]:
    """Each entry of an RSS/Atom feed becomes a document; its link is fetched for the text."""
    feed = read_feed(raw)
    for number, entry in enumerate(feed.entries, start=1):
        where = entry.link or f"{origin}#entry-{number}"
        try:
            yield entry_document(entry, f"{stem}-{number}", where, feed.source, fetch)
        except IngestError as error:
            yield IngestProblem(where, str(error))


_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _unnamed_references(raw: bytes) -> bytes:
    """A character reference that names no character ('&#xD800;', half a surrogate pair, or
    one past U+10FFFF) made the replacement character, as HTML reads it (feedparser fails on it)."""

    def replace(match: re.Match[bytes]) -> bytes:
        digits = match[1] or match[2]
        code = int(digits, 16 if match[1] else 10) if len(digits) <= 8 else 0x110000
        return b"&#xFFFD;" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match[0]

    return _CHARACTER_REFERENCE.sub(replace, raw)


def _entry_date(entry: feedparser.FeedParserDict) -> dt.date | None:
    """The entry's date; none when the feed gives none or one of no calendar ('0000-00-00')."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return dt.date(*parsed[:3]) if parsed else None
    except ValueError:
        return None


class Reader:
    """Reads inputs named on a command line into documents and problems."""

    def __init__(self, limits: IngestLimits | None = None, stdin: Iterable[bytes] | None = None):
        self.limits = limits or IngestLimits()
        self._stdin = stdin
        self._client: httpx.Client | None = None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, inputs: Iterable[str]) -> Iterator[Item]:
        for name in inputs:
            if name == "-":
                yield from self._guarded("-", lambda: self._read_stdin())
            elif name.startswith(("http://", "https://")):
                yield from self._guarded(name, lambda name=name: self._read_url(name))
            else:
                for path, explicit in self._expand(name):
                    yield from self._guarded(str(path), lambda p=path, e=explicit: self._read_file(p, e))

    def _guarded(self, origin: str, produce: Callable[[], Iterable[Item]]) -> Iterator[Item]:
        try:
            yield from produce()
        except IngestError as error:
            yield IngestProblem(origin, str(error))
        except Exception as error:  # a parser's own failure ends this input, not the batch
            yield IngestProblem(origin, failure("unreadable", error))

    def _expand(self, name: str) -> Iterator[tuple[Path, bool]]:
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child, False
        elif path.exists():
            yield path, True
        elif matches := sorted(glob.glob(name, recursive=True)):
            for match in matches:
                yield from self._expand(match)
        else:
            yield path, True  # reported as missing when read

    def _read_file(self, path: Path, explicit: bool) -> Iterator[Item]:
        if not path.exists():
            raise IngestError("no such file or directory")
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise IngestError(
                f"unsupported file type {suffix or '(none)'!r}; "
                f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"
            )
        size = path.stat().st_size
        self._check_size(size)
        data = path.read_bytes()
        yield from self._parse(data, suffix, path.stem, str(path))

    def _read_stdin(self) -> Iterator[Item]:
        data = b"".join(self._stdin) if self._stdin is not None else sys.stdin.buffer.read()
        self._check_size(len(data))
        head = data.lstrip()[:200].lower()
        if head.startswith(b"{"):
            suffix = ".jsonl"
        elif head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
            suffix = ".xml"
        elif head.startswith((b"<!doctype html", b"<html")):
            suffix = ".html"
        else:
            suffix = ".txt"
        yield from self._parse(data, suffix, "stdin", "-")

    def _read_url(self, url: str) -> Iterator[Item]:
        data, content_type = self.fetch(url)
        suffix = ".xml" if looks_like_feed(data, content_type) else ".html"
        yield from self._parse(data, suffix, url_stem(url), url, url=url)

    def _parse(
        self, data: bytes, suffix: str, stem: str, origin: str, url: str | None = None
    ) -> Iterator[Item]:
        if not data.strip():
            raise IngestError("empty file")
        if suffix in FEED_SUFFIXES:
            yield from parse_feed(data, stem, origin, self.fetch)
            return
        if b"\x00" in data[:8192]:
            raise IngestError("binary file, not text")
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise IngestError(f"invalid UTF-8 at byte {error.start}") from None
        if suffix in JSONL_SUFFIXES:
            yield from parse_jsonl(raw, stem, origin)
        elif suffix in HTML_SUFFIXES:
            yield parse_html(raw, stem, origin, url=url)
        else:
            yield parse_text(raw, stem, origin)

    def _check_size(self, size: int) -> None:
        if size > self.limits.max_bytes:
            raise IngestError(
                f"{size:,} bytes, over the limit of {self.limits.max_bytes:,} (--max-bytes)"
            )

    def fetch(self, url: str) -> tuple[bytes, str]:
        """GET a URL; unreachable hosts and HTTP errors become an IngestError."""
        fetched = self.fetch_if_changed(url)
        assert fetched is not None  # without validators, no server answers 304
        return fetched.body, fetched.content_type

    def fetch_if_changed(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched | None:
        """A conditional GET: None when the server answers 304 Not Modified to the validators
        of the last copy (its ETag, its Last-Modified date), else the body and the new validators."""
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.limits.timeout_s,
                follow_redirects=True,
                headers={"User-Agent": "warlog/0.1"},
            )
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            response = self._client.get(url, headers=headers)
        except httpx.InvalidURL as error:
            raise IngestError(f"not a URL one can fetch ({error})") from None
        except httpx.HTTPError as error:
            raise IngestError(f"unreachable ({type(error).__name__}: {error})", transient=True) from None
        if response.status_code == 304 and headers:
            return None
        if response.status_code >= 400:
            transient = response.status_code >= 500 or response.status_code in (408, 429)
            raise IngestError(f"HTTP {response.status_code} {response.reason_phrase}", transient=transient)
        self._check_size(len(response.content))
        return Fetched(
            response.content,
            response.headers.get("content-type", ""),
            response.headers.get("etag"),
            response.headers.get("last-modified"),
        )


@dataclass(frozen=True)
class Fetched:
    """A fetched body with its type and the validators a conditional GET sends back next time."""

    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


def looks_like_feed(data: bytes, content_type: str) -> bool:
    """An RSS/Atom feed by its declared type or its first bytes; a web page otherwise."""
    if any(kind in content_type for kind in ("rss", "atom", "xml")):
        return True
    return data.lstrip()[:100].lower().startswith((b"<?xml", b"<rss", b"<feed"))


def url_stem(url: str) -> str:
    parsed = urlparse(url)
    tail = parsed.path.rstrip("/").rsplit("/", 1)[-1] or parsed.netloc
    return re.sub(r"[^A-Za-z0-9_-]+", "-", tail.rsplit(".", 1)[0])[:60] or "page"
