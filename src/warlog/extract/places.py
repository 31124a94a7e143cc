"""Where it happened: the places a clause names (the target, never the launch site, a
dateline, a time zone or a side's adjective), each resolved against the knowledge base and
the gazetteer, and the coordinates an event gets from its place or its country."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span, Token

from warlog import timex
from warlog.extract.candidate import PlaceMention
from warlog.extract.clauses import SEQUENCE_VERBS, SUBORDINATE, governing_verb
from warlog.extract.dates import RESPONSE_NOUNS
from warlog.extract.roles import COMPASS, SITE_NOUNS, is_launch_site, sides, where_told_of_agent
from warlog.geocode import Entry, Resolver, haversine_km
from warlog.knowledge import Knowledge, KnownPlace
from warlog.mentions import PERSON_TITLES, is_source, sentence_ents
from warlog.model import Place
from warlog.nlp import breaks_line, in_subtree, is_dateline, text_of
from warlog.resolve import MISTYPED_TOWN_POPULATION, DocumentPlaces, country_entry

PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: the small model sometimes types a town as a person, an organisation, a product ("Kramatorsk")
#: or a title ("a bus in Quetta")
MISTYPED_PLACE_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART"}
TIME_PREPOSITIONS = {"during", "amid", "since", "until"}
#: kind words of a first-level region, told before its name: "the province of Deir el-Zour"
PROVINCE_WORDS = {"province", "governorate", "state", "region", "oblast"}
#: prepositions before a place where an event happened (never "from": a launch site)
LOCATIVE_PREPOSITIONS = {"near", "in", "at", "outside", "around", "into", "toward", "towards"}
#: curated kinds of open water, where a strike on a ship is placed
SEA_KINDS = {"sea", "strait"}
#: gazetteer kinds of a region that may share its name with its main town
REGION_KINDS = {"admin1", "admin2", "state", "county"}
#: nouns a place name is given for after "of": "the Syrian town of Al-Bukamal"
SETTLEMENT_NOUNS = {"town", "city", "village", "district", "province", "governorate", "region", "area", "suburb",
                    "neighbourhood", "neighborhood", "port", "island", "oblast"}
#: "near the border with Pakistan": the line a place lies by
BORDER_WORDS = {"border", "frontier", "boundary"}
#: kind words a name may be followed by: "Zamfara state", "Idlib province", "Gaza City"
KIND_NOUNS = {"province", "governorate", "region", "state", "oblast", "district", "county", "prefecture", "city", "town"}
#: how far from a region's point a town of it may lie
REGION_REACH_KM = 150
#: last words of a named site ("the Baron Hotel", "Tajoura Detention Center", "Abbey Gate")
FACILITY_NOUNS = {"hotel", "center", "centre", "gate", "airport", "base", "camp", "hospital", "market", "prison",
                  "school", "university", "mosque", "church", "embassy", "compound", "barracks", "airfield",
                  "station", "checkpoint", "stadium", "bridge", "port", "refinery", "plant"}
#: words before a person's name
#: any day: whether a name reads as a date does not depend on which
DATE_PROBE = dt.date(2000, 1, 1)
#: a gerund in these roles is a noun ('killed there in shelling'), not a clause's verb
NOMINAL_DEPS = {"pobj", "pcomp", "dobj", "nsubj", "nsubjpass", "compound"}
#: words opening a clause of what was going on at the time ("while passing through ...")
WHILE_MARKS = {"while", "as", "when"}
#: the parts round a town that place what happened there: "the outskirts of Rafah"
OUTSKIRT_NOUNS = {"outskirt", "outskirts", "edge", "vicinity", "suburb", "suburbs", "centre", "center"}
#: how the members of a list of names hang together
LIST_DEPS = {"conj", "appos"}
#: the longest place name looked up for a name the parser left untyped
NAME_WORDS = 4


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
    relative: list[PlaceMention] = []  # "militants who attacked troops near Bangeeni"
    shared: list[PlaceMention] = []  # "killed two people and wounded five in central Baghdad"
    agent_side = sides(trigger)[0] | {t.i for t in trigger.children if t.dep_ in {"nsubj", "agent"}}
    agent_side |= named_doers(trigger)
    for ent in place_spans(document_places, sentence):
        opening = heads_the_line(ent, trigger)
        conjoined = ent.start not in clause_ids and told_with_verb(ent, trigger)
        described = ent.start not in clause_ids and describes_clause_noun(ent, clause_ids)
        if ent.start not in clause_ids and not opening and not conjoined and not described:
            continue
        if is_launch_site(ent, trigger) or (ent.root.i in agent_side and not opening and not is_airspace(ent)):
            continue
        if is_source(ent):
            continue  # "according to the Gaza health ministry": who told it
        subordinate = subordinate_clause(ent.root, trigger)
        if subordinate not in {None, "relcl"} and not opening:  # the parser may hang a line on the one before
            continue
        if is_dateline(ent) or is_time_zone(ent) or is_bracketed_name(ent) or across_border(ent):
            continue  # "TAMPA, Fla. - ...", "0830 (Sanaa time)", "near the border with Pakistan": not where
        if not opening and during_another_time(ent, trigger):
            continue  # a line's opening place scopes the line, however the parser hung it
        place = capital_named(document_places, ent)  # "in the Somali capital"
        if place is None:
            if is_modifier(ent) and not ent.ent_id_.startswith("place:") and not names_a_settlement(ent):
                continue
            place = place_of(kb, document_places, main_country, ent)
        if place is None:
            continue
        if any(p.span.start <= ent.start < p.span.end for p in found + relative + shared):
            continue
        (shared if conjoined else relative if described or subordinate is not None else found).append(place)
    if not any(p.precision < 4 for p in found):  # "killed four Iraqis ... and damaged two mosques in Abu Ghraib"
        found = next((ps for ps in (relative, shared) if any(p.precision < 4 for p in ps)), found)
    found = found or relative or shared or sea_nearby(kb, sentence, trigger)
    if any(not is_reference_point(p.span) and p.precision < 4 for p in found):  # "near Buulobarde, 218 km north of Mogadishu"
        found = [p for p in found if not is_reference_point(p.span)]
    found = found or place_of_there(kb, document_places, main_country, sentence, clause_ids, trigger)
    found = found or site_told_before(kb, sentence, clause_ids)
    found = [same_country_as_list(document_places, place, found) for place in found]
    found = within_regions(document_places, found)
    found = [place for place in found if not locates_a_site(place, found)]
    found = [place for place in found if not qualifies_another(place, found) and not owns_another(place, found)]
    specific = [p for p in found if p.precision == 1] or [p for p in found if p.precision < 4]
    if specific:
        countries = {p.country for p in found if p.precision == 4}
        for place in specific:
            if place.country is None and len(countries) == 1:
                place.country = next(iter(countries))
        return specific
    return found


def doer_places(
    kb: Knowledge, document_places: DocumentPlaces, main_country: str | None, sentence: Span, trigger: Token
) -> list[PlaceMention]:
    """'Assailants in southern Baghdad opened fire in a bakery', 'Militants in Kandahar attacked
    a checkpoint', 'an attack by PKK militants in northern Iraq': where the doers were, for an
    act at close range that names no other place (a launch site is no place of a rocket's
    target, so the reader asks this only without one)."""
    subjects = [c for c in trigger.children if c.dep_ == "nsubj"]
    if trigger.pos_ == "NOUN":  # "an attack by PKK militants in northern Iraq"
        subjects += [c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "by"]
    found = []
    for ent in place_spans(document_places, sentence):
        root = ent.root
        held = any(in_subtree(root, s) for s in subjects)
        if held and root.dep_ == "pobj" and root.head.lower_ in {"in", "near", "from"} and not is_dateline(ent):
            place = place_of(kb, document_places, main_country, ent)
            if place is not None and place.precision < 4:
                found.append(place)
    return found[:1]


def named_doers(trigger: Token) -> set[int]:
    """The words of the subject that did it, whole: "the United States, France, and the
    United Kingdom carried out a series of strikes" names three doers, not three places
    struck (the subject of the trigger, or of the verb whose object holds a noun trigger; not
    of "Kyiv and Dnipro came under fire", where the subject is what was struck)."""
    heads = [trigger]
    token = trigger
    while token.pos_ != "VERB" and token.head.i != token.i and token.dep_ in {"dobj", "pobj", "prep", "compound", "conj"}:
        if token.dep_ == "dobj" and token.head.pos_ == "VERB":
            heads.append(token.head)  # "carried out a series of strikes", "conducted strikes"
            break
        token = token.head
    found: set[int] = set()
    for head in heads:
        for doer in head.children:
            if doer.dep_ in {"nsubj", "agent"} and not in_subtree(trigger, doer):
                found.update(range(doer.left_edge.i, doer.right_edge.i + 1))
                found -= where_told_of_agent(doer) if doer.dep_ == "agent" else set()
    return found


def place_spans(document_places: DocumentPlaces, sentence: Span) -> list[Span]:
    """The spans of a sentence that may name a place, in order: its entities of a place's
    type (or a mistyped one, or curated as a place) without a leading preposition, and the
    towns the parser left untyped; found once per sentence, which each trigger asks for."""
    cache = sentence.doc.user_data.setdefault("warlog_place_spans", {})
    if sentence.start not in cache:
        named = [
            with_kind_noun(document_places, whole_name(document_places, without_preposition(ent)))
            for ent in sentence_ents(sentence)
        ]
        spans = sorted([*named, *unnamed_places(document_places, sentence)], key=lambda e: e.start)
        cache[sentence.start] = [
            span for span in spans
            if (span.label_ in PLACE_LABELS | MISTYPED_PLACE_LABELS or span.ent_id_.startswith("place:"))
            and not locates_the_named(span)
        ]
    return cache[sentence.start]


def locates_the_named(span: Span) -> bool:
    """'the southern Gaza city of Rafah', 'the Syrian town of Al-Bukamal': a name on the kind
    word of another place's name says where that place is; it is no place of its own."""
    noun = span.root.head
    return span.root.dep_ in {"compound", "amod", "nmod"} and noun.lower_ in KIND_NOUNS and names_its_place(noun)


