"""Ingest: every input format, and every bad input reported on one line without stopping.

Web pages and feeds are served on loopback by pytest-httpserver; the unreachable address
is http://127.0.0.1:9/ (nothing listens there, the connection is refused).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from news import AIRSTRIKES, ERBIL, FOUR_ATTACKS, TALLY_36_37, TARGETS, day
from pytest_httpserver import HTTPServer

from warlog.ingest import IngestLimits, Reader
from warlog.model import Document, IngestProblem

UNREACHABLE = "http://127.0.0.1:9/news/strikes.html"


def read(*inputs: str | Path, limits: IngestLimits | None = None) -> list[Document | IngestProblem]:
    with Reader(limits) as reader:
        return list(reader.read([str(i) for i in inputs]))


def read_one(path: str | Path) -> Document:
    [item] = read(path)
    assert isinstance(item, Document), str(item)
    return item


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def page(title: str, *paragraphs: str, date: str | None = None, site: str = "Example News") -> str:
    """A news web page: navigation, the article, a footer."""
    meta = f'<meta name="date" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>{meta}'
        f'<meta property="og:site_name" content="{site}"></head><body>'
        '<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Subscribe to our newsletter. All rights reserved.</footer></body></html>"
    )


def rss(title: str, *items: tuple[str, str, str]) -> str:
    """An RSS 2.0 feed of (title, link, pubDate) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{when}</pubDate></item>"
        for t, link, when in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://news.example/</link>"
        f"<description>World news</description>{entries}</channel></rss>"
    )


STRIKES_PAGE = page("US strikes pro-Iranian groups in Syria", AIRSTRIKES, TARGETS, date="2023-11-12")
ERBIL_PAGE = page("US military in Middle East attacked", FOUR_ATTACKS, ERBIL, TALLY_36_37, date="2023-11-24")


# -- plain text ------------------------------------------------------------------------


def test_a_seed_article_with_its_date_on_the_first_line_of_text():
    seed = Path(str(files("warlog") / "examples" / "000_29a27ad1a1ddff2e.txt"))
    assert seed.read_text(encoding="utf-8").startswith(" date 2023-11-12 The US Air Force")

    document = read_one(seed)

    assert document.doc_id == "000_29a27ad1a1ddff2e"
    assert document.published == day("2023-11-12")
    assert document.text.startswith(AIRSTRIKES)
    assert document.origin == str(seed)


def test_a_date_line_of_its_own(tmp_path: Path):
    document = read_one(write(tmp_path / "003_erbil.txt", f"date 2023-11-24\n{FOUR_ATTACKS}\n\n{ERBIL}\n"))

    assert document.published == day("2023-11-24")
    assert document.text == f"{FOUR_ATTACKS}\n\n{ERBIL}"


def test_a_header_of_key_value_lines_before_a_blank_line(tmp_path: Path):
    text = (
        "date: 2023-11-12\n"
        "title: US strikes pro-Iranian groups in Syria\n"
        "url: https://news.example/2023/11/12/us-strikes-syria\n"
        "source: Example News\n"
        "license: CC BY 4.0\n"
        f"\n{AIRSTRIKES}\n\n{TARGETS}\n"
    )

    document = read_one(write(tmp_path / "strikes.txt", text))

    assert document.published == day("2023-11-12")
    assert document.title == "US strikes pro-Iranian groups in Syria"
    assert document.url == "https://news.example/2023/11/12/us-strikes-syria"
    assert document.source == "Example News"
    assert document.text == f"{AIRSTRIKES}\n\n{TARGETS}"


def test_a_header_with_windows_line_endings(tmp_path: Path):
    path = tmp_path / "strikes.txt"
    path.write_bytes(f"date: 2023-11-12\r\ntitle: US strikes in Syria\r\n\r\n{AIRSTRIKES}\r\n".encode())

    document = read_one(path)

    assert (document.published, document.title) == (day("2023-11-12"), "US strikes in Syria")
    assert document.text == AIRSTRIKES


def test_a_header_date_written_out_in_words(tmp_path: Path):
    text = f"Published: 24 November 2023\nTitle: Drones launched at US forces\n\n{ERBIL}"

    document = read_one(write(tmp_path / "erbil.txt", text))

    assert document.published == day("2023-11-24")
    assert document.title == "Drones launched at US forces"
    assert document.text == ERBIL


def test_text_without_a_header_is_all_body(tmp_path: Path):
    document = read_one(write(tmp_path / "strikes.txt", f"{AIRSTRIKES}\n\n{TARGETS}\n"))

    assert document.published is None
    assert document.title is None
    assert document.text == f"{AIRSTRIKES}\n\n{TARGETS}"


