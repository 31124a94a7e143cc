"""Context across sentences: a sentence that moves the story to another time, the events
of the sentence before (which a bare follow-up is about), the events a later claim covers,
the country of an earlier event, retellings of one attack merged into one event, and the
one place of a story given to its events told without one."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Span, Token

from warlog import timex
from warlog.extract.candidate import Candidate, PlaceMention
from warlog.extract.coding import types_of
from warlog.extract.places import SETTLEMENT_NOUNS
from warlog.extract.roles import Actor, carried_noun, host_as_target
from warlog.knowledge import Knowledge
from warlog.model import EventMention
from warlog.textnum import parse_number, parse_ordinal

#: the knowledge base's ``part_of``: each actor and the coalitions it belongs to
Umbrellas = dict[str, frozenset[str]]

CONTEXT_BREAKS = {"earlier", "previously", "meanwhile", "separately", "before", "last"}
#: breaks to another event, not to another time
SAME_TIME_BREAKS = {"separately"}
#: "Near Raqqa, three strikes destroyed ...": a strike listed without a doer
STRIKE_NOUNS = {"strike", "airstrike", "engagement"}

#: "new air strikes", "the latest attack": words that, like an ordinal, make an event one of a
#: series told before
SERIES_WORDS = {"latest", "new", "further", "subsequent"}
#: "these missiles", "those strikes": a noun pointing back
POINTING_BACK = {"these", "those"}


def starts_with_break(sentence: Span) -> bool:
    """'Earlier ...', 'Meanwhile ...': the story moves to another time."""
    first = sentence[0]
    return first.lower_ in CONTEXT_BREAKS and first.i + 1 < sentence.end


def breaks_time(sentence: Span) -> bool:
    """'Earlier ...', 'Meanwhile ...' move to another time; 'Separately, ...' only to another
    event of the same report's period (a daily release's next item): its running date holds."""
    return starts_with_break(sentence) and sentence[0].lower_ not in SAME_TIME_BREAKS


def listed_strike(candidate: Candidate) -> bool:
    """'five strikes', 'three strikes destroyed a tank', 'a strike engaged a unit and
    destroyed ...': a strike told with no doer of its own."""
    verb = candidate.trigger
    if verb.pos_ == "NOUN" and verb.lemma_.lower() in STRIKE_NOUNS:
        return True
    # a conjunct with no subject of its own shares its head's ('engaged ...; destroyed ...')
    while verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head
    doers = [c for c in verb.children if c.dep_ == "nsubj"] + ([verb.head] if verb.dep_ in {"acl", "relcl"} else [])
    return candidate.trigger.pos_ == "VERB" and any(d.lemma_.lower() in STRIKE_NOUNS for d in doers)


def carry_doer(
    doer: Actor | None, candidates: list[Candidate], said: Actor | None = None, umbrellas: Umbrellas | None = None
) -> Actor | None:
    """A strike release names its doer once ('Coalition forces conducted 11 strikes:') and
    lists the strikes under it with none, each by its place: each listed strike is that
    doer's until a new doer is named (by an event, else by a trigger that states none,
    ``said``: 'US forces continued to strike'), in its own sentence too ('conducted 11
    strikes: -- Near Mosul, a strike destroyed ...' parsed as one). Returns the next
    sentence's doer."""
    return carry_side("actor1", doer, candidates, said, umbrellas or {})


def carry_target(
    target: Actor | None, candidates: list[Candidate], said: Actor | None = None, umbrellas: Umbrellas | None = None
) -> Actor | None:
    """The side a release's strikes are against ('continued to attack ISIS', '11 strikes
    against ISIS targets:'): each listed strike that names no target of its own ('a strike
    destroyed a supply cache') struck that side too. Returns the next sentence's target."""
    return carry_side("actor2", target, candidates, said, umbrellas or {})


