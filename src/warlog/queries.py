"""The queries behind the CLI's listings and the Python API: a store's incidents, events,
tallies and documents, filtered as the HTTP API filters them, as plain records.

A record has the fields of the HTTP API's items (docs/api.md), days written YYYY-MM-DD.
Bad filters raise ``ValueError`` naming the filter. ``warlog.open`` (database.py) gives the
same queries as pandas DataFrames; this module does not load pandas, so a listing starts fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Generic, TypeVar

import sqlalchemy as sa

from warlog.export import EVENT_FIELDS, TALLY_FIELDS, event_record, iso, plain, tally_record
from warlog.knowledge import Vocabulary, load_vocabulary
from warlog.model import EventMention
from warlog.store import Filters, Store
from warlog.store import schema as tables
from warlog.store.browse import COLUMNS, SORTS, Browser, Query, search_words

Result = TypeVar("Result")
Days = dt.date | str | None
Values = str | Iterable[str] | None

INCIDENT_COLUMNS = [column.name for column in COLUMNS]
EVENT_COLUMNS = ["doc_id", *EVENT_FIELDS, "spans"]
TALLY_COLUMNS = ["doc_id", *TALLY_FIELDS, "spans"]
LEDGER_COLUMNS = ["series", "target", "countries", "unit", "as_of", "since", "count", "qualifier", "held", "flag",
                  "speaker", "doc_id", "evidence", "sum", "parts", "placed"]  # fmt: skip
DOCUMENT_COLUMNS = ["doc_id", "title", "source", "url", "published", "language", "text"]


class Queries(Generic[Result]):
    """The queries over a store; a result is a list of records here, a DataFrame in database.py."""

    def __init__(self, store: Store):
        self._store: Store | None = store

    @property
    def store(self) -> Store:
        if self._store is None:
            raise ValueError("the database is closed")
        return self._store

    def incidents(
        self,
        since: Days = None,
        until: Days = None,
        country: Values = None,
        type: Values = None,
        actor: Values = None,
        grade: Values = None,
        bbox: tuple[float, float, float, float] | None = None,
        q: str | None = None,
        sort: str = "date",
        limit: int | None = None,
        offset: int = 0,
    ) -> Result:
        """Incidents that match every filter given; several values of one filter match any.

        ``sort`` is date, fatalities, sources or mentions, with '-' first for descending.
        """
        query = incident_query(since, until, country, type, actor, grade, bbox, q)
        if sort.lstrip("-") not in SORTS:
            raise ValueError(f"sort: not one of {', '.join(SORTS)} (with '-' for descending): {sort!r}")
        browser = Browser(self.store.engine)
        if limit is None:
            rows = list(browser.all(query, sort))[offset:]
        else:
            rows = browser.page(query, sort, _count("limit", limit), _count("offset", offset))[1]
        return self._result([plain(row) for row in rows], INCIDENT_COLUMNS, tables.incidents)

    def events(
        self,
        since: Days = None,
        until: Days = None,
        country: str | None = None,
        type: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Result:
        """Event mentions as each document reported them, before linking (one country, one type)."""
        filters = _single_filters(since, until, country, type)
        limit = _count("limit", limit) if limit is not None else None
        page = replace(filters, limit=limit, offset=_count("offset", offset))
        rows = [{"doc_id": event.doc_id, **event_record(event)} for event in self.store.events(page)]
        return self._result(rows, EVENT_COLUMNS, tables.events)

    def tallies(
        self, since: Days = None, until: Days = None, country: str | None = None, limit: int | None = None
    ) -> Result:
        """Running counts officials stated, by the day they were stated (``as_of``)."""
        filters = replace(_single_filters(since, until, country, None), limit=limit)
        rows = [{"doc_id": tally.doc_id, **tally_record(tally)} for tally in self.store.tallies(filters)]
        return self._result(rows, TALLY_COLUMNS, tables.tallies)

    def ledger(
        self, since: Days = None, until: Days = None, country: str | None = None, limit: int | None = None
    ) -> Result:
        """The tallies as series (one target, scope and unit), each figure beside what the store
        holds and flagged where a series goes down: a row per figure, its series named."""
        from warlog.ledger import entry_record, ledger

        filters = replace(_single_filters(since, until, country, None), limit=limit)
        rows = [
            {"series": series.name, "target": series.target, "countries": list(series.countries), "unit": series.unit,
             **entry_record(entry)}
            for series in ledger(self.store.tallies(filters), self.store.held)
            for entry in series.entries
        ]  # fmt: skip
        return self._result(rows, LEDGER_COLUMNS, tables.tallies)

    def documents(
        self,
        since: Days = None,
        until: Days = None,
        country: str | None = None,
        type: str | None = None,
        limit: int | None = None,
    ) -> Result:
        """Stored reports published in the dates given that tell of an event of the country or type."""
        filters = replace(_single_filters(since, until, country, type), limit=limit)
        rows = [
            {"doc_id": d.doc_id, "title": d.title, "source": d.source, "url": d.url, "published": iso(d.published),
             "language": d.language, "text": d.text}
            for d in self.store.documents(filters)
        ]  # fmt: skip
        return self._result(rows, DOCUMENT_COLUMNS, tables.documents)

    def _result(self, rows: list[dict[str, Any]], columns: list[str], table: sa.Table) -> Result:
        return rows  # type: ignore[return-value]  (a DataFrame in database.Database)


# -- an incident in full ------------------------------------------------------------------


def incident_detail(store: Store, vocabulary: Vocabulary, row: dict[str, Any]) -> dict[str, Any]:
    """An incident's row (days as YYYY-MM-DD) with every report of it: the HTTP API's incident detail,
    which the alerts send too."""
    incident_id = row["id"]
    decisions = store.decisions(incident_id)
    events = store.events_by_key([d.key for d in decisions])
    documents = {doc_id: store.document(doc_id) for doc_id in {e.doc_id for e in events.values()}}
    copy_group = store.copy_groups()
    reports = []
    for decision in decisions:
        event = events.get(decision.key)
        if event is None:
            continue
        document = documents[event.doc_id]
        reports.append(
            {
                "key": decision.key,
                "doc_id": event.doc_id,
                "title": document.title,
                "source": document.source,
                "url": document.url,
                "published": iso(document.published),
                "event": event_record(event) | {"spans": None},
                **_passages(document.text, event),
                "decision": {"matched": decision.matched, "score": round(decision.score, 3),
                             "reasons": list(decision.reasons)},  # fmt: skip
            }
        )
    sources: dict[str, list[str]] = {}
    for report in reports:
        source = copy_group.get(report["doc_id"], report["doc_id"])
        sources.setdefault(source, [])
        if report["doc_id"] not in sources[source]:
            sources[source].append(report["doc_id"])
    named = {r["doc_id"]: r["source"] or r["title"] or r["doc_id"] for r in reports}
    relations = [
        {"kind": r.kind, "direction": "to" if r.source == incident_id else "from",
         "incident": r.target if r.source == incident_id else r.source, "cue": r.cue}
        for r in store.relations(incident_id)
    ]  # fmt: skip
    return {
        **row,
        "grade_note": vocabulary.grades.get(row["grade"]),
        "reports": reports,
        "outlets": [{"source": named[docs[0]], "documents": docs} for docs in sources.values()],
        "relations": relations,
    }


def _passages(text: str, event: EventMention) -> dict[str, Any]:
    """The event's sentence with the spans inside it; the sentences of spans read elsewhere."""
    from warlog.link import sentence_around

    sentence, start, _ = sentence_around(text, event.evidence.start, event.evidence.end)
    begin = event.evidence.start - start
    main = {"sentence": sentence, "spans": []}
    others: dict[int, dict[str, Any]] = {}
    for name, span in sorted(event.spans.items(), key=lambda item: item[1].start):
        if begin <= span.start and span.end <= begin + len(sentence):
            main["spans"].append(_span(name, span.start - begin, span.end - begin, text[span.start : span.end]))
            continue
        around, at, until = sentence_around(text, span.start, span.end)
        passage = others.setdefault(span.start - at, {"sentence": around, "spans": []})
        passage["spans"].append(_span(name, at, until, text[span.start : span.end]))
    return {**main, "context": [others[key] for key in sorted(others)]}