def test_a_first_paragraph_that_only_starts_like_a_header_stays_in_the_text(tmp_path: Path):
    text = f"Title: US strikes in Syria\n{AIRSTRIKES}\n\n{TARGETS}"

    document = read_one(write(tmp_path / "strikes.txt", text))

    assert document.title is None
    assert document.text == text


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path: Path):
    path = tmp_path / "strikes.txt"
    path.write_bytes(b"\xef\xbb\xbf" + f"date: 2023-11-12\n\n{AIRSTRIKES}".encode())

    document = read_one(path)

    assert document.published == day("2023-11-12")
    assert document.text == AIRSTRIKES


# -- JSON Lines ------------------------------------------------------------------------


def test_json_lines_one_document_a_line_with_its_metadata(tmp_path: Path):
    path = write(
        tmp_path / "wire.jsonl",
        '{"text": "%s", "date": "2023-11-12", "title": "US strikes in Syria", '
        '"url": "https://news.example/strikes", "source": "Example News"}\n'
        "\n"
        '{"text": "%s", "published": "2023-11-24T09:30:00Z", "id": "erbil-drones"}\n'
        % (AIRSTRIKES, ERBIL),
    )

    strikes, drones = read(path)

    assert (strikes.doc_id, strikes.published, strikes.title, strikes.url, strikes.source) == (
        "wire-1",
        day("2023-11-12"),
        "US strikes in Syria",
        "https://news.example/strikes",
        "Example News",
    )
    assert strikes.text == AIRSTRIKES
    assert (drones.doc_id, drones.published, drones.text) == ("erbil-drones", day("2023-11-24"), ERBIL)
    assert strikes.origin == drones.origin == str(path)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "The US Air Force carried out', "malformed JSON"),
        ('["The US Air Force carried out two airstrikes"]', "line is not a JSON object"),
        ('{"title": "US strikes in Syria"}', 'no "text" string field'),
        ('{"text": "   "}', "empty text"),
        ('{"text": "%s", "date": "the day after"}' % AIRSTRIKES, "unreadable date"),
    ],
)
def test_a_bad_json_line_is_reported_with_its_number_and_the_others_are_read(
    tmp_path: Path, line: str, reason: str
):
    path = write(
        tmp_path / "wire.jsonl",
        f'{{"text": "{AIRSTRIKES}"}}\n{line}\n{{"text": "{ERBIL}"}}\n',
    )

    first, problem, third = read(path)

    assert isinstance(problem, IngestProblem)
    assert (problem.origin, problem.line) == (str(path), 2)
    assert reason in problem.reason
    assert str(problem).startswith(f"{path}:2: ")
    assert (first.text, third.text) == (AIRSTRIKES, ERBIL)
    assert (first.doc_id, third.doc_id) == ("wire-1", "wire-3")


# -- HTML ------------------------------------------------------------------------------


def test_an_html_page_gives_its_article_text_and_metadata(tmp_path: Path):
    document = read_one(write(tmp_path / "strikes.html", STRIKES_PAGE))

    assert AIRSTRIKES in document.text
    assert TARGETS in document.text
    assert "newsletter" not in document.text
    assert "Sport" not in document.text
    assert document.title == "US strikes pro-Iranian groups in Syria"
    assert document.published == day("2023-11-12")
    assert document.source == "Example News"
    assert document.doc_id == "strikes"


