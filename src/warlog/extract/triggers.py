"""Whether a word opens an event: the trigger rule of a word (a verb or noun of the knowledge
base), whether its sentence states something that happened (not a threat, a hypothetical,
a habit, a denial or a running count), whether it is armed violence at all, and whether it
only sums up or refers back to attacks told before."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

from warlog.extract.candidate import Candidate, PlaceMention
from warlog.extract.clauses import NOTICING_VERBS, governing_verb
from warlog.extract.context import listed_strike
from warlog.extract.dates import offset_word
from warlog.extract.interceptions import AIR_DEFENCES, INTERCEPTABLE
from warlog.extract.roles import ANSWERING_VERBS, CASUALTY_VERBS, FIRING_LEMMAS
from warlog.extract.weapons import WeaponsAt
from warlog.knowledge import Knowledge, Trigger
from warlog.nlp import misread_subject, subject_of, subject_verb, text_of, word_forms
from warlog.textnum import parse_number, parse_ordinal

EVENT_KINDS = {"attack", "intercept", "clash"}
MODAL_WORDS = {"will", "would", "could", "may", "might", "should", "must", "shall", "can"}
CONDITION_MARKERS = {"if", "unless", "case", "whether"}
HABITUAL_HEADS = {"continue", "keep", "threaten", "plan", "vow", "warn", "try", "seek", "intend"}
#: "previously fought", "has always occurred": background, not an event on a day
HABITUAL_ADVERBS = {"previously", "formerly", "always", "often", "repeatedly", "regularly",
                    "usually", "frequently", "routinely", "sometimes", "never"}
#: the particles of phrasal triggers: "shot it down", "blew himself up", "a bomb went off"
PARTICLES = {"down", "up", "off"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday"}
#: what opens a line of a list
LIST_MARKS = {"-", "--", "–", "—", "•", "*"}
DEFINITE = {"the", "these", "those", "such", "its", "their", "this", "that"}
#: "the latest attack", "the most recent strike": the one the story is about, told already
LATEST = {"latest", "recent", "newest"}

#: the trigger rule of a token, or None (the reader caches it per token)
RuleOf = Callable[[Token], Trigger | None]


def read_trigger(kb: Knowledge, weapon_at: WeaponsAt, token: Token) -> Trigger | None:
    """The trigger rule a word matches: its lemma, 'shot down', or a compound ('drone strike')."""
    lemma = token.lemma_.lower()
    lower = token.lower_
    words = kb.trigger_words()
    if lemma not in words and lower not in words and lower.removesuffix("s") not in words:
        return None  # every rule below needs the word itself to be (part of) a trigger
    if token.pos_ == "VERB":  # "shot it down", "blew himself up": the verb and its particle
        particle = next((c.lower_ for c in token.children if c.dep_ in {"prt", "advmod"} and c.lower_ in PARTICLES), None)
        if particle is not None and (particle == "down" or f"{lemma} {particle}" in kb.triggers):
            lemma = f"{lemma} {particle}"
    if token.dep_ == "dobj" and f"{token.head.lemma_.lower()} {lemma}" in kb.triggers:
        return None  # "opened fire", "exchanged mortar fire": the verb tells the act
    for child in token.lefts:  # "drone strike", "air raid": the compound says more
        if child.dep_ == "compound" and f"{child.lemma_.lower()} {lemma}" in kb.triggers:
            lemma = f"{child.lemma_.lower()} {lemma}"
    pos = token.pos_
    if pos == "VERB":  # "fired rockets", "slammed into": the verb and its object or preposition
        phrases = (f"{lemma} {c.lemma_.lower()}" for c in token.children if c.dep_ in {"dobj", "prep"})
        lemma = next((phrase for phrase in phrases if phrase in kb.triggers), lemma)
    rule = kb.triggers.get(lemma) or kb.triggers.get(lower)
    if rule is None and pos == "PROPN" and token.is_sent_start:  # "Airstrikes continued ...": a capital misread as a name
        rule, pos = kb.triggers.get(lower.removesuffix("s")), "NOUN"
    if rule is None or pos not in rule.pos:
        return None
    if token.dep_ in {"compound", "amod", "nmod"} and token.head.lemma_.lower() in kb.weapons:
        return None  # "attack drones": a kind of weapon
    if token.i in weapon_at and len(weapon_at[token.i][1]) > 1:
        return None  # "attack unmanned aerial vehicles"
    if any(token.i < start + len(weapon_at[start][1]) - 1 for start in range(token.i - 4, token.i) if start in weapon_at):
        return None  # "one-way attack UAV capabilities": a word inside a weapon's name (not "drone strike")
    if rule.kind == "attack" and pos == "VERB":  # "fired a dozen interceptors": an interception
        fired = (kb.triggers.get(c.lemma_.lower()) for c in token.children if c.dep_ == "dobj")
        rule = next((r for r in fired if r is not None and r.kind == "intercept" and "NOUN" in r.pos), rule)
    if rule.lemma == "destroy" and destroys_in_flight(kb, weapon_at, token):
        rule = kb.triggers.get("destroy in the air", rule)
    return rule


def destroys_in_flight(kb: Knowledge, weapon_at: WeaponsAt, verb: Token) -> bool:
    """'destroyed 18 of 20 Shahed drones launched by Russia', 'air defences destroyed two
    missiles': what is destroyed was fired (or air defences or an air force did it), so it was
    shot down in flight; 'destroyed drones and launchers' on the ground is a strike."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    flying = [
        o for o in objects
        if any(weapon_at.get(t.i, ("",))[0] in INTERCEPTABLE for t in (o, *o.lefts))
    ]
    if not flying:
        return False
    fired = any(c.dep_ == "acl" and c.lemma_.lower() in kb.launch_verbs for o in flying for c in o.children)
    doers = [t for c in verb.children if c.dep_ == "nsubj" for t in c.subtree]
    defences = any(t.lemma_.lower() in AIR_DEFENCES for t in doers) or any(
        t.lower_ == "force" and any(c.lower_ == "air" for c in t.children) for t in doers
    )
    return fired or defences