def names_its_place(noun: Token) -> bool:
    """'city of Rafah': a kind word followed by the name of the place it is."""
    return any(
        c.dep_ == "prep" and c.lower_ == "of" and any(o.dep_ == "pobj" and o.ent_type_ for o in c.children)
        for c in noun.children
    )


def whole_name(document_places: DocumentPlaces, ent: Span) -> Span:
    """'Deir ez-Zor' typed only as 'Deir', 'Dera Ismail Khan' as 'Ismail Khan': a place entity
    with the proper nouns before it or the proper nouns or hyphenated words after it that the
    gazetteer knows as one name (Syria's city, not a 'Deir' of
    Ethiopia)."""
    doc = ent.doc
    if ent.label_ in PLACE_LABELS | MISTYPED_PLACE_LABELS and not ent.ent_id_:
        start, first = ent.start, max(ent.start - NAME_WORDS, ent.sent.start)
        while start > first and doc[start - 1].tag_ == "NNP" and not doc[start - 1].ent_type_:
            start -= 1  # "Dera Ismail Khan" typed only as 'Ismail Khan', a person
            if document_places.best(doc[start : ent.end].text)[1] == "exact":
                return Span(doc, start, ent.end, label="GPE")
    if ent.label_ not in PLACE_LABELS or ent.ent_id_ or ent.end >= len(doc):
        return ent
    end = ent.end
    while end < min(ent.end + NAME_WORDS, ent.sent.end) and not doc[end].ent_type_ and (
        doc[end].text == "-" or doc[end].tag_ == "NNP" or doc[end - 1].text == "-"
    ):
        end += 1
        name = doc[ent.start : end]
        if doc[end - 1].text != "-" and document_places.best(name.text)[1] == "exact":
            return Span(doc, ent.start, end, label=ent.label_)
    return ent


def sea_entities(kb: Knowledge, doc: Doc) -> list[Span]:
    """The document's curated seas and straits, in order; found once, since every strike
    its clause places nowhere asks."""
    seas = doc.user_data.get("warlog_seas")
    if seas is None:
        seas = doc.user_data["warlog_seas"] = [
            ent for ent in doc.ents
            if ent.ent_id_.startswith("place:")
            and getattr(kb.places.get(ent.ent_id_.removeprefix("place:")), "kind", None) in SEA_KINDS
        ]
    return seas