def carry_side(
    role: str, carried: Actor | None, candidates: list[Candidate], said: Actor | None, umbrellas: Umbrellas
) -> Actor | None:
    """One side (``role``: actor1 or actor2) of the listed strikes, carried in reading order;
    never onto a strike by that side or a member of it ('U.S. and coalition forces have been
    attacked ... U.S. forces conducted precision strikes on a training facility')."""
    other = "actor2" if role == "actor1" else "actor1"
    named: Actor | None = None
    for candidate in sorted(candidates, key=lambda c: c.trigger.i):
        own = getattr(candidate, role)
        if own is not None:
            carried = named = own
            continue
        if carried is None or not candidate.places or not listed_strike(candidate):
            continue
        own_other = getattr(candidate, other)
        if own_other is None or not may_be_one_side(own_other[0], carried[0], umbrellas):
            setattr(candidate, role, carried)
            candidate.target_carried = candidate.target_carried or role == "actor2"
    return named or said or carried


def refers_back(trigger: Token) -> bool:
    """'The second attack occurred on 8 October', 'new air strikes', 'Airstrikes continued on
    21 October', 'Two of these ASBMs impacted a vessel': an event told as one of a series, or
    a part of what was told, before (not "Wednesday's attack", which may be another side's)."""
    nouns = [trigger]
    if trigger.pos_ == "VERB":  # "two of these missiles hit ...": what the subject is part of
        nouns = [c for c in trigger.children if c.dep_ in {"nsubj", "nsubjpass"}]
    nouns += [g for n in nouns for p in n.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    for noun in nouns:
        for child in noun.children:
            if child.lower_ in POINTING_BACK or child.dep_ == "amod" and (
                child.lower_ in SERIES_WORDS or parse_ordinal(child.text)
            ):
                return True
        if noun.dep_ == "nsubj" and noun.head.lemma_.lower() == "continue":
            return True
    return False


def carry_told_doer(new: list[Candidate], earlier: list[Candidate]) -> None:
    """An event that refers back with no doer of its own is by the doer of the latest event
    of its kind told before ('... carried out by the Armenian forces. The second attack
    occurred on 8 October')."""
    for candidate in new:
        if candidate.actor1 is not None or not refers_back(candidate.trigger):
            continue
        told = next((e for e in reversed(earlier) if e.rule.kind == candidate.rule.kind and e.actor1), None)
        if told is not None and (candidate.actor2 or ("",))[0] != told.actor1[0]:
            candidate.actor1 = told.actor1


def part_of_wide_attack(new: list[Candidate], earlier: list[Candidate]) -> None:
    """'Russia fired 122 missiles and 36 drones at cities across Ukraine ... In Kyiv, a missile
    struck a maternity hospital': an attack with no doer of its own, told within three sentences
    of one placed no closer than a region of the same country, with weapons that one used, is
    a part of it, by its doer (ACLED codes each place apart)."""
    for candidate in new:
        used = set(candidate.weapons) - {"unspecified"}
        if candidate.actor1 is not None or candidate.rule.kind != "attack" or not used or not candidate.places:
            continue
        wide = next(
            (e for e in reversed(earlier)
             if e.rule.kind == "attack" and e.actor1 is not None and e.sentence_index >= candidate.sentence_index - 3
             and used <= set(e.weapons) and all(p.precision >= 3 for p in e.places)),
            None,
        )
        if wide is None or not {p.country for p in wide.places} >= {p.country for p in candidate.places}:
            continue
        if (candidate.actor2 or ("",))[0] != wide.actor1[0]:
            candidate.actor1 = wide.actor1


def lend_told_doer(references: list[Candidate], earlier: list[Candidate]) -> None:
    """'... was attacked by drones. According to the channel, the strike was carried out by the
    Islamic Resistance of Iraq': the act named again names the doer the attack told before lacked."""
    for reference in references:
        if reference.actor1 is None or not any(t.dep_ == "agent" for t in reference.actor1[1].root.ancestors):
            continue  # only the agent of a passive: "was carried out by ..."
        told = next((e for e in reversed(earlier) if e.rule.kind == reference.rule.kind), None)
        if told is not None and told.actor1 is None and (told.actor2 or ("",))[0] != reference.actor1[0]:
            told.actor1 = reference.actor1


def lend_told_weapon(references: list[Candidate], earlier: list[Candidate]) -> None:
    """'A drone attack targeted the base ... The drone was launched by Iran-backed militants',
    '... the drones hit their targets': a sentence that tells more of an attack's weapon names
    the doer the attack lacked, or that it struck."""
    for reference in references:
        told = next((e for e in reversed(earlier) if set(e.weapons) & set(reference.weapons)), None)
        if told is None:
            continue
        if reference.actor1 is not None and told.actor1 is None and (told.actor2 or ("",))[0] != reference.actor1[0]:
            told.actor1 = reference.actor1
        if told.outcome == "unknown" and reference.outcome == "hit" and reference.rule.kind == told.rule.kind:
            told.outcome = "hit"


#: verbs that say where or when an act told before happened: "The strike occurred near Jilib"
TAKING_PLACE = {"occur", "happen", "take"}


def lend_told_place(retold: list[Candidate], earlier: list[Candidate]) -> Candidate | None:
    """'U.S. Africa Command conducted an airstrike against al-Shabaab on Feb. 2. The strike
    occurred in a remote area 35 km northeast of Kismayo.': the act named again ('the strike',
    the subject of 'occurred' or 'took place'), no event of its own, places the latest act of its
    kind told in the two sentences before, if that one had no place or only a wide one, and
    dates it if it had no day. Returns that act: the next bare sentence may tell its toll."""
    for candidate in retold:
        trigger = candidate.trigger
        definite = any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in trigger.children)
        if not (definite and trigger.dep_ == "nsubj" and trigger.head.lemma_.lower() in TAKING_PLACE):
            continue
        told = next((e for e in reversed(earlier) if e.rule.kind == candidate.rule.kind), None)
        if told is None or told.sentence_index < candidate.sentence_index - 2:
            continue
        countries = {p.country for p in told.places}
        places = [p for p in candidate.places if not countries or p.country in countries]
        if places and all(is_wide(p) for p in told.places) and not all(is_wide(p) for p in places):
            told.places = places + told.places
        if told.date is None and candidate.date is not None:
            told.date, told.date_span = candidate.date, candidate.date_span
        return told
    return None