#: what one takes when one takes territory: "overran a military base", "captured the town of ..."
TERRITORY_NOUNS = {"town", "city", "village", "district", "province", "region", "area", "territory", "base",
                   "airbase", "camp", "outpost", "garrison", "barracks", "post", "checkpoint", "position",
                   "headquarters", "airport", "port", "hill", "island", "settlement", "neighbourhood",
                   "neighborhood", "suburb", "stronghold", "bastion", "county", "locality"}


def takes_a_place(candidate: Candidate) -> bool:
    """'overran a military base in Baga', 'recaptured Palmyra', 'the town was seized': a verb
    of taking territory is an event only when what it takes is a place or a site (not 'seized
    weapons', 'captured three fighters')."""
    trigger = candidate.trigger
    taken = [c for c in trigger.children if c.dep_ in {"dobj", "nsubjpass"}]
    place_ids = {i for p in candidate.places for i in range(p.span.start, p.span.end)}
    for noun in taken:
        if noun.lemma_.lower() in TERRITORY_NOUNS or noun.i in place_ids or noun.ent_type_ in {"GPE", "LOC", "FAC"}:
            return True
    return False


def counted_by_tally(tally_tokens: set[int], trigger: Token) -> bool:
    """The trigger is what a running count counts: 'attacked 46 times', 'three separate attacks'."""
    return bool(tally_tokens) and any(t.i in tally_tokens for t in close_words(trigger))