def _span(name: str, start: int, end: int, words: str) -> dict[str, Any]:
    return {"field": name, "start": start, "end": end, "text": words}


# -- filters -------------------------------------------------------------------------------


def incident_query(
    since: Days,
    until: Days,
    country: Values,
    type: Values,
    actor: Values,
    grade: Values,
    bbox: tuple[float, float, float, float] | None,
    q: str | None,
) -> Query:
    """The store's query from the filters as Python gives them; ValueError names a bad one."""
    first, last = _day("since", since), _day("until", until)
    if first and last and first > last:
        raise ValueError(f"since: {first} is after until {last}")
    countries = tuple(code.upper() for code in _values(country))
    for code in countries:
        if len(code) != 2 or not code.isalpha():
            raise ValueError(f"country: not an ISO 3166-1 alpha-2 code (like IQ): {code!r}")
    vocabulary = load_vocabulary()
    event_types, sub_event_types = split_types(vocabulary, _values(type))
    grades = known_grades(vocabulary, _values(grade))
    return Query(
        since=first,
        until=last,
        countries=countries,
        event_types=event_types,
        sub_event_types=sub_event_types,
        actors=_values(actor),
        grades=grades,
        bbox=_bbox(bbox),
        words=search_words(q or ""),
    )


def _single_filters(since: Days, until: Days, country: str | None, type: str | None) -> Filters:
    """The store's filters of events, tallies and documents: one country and one type at most."""
    query = incident_query(since, until, country, type, None, None, None, None)
    if len(query.countries) > 1 or len(query.event_types + query.sub_event_types) > 1:
        raise ValueError(f"{'country' if len(query.countries) > 1 else 'type'}: takes one value here")
    wanted = (query.event_types or query.sub_event_types or (None,))[0]
    return Filters(query.since, query.until, (query.countries or (None,))[0], wanted)


