"""Alerts: saved filters of incidents that tell someone when what they follow happens.

An alert fires once when an incident it matches appears, and once more each time that
incident changes in a way that matters: a new independent source, another grade, its
fatalities revised. What it last told of each incident is kept, so it never fires twice for
one state, nor for a change that does not matter (a near-copy of a story already held); an
incident is recognised by its event mentions when re-linking gives it another id. An alert
also fires when an official count it fits (a series of the tally ledger) rises.

Each firing is queued in the store in the same transaction that remembers it, then
delivered (:mod:`warlog.deliver`): a webhook or an e-mail is neither lost nor sent twice
if the process dies in between. :func:`run` is what follows each linking (``warlog ingest``,
``warlog watch``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from warlog.deliver import Retry, deliver_due
from warlog.knowledge import load_vocabulary
from warlog.ledger import ATTACK_TYPES, Series, ledger, series_record
from warlog.queries import incident_detail, incident_query
from warlog.store import Store
from warlog.store.alerts import AlertBook, Told
from warlog.store.browse import Query

#: what an alert may be called: it names its Atom feed, /api/alerts/{name}.atom
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
#: the environment variable that holds the SMTP server's URL (smtp://user:pass@host:port)
SMTP_ENV = "WARLOG_SMTP"
#: what of an incident matters: a change of any of these fires an alert again
MATTERS = ("sources", "grade", "fatalities")


@dataclass(frozen=True)
class AlertFilter:
    """Which incidents an alert follows: the filters of ``warlog incidents`` and ``/api/incidents``."""

    country: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    grade: tuple[str, ...] = ()
    q: str | None = None
    min_fatalities: int | None = None

    def query(self) -> Query:
        """The store's query (checked as every listing's: a bad value raises ValueError naming it)."""
        return incident_query(None, None, self.country, self.type, self.actor, self.grade, None, self.q)

    def record(self) -> dict[str, Any]:
        return {"country": list(self.country), "type": list(self.type), "actor": list(self.actor),
                "grade": list(self.grade), "q": self.q, "min_fatalities": self.min_fatalities}  # fmt: skip

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> AlertFilter:
        return cls(
            tuple(record.get("country", ())), tuple(record.get("type", ())), tuple(record.get("actor", ())),
            tuple(record.get("grade", ())), record.get("q"), record.get("min_fatalities"),
        )  # fmt: skip


@dataclass(frozen=True)
class Alert:
    name: str
    filter: AlertFilter
    tallies: bool = True
    webhook: str | None = None
    secret: str | None = field(default=None, repr=False)
    email: str | None = None
    created_at: dt.datetime | None = None
    id: int | None = None

    @property
    def channels(self) -> list[str]:
        return [name for name, to in (("webhook", self.webhook), ("email", self.email)) if to]


@dataclass
class RunReport:
    """What one run of the alerts did."""

    fired: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return (f"alerts: {self.fired} fired, {self.delivered} delivered, {self.retrying} to retry, "
                f"{self.failed} given up")  # fmt: skip


def new_alert(
    name: str,
    country: list[str] | None = None,
    type: list[str] | None = None,
    actor: list[str] | None = None,
    grade: list[str] | None = None,
    q: str | None = None,
    min_fatalities: int | None = None,
    webhook: str | None = None,
    secret: str | None = None,
    email: str | None = None,
    tallies: bool = True,
) -> Alert:
    """An alert from what a user gives, checked; ValueError names what is wrong.

    A webhook without a secret gets a new random one (shown once by ``warlog alerts add``).
    """
    if not NAME.fullmatch(name):
        raise ValueError(f"name: letters, digits, '-' and '_' (at most 64, a letter or digit first): {name!r}")
    if min_fatalities is not None and min_fatalities < 0:
        raise ValueError(f"min-fatalities: not a number of people: {min_fatalities}")
    if webhook is not None and not re.match(r"https?://[^/\s]+", webhook):
        raise ValueError(f"webhook: not an http:// or https:// URL: {webhook!r}")
    if secret is not None and webhook is None:
        raise ValueError("secret: signs a webhook's deliveries; give --webhook too")
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise ValueError(f"email: not an address: {email!r}")
    query = incident_query(None, None, country, type, actor, grade, None, q)  # checked as the listings check
    given = AlertFilter(query.countries, query.event_types + query.sub_event_types, query.actors, query.grades,
                        q or None, min_fatalities)  # fmt: skip
    if webhook is not None and not secret:
        secret = secrets.token_hex(32)
    return Alert(name, given, tallies, webhook, secret, email)


# -- the alerts of a store ---------------------------------------------------------------


def add(store: Store, alert: Alert) -> Alert:
    """Save an alert. What it matches already is remembered, not sent: it fires for what comes next."""
    book = AlertBook(store.engine)
    now = _now()
    alert_id = book.add({"name": alert.name, "filters": alert.filter.record(), "tallies": alert.tallies,
                         "webhook": alert.webhook, "secret": alert.secret, "email": alert.email,
                         "created_at": now})  # fmt: skip
    saved = _alert(book.rows(alert.name)[0])
    writes, dropped, _ = _evaluate(store, book, saved, _series(store, [saved]))
    book.record(alert_id, writes, dropped, set(), [], now)
    return saved


def remove(store: Store, name: str) -> bool:
    return AlertBook(store.engine).remove(name)


def saved(store: Store) -> list[Alert]:
    return [_alert(row) for row in AlertBook(store.engine).rows()]


def find(store: Store, name: str) -> Alert | None:
    rows = AlertBook(store.engine).rows(name)
    return _alert(rows[0]) if rows else None


def log(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """The delivery log, the latest first: each delivery with its attempts."""
    return AlertBook(store.engine).log(limit)


def matching(store: Store, alert: Alert, limit: int | None = None) -> list[dict[str, Any]]:
    """The incidents an alert matches now, the latest first (what its Atom feed carries)."""
    return AlertBook(store.engine).matching(alert.filter.query(), alert.filter.min_fatalities, limit)


def run(store: Store, smtp: str | None = None, retry: Retry = Retry()) -> RunReport:
    """Fire every alert for what changed since it last told, then deliver what is due.

    Call it after each linking. ``smtp`` is the mail server's URL; without it, $WARLOG_SMTP.
    """
    book = AlertBook(store.engine)
    alerts = saved(store)
    report = RunReport()
    series = _series(store, alerts)
    for alert in alerts:
        writes, dropped, notices = _evaluate(store, book, alert, series)
        messages = [
            {"channel": channel, "subject": subject, "reasons": list(reasons), "body": body}
            for subject, reasons, body in notices
            for channel in alert.channels
        ]
        assert alert.id is not None
        book.record(alert.id, writes, dropped, {subject for subject, _, _ in notices}, messages, _now())
        report.fired += len(notices)
    outcome = deliver_due(book, {a.id: a for a in alerts}, smtp or os.environ.get(SMTP_ENV), retry)
    report.delivered, report.retrying, report.failed = outcome.delivered, outcome.retrying, outcome.failed
    return report


# -- what fires ----------------------------------------------------------------------------


def changes(told: dict[str, Any] | None, now: dict[str, Any]) -> list[str]:
    """Why an incident is worth telling of again, given what was told of it; empty when nothing that matters changed.

    A source fewer (re-linking took a report away) does not fire: only news does.
    """
    if told is None:
        return ["a new incident"]
    reasons = []
    if now["sources"] > told["sources"]:
        reasons.append(f"a new independent source ({told['sources']} → {now['sources']})")
    if now["grade"] != told["grade"]:
        reasons.append(f"grade {told['grade']} → {now['grade']}")
    if now["fatalities"] != told["fatalities"]:
        reasons.append(f"fatalities revised ({_count(told['fatalities'])} → {_count(now['fatalities'])})")
    return reasons


def rise(told: dict[str, Any] | None, series: Series) -> list[str]:
    """Why an official count is worth telling of: a new series, or a figure above the last one told."""
    highest = series.highest
    if highest is None:
        return []
    figure = f"{highest.tally.count} on {highest.tally.as_of or 'an unknown day'}"
    if told is None:
        return [f"a new official count: {figure}"]
    if highest.tally.count > told["count"]:
        return [f"rises from {told['count']} to {figure}"]
    return []


def fits(alert: Alert, series: Series) -> bool:
    """Whether an official count is one an alert follows: its countries, target (actor) and type fit.

    The grade, the words and the fewest fatalities are the incidents' own and do not apply.
    """
    given = alert.filter
    if not alert.tallies:
        return False
    if given.country and not set(series.countries) & set(given.country):
        return False
    if given.actor and series.target not in given.actor:
        return False
    if given.type and not attack_types() & set(given.type):
        return False  # the ledger counts attacks and strikes, and their dead and wounded
    return True


@cache
def attack_types() -> frozenset[str]:
    """The types an official count of attacks counts: ATTACK_TYPES and their sub-event types."""
    vocabulary = load_vocabulary()
    return frozenset(ATTACK_TYPES) | {sub for name in ATTACK_TYPES for sub in vocabulary.event_types.get(name, ())}


def incident_state(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in MATTERS}


def _evaluate(
    store: Store, book: AlertBook, alert: Alert, series: list[Series]
) -> tuple[list[Told], list[int], list[tuple[str, list[str], str]]]:
    """What an alert now knows (rows to write, rows to drop) and what it tells: (subject, reasons, body)."""
    assert alert.id is not None
    told = book.told(alert.id)
    incidents_told = [t for t in told if t.kind == "incident"]
    by_id = {t.subject: t for t in incidents_told}
    by_key = {key: t for t in incidents_told for key in t.keys}
    claimed: set[int] = set()
    writes: list[Told] = []
    notices: list[tuple[str, list[str], str]] = []
    vocabulary = load_vocabulary()
    followed: set[str] = set()  # the event keys of every incident the alert matches now
    for row in sorted(matching(store, alert), key=lambda r: r["id"]):
        followed.update(row["keys"])
        before = _previous(row, by_id, by_key, claimed)
        state = incident_state(row)
        reasons = changes(before.state if before else None, state)
        if reasons:
            detail = incident_detail(store, vocabulary, _plain(row))
            notices.append((row["id"], reasons, _body(alert, "incident", reasons, detail)))
        kept = state if reasons or before is None else before.state
        now = Told(before.id if before else None, "incident", row["id"], row["keys"], kept)
        if now != before:
            writes.append(now)
    # what re-linking merged into an incident the alert follows under another id is dropped
    dropped = [t.id for t in incidents_told
               if t.id is not None and t.id not in claimed and followed.intersection(t.keys)]  # fmt: skip
    told_series = {t.subject: t for t in told if t.kind == "series"}
    for one in series:
        if not fits(alert, one):
            continue
        before = told_series.get(one.name)
        reasons = rise(before.state if before else None, one)
        if not reasons:
            continue
        highest = one.highest
        assert highest is not None
        state = {"count": highest.tally.count, "as_of": highest.tally.as_of and highest.tally.as_of.isoformat()}
        writes.append(Told(before.id if before else None, "series", one.name, (), state))
        notices.append((one.name, reasons, _body(alert, "series", reasons, series_record(one))))
    return writes, dropped, notices


def _previous(row: dict[str, Any], by_id: dict[str, Told], by_key: dict[str, Told], claimed: set[int]) -> Told | None:
    """What was told of this incident: under its id, or under another id that shared its reports."""
    found = by_id.get(row["id"])
    if found is None or found.id in claimed:
        overlaps: dict[int, tuple[int, Told]] = {}
        for key in row["keys"]:
            told = by_key.get(key)
            if told is not None and told.id not in claimed and told.id is not None:
                count, _ = overlaps.get(told.id, (0, told))
                overlaps[told.id] = (count + 1, told)
        found = max(overlaps.values(), key=lambda item: (item[0], -(item[1].id or 0)))[1] if overlaps else None
    if found is not None and found.id is not None:
        claimed.add(found.id)
    return found


def _series(store: Store, alerts: list[Alert]) -> list[Series]:
    """The ledger's series, when any alert follows official counts."""
    if not any(alert.tallies for alert in alerts):
        return []
    return ledger(store.tallies(), store.held)


def _body(alert: Alert, kind: str, reasons: list[str], subject: dict[str, Any]) -> str:
    """The JSON a webhook receives (and signs): the alert, why it fired, and the incident or series."""
    return json.dumps({"alert": alert.name, "kind": kind, "reasons": reasons, kind: subject}, ensure_ascii=False)


def _alert(row: dict[str, Any]) -> Alert:
    return Alert(row["name"], AlertFilter.from_record(row["filters"]), row["tallies"], row["webhook"], row["secret"],
                 row["email"], row["created_at"], row["id"])  # fmt: skip


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A matching row as the HTTP API reads it: days as YYYY-MM-DD, without the event keys."""
    return {name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in row.items() if name != "keys"}  # fmt: skip


def _count(value: int | None) -> str:
    return "unknown" if value is None else str(value)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