def states_an_event(
    kb: Knowledge, rule_of: RuleOf, tally_tokens: set[int], trigger: Token, placed_one_by_one: bool = False
) -> bool:
    """Not a threat, a hypothetical, a habit or a denial: something that happened.
    ``placed_one_by_one``: acts counted ('four times') at as many named places, each an event."""
    verb = trigger if trigger.pos_ == "VERB" else governing_verb(trigger)
    if any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.children):
        return False  # "there were no reported strikes"
    for token in [trigger, *trigger.ancestors]:
        if token.lemma_.lower() in kb.report_verbs:
            break  # what is reported: "said that drones struck" is still an event
        if token.lemma_.lower() in kb.modality:
            return False
        if token.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lemma_.lower() in kb.purpose_nouns for c in token.children):
            return False  # "the aim of the operation was to destroy Hamas's rocket infrastructure"
        if token.lemma_.lower() in HABITUAL_HEADS and not goes_on_on_a_day(token, trigger):
            return False
        for child in token.children:
            if child.dep_ == "neg":
                return False
            if child.dep_ == "aux" and child.lower_ in MODAL_WORDS:
                return False
            if child.dep_ == "mark" and child.lower_ in CONDITION_MARKERS:
                return False
        if token.lower_ == "case" and token.head.lower_ == "in":
            return False
        if token.i == verb.i and token.dep_ not in {"xcomp", "conj", "advcl"}:
            break
    told_by = [verb, verb.head] if verb.dep_ == "xcomp" else [verb]  # "frequently use roadside bombs to target"
    if any(child.lower_ in HABITUAL_ADVERBS for v in told_by for child in v.children if child.dep_ == "advmod"):
        return False
    if any(in_the_past(child) for child in verb.children):
        return False  # "militias who have targeted US troops in the past": background
    if trigger.pos_ == "VERB" and figurative(kb, trigger):
        return False  # "the enemies of Iraq are targeting the country's security"
    if aimed_or_ongoing(trigger):
        return False  # "efforts to fight Boko Haram", "forces that are also fighting al-Shabab"
    if ongoing_since(verb):
        return False  # "a force that has battled al-Shabab since 2007": a war, not a day's event
    if trigger.dep_ in {"amod", "compound"} and rule_of(trigger.head) is not None:
        return False  # "attempted attack", "missile strike": the head word is the event
    if trigger.dep_ in {"amod", "compound"} and trigger.tag_ == "VBG":
        return False  # "Hamas's rocket-launching infrastructure", "firing positions": a kind of thing
    if counted_by_tally(tally_tokens, trigger):
        return False  # "attacked 46 times since October 17": a running count, a tally
    if (times_told(trigger) or 0) > 1 and not placed_one_by_one:
        return False  # "attacked at least four times on Wednesday": a summary of several
    return True


def times_told(trigger: Token) -> int | None:
    """'attacked at least four times', 'came under attack three times': how many acts the
    words count."""
    told_by = [trigger.head.head] if trigger.head.lower_ == "under" else []  # "came under attack three times"
    for times in (c for t in [trigger, *told_by] for c in t.children if c.lower_ == "times"):
        count = next((parse_number(n.text) for n in times.children if n.dep_ == "nummod"), None)
        if count is not None:
            return count
    return None


def figurative(kb: Knowledge, verb: Token) -> bool:
    """'targeting the country's security, sovereignty and the safety of our citizens', 'struck a
    record deal': every object of the verb is an abstraction (triggers.yaml: abstract_objects),
    no one and no place ('the movie was shot in 18 days'); 'products it could hit with tariffs':
    what it strikes with is one."""
    objects = [o for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} for o in (c, *c.conjuncts)]
    means = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for o in c.children if o.dep_ == "pobj"]
    return bool(objects) and all(o.lemma_.lower() in kb.abstract_objects for o in objects) or any(
        o.lemma_.lower() in kb.abstract_objects for o in means
    )


def in_the_past(prep: Token) -> bool:
    """'in the past', 'in recent years': a time that is no day but the background of a habit
    (not 'in the past 24 hours', a window that ends on the report's day)."""
    if prep.dep_ != "prep" or prep.lower_ != "in":
        return False
    for noun in (c for c in prep.children if c.dep_ == "pobj"):
        modifiers = {c.lower_ for c in noun.children} - {"the"}
        if noun.lower_ == "past" and not modifiers:
            return True
        if noun.tag_ == "NNS" and noun.lower_ in {"weeks", "months", "years"} and modifiers == {"recent"}:
            return True
    return False


