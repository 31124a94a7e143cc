"""What linking added to the store since a mark: the feed behind the dashboard's "N new".

Ingest and linking run in other processes (``warlog ingest``, ``warlog watch``), so a server
learns of their work from the store itself. Every report an ingest stores is an event row
with a larger id than those before it, and linking sets each event's incident. The mark is
an event id: every report up to it has been seen linked. A new report's incident is *new*
when all of its reports lie past the mark, and *changed* (another source, a revised field)
when it held reports before. Both questions read the events' primary key and their
``incident`` index, so a quiet store costs one empty range scan per poll, whatever its size.

A regrouping of stored reports alone (``warlog link --full`` after an override) adds no
report, and is not told of here.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from warlog.store.schema import events

#: reports read per call: a store that ingests faster is caught up over several polls
BATCH = 5000


@dataclass(frozen=True)
class Change:
    """Incidents that linked reports with event ids in (``after``, ``mark``] went into."""

    after: int
    mark: int
    new: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    reports: int = 0

    def __bool__(self) -> bool:
        return bool(self.new or self.changed)


def current_mark(engine: Engine) -> int:
    """The largest event id stored, 0 for an empty store: where a new follower starts."""
    with engine.connect() as connection:
        return int(connection.execute(sa.select(sa.func.max(events.c.id))).scalar() or 0)


def linked_since(engine: Engine, after: int, through: int | None = None, limit: int = BATCH) -> Change:
    """The incidents of reports past ``after`` that are linked, up to ``limit`` reports.

    Without ``through``, the mark stops before the first report not yet linked, so that the
    next call finds it once linking has run. With ``through`` (a catch-up to a mark already
    reached) the reports up to it are read, skipping any since taken out of the store's links.
    One statement reads each report with its incident's first report, so that a linking run
    committed meanwhile is seen wholly or not at all.
    """
    earlier = events.alias("earlier")
    first = (
        sa.select(sa.func.min(earlier.c.id)).where(earlier.c.incident == events.c.incident).scalar_subquery()
    )
    query = (
        sa.select(events.c.id, events.c.incident, first.label("first"))
        .where(events.c.id > after)
        .order_by(events.c.id)
        .limit(limit)
    )
    if through is not None:
        query = query.where(events.c.id <= through)
    new: dict[str, None] = {}  # insertion-ordered sets: the incidents in the order reported
    changed: dict[str, None] = {}
    mark, reports = after, 0
    with engine.connect() as connection:
        for row in connection.execute(query):
            if row.incident is None and through is None:
                break
            mark = row.id
            if row.incident is not None:
                (new if row.first > after else changed)[row.incident] = None
                reports += 1
    return Change(after, mark, tuple(new), tuple(changed), reports)
