"""What each route answers, as models: they write the OpenAPI schema the API is fuzzed against.

The routes return plain dicts; these models only describe them (``responses=`` in the routes),
so the schema tests check the code against its documentation instead of forcing it through.
Every model forbids extra fields: a key the code adds without documenting it breaks the schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from warlog.model import EventType, GeoPrecision, Outcome, Qualifier, TallyUnit, TimePrecision, Weapon

#: a field's name and the [start, end) code points it was read from, in the document's text
SpanOffsets = dict[str, tuple[int, int]]


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(Closed):
    """Any 4xx: one line that names the parameter and the reason."""

    error: str = Field(examples=["since: not a day written YYYY-MM-DD: '2023-13-01'"])


class Incident(Closed):
    id: str
    event_type: EventType
    sub_event_type: str | None
    date: dt.date | None
    time_precision: TimePrecision | None
    country: str | None
    location: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: GeoPrecision | None
    actor1: str | None
    actor2: str | None
    fatalities: int | None
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    injuries: int | None
    mentions: int
    documents: int
    sources: int
    grade: str


class IncidentPage(Closed):
    total: int
    limit: int
    offset: int
    items: list[Incident]


class Point(Closed):
    type: Literal["Point"]
    coordinates: tuple[float, float] = Field(description="longitude, latitude")


class Feature(Closed):
    type: Literal["Feature"]
    id: str
    geometry: Point | None = Field(description="null for an incident with no place on the map")
    properties: Incident


class FeatureCollection(Closed):
    """The GeoJSON export of ``/api/incidents?format=geojson``."""

    type: Literal["FeatureCollection"]
    features: list[Feature]


class Event(Closed):
    """An event as one document reported it (the gold format)."""

    event_type: EventType
    sub_event_type: str | None
    date: dt.date | None
    time_precision: TimePrecision | None
    actor1: str | None
    actor2: str | None
    claimed_by: str | None
    country: str | None
    location: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: GeoPrecision | None
    weapons: list[Weapon]
    quantity: int | None
    outcome: Outcome
    fatalities: int | None
    injuries: int | None
    evidence: str
    incident: str | None
    spans: SpanOffsets | None = Field(description="null in an incident's reports, which mark the words in `spans`")


class DocumentEvent(Event):
    doc_id: str


class EventPage(Closed):
    total: int
    limit: int
    offset: int
    items: list[DocumentEvent]


class Span(Closed):
    field: str
    start: int
    end: int
    text: str


class Passage(Closed):
    sentence: str
    spans: list[Span]


class Decision(Closed):
    matched: str | None
    score: float
    reasons: list[str]


class Report(Closed):
    key: str
    doc_id: str
    title: str | None
    source: str | None
    url: str | None
    published: dt.date | None
    event: Event
    sentence: str
    spans: list[Span]
    context: list[Passage]
    decision: Decision


class Outlet(Closed):
    source: str
    documents: list[str]


class IncidentRelation(Closed):
    kind: str
    direction: Literal["to", "from"]
    incident: str
    cue: str


class IncidentDetail(Incident):
    grade_note: str | None
    reports: list[Report]
    outlets: list[Outlet]
    relations: list[IncidentRelation]


class TallyRecord(Closed):
    count: int
    qualifier: Qualifier
    unit: TallyUnit
    target: str | None
    countries: list[str]
    since: dt.date | None
    as_of: dt.date | None
    speaker: str | None
    evidence: str
    spans: SpanOffsets


class DocumentTally(TallyRecord):
    doc_id: str


class LedgerPart(Closed):
    """One of the per-country counts stated together that a summed figure adds up."""

    doc_id: str
    count: int
    qualifier: Qualifier
    countries: list[str]
    evidence: str


class LedgerEntry(Closed):
    as_of: dt.date | None = Field(description="the day the figure stands for: a chart's x")
    since: dt.date | None
    count: int = Field(description="the figure: a chart's y")
    qualifier: Qualifier
    held: int | None
    flag: str | None
    doc_id: str
    evidence: str = Field(description="the words stated; for a sum, its parts' words joined by ' + '")
    speaker: str | None
    sum: bool = Field(description="true for a figure that adds up per-country counts stated together")
    parts: list[LedgerPart] = Field(description="the counts a sum adds up; empty for a stated figure")
    placed: str | None = Field(description="why a count that names no place stands in this series, or null")


class Series(Closed):
    name: str
    target: str | None
    countries: list[str]
    unit: str
    entries: list[LedgerEntry]


class Tallies(Closed):
    items: list[DocumentTally]
    series: list[Series]


class Bucket(Closed):
    period: dt.date
    counts: dict[str, int]


class Stats(Closed):
    interval: str
    by: str
    keys: list[str]
    buckets: list[Bucket]
    total: int


class Cluster(Closed):
    latitude: float
    longitude: float
    count: int
    fatalities: int
    event_type: str
    types: dict[str, int]
    id: str | None = Field(None, description="only on a cluster of one incident")
    bounds: tuple[float, float, float, float] = Field(description="south, west, north, east")
    dates: tuple[dt.date, dt.date] | None


class Clusters(Closed):
    total: int
    zoom: int
    clusters: list[Cluster]


class Count(Closed):
    value: str
    count: int


class DateRange(Closed):
    min: dt.date | None
    max: dt.date | None


class Facets(Closed):
    countries: list[Count]
    types: list[Count]
    sub_event_types: list[Count]
    grades: list[Count]
    actors: list[Count]
    dates: DateRange
    event_types: dict[str, list[str]]
    grade_notes: dict[str, str]


class DocumentSpan(Closed):
    field: str
    start: int
    end: int


class DocumentEventSpan(Closed):
    ordinal: int
    incident: str | None
    event_type: EventType
    sub_event_type: str | None
    start: int
    end: int
    spans: list[DocumentSpan]


class StoredDocument(Closed):
    doc_id: str
    title: str | None
    source: str | None
    url: str | None
    published: dt.date | None
    language: str | None
    text: str
    events: list[DocumentEventSpan]
    tallies: list[TallyRecord]
