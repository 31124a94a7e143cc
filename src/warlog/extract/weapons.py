"""With what: the weapon terms of the knowledge base found in a document (longest match
first, shared heads of coordinated modifiers), the weapons of a trigger's clause and of the
noun or verb of use that carries it (not what was hit: "destroyed rocket launchers",
"strikes on missiles"), the weapons a report gives all its strikes, suicide bombings, and
a state's "strikes" with no weapon named typed as air strikes."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from warlog.extract.candidate import Candidate
from warlog.extract.clauses import clause_head
from warlog.extract.roles import FIRING_LEMMAS, STATE_ACTOR_TYPES, target_ids
from warlog.knowledge import Knowledge
from warlog.nlp import subject_verb

#: verbs that are attacks only with a weapon: "launched drones", not "launched a probe";
#: "rammed an explosives-laden car into", not "a ship rammed a fishing boat"
NEEDS_WEAPON = {"launch", "fire", "ram", "send"}
#: triggers whose weapon is a default for coding, not a weapon the word states: "a helicopter
#: raid" is made with small arms unless its clause names others, but that does not make it armed
DEFAULT_WEAPON_LEMMAS = {"raid"}

#: the doer's noun that makes an attack an air strike: "coalition aircraft struck ..."
AIRCRAFT_DOERS = {"aircraft", "plane", "airplane", "aeroplane", "warplane", "jet", "helicopter", "gunship"}
#: what an aircraft may do by mishap, no attack: "a military helicopter crashed", "the plane landed"
MISHAP_LEMMAS = {"crash", "land", "fall", "impact", "explode", "sink", "down", "shoot down"}

#: verbs whose object is what the event noun they tell of was made with: "the attack involved a missile"
MEANS_VERBS = {"involve", "use", "employ", "include", "feature"}
#: words that say what strikes were made with: "strikes using drones", "carried out by jets"
INSTRUMENT_PREPOSITIONS = {"with", "by", "using", "via"}
INSTRUMENT_VERBS = {"use", "employ", "involve", "carry", "conduct", "include"}

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
    """Weapon terms in the document, longest match first, by their first token; a term
    inside a longer one is not another weapon ("suicide car bomber" is no "bomber")."""
    found: WeaponsAt = {}
    covered = 0  # the end of the last term kept
    for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], m[1] - m[2])):
        category = matcher.vocab.strings[match_id]
        if start >= covered and not (category == "aircraft" and is_a_person(doc[start:end])):
            found[start] = (category, doc[start:end])
            covered = end
    for _, words in list(found.values()):
        for token, category in elided(matcher, words):  # up to the shared head: not a trigger
            found.setdefault(token.i, (category, doc[min(token.i, words.end - 1) : max(token.i + 1, words.end)]))
    return found


def is_a_person(words: Span) -> bool:
    """'A third bomber walked into a guardhouse and blew himself up', 'the bomber set off an
    explosion': a term ('bomber') whose verb, or a verb joined to it, says 'himself' of it or
    sets off a charge names a person, not an aircraft."""
    root = words.root
    if root.dep_ != "nsubj":
        return False
    verbs = [root.head, *root.head.conjuncts]
    return any(
        verb.lemma_.lower() in SETTING_OFF or any(c.lower_ in SELF_WORDS and c.dep_ == "dobj" for c in verb.children)
        for verb in verbs
    )


def elided(matcher: PhraseMatcher, words: Span) -> list[tuple[Token, str]]:
    """Modifiers coordinated with a weapon term that share its head word: "fighter and rotary
    aircraft" names fighter aircraft too, "ballistic and cruise missiles" ballistic missiles."""
    head = words[-1]
    inside = {t.i for t in words}
    linked: list[Token] = []
    todo = list(words)
    while todo:  # the tokens joined to the term by "and" / commas, both ways
        token = todo.pop()
        for other in [*token.children, token.head]:
            joined = other.dep_ == "conj" and other.head.i == token.i or token.dep_ == "conj" and token.head.i == other.i
            if joined and other.i not in inside and other not in linked:
                linked.append(other)
                todo.append(other)
    found = []
    for token in linked:
        phrase = Doc(matcher.vocab, words=[token.lower_, head.lower_])
        categories = {matcher.vocab.strings[m] for m, start, end in matcher(phrase) if (start, end) == (0, 2)}
        if categories:
            found.append((token, categories.pop()))
    return found


