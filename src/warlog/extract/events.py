"""From a candidate to the events it codes: one per place, each with its type, country,
coordinates, actors, weapons and numbers, and the words behind every field."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from warlog.extract.candidate import Candidate, PlaceMention
from warlog.extract.casualties import settle
from warlog.extract.coding import CIVILIAN_VIOLENCE, against_civilians, event_types, territory_type
from warlog.extract.context import previous_country
from warlog.extract.places import coordinates
from warlog.extract.roles import (
    CIVILIANS,
    STATE_ACTOR_TYPES,
    home_of_group,
    host_as_target,
    target_group_country,
)
from warlog.extract.triggers import described_as_armed
from warlog.extract.weapons import add_aircraft_doer, add_ground_killing, aerial_bombs, is_suicide, typed_weapons
from warlog.geocode import Resolver
from warlog.knowledge import Knowledge
from warlog.mentions import evidence_of
from warlog.model import EventMention, Evidence

#: words of an explosion: an attack so told is remote violence, never a direct attack on civilians
EXPLOSIVE_LEMMAS = {"blast", "explosion", "explode", "bombing", "bomb", "detonate", "detonation"}

#: verbs of taking a place back: with no taker named, a government's forces regain it
REGAIN_LEMMAS = {"recapture", "retake", "liberate"}


def code_events(
    kb: Knowledge,
    resolver: Resolver,
    doc: Doc,
    doc_id: str,
    main_country: str | None,
    candidates: list[Candidate],
    candidate: Candidate,
) -> Iterator[EventMention]:
    """The events of one candidate, one per place (``candidates``: all of the document's)."""
    places = candidate.places or [None]
    country_of_actor = target_group_country(kb, candidate)
    settle(candidate)
    add_aircraft_doer(candidate)
    aerial_bombs(candidate)
    # a named side, or armed men the text only describes ("Militants killed five soldiers")
    add_ground_killing(candidate, candidate.actor1 is not None or described_as_armed(kb, candidate.trigger))
    for place in places:
        yield code_event(kb, resolver, doc, doc_id, main_country, candidates, candidate, place, country_of_actor)


def event_country(
    kb: Knowledge,
    main_country: str | None,
    candidates: list[Candidate],
    c: Candidate,
    place: PlaceMention | None,
    fallback_country: str | None,
) -> str | None:
    """The place's country; with no place, a target group's home, an earlier event's country,
    the doing group's home ('killed during the al-Shabaab attack on the base', in a statement
    that names the US most) or the country the document names most; at sea, the coastal state
    of the armed group (as ACLED files it)."""
    country = place.country if place else None
    if country is None and place is None:
        country = fallback_country or previous_country(candidates, c, lambda e: home_of_group(kb, e))
        country = country or home_of_group(kb, c) or main_country
    elif country is None:  # at sea: ACLED files it under the coastal state of the armed group
        country = home_of_group(kb, c) or main_country
    return country


def weapons_at(c: Candidate, place: PlaceMention | None) -> dict[str, Span | Token]:
    """'two attacks: one with drones at the Conoco gas field, and one with rockets at
    al-Shaddadi': when each weapon is named nearest one of the places and every place has one,
    each place's event has its own; otherwise all of them."""
    weapons = dict(c.weapons)
    if place is None or len(c.places) < 2 or len(weapons) < 2:
        return weapons

    starts = {category: where.i if isinstance(where, Token) else where.start for category, where in weapons.items()}
    nearest = {
        category: min(c.places, key=lambda p: abs(p.span.start - start)).span.start for category, start in starts.items()
    }
    if {p.span.start for p in c.places} != set(nearest.values()):
        return weapons
    return {category: where for category, where in weapons.items() if nearest[category] == place.span.start}


def code_event(
    kb: Knowledge,
    resolver: Resolver,
    doc: Doc,
    doc_id: str,
    main_country: str | None,
    candidates: list[Candidate],
    c: Candidate,
    place: PlaceMention | None,
    fallback_country: str | None,
) -> EventMention:
    weapons = weapons_at(c, place)  # none named: `unspecified`
    typed = typed_weapons(kb, c) if weapons == c.weapons else set(weapons)
    event_type, sub_event_type = event_types(c.rule.kind, typed, is_suicide(weapons, c.clause))
    if c.rule.territory:
        taker = kb.actors.get(c.actor1[0]) if c.actor1 else None
        regained = c.rule.lemma in REGAIN_LEMMAS or None  # "liberated the town", "recaptured": a state's word
        sub_event_type = territory_type(regained if taker is None else taker.acled_type in STATE_ACTOR_TYPES)
    tokens = [t for t in c.clause]
    if place is not None and len(c.places) > 1:
        start = min(c.trigger.i, place.span.start)
        end = max(c.trigger.i + 1, place.span.end)
    else:
        start, end = tokens[0].i, tokens[-1].i + 1
    evidence_span = doc[start:end]
    spans: dict[str, Evidence] = {"event_type": evidence_of(doc_id, c.trigger)}
    country = event_country(kb, main_country, candidates, c, place, fallback_country)
    latitude, longitude, precision = coordinates(resolver, place, country)
    actor1 = c.actor1
    if actor1 is None and c.rule.kind == "intercept" and place is not None and place.hosts:
        actor1 = (place.hosts[0], place.span)  # "drones approaching Ain al-Asad were shot down": by its forces
    actor2 = host_as_target(kb, candidates, c, place, country)  # 'a police post': that country's police
    remote = c.rule.lemma in EXPLOSIVE_LEMMAS  # a blast is remote violence by its means, whoever set it
    if actor2 is not None and actor2[0] == CIVILIANS and not c.rule.territory and not remote:
        doer = kb.actors.get(c.actor1[0]) if c.actor1 else None
        # a group the knowledge base names, or one the text only describes ("gunmen")
        armed_group = (doer is not None and doer.acled_type not in STATE_ACTOR_TYPES) or (
            doer is None and described_as_armed(kb, c.trigger)
        )
        if against_civilians(c.rule.kind, set(typed) or {"unspecified"}, armed_group):
            event_type, sub_event_type = CIVILIAN_VIOLENCE
    if place is not None:
        spans["location"] = evidence_of(doc_id, place.span)
    for name, found in (("actor1", actor1), ("actor2", actor2), ("claimed_by", c.claimed_by)):
        if found is not None:
            spans[name] = evidence_of(doc_id, found[1])
    if c.date_span is not None:
        spans["date"] = evidence_of(doc_id, c.date_span)
    for category, where in weapons.items():
        spans[f"weapons.{category}"] = evidence_of(doc_id, where)
    for name, value in (("quantity", c.quantity), ("fatalities", c.fatalities), ("injuries", c.injuries)):
        if value is not None:
            spans[name] = evidence_of(doc_id, value[1])
    return EventMention(
        doc_id=doc_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        evidence=evidence_of(doc_id, evidence_span),
        evidence_text=evidence_span.text,
        date=c.date.date if c.date else None,
        time_precision=c.date.precision if c.date else None,
        actor1=actor1[0] if actor1 else None,
        actor2=actor2[0] if actor2 else None,
        claimed_by=c.claimed_by[0] if c.claimed_by else None,
        country=country,
        location=place.name if place and place.precision < 4 else None,
        admin1=place.admin1 if place else None,
        latitude=latitude,
        longitude=longitude,
        geo_precision=precision,
        weapons=tuple(sorted(weapons)) or ("unspecified",),
        quantity=c.quantity[0] if c.quantity else None,
        outcome=c.outcome,
        fatalities=c.fatalities[0] if c.fatalities else None,
        injuries=c.injuries[0] if c.injuries else None,
        spans=spans,
    )