def is_airspace(ent: Span) -> bool:
    """'shot down by a Houthi missile over Yemen': the sky a weapon was over is where it
    struck, whichever noun the parser hung it on (the doer's weapon's, here)."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ == "over"


def during_another_time(ent: Span, trigger: Token) -> bool:
    """'a bombing in Kabul during the talks': a place under a time preposition belongs to the
    time's noun, as one in what the act answers belongs to that; but one below the trigger
    is its own ('during the attack on Al Asad')."""
    for ancestor in ent.root.ancestors:
        if ancestor.i == trigger.i:
            return False
        if ancestor.dep_ == "prep" and ancestor.lower_ in TIME_PREPOSITIONS:
            return True
        if ancestor.dep_ == "prep" and ancestor.lower_ in {"to", "for"} and ancestor.head.lemma_.lower() in RESPONSE_NOUNS:
            return True  # "strikes in Yemen in response to the threats in the Red Sea"
    return False


def qualifies_another(place: PlaceMention, found: list[PlaceMention]) -> bool:
    """'in Nahr-e Saraj, Helmand': a region named right after a place of it says where that
    place is; it is no second place."""
    doc = place.span.doc
    start = place.span.start
    if place.precision != 3 or place.admin1 is None or start < 2 or doc[start - 1].text != ",":
        return False
    return any(
        other.span.end == start - 1 and other.admin1 == place.admin1 and other.country == place.country
        for other in found if other is not place
    )


def locates_a_site(place: PlaceMention, found: list[PlaceMention]) -> bool:
    """'the Harir air base in Erbil', 'the Victory base complex near Baghdad airport': a place
    told right after a known site, near it, says where the site is; it is no second place struck."""
    doc = place.span.doc
    start = place.span.start
    if start < 2 or doc[start - 1].lower_ not in {"in", "near", "outside"} or place.latitude is None:
        return False
    return any(
        other.span.end == start - 1 and other.span.ent_id_.startswith("place:") and other.latitude is not None
        and haversine_km(place.latitude, place.longitude, other.latitude, other.longitude) <= SITE_REACH_KM
        for other in found if other is not place
    )


#: how far a town may lie from the known site it locates ("the Harir air base in Erbil": 60 km)
SITE_REACH_KM = 80


def within_regions(document_places: DocumentPlaces, found: list[PlaceMention]) -> list[PlaceMention]:
    """'the community of Njaba in Borno state': a region told right after a place says where
    that place is; it is no second place, and a town of that name elsewhere (another Njaba,
    far from Borno) is not the one meant: the region's town of that name, else the region's
    point for it."""
    doc = found[0].span.doc if found else None
    told_in: dict[int, PlaceMention] = {}  # id of a place -> the region told after it
    for region in found:
        start = region.span.start
        if region.precision != 3 or region.admin1 is None or start < 1 or doc[start - 1].lower_ != "in":
            continue
        town = next((p for p in found if p is not region and p.span.end == start - 1 and p.precision <= 3), None)
        if town is not None and town.span.ent_id_ == "" and id(town) not in told_in:
            told_in[id(town)] = region
    regions = {id(r) for r in told_in.values()}
    placed = []
    for place in found:
        if id(place) in regions:
            continue
        region = told_in.get(id(place))
        placed.append(place if region is None else placed_in(document_places, place, region))
    return placed


def placed_in(document_places: DocumentPlaces, place: PlaceMention, region: PlaceMention) -> PlaceMention:
    """A place as one of the region told with it: as it is when it lies there, else the
    region's town of its name, else at the region's point (precision 3)."""
    if place.latitude is not None and region.latitude is not None and (
        (place.admin1 == region.admin1 and place.country == region.country)
        or haversine_km(place.latitude, place.longitude, region.latitude, region.longitude) <= REGION_REACH_KM
    ):
        return place
    candidates, _ = document_places.resolver.gaz.candidates(place.span.text)
    towns = [e for e in candidates if e.kind == "city" and e.country == region.country and e.admin1 == region.admin1]
    town = max(towns, key=lambda e: e.population, default=None)
    if town is not None:
        return PlaceMention(place.span, place.name, town.country, 1, town.latitude, town.longitude, place.near,
                            admin1=town.admin1)
    return PlaceMention(place.span, place.name, region.country, 3, region.latitude, region.longitude, place.near,
                        admin1=region.admin1)


def owns_another(place: PlaceMention, found: list[PlaceMention]) -> bool:
    """'in northern Iraq's Duhok province': a place whose possessive names another place says
    where that place is; the other is the place, and more specific."""
    root = place.span.root
    return root.dep_ == "poss" and any(
        other is not place and other.span.start <= root.head.i < other.span.end for other in found
    )


def same_country_as_list(
    document_places: DocumentPlaces, place: PlaceMention, found: list[PlaceMention]
) -> PlaceMention:
    """'Kryvyi Rih, Dnipro, Kropyvnytskyi and Pokrovsk': a town listed with towns of one other
    country is that country's town of its name, if it has one (not the Russian city once
    called Pokrovsk)."""
    others = {p.country for p in found if p is not place and p.precision <= 2 and p.latitude is not None}
    listed = sum(p is not place and p.precision <= 2 for p in found)
    if place.span.ent_id_ or place.latitude is None or len(others) != 1 or listed < 2 or place.country in others:
        return place
    town = town_named(document_places, place.span.text, next(iter(others)))
    if town is None:
        return place
    return PlaceMention(place.span, place.name, town.country, place.precision, town.latitude, town.longitude,
                        place.near, admin1=town.admin1)


def place_of_there(
    kb: Knowledge,
    document_places: DocumentPlaces,
    main_country: str | None,
    sentence: Span,
    clause_ids: set[int],
    trigger: Token,
) -> list[PlaceMention]:
    """'Officials in Donetsk say six people were killed there (in shelling)': 'there' in the
    clause, or on the verb the trigger hangs from, is the last place its sentence names before it."""
    verb = next((a for a in [trigger, *trigger.ancestors] if a.pos_ == "VERB" and a.dep_ not in NOMINAL_DEPS), trigger)
    there = next(
        (t for t in sentence if t.lower_ == "there" and t.dep_ == "advmod" and (t.i in clause_ids or t.head.i == verb.i)),
        None,
    )
    if there is None:
        return []
    for ent in reversed([e for e in sentence_ents(sentence) if e.end <= there.i]):
        place = place_of(kb, document_places, main_country, without_preposition(ent))
        if place is not None and place.precision < 4:
            return [place]
    return []


def site_told_before(kb: Knowledge, sentence: Span, clause_ids: set[int]) -> list[PlaceMention]:
    """'A second drone was shot down before reaching the base': 'the base' with no name of its
    own is the last garrisoned site (one the knowledge base knows forces at) the story named
    before it."""
    doc = sentence.doc
    told = [
        t for t in sentence
        if t.i in clause_ids and t.tag_ == "NN" and t.lower_ in SITE_NOUNS and t.ent_type_ == ""
        and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
    ]
    if not told:
        return []
    for ent in reversed([e for e in doc.ents if e.end <= told[0].i]):  # in the sentence too: "Two drones
        # targeted Ain al-Asad; ... the other crashed inside the base"
        known = kb.places.get(ent.ent_id_.removeprefix("place:")) if ent.ent_id_.startswith("place:") else None
        if known is not None and known.hosts:
            place = known_place(ent, known)
            return [place] if place is not None else []
    return []


def sea_nearby(kb: Knowledge, sentence: Span, trigger: Token) -> list[PlaceMention]:
    """'... fired toward M/V Sea Star while transiting the Gulf of Aden': a strike its clause
    places nowhere, told with a sea or strait, is at that sea: the one its sentence names,
    else the last one named before it in its paragraph ('In the southern Red Sea, ... Later,
    missiles were fired at the vessel')."""
    doc = sentence.doc
    paragraph = text_of(doc).rfind("\n", 0, sentence.start_char) + 1
    seas = [ent for ent in sea_entities(kb, doc) if paragraph <= ent.start_char and ent.end <= sentence.end]
    inside = [
        ent for ent in seas
        if ent.start >= sentence.start and not is_launch_site(ent, trigger) and not describes_a_noun(ent, trigger)
    ]
    before = [ent for ent in seas if ent.start < sentence.start]
    for ent in [*inside, *before[-1:]]:
        place = known_place(ent, kb.places[ent.ent_id_.removeprefix("place:")])
        if place is not None:
            return [place]
    return []


def describes_a_noun(ent: Span, trigger: Token) -> bool:
    """'attacks on vessels transiting the Red Sea': a place in a clause that describes a noun
    tells where that thing is, not where the trigger's event was; one in a 'while' clause
    below it tells where the ship was when struck ('a missile launched from Yemen while
    passing through the Bab-el-Mandeb')."""
    for ancestor in [ent.root, *ent.root.ancestors]:
        if ancestor.i == trigger.i:
            return False
        if ancestor.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in WHILE_MARKS for c in ancestor.children):
            return False
        if ancestor.dep_ in {"acl", "relcl"}:
            return not aimed_into(ent, ancestor)
    return False