def clause_weapons(candidate: Candidate, weapon_at: WeaponsAt) -> None:
    """The trigger's own weapon ('airstrike') and those named in its clause, not its targets."""
    if candidate.rule.weapon and candidate.rule.lemma not in DEFAULT_WEAPON_LEMMAS:
        candidate.weapons[candidate.rule.weapon] = candidate.trigger
    fires = candidate.rule.lemma in FIRING_LEMMAS or candidate.rule.kind == "intercept"
    struck = struck_ids(candidate.trigger)
    head = clause_head(candidate.trigger)
    if head.i != candidate.trigger.i and candidate.trigger.dep_ in {"nsubj", "nsubjpass"}:
        struck |= target_ids(head)  # "two airstrikes engaged an ISIS mortar team"
    targets = {i for i in struck if names_another_thing(candidate.trigger.doc[i], weapon_at)} if fires else struck
    phrase = candidate.rule.lemma.split()
    for child in candidate.trigger.children:  # "exchanged mortar fire": the object in the trigger's phrase is the act
        if len(phrase) == 2 and child.dep_ == "dobj" and child.lemma_.lower() == phrase[1]:
            targets -= {t.i for t in child.subtree}
    for token in candidate.clause:
        if token.i not in targets:  # "destroyed rocket launchers": a target, not the weapon
            weapon(token, candidate, weapon_at)
    for token in carriers(candidate.trigger):
        weapon(token, candidate, weapon_at)


def add_aircraft_doer(candidate: Candidate) -> None:
    """An attack whose doer is an aircraft ('coalition aircraft struck a camp') was made with
    it. Only for coding an event found otherwise: the bare noun alone does not make one armed."""
    if candidate.rule.kind != "attack" or candidate.rule.lemma in MISHAP_LEMMAS:
        return
    craft = aircraft_doer(candidate.trigger)
    if craft is not None and "aircraft" not in candidate.weapons and "drone" not in candidate.weapons:
        candidate.weapons["aircraft"] = craft


def aerial_bombs(candidate: Candidate) -> None:
    """'Israeli jets dropped bombs on Khan Younis': bombs an aircraft or drone drops are its
    munitions, not an improvised device."""
    words = candidate.weapons.get("ied")
    if words is None or not {"aircraft", "drone"} & set(candidate.weapons):
        return
    if all(t.lemma_.lower() == "bomb" for t in ([words] if isinstance(words, Token) else words)):
        del candidate.weapons["ied"]


def bombing_weapon(kb: Knowledge, candidate: Candidate) -> None:
    """'A triple bombing in the town of Beledweyne killed 20 people', 'militants bombed a bus': a
    bombing the text does not call aerial nor suicide is made with bombs (GUIDELINES.md, Other theatres: ied); a
    state's forces bomb from the air ('the Israeli bombing of Khan Younis'), as does a force the
    knowledge base knows by its aircraft ('NATO bombings shook the Libyan capital')."""
    if candidate.rule.lemma not in {"bombing", "bomb"} or set(candidate.weapons) - {"unspecified"}:
        return
    if aircraft_doer(candidate.trigger) is not None:
        return  # "bombing by government helicopters": the aircraft, at coding
    doer = candidate.actor1[0] if candidate.actor1 else None
    craft = {head.removesuffix("s") for head in kb.actor_heads.get(doer or "", ())}
    flies = doer is not None and (getattr(kb.actors.get(doer), "acled_type", None) == 1 or bool(AIRCRAFT_DOERS & craft))
    candidate.weapons["aircraft" if flies else "ied"] = candidate.trigger


#: the killed who are fighters: "security forces killed six militants" tells a fight
COMBATANTS = {"militant", "fighter", "insurgent", "rebel", "terrorist", "jihadist", "gunman", "soldier", "troop",
              "guerrilla", "combatant", "attacker", "assailant", "commander"}


