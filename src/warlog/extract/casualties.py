"""How many and with what result: the quantity of a trigger ("two airstrikes"), deaths and
injuries a sentence states ("killing three", "no casualties"), the outcome (attempted, hit,
no damage), and what of them stays with an event split over several places."""

from __future__ import annotations

from spacy.tokens import Span, Token

from warlog.extract.candidate import Candidate
from warlog.textnum import parse_number

KILL_LEMMAS = {"kill", "dead", "die", "death", "fatality", "life"}
INJURE_LEMMAS = {"wound", "injure", "injury", "hurt", "injured", "wounded"}
PERSON_NOUNS = {"people", "person", "civilian", "soldier", "troop", "fighter", "member", "service", "militant", "child", "servicemember", "personnel"}


def quantity(candidate: Candidate) -> tuple[int, Token] | None:
    """A number on the trigger, a weapon, or the verb's subject or object."""
    heads = [candidate.trigger, *[w for w in candidate.weapons.values() if isinstance(w, Token)]]
    heads += [w.root for w in candidate.weapons.values() if isinstance(w, Span)]
    if candidate.trigger.pos_ == "VERB":
        heads += [c for c in candidate.trigger.children if c.dep_ in {"dobj", "nsubj", "nsubjpass"}]
    for head in heads:
        for child in head.children:
            if child.dep_ == "nummod":
                value = parse_number(child.text)
                if value is not None:
                    return value, child
    return None


def is_attempted(trigger: Token) -> bool:
    """'an attempted attack', 'a failed strike': the outcome is 'attempted'."""
    return any(c.lower_ in {"attempted", "failed", "foiled"} for c in trigger.children) or (
        trigger.head.lemma_ == "attempt"
    )


def casualty_kind(number: Token) -> str | None:
    """'8 people were killed', 'killing three', 'two wounded': which count a number is."""
    words = [number.head, *number.head.children, number.head.head]
    for word in words:
        lemma = word.lemma_.lower()
        if lemma in KILL_LEMMAS or word.lower_ in {"killed", "dead"}:
            return "fatalities"
        if lemma in INJURE_LEMMAS or word.lower_ in {"wounded", "injured"}:
            return "injuries"
    if number.head.lemma_.lower() in PERSON_NOUNS:
        verb = number.head.head
        if verb.lemma_.lower() in KILL_LEMMAS:
            return "fatalities"
        if verb.lemma_.lower() in INJURE_LEMMAS:
            return "injuries"
    return None


def numbers_and_outcomes(sentence: Span, candidates: list[Candidate], tally_tokens: set[int]) -> None:
    """Deaths, injuries and 'no damage' stated in a sentence belong to its events."""
    if not candidates:
        return
    target = candidates[-1]
    for token in sentence:
        lemma = token.lemma_.lower()
        if lemma in {"no", "without"} or token.dep_ == "neg":
            negated = token.head
            words = {negated.lemma_.lower(), *(c.lemma_.lower() for c in negated.conjuncts)}
            if words & {"casualty", "death", "fatality"}:
                for c in candidates:
                    c.fatalities = (0, token)
                    c.injuries = (0, token)
                    c.outcome = "no_damage" if c.outcome in {"unknown", "hit"} else c.outcome
            elif words & {"damage"}:
                for c in candidates:
                    c.outcome = "no_damage" if c.outcome in {"unknown", "hit"} else c.outcome
            elif words & {"injury"}:
                for c in candidates:
                    c.injuries = (0, token)
        if token.i in tally_tokens:
            continue  # "In total, at least 47 people were killed": a tally, not this event's
        if token.like_num and token.ent_type_ not in {"DATE", "TIME", "MONEY", "PERCENT"}:
            value = parse_number(token.text)
            kind = casualty_kind(token)
            if value is None or kind is None:
                continue
            if kind == "fatalities" and target.fatalities in (None,) or (target.fatalities and target.fatalities[0] == 0 and kind == "fatalities"):
                target.fatalities = (value, token)
            elif kind == "injuries":
                target.injuries = (value, token)


def settle(candidate: Candidate) -> None:
    """Before coding: what killed or wounded struck; a quantity or a toll told for several
    places at once belongs to none of them alone."""
    places = candidate.places or [None]
    if candidate.outcome == "unknown" and any(
        n is not None and n[0] > 0 for n in (candidate.fatalities, candidate.injuries)
    ):
        candidate.outcome = "hit"  # it killed or wounded: it struck
    if len(places) > 1 and candidate.quantity and candidate.quantity[1].head.i != candidate.trigger.i:
        candidate.quantity = None  # "three facilities were attacked": one event each
    if len(places) > 1:  # a toll for strikes on several places belongs to none of them alone
        for name in ("fatalities", "injuries"):
            if getattr(candidate, name) and getattr(candidate, name)[0] > 0:
                setattr(candidate, name, None)