def test_a_page_url_is_fetched(httpserver: HTTPServer):
    httpserver.expect_request("/2023/11/24/erbil.html").respond_with_data(
        ERBIL_PAGE, content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for("/2023/11/24/erbil.html")

    document = read_one(url)

    assert ERBIL in document.text
    assert (document.url, document.origin, document.doc_id) == (url, url, "erbil")
    assert document.published == day("2023-11-24")


# -- feeds -----------------------------------------------------------------------------


@pytest.fixture
def pages(httpserver: HTTPServer) -> dict[str, str]:
    """Two article pages on loopback; their URLs by name."""
    httpserver.expect_request("/strikes").respond_with_data(STRIKES_PAGE, content_type="text/html")
    httpserver.expect_request("/erbil").respond_with_data(ERBIL_PAGE, content_type="text/html")
    return {"strikes": httpserver.url_for("/strikes"), "erbil": httpserver.url_for("/erbil")}


def test_an_rss_file_gives_a_document_per_entry_read_from_its_link(tmp_path: Path, pages):
    feed = rss(
        "Example News: World",
        ("US strikes in Syria", pages["strikes"], "Sun, 12 Nov 2023 08:00:00 GMT"),
        ("Drones launched at US forces near Erbil", pages["erbil"], "Fri, 24 Nov 2023 10:15:00 GMT"),
    )

    strikes, drones = read(write(tmp_path / "world.rss", feed))

    assert AIRSTRIKES in strikes.text and ERBIL in drones.text
    assert (strikes.doc_id, drones.doc_id) == ("world-1", "world-2")
    assert (strikes.title, strikes.published, strikes.url, strikes.origin, strikes.source) == (
        "US strikes in Syria",
        day("2023-11-12"),
        pages["strikes"],
        pages["strikes"],
        "Example News: World",
    )
    assert drones.published == day("2023-11-24")


def test_an_atom_file_whose_entries_carry_their_content(tmp_path: Path):
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        "<id>urn:uuid:60a76c80-d399-11d9-b91C-0003939e0af6</id><updated>2023-11-24T10:00:00Z</updated>"
        "<entry><title>Drones launched at US forces</title><id>urn:uuid:1</id>"
        "<updated>2023-11-24T10:00:00Z</updated>"
        f'<content type="html">&lt;p&gt;{ERBIL}&lt;/p&gt;&lt;p&gt;{TALLY_36_37}&lt;/p&gt;</content>'
        "</entry></feed>"
    )

    document = read_one(write(tmp_path / "wire.atom", feed))

    assert document.text == f"{ERBIL}{TALLY_36_37}"
    assert (document.title, document.published, document.source) == (
        "Drones launched at US forces",
        day("2023-11-24"),
        "Wire",
    )
    assert document.origin == f"{tmp_path / 'wire.atom'}#entry-1"


def test_an_rss_item_without_a_link_is_read_from_its_description(tmp_path: Path):
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>US strikes in Syria</title><guid isPermaLink=\"false\">wire-2023-11-12-0042</guid>"
        f"<description>{AIRSTRIKES}</description><pubDate>Sun, 12 Nov 2023 08:00:00 GMT</pubDate></item>"
        "</channel></rss>"
    )

    document = read_one(write(tmp_path / "wire.rss", feed))

    assert document.text == AIRSTRIKES
    assert (document.url, document.published) == (None, day("2023-11-12"))


def test_a_feed_url_is_fetched_and_so_are_its_entries(httpserver: HTTPServer, pages):
    feed = rss("Example News", ("US strikes in Syria", pages["strikes"], "Sun, 12 Nov 2023 08:00:00 GMT"))
    httpserver.expect_request("/feeds/world.xml").respond_with_data(
        feed, content_type="application/rss+xml"
    )

    document = read_one(httpserver.url_for("/feeds/world.xml"))

    assert AIRSTRIKES in document.text
    assert (document.doc_id, document.url) == ("world-1", pages["strikes"])


def test_a_feed_entry_whose_link_is_unreachable_is_reported_and_the_others_are_read(
    tmp_path: Path, pages
):
    feed = rss(
        "Example News",
        ("US strikes in Syria", UNREACHABLE, "Sun, 12 Nov 2023 08:00:00 GMT"),
        ("Drones launched at US forces", pages["erbil"], "Fri, 24 Nov 2023 10:15:00 GMT"),
    )

    problem, document = read(write(tmp_path / "world.xml", feed))

    assert isinstance(problem, IngestProblem)
    assert problem.origin == UNREACHABLE
    assert problem.reason.startswith("unreachable")
    assert ERBIL in document.text


# -- directories, globs, stdin ---------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of news in several formats, with things that are not news beside them."""
    root = tmp_path / "news"
    write(root / "2023-11" / "strikes.txt", AIRSTRIKES)
    write(root / "2023-11" / "late" / "erbil.txt", ERBIL)
    write(root / "wire.jsonl", f'{{"text": "{TARGETS}"}}\n')
    write(root / "page.html", page("Attacks on US forces", FOUR_ATTACKS, TALLY_36_37))
    write(root / "notes.md", "# reading list\n")
    write(root / ".drafts" / "draft.txt", "An unfinished draft about the strikes.")
    return root


def test_a_directory_is_read_recursively_and_only_news_files_in_it(tree: Path):
    documents = read(tree)

    assert [d.origin for d in documents] == [
        str(tree / "2023-11" / "late" / "erbil.txt"),
        str(tree / "2023-11" / "strikes.txt"),
        str(tree / "page.html"),
        str(tree / "wire.jsonl"),
    ]
    assert all(isinstance(d, Document) for d in documents)