def add_ground_killing(candidate: Candidate, armed_doer: bool) -> None:
    """A ground raid is made with small arms unless its clause names others (only for coding:
    the default does not make a raid armed). 'Pakistani security forces killed six militants in an operation',
    'Militants killed five soldiers', 'militants attacked a checkpoint, killing four soldiers':
    armed men (``armed_doer``: named, or described so) killing
    fighters with no weapon named fought them on the ground (GUIDELINES.md: a ground raid in
    which fighters were killed is Battles, Armed clash, small arms unless others are named)."""
    trigger = candidate.trigger
    if candidate.rule.lemma in DEFAULT_WEAPON_LEMMAS and candidate.rule.weapon and not candidate.weapons:
        candidate.weapons[candidate.rule.weapon] = trigger  # "a raid": small arms unless the clause names others
        return
    if candidate.rule.lemma not in {"kill", "attack"} or candidate.weapons or not armed_doer or trigger.pos_ != "VERB":
        return
    killing = [trigger] if candidate.rule.lemma == "kill" else [  # "attacked a checkpoint, killing four soldiers"
        c for c in trigger.children if c.dep_ == "advcl" and c.lemma_.lower() == "kill"
    ]
    killed = [c for verb in killing for c in verb.children if c.dep_ == "dobj"]
    if any(k.lemma_.lower() in COMBATANTS for k in killed):
        candidate.weapons["small_arms"] = trigger


def aircraft_doer(trigger: Token) -> Token | None:
    """'coalition aircraft struck a camp', 'Russian planes bombed a market', 'strikes by
    government helicopters': the doer is a manned aircraft though the bare noun names no weapon
    of the knowledge base (it may be a target: 'destroyed two aircraft', 'an aircraft carrier')."""
    verb = subject_verb(clause_head(trigger))  # "Israeli warplanes struck the airport ... and hit Hezbollah's headquarters"
    doers = [c for c in verb.children if c.dep_ == "nsubj"] if verb.pos_ == "VERB" else []
    if verb.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in verb.children):
        doers = []
    for holder in {verb.i: verb, trigger.i: trigger}.values():  # "struck by aircraft", "raids by planes"
        doers += [g for c in holder.children if c.dep_ in {"agent", "prep"} and c.lower_ == "by"
                  for g in c.children if g.dep_ == "pobj"]
    return next((d for d in doers if d.lemma_.lower() in AIRCRAFT_DOERS or is_an_air_force(d)), None)


def is_an_air_force(doer: Token) -> bool:
    """'The US Air Force launched strikes', 'the Israeli Air Force struck': an air force strikes
    from the air."""
    return doer.lower_ == "force" and any(c.dep_ == "compound" and c.lower_ == "air" for c in doer.children)


def carriers(trigger: Token) -> list[Token]:
    """Words outside the clause that name what did it: the noun a verb describes ("an
    airstrike targeting ...", "drones that struck ..."; "drones launched by Russia" only
    describes the drones), what a verb of use was used for ("employed A-10 aircraft to engage ..."),
    what an event noun is said to have involved ("the attack, which involved a ballistic missile"),
    the subject of the verb a participle hangs on ("a gunship responded, striking a vehicle"),
    the noun a verb is parsed as the complement of ("Mortar rounds hit ...")."""
    head = trigger.head
    if trigger.dep_ in {"acl", "relcl"} and trigger.lemma_.lower() not in FIRING_LEMMAS:  # "drones launched by"
        return list(trigger.doc[head.left_edge.i : head.i + 1])
    if trigger.dep_ == "xcomp" and head.dep_ == "ROOT" and head.tag_ in {"NN", "NNS"}:
        # "Mortar rounds hit near the base", parsed with the noun for the sentence's verb
        return list(trigger.doc[head.left_edge.i : head.i + 1])
    if trigger.dep_ in {"xcomp", "advcl"} and head.lemma_.lower() in INSTRUMENT_VERBS - {"include"} and not told_apart(trigger):
        return [t for c in head.children if c.dep_ == "dobj" for t in c.subtree]
    if trigger.tag_ == "VBG" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in trigger.children):
        # "An AC-130 gunship responded in self-defense, striking a vehicle", "responded by striking":
        # what the verb it hangs on has as its subject did it
        verb = head.head if trigger.dep_ == "pcomp" and head.lower_ == "by" else None
        verb = head if trigger.dep_ == "advcl" else verb
        if verb is not None and verb.pos_ == "VERB":
            return [t for c in verb.children if c.dep_ == "nsubj" for t in c.subtree]
    if trigger.pos_ == "NOUN":  # "the attack involved a ballistic missile", "an attack, which involved ..."
        verbs = [head] if trigger.dep_ == "nsubj" else []
        verbs += [t for t in trigger.subtree if t.dep_ == "relcl"]  # the parser may hang it on a date or place
        return [
            t
            for verb in verbs
            if verb.lemma_.lower() in MEANS_VERBS
            for c in verb.children
            if c.dep_ == "dobj"
            for t in c.subtree
        ]
    return []


