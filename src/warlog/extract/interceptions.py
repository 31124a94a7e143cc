"""An attack and the interception that ended it: 'Militants launched three drones at
al-Tanf, but all were shot down' is one act, a disrupted one (GUIDELINES: drones or
missiles all shot down before impact are Disrupted weapons use, the interceptor as actor1
and the launcher as actor2); 'two were shot down and one struck the base' leaves the attack
standing. The interception may be told in the attack's clause, beside it in the sentence,
or in the next sentence ('All three were intercepted.')."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import replace

from spacy.tokens import Token

from warlog.extract.candidate import Candidate
from warlog.nlp import subject_of
from warlog.textnum import parse_number

#: what can be shot down before it strikes
INTERCEPTABLE = {"drone", "missile", "rocket"}
#: the interceptions that stop a weapon in flight (not 'repelled the attack', a fight)
SHOOTING_DOWN = {"intercept", "interception", "shoot down", "down", "destroy in the air"}
#: "most were intercepted", "some of the rockets were shot down": part of what was launched
PART_WORDS = {"some", "most", "several", "many", "majority", "few", "part", "others", "other", "remainder",
              "another", "second", "third", "fourth",  # "a second drone was shot down": not the one that struck
              "nearly", "almost"}  # "nearly all were intercepted"


def ends_attack(interception: Candidate, attack: Candidate) -> bool:
    """The interception is told after the attack, of its weapons, at no other place or day."""
    shooting_down = interception.rule.lemma in SHOOTING_DOWN or by_air_defences(interception.trigger)
    subject = subject_of(interception.trigger)
    stopped_in_flight = subject is not None and subject.i == attack.trigger.i  # "a drone attack ... had been thwarted"
    if not (shooting_down or stopped_in_flight) or attack.rule.kind != "attack" or attack is interception:
        return False
    if (interception.sentence_index, interception.trigger.i) < (attack.sentence_index, attack.trigger.i):
        return False
    if not set(attack.weapons) & INTERCEPTABLE:
        return False
    own_places = {p.name for p in interception.places} - {p.name for p in attack.places}
    other_weapons = set(interception.weapons) - set(attack.weapons) - {"unspecified"}
    other_day = interception.date is not None and attack.date is not None and interception.date.date != attack.date.date
    return not own_places and not other_weapons and not other_day


#: nouns by which an interception points back to the attack told: "the attack was repelled"
TOLD_ACTS = {"attack", "assault", "strike"}
#: what stops a weapon in flight: "repelled by air defense systems" is a shooting down
AIR_DEFENCES = {"defense", "defence", "interceptor"}


def by_air_defences(trigger: Token) -> bool:
    """'The attack was repelled by air defense systems', 'air defences foiled the attack': an
    interception word told of air defences stopped what was fired, not a ground assault."""
    doers = [c for c in trigger.children if c.dep_ == "nsubj"]
    doers += [g for c in trigger.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return any(t.lemma_.lower() in AIR_DEFENCES for d in doers for t in d.subtree)


def disrupt(attack: Candidate, interception: Candidate) -> bool:
    """The attack's end told by the interception: all shot down, a disrupted attack; fewer
    than were launched ('two were shot down', of three) or an attack told as striking ('two
    impacted vessels and one was shot down'), the attack stands and the interception is an
    event of its own, of the attack's weapons (False)."""
    downed = interception.quantity[0] if interception.quantity else subject_count(interception.trigger)
    launched = attack.quantity[0] if attack.quantity else None
    named = set(interception.weapons) - {"unspecified"}
    some = partly(interception.trigger) or bool(named) and named < set(attack.weapons)  # "the drone was shot down"
    # "two were shot down": all of what was launched only when that many were (else 'both', 'all')
    fewer = downed is not None and (launched is None or downed < launched)
    if some or fewer or attack.outcome == "hit":
        if not interception.weapons:  # "Several were intercepted": of what the attack launched
            interception.weapons = dict(attack.weapons)
        interception.places = interception.places or list(attack.places)  # "One drone was shot down"
        interception.actor2 = interception.actor2 or attack.actor1  # what was shot down was the attacker's
        return False
    launcher = attack.actor1
    attack.rule, attack.outcome = interception.rule, interception.outcome
    attack.actor1 = interception.actor1 or attack.actor2  # a side shoots down what is aimed at it
    attack.actor2 = launcher
    attack.absorb_clause(interception)
    return True


def fold_interceptions(new: list[Candidate], unarmed: list[Candidate], told: list[Candidate]) -> list[Candidate]:
    """A sentence's candidates without the interceptions that ended an attack of the
    sentence, or of the sentence before (``told``);
    ``unarmed`` are interceptions that name no weapon ('but all were shot down'), which
    count only as such an end."""
    kept = []
    told_acts = {a.trigger.i for a in new}
    for interception in new + [u for u in unarmed if of_what_was_launched(u.trigger, told_acts)]:
        attack = next((a for a in new if ends_attack(interception, a)), None)
        if attack is None:  # "... attacked by two drones. One drone was shot down and the other struck the base."
            attack = next((a for a in reversed(told) if ends_attack(interception, a)), None)
        ended = attack is not None and disrupt(attack, interception)
        if interception in new and not ended:
            kept.append(interception)
    return kept


#: "one was shot down and the other crashed inside the base": the rest of what an attack launched
REMAINDER_WORDS = {"other", "rest", "remainder", "remaining", "second"}


def is_remainder(trigger: Token) -> bool:
    """'the other crashed inside the base', 'the second struck the runway', 'the remaining
    rockets landed ...': the act's subject is the rest of what was launched before."""
    subject = subject_of(trigger)
    if subject is None or any(c.dep_ == "nummod" for c in subject.children):
        return False  # "two other rockets struck civilian neighborhoods": more of them, not the rest
    words = [subject, *(c for c in subject.children if c.dep_ in {"amod", "det"})]
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children)
    return definite and any(w.lower_ in REMAINDER_WORDS for w in words)