def aimed_or_ongoing(trigger: Token) -> bool:
    """A verb that tells what a noun is for or what a side is doing these days, not what
    happened: an infinitive after a noun ('efforts to fight Boko Haram', 'a plan to strike
    the port', 'weapons used to target US troops', 'the first suicide bombing in Nigeria to
    attack an international organisation') or a present progressive describing a side ('Ethiopian forces that are also
    fighting al-Shabab'; not the past 'who were attacking the army', a fight on a day)."""
    if trigger.pos_ != "VERB":
        return False
    aux = [c for c in trigger.children if c.dep_ == "aux"]
    if any(c.tag_ == "TO" for c in aux) and (
        trigger.dep_ == "acl" or trigger.head.dep_ == "acl" and trigger.head.tag_ == "VBN"
    ):
        return True  # 'weapons used to target US troops': what the weapons are for
    if any(c.tag_ == "TO" for c in aux) and trigger.dep_ == "relcl" and any(
        c.dep_ == "amod" and (c.tag_ == "JJS" or c.ent_type_ == "ORDINAL") for c in trigger.head.children
    ):
        return True  # 'the first suicide bombing to attack an international organisation': a record
    present = any(c.lower_ in {"is", "are", "'re"} for c in aux)
    return trigger.dep_ == "relcl" and trigger.tag_ == "VBG" and present


def ongoing_since(verb: Token) -> bool:
    """'has battled al-Shabab since 2007', 'have been fighting since March': a present perfect
    lasting since a time is an ongoing war, not an event on one day."""
    perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ in {"VBZ", "VBP"} for c in verb.children)
    since = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "since" for g in c.children]
    return perfect and any(g.lower_ not in WEEKDAYS for g in since)  # not "since Sunday": days of fighting


def close_words(word: Token) -> list[Token]:
    """The words of its subtree that hang on a word or on one of its dependents (and the word
    itself when it heads the sentence, being its own head), without walking the subtree."""
    children = list(word.children)
    return [*([word] if word.head.i == word.i else []), *children, *(t for c in children for t in c.children)]


def goes_on_on_a_day(head: Token, trigger: Token) -> bool:
    """'Airstrikes continued on 21 October': the strikes are the subject of 'continue' and it
    gives them a day, so they happened then (not 'continued to attack', an ongoing habit)."""
    return trigger.head.i == head.i and trigger.dep_ == "nsubj" and head.lemma_.lower() == "continue" and any(
        t.ent_type_ == "DATE" and t.like_num for t in head.subtree
    )


def has_own_calendar_date(candidate: Candidate) -> bool:
    """A date in the trigger's own clause naming a day ('the 27 December attack', 'took place
    on 4 October'): the words tell an event of that day, not only point back to one."""
    span = candidate.date_span
    return (
        candidate.trigger.pos_ == "NOUN"
        and (candidate.quantity is None or candidate.quantity[0] == 1)  # "four attacks on 23 November": a count
        and candidate.date is not None
        and candidate.date.precision == 1
        and span is not None
        and span.label_ == "DATE"
        and any(t.like_num for t in span)
        and not any(t.lower_ in {"and", "to", "-", "–"} for t in span)  # "on 11 and 14 March": a series
        and not starts_a_period(span)
    )


#: verbs by which a day is when something lasting began: "the attacks, which began on Oct. 17"
BEGINNING_VERBS = {"begin", "start", "commence", "erupt"}


def starts_a_period(span: Span) -> bool:
    """'The attacks on U.S. forces, which began on Oct. 17, have involved ...': the day a run
    of acts began, not the day of one."""
    verb = span.root.head.head if span.root.dep_ == "pobj" else span.root.head
    return verb.lemma_.lower() in BEGINNING_VERBS


def reported_that_day(candidate: Candidate, earlier: list[Candidate]) -> bool:
    """An event of the same kind and day told before: the words refer back to it."""
    return any(e.date is not None and e.date.date == candidate.date.date and e.rule.kind == candidate.rule.kind for e in earlier)