def _values(value: Values) -> tuple[str, ...]:
    """'SY', 'SY,IQ' or ['SY', 'IQ'] as a tuple of values."""
    parts = value.split(",") if isinstance(value, str) else list(value or ())
    return tuple(str(part).strip() for part in parts if str(part).strip())


def _day(name: str, value: Days) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):  # a pandas Timestamp too
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: not a day written YYYY-MM-DD: {value!r}") from None


def _bbox(value: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(part) for part in value)
    except (TypeError, ValueError):
        raise ValueError(f"bbox: not four numbers west, south, east, north: {value!r}") from None
    return checked_box(west, south, east, north, value)


# -- checks the HTTP API shares (serve/api.py reads its strings, then asks these) ----------


def split_types(vocabulary: Vocabulary, values: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Type names split into event types and sub-event types, spelt as ACLED spells them."""
    types = {name.casefold(): name for name in vocabulary.event_types}
    subs = {sub.casefold(): sub for names in vocabulary.event_types.values() for sub in names}
    event_types, sub_event_types = [], []
    for value in values:
        if value.casefold() in types:
            event_types.append(types[value.casefold()])
        elif value.casefold() in subs:
            sub_event_types.append(subs[value.casefold()])
        else:
            raise ValueError(f"type: not an ACLED event type or sub-event type: {value!r}")
    return tuple(event_types), tuple(sub_event_types)


def known_grades(vocabulary: Vocabulary, values: Iterable[str]) -> tuple[str, ...]:
    grades = tuple(value.lower() for value in values)
    for value in grades:
        if value not in vocabulary.grades:
            raise ValueError(f"grade: not one of {', '.join(vocabulary.grades)}: {value!r}")
    return grades


def checked_box(
    west: float, south: float, east: float, north: float, given: object
) -> tuple[float, float, float, float]:
    """A box on the map, refused (naming ``given``, as the user wrote it) when off the globe or upside down."""
    if not all(-180 <= x <= 180 for x in (west, east)) or not all(-90 <= y <= 90 for y in (south, north)):
        raise ValueError(f"bbox: longitudes must lie in -180..180 and latitudes in -90..90: {given!r}")
    if south > north:
        raise ValueError(f"bbox: south {south} is north of north {north}")
    return west, south, east, north


def _count(name: str, value: int) -> int:
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"{name}: not a whole number of rows: {value!r}")
    return value
