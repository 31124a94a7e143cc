"""Incidents as ACLED rows: ACLED's columns, codes and names (docs/acled.md).

Pure functions: an incident, its reports and the knowledge base in, one row out. What
ACLED's conventions are (inter codes, regions, disorder types ...) is data, read from
``knowledge/acled.yaml`` by :func:`warlog.knowledge.load_acled_conventions`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from warlog.knowledge import AcledConventions, AcledCountry
from warlog.link import sentence_around
from warlog.model import Actor, Document, EventMention, Incident

#: ACLED's columns, in ACLED's order
ACLED_FIELDS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip


@dataclass(frozen=True)
class Report:
    """One mention of an incident with the document it was read from (None if gone)."""

    event: EventMention
    document: Document | None


def representable(incident: Incident) -> bool:
    """ACLED records no event without a day or a country: such incidents are left out."""
    return incident.date is not None and incident.country is not None


def acled_record(
    incident: Incident,
    reports: Sequence[Report],
    actors: dict[str, Actor],
    conventions: AcledConventions,
    timestamp: int | None,
) -> dict[str, Any]:
    """An incident as one ACLED row; the incident must be :func:`representable`."""
    assert incident.date is not None and incident.country is not None
    country = conventions.countries.get(incident.country) or AcledCountry(incident.country, 0, incident.country, None)
    actor1, inter1 = side(incident.actor1 or conventions.unnamed_actor, incident.country, country, actors, conventions)
    actor2, inter2 = side(incident.actor2, incident.country, country, actors, conventions)
    outlets = sources(reports)
    return {
        "event_id_cnty": f"{country.iso3}{event_number(incident.incident_id)}",
        "event_date": incident.date.isoformat(),
        "year": incident.date.year,
        "time_precision": incident.time_precision,
        "disorder_type": disorder_type(incident, conventions),
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": None,
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": civilian_targeting(inter1, inter2, conventions),
        "iso": country.iso,
        "region": country.region,
        "country": country.name,
        "admin1": incident.admin1,
        "admin2": None,
        "admin3": None,
        "location": incident.location or incident.admin1 or country.name,
        "latitude": _four_decimals(incident.latitude),
        "longitude": _four_decimals(incident.longitude),
        "geo_precision": min(incident.geo_precision, 3) if incident.geo_precision else None,
        "source": "; ".join(outlets) or None,
        "source_scale": source_scale(outlets, conventions) or None,
        "notes": notes(reports),
        "fatalities": incident.fatalities or 0,
        "tags": f"warlog incident={incident.incident_id}; grade={incident.grade}",
        "timestamp": timestamp,
    }


def side(
    name: str | None, where: str, country: AcledCountry, actors: dict[str, Actor], conventions: AcledConventions
) -> tuple[str | None, int | None]:
    """An actor's name as the row writes it, and its inter code in the country ``where``.

    State forces outside their home country are external forces, as ACLED codes them;
    generic sides (civilians, an unidentified armed group) carry the country's name.
    """
    if name is None:
        return None, None
    generic = conventions.generic_actors.get(name)
    if generic is not None:
        return generic.name.format(country=country.name), generic.inter
    actor = actors.get(name)
    if actor is None or actor.acled_type is None:
        return name, None
    if actor.acled_type == conventions.inter_state and actor.country and actor.country != where:
        return name, conventions.inter_abroad
    return name, actor.acled_type


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction code: the lower inter code first; one side alone is x0."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def civilian_targeting(inter1: int | None, inter2: int | None, conventions: AcledConventions) -> str | None:
    """ACLED's mark of an event whose target is civilians."""
    return conventions.civilian_targeting if conventions.civilian_inter in (inter1, inter2) else None


def disorder_type(incident: Incident, conventions: AcledConventions) -> str | None:
    by_sub = conventions.disorder_sub_event_types.get(incident.sub_event_type or "")
    return by_sub or conventions.disorder_types.get(incident.event_type)


def event_number(incident_id: str) -> int:
    """The number of an ACLED event id: the incident id's hexadecimal digits, read as one
    number, so that the id stays the same from export to export ('I1a' -> 26)."""
    return int(incident_id.removeprefix("I"), 16)


def sources(reports: Sequence[Report]) -> list[str]:
    """The outlets behind the reports, each once, in the order of the reports: a document's
    ``source``, else its web address's host."""
    found: dict[str, None] = {}
    for report in reports:
        document = report.document
        if document is None:
            continue
        outlet = document.source or (urlsplit(document.url).hostname if document.url else None)
        if outlet:
            found[outlet.removeprefix("www.").strip()] = None
    return list(found)


def source_scale(outlets: Sequence[str], conventions: AcledConventions) -> str:
    """The scales of the known outlets, joined as ACLED joins them ('National-International')."""
    scales = {conventions.source_scales[o.lower()] for o in outlets if o.lower() in conventions.source_scales}
    return "-".join(scale for scale in conventions.scale_order if scale in scales)


def notes(reports: Sequence[Report]) -> str | None:
    """The sentence of the first report that tells of the incident, as the report words it."""
    for report in reports:
        event = report.event
        if report.document is not None:
            text, start = report.document.text, event.evidence.start
            end = start + len(text[start : event.evidence.end].rstrip())  # a trailing break opens no sentence
            sentence, _, _ = sentence_around(text, start, end)
            return " ".join(sentence.split())
        if event.evidence_text:
            return " ".join(event.evidence_text.split())
    return None


def unix_time(moment: dt.datetime) -> int:
    """Seconds since 1970 of a stored time (SQLite gives them back without their zone: UTC)."""
    return int((moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp())


def _four_decimals(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None
