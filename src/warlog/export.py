"""Export: stored documents, events and tallies as JSON Lines (the gold format), CSV, GeoJSON;
incidents as JSON Lines with their mentions and sources, or as ACLED's CSV (docs/acled.md).

The JSON Lines export has one line per document in the shape of ``FORMAT.md`` so that
``warlog eval`` can score it with no conversion; each event carries its ``incident`` id.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from warlog.model import Document, EventMention, Filters, Incident, Tally

if TYPE_CHECKING:  # the CLI reads FORMATS without loading SQLAlchemy
    from warlog.store import Store

EVENT_FIELDS = [
    "event_type",
    "sub_event_type",
    "date",
    "time_precision",
    "actor1",
    "actor2",
    "claimed_by",
    "country",
    "location",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "weapons",
    "quantity",
    "outcome",
    "fatalities",
    "injuries",
    "evidence",
    "incident",
]
TALLY_FIELDS = [
    "count",
    "qualifier",
    "unit",
    "target",
    "countries",
    "since",
    "as_of",
    "speaker",
    "evidence",
]
FORMATS = ("jsonl", "csv", "geojson", "incidents", "acled")


def iso(value: dt.date | None) -> str | None:
    """A day as the exports and the API write it: YYYY-MM-DD, or None."""
    return value.isoformat() if value else None


def plain(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its days written YYYY-MM-DD, as the JSON exports and the API give it."""
    return {name: iso(value) if isinstance(value, dt.date) else value for name, value in row.items()}


def event_record(event: EventMention) -> dict[str, Any]:
    """An event in the gold format, with the spans behind each field."""
    return {
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date": iso(event.date),
        "time_precision": event.time_precision,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "claimed_by": event.claimed_by,
        "country": event.country,
        "location": event.location,
        "admin1": event.admin1,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "weapons": list(event.weapons),
        "quantity": event.quantity,
        "outcome": event.outcome,
        "fatalities": event.fatalities,
        "injuries": event.injuries,
        "evidence": event.evidence_text,
        "incident": event.incident,
        "spans": {name: [s.start, s.end] for name, s in event.spans.items()},
    }


def tally_record(tally: Tally) -> dict[str, Any]:
    return {
        "count": tally.count,
        "qualifier": tally.qualifier,
        "unit": tally.unit,
        "target": tally.target,
        "countries": list(tally.countries),
        "since": iso(tally.since),
        "as_of": iso(tally.as_of),
        "speaker": tally.speaker,
        "evidence": tally.evidence_text,
        "spans": {name: [s.start, s.end] for name, s in tally.spans.items()},
    }


def document_records(store: Store, filters: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """One gold-format line per document, with the events and tallies that pass the filters."""
    events: dict[str, list[EventMention]] = defaultdict(list)
    for event in store.events(filters):
        events[event.doc_id].append(event)
    tallies: dict[str, list[Tally]] = defaultdict(list)
    for tally in store.tallies(filters):
        tallies[tally.doc_id].append(tally)
    for document in store.documents(filters):
        yield _document_record(document, events[document.doc_id], tallies[document.doc_id])


def _document_record(
    document: Document, events: list[EventMention], tallies: list[Tally]
) -> dict[str, Any]:
    local_file = document.origin if document.origin and "://" not in document.origin else None
    return {
        "doc_id": document.doc_id,
        "text_file": local_file if local_file != "-" else None,
        "published": iso(document.published),
        "title": document.title,
        "url": document.url,
        "source": document.source,
        "events": [event_record(e) for e in events],
        "tallies": [tally_record(t) for t in tallies],
    }


def write_jsonl(store: Store, out: TextIO, filters: Filters = Filters()) -> int:
    count = 0
    for record in document_records(store, filters):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: TextIO, filters: Filters = Filters()) -> int:
    """One row per event, ACLED-style flat columns, weapons joined by ';'."""
    writer = csv.DictWriter(out, fieldnames=["doc_id", *EVENT_FIELDS, "url"])
    writer.writeheader()
    urls = {d.doc_id: d.url for d in store.documents()}
    events = store.events(filters)
    for event in events:
        record = event_record(event)
        record["weapons"] = ";".join(record["weapons"])
        del record["spans"]
        writer.writerow({"doc_id": event.doc_id, **record, "url": urls.get(event.doc_id)})
    return len(events)