def is_armed(kb: Knowledge, candidate: Candidate, earlier: list[Candidate], summaries: list[Candidate]) -> bool:
    """Political violence has a weapon, an armed actor of the knowledge base, or a
    military site: without any of them 'battle', 'attack' and 'intercept' are other news,
    unless the story has told armed events (or summed them up: 'three rocket attacks hit the
    city') and this one has its own day ('The second attack occurred on 8 October')."""
    if candidate.weapons or candidate.actor1 or candidate.actor2 or described_as_armed(kb, candidate.trigger):
        return True
    if forces_fell_in(kb, candidate.trigger):
        return True
    if (earlier or any(s.weapons for s in summaries)) and has_own_calendar_date(candidate):
        return True
    if next_of_series(candidate, earlier):
        return True
    fight = candidate.rule.kind == "clash" and candidate.trigger.dep_ not in {"amod", "compound"}
    trigger = candidate.trigger
    noticed = trigger.dep_ == "nsubjpass" and trigger.head.lemma_.lower() in NOTICING_VERBS
    if (fight or noticed) and (earlier or summaries) and any(p.precision < 4 for p in candidate.places):
        return True  # a war story's "fierce clashes were reported on the outskirts of Damascus", "strikes were also reported in Lviv"
    listed = candidate.trigger.pos_ == "VERB" or listed_strike(candidate)  # not "fighting positions"
    if listed and candidate.places and in_armed_list(candidate.trigger, summaries):
        return True  # "conducted 18 strikes:" then "-- Near Beiji, a strike destroyed a vehicle."
    return any(p.hosts or p.precision == 1 and p.latitude is not None and kb.place(p.name) for p in candidate.places)


def forces_fell_in(kb: Knowledge, trigger: Token) -> bool:
    """'an American soldier was killed in an attack on his patrol', 'two policemen were wounded
    in an ambush': an attack in which soldiers or police fell is armed violence, whoever did
    it (tally_forces: the words for the members of a force)."""
    if trigger.pos_ != "NOUN" or trigger.dep_ != "pobj" or trigger.head.lower_ not in {"in", "during"}:
        return False
    verb = trigger.head.head
    fallen = [c for c in verb.children if c.dep_ == "nsubjpass"]
    return verb.lemma_.lower() in CASUALTY_VERBS and any(
        noun.lemma_.lower() in kb.tally_forces for f in fallen for noun in (f, *f.conjuncts)
    )


def next_of_series(candidate: Candidate, earlier: list[Candidate]) -> bool:
    """'A U.S. airstrike near Jilib killed three fighters. A second strike on Monday near Kunyo
    Barrow killed one.': an act told as the next of a series the story has told an armed one of."""
    trigger = candidate.trigger
    ordinal = any(
        c.dep_ in {"amod", "det"} and (c.lower_ == "another" or (parse_ordinal(c.lower_) or 0) > 1)
        for c in trigger.children
    )
    return ordinal and trigger.pos_ == "NOUN" and any(
        e.rule.kind == candidate.rule.kind and (e.weapons or e.actor1) for e in earlier[-3:]
    )


def kills_a_named_person(candidate: Candidate) -> bool:
    """'the U.S. military took decisive defensive action ... by killing Qasem Soleimani': an armed
    side that kills a person the text names has struck, though no place or weapon is told (a
    targeted killing, an event of its own), not given the toll of an act told before."""
    if candidate.trigger.lemma_ != "kill" or candidate.actor1 is None:
        return False
    return any(c.dep_ == "dobj" and c.ent_type_ == "PERSON" for c in candidate.trigger.children)


