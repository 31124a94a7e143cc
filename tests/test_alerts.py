"""Alerts over real text: the project's extractor reads short reports of the Camp Taji attack, the
store links them, and the alerts fire to a local webhook receiver (pytest-httpserver) and a
local SMTP server (aiosmtpd). Each firing must come exactly once per change that matters, be
signed over its exact bytes, carry the HTTP API's incident detail, and be retried and logged
when the receiver fails. Saved filters are Atom feeds too, read back with feedparser.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import socket
import time
import warnings
from email import message_from_bytes
from email.message import Message
from email.policy import default as email_policy
from pathlib import Path

import feedparser
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from warlog import alerts
from warlog.cli import app
from warlog.deliver import SIGNATURE_HEADER, Retry, smtp_server
from warlog.ingest import Reader
from warlog.link import relink
from warlog.pipeline import Pipeline
from warlog.serve import create_app
from warlog.store import Store

HOSTILE = Path(__file__).parent / "data" / "hostile.txt"
#: two independent reports of one attack, and a wire copy of the second (not a new source)
DOD = (
    "date 2020-03-12\n\nAn Iranian-backed Shia militia group in Iraq launched a rocket attack against Camp Taji "
    "yesterday, DOD officials said today. Defense Secretary Mark Esper said officials in Iraq know who launched "
    "the attack.\n"
)
WIKI = (
    "date 2020-03-14\n\nOn 11 March 2020, 29 rockets impacted Camp Taji, killing two Americans and one British "
    "soldier, the coalition said.\n"
)
WIKI_COPY = (
    "date 2020-03-15\n\nBAGHDAD (Example Wire) — On 11 March 2020, 29 rockets impacted Camp Taji, killing two "
    "Americans and one British soldier, the coalition said.\n"
)
SECRET = "taji-secret"
#: fast back-off, so that a failing receiver is retried within the test
QUICK = Retry(attempts=3, per_run=2, first_delay=0.01, factor=2.0, timeout=5.0)


@pytest.fixture
def news(tmp_path: Path) -> dict[str, Path]:
    """The reports as files: named so that the later report sorts first, and re-linking renames the incident."""
    folder = tmp_path / "news"
    folder.mkdir()
    files = {"wiki": "b_wiki.txt", "dod": "a_dod.txt", "copy": "c_copy.txt"}
    for name, text in (("wiki", WIKI), ("dod", DOD), ("copy", WIKI_COPY)):
        (folder / files[name]).write_text(text, encoding="utf-8")
    return {name: folder / file for name, file in files.items()}


def ingest(store: Store, extractor, *paths: Path) -> None:
    """What `warlog ingest` does: extract, store, link."""
    with Reader() as reader:
        Pipeline(store, extractor).ingest(reader.read([str(path) for path in paths]))
    relink(store)


def taji_alert(hook: str | None = None, email: str | None = None, **filters) -> alerts.Alert:
    filters = {"country": ["IQ"], "type": ["Shelling/artillery/missile attack"], **filters}
    return alerts.new_alert("taji", webhook=hook, secret=SECRET if hook else None, email=email, **filters)


def received(server: HTTPServer) -> list[dict]:
    """The deliveries the receiver answered with a 2xx, each checked against its signature."""
    found = []
    for request, response in server.log:
        body = request.get_data()
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(request.headers[SIGNATURE_HEADER], expected)
        assert request.headers["Content-Type"] == "application/json"
        if response.status_code < 300:
            found.append(json.loads(body))
    return found


# -- firing once per change ----------------------------------------------------------------


def test_an_alert_fires_once_per_change_that_matters(store: Store, extractor, news, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_data("thanks")
    alerts.add(store, taji_alert(httpserver.url_for("/hook")))
    syria = alerts.new_alert("syria", country=["SY"], webhook=httpserver.url_for("/hook"), secret=SECRET)
    alerts.add(store, syria)

    ingest(store, extractor, news["wiki"])
    report = alerts.run(store, retry=QUICK)
    [first] = received(httpserver)
    assert (report.fired, report.delivered) == (1, 1)
    assert (first["alert"], first["kind"], first["reasons"]) == ("taji", "incident", ["a new incident"])
    assert (first["incident"]["location"], first["incident"]["sources"]) == ("Camp Taji", 1)
    with TestClient(create_app(store.url)) as api:  # the HTTP API's detail, as it stood then
        assert first["incident"] == api.get(f"/api/incidents/{first['incident']['id']}").json()

    ingest(store, extractor, news["dod"])  # a second, independent report of the same attack
    alerts.run(store, retry=QUICK)
    [_, second] = received(httpserver)
    assert second["reasons"] == ["a new independent source (1 → 2)", "grade single → multiple"]
    assert second["incident"]["id"] != first["incident"]["id"]  # re-linking renamed it: still the same incident
    assert {r["doc_id"] for r in second["incident"]["reports"]} == {"a_dod", "b_wiki"}

    assert alerts.run(store, retry=QUICK).fired == 0  # nothing new: nothing sent
    ingest(store, extractor, news["copy"])  # a wire copy: another document, not another source
    assert store.counts()["documents"] == 3
    assert alerts.run(store, retry=QUICK).fired == 0
    assert len(received(httpserver)) == 2
    assert [(d["alert"], d["status"], [t["detail"] for t in d["tries"]]) for d in alerts.log(store)] == [
        ("taji", "delivered", ["HTTP 200"]),
        ("taji", "delivered", ["HTTP 200"]),
    ]


def test_what_an_alert_matches_when_saved_is_remembered_not_sent(store: Store, extractor, news,
                                                                 httpserver: HTTPServer) -> None:  # fmt: skip
    httpserver.expect_request("/hook", method="POST").respond_with_data("thanks")
    ingest(store, extractor, news["wiki"])
    alerts.add(store, taji_alert(httpserver.url_for("/hook")))
    assert alerts.run(store, retry=QUICK).fired == 0
    ingest(store, extractor, news["dod"])
    alerts.run(store, retry=QUICK)
    [delivered] = received(httpserver)
    assert delivered["reasons"][0] == "a new independent source (1 → 2)"


def test_the_fewest_fatalities_filter_the_incidents_an_alert_fires_for(store: Store, extractor, news,
                                                                       httpserver: HTTPServer) -> None:  # fmt: skip
    httpserver.expect_request("/hook", method="POST").respond_with_data("thanks")
    alerts.add(store, taji_alert(httpserver.url_for("/hook"), min_fatalities=1))
    ingest(store, extractor, news["dod"])  # no one reported killed yet
    assert alerts.run(store, retry=QUICK).fired == 0
    ingest(store, extractor, news["wiki"])  # three killed: now it matches, and is new to the alert
    alerts.run(store, retry=QUICK)
    [delivered] = received(httpserver)
    assert delivered["reasons"] == ["a new incident"] and delivered["incident"]["fatalities"] == 3


# -- deliveries that fail ------------------------------------------------------------------


def test_a_failing_receiver_is_retried_with_back_off_and_each_attempt_logged(
    tmp_path: Path, extractor, news, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/down", method="POST").respond_with_data("busy", status=503)
    with Store(str(tmp_path / "w.db")) as store:
        alerts.add(store, taji_alert(httpserver.url_for("/down")))
        ingest(store, extractor, news["wiki"])

        first = alerts.run(store, retry=QUICK)
        assert (first.fired, first.delivered, first.retrying, first.failed) == (1, 0, 1, 0)
        [delivery] = alerts.log(store)
        assert (delivery["status"], [t["detail"] for t in delivery["tries"]]) == ("pending", ["HTTP 503", "HTTP 503"])

        deadline = time.monotonic() + 5  # the next try is due after the back-off (0.02 s)
        while (second := alerts.run(store, retry=QUICK)).failed == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert (second.fired, second.failed) == (0, 1)
        [delivery] = alerts.log(store)
        assert (delivery["status"], delivery["attempts"]) == ("failed", 3)
        assert [t["ok"] for t in delivery["tries"]] == [False, False, False]
        assert alerts.run(store, retry=QUICK).failed == 0  # given up: not tried again
    assert len(httpserver.log) == 3


def test_a_receiver_that_recovers_gets_the_delivery_once(tmp_path: Path, extractor, news,
                                                        httpserver: HTTPServer) -> None:  # fmt: skip
    answers = iter([503, 502, 200, 200])

    def flaky(request: Request) -> Response:
        return Response("", status=next(answers))

    httpserver.expect_request("/flaky", method="POST").respond_with_handler(flaky)
    with Store(str(tmp_path / "w.db")) as store:
        alerts.add(store, taji_alert(httpserver.url_for("/flaky")))
        ingest(store, extractor, news["wiki"])
        report = alerts.run(store, retry=Retry(attempts=5, per_run=3, first_delay=0.01))
        assert (report.delivered, report.failed) == (1, 0)
        [delivery] = alerts.log(store)
        assert [t["detail"] for t in delivery["tries"]] == ["HTTP 503", "HTTP 502", "HTTP 200"]
        assert delivery["status"] == "delivered"
    bodies = [request.get_data() for request, _ in httpserver.log]
    assert len(bodies) == 3 and len(set(bodies)) == 1  # the same bytes, signed the same, each time


# -- e-mail --------------------------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=email_policy)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp() -> tuple[Inbox, str]:
    """A local SMTP server that asks for a login; its URL as a user configures it."""
    inbox = Inbox()

    def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"alerts", b"p@ss word"))

    port = free_port()
    warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")  # a local server, for the test only
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticate,
                            auth_required=True, auth_require_tls=False)  # fmt: skip
    controller.start()
    try:
        yield inbox, f"smtp://alerts:p%40ss%20word@127.0.0.1:{port}?from=warlog@example.org"
    finally:
        controller.stop()


def test_an_alert_mails_plain_text_through_an_smtp_url(tmp_path: Path, extractor, smtp) -> None:
    inbox, url = smtp
    with Store(str(tmp_path / "w.db")) as store:
        alerts.add(store, alerts.new_alert("asad", country=["IQ"], email="analyst@example.org"))
        ingest(store, extractor, HOSTILE)  # markup and scripts in the article
        report = alerts.run(store, smtp=url, retry=QUICK)
        assert (report.fired, report.delivered) == (1, 1)
    [(to, message)] = inbox.messages
    assert to == ["analyst@example.org"] and message["From"] == "warlog@example.org"
    assert message["Subject"].strip().startswith("warlog alert asad: Air/drone strike in ")  # (a long one is folded)
    assert message.get_content_type() == "text/plain" and not message.is_multipart()
    text = message.get_content()
    assert "Al-Asad" in text and "a new incident" in text
    assert '<script>window.__xss = "body"</script>' in text  # the article's words, as words: no HTML to run


def test_a_mail_without_a_server_or_with_none_listening_is_logged(tmp_path: Path, extractor) -> None:
    once = Retry(attempts=2, per_run=1, first_delay=0.0)
    with Store(str(tmp_path / "w.db")) as store:
        alerts.add(store, alerts.new_alert("asad", country=["IQ"], email="analyst@example.org"))
        ingest(store, extractor, HOSTILE)
        alerts.run(store, smtp="", retry=once)
        alerts.run(store, smtp=f"smtp://alerts:secret@127.0.0.1:{free_port()}", retry=once)  # nothing listens there
        [delivery] = alerts.log(store)
    first, second = (t["detail"] for t in delivery["tries"])
    assert first.startswith("no SMTP server: set $WARLOG_SMTP")
    assert second.startswith("ConnectionRefusedError") and "secret" not in second
    assert delivery["status"] == "failed"


def test_smtp_urls_are_read_or_refused_with_the_reason() -> None:
    server = smtp_server("smtp+starttls://me%40mail:s%3Acret@mail.example.org?from=alerts@example.org")
    assert (server.host, server.port, server.security, server.user, server.password, server.sender) == (
        "mail.example.org", 587, "starttls", "me@mail", "s:cret", "alerts@example.org"
    )  # fmt: skip
    assert smtp_server("smtps://mail.example.org").port == 465
    with pytest.raises(ValueError, match="must start smtp://"):
        smtp_server("http://mail.example.org")
    with pytest.raises(ValueError, match="names no host"):
        smtp_server("smtp://")


# -- official counts -----------------------------------------------------------------------


def test_an_alert_fires_when_an_official_count_it_fits_rises(store: Store, extractor, httpserver: HTTPServer) -> None:
    from importlib.resources import files

    examples = sorted(Path(str(files("warlog") / "examples")).glob("*.txt"))
    httpserver.expect_request("/hook", method="POST").respond_with_data("thanks")
    alerts.add(store, alerts.new_alert("syria", country=["SY"], webhook=httpserver.url_for("/hook"), secret=SECRET))
    alerts.add(store, alerts.new_alert("nigeria", country=["NG"]))  # fits no series: its log stays empty
    ingest(store, extractor, examples[0])  # 9 November: 46 attacks in Iraq and Syria
    alerts.run(store, retry=QUICK)
    first = received(httpserver)
    counted = {d["series"]["name"]: d["reasons"] for d in first if d["kind"] == "series"}
    assert counted["attacks on United States military in IQ and SY"] == ["a new official count: 46 on 2023-11-09"]

    ingest(store, extractor, examples[1])  # 23 November: 36 in Iraq and 37 in Syria, 73 together
    alerts.run(store, retry=QUICK)
    later = [d for d in received(httpserver)[len(first):] if d["kind"] == "series"]
    rises = {d["series"]["name"]: d["reasons"] for d in later}
    assert rises["attacks on United States military in IQ and SY"] == ["rises from 46 to 73 on 2023-11-23"]
    assert rises["attacks on United States military in SY"] == ["a new official count: 37 on 2023-11-23"]
    assert "attacks on United States military in IQ" not in rises  # Iraq alone does not fit an alert on Syria
    [summed] = [e for d in later for e in d["series"]["entries"] if e["sum"]]
    assert [part["count"] for part in summed["parts"]] == [36, 37]
    assert not [d for d in alerts.log(store) if d["alert"] == "nigeria"]

    sent = len(httpserver.log)
    assert alerts.run(store, retry=QUICK).fired == 0  # the counts stand where they were told
    assert len(httpserver.log) == sent


# -- Atom ----------------------------------------------------------------------------------


def test_an_alert_is_an_atom_feed_of_only_what_it_matches(tmp_path: Path, extractor, news) -> None:
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        ingest(store, extractor, news["wiki"], news["dod"], HOSTILE)
        alerts.add(store, taji_alert())
        alerts.add(store, alerts.new_alert("asad", q="Asad"))
        alerts.add(store, alerts.new_alert("syria", country=["SY"]))
        everything = alerts.matching(store, alerts.new_alert("all"))
    assert len(everything) == 2
    with TestClient(create_app(db)) as api:
        answers = {name: api.get(f"/api/alerts/{name}.atom") for name in ("taji", "asad", "syria")}
        missing = api.get("/api/alerts/nothing.atom")
        bad = api.get("/api/alerts/no%20such.atom")
    for answer in answers.values():
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/atom+xml")
    feeds = {name: feedparser.parse(answer.content) for name, answer in answers.items()}
    for name, feed in feeds.items():
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == "atom10" and feed.feed.title == f"warlog alert {name}"
    [taji] = feeds["taji"].entries
    assert taji.title == "Shelling/artillery/missile attack in Camp Taji, IQ, 2020-03-11"
    assert "killed: 3" in taji.summary and "2 independent sources" in taji.summary
    [asad] = feeds["asad"].entries
    assert asad.title == "Air/drone strike in Ain al-Asad air base, IQ, 2023-11-20"
    assert {taji.link, asad.link} == {f"http://testserver/api/incidents/{row['id']}" for row in everything}
    assert feeds["syria"].entries == []
    # the article's markup is text in the feed: escaped in the XML, never an element
    raw = answers["asad"].text
    assert "<script" not in raw and "&lt;script&gt;window.__xss" in raw
    assert '<script>window.__xss = "body"</script>' in asad.content[0].value
    assert missing.status_code == 404 and missing.json() == {"error": "no alert 'nothing'"}
    assert bad.status_code == 422


# -- the command line ----------------------------------------------------------------------


def test_alerts_are_added_listed_and_removed_from_the_command_line(tmp_path: Path, one_extractor, news,
                                                                   httpserver: HTTPServer) -> None:  # fmt: skip
    httpserver.expect_request("/hook", method="POST").respond_with_data("thanks")
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    added = runner.invoke(app, ["alerts", "add", "taji", "--country", "IQ", "--type",
                                "Shelling/artillery/missile attack", "--min-fatalities", "1",
                                "--webhook", httpserver.url_for("/hook"), "--db", db])  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "webhook secret" in added.stdout and "/api/alerts/taji.atom" in added.stdout
    ingested = runner.invoke(app, ["ingest", str(news["wiki"]), "--db", db])  # runs the alerts after linking
    assert ingested.exit_code == 0, ingested.output
    assert "alerts: 1 fired, 1 delivered" in ingested.stderr
    assert len(httpserver.log) == 1

    listed = runner.invoke(app, ["alerts", "--db", db, "--format", "json"])
    shown = json.loads(listed.stdout)
    assert [a["name"] for a in shown["alerts"]] == ["taji"]
    assert shown["alerts"][0]["filters"]["min_fatalities"] == 1 and "secret" not in shown["alerts"][0]
    assert [(d["status"], d["tries"][0]["detail"]) for d in shown["deliveries"]] == [("delivered", "HTTP 200")]
    table = runner.invoke(app, ["alerts", "--db", db])
    assert "taji" in table.stdout and "HTTP 200" in table.stdout

    again = runner.invoke(app, ["alerts", "add", "taji", "--db", db])
    assert again.exit_code == 2 and "an alert named 'taji' exists" in again.stderr
    bad = runner.invoke(app, ["alerts", "add", "x", "--type", "Picnic", "--db", db])
    assert bad.exit_code == 2 and "type: not an ACLED event type or sub-event type: 'Picnic'" in bad.stderr
    assert runner.invoke(app, ["alerts", "remove", "taji", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["alerts", "remove", "taji", "--db", db]).exit_code == 2
    assert json.loads(runner.invoke(app, ["alerts", "--db", db, "--format", "json"]).stdout) == {
        "alerts": [], "deliveries": []
    }  # fmt: skip


def test_warlog_link_runs_the_alerts_for_what_it_links(tmp_path: Path, one_extractor, news,
                                                       httpserver: HTTPServer) -> None:  # fmt: skip
    httpserver.expect_request("/hook", method="POST").respond_with_data("thanks")
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    assert runner.invoke(app, ["alerts", "add", "iraq", "--country", "IQ", "--webhook", httpserver.url_for("/hook"),
                               "--secret", SECRET, "--db", db]).exit_code == 0  # fmt: skip
    stored = runner.invoke(app, ["ingest", str(news["wiki"]), "--no-link", "--db", db])
    assert stored.exit_code == 0 and len(httpserver.log) == 0  # nothing linked, nothing to tell
    linked = runner.invoke(app, ["link", "--db", db])
    assert linked.exit_code == 0, linked.output
    assert "fired" in linked.stderr and len(httpserver.log) >= 1
    assert received(httpserver)[0]["alert"] == "iraq"


def test_new_alerts_refuse_bad_options_naming_them() -> None:
    for options, message in (
        ({"name": "no spaces"}, "name: letters, digits"),
        ({"name": "x", "country": ["Iraq"]}, "country: not an ISO 3166-1 alpha-2 code"),
        ({"name": "x", "grade": ["sure"]}, "grade: not one of"),
        ({"name": "x", "webhook": "ftp://example.org"}, "webhook: not an http:// or https:// URL"),
        ({"name": "x", "secret": "s"}, "secret: signs a webhook's deliveries"),
        ({"name": "x", "email": "nobody"}, "email: not an address"),
        ({"name": "x", "min_fatalities": -1}, "min-fatalities: not a number of people"),
    ):
        with pytest.raises(ValueError, match=message):
            alerts.new_alert(**options)


def test_what_matters_in_an_incident_and_what_does_not() -> None:
    told = {"sources": 2, "grade": "multiple", "fatalities": 3}
    assert alerts.changes(None, told) == ["a new incident"]
    assert alerts.changes(told, dict(told)) == []
    assert alerts.changes(told, {**told, "sources": 1, "grade": "multiple"}) == []  # a source fewer is no news
    assert alerts.changes(told, {**told, "fatalities": None}) == ["fatalities revised (3 → unknown)"]
    assert alerts.changes(told, {**told, "grade": "contested"}) == ["grade multiple → contested"]


def test_a_signature_is_the_hmac_of_the_exact_body() -> None:
    from warlog.deliver import signature

    body = json.dumps({"alert": "taji", "when": dt.date(2020, 3, 11).isoformat()}).encode()
    assert signature(SECRET, body) == "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert signature(SECRET, body + b" ") != signature(SECRET, body)
