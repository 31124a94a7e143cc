"""Who did what to whom: the doer's and the target's side of a trigger, the actors named
on each side (or standing for it: a country, a modifier, the speaker), the launch site,
and claims of responsibility."""

from __future__ import annotations

import re
from collections.abc import Callable, Set

from spacy.tokens import Doc, Span, Token

from warlog.extract.candidate import Candidate, PlaceMention
from warlog.geocode import Resolver
from warlog.knowledge import COUNTRY_FORCES, NO_SIDE, Knowledge, Trigger
from warlog.mentions import actor_mentions, is_source, sentence_ents
from warlog.nlp import is_dateline, misread_object, text_of, word_forms, words_among
from warlog.resolve import country_code

STATE_ACTOR_TYPES = {1, 8}
#: actors.yaml: the side of civilian targets
CIVILIANS = "Civilians"
#: "the US carried out strikes": the doer of these verbs is the doer of their object
DOING_VERBS = {"carry", "conduct", "launch", "mount", "stage", "execute", "perform", "make",
               "undertake", "unleash", "fire", "deliver", "set"}  # "set off an explosion"
#: "Israel responded with an air strike": the subject of these verbs did the act named after 'with'
ANSWERING_VERBS = {"respond", "retaliate", "react", "answer", "reply", "hit back", "strike back"}
#: "a missile fired by Hezbollah hit": a weapon these participles describe was used by their agent
USING_PARTICIPLES = {"fire", "launch", "shoot", "lob", "drop", "plant", "detonate", "send", "carry", "deliver"}
#: "authorized US forces to conduct strikes": the object of these verbs does what they order
ORDERING_VERBS = {"authorize", "order", "direct", "instruct", "task", "command", "send", "deploy", "dispatch",
                  "allow", "permit"}
#: "a missile strike took place at the base": the verb only says the event happened
HAPPENING_VERBS = {"take", "occur", "happen", "hit", "target", "come", "be", "suffer", "see"}
#: nouns that only group events: "a series of strikes", "a wave of attacks"
SERIES_NOUNS = {"series", "wave", "barrage", "salvo", "volley", "spate", "string", "round"}
LAUNCH_PREPOSITIONS = {"from"}
#: the words of a direction: "northeastern Syria", "100 miles southeast of Aden"
COMPASS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
           "northern", "southern", "eastern", "western", "northeastern", "northwestern",
           "southeastern", "southwestern", "central")
#: verbs whose object is the weapon itself ("fired rockets", "rammed a car bomb into"), not what was hit
FIRING_LEMMAS = {"launch", "fire", "shoot", "ram", "send"}
PLACE_PREPOSITIONS = {"in", "inside", "near", "across", "over", "throughout", "within"}
#: "a coalition base": the words for a site that forces hold
SITE_NOUNS = {"base", "airbase", "facility", "installation", "outpost", "garrison", "compound", "camp", "site"}
#: "a base housing US troops": the verbs by which a site holds the forces that are its target
HOSTING_VERBS = {"house", "housing", "host", "hosting"}

#: "a bomb exploded inside a market": where a bomb went off, which it struck (not "near")
BLAST_PREPOSITIONS = {"at", "in", "inside", "outside"}
#: "an American soldier was killed": the one these verbs hurt is the target of the sentence's attack
CASUALTY_VERBS = {"kill", "wound", "injure", "shoot", "slay"}
#: nouns of a casualty verb's act: 'the death of an ISIS official'
DEATH_NOUNS = {"death", "killing"}

Actor = tuple[str, Span]


def under_attack(trigger: Token) -> bool:
    """'Kyiv came under fire': the subject of 'come under' is the target."""
    return trigger.head.lower_ == "under" and trigger.head.head.lemma_.lower() in {"come", "be"}


def sides(trigger: Token) -> tuple[frozenset[int], frozenset[int]]:
    """Token positions on the doer's side and on the target's side of a trigger; found once
    per trigger, which its places, its actors and its target all ask for."""
    cache = trigger.doc.user_data.setdefault("warlog_sides", {})
    if trigger.i not in cache:
        agent, patient = _sides(trigger)
        cache[trigger.i] = frozenset(agent - patient), frozenset(patient)
    return cache[trigger.i]


def _sides(trigger: Token) -> tuple[set[int], set[int]]:
    agent: set[int] = set()
    patient: set[int] = set()
    verb = acting_verb(trigger)
    if trigger.pos_ == "NOUN":
        _noun_sides(trigger, agent, patient)
        head = trigger.head
        if verb is not None:
            pass  # "the US conducted strikes": the sides of the verb, below
        elif under_attack(trigger):
            for child in trigger.head.head.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    patient |= {t.i for t in child.subtree}
        elif trigger.dep_ == "nsubj" and head.lemma_.lower() in HAPPENING_VERBS:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in {"on", "against", "at", "in", "near"}:
                    patient |= {t.i for t in child.subtree}
            for child in head.children:
                if child.dep_ in {"prep"} and child.lower_ in {"on", "against", "at"}:
                    patient |= {t.i for t in child.subtree}
                elif child.dep_ == "dobj" and head.lemma_.lower() in {"hit", "target"}:
                    patient |= {t.i for t in child.subtree}  # "a bomb blast hit a minibus"
                elif child.dep_ == "attr" and child.pos_ == "NOUN" and head.lemma_.lower() == "be":
                    _noun_sides(child, agent, patient)  # "The Abqaiq attack was a drone attack that targeted ..."
    if verb is not None:
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        agent |= controller(verb)
        patient |= antecedent_ids(verb)
        patient |= {t.i for t in misread_object(verb)}  # "... targeted U.S. troops", 'targeted' read as a modifier
        for child in verb.children:
            ids = {t.i for t in child.subtree}
            if child.dep_ == "nsubj" and not passive:
                agent |= ids
            elif child.dep_ in {"nsubjpass", "nsubj"}:  # "US forces were attacked"
                patient |= ids
            elif child.dep_ == "agent":
                # not what a relative clause on the weapon tells ('a drone, which was destroyed by coalition forces')
                told = {t.i for noun in child.children for r in noun.children if r.dep_ == "relcl" for t in r.subtree}
                agent |= ids - (sites := where_told_of_agent(child)) - told
                patient |= sites
            elif child.dep_ in {"dobj", "dative", "attr"} and child.i != trigger.i:
                (patient if trigger.pos_ == "VERB" or not passive else patient).__ior__(ids)
            elif child.dep_ == "prep" and child.lower_ in {"on", "against", "at", "in", "near", "toward", "towards"}:
                # not the event noun's own words: "were killed in an attack by PKK militants"
                patient |= ids - ({t.i for t in trigger.subtree} if trigger.pos_ == "NOUN" else set())
    return agent, patient


