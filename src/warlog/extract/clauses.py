"""Which words belong to a trigger: the verb that governs it, its clause (without the
clauses of other triggers), whether a word sits in a subordinate clause, and the merging
of two triggers of one clause into one event. Pure functions of spaCy tokens."""

from __future__ import annotations

from spacy.tokens import Span, Token

from warlog.extract.candidate import Candidate
from warlog.extract.roles import DOING_VERBS, HAPPENING_VERBS, under_attack

#: places inside these clauses describe something else ("the conflict, in which the US ...")
SUBORDINATE = {"relcl", "advcl", "ccomp", "csubj"}
#: nouns that only group events: "a series of strikes", "a wave of attacks"
SERIES_NOUNS = {"series", "wave", "barrage", "salvo", "volley", "spate", "string", "round"}


def governing_verb(token: Token) -> Token:
    current = token
    while current.pos_ not in {"VERB", "AUX"} and current.head.i != current.i:
        current = current.head
    return current


def clause_head(trigger: Token) -> Token:
    """A verb trigger heads its clause; an event noun shares its verb's only when the verb
    just carries it ('carried out two airstrikes', 'a strike took place at ...')."""
    if trigger.pos_ == "VERB":
        return trigger
    verb = governing_verb(trigger)
    carried = trigger  # "conducted a series of strikes": the series is what the verb carries
    if trigger.head.lower_ == "of" and trigger.head.head.lemma_.lower() in SERIES_NOUNS:
        carried = trigger.head.head
    if verb.lemma_.lower() in DOING_VERBS | HAPPENING_VERBS and carried.head.i == verb.i:
        return verb
    if under_attack(trigger):
        return verb
    return trigger


def clauses(triggers: list[Token], sentence: Span) -> dict[int, list[Token]]:
    """Each trigger's clause: its head's subtree without the clauses of other triggers."""
    heads = {t.i: clause_head(t) for t in triggers}
    found: dict[int, list[Token]] = {}
    for trigger in triggers:
        head = heads[trigger.i]
        others = [heads[o.i] for o in triggers if heads[o.i].i != head.i]
        excluded: set[int] = set()
        for other in others:
            if other.i != head.i and head in other.ancestors:
                excluded |= {t.i for t in other.subtree}
        own = [t for t in head.subtree if t.i not in excluded and sentence.start <= t.i < sentence.end]
        if head.i != trigger.i and head.i in {h.i for h in others}:
            own = list(trigger.subtree)
        found[trigger.i] = own or [trigger]
    return found


def merge_same_clause(candidates: list[Candidate]) -> list[Candidate]:
    """Two triggers of one clause ('launched a drone attack') make one event."""
    merged: list[Candidate] = []
    for candidate in candidates:
        twin = next((m for m in merged if {t.i for t in m.clause} == {t.i for t in candidate.clause}), None)
        if twin is None and candidate.rule.kind == "intercept":
            subject = next((m for m in merged if is_subject_of(m.trigger, candidate.trigger)), None)
            if subject is not None:  # "two airstrikes engaged a mortar team": the verb's event
                merged[merged.index(subject)] = candidate
                candidate, twin = subject, candidate
        if twin is None:
            merged.append(candidate)
            continue
        for category, where in candidate.weapons.items():
            twin.weapons.setdefault(category, where)
        twin.quantity = twin.quantity or candidate.quantity
        twin.date = twin.date or candidate.date
        twin.actor1 = twin.actor1 or candidate.actor1
        twin.actor2 = twin.actor2 or candidate.actor2
        if candidate.rule.kind == "intercept":
            twin.rule, twin.outcome = candidate.rule, candidate.outcome
    return merged


def is_subject_of(noun: Token, verb: Token) -> bool:
    """A strike noun that is the subject of an interception verb: one event, told by the verb."""
    return noun.pos_ in {"NOUN", "PROPN"} and noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.i == verb.i


def in_subordinate(token: Token, trigger: Token) -> bool:
    """Whether the path from a word up to the trigger's clause passes through another clause."""
    top = trigger if trigger.pos_ == "VERB" else governing_verb(trigger)
    for ancestor in [token, *token.ancestors]:
        if ancestor.i in (top.i, trigger.i):
            return False
        if ancestor.dep_ in SUBORDINATE:
            return True
    return False