def aimed_into(ent: Span, verb: Token) -> bool:
    """'struck by one missile launched from Yemen into the Gulf of Aden': where the weapon the
    clause describes was sent is where it struck."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ in {"into", "toward", "towards"} and root.head.head.i == verb.i


def place_of(
    kb: Knowledge, document_places: DocumentPlaces, main_country: str | None, ent: Span
) -> PlaceMention | None:
    """A named entity as a place: curated, else from the gazetteer, else None."""
    if ent.ent_id_.startswith("place:"):
        known = kb.places.get(ent.ent_id_.removeprefix("place:"))
        return known_place(ent, known) if known else None
    if ent.ent_id_.startswith("actor:") or ent.label_ not in PLACE_LABELS | MISTYPED_PLACE_LABELS:
        return None
    if is_titled(ent):
        return None
    text = strip_article(ent.text)
    if text.lower() in kb.weapons:
        return None  # "shot down a UAV": a weapon the model typed a name (a town's other name in GeoNames)
    province = province_of(ent)
    if province is not None:
        # "the province of Deir el-Zour", "the governorates of Abyan, Al Bayda and Shabwah":
        # the province, not the town (or the namesake abroad) it is named after
        region = f"{text} {province}"
        text = region if document_places.place(region) is not None else text
    known = kb.place(text)
    if known is not None:
        return known_place(ent, known)
    if is_facility(ent):  # "the Tajoura Detention Center": the site, at its town when the story names one
        return facility_place(kb, document_places, ent, text, country_nearby(kb, document_places, ent) or main_country)
    country = country_after(document_places, ent)  # "Qunyo Barrow, Somalia": a town of Somalia
    if ent.label_ in MISTYPED_PLACE_LABELS and country is None:  # "shelled Kharkiv" with Kharkiv typed a person
        root = ent.root
        while root.dep_ in LIST_DEPS and root.head.i != root.i:
            root = root.head  # "hit Khan Younis and Rafah", both typed persons: placed as the list's first
        after_preposition = (
            root.dep_ == "pobj" and root.head.lower_ in {"in", "at", "near", "on", "into", "toward", "towards", "over"}
        ) or (ent.start > 0 and ent.doc[ent.start - 1].lower_ in LOCATIVE_PREPOSITIONS)  # "-- Near Sinjar, ..."
        after_preposition = after_preposition or (  # "shelled the eastern outskirts of Rafah", Rafah typed a person
            root.dep_ == "pobj" and root.head.lower_ == "of"
            and (root.head.head.lemma_.lower() in OUTSKIRT_NOUNS or root.head.head.lower_ in COMPASS)
        )  # "35 kilometers northeast of Kismayo", Kismayo typed a person
        listed = in_place_list(ent)  # "Kyiv, Kryvyi Rih and Dnipro", "the governorates of Abyan, Al Bayda ..."
        # "in Nabatieh governorate", "the governorates of Abyan ...", with Abyan typed an organisation
        kind = has_kind_noun(ent) or province is not None or names_a_settlement(ent)
        placed = root.dep_ in {"dobj", "nsubjpass"} or after_preposition or listed or is_named_settlement(ent) or kind
        if not placed:
            return None
        # "a rocket hit a pitch in Majdal Shams": after a preposition, a town of the story's countries
        if not document_places.is_sizeable_town(text) and not (
            (after_preposition or listed) and is_known_town(document_places, text)
        ) and not is_named_settlement(ent) and not kind:
            return None
    place = document_places.place(text)
    if place is not None and country is not None and place.country != country:
        place = None  # another town of that name: the one the text means is not in the gazetteer
    if place is not None and is_far_spelling(document_places, text):
        place = None  # "Beiji" read as a Chinese village's variant: the Iraqi town, spelt otherwise
    if place is None:
        if is_gloss(ent):
            return None
        if country is not None or (ent.label_ == "GPE" and not is_common_word(ent)):
            country = country or country_nearby(kb, document_places, ent) or main_country
            return PlaceMention(ent, text, country, 1)  # a place the gazetteer lacks
        return None
    direction = compass_before(ent)
    if direction is not None and place.precision >= 3:  # "northeastern Syria": a part of it
        span = ent.doc[direction.i : ent.end]
        part = document_places.place(span.text) or place
        return PlaceMention(span, part.name, part.country, 3, part.latitude, part.longitude, admin1=part.admin1)
    near = is_near(ent) or place.precision == 2
    if near and place.kind in REGION_KINDS:  # "near Raqqa": the town, not the province named after it
        town = town_named(document_places, text, place.country)
        if town is not None:
            return PlaceMention(ent, text, town.country, 1, town.latitude, town.longitude, True, admin1=town.admin1)
    precision = 1 if place.precision <= 2 else place.precision
    name = text if place.kind in {"city", *REGION_KINDS} else place.name  # as the story spells it
    name = bare_name(document_places, ent, place) or name
    return PlaceMention(ent, name, place.country, precision, place.latitude, place.longitude, near, admin1=place.admin1)


def province_of(ent: Span) -> str | None:
    """'the province of Deir el-Zour', 'the governorates of Abyan, Al Bayda and Shabwah', 'Khost
    and Paktika provinces': the kind of province a name (or the list it is in) is given as."""
    first = ent.root
    while first.dep_ in LIST_DEPS and first.head.i != first.i:
        first = first.head
    of = first.head
    if first.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in PROVINCE_WORDS:
        return of.head.lemma_.lower()
    if first.dep_ in {"compound", "nmod"} and of.tag_ == "NNS" and of.lemma_.lower() in PROVINCE_WORDS:
        return of.lemma_.lower()  # "Khost and Paktika provinces"
    return None


