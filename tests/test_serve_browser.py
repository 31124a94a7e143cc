"""The dashboard in a real browser (Debian's chromium, driven by Playwright) over the demo database.

Screenshots go to ``test-artifacts/screenshots/``. Without chromium at /usr/bin/chromium
these tests are skipped (``.ci/run`` installs it with apt).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import expect, sync_playwright

from warlog.serve import create_app

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent.parent / "test-artifacts" / "screenshots"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium (apt install chromium)"
)


@pytest.fixture(scope="module")
def dashboard(demo_db: str) -> Iterator[str]:
    """The app served by uvicorn on a free port, in a thread, for the length of the module."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(demo_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-background-networking"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, dashboard: str) -> Iterator:
    """A fresh page on the dashboard; it fails the test if the page logged an error or a CSP violation."""
    opened = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    opened.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    opened.goto(dashboard + "/")
    opened.wait_for_selector("#incidents tbody tr[data-id]")
    yield opened
    opened.close()
    assert problems == []


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
