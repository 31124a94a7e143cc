"""What the live feed's poll costs on a large store: quiet, and with a batch just linked.

    python benchmarks/live_poll.py --events 1000000 [--db URL] [--batch 1000] [--json]

Fills a store (SQLite by default) with generated, already linked event rows (one document
and one event per report, ten reports an incident), then times what the server's one poller
does every interval (:func:`warlog.store.changes.linked_since`): on a quiet store, the median
over 200 polls; then after ``--batch`` more linked reports, half joining incidents already
held and half opening new ones, the poll that reads them. Prints the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from warlog.store import Store
from warlog.store.changes import current_mark, linked_since
from warlog.store.schema import documents, events

#: reports per incident in the generated store
PER_INCIDENT = 10
CHUNK = 20_000


def add_reports(store: Store, first: int, count: int, incident_of) -> None:
    """``count`` linked reports numbered from ``first``, each in its own document."""
    now = dt.datetime.now(dt.timezone.utc)
    with store.engine.begin() as connection:
        for start in range(first, first + count, CHUNK):
            numbers = range(start, min(start + CHUNK, first + count))
            connection.execute(documents.insert(), [
                {"id": n, "doc_id": f"d{n}", "content_hash": f"{n:064x}", "text": "report", "ingested_at": now}
                for n in numbers
            ])  # fmt: skip
            connection.execute(events.insert(), [
                {"id": n, "document_id": n, "ordinal": 0, "event_type": "Battles", "weapons": [], "outcome": "hit",
                 "incident": incident_of(n), "evidence_start": 0, "evidence_end": 6, "evidence": "report",
                 "spans": {}}
                for n in numbers
            ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--db", help="a database URL or file; a new SQLite file by default")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()

    db = options.db or str(Path(tempfile.mkdtemp()) / "live-poll.db")
    with Store(db) as store:
        began = time.perf_counter()
        add_reports(store, 1, options.events, lambda n: f"I{(n - 1) // PER_INCIDENT}")
        fill_s = time.perf_counter() - began
        with store.engine.connect() as connection:  # fresh statistics for the planner, as a live store has
            connection.execute(sa.text("ANALYZE"))
            connection.commit()
        mark = current_mark(store.engine)
        quiet = []
        for _ in range(200):
            began = time.perf_counter()
            assert not linked_since(store.engine, mark)
            quiet.append(time.perf_counter() - began)
        held = options.events // PER_INCIDENT
        add_reports(store, mark + 1, options.batch,
                    lambda n: f"I{n % held}" if n % 2 else f"new{n}")  # fmt: skip
        began = time.perf_counter()
        change = linked_since(store.engine, mark)
        batch_s = time.perf_counter() - began
    figures = {
        "events": options.events,
        "fill_s": round(fill_s, 1),
        "quiet_poll_ms": round(statistics.median(quiet) * 1000, 3),
        "batch": options.batch,
        "batch_poll_ms": round(batch_s * 1000, 1),
        "new": len(change.new),
        "changed": len(change.changed),
    }
    print(json.dumps(figures) if options.json else "\n".join(f"{k}: {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
