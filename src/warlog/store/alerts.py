"""The alerts' tables: saved filters, what each last told, and the outbox of deliveries with every attempt.

SQL only; what fires and why is decided in :mod:`warlog.alerts`, delivering in :mod:`warlog.deliver`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from warlog.store.browse import COLUMNS, Query, conditions
from warlog.store.schema import alert_attempts, alert_deliveries, alert_states, alerts, documents, events, incidents


@dataclass(frozen=True)
class Told:
    """What an alert last told of one incident or series (a row of alert_states)."""

    id: int | None
    kind: str  # incident, series
    subject: str
    keys: tuple[str, ...]
    state: dict[str, Any]


@dataclass(frozen=True)
class Delivery:
    """One message of the outbox: an alert's firing, to one channel."""

    id: int
    alert_id: int
    channel: str  # webhook, email
    subject: str
    reasons: tuple[str, ...]
    body: str
    attempts: int


class AlertBook:
    """The alert tables of one store."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # -- the alerts ------------------------------------------------------------------------

    def add(self, row: dict[str, Any]) -> int:
        with self.engine.begin() as connection:
            taken = connection.execute(sa.select(alerts.c.id).where(alerts.c.name == row["name"])).first()
            if taken is not None:
                raise ValueError(f"name: an alert named {row['name']!r} exists (remove it first)")
            return connection.execute(alerts.insert().values(**row).returning(alerts.c.id)).scalar_one()

    def remove(self, name: str) -> bool:
        with self.engine.begin() as connection:
            found = connection.execute(sa.select(alerts.c.id).where(alerts.c.name == name)).scalar_one_or_none()
            if found is None:
                return False
            # the children first: SQLite enforces ON DELETE CASCADE, but not every connection has it on
            deliveries = sa.select(alert_deliveries.c.id).where(alert_deliveries.c.alert_id == found)
            connection.execute(alert_attempts.delete().where(alert_attempts.c.delivery_id.in_(deliveries)))
            connection.execute(alert_deliveries.delete().where(alert_deliveries.c.alert_id == found))
            connection.execute(alert_states.delete().where(alert_states.c.alert_id == found))
            connection.execute(alerts.delete().where(alerts.c.id == found))
            return True

    def rows(self, name: str | None = None) -> list[dict[str, Any]]:
        select = sa.select(alerts).order_by(alerts.c.name)
        if name is not None:
            select = select.where(alerts.c.name == name)
        with self.engine.connect() as connection:
            return [dict(row) for row in connection.execute(select).mappings()]

    # -- what matches ----------------------------------------------------------------------

    def matching(self, query: Query, min_fatalities: int | None, limit: int | None = None) -> list[dict[str, Any]]:
        """The incidents a filter matches, the latest first, each with its event keys ("doc_id#n")."""
        where = conditions(query, self.engine.dialect.name)
        if min_fatalities is not None:
            where.append(incidents.c.fatalities >= min_fatalities)
        select = sa.select(*COLUMNS).where(*where).order_by(incidents.c.date.desc().nulls_last(), incidents.c.id)
        if limit is not None:
            select = select.limit(limit)
        with self.engine.connect() as connection:
            rows = [dict(row) for row in connection.execute(select).mappings()]
        return self._with_keys(rows)

    def _with_keys(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        keys: dict[str, list[str]] = defaultdict(list)
        ids = [row["id"] for row in rows]
        with self.engine.connect() as connection:
            for start in range(0, len(ids), 500):
                select = (
                    sa.select(events.c.incident, documents.c.doc_id, events.c.ordinal)
                    .join(documents, documents.c.id == events.c.document_id)
                    .where(events.c.incident.in_(ids[start : start + 500]))
                )
                for incident, doc_id, ordinal in connection.execute(select):
                    keys[incident].append(f"{doc_id}#{ordinal}")
        return [{**row, "keys": tuple(sorted(keys[row["id"]]))} for row in rows]

    def reported(self, incident_ids: list[str]) -> dict[str, tuple[dt.datetime, list[str]]]:
        """Each incident's last report's storing time and its reports' sentences (for a feed's entries)."""
        found: dict[str, tuple[dt.datetime, list[str]]] = {}
        if not incident_ids:
            return found
        select = (
            sa.select(events.c.incident, documents.c.ingested_at, events.c.evidence)
            .join(documents, documents.c.id == events.c.document_id)
            .where(events.c.incident.in_(incident_ids))
            .order_by(events.c.incident, documents.c.ingested_at, events.c.id)
        )
        with self.engine.connect() as connection:
            for incident, at, sentence in connection.execute(select):
                at = _aware(at)
                last, sentences = found.get(incident, (at, []))
                found[incident] = (max(last, at), [*sentences, sentence])
        return found

    # -- what was told ---------------------------------------------------------------------

    def told(self, alert_id: int) -> list[Told]:
        select = sa.select(alert_states).where(alert_states.c.alert_id == alert_id).order_by(alert_states.c.id)
        with self.engine.connect() as connection:
            return [Told(r.id, r.kind, r.subject, tuple(r.keys), dict(r.state)) for r in connection.execute(select)]

    def record(
        self, alert_id: int, writes: list[Told], dropped: list[int], fired: set[str],
        messages: list[dict[str, Any]], now: dt.datetime,
    ) -> None:  # fmt: skip
        """Write what an alert now knows and queue its messages, in one transaction: a crash
        between telling and remembering can neither lose a message nor send it twice."""
        with self.engine.begin() as connection:
            if dropped:
                connection.execute(alert_states.delete().where(alert_states.c.id.in_(dropped)))
            for told in writes:
                values = {"kind": told.kind, "subject": told.subject, "keys": list(told.keys), "state": told.state}
                if told.subject in fired:
                    values["fired_at"] = now
                if told.id is None:
                    connection.execute(alert_states.insert().values(alert_id=alert_id, **{"fired_at": now, **values}))
                else:
                    connection.execute(alert_states.update().where(alert_states.c.id == told.id).values(**values))
            if messages:
                connection.execute(
                    alert_deliveries.insert(),
                    [{"alert_id": alert_id, "status": "pending", "attempts": 0, "next_attempt_at": now,
                      "created_at": now, **message} for message in messages],
                )  # fmt: skip

    # -- the outbox ------------------------------------------------------------------------

    def due(self, now: dt.datetime) -> list[Delivery]:
        select = (
            sa.select(alert_deliveries)
            .where(alert_deliveries.c.status == "pending", alert_deliveries.c.next_attempt_at <= now)
            .order_by(alert_deliveries.c.id)
        )
        with self.engine.connect() as connection:
            return [
                Delivery(r.id, r.alert_id, r.channel, r.subject, tuple(r.reasons), r.body, r.attempts)
                for r in connection.execute(select)
            ]

    def attempted(
        self, delivery: int, ok: bool, detail: str, status: str, next_attempt_at: dt.datetime | None, now: dt.datetime
    ) -> None:
        with self.engine.begin() as connection:
            connection.execute(alert_attempts.insert().values(delivery_id=delivery, at=now, ok=ok, detail=detail))
            connection.execute(
                alert_deliveries.update()
                .where(alert_deliveries.c.id == delivery)
                .values(status=status, attempts=alert_deliveries.c.attempts + 1, next_attempt_at=next_attempt_at)
            )

    def log(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The deliveries, the latest first, each with its attempts in order."""
        select = (
            sa.select(alert_deliveries, alerts.c.name.label("alert"))
            .join(alerts, alerts.c.id == alert_deliveries.c.alert_id)
            .order_by(alert_deliveries.c.id.desc())
        )
        if limit is not None:
            select = select.limit(limit)
        with self.engine.connect() as connection:
            rows = [dict(row) for row in connection.execute(select).mappings()]
            tried: dict[int, list[dict[str, Any]]] = defaultdict(list)
            ids = [row["id"] for row in rows]
            if ids:
                attempts = sa.select(alert_attempts).where(alert_attempts.c.delivery_id.in_(ids))
                for attempt in connection.execute(attempts.order_by(alert_attempts.c.id)).mappings():
                    tried[attempt["delivery_id"]].append(
                        {"at": _aware(attempt["at"]).isoformat(), "ok": attempt["ok"], "detail": attempt["detail"]}
                    )
        return [{**row, "tries": tried[row["id"]]} for row in rows]


def _aware(moment: dt.datetime) -> dt.datetime:
    """A stored time in UTC (SQLite gives it back without its zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