def _noun_sides(noun: Token, agent: set[int], patient: set[int]) -> None:
    """The sides an event noun's own words tell: its modifiers the doer's ('a Houthi drone
    attack', 'an attack by X'), its clauses and prepositions the target's ('an attack on
    the base', 'an attack that targeted the facilities'), less the agent of a participle."""
    for child in noun.children:
        if child.dep_ in {"compound", "amod", "poss", "nmod"}:
            agent |= {t.i for t in child.subtree}
        elif child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            agent |= {t.i for t in child.subtree}
        elif child.dep_ in {"prep", "acl", "relcl"}:
            doers = {t.i for c in child.children if c.dep_ == "agent" for t in c.subtree}
            agent |= doers  # "a missile launched by the Houthis", "an attack carried out by X"
            patient |= {t.i for t in child.subtree} - doers


def where_told_of_agent(agent: Token) -> set[int]:
    """'were attacked by a one-way attack drone at al-Tanf garrison': the parser hangs the
    place on the agent, but 'at' or 'near' tells where the act was, not who did it (not
    'by militants in Kandahar' or 'from Iraq', which say where the doers came from)."""
    return {
        t.i
        for noun in agent.children
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ in {"at", "near", "outside", "inside"}
        or prep.dep_ == "advmod" and prep.lower_ in COMPASS  # "by a missile 100 miles southeast of Aden"
        for t in prep.subtree
    }


def carried_noun(trigger: Token) -> Token:
    """What a verb carries when it tells an event noun: the noun, or the series it belongs to
    ('conducted a series of strikes')."""
    if trigger.head.lower_ == "of" and trigger.head.head.lemma_.lower() in SERIES_NOUNS:
        return trigger.head.head
    return trigger


def acting_verb(trigger: Token) -> Token | None:
    """The verb whose subject did the act: a verb trigger, or the verb that carries an event
    noun ('the US conducted strikes', 'a series of strikes')."""
    if trigger.pos_ == "VERB":
        return trigger
    carried = carried_noun(trigger)
    if trigger.pos_ == "NOUN" and carried.dep_ in {"dobj", "nsubjpass"} and carried.head.lemma_.lower() in DOING_VERBS:
        return carried.head
    if trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and trigger.head.lower_ in {"in", "during"}:
        verb = trigger.head.head  # "security forces killed six militants in a raid": who killed raided
        if verb.dep_ == "dobj" and verb.head.pos_ == "VERB":
            verb = verb.head  # "Hamas killed about 1,200 people in its attack", 'in' hung on 'people'
        active = not any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)  # not "were killed in an attack"
        if verb.pos_ == "VERB" and verb.lemma_.lower() in CASUALTY_VERBS and active:
            return verb
    if trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and trigger.head.lower_ == "with":
        verb = trigger.head.head  # "Israel responded with an air strike", "hit back with drones"
        words = {verb.lemma_.lower()} | {f"{verb.lemma_.lower()} {c.lower_}" for c in verb.children if c.dep_ == "prt"}
        if verb.pos_ == "VERB" and words & ANSWERING_VERBS:
            return verb
    return None


