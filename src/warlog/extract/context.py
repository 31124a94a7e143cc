"""Context across sentences: a sentence that moves the story to another time, the events
of the sentence before (which a bare follow-up is about), the events a later claim covers,
the country of an earlier event, and retellings of one attack merged into one event."""

from __future__ import annotations

from spacy.tokens import Span

from warlog import timex
from warlog.extract.candidate import Candidate
from warlog.extract.coding import types_of
from warlog.extract.roles import Actor
from warlog.model import EventMention

CONTEXT_BREAKS = {"earlier", "previously", "meanwhile", "separately", "before", "last"}
#: "Near Raqqa, three strikes destroyed ...": a strike listed without a doer
STRIKE_NOUNS = {"strike", "airstrike", "engagement"}


def starts_with_break(sentence: Span) -> bool:
    """'Earlier ...', 'Meanwhile ...': the story moves to another time."""
    first = sentence[0]
    return first.lower_ in CONTEXT_BREAKS and first.i + 1 < sentence.end


def listed_strike(candidate: Candidate) -> bool:
    """'five strikes', 'three strikes destroyed a tank', 'a strike engaged a unit and
    destroyed ...': a strike told with no doer of its own."""
    verb = candidate.trigger
    if verb.pos_ == "NOUN" and verb.lemma_.lower() in STRIKE_NOUNS:
        return True
    while verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        verb = verb.head
    doers = [c for c in verb.children if c.dep_ == "nsubj"] + ([verb.head] if verb.dep_ in {"acl", "relcl"} else [])
    return candidate.trigger.pos_ == "VERB" and any(d.lemma_.lower() in STRIKE_NOUNS for d in doers)


def carry_doer(doer: Actor | None, candidates: list[Candidate], said: Actor | None = None) -> Actor | None:
    """A strike release names its doer once ('Coalition forces conducted 11 strikes:') and
    lists the strikes under it with none, each by its place: each listed strike of a later
    sentence is that doer's until a new doer is named (by an event, else by a trigger that
    states none, ``said``: 'US forces continued to strike'). Returns the next sentence's doer."""
    named = [c.actor1 for c in sorted(candidates, key=lambda c: c.trigger.i) if c.actor1 is not None]
    for candidate in candidates:
        if doer is None or candidate.actor1 is not None or not candidate.places or not listed_strike(candidate):
            continue
        if (candidate.actor2 or ("",))[0] != doer[0]:
            candidate.actor1 = doer
    return named[-1] if named else said or doer


def previous(candidates: list[Candidate], index: int) -> list[Candidate]:
    """The events of the sentence just before, which a bare follow-up sentence is about."""
    return [c for c in candidates if c.sentence_index == index - 1]


def same_story(
    candidates: list[Candidate], index: int, context_date: tuple[timex.ResolvedDate, Span] | None
) -> list[Candidate]:
    """Events a claim sentence covers: the recent ones with the current running date."""
    current = context_date[0].date if context_date else None
    return [
        c
        for c in candidates
        if c.sentence_index >= index - 6 and (c.date is None or c.date.date == current)
    ]


def previous_country(candidates: list[Candidate], candidate: Candidate) -> str | None:
    """The country of the latest other event placed in one."""
    for earlier in reversed(candidates):
        if earlier is candidate:
            continue
        for place in earlier.places:
            if place.country:
                return place.country
    return None


def merge_retellings(events: list[EventMention], text: str) -> list[EventMention]:
    """One event per place per day: a paragraph that tells the same attack on the same
    place again ('the attack', 'more than 30 rockets', 'one hit a munitions store') adds
    details to the first telling, not new events."""
    kept: list[EventMention] = []

    def paragraph(event: EventMention) -> int:
        return text.count("\n\n", 0, event.evidence.start)

    def retells(event: EventMention, earlier: EventMention) -> bool:
        if earlier.event_type != event.event_type:
            return False
        if earlier.date is not None and event.date is not None and earlier.date != event.date:
            return False
        if event.location is not None:
            if earlier.location != event.location:
                return False
            # undated earlier, dated later, in another paragraph: two reports (ACLED keeps both)
            return paragraph(earlier) == paragraph(event) or event.date is None or earlier.date == event.date
        # no place of its own: the attack the paragraph is about, or the same side's attack
        # on the same country, told again
        same_country = event.country is None or earlier.country in (None, event.country)
        same_side = event.actor1 is not None and earlier.actor1 == event.actor1 and event.country is not None
        return same_country and (paragraph(earlier) == paragraph(event) or same_side)

    for event in events:
        twin = next((k for k in reversed(kept) if retells(event, k)), None)
        if twin is None:
            kept.append(event)
            continue
        for name in ("date", "time_precision", "actor1", "actor2", "claimed_by", "sub_event_type",
                     "quantity", "fatalities", "injuries"):
            if getattr(twin, name) is None and getattr(event, name) is not None:
                setattr(twin, name, getattr(event, name))
                if name in event.spans:
                    twin.spans[name] = event.spans[name]
        if twin.weapons == ("unspecified",):  # the retelling may name the weapon
            twin.weapons = event.weapons
        known = set(twin.weapons) - {"unspecified"}
        if twin.outcome == "unknown":
            twin.outcome = event.outcome
        if twin.sub_event_type is None or known != set(twin.weapons):
            twin.event_type, twin.sub_event_type = types_of(twin)
    return kept
