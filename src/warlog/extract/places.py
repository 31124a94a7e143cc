"""Where it happened: the places a clause names (the target, never the launch site, a
dateline, a time zone or a side's adjective), each resolved against the knowledge base and
the gazetteer, and the coordinates an event gets from its place or its country."""

from __future__ import annotations

from spacy.tokens import Span, Token

from warlog.extract.candidate import PlaceMention
from warlog.extract.clauses import in_subordinate
from warlog.extract.roles import is_launch_site, sides
from warlog.geocode import Resolver
from warlog.knowledge import Knowledge, KnownPlace
from warlog.mentions import sentence_ents
from warlog.resolve import DocumentPlaces, country_entry

PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: the small model sometimes types a town as a person or an organisation
MISTYPED_PLACE_LABELS = {"PERSON", "ORG", "NORP"}
TIME_PREPOSITIONS = {"during", "amid", "since", "until"}
COMPASS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
           "northern", "southern", "eastern", "western", "northeastern", "northwestern",
           "southeastern", "southwestern", "central")


def clause_places(
    kb: Knowledge,
    document_places: DocumentPlaces,
    main_country: str | None,
    sentence: Span,
    clause_ids: set[int],
    trigger: Token,
) -> list[PlaceMention]:
    """The places of a trigger's clause; the most specific ones when it names several kinds."""
    found: list[PlaceMention] = []
    agent_side = sides(trigger)[0] | {t.i for t in trigger.children if t.dep_ in {"nsubj", "agent"}}
    for ent in sentence_ents(sentence):
        if ent.start not in clause_ids or is_launch_site(ent, trigger):
            continue
        if in_subordinate(ent.root, trigger) or ent.root.i in agent_side:
            continue
        if is_dateline(ent) or is_time_zone(ent):
            continue  # "TAMPA, Fla. - ...", "0830 (Sanaa time)": where it was written, a clock
        if any(a.dep_ == "prep" and a.lower_ in TIME_PREPOSITIONS for a in ent.root.ancestors):
            continue
        if is_modifier(ent) and not ent.ent_id_.startswith("place:"):
            continue
        place = place_of(kb, document_places, main_country, ent)
        if place is None:
            continue
        if any(p.span.start <= ent.start < p.span.end for p in found):
            continue
        found.append(place)
    specific = [p for p in found if p.precision == 1] or [p for p in found if p.precision < 4]
    if specific:
        countries = {p.country for p in found if p.precision == 4}
        for place in specific:
            if place.country is None and len(countries) == 1:
                place.country = next(iter(countries))
        return specific
    return found


def place_of(
    kb: Knowledge, document_places: DocumentPlaces, main_country: str | None, ent: Span
) -> PlaceMention | None:
    """A named entity as a place: curated, else from the gazetteer, else None."""
    if ent.ent_id_.startswith("place:"):
        known = kb.places.get(ent.ent_id_.removeprefix("place:"))
        return known_place(ent, known) if known else None
    if ent.ent_id_.startswith("actor:") or ent.label_ not in PLACE_LABELS | MISTYPED_PLACE_LABELS:
        return None
    text = strip_article(ent.text)
    known = kb.place(text)
    if known is not None:
        return known_place(ent, known)
    if ent.label_ in MISTYPED_PLACE_LABELS:  # "shelled Kharkiv" with Kharkiv typed a person
        root = ent.root
        placed = root.dep_ in {"dobj", "nsubjpass"} or (
            root.dep_ == "pobj" and root.head.lower_ in {"in", "at", "near", "on", "into", "toward", "towards"}
        )
        if not placed or not document_places.is_sizeable_town(text):
            return None
    place = document_places.place(text)
    if place is None:
        if ent.label_ == "GPE":  # a place the gazetteer lacks: named, in the story's country
            return PlaceMention(ent, text, main_country, 1)
        return None
    direction = compass_before(ent)
    if direction is not None and place.precision >= 3:  # "northeastern Syria": a part of it
        span = ent.doc[direction.i : ent.end]
        part = document_places.place(span.text) or place
        return PlaceMention(span, part.name, part.country, 3, part.latitude, part.longitude, admin1=part.admin1)
    near = is_near(ent) or place.precision == 2
    precision = 1 if place.precision <= 2 else place.precision
    name = text if place.kind == "city" else place.name  # a town as the story spells it
    return PlaceMention(ent, name, place.country, precision, place.latitude, place.longitude, near, admin1=place.admin1)


def coordinates(
    resolver: Resolver, place: PlaceMention | None, country: str | None
) -> tuple[float | None, float | None, int | None]:
    """Latitude, longitude and geo precision of an event at a place (or in a country)."""
    if place is not None and place.latitude is not None:
        latitude, longitude, precision = place.latitude, place.longitude, place.precision
        if place.near and precision == 1:
            precision = 2
    else:  # no place, or one the gazetteer lacks: the country's point, and precision says so
        country_point = country_entry(resolver, country)
        latitude = country_point.latitude if country_point else None
        longitude = country_point.longitude if country_point else None
        precision = 4 if country_point else None
    return latitude, longitude, precision


# -- what a name in the text is, as a place ------------------------------------------


def is_dateline(ent: Span) -> bool:
    """'TAMPA, Fla. - Midday Dec. 14 ...': the place a release was issued from."""
    sentence = ent.sent
    head = sentence[: min(len(sentence), 8)]
    dash = next((t.i for t in head if t.text in {"-", "–", "—", "--"}), None)
    return dash is not None and ent.end <= dash and sentence.start <= ent.start


def is_time_zone(ent: Span) -> bool:
    """'(Sanaa time)', 'Kyiv time': a clock, not a place."""
    return ent.end < len(ent.doc) and ent.doc[ent.end].lower_ == "time"


def is_modifier(ent: Span) -> bool:
    """'US' in 'US base', 'Iran' in 'Iran-aligned': a side, not a place."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.text == "-":
        return True
    return ent.root.dep_ in {"compound", "amod", "nmod", "poss"}


def compass_before(ent: Span) -> Token | None:
    if ent.start == 0:
        return None
    before = ent.doc[ent.start - 1]
    return before if before.lower_ in COMPASS else None


def strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def known_place(span: Span, known: KnownPlace) -> PlaceMention | None:
    """A curated place; one without a point ("the Middle East") is too wide to place an event."""
    if known.latitude is None or known.longitude is None:
        return None
    precision = 3 if known.kind in {"region", "sea", "strait"} else 1
    return PlaceMention(
        span, known.name, known.country, precision, known.latitude, known.longitude, is_near(span), known.hosts,
        known.admin1,
    )


def is_near(span: Span) -> bool:
    """'near Erbil airport', 'outside the town': close to the place, not at it (precision 2)."""
    before = [t.lower_ for t in span.doc[max(span.sent.start, span.start - 2) : span.start]]
    return bool({"near", "outside", "around", "nearby"} & set(before))