def weapon_users(verb: Token) -> set[int]:
    """'an anti-tank missile fired by Hezbollah hit their vehicle': tokens of the agent of a
    participle that describes the subject of an active verb, the weapon's user."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return set()
    return {
        t.i
        for subject in verb.children
        if subject.dep_ == "nsubj"
        for participle in subject.children
        if participle.dep_ == "acl" and participle.tag_ == "VBN" and participle.lemma_.lower() in USING_PARTICIPLES
        for agent in participle.children
        if agent.dep_ == "agent"
        for t in agent.subtree
    }


def controller(verb: Token) -> set[int]:
    """Tokens of the doer of a verb with no subject of its own, from the clause it hangs from:
    'US forces continued to strike', 'authorized US forces to conduct strikes' (the object),
    'employed aircraft to engage a target', 'responded by striking KH bases', 'launched
    drones and struck a ship', 'an airstrike targeting al-Shabaab' (the doer of the strike),
    'militants attacking a checkpoint'."""
    if any(c.dep_ in {"nsubj", "nsubjpass", "agent"} for c in verb.children):
        return set()
    current = verb
    while True:
        if current.dep_ == "acl" and current.tag_ != "VBN":  # not "a missile launched by ..."
            noun = current.head
            ids = {t.i for t in noun.subtree} - {t.i for t in current.subtree}
            if noun.dep_ in {"dobj", "nsubjpass"} and noun.head.lemma_.lower() in DOING_VERBS:
                ids |= subject_ids(noun.head) or controller(noun.head)
            return ids
        head = current.head
        if current.dep_ == "pcomp" and head.dep_ == "prep":  # "by striking": the verb of 'by'
            head = head.head
        elif current.dep_ == "xcomp" and head.dep_ == "acomp":  # "Israel was able to intercept"
            head = head.head
        elif current.dep_ == "xcomp" and head.lemma_.lower() in ORDERING_VERBS:
            ordered = next((c for c in head.children if c.dep_ == "dobj"), None)
            if ordered is not None:
                return {t.i for t in ordered.subtree}
        elif current.dep_ not in {"xcomp", "advcl", "conj"} or any(c.dep_ == "mark" for c in current.children):
            return set()  # "While strikes targeted ..., the general said": a clause of its own
        if head.i == current.i or head.pos_ not in {"VERB", "AUX"}:
            return set()
        ids = subject_ids(head)
        if ids or any(c.dep_ == "nsubjpass" for c in head.children):
            return ids
        current = head


def antecedent_ids(verb: Token) -> set[int]:
    """'Somali National Army forces who were engaged by al-Shabaab': what a passive relative
    clause was done to is the noun it describes."""
    if verb.dep_ != "relcl" or not any(c.dep_ == "auxpass" for c in verb.children):
        return set()
    noun = verb.head
    return set(range(noun.left_edge.i, noun.i + 1))


def subject_ids(verb: Token) -> set[int]:
    """Tokens of the doer a verb names: its active subject, else the agent of its passive."""
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    wanted = "agent" if passive else "nsubj"
    return {t.i for c in verb.children if c.dep_ == wanted for t in c.subtree}


def target_ids(trigger: Token) -> set[int]:
    """Tokens of what a verb acted upon ('destroyed [three radars]')."""
    if trigger.pos_ != "VERB":
        return set()
    objects = {t.i for c in trigger.children if c.dep_ in {"dobj", "nsubjpass"} for t in c.subtree}
    instruments = {  # "targeted the base with drones": the drones are the weapon, not a target
        t.i for i in objects for t in [trigger.doc[i]] if t.dep_ == "prep" and t.lower_ in {"with", "using"}
        for t in t.subtree
    }
    return objects - instruments


def is_launch_site(span: Span, trigger: Token) -> bool:
    """A place or actor reached through 'from' before the trigger: where it came from (not
    through a verb of its own: 'fired from a drone killed 27 people in South Waziristan',
    with 'killed' misread as a clause on 'drone'), or through 'by' of a participle of firing
    ('drones launched by Russia': who fired them)."""
    for token in span.root.ancestors:
        if token.dep_ == "prep" and token.lower_ in LAUNCH_PREPOSITIONS:
            return True
        if token.dep_ == "agent" and token.head.dep_ == "acl" and token.head.lemma_.lower() in FIRING_LEMMAS:
            return token.head.i != trigger.i
        if token.i == trigger.i or token.pos_ == "VERB" and token.dep_ in {"acl", "relcl"}:
            return False
    return False


def taken_from(span: Span, trigger: Token) -> bool:
    """'recaptured the town from the Islamic State': the 'from' hangs on the verb of taking or on
    what was taken (not 'militants from ISWAP overran ...', the doer's group)."""
    prep = next((t for t in span.root.ancestors if t.dep_ == "prep" and t.lower_ in LAUNCH_PREPOSITIONS), None)
    taken = {t.i for c in trigger.children if c.dep_ == "dobj" for t in c.subtree}
    return prep is not None and (prep.head.i == trigger.i or prep.head.i in taken)


# -- the actors of a clause -------------------------------------------------------------


def actors(
    kb: Knowledge, resolver: Resolver, candidate: Candidate, sentence: Span, clause_ids: set[int]
) -> tuple[Actor | None, Actor | None]:
    """actor1 (the doer) and actor2 (the target) of a candidate's clause."""
    trigger = candidate.trigger
    agent_side, patient_side = sides(trigger)
    verb = acting_verb(trigger)
    # the doer this verb shares ('responded by striking'), the agent of a passive, even where
    # another trigger's clause holds it ('struck by a missile launched by the Houthis')
    shared: set[int] = set()
    if verb is not None and not (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in kb.report_verbs):
        # not "the Taliban claim to be fighting": what a side says of itself is no act
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        shared = controller(verb) | (subject_ids(verb) | antecedent_ids(verb) if passive else weapon_users(verb))
        if verb.i != trigger.i and verb.lemma_.lower() not in DOING_VERBS:
            shared |= subject_ids(verb)  # "the IDF responded with airstrikes": outside the noun's clause
    actor1 = actor2 = defender = None
    for name, span in actor_mentions(kb, sentence):
        if span.start not in clause_ids and span.root.i not in clause_ids | shared:
            continue  # another clause's, unless the doer this verb shares ('responded by striking')
        if is_source(span):
            continue  # "according to a statement from the Iraqi military": who told it, not a side
        if is_launch_site(span, trigger):
            if candidate.rule.territory and taken_from(span, trigger):  # "recaptured Baiji from IS": who lost it
                actor2 = actor2 or (name, span)
            elif actor1 is None and candidate.rule.kind != "intercept":
                actor1 = (name, span)
            continue
        position = span.root.i
        if position in agent_side and narrower(kb, name, actor1):
            actor1 = (name, span)
        elif position in patient_side and narrower(kb, name, actor2):
            if candidate.rule.kind == "intercept" and describes_place(span, trigger):
                # "shot down near the airport, which the coalition uses": not who launched,
                # but who defends the place
                defender = defender or (name, span)
                continue
            actor2 = (name, span)
    if actor1 is None:
        actor1 = modifier_actor(kb, trigger) or weapon_user(kb, trigger)
        actor1 = actor1 or country_actor(kb, resolver, sentence, agent_side)
    if actor1 is None:
        actor1 = participle_doer(kb, trigger)
    if actor1 is None:
        actor1 = relative_doer(kb, sentence, trigger)
    if actor1 is None:
        actor1 = speaker_as_doer(kb, trigger)
    if actor1 is None:
        actor1 = group_as_doer(kb, trigger)
    if actor1 is None:
        actor1 = responsible_doer(kb, trigger)
    if actor1 is None and candidate.rule.kind == "intercept":
        actor1 = reporting_forces(kb, trigger)
    if actor1 is None and defender is not None:  # the place is a site: whoever holds the side's sites
        actor1 = kb.site_holders.get(defender[0], defender[0]), defender[1]
    subjectless = not any(c.dep_ in {"nsubj", "nsubjpass", "auxpass"} for c in trigger.children)
    if actor1 is None and trigger.pos_ == "VERB" and subjectless:
        actor1 = actor_just_before(kb, sentence, trigger)
        if actor2 is not None and actor1 is not None and actor2[0] == actor1[0]:
            actor2 = None
    if candidate.rule.kind == "clash" and (joined := joined_sides(kb, trigger)) is not None:
        actor1, actor2 = joined
    elif candidate.rule.kind == "clash":
        first, second = clash_sides(kb, trigger)
        if first is not None:
            actor1, actor2 = first, second  # "fighting between the army and the RSF"
        elif second is not None and (actor1 is None or actor1[0] != second[0]):
            actor2 = second  # "clashed with Somali troops"
            if actor1 is None:  # "Two Israeli soldiers were killed in clashes with Hamas": the fallen's side
                actor1 = casualty_victim(kb, sentence, second)
    if candidate.rule.kind == "intercept":
        actor2 = actor2 or launcher(kb, resolver, candidate, actor1)
        return actor1, actor2 if actor2 and actor2[0] != (actor1 or ("",))[0] else None
    return actor1, site_holder(kb, actor2)


def clash_sides(kb: Knowledge, trigger: Token) -> tuple[Actor | None, Actor | None]:
    """The two sides of a fight: 'fighting between the Sudanese army and the RSF', 'clashes
    between X and Y' (the first named is actor1, as ACLED lists them), or only the other side:
    'a gun battle with Somali troops', 'clashed with militants'."""
    preps = [c for c in trigger.children if c.dep_ == "prep"]
    between = next((p for p in preps if p.lower_ == "between"), None)
    with_ = next((p for p in preps if p.lower_ == "with"), None)
    mentions = actor_mentions(kb, trigger.sent)
    if between is not None:
        members = [c for c in between.children if c.dep_ == "pobj"]
        while members and (more := [c for c in members[-1].children if c.dep_ == "conj"]):
            members.append(more[0])
        named = [side_named_in(mentions, m) for m in members]
        sides_named = [a for a in named if a is not None]
        if len(sides_named) >= 2 and sides_named[0][0] != sides_named[1][0]:
            return sides_named[0], sides_named[1]
        if len(sides_named) == 1:  # "clashes between Taliban fighters and border guards": one side named
            return (sides_named[0], None) if named[0] is not None else (None, sides_named[0])
    if with_ is not None:
        other = next((side_named_in(mentions, c) for c in with_.children if c.dep_ == "pobj"), None)
        return None, other
    return None, None


def side_named_in(mentions: list[Actor], member: Token) -> Actor | None:
    """The actor named in one member of a list of sides, not in the members joined to it."""
    own = {t.i for t in member.subtree} - {t.i for c in member.children if c.dep_ == "conj" for t in c.subtree}
    return next(((n, sp) for n, sp in mentions if sp.root.i in own), None)


def joined_sides(kb: Knowledge, trigger: Token) -> tuple[Actor | None, Actor | None] | None:
    """'Insurgents and Ethiopian troops exchanged mortar fire': the two sides a fight's subject
    joins, in their order, each named or not ('insurgents' stays unnamed); None when the
    subject is one side."""
    subject = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
    joined = [c for c in subject.children if c.dep_ == "conj"] if subject is not None else []
    if not joined:
        return None
    mentions = actor_mentions(kb, trigger.sent)
    first, second = side_named_in(mentions, subject), side_named_in(mentions, joined[0])
    if first is not None and second is not None and first[0] == second[0]:
        return None  # "US and coalition forces": one side
    return first, second


def describes_place(span: Span, trigger: Token) -> bool:
    """'near Baghdad airport, which is also used by the coalition': an actor in a clause that
    describes a place the trigger names, not a side of the act."""
    for token in span.root.ancestors:
        if token.i == trigger.i:
            return False
        if token.dep_ in {"relcl", "acl"} and token.head.dep_ == "pobj" and token.head.head.lower_ in PLACE_PREPOSITIONS:
            return True
    return False


def participle_doer(kb: Knowledge, trigger: Token) -> Actor | None:
    """'The attacks comprise four missile attacks on Ganja, carried out by the Armenian
    forces', 'a series of airstrikes on Sanaa, conducted by coalition aircraft': a participle
    the parser hung from the verb of an event noun, not from the noun, names the noun's doer
    in its agent."""
    if trigger.pos_ != "NOUN":
        return None
    noun = trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" else trigger
    holders = [noun] if noun.i != trigger.i else []
    if noun.dep_ in {"nsubj", "dobj", "attr"} and noun.head.pos_ in {"VERB", "AUX"}:
        holders.append(noun.head)
    for participle in (c for h in holders for c in h.children):
        if participle.dep_ not in {"advcl", "acl"} or participle.tag_ != "VBN":
            continue
        if participle.lemma_.lower() not in DOING_VERBS:
            continue
        agents = [c for c in participle.children if c.dep_ == "agent"]
        for name, span in actor_mentions(kb, trigger.sent):
            if any(a.left_edge.i <= span.root.i <= a.right_edge.i for a in agents):
                return name, span
    return None


def responsible_doer(kb: Knowledge, trigger: Token) -> Actor | None:
    """'Iranian-backed militias in Syria were responsible for the drone attack on the coalition
    base': the side said to be responsible for an act is its doer (not 'were not responsible')."""
    holder = trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ == "for" else None
    if holder is None or holder.lemma_.lower() != "responsible" or holder.dep_ not in {"acomp", "amod"}:
        return None
    verb = holder.head
    if any(c.dep_ == "neg" for c in list(verb.children) + list(holder.children)):
        return None
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    for name, span in actor_mentions(kb, trigger.sent):
        if any(s.left_edge.i <= span.root.i <= s.right_edge.i for s in subjects):
            return name, span
    return None


def relative_doer(kb: Knowledge, sentence: Span, trigger: Token) -> Actor | None:
    """'an airstrike against al-Shabaab terrorists who were attacking Somali forces': the
    doer of a relative clause is the noun the clause describes, when 'who'/'that' is its subject."""
    if trigger.dep_ != "relcl" or not any(
        c.dep_ == "nsubj" and c.tag_ in {"WP", "WDT"} for c in trigger.children
    ):
        return None
    noun = trigger.head
    return next(
        ((name, span) for name, span in actor_mentions(kb, sentence)
         if span.root.i == noun.i or (span.root.head.i == noun.i and span.root.dep_ in {"compound", "amod", "nmod"})),
        None,
    )


def narrower(kb: Knowledge, name: str, found: Actor | None) -> bool:
    """Whether an actor is the first named on its side, or a member of the umbrella named
    before it ('Coalition and United States forces': the US military, as GUIDELINES.md codes)."""
    return found is None or found[0] in kb.actor_umbrellas.get(name, ())


def site_holder(kb: Knowledge, target: Actor | None) -> Actor | None:
    """'struck a coalition base', 'the U.S.-led coalition base': the member whose forces hold
    the coalition's bases."""
    if target is None or target[0] not in kb.site_holders:
        return target
    noun = target[1].root
    if noun.dep_ in {"compound", "amod", "nmod"}:
        noun = noun.head  # the name of the coalition, then the site it has
    return (kb.site_holders[target[0]], target[1]) if noun.lemma_.lower() in SITE_NOUNS else target


def hosted_forces(kb: Knowledge, sentence: Span, actor1: Actor | None) -> Actor | None:
    """'a base housing U.S. troops', 'an air base that hosts American forces': the forces a
    site the sentence names is said to house, read off the words (the parser often takes
    'housing' for a noun)."""
    for name, span in actor_mentions(kb, sentence):
        if actor1 is not None and name == actor1[0]:
            continue
        before = [t for t in sentence.doc[max(sentence.start, span.start - 4) : span.start] if t.pos_ != "DET"]
        verb = next((t for t in reversed(before) if t.lemma_.lower() in HOSTING_VERBS), None)
        if verb is None:
            continue
        words = [t for t in before if t.i < verb.i and t.lower_ not in {"that", "which", ","}]
        if words and words[-1].lemma_.lower() in SITE_NOUNS and verb.i == max(t.i for t in before):
            return name, span
    return None


def named_holder(kb: Knowledge, doc: Doc, umbrella: str) -> str | None:
    """'10 rockets targeted coalition forces ... no injuries to U.S. or coalition personnel':
    the member holding a coalition's sites (``sites_held_by``), when the document names it,
    is the target (GUIDELINES.md: US military; Coalition forces only when named alone)."""
    holder = kb.site_holders.get(umbrella)
    if holder is None:
        return None
    named = any(name == holder for sentence in doc.sents for name, _ in actor_mentions(kb, sentence))
    return holder if named else None


def casualty_objects(sentence: Span) -> list[Token]:
    """The ones the sentence says were killed or wounded ('killing one civilian', 'resulting in
    the death of an ISIS official'), unless none were."""
    found = []
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in CASUALTY_VERBS:
            found += [c for c in token.children
                      if c.dep_ in {"nsubjpass", "dobj"} and not any(n.lower_ == "no" for n in c.children)]
        elif token.pos_ == "NOUN" and lemma in DEATH_NOUNS:
            found += [d for of in token.children if of.dep_ == "prep" and of.lower_ == "of"
                      for d in of.children if d.dep_ == "pobj"]
    return found


def casualty_victim(kb: Knowledge, sentence: Span, actor1: Actor | None) -> Actor | None:
    """'four Italian soldiers were wounded in a roadside bomb blast', 'a bomb killed an American
    soldier': the side that the sentence's casualty verb hurt (its passive subject or object)."""
    victims = casualty_objects(sentence)
    for name, span in actor_mentions(kb, sentence):
        if actor1 is not None and name == actor1[0]:
            continue
        if any(v.left_edge.i <= span.root.i <= v.right_edge.i for v in victims):
            return name, span
    heads = kb.actor_head_index()
    for victim in victims:  # "an American soldier": one of the actor's 'soldiers'
        for actor in heads.get(victim.lemma_.lower() + "s", ()):
            if actor1 is not None and actor == actor1[0]:
                continue
            modifier = next((c for c in victim.lefts if c.lower_ in kb.actor_modifiers[actor]), None)
            if modifier is not None:
                return actor, sentence.doc[modifier.i : victim.i + 1]
    return None


def launcher(kb: Knowledge, resolver: Resolver, candidate: Candidate, actor1: Actor | None) -> Actor | None:
    """'shot down a drone launched from Houthi-controlled areas', 'intercepted dozens of Iranian
    missiles', 'shot down drones launched by Russia': the side that fired what was intercepted,
    named in the weapon's phrase (even in a clause of its own), by a modifier or a country."""
    trigger = candidate.trigger
    objects = sorted(target_ids(trigger))
    weapon_ids = {t.i for w in candidate.weapons.values() for t in (w if isinstance(w, Span) else [w])}
    for name, span in actor_mentions(kb, trigger.sent):
        if span.root.head.i == trigger.i:
            continue  # "engaged an army unit": what was engaged is a target, not a launcher
        if span.root.i in objects and (actor1 is None or name != actor1[0]):
            return name, span
    for i in objects:
        token = trigger.doc[i]
        if token.dep_ in {"amod", "compound", "nmod", "poss"} and any(t.i in weapon_ids for t in token.head.subtree):
            # "a Russian Su-34 fighter jet": on the weapon's words, wherever the parser hung it
            for actor, modifiers in kb.actor_modifiers.items():
                if token.lower_ in modifiers:
                    return actor, trigger.doc[i : i + 1]
    for ent in sentence_ents(trigger.sent):
        if ent.label_ == "GPE" and ent.root.i in objects and ent.root.head.lower_ in {"by", "from"}:
            code = country_code(resolver, ent.text)
            if code and code in kb.country_forces:
                return kb.country_forces[code], ent
    return None


#: how releases name merchant ships: "the M/V Tutor", "M/T Marlin Luanda" (the name's first word)
SHIP_NAME = re.compile(r"\bM/[VT]\.? +([A-Z][\w-]*)")


def ship_names(doc: Doc) -> frozenset[str]:
    """The first words of the names a document gives merchant ships with their prefix ('the
    M/V Tutor'), which it may later use bare ('the attack on the Tutor'); found once per document."""
    names = doc.user_data.get("warlog_ship_names")
    if names is None:
        names = doc.user_data["warlog_ship_names"] = frozenset(m[1].lower() for m in SHIP_NAME.finditer(text_of(doc)))
    return names


def owned_target(
    kb: Knowledge, trigger: Token, patient_side: Set[int], country: str | None, from_afar: bool = False
) -> Actor | None:
    """'a missile hit a tanker', 'an airstrike on a market', 'drones attacked oil processing
    facilities', 'a bomber attacked a police checkpoint': with no armed side named as the
    target, the side a struck thing belongs to (actors.yaml: targets), the civilians there or
    the forces of the ``country`` where it happened."""
    doc = trigger.doc
    ships = ship_names(doc)
    starts = kb.target_word_starts()
    lowers, bases = word_forms(doc)
    for i in sorted(patient_side):
        if lowers[i] not in starts and bases[i] not in starts and lowers[i] not in ships and (
            not from_afar or bases[i] not in kb.whole_target_words
        ):
            continue  # no phrase of a struck thing begins with this word, nor is it a ship's name or a city
        if doc[i].lower_ in ships and doc[i].text[:1].isupper() and (i == 0 or doc[i - 1].text not in {"V", "T"}):
            return CIVILIANS, doc[i : i + 1]  # "the attack on the Tutor", the M/V Tutor told before
        if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in AGAINST_PREFIXES:
            continue  # "anti-ship ballistic missiles": what the weapon is made against, not what it struck
        whole = kb.whole_target_words.get(doc[i].lemma_.lower()) if from_afar else None
        if whole is not None and struck_itself(doc[i], trigger):  # not a raid on a city, which its forces fight
            return (kb.country_forces.get(country or "") if whole == COUNTRY_FORCES else whole), doc[i : i + 1]
        for size in (3, 2, 1):  # the longest phrase first: 'oil processing facility'
            span = doc[i : min(i + size, trigger.sent.end)]
            last = span[-1]
            if len(span) < size or last.dep_ == "compound" and last.head.pos_ == "NOUN":
                continue  # "oil tanker trucks": a kind of truck
            lemmas = " ".join(t.lemma_.lower() for t in span)
            for words in (span.text.lower(), lemmas):  # "M/V", split by the tokenizer
                side = kb.target_words.get(words)
                if side == NO_SIDE:
                    return None  # "a safe house": no civilian home, whatever 'house' says
                if side == COUNTRY_FORCES:
                    side = kb.country_forces.get(country or "")
                if side is not None:
                    return side, span
    return None


#: weapons fired from afar, which strike a city as a whole ('missiles launched against the city of Erbil')
FROM_AFAR = {"missile", "rocket", "artillery", "aircraft", "drone"}
#: "anti-ship", "counter-drone": the prefix of a weapon's kind, not of a target
AGAINST_PREFIXES = {"anti", "counter"}
#: prepositions that name what an act struck: "airstrikes on the city of Mekelle"
STRUCK_PREPOSITIONS = {"on", "against", "at", "toward", "towards"}


def struck_itself(noun: Token, trigger: Token) -> bool:
    """Whether a noun is the thing an act struck, not where it happened: 'two airstrikes on the
    city of Mekelle', 'missiles launched against the city of Erbil', 'shelled the city' (not
    'a bombing in the city', 'a base near the city')."""
    acts = {trigger.i} | ({verb.i} if (verb := acting_verb(trigger)) is not None else set())
    if noun.dep_ in {"dobj", "nsubjpass"} and noun.head.i in acts:
        return True
    return noun.dep_ == "pobj" and noun.head.lower_ in STRUCK_PREPOSITIONS and noun.head.head.i in acts


def speaker_as_doer(kb: Knowledge, trigger: Token) -> Actor | None:
    """'The Islamic Resistance in Iraq said it had targeted ...', '... said its fighters had
    attacked ...': 'it' (or its fighters) is the speaker; 'the group reported that it had
    struck ...': the group is the one the story named last; 'The U.S. military said it carried
    out an air strike': the verb that carries the event noun tells it."""
    verb = acting_verb(trigger) or trigger
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    own = subject is not None and subject.pos_ == "NOUN" and any(
        c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in subject.children
    )
    report = verb.head
    if subject is None or not (subject.pos_ == "PRON" or own):
        return None
    if report.i == verb.i or report.lemma_.lower() not in kb.report_verbs:
        return None
    speaker = next((c for c in report.children if c.dep_ == "nsubj"), None)
    if speaker is None:
        return None
    for name, span in actor_mentions(kb, trigger.sent):
        if speaker.left_edge.i <= span.root.i <= speaker.right_edge.i:
            return name, span
    if is_the_group(speaker):
        return group_told_before(kb, trigger.sent)
    return None


#: what a story calls the armed group it named before: "the group reported that ..."
GROUP_NOUNS = {"group", "militia", "organization", "organisation", "movement", "faction",
               "militants", "insurgents", "fighters", "rebels", "jihadists", "extremists", "terrorists"}


def group_as_doer(kb: Knowledge, trigger: Token) -> Actor | None:
    """'hours after the group fired a missile at Al-Asad', 'the militants killed three in the
    attack': the subject 'the group' is the armed group the story named last, earlier in the
    sentence or in the two before it."""
    verb = acting_verb(trigger) or trigger  # "The militants killed three Americans in the attack"
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or not is_the_group(subject) or verb.tag_ != "VBD":
        return None  # "the group is fighting to overthrow the government": what it does, no act
    return group_told_before(kb, trigger.sent, subject.i)


def is_the_group(noun: Token) -> bool:
    """'the group', 'the militia': a story's word for the armed group it named before."""
    return noun.lower_ in GROUP_NOUNS and any(c.lower_ == "the" for c in noun.children)


def group_told_before(kb: Knowledge, sentence: Span, before_token: int | None = None) -> Actor | None:
    """The non-state armed group named last in the two sentences before this one (or in this
    one, before the word at ``before_token``)."""
    doc = sentence.doc
    before = [s for s in doc.sents if s.end <= sentence.start][-2:]
    if before_token is not None:
        before.append(sentence)
    for earlier in reversed(before):
        groups = [
            (name, span) for name, span in actor_mentions(kb, earlier)
            if (before_token is None or span.end <= before_token)
            and (actor := kb.actors.get(name)) is not None
            and actor.acled_type not in STATE_ACTOR_TYPES and actor.acled_type != 7
        ]
        # "The Islamic Resistance in Iraq, a coalition of armed groups backed by Iran, ...": the
        # group named, not the umbrella its description puts it under
        named = {name for name, _ in groups}
        for name, span in reversed(groups):
            if not any(name in kb.actor_umbrellas.get(other, ()) for other in named - {name}):
                return name, span
    return None


def reporting_forces(kb: Knowledge, trigger: Token) -> Actor | None:
    """'The Israeli military said the drone was intercepted over the Red Sea': an interception
    told in the passive, by no one, that a state's forces report was made by those forces
    (armed forces report their own interceptions; another side's they attribute)."""
    if trigger.pos_ != "VERB" or not any(c.dep_ in {"nsubjpass", "auxpass"} for c in trigger.children):
        return None
    if any(c.dep_ == "agent" for c in trigger.children):
        return None
    report = trigger
    while report.dep_ in {"conj", "ccomp"} and report.head.i != report.i and report.lemma_.lower() not in kb.report_verbs:
        report = report.head
    if report.i == trigger.i or report.lemma_.lower() not in kb.report_verbs:
        return None
    speaker = next((c for c in report.children if c.dep_ == "nsubj"), None)
    if speaker is None:
        return None
    downed = {t.i for c in trigger.children if c.dep_ == "nsubjpass" for t in c.subtree}
    mentions = actor_mentions(kb, trigger.sent)
    for name, span in mentions:
        actor = kb.actors.get(name)
        if actor is None or actor.acled_type not in STATE_ACTOR_TYPES:
            continue
        if speaker.left_edge.i <= span.root.i <= speaker.right_edge.i:
            if any(n == name and s.root.i in downed for n, s in mentions):
                return None  # "the US military said a US drone was shot down": its own, downed by another
            return name, span
    return None


def actor_just_before(kb: Knowledge, sentence: Span, trigger: Token) -> Actor | None:
    """'..., Iran's Revolutionary Guard Corps launched missiles' parsed without a subject:
    the actor named right before the verb did it."""
    for name, span in actor_mentions(kb, sentence):
        if 0 <= trigger.i - span.end <= 1:
            return name, span
    return None


def country_actor(kb: Knowledge, resolver: Resolver, sentence: Span, agent_side: frozenset[int]) -> Actor | None:
    """'the US intercepted ...': a country doing the act stands for its armed forces."""
    for ent in sentence_ents(sentence):
        if ent.label_ != "GPE" or ent.root.i not in agent_side:
            continue
        if ent.start > 0 and ent.doc[ent.start - 1].lower_ in PLACE_PREPOSITIONS or is_dateline(ent):
            continue  # "strikes in Syria", "MOGADISHU, Somalia — A suicide bomber ...": where, not who
        if text_of(ent.doc)[ent.end_char : ent.end_char + 1] == "\n":
            continue  # a country heading a list of strikes made there
        owned = ent.root.head
        if ent.root.dep_ == "poss" and owned.i in agent_side and not armed_noun(kb, owned):
            continue  # "India's cricket board struck a deal": the board's act, not the country's forces
        code = country_code(resolver, ent.text)
        forces = kb.country_forces.get(code) if code else None
        if forces is not None:
            return forces, ent
    return None


def armed_noun(kb: Knowledge, noun: Token) -> bool:
    """A noun a country's forces act through: a weapon, an act ('Israel's strikes'), a force
    ('Russia's Black Sea Fleet', 'Iran's proxies')."""
    words = {noun.lemma_.lower(), noun.lower_}
    return bool(
        words & (kb.weapons.keys() | kb.triggers.keys() | kb.armed_words | kb.tally_forces)
        or words & kb.actor_head_index().keys() or noun.ent_type_ in {"ORG", "NORP"}
    )


def modifier_actor(kb: Knowledge, trigger: Token) -> Actor | None:
    """'US strikes', 'Israeli airstrikes', 'a Russian missile strike' (the side the parser hung
    on the weapon word): the side named before the event noun."""
    lefts = list(trigger.lefts)
    lefts += [g for c in lefts if c.dep_ == "compound" for g in c.lefts]
    for child in lefts:
        if child.dep_ not in {"compound", "amod", "nmod", "poss"}:
            continue
        named = kb.actor_modifier_index().get(child.lower_)
        if named:  # the first actor of the knowledge base that the word names
            actor = next(a for a in kb.actor_modifiers if a in named)
            return actor, trigger.doc[child.left_edge.i : child.i + 1]
    return None


def weapon_user(kb: Knowledge, trigger: Token) -> Actor | None:
    """'A Russian glide bomb struck a hardware store in Kharkiv': the side named on the weapon
    that did the act used it, when the document names that side elsewhere too (not 'Chinese
    rockets' in a story of Iraq, whose maker is no side of it)."""
    if trigger.pos_ != "VERB":
        return None
    subject = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
    if subject is None or (subject.lower_ not in kb.weapons and subject.lemma_.lower() not in kb.weapons):
        return None
    named = modifier_actor(kb, subject)
    if named is None:
        return None
    elsewhere = any(
        name == named[0] and not span.start <= named[1].start < span.end
        for sentence in trigger.doc.sents
        for name, span in actor_mentions(kb, sentence)
    )
    return named if elsewhere else None


def launcher_told_before(candidates: list[Candidate], candidate: Candidate) -> Actor | None:
    """'The Houthis fired two missiles at the ship. One was shot down by USS Carney': an
    interception with no launcher named is of the attack told just before, in its paragraph,
    or of the launcher of the interception told just before ('US destroyers fired interceptors
    at the Iranian missiles. Israel intercepted most of them')."""
    text = text_of(candidate.trigger.doc)
    for earlier in reversed(candidates[: candidates.index(candidate)] if candidate in candidates else []):
        if earlier.sentence_index < candidate.sentence_index - 2:
            break
        if "\n\n" in text[earlier.trigger.idx : candidate.trigger.idx]:
            break
        launched = earlier.actor1 if earlier.rule.kind == "attack" else earlier.actor2
        if earlier.rule.kind in {"attack", "intercept"} and launched is not None:
            return launched if launched[0] != (candidate.actor1 or ("",))[0] else None
    return None


def host_as_target(
    kb: Knowledge, candidates: list[Candidate], candidate: Candidate, place: PlaceMention | None,
    country: str | None = None,
) -> Actor | None:
    """actor2 (of an interception: else the launcher told just before), else the side its
    sentence says was killed or wounded, else for an attack on a base the forces stationed
    there ('rockets hit Camp Taji'), else the civilians of a civilian target. (Only for
    coding: a victim alone does not make an 'attack' armed.)"""
    actor2 = candidate.actor2
    if actor2 is None and candidate.rule.kind == "intercept":
        return launcher_told_before(candidates, candidate)
    if candidate.target_carried:  # "... Hamas's rocket infrastructure. An Israeli air strike on a mosque": its own target
        struck = sides(candidate.trigger)[1] | target_ids(candidate.trigger)
        actor2 = owned_target(kb, candidate.trigger, struck, place.country if place else country) or actor2
    if actor2 is None:
        actor2 = casualty_victim(kb, candidate.trigger.sent, candidate.actor1)
    if actor2 is None:  # "rockets hit a base housing US troops"
        actor2 = hosted_forces(kb, candidate.trigger.sent, candidate.actor1)
    if actor2 is None and place is not None and place.hosts:
        host = place.hosts[0]  # "rockets hit Camp Taji": the forces stationed there
        if candidate.actor1 is None or candidate.actor1[0] != host:
            actor2 = (host, place.span)
    if actor2 is None:
        trigger = candidate.trigger
        victims = {t.i for v in casualty_objects(trigger.sent) for t in v.subtree}
        victims |= {  # "killed nine people and wounded 22 others at a police post": where they were hit
            t.i
            for token in trigger.sent
            if token.pos_ == "VERB" and token.lemma_.lower() in CASUALTY_VERBS
            for p in token.children
            if p.dep_ == "prep" and p.lower_ in {"at", "on", "inside", "near"}
            for t in p.subtree
        }
        aimed = {  # "launched from Houthi-held areas toward M/V True Confidence"
            t.i for p in trigger.subtree if p.dep_ == "prep" and p.lower_ in {"toward", "towards"} for t in p.subtree
        }
        if candidate.rule.kind == "clash":  # "civilians were killed when insurgents and troops exchanged fire": no side
            victims = set()
        blast_site = {  # "a suicide bomber blew up outside the gate of a mosque": a bomb strikes where it goes off
            t.i for p in trigger.children if p.dep_ == "prep" and p.lower_ in BLAST_PREPOSITIONS for t in p.subtree
        } if "ied" in candidate.weapons else set()
        struck = sides(trigger)[1] | target_ids(trigger) | victims | aimed | blast_site
        from_afar = bool(set(candidate.weapons) & FROM_AFAR) and candidate.rule.kind == "attack"
        actor2 = owned_target(kb, trigger, struck, place.country if place else country, from_afar)
        armed = kb.armed_words | kb.tally_forces
        if actor2 is not None and actor2[0] == CIVILIANS and candidate.victims and all(
            v.lemma_.lower() in armed for v in candidate.victims
        ):
            actor2 = None  # "fired two missiles at a house ..., killing at least five militants": no civilians'
    if actor2 is None and "ied" in candidate.weapons and candidate.victims:
        people = [v for v in candidate.victims if v.lemma_.lower() in {"people", "person"}]
        others = [v for v in candidate.victims if v.lemma_.lower() == "other"]  # "95 people and 284 others"
        if people and len(people) + len(others) == len(candidate.victims):
            actor2 = (CIVILIANS, people[0])  # "a triple bombing killed at least 20 people": a bomb among people
    return actor2


def target_group_country(kb: Knowledge, candidate: Candidate) -> str | None:
    """The home country of a non-state target: where an event with no place is filed."""
    if candidate.actor2 is not None:
        actor = kb.actors.get(candidate.actor2[0])
        if actor is not None and actor.acled_type not in STATE_ACTOR_TYPES:
            return actor.country
    return None


def home_of_group(kb: Knowledge, candidate: Candidate) -> str | None:
    """The home country of the first non-state armed group of the event."""
    for found in (candidate.actor1, candidate.actor2):
        actor = kb.actors.get(found[0]) if found else None
        if actor is not None and actor.acled_type not in STATE_ACTOR_TYPES and actor.country:
            return actor.country
    return None


# -- claims ---------------------------------------------------------------------------


def speaking_claimant(kb: Knowledge, candidate: Candidate) -> Actor | None:
    """A group saying it struck (not a state) is claiming the attack."""
    speaker = speaker_as_doer(kb, candidate.trigger)
    if speaker is not None and candidate.actor1 is not None and speaker[0] == candidate.actor1[0]:
        actor = kb.actors.get(speaker[0])
        if actor is not None and actor.acled_type not in STATE_ACTOR_TYPES:
            return speaker
    return None


def claim(
    kb: Knowledge, sentence: Span, words: list[Token], rule_of: Callable[[Token], Trigger | None]
) -> Actor | None:
    """'X claimed (responsibility for) the attacks': the claimant. ``words`` are the words of
    the sentence that have a trigger rule, in order (the others claim nothing)."""
    for token in words:
        rule = rule_of(token)
        if rule is None or rule.kind != "claim" or token.pos_ != "VERB":
            continue
        # "claimed by the Taliban": the agent of a passive claim, else its subject
        subject = [c for c in token.children if c.dep_ == "agent"] or [
            c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}
        ]
        for name, span in actor_mentions(kb, sentence):
            if subject and (span.root in subject[0].subtree):
                return name, span
        for name, span in actor_mentions(kb, sentence):
            if span.root.i < token.i:
                return name, span
        said = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if said is not None and is_the_group(said):
            return group_told_before(kb, sentence, said.i)  # "the group claimed another drone attack"
        if subject:
            return unlisted_group(subject[0])
    return None