def told_apart(verb: Token) -> bool:
    """A clause with its own subject or a time conjunction tells another act ("conducted
    airstrikes, hours after the group fired a missile"), not the purpose of the one it hangs on."""
    return any(c.dep_ in {"nsubj", "nsubjpass"} or c.dep_ == "mark" and c.lower_ != "to" for c in verb.children)


def struck_ids(trigger: Token) -> set[int]:
    """What a trigger hit, whose weapons are targets: a verb's objects, also those the parse
    hangs on the verb by "and" ("destroyed two drones ... and three missiles"), those of the
    verbs joined to it ("engaged a unit; destroyed a mortar system"), and what a strike noun
    is "on" or "against" ("defensive strikes on two antiship missiles")."""
    if trigger.pos_ == "VERB":
        ids = target_ids(trigger)
        for child in trigger.children:
            if child.dep_ == "conj" and child.pos_ in {"NOUN", "PROPN"} and ids:
                ids |= {t.i for t in child.subtree}
            elif child.dep_ == "conj" and child.pos_ == "VERB":
                ids |= struck_ids(child)
        return ids
    return {
        t.i
        for child in trigger.children
        if child.dep_ == "prep" and child.lower_ in {"on", "against"}
        for t in child.subtree
    }


def names_another_thing(token: Token, weapon_at: WeaponsAt) -> bool:
    """A weapon word that only modifies another noun names that thing, not a weapon fired:
    "engaged an ISIS mortar team", "intercepted ... near the missile site"."""
    if token.i not in weapon_at:
        return False
    words = weapon_at[token.i][1]
    span = [words] if isinstance(words, Token) else list(words)
    ids = {t.i for t in span}
    root = next((t for t in span if t.head.i not in ids or t.head.i == t.i), span[-1])
    return (
        root.dep_ in {"compound", "amod", "nmod"}
        and root.head.pos_ in {"NOUN", "PROPN"}
        and root.head.i not in weapon_at
    )


def weapon(token: Token, candidate: Candidate, weapon_at: WeaponsAt) -> None:
    """The weapon a word names; a word naming the trigger's own weapon ('The bomb ...
    detonated') is its evidence rather than the trigger."""
    if token.i in weapon_at:
        category, words = weapon_at[token.i]
        told = candidate.weapons.get(category)
        if told is None or isinstance(told, Token) and told.i == candidate.trigger.i:
            candidate.weapons[category] = words


def carry_strike_weapons(candidates: list[Candidate]) -> None:
    """A strike told without its weapon was made with those a statement of the same document
    gives its strikes ("Fighter aircraft and artillery conducted eight strikes in Iraq:",
    "These strikes, carried out by F/A-18 aircraft, ..."): the nearest statement before it,
    else the first after it, of no other doer. ``candidates``: the document's, summaries included."""
    told = sorted(candidates, key=lambda c: c.trigger.i)
    statements = [(c, used) for c in told if tells_strikes(c) and (used := strike_instruments(c))]
    for candidate in told:
        if candidate.weapons or not tells_strikes(candidate):
            continue
        # another side's strikes were made with its own weapons
        same_side = [
            (c, used) for c, used in statements
            if c.actor1 is None or candidate.actor1 is None or c.actor1[0] == candidate.actor1[0]
        ]
        before = [used for c, used in same_side if c.trigger.i < candidate.trigger.i]
        after = [used for c, used in same_side if c.trigger.i > candidate.trigger.i]
        source = before[-1] if before else after[0] if after else None
        if source is not None:
            candidate.weapons.update(source)


