"""Which words belong to a trigger: the verb that governs it, its clause (without the
clauses of other triggers), whether a word sits in a subordinate clause, and the merging
of two triggers of one clause into one event. Pure functions of spaCy tokens."""

from __future__ import annotations

from spacy.tokens import Span, Token

from warlog.extract.candidate import Candidate, in_order
from warlog.extract.interceptions import disrupt
from warlog.extract.roles import CASUALTY_VERBS, DOING_VERBS, FIRING_LEMMAS, HAPPENING_VERBS, carried_noun, under_attack
from warlog.nlp import misread_object, misread_subject

#: places inside these clauses describe something else ("the conflict, in which the US ...")
SUBORDINATE = {"relcl", "advcl", "ccomp", "csubj"}
#: verbs that tell a toll: "15 people died at a base ... when a suicide driver ..."
TOLL_VERBS = CASUALTY_VERBS | {"die"}
#: participles of aiming: "fired missiles at Ukraine, targeting energy infrastructure in Kyiv"
AIMING_PARTICIPLES = {"target", "aim", "hit", "strike"}
#: weapons of an attack from afar: with them an attack that sparked fighting stays an attack
REMOTE_WEAPONS = {"drone", "aircraft", "missile", "rocket", "artillery", "ied"}
#: verbs whose subject is the weapon of the attack they are used for
USE_VERBS = {"use", "employ"}


#: verbs by which an act told in the passive was noticed where it happened: "explosions were
#: heard in Kyiv", "strikes were reported in Lviv"
NOTICING_VERBS = {"report", "hear", "record", "register", "see", "observe"}


#: verbs that put one act after another: "The attacks followed U.S. strikes on Wednesday on
#: two facilities in eastern Syria" (what follows the object tells the object's act)
SEQUENCE_VERBS = {"follow", "precede"}


def governing_verb(token: Token) -> Token:
    current = token
    while current.pos_ not in {"VERB", "AUX"} and current.head.i != current.i:
        current = current.head
    return current


def clause_head(trigger: Token) -> Token:
    """A verb trigger heads its clause; an event noun shares its verb's only when the verb
    just carries it ('carried out two airstrikes', 'a strike took place at ...')."""
    if trigger.pos_ == "VERB":  # "drones were used to attack ...": the weapon is the subject of 'use'
        used = trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in USE_VERBS
        return trigger.head if used else trigger
    verb = governing_verb(trigger)
    if verb.lemma_.lower() in DOING_VERBS | HAPPENING_VERBS and carried_noun(trigger).head.i == verb.i:
        return verb
    if under_attack(trigger):
        return verb
    if trigger.dep_ == "nsubjpass" and trigger.head.i == verb.i and verb.lemma_.lower() in NOTICING_VERBS:
        return verb  # "Strikes were also reported in Lviv, Dnipro and Kharkiv"
    if tells_its_toll(trigger, verb):
        return verb
    return trigger


def tells_its_toll(trigger: Token, verb: Token) -> bool:
    """'a bombing outside a mosque killed five people in the town of Khalis': the verb of the
    event's toll tells where and when it happened."""
    toll_verb = verb.pos_ == "VERB" and verb.lemma_.lower() in CASUALTY_VERBS
    return toll_verb and trigger.dep_ == "nsubj" and trigger.head.i == verb.i


def where_its_toll_fell(head: Token) -> list[Token]:
    """'At least 15 people died at an army base outside Mosul when a suicide driver drove into a
    crowd and detonated his explosives': the act told in a 'when' clause happened where the
    toll it explains fell."""
    verb = head
    while verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        verb = verb.head
    toll = verb.head
    told_when = any(c.dep_ in {"advmod", "mark"} and c.lower_ in {"when", "as"} for c in verb.children)
    if verb.dep_ != "advcl" or not told_when or toll.pos_ != "VERB" or toll.lemma_.lower() not in TOLL_VERBS:
        return []
    return [t for p in toll.children if p.dep_ == "prep" for t in p.subtree]


def clauses(triggers: list[Token], sentence: Span) -> dict[int, list[Token]]:
    """Each trigger's clause: its head's subtree without the clauses of other triggers."""
    heads = {t.i: clause_head(t) for t in triggers}
    for trigger in triggers:  # "attacked the base with a barrage of rockets": one act, one clause
        if is_means(trigger) and trigger.head.head.i in heads:
            heads[trigger.i] = trigger.head.head
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
        own += approach_of(head, {h.i for h in others})
        if head.pos_ == "VERB" and (subject := misread_subject(head)) is not None:
            own += list(trigger.doc[subject.left_edge.i : subject.i + 1])  # "The bomb, ..., detonated"
        own += [t for t in misread_object(head) if t.i not in excluded]  # "... targeted U.S. troops at ..."
        own += [t for t in where_its_toll_fell(head) if t.i not in excluded]
        found[trigger.i] = sorted(own, key=lambda t: t.i) or [trigger]
    for trigger in triggers:
        if is_means(trigger) and heads[trigger.i].i in found:
            found[trigger.i] = found[heads[trigger.i].i]
        told = next((a for a in trigger.ancestors if a.i in found), None) if trigger.dep_ == "appos" else None
        if told is not None:
            # "claimed the attack on the checkpoint in Ghazni, a suicide bombing" (hung on 'Ghazni'):
            # one act, told twice
            found[trigger.i] = in_order(found[told.i], found[trigger.i])
        if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in SEQUENCE_VERBS:
            told_after = [t for p in trigger.head.children if p.dep_ == "prep" and p.i > trigger.i for t in p.subtree]
            found[trigger.i] = in_order(found[trigger.i], told_after)
    return found