def unlisted_group(subject: Token) -> Actor | None:
    """'the Mujahideen Shura Council claimed responsibility': a group the knowledge base does
    not list keeps the name the text gives it, without its article (GUIDELINES.md, Other
    theatres)."""
    for ent in subject.doc.ents:
        if ent.label_ == "ORG" and not ent.ent_id_ and subject.left_edge.i <= ent.root.i <= subject.right_edge.i:
            words = ent[1:] if ent[0].lower_ == "the" else ent
            return (words.text, words) if len(words) else None
    return None


#: verbs that name who did it without the doer saying so: "police blamed Boko Haram"
BLAME_VERBS = {"blame", "accuse"}


def blamed(kb: Knowledge, sentence: Span) -> Actor | None:
    """'Police blamed Boko Haram', 'the attack was blamed on al-Shabaab', 'officials accused the
    Taliban': the group a sentence says did it (the object of the verb, or what a passive blame
    is put 'on'); not a denied or hypothetical blame."""
    for verb in words_among(sentence, BLAME_VERBS):
        if verb.pos_ != "VERB":
            continue
        if any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in {"will", "would", "could", "may", "might"}
               for c in verb.children):
            continue
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        held = [c for c in verb.children if c.dep_ == "dobj"] if not passive else [
            g for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"
        ]
        for name, span in actor_mentions(kb, sentence):
            if any(h.left_edge.i <= span.root.i <= h.right_edge.i for h in held):
                return name, span
    return None