def tells_strikes(candidate: Candidate) -> bool:
    """The event is told as "strikes": the trigger, the subject of its verb, or the noun
    the verb describes ("a strike destroyed a tank" parsed as "a strike [that] destroyed")."""
    trigger = candidate.trigger
    words = [*candidate.clause, *trigger.children, *([trigger.head] if trigger.dep_ in {"acl", "relcl"} else [])]
    return candidate.rule.lemma == "strike" or any(t.lemma_.lower() == "strike" and t.pos_ == "NOUN" for t in words)


def strike_instruments(candidate: Candidate) -> dict[str, Span | Token]:
    """The weapons a clause says its strikes were made with: the doer of "conducted strikes",
    what they were made "with", "using" or "by", the strikes' own word ("launched a wave of
    missile strikes"); not what they hit ("strikes targeted missile sites")."""
    trigger = candidate.trigger
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    objects += [g for o in objects for p in o.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    acts = {trigger.i} | {o.i for o in objects if o.lemma_.lower() == "strike"}  # "launched a wave of missile strikes"
    return {
        category: where
        for category, where in candidate.weapons.items()
        if isinstance(where, Span) and (is_instrument(where.root, trigger) or where.root.i in acts)
    }


def is_instrument(token: Token, trigger: Token) -> bool:
    """The path up to the trigger runs through doers, "with/using/by" and verbs of use only."""
    for step in [token, *token.ancestors]:
        if step.i == trigger.i or step.head.i == step.i:
            return True
        if step.dep_ == "prep" and step.lower_ not in INSTRUMENT_PREPOSITIONS:
            return False
        if step.dep_ in {"dobj", "relcl"} and step.head.lemma_.lower() not in INSTRUMENT_VERBS:
            return False
        if step.dep_ in {"acl", "advcl", "xcomp"} and step.lemma_.lower() not in INSTRUMENT_VERBS:
            return False
    return True


#: what "suicide" makes a suicide bombing: its doer or the act ("a suicide attacker rammed ..."),
#: not a "suicide drone" (a one-way attack drone)
SUICIDE_HEADS = {"bomber", "attacker", "assailant", "bombing", "attack", "blast", "explosion", "bomb", "vest",
                 "belt", "car", "truck", "vehicle", "operation", "mission"}


#: "a bomber blew himself up", "detonated herself": the one who set off the explosive died by it
SELF_WORDS = {"himself", "herself", "themselves"}
#: what a person does to a charge, and no aircraft does: "the bomber set off an explosion"
SETTING_OFF = {"detonate", "set", "trigger", "blow"}


def is_suicide(weapons: dict[str, Span | Token], clause: list[Token] | None = None) -> bool:
    """The explosive is a suicide bomber's ("suicide car bomb", "suicide attack"), or its clause
    says the doer or the act was a suicide one ("a suicide bomber detonated his explosive vest",
    "a bomber blew himself up")."""
    where = weapons.get("ied")
    if where is None:
        return False
    if "suicide" in where.text.lower():
        return True
    return any(
        t.lower_ == "suicide" and t.dep_ in {"compound", "amod", "nmod"} and t.head.lemma_.lower() in SUICIDE_HEADS
        or t.lower_ in SELF_WORDS and t.dep_ == "dobj" and t.head.lemma_.lower() in SETTING_OFF  # "blew himself up"
        for t in clause or ()
    )


def typed_weapons(kb: Knowledge, candidate: Candidate) -> set[str]:
    """The weapons the event type is read from: a state's "strikes" with no weapon named
    ("struck", "three strikes destroyed ...") are air strikes (Air/drone strike), though the
    weapon stays unspecified (GUIDELINES.md)."""
    actor1 = kb.actors.get(candidate.actor1[0]) if candidate.actor1 else None
    if not candidate.weapons and tells_strikes(candidate) and actor1 and actor1.acled_type in STATE_ACTOR_TYPES:
        return {"aircraft"}
    return set(candidate.weapons)