def fold_remainders(new: list[Candidate], told: list[Candidate]) -> list[Candidate]:
    """'Two drones targeted Ain al-Asad; one was shot down and the other crashed inside the
    base without causing damage': what the rest of an attack's weapons did is that attack's
    end, not another attack (its place is the attack's, its outcome the attack's if it has
    none yet). ``told``: the candidates of the sentence before."""
    kept = []
    for candidate in new:
        attack = None
        if candidate.rule.kind == "attack" and is_remainder(candidate.trigger):
            before = [a for a in new if a.trigger.i < candidate.trigger.i] or told
            launched = [a for a in before if a.rule.kind == "attack" and set(a.weapons) & INTERCEPTABLE]
            attack = launched[-1] if launched else None
        own_places = {p.name for p in candidate.places} - {p.name for p in attack.places} if attack else set()
        if attack is None or own_places or set(candidate.weapons) - set(attack.weapons) - {"unspecified"}:
            kept.append(candidate)
            continue
        attack.absorb_clause(candidate)
        attack.places = attack.places or candidate.places
        if attack.outcome == "unknown":
            attack.outcome = candidate.outcome
    return kept


def subject_count(trigger: Token) -> int | None:
    """'two were shot down', 'one ASBM was shot down': the number the interception's subject is
    or has ('one' may be parsed as a pronoun)."""
    subject = subject_of(trigger)
    if subject is not None and subject.pos_ != "NUM" and subject.lower_ != "one":
        subject = next((c for c in subject.children if c.dep_ == "nummod"), None)
    return parse_number(subject.text) if subject is not None else None


def partly(trigger: Token) -> bool:
    """'most were intercepted', 'some of the rockets were shot down', 'the majority of the
    missiles', 'a second drone', 'nearly all': the interception's subject is a part of what
    was launched, or another weapon than the one told."""
    subject = subject_of(trigger)
    if subject is None:
        return False
    words = [subject, *(c for c in subject.children if c.dep_ in {"amod", "det", "quantmod", "advmod"})]
    return any(w.lower_ in PART_WORDS for w in words)


def of_what_was_launched(trigger: Token, told_acts: Set[int] = frozenset()) -> bool:
    """An interception that names no weapon tells of what the attack launched only when its
    subject points back to it ('but all were shot down', 'which were intercepted', 'both
    were downed', 'launched and intercepted', 'the attack was repelled by air defenses'), or
    its subject is an act the sentence tells (``told_acts``: 'a drone attack on Ain al-Asad had
    been thwarted'), not 'the helicopter was shot down'."""
    subject = subject_of(trigger)
    told_again = subject is not None and subject.lemma_.lower() in TOLD_ACTS and any(
        c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in subject.children
    )
    said_of_an_act = subject is not None and subject.i in told_acts  # "a drone attack ... had been thwarted"
    return subject is None or subject.pos_ in {"PRON", "DET", "NUM"} or told_again or said_of_an_act


#: verbs of beating an assault back: on the ground, unless air defences did it
REPULSING = {"repel", "repulse"}


def repulse_on_the_ground(new: list[Candidate], unarmed: list[Candidate], told: list[Candidate]) -> list[Candidate]:
    """'Boko Haram militants launched an attack on Maiduguri but were repelled by soldiers',
    'Somali troops repelled the attack, killing 12 militants': an assault beaten back by forces
    on the ground (not by air defences) was a fight between the two (GUIDELINES.md: Battles,
    Armed clash, small arms unless others are named), told in the sentence or the one before;
    the repulse is no event of its own. Returns the sentence's candidates without it."""
    kept = list(new)
    for repulse in new + unarmed:
        if repulse.rule.lemma not in REPULSING or by_air_defences(repulse.trigger):
            continue
        assaults = [a for a in new if a is not repulse] + list(reversed(told))
        attack = next((a for a in assaults if a.rule.kind == "attack" and not set(a.weapons) - {"small_arms"}), None)
        if attack is None:
            continue
        attack.rule = replace(attack.rule, kind="clash")
        attack.weapons = attack.weapons or {"small_arms": repulse.trigger}
        attack.outcome = "unknown"
        if repulse.actor1 is not None and (attack.actor1 is None or repulse.actor1[0] != attack.actor1[0]):
            attack.actor2 = repulse.actor1
        attack.fatalities = attack.fatalities or repulse.fatalities
        attack.injuries = attack.injuries or repulse.injuries
        if repulse in kept:
            kept.remove(repulse)
    return kept