def approach_of(head: Token, other_heads: set[int]) -> list[Token]:
    """'A bomber walked into a guardhouse in Mosul and blew himself up', '... aimed his truck at
    a police station in Mosul and set off an explosion': the doer and the place it went to,
    told on the verb a clause's head is joined to (when that verb is no event's):
    the act happened there, and its words begin with the doer's."""
    if head.pos_ != "VERB" or head.dep_ != "conj" or head.head.i in other_heads:
        return []
    verb = head.head
    if verb.pos_ != "VERB" or any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children):
        return []  # the joined verb has a subject of its own: another act
    told = [c for c in verb.children if c.dep_ == "nsubj" or c.dep_ == "prep" and c.i < head.i]
    return [t for c in told for t in c.subtree]


def is_means(trigger: Token) -> bool:
    """An event noun that tells how the verb's act was done ('with a barrage of rockets')."""
    return trigger.head.lower_ == "with" and trigger.head.head.pos_ == "VERB"


def merge_same_clause(candidates: list[Candidate]) -> list[Candidate]:
    """Two triggers of one clause ('launched a drone attack') make one event; so do verbs
    that share a subject ('five strikes engaged two units and destroyed a vehicle'): what the
    second verb names is the same strikes' result, not another event."""
    merged: list[Candidate] = []
    folded: dict[int, Candidate] = {}  # trigger of a clause told as part of an event before it -> that event
    for candidate in candidates:
        twin = next((m for m in merged if {t.i for t in m.clause} == {t.i for t in candidate.clause}), None)
        conjoined = twin is None and next(
            (m for m in merged if shares_subject(candidate, m) or is_subject_of(m, candidate)), None
        )
        twin = twin or conjoined
        told_how = twin is None and next((m for m in merged if tells_how_it_was_done(candidate, m)), None)
        if told_how:  # "the attack on Al-Asad, in which ballistic missiles were launched at the base"
            for category, where in candidate.weapons.items():
                told_how.weapons.setdefault(category, where)
            told_how.quantity = told_how.quantity or candidate.quantity
            continue
        landed = twin is None and next((m for m in merged if tells_what_weapon_did(candidate, m)), None)
        if landed and candidate.rule.kind == "intercept" and landed.rule.kind == "attack":
            disrupt(landed, candidate)  # "a one-way attack drone, which was engaged and destroyed"
            folded[candidate.trigger.i] = landed
            continue
        if landed:
            # "fired two missiles that struck a ship near Hodeidah": where the weapons struck
            # is where the attack took place
            landed.absorb_clause(candidate)
            landed.places = landed.places or candidate.places
            landed.actor2 = landed.actor2 or candidate.actor2
            landed.date = landed.date or candidate.date
            if landed.outcome == "unknown":
                landed.outcome = candidate.outcome
            folded[candidate.trigger.i] = landed
            continue
        verb = candidate.trigger
        first = verb.head.i if verb.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children) else None
        if twin is None and first in folded:  # "..., which was engaged and destroyed by coalition forces"
            event = folded[first]
            if event.rule.kind == "intercept" and (event.actor1 is None or event.actor1 == event.actor2):
                event.actor1 = candidate.actor1 or event.actor1
            continue
        if twin is None:
            merged.append(candidate)
            continue
        if conjoined and twin.trigger.pos_ == "NOUN":  # the verb's words tell the event too
            twin.absorb_clause(candidate)
        if not conjoined or candidate.rule.kind == "intercept":
            # what the second verb destroyed ('two vehicle bombs') is no weapon of it, unless
            # it shot it down ('engaged and shot down three drones')
            for category, where in candidate.weapons.items():
                twin.weapons.setdefault(category, where)
        twin.quantity = twin.quantity or candidate.quantity
        twin.date = twin.date or candidate.date
        twin.actor1 = twin.actor1 or candidate.actor1
        twin.actor2 = twin.actor2 or candidate.actor2
        if candidate.rule.kind == "intercept" and twin.clause == candidate.clause:
            twin.rule, twin.outcome = candidate.rule, candidate.outcome
        elif twin.outcome == "unknown" and candidate.outcome == "hit" and candidate.rule.kind == twin.rule.kind:
            twin.outcome = "hit"  # "launched airstrikes on ...": the strikes' own word says they struck
        else:
            fought_on_the_ground(twin, candidate)
    return fold_participles(merged)