def test_a_glob_names_the_files_it_matches(tree: Path):
    assert [d.text for d in read(f"{tree}/2023-11/*.txt")] == [AIRSTRIKES]
    assert [d.text for d in read(f"{tree}/**/*.txt")] == [ERBIL, AIRSTRIKES]


@pytest.mark.parametrize(
    ("data", "expected_text"),
    [
        (f"date 2023-11-12 {AIRSTRIKES}\n".encode(), AIRSTRIKES),
        (f'{{"text": "{ERBIL}", "date": "2023-11-12"}}\n'.encode(), ERBIL),
        (STRIKES_PAGE.encode(), AIRSTRIKES),
    ],
    ids=["text", "jsonl", "html"],
)
def test_stdin_is_read_as_text_json_lines_or_html(data: bytes, expected_text: str):
    with Reader(stdin=[data]) as reader:
        [document] = list(reader.read(["-"]))

    assert expected_text in document.text
    assert document.origin == "-"
    assert document.published == day("2023-11-12")


# -- bad input -------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"\n  \n\t\n", "empty file"),
        ("chart.txt", PNG, "binary file"),
        ("latin1.txt", "Le ministère de la Défense a confirmé.".encode("latin-1"), "invalid UTF-8 at byte 9"),
        ("headers-only.txt", b"title: US strikes in Syria\n\n", "empty text"),
        ("no-article.html", b"<html><head><title>Live</title></head><body></body></html>", "no article text"),
        ("not-a-feed.xml", b"<?xml version='1.0'?><catalog><book/></catalog>", "not an RSS/Atom feed"),
        ("report.pdf", b"%PDF-1.7 ...", "unsupported file type '.pdf'"),
    ],
)
def test_a_bad_file_is_reported_on_one_line_and_the_batch_goes_on(
    tmp_path: Path, name: str, content: bytes, reason: str
):
    before = write(tmp_path / "a.txt", AIRSTRIKES)
    bad = tmp_path / name
    bad.write_bytes(content)
    after = write(tmp_path / "z.txt", ERBIL)

    first, problem, last = read(before, bad, after)

    assert isinstance(problem, IngestProblem), problem
    assert problem.origin == str(bad)
    assert reason in problem.reason
    assert "\n" not in str(problem)
    assert str(problem).startswith(f"{bad}: ")
    assert (first.text, last.text) == (AIRSTRIKES, ERBIL)


def test_a_file_over_the_size_limit_is_refused_and_smaller_ones_are_read(tmp_path: Path):
    small = write(tmp_path / "small.txt", AIRSTRIKES)
    large = write(tmp_path / "large.txt", "\n\n".join([AIRSTRIKES, TARGETS, ERBIL]))
    limits = IngestLimits(max_bytes=len(AIRSTRIKES) + 10)

    document, problem = read(small, large, limits=limits)

    assert document.text == AIRSTRIKES
    assert problem.origin == str(large)
    size = large.stat().st_size
    assert problem.reason == f"{size:,} bytes, over the limit of {limits.max_bytes:,} (--max-bytes)"


def test_stdin_over_the_size_limit_is_refused():
    with Reader(IngestLimits(max_bytes=50), stdin=[AIRSTRIKES.encode()]) as reader:
        [problem] = list(reader.read(["-"]))

    assert isinstance(problem, IngestProblem)
    assert problem.origin == "-"
    assert "over the limit of 50" in problem.reason


def test_a_missing_file_is_reported(tmp_path: Path):
    [problem] = read(tmp_path / "missing.txt")

    assert problem.reason == "no such file or directory"


def test_an_unreachable_url_is_reported(tmp_path: Path):
    [problem] = read(UNREACHABLE)

    assert isinstance(problem, IngestProblem)
    assert problem.origin == UNREACHABLE
    assert problem.reason.startswith("unreachable (ConnectError")
    assert "\n" not in str(problem)


def test_an_http_error_is_reported(httpserver: HTTPServer):
    httpserver.expect_request("/gone").respond_with_data("Not here", status=404)

    [problem] = read(httpserver.url_for("/gone"))

    assert problem.reason == "HTTP 404 NOT FOUND"


def test_a_page_over_the_size_limit_is_refused(httpserver: HTTPServer):
    httpserver.expect_request("/strikes").respond_with_data(STRIKES_PAGE, content_type="text/html")

    [problem] = read(httpserver.url_for("/strikes"), limits=IngestLimits(max_bytes=200))

    assert "(--max-bytes)" in problem.reason
