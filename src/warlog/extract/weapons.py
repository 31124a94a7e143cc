"""With what: the weapon terms of the knowledge base found in a document (longest match
first), the weapons of a trigger's clause (not what was hit: "destroyed rocket launchers"),
and a state's "strikes" with no weapon named as air strikes."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from warlog.extract.candidate import Candidate
from warlog.extract.roles import STATE_ACTOR_TYPES, target_ids
from warlog.knowledge import Knowledge

#: verbs that are attacks only with a weapon: "launched drones", not "launched a probe"
NEEDS_WEAPON = {"launch", "fire"}
#: verbs whose object is the weapon itself ("fired rockets"), not what was hit
FIRING_LEMMAS = {"launch", "fire", "shoot"}

#: weapon terms by their first token: the category and the words
WeaponsAt = dict[int, tuple[str, Span]]


def weapon_matcher(kb: Knowledge, nlp: Language) -> PhraseMatcher:
    """A phrase matcher of the knowledge base's weapon terms, one label per category."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_category: dict[str, list[str]] = {}
    for term, category in kb.weapons.items():
        by_category.setdefault(category, []).append(term)
    for category, terms in by_category.items():
        matcher.add(category, list(nlp.tokenizer.pipe(terms)))
    return matcher


def weapons_in(matcher: PhraseMatcher, doc: Doc) -> WeaponsAt:
    """Weapon terms in the document, longest match first, by their first token."""
    found: WeaponsAt = {}
    for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], m[1] - m[2])):
        if start not in found:
            found[start] = (matcher.vocab.strings[match_id], doc[start:end])
    return found


def clause_weapons(candidate: Candidate, weapon_at: WeaponsAt) -> None:
    """The trigger's own weapon ('airstrike') and those named in its clause, not its targets."""
    if candidate.rule.weapon:
        candidate.weapons[candidate.rule.weapon] = candidate.trigger
    fires = candidate.rule.lemma in FIRING_LEMMAS or candidate.rule.kind == "intercept"
    targets = set() if fires else target_ids(candidate.trigger)
    for token in candidate.clause:
        if token.i not in targets:  # "destroyed rocket launchers": a target, not the weapon
            weapon(token, candidate, weapon_at)


def weapon(token: Token, candidate: Candidate, weapon_at: WeaponsAt) -> None:
    if token.i in weapon_at:
        category, words = weapon_at[token.i]
        candidate.weapons.setdefault(category, words)


def event_weapons(kb: Knowledge, candidate: Candidate) -> dict[str, Span | Token]:
    """The weapons an event is coded with."""
    weapons = dict(candidate.weapons)
    actor1 = kb.actors.get(candidate.actor1[0]) if candidate.actor1 else None
    if not weapons and candidate.rule.lemma in {"strike", "airstrike"} and actor1 and actor1.acled_type in STATE_ACTOR_TYPES:
        weapons["aircraft"] = candidate.trigger  # a state's "strikes" with no weapon named are air strikes
    return weapons