def names_a_settlement(ent: Span) -> bool:
    """'in the Nuseirat refugee camp', 'the Karrada district': a name that describes a
    settlement's noun after it, a place whatever the parser typed it."""
    head = ent.root
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head  # "Nuseirat refugee camp": through 'refugee' to 'camp'
    return head.i != ent.root.i and head.lemma_.lower() in SETTLEMENT_NOUNS | {"camp"}


def has_kind_noun(ent: Span) -> bool:
    """'Nabatieh governorate', 'Belgorod region': a name with its kind word, a place whatever
    the parser typed it."""
    return len(ent) > 1 and ent[-1].lower_ in KIND_NOUNS and ent[-1].is_lower


def bare_name(document_places: DocumentPlaces, ent: Span, place: Place) -> str | None:
    """'Kherson city': the name without a town's kind word when it adds nothing (its bare
    name means the same place)."""
    if not has_kind_noun(ent) or ent[-1].lower_ not in {"city", "town"}:
        return None  # a region's kind word is part of its name as news writes it ("Diyala province")
    bare = strip_article(ent.doc[ent.start : ent.end - 1].text)
    alone = document_places.place(bare)
    if alone is None or (alone.latitude, alone.longitude, alone.precision) != (place.latitude, place.longitude, place.precision):
        return None
    return bare


def facility_place(
    kb: Knowledge, document_places: DocumentPlaces, ent: Span, text: str, country: str | None
) -> PlaceMention:
    """A named site the gazetteer lacks, under its own name: inside a curated site named
    right after it ('Abbey Gate at Hamid Karzai International Airport', held by the forces it
    hosts), at the town its
    name holds ('Tajoura Detention Center') or the town named right after it ('... outside
    Tripoli'), else in the story's country with no point of its own."""
    doc = ent.doc
    start = ent.start + (ent[0].lower_ == "the")
    words = [doc[start:stop].text for stop in range(ent.end - 1, start, -1)]
    span = ent
    if ent.end + 1 < len(doc) and doc[ent.end].lower_ in {"outside", "near", "in", "at"}:
        after = ent.end + 1 + (doc[ent.end + 1].lower_ == "the")
        town = next((e for e in doc.ents if e.start in {ent.end + 1, after}), None)
        site = kb.places.get(town.ent_id_.removeprefix("place:")) if town is not None else None
        if town is not None and site is not None and site.latitude is not None and town.ent_id_.startswith("place:"):
            span = doc[ent.start : town.end]
            # a site inside it is held by the forces it hosts ('Abbey Gate at HKIA')
            return PlaceMention(
                span, text, site.country, 1, site.latitude, site.longitude, True, site.hosts, admin1=site.admin1
            )
        if town is not None and town.label_ == "GPE":
            words.append(town.text)
            span = doc[ent.start : town.end]
    for word in words:
        town = document_places.place(word)
        if town is not None and town.precision <= 2 and is_story_town(document_places, word, town.country):
            return PlaceMention(span, text, town.country, 1, town.latitude, town.longitude, True, admin1=town.admin1)
    return PlaceMention(span, text, country, 1)


def country_nearby(kb: Knowledge, document_places: DocumentPlaces, ent: Span) -> str | None:
    """The country of a place the gazetteer lacks, from the places told with it: the
    nearest one its sentence names ('Abqaiq and Khurais in eastern Saudi Arabia'), else the
    last one named before it (a release's 'Iraq' heading over '* Near Kisik, ...'), rather
    than the country the document names most."""
    doc = ent.doc
    sentence = [e for e in sentence_ents(ent.sent) if e.start != ent.start]
    before = [e for e in doc.ents if e.end <= ent.sent.start]
    for other in [*sorted(sentence, key=lambda e: abs(e.start - ent.start)), *reversed(before)]:
        country = named_country(kb, document_places, other)
        if country is not None:
            return country
    return None