def another_doer(candidate: Candidate, sentence_events: list[Candidate]) -> bool:
    """'Iran launched missiles at Erbil in response to the killing of Soleimani by a US drone
    strike': a placeless attack by another side than the placed ones of its sentence is an
    attack of its own, not the words that sum them up."""
    doer = candidate.actor1[0] if candidate.actor1 else None
    placed = [c for c in sentence_events if c.places]
    return doer is not None and all(c.actor1 is not None and c.actor1[0] != doer for c in placed)


def previous(candidates: list[Candidate], index: int) -> list[Candidate]:
    """The events of the sentence just before, which a bare follow-up sentence is about."""
    return [c for c in candidates if c.sentence_index == index - 1]


def told_before(candidates: list[Candidate], index: int, retold: Candidate | None = None) -> list[Candidate]:
    """The events a bare follow-up sentence is about: the sentence before's, or the act that one
    only told again (``retold``: 'The strike occurred near Kismayo. The command assesses two
    terrorists were killed.'); when that one only told a fight in a relative clause ('The strike
    was conducted in support of forces who were engaged by al-Shabaab'), the main event told
    just before it."""
    told = previous(candidates, index) or ([retold] if retold is not None else [])
    if told and all(c.trigger.dep_ == "relcl" for c in told):
        main = [c for c in candidates if c.sentence_index >= index - 2 and c.trigger.dep_ != "relcl"]
        return main[-1:] or told
    return told


#: the words by which a sentence names some of the acts counted before it: "Two were in Iraq"
PART_SUBJECTS = {"one", "two", "three", "four", "five", "both", "all", "each", "another", "other", "rest"}


def parts_of_summary(sentence: Span, summaries: list[Candidate], index: int) -> list[tuple[Token, Candidate]]:
    """'Yesterday there were four attacks. Two were in Iraq, at Al-Asad Air Base and at Erbil
    Air Base, and two were in Syria ...': a sentence with no act of its own that places some of
    the attacks the sentence before counted tells those attacks, one per place; each 'were' is
    where its part is told. Returns each copula with the count it is a part of."""
    counted = [s for s in summaries if s.sentence_index == index - 1 and s.trigger.tag_ == "NNS"]
    if not counted:
        return []
    parts = []
    for verb in sentence:
        if verb.lemma_ != "be" or verb.pos_ not in {"AUX", "VERB"}:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ not in PART_SUBJECTS:
            continue
        if any(c.dep_ == "prep" and c.lower_ in {"in", "at", "near", "on"} for c in verb.children):
            parts.append((verb, counted[-1]))
    return parts


