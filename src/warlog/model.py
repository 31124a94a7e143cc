"""The typed records that flow between warlog's stages.

Field names follow the gold format (``shared/eval/FORMAT.md``) so that an export in
JSON Lines can be scored against gold with no conversion. Every extracted field can
carry an :class:`Evidence` span: the characters of the document it was read from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

EventType = Literal[
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
]
Outcome = Literal["hit", "intercepted", "no_damage", "attempted", "unknown"]
Qualifier = Literal["exact", "at_least", "about", "more_than"]
TallyUnit = Literal["attacks", "casualties", "injuries", "fatalities", "strikes"]
Weapon = Literal[
    "drone", "rocket", "missile", "aircraft", "artillery", "ied", "small_arms", "unspecified"
]

#: ACLED time precision: 1 the exact day, 2 within a week, 3 within a month.
TimePrecision = Literal[1, 2, 3]
#: 1 the named site or town, 2 near it, 3 a region or province, 4 the country only.
GeoPrecision = Literal[1, 2, 3, 4]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of a document's text: ``text[start:end]`` of document ``doc_id``."""

    doc_id: str
    start: int
    end: int

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


def content_hash(text: str) -> str:
    """Identity of a document's content: whitespace runs do not make a new document."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Document:
    """One news report, as stored: its text and where it came from."""

    doc_id: str
    text: str
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # the file path, URL or "-" it was read from
    language: str | None = None
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)


@dataclass(slots=True)
class EventMention:
    """One violent event as one document reports it, coded the ACLED way."""

    doc_id: str
    event_type: EventType
    sub_event_type: str | None
    evidence: Evidence
    evidence_text: str = ""  # the words of ``evidence``, kept for exports and display
    date: dt.date | None = None
    time_precision: TimePrecision | None = None
    actor1: str | None = None
    actor2: str | None = None
    claimed_by: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    location: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: GeoPrecision | None = None
    weapons: tuple[Weapon, ...] = ()
    quantity: int | None = None
    outcome: Outcome = "unknown"
    fatalities: int | None = None
    injuries: int | None = None
    #: field name -> the span that field was read from
    spans: dict[str, Evidence] = field(default_factory=dict)
    incident: str | None = None


@dataclass(slots=True)
class Tally:
    """A running count someone stated ("attacked 46 times since October 17")."""

    doc_id: str
    count: int
    qualifier: Qualifier
    unit: TallyUnit
    evidence: Evidence
    evidence_text: str = ""
    target: str | None = None
    countries: tuple[str, ...] = ()
    since: dt.date | None = None
    as_of: dt.date | None = None
    speaker: str | None = None
    spans: dict[str, Evidence] = field(default_factory=dict)


@dataclass(slots=True)
class Extraction:
    """What the extract stage found in one document."""

    events: list[EventMention] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    #: what the reader should know about how this was read ("no publication date: ...")
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place: coordinates with an honest precision and their source."""

    name: str
    country: str | None
    latitude: float | None
    longitude: float | None
    precision: GeoPrecision
    admin1: str | None = None
    kind: str | None = None  # e.g. city, air_base, oil_field, region, country
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor of the knowledge base, with the names it goes by."""

    name: str
    aliases: tuple[str, ...] = ()
    acled_type: int | None = None  # ACLED inter code: 1 state forces ... 8 external forces
    affiliation: str | None = None
    country: str | None = None
    source: str | None = None


@dataclass(slots=True)
class Incident:
    """One real-world event, merged from the mentions of one or more documents."""

    incident_id: str
    event_type: EventType
    sub_event_type: str | None
    mentions: list[str] = field(default_factory=list)  # event keys, "doc_id#ordinal"
    date: dt.date | None = None
    time_precision: TimePrecision | None = None
    country: str | None = None
    location: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: GeoPrecision | None = None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None  # ACLED's choice: the lowest reported
    fatalities_low: int | None = None  # UCDP's low / best / high
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    injuries: int | None = None
    documents: int = 0
    sources: int = 0  # independent sources: near-copies of one story count once
    grade: Literal["confirmed", "multiple", "single", "contested"] = "single"


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """Why one input (a file, a line of it, a URL) could not be ingested."""

    origin: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line is not None else self.origin
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Filters:
    """What the query commands and the export narrow by."""

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    type: str | None = None  # an event type or sub-event type
    limit: int | None = None
    offset: int = 0  # rows to skip (with limit: a page of events)