def named_country(kb: Knowledge, document_places: DocumentPlaces, ent: Span) -> str | None:
    """The country a name places things in: a curated place's, a country's own, or that of a
    town of the document's countries; never a side's ('U.S. forces', 'Iran-backed')."""
    if ent.ent_id_.startswith("place:"):
        known = kb.places.get(ent.ent_id_.removeprefix("place:"))
        return known.country if known is not None else None
    if ent.label_ not in PLACE_LABELS or ent.ent_id_ or is_modifier(ent) or is_dateline(ent):
        return None
    if not is_locative(ent):
        return None  # "Iran said", "Israel struck": a side, not where things are
    entry, how = document_places.best(strip_article(ent.text))
    if entry is None or how != "exact" or entry.kind == "continent":
        return None
    if entry.kind == "country" or entry.curated or document_places.context.countries[entry.country] > 0:
        return entry.country
    return None


def is_far_spelling(document_places: DocumentPlaces, text: str) -> bool:
    """A name the gazetteer matches only as another spelling of a small town in a country the
    document never names: more likely a town it lacks, spelt as the story spells it."""
    entry, how = document_places.best(text)
    return (
        entry is not None and how not in {"exact", ""} and not entry.curated and entry.kind == "city"
        and entry.population < MISTYPED_TOWN_POPULATION and document_places.others_in(text, entry.country) <= 0
    )


def is_locative(ent: Span) -> bool:
    """A name that says where: after a locative preposition ('in Iraq', 'near Raqqa'), in a
    list with another place, or alone on its line (a release's 'Syria' heading)."""
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS:
        return True
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ in LOCATIVE_PREPOSITIONS:
        return True
    if root.dep_ == "conj" and root.head.ent_type_ in PLACE_LABELS:
        return True
    doc = ent.doc
    line_start = ent.start == 0 or "\n" in doc[ent.start - 1].text
    return line_start and (ent.end == len(doc) or "\n" in doc[ent.end].text)


def is_story_town(document_places: DocumentPlaces, name: str, country: str | None) -> bool:
    """A town of a country the document names, or one curated."""
    entry, how = document_places.best(name)
    return entry is not None and how == "exact" and (entry.curated or document_places.context.countries[country] > 0)


def is_facility(ent: Span) -> bool:
    """A capitalised name ending in a word for a site: 'the Baron Hotel', 'Abbey Gate'."""
    last = ent[-1]
    return len(ent) > 1 and last.lower_ in FACILITY_NOUNS and last.text[:1].isupper() and ent[0].text[:1].isupper() \
        or (len(ent) > 2 and ent[0].lower_ == "the" and last.lower_ in FACILITY_NOUNS and last.text[:1].isupper())


def capital_named(document_places: DocumentPlaces, ent: Span) -> PlaceMention | None:
    """'in the Somali capital', 'Syria's capital': the country's capital city."""
    doc = ent.doc
    after = ent.end + (1 if ent.end < len(doc) and doc[ent.end].tag_ == "POS" else 0)
    if ent.label_ not in {"NORP", "GPE"} or after >= len(doc) or doc[after].lower_ != "capital":
        return None
    entry, how = document_places.best(ent.text)
    if entry is None or how != "exact" or entry.kind != "country":
        return None
    capital = document_places.resolver.gaz.capitals.get(entry.country)
    if capital is None:
        return None
    span = doc[ent.start : after + 1]
    return PlaceMention(span, capital.name, capital.country, 1, capital.latitude, capital.longitude,
                        is_near(span), admin1=capital.admin1)


def in_place_list(ent: Span) -> bool:
    """A name conjoined with a place name ('Kyiv, Kryvyi Rih, Dnipro and Pokrovsk'): a list
    of places, whatever type the parser gave each member."""
    first = ent.root
    while first.dep_ in LIST_DEPS and first.head.i != first.i:
        first = first.head
    members = [first]
    for member in members:
        members.extend(t for t in member.children if t.dep_ in LIST_DEPS)
    if any(t.ent_type_ in PLACE_LABELS and not ent.start <= t.i < ent.end for t in members):
        return True
    return first.i != ent.root.i and is_named_settlement(first.doc[first.i : first.i + 1])


