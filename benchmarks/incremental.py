"""Incremental linking: one more batch on a linked store, against a full re-link of it.

    python benchmarks/incremental.py --mentions 1000000 --batch 1000 --json
    python benchmarks/incremental.py --mentions 100000 --batch 1000

Builds a SQLite store (in a temporary folder) of the mentions ``benchmarks/link_scale.py``
generates, one short document each, and links it in full; then stores one more batch of
generated mentions dated in the last three days of the period (as live news is), links it
incrementally (:mod:`warlog.increment`), and times a full re-link of the same store
(``warlog link --full``) right after. Prints both times, their ratio, the peak memory of
each (the build runs in a child process, so that the incremental figure is its own), and
whether the store is identical after the two: every table linking writes, row by row. The
MinHash library and the knowledge are loaded before either is timed, as they are in a
running ``warlog watch``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from link_scale import COUNTRIES, MENTIONS_PER_COUNTRY_DAY, START, generate  # noqa: E402

from warlog import increment  # noqa: E402
from warlog.increment import band_hashes  # noqa: E402
from warlog.link import Mention, nested_actors, relink, signature  # noqa: E402
from warlog.store import Store  # noqa: E402
from warlog.store.schema import (  # noqa: E402
    document_signatures,
    documents,
    events,
    incident_cells,
    incident_decisions,
    incident_facets,
    incident_relations,
    incidents,
)


def store_mentions(store: Store, mentions: list[Mention], first_row: int) -> None:
    """Write generated mentions as documents of one sentence each, in bulk (no extraction)."""
    now = dt.datetime.now(dt.UTC)
    for start in range(0, len(mentions), 20_000):
        chunk = mentions[start : start + 20_000]
        docs, rows = [], []
        for number, m in enumerate(chunk, start=first_row + start):
            text = (f"{m.doc_id}: {m.sub_event_type} in {m.country} at {m.latitude:.3f} {m.longitude:.3f} on "
                    f"{m.date}, {m.actor1 or 'unknown'} against {m.actor2 or 'unknown'}.")  # fmt: skip
            docs.append({"id": number, "doc_id": m.doc_id, "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                         "text": text, "published": m.date + dt.timedelta(days=1), "ingested_at": now})  # fmt: skip
            rows.append({
                "document_id": number, "ordinal": 0, "event_type": m.event_type, "sub_event_type": m.sub_event_type,
                "date": m.date, "time_precision": m.time_precision, "actor1": m.actor1, "actor2": m.actor2,
                "country": m.country, "latitude": m.latitude, "longitude": m.longitude,
                "geo_precision": m.geo_precision, "weapons": [], "outcome": "hit", "evidence_start": 0,
                "evidence_end": len(text), "evidence": text, "spans": {},
            })  # fmt: skip
        with store.engine.begin() as connection:
            connection.execute(documents.insert(), docs)
            connection.execute(events.insert(), rows)


def period_days(count: int) -> int:
    """How many days link_scale.generate spreads ``count`` mentions over."""
    return max(30, round(count / (COUNTRIES * MENTIONS_PER_COUNTRY_DAY)))


def news_batch(count: int, total: int) -> list[Mention]:
    """``count`` more mentions (other documents) dated in the last three days of the period of
    ``total``, as a batch of live news tells of today's and the last days' attacks."""
    end = START + dt.timedelta(days=period_days(total) - 1)
    mentions, _ = generate(count, seed=11)  # spread over 30 days: a tenth of that is a day
    return [replace(m, key=f"n{m.key}", doc_id=f"n{m.doc_id}", source=f"n{m.doc_id}",
                    date=end - dt.timedelta(days=3) + dt.timedelta(days=(m.date - START).days // 10))
            for m in mentions]  # fmt: skip


def digest(store: Store) -> str:
    """A fingerprint of everything linking writes, each table in its key's order."""
    h = hashlib.sha256()
    queries = [
        sa.select(*incidents.c).order_by(incidents.c.id),
        sa.select(incident_decisions).order_by(incident_decisions.c.event_key),
        sa.select(*(c for c in incident_relations.c if c.name != "id")).order_by(
            incident_relations.c.source, incident_relations.c.target),
        sa.select(events.c.id, events.c.incident, events.c.cluster, events.c.read_as).order_by(events.c.id),
        sa.select(document_signatures.c.document_id, document_signatures.c.copy_group).order_by(
            document_signatures.c.document_id),
        sa.select(incident_facets).order_by(incident_facets.c.facet, incident_facets.c.value),
    ]
    with store.engine.connect() as connection:
        for query in queries:
            for row in connection.execute(query):
                h.update(repr(tuple(row)).encode())
        cells = sa.select(incident_cells).order_by(
            incident_cells.c.zoom, incident_cells.c.row_cell, incident_cells.c.column_cell, incident_cells.c.event_type)
        for row in connection.execute(cells):  # the sums behind a mean point move by differences
            h.update(repr({**row._asdict(), "latitudes": round(row.latitudes, 6),
                           "longitudes": round(row.longitudes, 6)}).encode())  # fmt: skip
    return h.hexdigest()


def build(path: str, count: int) -> float:
    """The linked store of ``count`` generated mentions (run in a child process)."""
    mentions, _ = generate(count)
    with Store(path) as store:
        store_mentions(store, mentions, 1)
        started = time.perf_counter()
        relink(store, full=True)
        return time.perf_counter() - started


def peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "warlog.db")
        started = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            first_link = pool.apply(build, (path, args.mentions))
        built = time.perf_counter() - started
        batch = news_batch(args.batch, args.mentions)
        band_hashes(signature("a running service has its MinHash library loaded"))
        nested_actors("and its knowledge", "read")
        with Store(path) as store:
            store_mentions(store, batch, args.mentions + 10)
            runs = []
            real = increment.relink_increment
            increment.relink_increment = lambda s: runs.append(real(s)) or runs[-1]  # type: ignore[assignment]
            started = time.perf_counter()
            made = relink(store)
            incremental = time.perf_counter() - started
            incremental_peak = peak_mb()
            increment.relink_increment = real  # type: ignore[assignment]
            after_increment = digest(store)
            started = time.perf_counter()
            relink(store, full=True)
            full = time.perf_counter() - started
            counts = store.counts()
            identical = digest(store) == after_increment
    result = {
        "mentions": args.mentions,
        "batch": args.batch,
        "incidents": counts["incidents"],
        "build_s": round(built, 1),
        "build_link_s": round(first_link, 1),
        "incremental_s": round(incremental, 2),
        "incremental_made_incidents": len(made.incidents),
        "incremental_fell_back": runs[0] is None,
        "full_s": round(full, 1),
        "ratio": round(full / incremental, 1),
        "incremental_peak_mb": incremental_peak,
        "peak_mb": peak_mb(),
        "identical": identical,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>28}: {value}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
