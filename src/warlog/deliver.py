"""Delivering what the alerts tell: a signed webhook POST or a plain-text e-mail, retried with
exponential back-off, every attempt logged in the store.

A webhook receives the exact JSON queued for it, with ``X-Warlog-Signature: sha256=<hex>``: an
HMAC-SHA256 of those bytes under the alert's secret, so the receiver can tell it came from
warlog and was not changed. E-mail goes through the SMTP server of a URL
(``smtp://user:pass@host:port``, ``smtp+starttls://`` or ``smtps://``, ``?from=address``), as
text/plain only: an article's words reach the reader as words, never as markup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import smtplib
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

import httpx

if TYPE_CHECKING:
    from warlog.alerts import Alert
    from warlog.store.alerts import AlertBook, Delivery

SIGNATURE_HEADER = "X-Warlog-Signature"
SMTP_SCHEMES = {"smtp": ("plain", 25), "smtp+starttls": ("starttls", 587), "smtps": ("tls", 465)}


@dataclass(frozen=True)
class Retry:
    """How hard to try: ``attempts`` in all (across runs), ``per_run`` of them in one run, waiting
    ``first_delay`` seconds after the first failure and ``factor`` times longer after each next."""

    attempts: int = 6
    per_run: int = 3
    first_delay: float = 1.0
    factor: float = 2.0
    timeout: float = 10.0

    def delay(self, failures: int) -> float:
        """Seconds to wait after the ``failures``-th failed attempt."""
        return self.first_delay * self.factor ** (failures - 1)


@dataclass
class Outcome:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def signature(secret: str, body: bytes) -> str:
    """The value of the signature header: ``sha256=`` and the HMAC-SHA256 of the body, in hex."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def post_webhook(url: str, secret: str, body: str, alert: str, delivery: int, timeout: float) -> tuple[bool, str]:
    """POST the body; delivered on a 2xx. Returns (delivered, what happened)."""
    data = body.encode("utf-8")
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature(secret, data),
               "X-Warlog-Alert": alert, "X-Warlog-Delivery": str(delivery), "User-Agent": "warlog-alerts"}  # fmt: skip
    try:
        answer = httpx.post(url, content=data, headers=headers, timeout=timeout)
    except httpx.HTTPError as error:
        return False, f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return answer.is_success, f"HTTP {answer.status_code}"


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: str  # plain, starttls, tls
    user: str | None
    password: str | None = None
    sender: str = "warlog@localhost"


def smtp_server(url: str) -> SmtpServer:
    """The server of an SMTP URL; ValueError says what is wrong with it (never echoing a password)."""
    parts = urlsplit(url)
    if parts.scheme not in SMTP_SCHEMES:
        given = parts.scheme or "?"
        raise ValueError(f"smtp: the URL must start smtp://, smtp+starttls:// or smtps://, not {given}://")
    if not parts.hostname:
        raise ValueError("smtp: the URL names no host (smtp://user:pass@host:port)")
    security, default_port = SMTP_SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError:
        raise ValueError("smtp: the URL's port is not a number") from None
    sender = parse_qs(parts.query).get("from", [None])[0] or f"warlog@{socket.getfqdn() or 'localhost'}"
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return SmtpServer(parts.hostname, port, security, user, password, sender)


def send_mail(server: SmtpServer, to: str, subject: str, text: str, timeout: float) -> tuple[bool, str]:
    message = EmailMessage()
    message["From"] = server.sender
    message["To"] = to
    message["Subject"] = " ".join(subject.split())  # no line break can reach a header
    message.set_content(text)  # text/plain, UTF-8
    connect = smtplib.SMTP_SSL if server.security == "tls" else smtplib.SMTP
    try:
        with connect(server.host, server.port, timeout=timeout) as client:
            if server.security == "starttls":
                client.starttls()
            if server.user:
                client.login(server.user, server.password or "")
            refused = client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        return False, f"{type(error).__name__}: {error}"
    if refused:
        return False, f"refused: {', '.join(refused)}"
    return True, f"sent to {to}"