def another_place_of(candidate: Candidate, told: list[Candidate]) -> bool:
    """'Six people were killed in Donetsk in shelling overnight. Three other people were killed
    in Luhansk.': deaths at another town, told right after an armed event, are another event
    of its kind by its doer (its weapons are not said). Lends them; whether it did."""
    earlier = next((e for e in reversed(told) if e.rule.kind in {"attack", "clash"} and e.places), None)
    if earlier is None or {p.name for p in candidate.places} & {p.name for p in earlier.places}:
        return False
    if not any(p.precision == 1 for p in candidate.places):
        return False  # a town, not the region the earlier event lies in
    candidate.actor1 = candidate.actor1 or earlier.actor1
    candidate.weapons = candidate.weapons or {"unspecified": candidate.trigger}  # armed, by a weapon not said
    candidate.rule = replace(candidate.rule, kind=earlier.rule.kind)
    return True


def same_story(
    candidates: list[Candidate],
    index: int,
    context_date: tuple[timex.ResolvedDate, Span] | None,
    told_before: tuple[timex.ResolvedDate, Span] | None = None,
    several: bool = False,
) -> list[Candidate]:
    """Events a claim sentence covers: the recent ones with the current running date, or with
    the running date before the claim's sentence ('The next day, the IRGC claimed responsibility
    for the attack': the day of the claim, not of the attack); a claim of 'the attacks'
    (``several``) covers the recent ones of every day."""
    current = {d[0].date for d in (context_date, told_before) if d is not None} or {None}
    return [
        c
        for c in candidates
        if c.sentence_index >= index - 6 and (several or c.date is None or c.date.date in current)
    ]


def claims_several(sentence: Span) -> bool:
    """'... claimed responsibility for the attacks': a claim of several acts told before."""
    return any(
        t.tag_ == "NNS" and t.lemma_.lower() in {"attack", "strike", "operation"}
        and any(c.lower_ in {"the", "these", "those", "all"} for c in t.children)
        and t.head.lower_ == "for"
        for t in sentence
    )


def rank(candidate: Candidate) -> int | None:
    """The place of an event in a series the text numbers: 'the second attack' is 2."""
    return next((r for c in candidate.trigger.children if c.dep_ == "amod" and (r := parse_ordinal(c.text))), None)


def has_a_day(candidate: Candidate) -> bool:
    """Dated to a day, not just to a week or a month ('three attacks in March')."""
    return candidate.date is not None and candidate.date.precision == 1


def series_members(kb: Knowledge, candidates: list[Candidate], summaries: list[Candidate]) -> list[Candidate]:
    """'four separate missile attacks on Ganja ... The first attack took place on 4 October':
    each numbered attack is one of the undated attacks told before, made by their doer with
    their weapons at their place, against their target; those attacks, with no day of their own, only sum the numbered ones up
    and are no event. Returns the candidates without such series."""
    told = sorted(candidates + summaries, key=lambda c: c.trigger.i)
    series_of: set[int] = set()
    for candidate in candidates:
        if rank(candidate) is None:
            continue
        before = [e for e in told if e.trigger.i < candidate.trigger.i]
        series = next((e for e in reversed(before) if e.rule.kind == candidate.rule.kind and rank(e) is None), None)
        if series is None or has_a_day(series) or series.trigger.tag_ != "NNS":
            continue
        if not candidate.weapons:
            candidate.weapons = dict(series.weapons)
        candidate.places = candidate.places or list(series.places)
        candidate.actor1 = candidate.actor1 or series.actor1  # "... carried out by the Armenian forces"
        # "attacks on residential areas of Ganja": the series' target, named or owned by its kind
        target = series.actor2 or host_as_target(kb, candidates, series, series.places[0] if series.places else None)
        if candidate.actor2 is None and target is not None and target[0] != (candidate.actor1 or ("",))[0]:
            candidate.actor2 = target
        series_of |= {
            id(e)
            for e in before
            if e.sentence_index == series.sentence_index and not has_a_day(e) and e.trigger.tag_ == "NNS"
        }
    return [c for c in candidates if id(c) not in series_of]