def described_as_armed(kb: Knowledge, trigger: Token) -> bool:
    """'a terrorist attack', 'a suicide bombing', 'the militants attacked the town', 'attacked by
    gunmen', 'gunmen killed 30 villagers in an attack', 'a suicide driver set off an explosion':
    the words for the attack or its doer say it is armed violence, though they name no actor of
    the knowledge base."""
    verb = subject_verb(trigger) if trigger.pos_ == "VERB" else trigger
    describing = [c for c in trigger.children if c.dep_ in {"amod", "compound"}]
    describing += [c for c in verb.children if c.dep_ == "nsubj"] if trigger.pos_ == "VERB" else []
    describing += [g for c in trigger.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj":  # "a suicide driver set off an explosion"
        verb = trigger.head  # "... aimed his truck at a police station and set off an explosion": the shared subject
        verb = verb.head if verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children) else verb
        doers = [c for c in verb.children if c.dep_ == "nsubj"]
        describing += doers + [m for d in doers for m in d.children if m.dep_ in {"amod", "compound"}]
    if trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and trigger.head.lower_ in {"in", "during"}:
        # "gunmen killed 30 villagers in an attack on the village": the words before it tell who
        describing += list(trigger.doc[trigger.sent.start : trigger.head.i])
    return any(word.lemma_.lower() in kb.armed_words or word.lower_ in kb.armed_words for word in describing)


def fights_struck_forces(kb: Knowledge, candidate: Candidate, others: list[Candidate]) -> bool:
    """'an airstrike against al-Shabaab terrorists who were attacking Somali National Army
    forces': the group an air strike hit was fighting a state's forces on the ground, which
    the strike came to defend; with no weapon of its own that fight is an armed clash
    (ACLED: Battles), not a remote attack."""
    trigger = candidate.trigger
    if trigger.dep_ != "relcl" or set(candidate.weapons) - {"unspecified"} or candidate.actor2 is None:
        return False
    target = kb.actors.get(candidate.actor2[0])
    if target is None or target.acled_type != 1:
        return False
    return any(
        other is not candidate and set(other.weapons) & {"aircraft", "drone"} and trigger.head in other.clause
        for other in others
    )


def is_summary_or_reference(rule_of: RuleOf, candidate: Candidate, earlier: list[Candidate]) -> bool:
    """'the attacks' (said before) and 'four attacks from Iraq and Syria' (many) are not new;
    'the 27 December attack on ...' with a day of its own is, unless that day was told before."""
    trigger = candidate.trigger
    if has_own_calendar_date(candidate):
        return reported_that_day(candidate, earlier)
    if opens_a_list(trigger):
        return True
    if trigger.pos_ == "VERB" and describes_a_side(rule_of, candidate):
        return True
    if trigger.pos_ == "VERB" and earlier and candidate.rule.kind == "attack" and told_weapon(candidate):
        return True  # "A drone attack targeted the base ... The drone was launched by militants."
    if trigger.pos_ == "VERB":  # "the strikes destroyed ...": what the strikes told before did
        subject = next((c for c in subject_verb(trigger).children if c.dep_ == "nsubj"), None)
        return (
            subject is not None
            and rule_of(subject) is not None
            and any(c.lower_ in DEFINITE or c.dep_ == "poss" for c in subject.children)
            and not any(p.precision == 1 for p in candidate.places)
        )
    if trigger.pos_ != "NOUN":
        return False
    if names_what_was_told(trigger) or there_have_been(trigger):
        return True
    if condemned(trigger) and any(e.rule.kind == candidate.rule.kind for e in earlier):
        return True  # "The State Department condemned Friday's horrifying terrorist attack in Somalia"
    determiners = {c.lower_ for c in trigger.children if c.dep_ == "det"}
    possessed = any(c.dep_ == "poss" for c in trigger.children)  # "Today's strikes", "Iran's attack"
    has_number = candidate.quantity is not None
    specific_place = any(p.precision < 4 and not is_province(p) for p in candidate.places)
    if (determiners & DEFINITE or possessed) and not has_number and not specific_place:
        return True
    if determiners & DEFINITE and not has_number and specific_place and placed_before(candidate, earlier):
        return True  # "a missile hit the station in Kramatorsk ... shortly before the bombing of the station in Kramatorsk"
    if determiners & DEFINITE and any(c.dep_ == "amod" and c.lower_ in LATEST for c in trigger.children):
        return True  # "The latest Houthi attack came days after ...": the one the story told
    site = any(p.precision == 1 for p in candidate.places)
    related_by_offset = offset_word(trigger) is not None
    dated = candidate.date is not None or dated_by_its_verb(trigger)
    if trigger.tag_ == "NNS" and not has_number and not site and not dated and not related_by_offset:
        # "attacks against vessels transiting the Red Sea": a summary, unless a side is told
        # doing them once, at a place ("US forces carried out airstrikes in eastern Syria")
        return not (candidate.places and candidate.actor1 is not None and done_once(trigger))
    if trigger.tag_ == "NNS" and not candidate.places and not related_by_offset:
        return candidate.actor1 is None or candidate.actor2 is None
    if has_number and candidate.quantity[0] > 1 and not candidate.places:
        return candidate.rule.lemma == "attack"
    return False