def mail(body: str) -> tuple[str, str]:
    """An e-mail's subject and plain text from a delivery's JSON."""
    payload = json.loads(body)
    reasons = "; ".join(payload["reasons"])
    if payload["kind"] == "series":
        series = payload["series"]
        lines = [f"{e['as_of'] or 'undated'}: {e['count']} ({e['qualifier']}) · warlog holds {e['held']}"
                 f"{' · sum' if e['sum'] else ''} · “{e['evidence']}”" for e in series["entries"]]  # fmt: skip
        return f"warlog alert {payload['alert']}: {series['name']}", "\n".join(
            [f"Alert {payload['alert']}: {reasons}", "", series["name"], "", *lines, ""]
        )
    incident = payload["incident"]
    what = incident["sub_event_type"] or incident["event_type"]
    where = ", ".join(part for part in (incident["location"], incident["country"]) if part) or "an unknown place"
    subject = f"warlog alert {payload['alert']}: {what} in {where} on {incident['date'] or 'an unknown day'}"
    lines = [
        f"Alert {payload['alert']}: {reasons}",
        "",
        f"{what} · {incident['date'] or 'undated'} · {where}",
        f"{incident['actor1'] or 'unknown'} against {incident['actor2'] or 'unknown'}",
        f"killed: {_figure(incident['fatalities'])} · injured: {_figure(incident['injuries'])} · "
        f"{incident['grade']}: {incident['sources']} independent sources · incident {incident['id']}",
        "",
        "Reports:",
    ]
    for report in incident["reports"]:
        named = report["source"] or report["title"] or report["doc_id"]
        lines.append(f"- {named} ({report['published'] or 'undated'}){' ' + report['url'] if report['url'] else ''}")
        lines.append(f"  “{' '.join(report['sentence'].split())}”")
    return subject, "\n".join([*lines, ""])


def deliver_due(
    book: AlertBook,
    alerts: dict[int | None, Alert],
    smtp: str | None,
    retry: Retry,
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome:
    """Try every delivery that is due, in the order queued, up to ``retry.per_run`` times each.

    One still failing waits in the outbox for a later run (its next try further off each
    time) until ``retry.attempts`` are spent; then it is given up. When a receiver fails
    every try, its other deliveries wait for the next run instead of waiting here.
    """
    outcome = Outcome()
    down: set[str] = set()
    for delivery in book.due(_now()):
        alert = alerts.get(delivery.alert_id)
        if alert is None:
            continue
        receiver = alert.webhook if delivery.channel == "webhook" else f"mail:{smtp}"
        if receiver in down:
            outcome.retrying += 1
            continue
        status = _try(book, delivery, alert, smtp, retry, sleep)
        if status == "delivered":
            outcome.delivered += 1
            continue
        down.add(receiver or "")
        if status == "failed":
            outcome.failed += 1
        else:
            outcome.retrying += 1
    return outcome


def _try(book: AlertBook, delivery: Delivery, alert: Alert, smtp: str | None, retry: Retry,
         sleep: Callable[[float], None]) -> str:  # fmt: skip
    """Attempt one delivery up to ``retry.per_run`` times, logging each; its status after."""
    attempts = delivery.attempts
    status = "pending"
    for tried in range(1, retry.per_run + 1):
        ok, detail = _send(delivery, alert, smtp, retry.timeout)
        attempts += 1
        status = "delivered" if ok else "failed" if attempts >= retry.attempts else "pending"
        later = _now() + dt.timedelta(seconds=retry.delay(attempts)) if status == "pending" else None
        book.attempted(delivery.id, ok, detail, status, later, _now())
        if status != "pending":
            break
        if tried < retry.per_run:
            sleep(retry.delay(attempts))
    return status


def _send(delivery: Delivery, alert: Alert, smtp: str | None, timeout: float) -> tuple[bool, str]:
    if delivery.channel == "webhook":
        if not alert.webhook or not alert.secret:
            return False, "the alert has no webhook any more"
        return post_webhook(alert.webhook, alert.secret, delivery.body, alert.name, delivery.id, timeout)
    if not alert.email:
        return False, "the alert has no e-mail address any more"
    if not smtp:
        return False, "no SMTP server: set $WARLOG_SMTP (smtp://user:pass@host:port) or pass --smtp"
    try:
        server = smtp_server(smtp)
    except ValueError as error:
        return False, str(error)
    subject, text = mail(delivery.body)
    return send_mail(server, alert.email, subject, text, timeout)


def _figure(value: Any) -> str:
    return "unknown" if value is None else str(value)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