#: nouns by which strikes count their places: "strikes at 16 locations" (lemmas)
COUNTED_PLACES = {"location", "site", "place", "area", "town", "village", "city", "province", "governorate", "district"}


#: the count of 'a series of strikes': more than one
SEVERAL = 2


def strike_count(candidate: Candidate) -> int | None:
    """How many strikes a plural trigger counts itself ('conducted eight strikes'), or the
    places they were at ('strikes on more than 60 targets at 16 locations'); a series of
    strikes counts ``SEVERAL``."""
    trigger = candidate.trigger
    if trigger.pos_ == "VERB":  # "launched strikes on ...", the two read as one
        trigger = next((c for c in trigger.children if c.dep_ == "dobj" and c.lemma_.lower() in STRIKE_NOUNS), trigger)
    if trigger.tag_ != "NNS":
        return None
    if carried_noun(trigger) is not trigger:
        return SEVERAL  # "conducted a series of precision strikes"
    holders = [trigger, trigger.head] if trigger.dep_ == "dobj" else [trigger]
    counted = [trigger] + [
        o for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in {"on", "at", "against"}
        for o in p.children if o.dep_ == "pobj" and o.tag_ == "NNS" and o.lemma_.lower() in COUNTED_PLACES
    ]
    return next((n for t in counted for c in t.children if c.dep_ == "nummod" and (n := parse_number(c.text))), None)


def places_count(candidate: Candidate) -> int | None:
    """How many places a verb trigger's object counts ('attacked two villages')."""
    trigger = candidate.trigger
    if trigger.pos_ != "VERB":
        return None
    for child in trigger.children:
        if child.dep_ == "dobj" and child.tag_ == "NNS" and child.lemma_.lower() in SETTLEMENT_NOUNS:
            return next((n for c in child.children if c.dep_ == "nummod" and (n := parse_number(c.text))), None)
    return None


def is_wide(place: PlaceMention) -> bool:
    """A country, or a part of one named by its side ('northeastern Nigeria'), not a province."""
    return place.precision == 4 or (place.precision == 3 and place.admin1 is None)


def may_detail(summary: Candidate, later: Candidate) -> bool:
    """A later attack may be one of those a count sums up unless another side made it or it
    was made with other weapons ('airstrikes on three locations in Iraq, hours after a drone
    struck Erbil Air Base')."""
    if summary.actor1 is not None and later.actor1 is not None and summary.actor1[0] != later.actor1[0]:
        return False
    used, other = set(summary.weapons) - {"unspecified"}, set(later.weapons) - {"unspecified"}
    return not used or not other or bool(used & other)


def detailed_later(candidates: list[Candidate]) -> list[Candidate]:
    """'In Syria, coalition forces conducted eight strikes' and later 'Near Manbij, seven
    strikes struck ...', 'militants attacked two villages in northeastern Nigeria' and later
    '... attacked the village of Kawori in Borno state': a count of strikes (or of places
    attacked) placed only in a country, or a part of it, sums up the attacks the text goes on
    to tell place by place in that country, and is no event itself (ACLED codes one event
    per place). Returns the summing counts."""
    summing: list[Candidate] = []
    for candidate in candidates:
        count = strike_count(candidate)
        wide = count is None and (count := places_count(candidate)) is not None
        countries = {p.country for p in candidate.places if p.precision == 4 or (wide and is_wide(p))}
        if count is None or count < 2 or not countries or any(not is_wide(p) if wide else p.precision < 4
                                                                for p in candidate.places):
            continue
        if any(
            later.trigger.i > candidate.trigger.i
            and later.rule.kind == candidate.rule.kind
            and may_detail(candidate, later)
            and any((not is_wide(p) if wide else p.precision < 4) and p.country in countries for p in later.places)
            for later in candidates
        ):
            summing.append(candidate)
    return summing


