"""The dashboard in a real browser (Debian's chromium, driven by Playwright) over the demo database.

Screenshots go to ``test-artifacts/screenshots/``; the live dashboard's also to ``docs/``. Without
chromium at /usr/bin/chromium these tests are skipped (``.ci/run`` installs it with apt).
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from warlog.link import relink
from warlog.model import Document
from warlog.pipeline import Pipeline
from warlog.serve import create_app
from warlog.serve.live import Server, server
from warlog.store import Store

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent.parent / "test-artifacts" / "screenshots"
DOCS = Path(__file__).parent.parent / "docs"
#: two reports that reach the dashboard while it is open, each with an attack and a running count
LIVE_REPORTS = [
    Document(
        doc_id="live_bukamal",
        text="A drone struck a weapons depot of pro-Iranian militias near Al-Bukamal in eastern Syria on "
        "November 16, killing three fighters, the Syrian Observatory for Human Rights said.\n\n"
        "On November 16, Pentagon Deputy Press Secretary Sabrina Singh said that US forces in Iraq and "
        "Syria have been attacked 58 times since October 17.",
        published=dt.date(2023, 11, 17),
        title="Drone strike near Al-Bukamal",
        source="Live test wire",
    ),
    Document(
        doc_id="live_tanf",
        text="Rockets were fired at US forces at the Al-Tanf garrison in southern Syria on November 20, "
        "a US official said.\n\n"
        "On November 21, Pentagon Deputy Press Secretary Sabrina Singh said that US forces in Iraq and "
        "Syria have been attacked 66 times since October 17.",
        published=dt.date(2023, 11, 21),
        title="Rockets at Al-Tanf",
        source="Live test wire",
    ),
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium (apt install chromium)"
)


@contextmanager
def serving(running: Server) -> Iterator[str]:
    """A uvicorn server on a free port, in a thread; its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        running.config.port = sock.getsockname()[1]
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{running.config.port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def dashboard(demo_db: str) -> Iterator[str]:
    """The app served as ``warlog serve`` serves it, for the length of the module."""
    app = create_app(demo_db)
    with serving(server(app, app.state.feed, "127.0.0.1", 0)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-background-networking"]
        )
        yield launched
        launched.close()


@contextmanager
def opened_page(browser, url: str) -> Iterator:
    """A fresh page on the dashboard at ``url``; it fails if the page logged an error or a CSP violation."""
    opened = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    opened.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    opened.goto(url + "/")
    opened.wait_for_selector("#incidents tbody tr[data-id]")
    yield opened
    opened.close()
    assert problems == []


@pytest.fixture
def page(browser, dashboard: str) -> Iterator:
    with opened_page(browser, dashboard) as opened:
        yield opened


def shoot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def shown_count(page) -> int:
    return int(re.search(r"\d+", page.inner_text("#count")).group())


def test_the_map_draws_the_demo_incidents_on_offline_borders(page) -> None:
    page.wait_for_selector(".incident-marker, .cluster-marker")
    singles = page.locator("path.incident-marker").count()
    clusters = [int(re.search(r"\d+", text).group()) for text in page.locator(".cluster-marker").all_inner_texts()]
    table_total = shown_count(page)
    assert singles + len(clusters) > 0
    assert singles + sum(clusters) <= table_total  # every placed incident once, none twice
    painted = page.locator("#map canvas").first.evaluate(
        """canvas => {
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let drawn = 0;
            for (let alpha = 3; alpha < pixels.length; alpha += 4) if (pixels[alpha]) drawn++;
            return drawn;
        }"""
    )
    assert painted > 10_000  # the country borders, drawn on a canvas from the bundled TopoJSON
    assert page.locator("#timeline rect.bar").count() > 0
    assert page.locator("#ledger circle.official").count() > 0
    assert shoot(page, "dashboard").stat().st_size > 10_000


def test_brushing_the_timeline_filters_the_table_and_the_map(page) -> None:
    before = shown_count(page)
    overlay = page.locator("#timeline .brush .overlay").bounding_box()
    y = overlay["y"] + overlay["height"] / 2
    page.mouse.move(overlay["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(overlay["x"] + overlay["width"] * 0.3, y, steps=5)
    page.mouse.up()
    expect(page.locator("input[name=since]")).not_to_have_value("")
    since, until = page.input_value("input[name=since]"), page.input_value("input[name=until]")
    expect(page.locator("#count")).not_to_have_text(re.compile(rf"^{before} "))
    after = shown_count(page)
    assert 0 < after < before
    dates = page.locator("#incidents tbody tr[data-id] td:first-child").all_inner_texts()
    assert dates and all(since <= date <= until for date in dates)
    page.wait_for_timeout(300)  # the map refetches with the same filters
    markers = page.locator("path.incident-marker").count()
    clusters = [int(re.search(r"\d+", t).group()) for t in page.locator(".cluster-marker").all_inner_texts()]
    assert markers + sum(clusters) <= after
    shoot(page, "timeline-brushed")


def test_clicking_an_incident_opens_its_evidence_highlighted_in_place(page) -> None:
    page.locator("#incidents tbody tr[data-id]").first.click()
    page.wait_for_selector("#detail mark.field")
    assert page.locator("#incidents tbody tr.selected").count() == 1
    fields = set(page.locator("#detail mark.field").evaluate_all("marks => marks.map(m => m.dataset.field)"))
    assert any(name in " ".join(fields) for name in ("date", "location", "actor1", "actor2"))
    sentence = page.locator("#detail mark.field").first.evaluate("m => m.parentElement.textContent")
    assert len(sentence) > len(page.locator("#detail mark.field").first.inner_text())  # marked inside its sentence
    shoot(page, "incident-detail")


def test_the_whole_report_opens_with_each_event_and_field_marked(page) -> None:
    page.locator("#incidents tbody tr[data-id]").first.click()
    page.locator("#detail button.read-document").first.click()
    page.wait_for_selector("#document .event-span.current")
    assert page.locator("#document .event-span").count() >= 1
    assert page.locator("#document .event-span.current mark.field").count() >= 1
    other = page.locator("#document .event-span:not(.current)[data-incident]")
    if other.count():  # another event of the same report opens its own incident
        incident = other.first.get_attribute("data-incident")
        other.first.click()
        expect(page.locator(f"#incidents tbody tr.selected[data-id='{incident}']")).to_have_count(1)
    shoot(page, "whole-report")


def test_clicking_a_marker_opens_that_incident(page) -> None:
    page.wait_for_selector("path.incident-marker")
    page.locator("path.incident-marker").first.dispatch_event("click")
    page.wait_for_selector("#detail mark.field")
    assert page.locator("#detail").inner_text().strip()


def test_article_markup_is_shown_as_text_and_never_runs(page) -> None:
    page.fill("input[name=q]", "wounding soldiers")
    expect(page.locator("#incidents tbody tr[data-id]")).to_have_count(1)
    page.locator("#incidents tbody tr[data-id]").first.click()
    page.wait_for_selector("#detail mark.field")
    detail = page.inner_text("#detail")
    assert '<script>window.__xss = "body"</script>' in detail
    assert "onerror=" in detail
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#detail script, #detail img, #detail b").count() == 0
    assert page.locator("body script:not([src])").count() == 0
    shoot(page, "hostile-article")
    page.locator("#detail button.read-document").first.click()
    page.wait_for_selector("#document .event-span")
    document = page.inner_text("#document")
    assert '<script>window.__xss = "body"</script>' in document and "onmouseover=" in document
    assert page.locator("#document script, #document img, #document b").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"


def assert_ledger_draws(page, tallies: dict) -> None:
    """One line per series, a point per dated figure, each point saying its figure, day, words and what is held."""
    series = tallies["series"]
    groups = page.locator("#ledger g.series")
    expect(groups).to_have_count(len(series))
    for index, drawn in enumerate(series):
        group = groups.nth(index)
        assert group.get_attribute("data-series") == drawn["name"]
        dated = [e for e in drawn["entries"] if e["as_of"] and e["count"] is not None]
        figures = sorted(dated, key=lambda e: e["as_of"])
        [path] = group.locator("path.line.official").all()
        assert len(re.findall(r"[ML]", path.get_attribute("d") or "")) == len(figures)  # a vertex per figure
        titles = group.locator("circle.official title").all_text_contents()
        labels = group.locator("text.figure").all_text_contents()
        assert len(titles) == len(labels) == len(figures)
        for figure, title, label in zip(figures, titles, labels):
            assert f"{figure['count']} as of {figure['as_of']}" in title and str(figure["count"]) in label
            assert f"“{figure['evidence']}”" in title
            assert figure["held"] is None or f"warlog holds {figure['held']}" in title


def test_the_ledger_draws_each_series_as_a_line_with_a_point_per_figure(page, dashboard: str) -> None:
    tallies = httpx.get(dashboard + "/api/tallies", timeout=10).json()
    assert len(tallies["series"]) > 1
    assert_ledger_draws(page, tallies)


@pytest.fixture
def live_store(demo_db: str, tmp_path: Path) -> str:
    """A copy of the demo database, for a test that adds to it."""
    path = tmp_path / "live.db"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    return str(path)


def ingest_and_link(db: str, extractor, document: Document) -> str:
    """What ``warlog ingest`` does in another process: extract, store, link; the new report's incident."""
    with Store(db) as store:
        report = Pipeline(store, extractor).ingest([document])
        assert report.stored == 1, report
        relink(store)
        return next(e.incident for e in store.events() if e.doc_id == document.doc_id)


def test_an_open_dashboard_shows_a_new_incident_when_asked_without_reloading(
    browser, live_store: str, extractor
) -> None:
    app = create_app(live_store, poll_seconds=0.2)
    running = server(app, app.state.feed, "127.0.0.1", 0)
    with serving(running) as url, opened_page(browser, url) as page:
        before = shown_count(page)
        page.evaluate("window.__sameDocument = 'kept'")
        expect(page.locator("#live")).to_be_hidden()

        added = ingest_and_link(live_store, extractor, LIVE_REPORTS[0])
        expect(page.locator("#live")).to_have_text("1 new", timeout=10_000)
        assert page.locator(f"#incidents tbody tr[data-id='{added}']").count() == 0  # not until asked
        with (
            page.expect_response(re.compile(r"/api/map\b")),
            page.expect_response(re.compile(r"/api/stats\b")),
            page.expect_response(re.compile(r"/api/tallies\b")),
        ):
            page.locator("#live").click()
        expect(page.locator(f"#incidents tbody tr.fresh[data-id='{added}']")).to_have_count(1)
        expect(page.locator("#live")).to_be_hidden()
        assert shown_count(page) == before + 1
        assert page.evaluate("window.__sameDocument") == "kept"  # the same document: no reload
        assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
        tallies = httpx.get(url + "/api/tallies", timeout=10).json()
        assert max(len(s["entries"]) for s in tallies["series"]) > 1  # the new count extends a series
        assert_ledger_draws(page, tallies)

        ingest_and_link(live_store, extractor, LIVE_REPORTS[1])
        expect(page.locator("#live")).to_have_text("1 new", timeout=10_000)
        page.screenshot(path=str(DOCS / "dashboard-live.png"), full_page=True)
        shoot(page, "dashboard-live")
