"""Stored things as plain records: the one shape the CLI listings and the Python API share.

Events and tallies are the export's gold-format records (``export.event_record``) with the
document they came from; dates are ISO strings, lists stay lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from warlog.export import event_record, iso, tally_record
from warlog.ledger import Series
from warlog.model import Document, EventMention, Incident, Tally


def document_row(document: Document) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "published": iso(document.published),
        "title": document.title,
        "source": document.source,
        "url": document.url,
        "origin": document.origin,
        "words": len(document.text.split()),
    }


def event_row(event: EventMention) -> dict[str, Any]:
    record = event_record(event)
    del record["spans"]
    return {"doc_id": event.doc_id, **record}


def tally_row(tally: Tally) -> dict[str, Any]:
    record = tally_record(tally)
    del record["spans"]
    return {"doc_id": tally.doc_id, **record}


def incident_row(incident: Incident) -> dict[str, Any]:
    """An incident's reconciled fields, then the keys (doc_id#n) of its event mentions."""
    record = {
        name: iso(value) if isinstance(value, dt.date) else value
        for name, value in ((name, getattr(incident, name)) for name in Incident.__slots__)
        if name != "mentions"
    }
    record["mentions"] = list(incident.mentions)
    return record


def ledger_rows(found: list[Series]) -> list[dict[str, Any]]:
    """Each figure of each series beside what the store holds and the check it raised."""
    return [
        {
            "series": series.name,
            "as_of": iso(entry.tally.as_of),
            "count": entry.tally.count,
            "qualifier": entry.tally.qualifier,
            "held": entry.held,
            "since": iso(entry.tally.since),
            "speaker": entry.tally.speaker,
            "check": entry.flag or "ok",
            "evidence": entry.tally.evidence_text,
            "doc_id": entry.tally.doc_id,
        }
        for series in found
        for entry in series.entries
    ]