def lend_to_details(summing: list[Candidate], candidates: list[Candidate]) -> None:
    """'Pakistan conducted a series of missile strikes in Iran, asserting that it had targeted
    militants in the province of Sistan and Baluchestan': an attack told just after a count or
    series that sums it up (in its country, within two sentences) is by its doer and made with
    its weapons, where it names none of its own."""
    for summary in summing:
        countries = {p.country for p in summary.places}
        for later in candidates:
            if not summary.trigger.i < later.trigger.i or later.sentence_index > summary.sentence_index + 2:
                continue
            if later.rule.kind != summary.rule.kind or not {p.country for p in later.places} & countries:
                continue
            if later.actor1 is None and summary.actor1 is not None and (later.actor2 or ("",))[0] != summary.actor1[0]:
                later.actor1 = summary.actor1
            if not later.weapons:
                later.weapons = dict(summary.weapons)


def told_one_by_one(counted: list[Candidate], candidates: list[Candidate]) -> list[Candidate]:
    """'Three separate rocket attacks hit Kharkiv ... The first struck a school': the counted
    strikes the text goes on to tell one by one, each a later attack of their kind that may
    be one of them, in their country. Returns those counts."""
    return [
        count
        for count in counted
        if any(
            later.trigger.i > count.trigger.i
            and later.rule.kind == count.rule.kind
            and may_detail(count, later)
            and {p.country for p in later.places} & {p.country for p in count.places}
            for later in candidates
        )
    ]


def previous_country(
    candidates: list[Candidate], candidate: Candidate, at_sea: Callable[[Candidate], str | None] | None = None
) -> str | None:
    """The country of the latest other event placed in one; or, placed at sea (the Gulf of
    Aden, no country's), the one ``at_sea`` files it under (the armed group's coastal state):
    'one ASBM was shot down by USS Carney', after 'a missile was launched at a ship in the
    Gulf of Aden', is filed where that attack is."""
    for earlier in reversed(candidates):
        if earlier is candidate:
            continue
        for place in earlier.places:
            if place.country:
                return place.country
        if earlier.places and at_sea is not None and (country := at_sea(earlier)):
            return country
    return None


def may_be_one_side(one: str | None, other: str | None, umbrellas: Umbrellas) -> bool:
    """Unknown, the same, or a member and its umbrella ('Coalition forces' and the US military)."""
    return None in (one, other) or one == other or other in umbrellas.get(one, ()) or one in umbrellas.get(other, ())


def fold_gunfire(new: list[Candidate]) -> list[Candidate]:
    """'rammed a car filled with explosives into the gate, then opened fire on the soldiers',
    'the blast was followed by gunmen who opened fire': the shooting a sentence tells beside
    another act is part of that attack (its small arms), not an attack of its own."""
    firing = [c for c in new if c.rule.lemma == "open fire"]
    others = [c for c in new if c.rule.lemma != "open fire"]
    if not firing or not others:
        return new
    others[0].weapons.setdefault("small_arms", firing[0].trigger)
    return others


def lend_target(kept: list[Candidate], dropped: list[Candidate]) -> None:
    """'stormed a base in Lower Shabelle, sparking a gun battle with Somali troops': a clause
    of the sentence that names no place of its own is the same fight, and its target is the
    placed event's when that one names none; so are its weapons."""
    first = kept[0] if kept else None
    if first is None:
        return
    if not first.weapons:  # "Israeli warplanes struck the airport ... and hit Hezbollah's headquarters in Beirut"
        armed = next((c for c in dropped if c.weapons and c.rule.kind == first.rule.kind), None)
        if armed is not None:
            first.weapons = dict(armed.weapons)
    if first.actor2 is not None:
        return
    doer = first.actor1[0] if first.actor1 else None
    target = next((c.actor2 for c in dropped if c.actor2 is not None and c.actor2[0] != doer), None)
    if target is not None:
        first.actor2 = target


#: the opening of a telling that refers to an act already told: "The attack on ...", "Sunday's strike",
#: or to part of what it told: "Three of the rockets directly hit the base"
DEFINITE_TELLING = re.compile(r"(?:[\w-]+\s+of\s+)?(?:that\s+)?(?:the|this|that|[A-Z]\w+'s)\s", re.IGNORECASE)