def fought_on_the_ground(attack: Candidate, fight: Candidate) -> None:
    """'The Taliban attacked a district headquarters, sparking a gun battle': an attack with
    no weapon from afar that a fight of its clause followed was a fight on the ground
    (GUIDELINES.md: Armed clash, small arms unless others are named)."""
    if fight.rule.kind != "clash" or attack.rule.kind != "attack" or set(attack.weapons) & REMOTE_WEAPONS:
        return
    attack.rule, attack.outcome = fight.rule, "unknown"
    attack.weapons = attack.weapons or dict(fight.weapons) or {"small_arms": fight.trigger}


def fold_participles(candidates: list[Candidate]) -> list[Candidate]:
    """'Two drones targeting Erbil air base were shot down': a participle that describes the
    subject of another trigger tells where that act was aimed, not a second act."""
    kept = []
    for candidate in candidates:
        main = next((m for m in candidates if m is not candidate and describes_subject_of(candidate, m)), None)
        if main is None:
            kept.append(candidate)
            continue
        main.absorb_clause(candidate)
        if candidate.places and all(p.precision == 4 for p in main.places):
            main.places = candidate.places  # "at Ukraine overnight, targeting ... in Kyiv, Lviv and Dnipro"
        main.places = main.places or candidate.places
        main.date = main.date or candidate.date
        main.quantity = main.quantity or candidate.quantity
        for category, where in candidate.weapons.items():
            main.weapons.setdefault(category, where)
        if main.rule.kind == "intercept":  # the side that launched what was shot down
            main.actor2 = main.actor2 or candidate.actor1
        else:
            main.actor1 = main.actor1 or candidate.actor1
            main.actor2 = main.actor2 or candidate.actor2
    return kept


def describes_subject_of(participle: Candidate, main: Candidate) -> bool:
    """'Two drones targeting Erbil air base were shot down', 'Russia launched 40 missiles at
    Ukraine overnight, targeting energy infrastructure in Kyiv, Lviv and Dnipro': a participle
    on the subject of another trigger, or one of aiming on a verb of firing, tells where that
    act was aimed."""
    verb, subject = participle.trigger, participle.trigger.head
    if verb.pos_ != "VERB" or main.trigger.pos_ != "VERB":
        return False
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and subject.i == main.trigger.i:
        return verb.lemma_.lower() in AIMING_PARTICIPLES and main.rule.lemma in FIRING_LEMMAS
    return verb.dep_ == "acl" and subject.dep_ in {"nsubj", "nsubjpass"} and subject.head.i == main.trigger.i


def shares_subject(candidate: Candidate, earlier: Candidate) -> bool:
    """A verb conjoined to an earlier trigger verb, with no subject, place or day of its own
    ('shelled Kharkiv and struck Odesa' is two events)."""
    verb, head = candidate.trigger, earlier.trigger
    if verb.pos_ != "VERB" or head.pos_ != "VERB" or not conjoined_to(verb, head):
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass", "agent"} for c in verb.children) or is_passive(verb) != is_passive(head):
        return False  # "... impacted two vessels and one was shot down by USS Carney": another subject
    if {(p.span.start, p.span.end) for p in candidate.places} - {(p.span.start, p.span.end) for p in earlier.places}:
        return False
    return candidate.date is None or earlier.date is None or candidate.date.date == earlier.date.date


def is_subject_of(noun: Candidate, verb: Candidate) -> bool:
    """'two airstrikes engaged an ISIS mortar team': the strikes are what the verb tells of."""
    subject, head = noun.trigger, verb.trigger
    return (
        subject.pos_ == "NOUN"
        and head.pos_ == "VERB"
        and subject.dep_ == "nsubj"
        and subject.head.i == head.i
        and not {(p.span.start, p.span.end) for p in verb.places} - {(p.span.start, p.span.end) for p in noun.places}
    )


def tells_what_weapon_did(candidate: Candidate, earlier: Candidate) -> bool:
    """'launched 10 rockets that targeted a base': a clause on the weapons an earlier trigger
    launched tells the same attack, not another one."""
    verb = candidate.trigger
    if verb.pos_ != "VERB" or verb.dep_ != "relcl":
        return False
    weapon = verb.head.i
    return earlier.names_weapon_at(weapon) and weapon in {t.i for t in earlier.clause}


def tells_how_it_was_done(candidate: Candidate, earlier: Candidate) -> bool:
    """'the attack on Al-Asad Air Base on Jan. 20, in which ballistic missiles were launched':
    a clause 'in which' or 'during which' on an event noun tells how that event was done."""
    verb = candidate.trigger
    if verb.pos_ != "VERB" or verb.dep_ != "relcl" or earlier.trigger.pos_ != "NOUN":
        return False
    relative = any(
        c.dep_ == "prep" and c.lower_ in {"in", "during"} and any(w.lower_ == "which" for w in c.children)
        for c in verb.children
    )
    return relative and verb.head.i in {t.i for t in earlier.trigger.subtree}


def conjoined_to(verb: Token, head: Token) -> bool:
    """'engaged ...; destroyed ...; and damaged ...': a chain of conjuncts up to the head verb."""
    current = verb
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head
        if current.i == head.i:
            return True
    return False


def is_passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)