#: verbs of a statement about an act: what they name is an act already told (GUIDELINES.md:
#: condemnations are no events)
CONDEMNING_VERBS = {"condemn", "denounce", "deplore", "decry"}


def condemned(trigger: Token) -> bool:
    """'A statement condemned in "the strongest possible terms" Friday's "horrifying" terrorist
    attack': an act named after a verb of condemning in its sentence (the parser may hang it
    elsewhere) is the one condemned, not a new one."""
    return trigger.pos_ == "NOUN" and any(
        t.pos_ == "VERB" and t.lemma_.lower() in CONDEMNING_VERBS for t in trigger.doc[trigger.sent.start : trigger.i]
    )


def placed_before(candidate: Candidate, earlier: list[Candidate]) -> bool:
    """Whether an earlier event of the same kind was told at each of this one's places."""
    told = {p.name for e in earlier if e.rule.kind == candidate.rule.kind for p in e.places}
    return all(p.name in told for p in candidate.places)


def done_once(trigger: Token) -> bool:
    """'carried out airstrikes on two facilities', 'responded with strikes on southern Lebanon':
    the strikes are the object of a verb in the simple past, one act of one day (not 'have
    carried out attacks', a record)."""
    verb = trigger.head
    if trigger.dep_ == "pobj" and verb.lower_ == "with" and verb.head.lemma_.lower() in ANSWERING_VERBS:
        verb = verb.head  # "the Israeli army responded with strikes on southern Lebanon"
    elif trigger.dep_ != "dobj":
        return False
    if verb.tag_ != "VBD":
        return False
    return not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def told_act(candidate: Candidate) -> bool:
    """'According to the channel, the strike was carried out by the Islamic Resistance': the
    act told before, named again with 'the' as a verb's subject, at no place and on no day
    of its own, to say who did it."""
    if candidate.date is not None or any(p.precision < 4 for p in candidate.places) or candidate.weapons:
        return False
    trigger = candidate.trigger
    subject = trigger if trigger.pos_ == "NOUN" else subject_of(trigger) or misread_subject(trigger)
    if subject is None or subject.tag_ != "NN":
        return False
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in subject.children)


def told_weapon(candidate: Candidate) -> bool:
    """'the drone was launched by Iran-backed militants', 'militants who had launched the
    missile': a verb whose subject (or, for a verb of firing, whose object) is a weapon named
    with 'the', at no place and on no day of its own, tells more of the attack that weapon
    was told in."""
    if candidate.date is not None or any(p.precision < 4 for p in candidate.places):
        return False
    trigger = candidate.trigger
    told = [subject_of(trigger) or misread_subject(trigger)]
    if candidate.rule.lemma in FIRING_LEMMAS:
        told += [c for c in trigger.children if c.dep_ == "dobj"]
    return any(
        word is not None and candidate.names_weapon_at(word.i)
        and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in word.children)
        for word in told
    )