def blames_for_told(rule_of: Callable[[Token], Trigger | None], sentence: Span) -> bool:
    """'... blamed Kataib Hezbollah for the attack': a blame for an attack the story told
    ('the attack', 'Sunday's bombing'), not for one of its own."""
    for verb in words_among(sentence, BLAME_VERBS):
        if verb.pos_ != "VERB":
            continue
        for prep in verb.children:
            for act in (g for g in prep.children if prep.lower_ == "for" and g.dep_ == "pobj"):
                told = any(c.lower_ in {"the", "this", "that"} or c.dep_ == "poss" for c in act.children)
                if told and rule_of(act) is not None:
                    return True
    return False


def apply_claim(claimed: Actor, candidates: list[Candidate], umbrellas: dict[str, frozenset[str]]) -> None:
    """The claimant is the doer (GUIDELINES) of the attacks with no doer, or with one it
    belongs to ('launched by Iran-backed militants', claimed by the Islamic Resistance in Iraq)."""
    for candidate in candidates:
        if candidate.rule.kind == "intercept":
            continue
        wider = candidate.actor1 is not None and candidate.actor1[0] in umbrellas.get(claimed[0], ())
        if candidate.actor1 is None or candidate.actor1[0] == claimed[0] or wider:
            candidate.claimed_by = claimed
            candidate.actor1 = claimed