def write_geojson(store: Store, out: TextIO, filters: Filters = Filters()) -> int:
    """A FeatureCollection of events; events not yet placed have a null geometry."""
    features = []
    for event in store.events(filters):
        placed = event.latitude is not None and event.longitude is not None
        geometry = (
            {"type": "Point", "coordinates": [event.longitude, event.latitude]} if placed else None
        )
        properties = {"doc_id": event.doc_id, **event_record(event)}
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


def write_incidents(store: Store, out: TextIO, filters: Filters = Filters()) -> int:
    """One JSON line per incident: its reconciled fields, then each mention with its source."""
    documents = {d.doc_id: d for d in store.documents()}
    found = store.incidents(filters)
    for incident in found:
        events = store.events_by_key(incident.mentions)
        record = plain({name: getattr(incident, name) for name in Incident.__slots__ if name != "mentions"})
        record["links"] = [
            {"incident": r.target, "kind": r.kind, "event": r.key, "cue": r.cue}
            for r in store.relations(incident.incident_id)
            if r.source == incident.incident_id
        ]
        record["mentions"] = []
        for key, event in events.items():
            document = documents.get(event.doc_id)
            record["mentions"].append(
                {
                    "event": key,
                    "doc_id": event.doc_id,
                    "url": document.url if document else None,
                    "source": document.source if document else None,
                    "published": iso(document.published) if document else None,
                    **event_record(event),
                }
            )
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(found)


def acled_records(store: Store, filters: Filters = Filters(), ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """One ACLED row per incident that ACLED could record (a day and a country known): those
    the filters select, or those of ``ids`` in their order (the HTTP API's query and sort).

    The timestamp is when the incident's reports were last stored, ACLED's "uploaded".
    """
    from warlog.acled import Report, acled_record, representable, unix_time  # the knowledge base: for this export only
    from warlog.knowledge import load_acled_conventions, load_knowledge

    conventions = load_acled_conventions()
    actors = load_knowledge().actors
    documents = {d.doc_id: d for d in store.documents()}
    stored: dict[str, dt.datetime] = {}
    for entry in store.ingest_log():
        if entry["doc_id"] and entry["status"] in ("stored", "reprocessed"):
            stored[entry["doc_id"]] = max(entry["at"], stored.get(entry["doc_id"], entry["at"]))
    if ids is None:
        incidents: Iterable[Incident] = store.incidents(filters)
    else:
        held = {incident.incident_id: incident for incident in store.incidents()}
        incidents = (held[incident_id] for incident_id in ids if incident_id in held)
    for incident in incidents:
        if not representable(incident):
            continue
        events = store.events_by_key(incident.mentions)
        reports = [Report(event, documents.get(event.doc_id)) for event in events.values()]
        times = [stored[r.event.doc_id] for r in reports if r.event.doc_id in stored]
        yield acled_record(incident, reports, actors, conventions, unix_time(max(times)) if times else None)


def write_acled(store: Store, out: TextIO, filters: Filters = Filters()) -> int:
    """One CSV row per incident in ACLED's columns; incidents without a day or a country
    are left out, as ACLED records none."""
    from warlog.acled import ACLED_FIELDS

    writer = csv.DictWriter(out, fieldnames=ACLED_FIELDS)
    writer.writeheader()
    count = 0
    for record in acled_records(store, filters):
        writer.writerow(record)
        count += 1
    return count


WRITERS = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
    "incidents": write_incidents,
    "acled": write_acled,
}