def dated_by_its_verb(trigger: Token) -> bool:
    """'Israeli strikes on Deir al-Balah killed 11 people on Tuesday', 'two soldiers were killed
    in clashes in northern Gaza on Monday': strikes or clashes that did one thing on one day,
    as the subject of the verb that tells it or the act it was done in, are that day's act,
    not a summary of many."""
    if trigger.dep_ in {"nsubj", "nsubjpass"}:
        verb, own = trigger.head, trigger
    elif trigger.dep_ == "pobj" and trigger.head.lower_ in {"in", "during"}:
        verb, own = trigger.head.head, trigger.head  # "Two soldiers were killed in clashes ... on Monday"
    else:
        return False
    if verb.pos_ != "VERB":
        return False
    told = [c for c in verb.children if c.i != own.i and c.dep_ in {"prep", "npadvmod"}]
    return any(t.ent_type_ == "DATE" and t.lower_ in WEEKDAYS for c in told for t in c.subtree)


def is_province(place: PlaceMention) -> bool:
    """'Tuesday's attack in Helmand province': a province of the gazetteer is too wide to tell
    an attack apart from the one told before (a town or a site is not)."""
    return place.precision == 3 and place.admin1 is not None and not place.span.ent_id_.startswith("place:")


def describes_a_side(rule_of: RuleOf, candidate: Candidate) -> bool:
    """'a militia that launched rocket attacks against US bases': a relative clause that
    tells who a group is by the attacks it has made, counted by no number and dated to no
    day, sums them up; it is no event of its own."""
    verb = subject_verb(candidate.trigger)
    if verb.dep_ != "relcl" or candidate.date is not None or candidate.quantity is not None:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return any(
        rule_of(o) is not None and o.tag_ == "NNS" and not any(c.dep_ == "nummod" for c in o.children)
        for o in objects
    )


def names_what_was_told(trigger: Token) -> bool:
    """'called the rocket fire a "terrorist attack"': the name a speaker gives to what the
    text tells by other words (the object predicate of 'called', 'labelled') is no event of
    its own."""
    return trigger.dep_ == "oprd"


def there_have_been(trigger: Token) -> bool:
    """'There have been several rocket attacks on bases with US forces': attacks that have
    been, told as what exists, sum up many ('dozens of attacks' too; not 'there was an
    attack on ...')."""
    noun = trigger
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "of":  # "dozens of rocket attacks"
        noun = trigger.head.head
    be = noun.head
    if trigger.tag_ != "NNS" or noun.dep_ != "attr" or be.lemma_.lower() != "be":
        return False
    children = {c.lower_ for c in be.children}
    return "there" in children and bool(children & {"have", "has", "'ve"})


def opens_a_list(trigger: Token) -> bool:
    """'Coalition forces conducted two strikes against ISIS targets:' and then a list, one
    line per strike: the words before the colon sum the list up (the parser often runs the
    first line into the same sentence)."""
    doc = trigger.doc
    words, _ = word_forms(doc)  # (a line break or a colon is the same in a word's lower-case form)
    for i in range(trigger.i + 1, trigger.sent.end):
        if "\n" in words[i]:
            return False
        if words[i] == ":":
            after = doc[i + 1 : i + 3]
            return len(after) == 2 and "\n" in after[0].text and after[1].text in LIST_MARKS
    return False


def in_armed_list(trigger: Token, summaries: list[Candidate]) -> bool:
    """A word on a line of a list whose opening line ('Fighter aircraft conducted eight
    strikes:') sums up armed strikes: each line is one of them."""
    text = text_of(trigger.doc)
    end = text.rfind("\n", 0, trigger.idx) + 1
    if text[end:].lstrip()[:1] not in LIST_MARKS:
        return False
    while end > 0:
        start = text.rfind("\n", 0, end - 1) + 1
        line = text[start:end].strip()
        if line and line[0] not in LIST_MARKS:
            return line.endswith(":") and any(
                start <= s.trigger.idx < end and (s.weapons or s.actor1) and opens_a_list(s.trigger) for s in summaries
            )
        end = start
    return False