def tells_next_of_series(evidence: str) -> bool:
    """'A third bomber walked into ...', 'the second attack': told as one more of a series,
    never as the last one again."""
    words = evidence.lower().split()[:2]
    return len(words) == 2 and words[0] in {"a", "an", "the"} and (parse_ordinal(words[1]) or 0) > 1


def turned(event: EventMention, other: EventMention) -> bool:
    """The one event's target is the other's doer, and the one's doer is not the other's, and
    they were made with other weapons: a strike back, not the same act told again ('attacked
    with a ballistic missile ... An AC-130 responded and struck')."""
    if event.actor2 is None or event.actor2 != other.actor1 or event.actor1 == other.actor1:
        return False
    weapons, others = set(event.weapons) - {"unspecified"}, set(other.weapons) - {"unspecified"}
    return bool(weapons and others) and not weapons & others


def merge_retellings(events: list[EventMention], text: str, umbrellas: Umbrellas | None = None) -> list[EventMention]:
    """One event per place per day: a paragraph that tells the same attack on the same
    place again ('the attack', 'more than 30 rockets', 'one hit a munitions store') adds
    details to the first telling, not new events. ``umbrellas``: the knowledge base's
    (``part_of``), so that a member and its coalition may tell one event."""
    umbrellas = umbrellas or {}
    kept: list[EventMention] = []

    breaks = [match.end() for match in re.finditer("\n\n", text)]

    def paragraph(event: EventMention) -> int:
        return bisect_right(breaks, event.evidence.start)  # the paragraph breaks before it

    def retells(event: EventMention, earlier: EventMention) -> bool:
        if earlier.event_type != event.event_type or tells_next_of_series(event.evidence_text):
            return False
        if earlier.date is not None and event.date is not None and earlier.date != event.date:
            return False
        if not may_be_one_side(event.actor1, earlier.actor1, umbrellas):
            return False  # another side's attack is not the same one told again ('US destroyers
            # fired interceptors ... Israel intercepted the majority')
        if turned(event, earlier) or turned(earlier, event):
            return False  # "a gunship struck militants who had just fired a missile at U.S. forces"
        wider = earlier.location is None or (earlier.geo_precision or 0) >= 3 and (event.geo_precision or 4) <= 2
        # "a village in northeastern Nigeria" told again as "the community of Njaba in Borno state"
        wider = wider or (earlier.geo_precision or 0) >= 3 and earlier.admin1 is None and event.admin1 is not None
        if event.location is not None and wider:
            if earlier.location is None and earlier.date is None and earlier.actor1 is not None:
                # "American forces have struck at an Iranian-backed militia in Syria ... At President
                # Biden's direction, U.S. forces conducted airstrikes in eastern Syria": the lead, in detail
                return earlier.actor1 == event.actor1 and earlier.country == event.country
            # "an attack on a small U.S. base in Jordan (in western Iraq) ... The attack on the base
            # known as Tower 22": the lead's attack, placed by a later telling of the same day in
            # the same country
            told_again = DEFINITE_TELLING.match(event.evidence_text) is not None  # "The attack on ...", not "Pokrovsk came under fire"
            # (or of no day: 'have attacked a village in northeastern Nigeria ... the militants
            # attacked the community of Njaba before dawn Tuesday')
            return told_again and earlier.country == event.country and earlier.date in (None, event.date)
        if event.location is not None:
            if earlier.location != event.location:
                return False
            # undated earlier, dated later, in another paragraph: two reports (ACLED keeps both)
            return paragraph(earlier) == paragraph(event) or event.date is None or earlier.date == event.date
        # no place of its own: the attack the paragraph is about, or the same side's attack
        # on the same country, told again
        if paragraph(earlier) == paragraph(event):
            return event.country is None or earlier.country in (None, event.country)
        told_on = paragraph(event) == paragraph(earlier) + 1 and DEFINITE_TELLING.match(event.evidence_text) is not None
        if told_on and earlier.date is None and earlier.country in (None, event.country):
            return True  # the lead's undated attack, the next paragraph's "the bomber detonated ... Monday"
        if earlier.date is None and event.date is not None:
            return False  # as above: a day told in another paragraph is another report
        own_day = "date" in event.spans and bisect_right(breaks, event.spans["date"].start) == paragraph(event)
        if (paragraph(event) == paragraph(earlier) + 1 and event.actor1 is None and not own_day
                and earlier.date == event.date and earlier.country in (None, event.country)
                and event.outcome in ("unknown", earlier.outcome)):  # not "an attempted attack" after a strike
            # "The 2022 Erbil missile attacks occurred on 13 March 2022 ... [next paragraph] 12
            # Fateh-110 ballistic missiles were reportedly launched from Iran": the next paragraph's
            # act with no place, doer or day of its own is the one just told, in detail
            return True
        same_side = event.actor1 is not None and earlier.actor1 == event.actor1
        if same_side and event.country is None and event.date is None:
            return True  # "... the Houthis had targeted the ship with naval missiles": the attack, claimed
        return same_side and event.country is not None and earlier.country in (None, event.country)

    for event in events:
        twin = next((k for k in reversed(kept) if retells(event, k)), None)
        if twin is None:
            kept.append(event)
            continue
        for name in ("date", "time_precision", "actor1", "actor2", "claimed_by", "sub_event_type",
                     "quantity", "fatalities", "injuries"):
            if getattr(twin, name) is None and getattr(event, name) is not None:
                if name in {"actor1", "actor2"} and getattr(event, name) in {twin.actor1, twin.actor2}:
                    continue  # a side is never both doer and target
                setattr(twin, name, getattr(event, name))
                if name in event.spans:
                    twin.spans[name] = event.spans[name]
        if event.location is not None and (twin.location is None or (twin.geo_precision or 0) > (event.geo_precision or 4)):
            # the later telling places it, or places it more precisely
            for name in ("location", "admin1", "latitude", "longitude", "geo_precision"):
                setattr(twin, name, getattr(event, name))
            twin.spans["location"] = event.spans.get("location", twin.spans.get("location"))
        if (twin.sub_event_type, event.sub_event_type) == ("Remote explosive/landmine/IED", "Suicide bomb"):
            twin.sub_event_type = event.sub_event_type  # the telling that says "suicide" tells what the bomb was
        if twin.actor1 is not None and twin.actor1 in umbrellas.get(event.actor1 or "", ()):
            twin.actor1 = event.actor1  # "Iran-backed militants", then the member that claimed it
            if "actor1" in event.spans:
                twin.spans["actor1"] = event.spans["actor1"]
        if twin.weapons == ("unspecified",):  # the retelling may name the weapon
            twin.weapons = event.weapons
        known = set(twin.weapons) - {"unspecified"}
        if twin.outcome == "unknown":
            twin.outcome = event.outcome
        if twin.sub_event_type is None or known != set(twin.weapons):
            twin.event_type, twin.sub_event_type = types_of(twin)
    return kept