def is_named_settlement(ent: Span) -> bool:
    """'the Syrian town of Al-Bukamal': a name given as a town's."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in SETTLEMENT_NOUNS


def town_named(document_places: DocumentPlaces, text: str, country: str | None) -> Entry | None:
    """The largest town of a country bearing a name, if any."""
    candidates, _ = document_places.resolver.gaz.candidates(text)
    towns = [e for e in candidates if e.kind == "city" and e.country == country]
    return max(towns, key=lambda e: e.population, default=None)


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


def unnamed_places(document_places: DocumentPlaces, sentence: Span) -> list[Span]:
    """Towns the parser left untyped ("-- Near Raqqa, three strikes ...", "the Ukrainian city of
    Odesa", "Rockets hit Kharkiv", "in Kyiv, Lviv and Dnipro") or typed a date: a capitalised name right after a locative preposition (or a
    town's "of") that the gazetteer knows, as a town of a country the document names or a
    sizeable one, becomes a GPE span."""
    doc = sentence.doc
    covered = {i for ent in sentence_ents(sentence) if not is_misread_date(ent) for i in range(ent.start, ent.end)}
    found: list[Span] = []
    for token in sentence:
        if token.dep_ == "dobj" and token.pos_ == "PROPN" and token.i not in covered and token.head.pos_ == "VERB":
            if document_places.is_sizeable_town(token.text):  # "Rockets hit Kharkiv", the name left untyped
                found.append(Span(doc, token.i, token.i + 1, label="GPE"))
            continue
        listed = token.dep_ == "conj" and token.head.i in covered and doc[token.head.i].ent_type_ in PLACE_LABELS
        if listed and token.pos_ == "PROPN" and token.i not in covered:
            if document_places.is_sizeable_town(token.text):  # "in Kyiv, Lviv and Dnipro", Lviv left untyped
                found.append(Span(doc, token.i, token.i + 1, label="GPE"))
            continue
        named_as = token.lower_ == "of" and token.head.lemma_.lower() in SETTLEMENT_NOUNS  # "the city of Odesa"
        airspace = token.lower_ == "over"  # "shot down over Donetsk", not "over Ramadan": an exact name only
        if (token.lower_ not in LOCATIVE_PREPOSITIONS and not named_as and not airspace) or token.i + 1 >= sentence.end:
            continue
        end = token.i + 1
        while end < sentence.end and end - token.i <= NAME_WORDS and end not in covered and is_name_word(doc, end):
            end += 1
        while end > token.i + 1 and not doc[end - 1].text[:1].isupper():
            end -= 1  # a name ends on a capitalised word, not on a hyphen or an article
        for stop in range(end, token.i + 1, -1):
            span = doc[token.i + 1 : stop]
            if is_known_town(document_places, span.text) and (not airspace or document_places.best(span.text)[1] == "exact"):
                found.append(Span(doc, span.start, span.end, label="GPE"))
                break
    return found


def is_misread_date(ent: Span) -> bool:
    """'Near Manbij' with Manbij typed a date: capitalised words no calendar reading fits."""
    return (
        ent.label_ in {"DATE", "TIME"} and all(t.is_alpha and t.text[:1].isupper() for t in ent)
        and timex.resolve(ent.text, DATE_PROBE) is None
    )


def describes_clause_noun(ent: Span, clause_ids: set[int]) -> bool:
    """'an airstrike against militants who engaged troops near Bangeeni': a place in a relative
    clause on a noun of the trigger's clause (another trigger's clause, so not the trigger's
    own) tells where that noun was; so does the sky a weapon was fired over ('destroyed a
    drone launched from Yemen over the Red Sea')."""
    for ancestor in ent.root.ancestors:
        if ancestor.i in clause_ids:
            return False
        if ancestor.dep_ == "relcl" or ancestor.dep_ == "acl" and is_airspace(ent):
            return ancestor.head.i in clause_ids
    return False


def told_with_verb(ent: Span, trigger: Token) -> bool:
    """Where the trigger's clause leaves off: 'has killed two people and wounded five in
    central Baghdad' (a verb conjoined to the trigger), 'an explosion from a suicide bombing
    killed 11 people in the capital' (the verb a subject trigger does its work with); on the
    trigger's line, and not in a clause of its own below that verb."""
    low, high = sorted((trigger.i, ent.start))
    if breaks_line(ent.doc, low, high):
        return False
    top = trigger if trigger.pos_ == "VERB" else governing_verb(trigger)
    if top.lemma_.lower() in SEQUENCE_VERBS:
        return False  # "The attacks followed U.S. strikes on two facilities in eastern Syria": the strikes' place
    if top.i == trigger.i:
        verb = next((a for a in ent.root.ancestors if a.dep_ == "conj" and a.pos_ == "VERB" and a.head.i == top.i), None)
    else:
        subject = next((t for t in top.children if t.dep_ in {"nsubj", "nsubjpass"} and in_subtree(trigger, t)), None)
        verb = top if subject is not None and not in_subtree(ent.root, subject) else None
    if verb is None:
        return False
    path = [ent.root, *ent.root.ancestors]
    below = path[: path.index(verb)] if verb in path else None
    return below is not None and not any(a.dep_ in {*SUBORDINATE, "acl", "xcomp", "conj"} for a in below)


def heads_the_line(ent: Span, trigger: Token) -> bool:
    """'-- Near Raqqa, three strikes destroyed ...': a place opening a line before a comma
    scopes that line, however the parser attached it (it often runs lines together)."""
    doc = ent.doc
    if ent.end >= len(doc) or doc[ent.end].text != "," or not ent.end <= trigger.i:
        return False
    if breaks_line(doc, ent.end, trigger.i):
        return False
    start = ent.start - 1
    if start < 0 or doc[start].lower_ not in LOCATIVE_PREPOSITIONS:
        return False
    before = start - 1
    while before >= 0 and doc[before].is_punct and "\n" not in doc[before].text:
        before -= 1
    return before < 0 or "\n" in doc[before].text


def subordinate_clause(token: Token, trigger: Token) -> str | None:
    """The kind of the first other clause on the path from a word up to the trigger's, if any."""
    top = trigger if trigger.pos_ == "VERB" else governing_verb(trigger)
    for ancestor in [token, *token.ancestors]:
        if ancestor.i in (top.i, trigger.i):
            return None
        if ancestor.dep_ in SUBORDINATE and not aiming(ancestor, trigger):
            return ancestor.dep_
    return None


#: participles that tell where an act was aimed: "two drones were sent ..., aiming at the garrison"
AIMING_VERBS = {"aim", "target", "head"}


def aiming(clause: Token, trigger: Token) -> bool:
    """'Two drones were sent by the militia, aiming at the garrison at al-Tanf': a participle
    of aiming on the trigger names its target, not another act's place."""
    return clause.dep_ == "advcl" and clause.tag_ == "VBG" and clause.head.i == trigger.i and (
        clause.lemma_.lower() in AIMING_VERBS
    )


def country_after(document_places: DocumentPlaces, ent: Span) -> str | None:
    """The country a name after a preposition is placed in by an apposition: 'near Qunyo
    Barrow, Somalia', 'in Baga, Borno state' (a province of the country), or by 'in': 'near
    Maysalun in eastern Syria'."""
    doc = ent.doc
    if ent.end + 1 < len(doc) and doc[ent.end].lower_ == "in" and ent.root.dep_ == "pobj":
        start = ent.end + 1 + (doc[ent.end + 1].lower_ in COMPASS)
        following = next((e for e in doc.ents if e.end > start >= e.start), None)
        if following is None or following.label_ not in PLACE_LABELS:
            return None
        name = doc[start : following.end].text.removesuffix("'s")
        entry, how = document_places.best(name)
        return entry.country if entry is not None and how == "exact" and entry.kind == "country" else None
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return None
    if doc[ent.end + 1].ent_type_ not in PLACE_LABELS | MISTYPED_PLACE_LABELS:  # "Borno" may be typed a person
        return None
    if ent.root.dep_ != "pobj":  # "said Ali Omar, Somalia's minister": a person's title
        return None
    following = next((e for e in doc.ents if e.start == ent.end + 1), None)
    if following is None or (following.end < len(doc) and doc[following.end].dep_ == "case"):
        return None
    entry, how = document_places.best(following.text)
    return entry.country if entry is not None and how == "exact" and entry.kind in {"country", "admin1"} else None


def without_preposition(ent: Span) -> Span:
    """'Near Palmyra' typed as a person: the preposition is no part of the name, and places it;
    nor is a bracket the parser ran into it."""
    if ent.label_ not in PLACE_LABELS | MISTYPED_PLACE_LABELS:
        return ent  # "at least two", "around 4 p.m. EST": a number or a clock, never a place
    bracket = next((t.i for t in ent if t.text == "("), None)
    if bracket is not None and bracket > ent.start:  # "Abqaiq (Biqayq": the name, not its gloss
        ent = Span(ent.doc, ent.start, bracket, label=ent.label_)
    if len(ent) > 1 and ent[0].lower_ in LOCATIVE_PREPOSITIONS and not ent.ent_id_ and ent[1].text[:1].isupper():
        return Span(ent.doc, ent.start + 1, ent.end, label="GPE")
    return ent


def with_kind_noun(document_places: DocumentPlaces, ent: Span) -> Span:
    """'in Zamfara state', 'of Idlib province', 'in Gaza City': the kind word the name is a
    modifier of is part of the place's name (the province, not the town it is named after),
    when the gazetteer can place it; a curated name takes it only when the gazetteer knows
    the longer name as such."""
    doc = ent.doc
    if ent.end >= len(doc) or ent.label_ not in PLACE_LABELS | MISTYPED_PLACE_LABELS | {"PRODUCT"}:
        return ent
    noun = doc[ent.end]
    outer = [t for t in ent if not ent.start <= t.head.i < ent.end]  # "Deir ez-Zor" may hang by several words
    if noun.lower_ not in KIND_NOUNS or not all(t.head.i == noun.i and t.dep_ in {"compound", "nmod"} for t in outer):
        return ent
    if noun.dep_ in {"compound", "amod", "nmod"}:  # "Russia state media": a word of another noun
        return ent
    if names_its_place(noun):
        return ent  # "the Gaza city of Rafah": the city is Rafah
    # "Russia's Kursk region" with Kursk typed a product: the kind word says it is a place
    span = Span(doc, ent.start, ent.end + 1, label="GPE" if ent.label_ == "PRODUCT" else ent.label_)
    if document_places.place(strip_article(span.text)) is None:
        return ent  # "the capital's Karrada district": a quarter the gazetteer lacks stays a modifier
    if ent.ent_id_:
        entry, how = document_places.best(strip_article(span.text))
        if entry is None or how != "exact" or entry.curated:
            return ent
    return span


def is_common_word(ent: Span) -> bool:
    """'Strikes in Syria', 'the Insurgency in Balochistan': a capitalised common noun the parser
    took for a place: the document also writes it in lower case, or gives it an article."""
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ == "the":
        return True
    lower = ent.text.lower()
    return len(ent) == 1 and any(t.text == lower for t in ent.doc)


def is_bracketed_name(ent: Span) -> bool:
    """'Abqaiq (Buqayq in Arabic)': the other name of the place just named, not another place."""
    doc = ent.doc
    return ent.start >= 2 and doc[ent.start - 1].text == "(" and doc[ent.start - 2].ent_type_ in PLACE_LABELS | MISTYPED_PLACE_LABELS


def is_gloss(ent: Span) -> bool:
    """'Abqaiq (Biqayq in Arabic)': the language a name is given in, not a place."""
    doc = ent.doc
    return 0 < ent.start and ent.end < len(doc) and doc[ent.start - 1].lower_ == "in" and doc[ent.end].text == ")"


def is_titled(ent: Span) -> bool:
    """'President Biden', 'Gen. Haftar': a person under a title the parser took for a place."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_.rstrip(".") in PERSON_TITLES


def is_name_word(doc, i: int) -> bool:
    """A word of a place name: capitalised, or a hyphen or Arabic article inside one (Al-Bukamal)."""
    token = doc[i]
    if token.text[:1].isupper() and token.is_alpha:
        return True
    inner = token.text in {"-", "al", "el", "ad", "as", "ash", "ar", "az", "an", "at"}
    return inner and i + 1 < len(doc) and doc[i + 1].text[:1].isupper()


def is_known_town(document_places: DocumentPlaces, text: str) -> bool:
    """A gazetteer town or region in one of the document's countries, or a curated or sizeable one."""
    entry, how = document_places.best(text)
    if entry is None or how not in {"exact", "loose"} or entry.kind in {"country", "continent"}:
        return False
    return entry.curated or entry.population >= MISTYPED_TOWN_POPULATION or document_places.context.countries[entry.country] > 0


def is_time_zone(ent: Span) -> bool:
    """'(Sanaa time)', 'Kyiv time': a clock, not a place."""
    return ent.end < len(ent.doc) and ent.doc[ent.end].lower_ == "time"


def is_modifier(ent: Span) -> bool:
    """'US' in 'US base', 'Iran' in 'Iran-aligned': a side, not a place (but a town owning
    the site where it happened is one: 'into a guardhouse in Mosul's main hospital')."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.text == "-":
        return True
    root = ent.root
    site = root.head  # "in Mosul's main hospital", "in Pakistan's South Waziristan tribal region"
    if root.dep_ == "poss" and site.dep_ == "pobj" and site.head.lower_ in LOCATIVE_PREPOSITIONS | {"on"}:
        return False
    kind = site.lemma_.lower() in KIND_NOUNS and site.dep_ == "pobj" and site.head.lower_ in LOCATIVE_PREPOSITIONS
    if root.dep_ in {"compound", "nmod"} and kind:
        return False  # "in the South Waziristan tribal region", "in Khost and Paktika provinces": the region's name
    return root.dep_ in {"compound", "amod", "nmod", "poss"}


def across_border(ent: Span) -> bool:
    """'stormed a base near the border with Pakistan': the country across the border from
    the place, not the place."""
    doc = ent.doc
    return ent.start >= 2 and doc[ent.start - 1].lower_ == "with" and doc[ent.start - 2].lemma_.lower() in BORDER_WORDS


def is_reference_point(ent: Span) -> bool:
    """'about 218 km north-northwest of Mogadishu', '15 km south of Galcad': a town that only
    measures where the place is, not the place itself."""
    root = ent.root
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return False
    before = ent.doc[max(0, root.head.i - 4) : root.head.i]
    return any(t.lower_ in COMPASS or t.lower_ in DISTANCE_UNITS for t in before) and before[-1].lower_ in COMPASS


DISTANCE_UNITS = {"km", "kms", "kilometers", "kilometres", "miles", "mi", "meters", "metres"}


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