def place_story_events(events: list[EventMention], umbrellas: dict[str, frozenset[str]]) -> None:
    """'The Ganja missile attacks ... The second attack occurred on 8 October': in a story whose
    every placed event is at one town or site, an event told after that place, placed
    nowhere (not even in a country its words name), in no other country and by no other
    side, is at that place ('in response to
    the killing of a commander by an Israeli drone strike' is not), unless it is dated before
    every placed one ('attacks on coalition bases ... including the attack on December 27th',
    in a story of the 31st: told as background, somewhere else). (Done after retellings
    are merged, so that attacks of other days are not taken for retellings of the first.)"""
    placed = [e for e in events if e.location is not None]
    if len({(e.location, e.country) for e in placed}) != 1 or placed[0].geo_precision not in {1, 2}:
        return
    where = min((e.spans["location"].start for e in placed if "location" in e.spans), default=None)
    if where is None:
        return
    site = placed[0]
    for event in events:
        if event.location is not None or event.country not in {None, site.country} or event.evidence.start <= where:
            continue
        if "location" in event.spans:
            continue  # "airstrikes on militias in Iraq": placed, if only in a country
        if event.date is not None and all(e.date is not None and event.date < e.date for e in placed):
            continue  # "including the attack on December 27th", before the story's: background
        if all(may_be_one_side(event.actor1, e.actor1, umbrellas) for e in placed):
            for name in ("location", "country", "admin1", "latitude", "longitude", "geo_precision"):
                setattr(event, name, getattr(site, name))
            event.spans["location"] = site.spans["location"]
