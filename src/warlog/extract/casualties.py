"""How many and with what result: the quantity of a trigger ("two airstrikes"), deaths and
injuries a sentence states ("killing three", "no casualties"), the outcome (attempted, hit,
no damage), and what of them stays with an event split over several places."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Span, Token

from warlog.extract.candidate import Candidate
from warlog.extract.context import starts_with_break
from warlog.extract.roles import SITE_NOUNS
from warlog.mentions import SUFFERING_VERBS
from warlog.nlp import number_value, word_forms, words_among

KILL_WORDS = {"kill", "dead", "die", "death", "fatality", "killed"}
INJURE_WORDS = {"wound", "injure", "injury", "hurt", "injured", "wounded"}
#: the lemmas by which a sentence may deny a toll: "no casualties", "without injuries", "none of"
DENIALS = {"no", "without", "none"}
#: singular nouns that name a group, not one person: "killed the crew" tells no number
COLLECTIVE = {"crew", "family", "unit", "group", "team", "staff", "personnel", "population", "force", "garrison"}
NOBODY = {"nobody"}
#: a pronoun that counts one more person: "a soldier was killed and another wounded"
ONE_MORE = {"another"}
#: "were treated for injuries": the ones these verbs' passive tells were hurt
TREATING_VERBS = {"treat", "hospitalize", "hospitalise", "evaluate", "evacuate"}
#: a verb's own subject or object: what it counts is its own, not its head's
ARGUMENTS = {"nsubj", "nsubjpass", "dobj"}


def count(number: Token) -> int | None:
    """The value of a number word, unless it is a year: 'the 2020 Camp Taji attacks' counts no
    attacks and no dead (a four-digit year is never a count of people or strikes)."""
    value = number_value(number)  # "fifty-five", split by the tokenizer
    if value is None or number.ent_type_ == "DATE" and 1900 <= value <= 2100:
        return None
    return value


def quantity(candidate: Candidate) -> tuple[int, Token] | None:
    """A number on the trigger, a weapon, or the verb's subject or object."""
    heads = [candidate.trigger, *[w for w in candidate.weapons.values() if isinstance(w, Token)]]
    heads += [w.root for w in candidate.weapons.values() if isinstance(w, Span)]
    if candidate.trigger.pos_ == "VERB" and not candidate.rule.secondary:  # "killing four officers" counts the dead
        heads += [c for c in candidate.trigger.children if c.dep_ in {"dobj", "nsubj", "nsubjpass"}]
    for head in heads:
        for child in head.children:
            # not "the 27 December attack" (a day) nor "the M/V Number 9", "Tower 22" (a number after its noun names it)
            if child.dep_ == "nummod" and child.ent_type_ in {"", "CARDINAL", "QUANTITY"} and child.i < head.i:
                value = count(child)
                if value is not None:
                    return value, child
    return None


def is_attempted(trigger: Token) -> bool:
    """'an attempted attack', 'a failed strike': the outcome is 'attempted'."""
    return any(c.lower_ in {"attempted", "failed", "foiled"} for c in trigger.children) or (
        trigger.head.lemma_ == "attempt"
    )


def casualty_kind(word: Token, killing: frozenset[str] = frozenset()) -> str | None:
    """Whether a word tells deaths ('killed', 'dead', 'death', 'claimed the lives of') or
    injuries ('wounded', 'injuries'); a word of ``killing`` ('neutralised', 'eliminated') tells deaths when it is said of people."""
    lemma, lower = word.lemma_.lower(), word.lower_
    if lemma in KILL_WORDS or lower in KILL_WORDS:
        return "fatalities"
    if lemma == "life" and word.dep_ == "dobj" and word.head.lemma_.lower() in {"claim", "take"}:
        return "fatalities"  # "claimed the lives of 20 people", "took the life of an officer"
    if (lemma in killing or lower in killing) and word.pos_ == "VERB":
        return "killing"
    if lemma in INJURE_WORDS or lower in INJURE_WORDS:
        return "injuries"
    return None


def negations(sentence: Span) -> list[Token]:
    """The words of a sentence that may deny a toll ('no', 'without', 'none', a negation), in
    order: the rest are passed over by index (the document's negations found at once)."""
    doc = sentence.doc
    negated = doc.user_data.get("warlog_negations")
    if negated is None:
        neg = doc.vocab.strings["neg"]
        deps = doc.to_array("DEP").tolist()
        negated = doc.user_data["warlog_negations"] = {i for i, dep in enumerate(deps) if dep == neg}
    _, lemmas = word_forms(doc)
    return [doc[i] for i in range(sentence.start, sentence.end) if lemmas[i] in DENIALS or i in negated]


def casualty_words(sentence: Span, killing: frozenset[str] = frozenset()) -> list[Token]:
    """The words of a sentence that :func:`casualty_kind` may take for a casualty word (the
    rest it never does), so that the sentence's scans for tolls pass over every other word."""
    return words_among(sentence, KILL_WORDS | INJURE_WORDS | killing | {"life"}, KILL_WORDS | INJURE_WORDS | killing)


def head_count(noun: Token) -> int | None:
    """How many people one noun phrase counts: its number ('14 others', '22'), one for a
    single person ('an American contractor', 'Qassem Soleimani'), none said for a plural."""
    if noun.lower_ in NOBODY or (noun.lower_ == "one" and any(c.lower_ == "no" for c in noun.children)):
        return 0  # "No one was hurt"
    if noun.like_num:
        return count(noun)
    for child in noun.children:  # "Thirteen civilians", with the number word read as a compound
        number = child.dep_ == "nummod" or child.dep_ == "compound" and child.pos_ == "NUM" and child.i < noun.i
        if number and (value := count(child)) is not None:
            return value
    if noun.lower_ in ONE_MORE and noun.pos_ in {"DET", "PRON"}:
        return 1  # "one soldier was killed and another wounded"
    determiners = {c.lower_ for c in noun.children if c.dep_ in {"det", "poss"}}
    if determiners & {"no", "any", "every", "some", "all"}:
        return None  # "no civilians were hurt": about civilians, not the toll of the event
    if noun.tag_ == "NN" and determiners and noun.lemma_.lower() not in COLLECTIVE:
        return 1  # "an American contractor", "its commander"; a bare noun in a list is in its number
    if noun.tag_ == "NNP" and noun.ent_type_ == "PERSON":
        return 1
    return None


def victims(word: Token) -> list[Token]:
    """The noun phrases a casualty word counts: the object of 'killed', the subject of
    'were killed', 'died' and 'sustained injuries', the noun 'dead' qualifies, 'the death of X', 'injuries to
    four personnel', 'left 14 soldiers wounded'; each with its conjuncts."""
    children = list(word.children)
    deps = {c.dep_ for c in children}
    found: list[Token] = [c for c in children if c.dep_ == "nummod" and c.i < word.i]
    if found:
        return found  # "three deaths", "14 wounded"
    if word.pos_ == "NOUN" and word.dep_ == "dobj" and word.head.lemma_.lower() in SUFFERING_VERBS:
        found = [c for c in word.head.children if c.dep_ == "nsubj"]  # "two service members sustained injuries"
    elif word.pos_ == "NOUN" and word.dep_ == "pobj" and word.head.lower_ == "for" and (
        word.head.head.lemma_.lower() in TREATING_VERBS
    ):  # "four U.S. service members were treated for traumatic brain injuries"
        found = [c for c in word.head.head.children if c.dep_ == "nsubjpass"]
    elif word.pos_ == "NOUN":
        preps = [c for c in children if c.dep_ == "prep"]
        if word.dep_ == "dobj":  # "causing injuries to four personnel"
            preps += [c for c in word.head.children if c.dep_ == "prep" and c.i > word.i]
        for prep in preps:
            if prep.lower_ in {"of", "to", "among"}:
                found += [c for c in prep.children if c.dep_ == "pobj"]
    elif word.dep_ in {"amod", "acl"} and word.head.pos_ in {"NOUN", "PROPN", "NUM"} and "dobj" not in deps:
        found = [word.head]  # "two soldiers killed", "the wounded man" (not "a bombing killed 11 people", misparsed)
    elif word.dep_ in {"oprd", "acomp", "xcomp", "ccomp", "advcl"} and word.head.lemma_ in {"leave", "be"} and (
        word.tag_ != "VBG"  # "... were rocket attacks, killing three soldiers": the gerund's own object
    ) and not any(c.dep_ in ARGUMENTS for c in children):  # "the assessment is that the strike killed two"
        role = "dobj" if word.head.lemma_ == "leave" else "nsubj"  # "left 14 soldiers wounded", "two were dead"
        found = [c for c in word.head.children if c.dep_ == role]
    elif word.dep_ in {"oprd", "acomp", "advmod"} and word.lower_ == "dead" and word.head.pos_ == "VERB":
        # "gunmen shot dead a police officer", "two men were shot dead": whom the verb left dead
        found = [c for c in word.head.children if c.dep_ in {"dobj", "nsubjpass"}]
    else:
        subjects = {"nsubjpass", "nsubj"} if word.lemma_ == "die" else {"nsubjpass"}
        passive = [c for c in children if c.dep_ in subjects]
        own_subject = any(c.dep_ == "nsubj" for c in children)  # "25 were killed and dozens wounded": not the 25
        if not passive and word.dep_ == "conj" and word.tag_ == "VBN" and not own_subject:  # "was shot and killed"
            passive = [c for c in word.head.children if c.dep_ == "nsubjpass"]
        elliptical = word.dep_ == "conj" and word.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in word.head.children)
        if not passive and own_subject and elliptical:  # "39 were killed and more than 160 injured": the 160
            passive = [c for c in children if c.dep_ == "nsubj"]
        found = passive or [c for c in children if c.dep_ == "dobj"]
    found += [  # "killed Saleh al-Arouri ..., along with six others", "together with two guards"
        g for p in children if p.dep_ == "prep" and p.lower_ in {"along", "together"} and found
        for w in p.children if w.dep_ == "prep" and w.lower_ == "with"
        for g in w.children if g.dep_ == "pobj"
    ]
    return [n for head in found for n in (head, *head.conjuncts)]


def stray_conjuncts(sentence: Span, counted: list[Token]) -> list[Token]:
    """'killed 16 citizens, and two US soldiers' parsed with 'soldiers' joined to the main
    verb: a number-led noun joined to a verb, right after the counted list, continues it."""
    if not counted:
        return []
    end = max(t.i for t in counted)
    return [
        t for t in sentence
        if t.i > end and t.dep_ == "conj" and t.head.pos_ in {"VERB", "AUX"} and t.pos_ in {"NOUN", "PROPN"}
        and any(c.dep_ == "nummod" for c in t.children)
        and not any(casualty_kind(w) for w in sentence.doc[end + 1 : t.i])
    ]


#: words that count people without a number: "a number of personnel", "several soldiers"
VAGUE = {"number", "handful", "several", "many", "some", "dozens", "scores", "hundreds", "thousands", "multiple"}


def is_vague(noun: Token) -> bool:
    """'a number of US personnel', 'several others', 'dozens of civilians': people counted
    by no number."""
    return noun.lower_ in VAGUE or any(c.dep_ in {"amod", "det", "nummod"} and c.lower_ in VAGUE for c in noun.children)


def are_people(nouns: list[Token], people: frozenset[str]) -> bool:
    """'12 militants', 'two terrorists', 'a commander': people, not the drones a verb such as
    'neutralised' may also take."""
    return bool(nouns) and all(
        n.lemma_.lower() in people or n.lower_ in people or n.ent_type_ in {"PERSON", "NORP"} for n in nouns
    )


def stated_counts(
    sentence: Span, tally_tokens: set[int], killing: frozenset[str] = frozenset(), people: frozenset[str] = frozenset()
) -> list[tuple[str, int, Token, list[Token]]]:
    """The deaths and injuries a sentence states, each summed over its parts ('killed two
    US and one UK service members' is 3), with the word that tells it and the nouns of whom;
    a killing verb ('neutralised') counts deaths only of people."""
    found = []
    for word in casualty_words(sentence, killing):
        kind = casualty_kind(word, killing)
        if kind is None or word.i in tally_tokens:
            continue
        counted = victims(word)
        if kind == "killing":
            if not are_people(counted, people):
                continue
            kind = "fatalities"
        counted += stray_conjuncts(sentence, counted)
        values = []
        if any(is_vague(noun) for noun in counted):
            continue  # "wounding a number of US personnel and an Iraqi soldier": no number told
        for noun in counted:
            if noun.ent_type_ in {"DATE", "TIME", "MONEY", "PERCENT"}:
                continue
            if {noun.i, *(c.i for c in noun.subtree)} & tally_tokens:
                values = []
                break  # "In total, at least 47 people were killed": a tally, not this event's
            if (value := head_count(noun)) is not None:
                values.append(value)
        if values:
            found.append((kind, sum(values), word, counted))
    return found


def attacked_sides(candidate: Candidate) -> set[str]:
    """The side an event struck: its target, or the forces stationed at its place ('rockets
    hit Camp Taji')."""
    found = {candidate.actor2[0]} if candidate.actor2 is not None else set()
    return found | {host for place in candidate.places for host in place.hosts}


def nobody_counts(sentence: Span, tally_tokens: set[int]) -> list[tuple[str, Token, Span]]:
    """'No US or coalition troops were killed or wounded': a toll of none, for each casualty
    word whose victims are said with 'no', with the words that name them."""
    found = []
    for word in casualty_words(sentence):
        kind = casualty_kind(word)
        if kind not in {"fatalities", "injuries"} or word.i in tally_tokens or word.pos_ != "VERB":
            continue
        counted = victims(word)
        if counted and counted[0].left_edge.lower_ == "no" and counted[0].left_edge.dep_ == "det":
            first = counted[0]
            found.append((kind, word, sentence.doc[first.left_edge.i : first.right_edge.i + 1]))
    return found


def referred(references: list[Candidate], earlier: list[Candidate], sentence: Span) -> list[Candidate]:
    """'The airstrike killed one terrorist' a few sentences on: the toll of the attack told
    before, the latest of its kind, unless the sentence turns to another time ('Earlier, ...')."""
    if not references or not earlier or starts_with_break(sentence):
        return []
    kinds = {r.rule.kind for r in references}
    same_kind = [c for c in earlier if c.rule.kind in kinds]
    return (same_kind or earlier)[-1:]


#: words by which a sentence says the attack struck something or someone: "caused damage",
#: "resulting in minor injuries to several personnel"
DAMAGE_WORDS = {"damage", "destroy", "injury"}
#: words that say what was struck burned: "setting it ablaze"
BURNING = {"ablaze", "aflame", "afire"}
MAY = {"could", "may", "might", "would", "will", "can"}
UNSURE = {"possible", "potential", "further", "any", "more"}
CAUSE_VERBS = {"cause", "inflict", "sustain", "suffer", "leave", "report"}


def states_damage(sentence: Span) -> Token | None:
    """'a building was damaged', 'damage to the engine room': the word by which the sentence
    says something was hit (not 'no damage', 'without damaging', 'did not damage')."""
    for word in words_among(sentence, DAMAGE_WORDS, BURNING):
        if word.lower_ in BURNING and not any(c.dep_ == "neg" for c in word.head.children):
            return word  # "setting it ablaze", "the ship caught fire"
        if word.lemma_.lower() not in DAMAGE_WORDS or word.pos_ not in {"VERB", "NOUN"}:
            continue
        first = word
        while first.dep_ == "conj" and first.head.i != first.i:  # "no casualties or damage"
            first = first.head
        if any(c.dep_ == "neg" or c.lower_ in {"no", "without"} for w in (word, first) for c in w.children):
            continue
        if first.head.lower_ == "without" or first.head.lemma_.lower() in {"no", "not"}:
            continue
        if word.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ in MAY for c in word.children):
            continue  # "could damage the base"
        caused = first.head.lemma_.lower() in CAUSE_VERBS or (
            first.head.lower_ == "in" and first.head.head.lemma_.lower() == "result"
        )  # "caused damage", "resulted in flooding and damage"
        if word.pos_ == "NOUN" and not caused and not any(  # "damage to the room", "severe damage"; not "assessing the damage"
            c.dep_ == "prep" and c.lower_ in {"to", "on"} or c.dep_ == "amod" and c.lower_ not in UNSURE
            for w in (word, first) for c in w.children
        ):
            continue
        return word
    return None


def numbers_and_outcomes(
    sentence: Span,
    candidates: list[Candidate],
    tally_tokens: set[int],
    killing: frozenset[str] = frozenset(),
    people: frozenset[str] = frozenset(),
    sides_of: Callable[[Span], set[str]] = lambda span: set(),
    earlier: list[Candidate] | None = None,
) -> None:
    """Deaths, injuries and 'no damage' stated in a sentence belong to its events; 'no US
    troops were killed' is a toll of none when the troops are the side attacked (``sides_of``
    names the actors a span mentions); a toll 'in the strikes' may be of strikes told further
    back (``earlier``: the document's events so far)."""
    if not candidates:
        return
    target = candidates[-1]
    damaged = states_damage(sentence)
    for token in negations(sentence):
        lemma = token.lemma_.lower()
        none_of = lemma == "none" and token.dep_ == "nsubj"  # "None of these attacks resulted in injuries or damage"
        if lemma in {"no", "without"} or token.dep_ == "neg" or none_of:
            negated = token.head
            if none_of:
                caused = [o for c in negated.children if c.dep_ == "prep" and c.lower_ == "in" for o in c.children]
                caused += [c for c in negated.children if c.dep_ == "dobj"]
                negated = caused[0] if caused else negated
            if lemma == "without" and token.dep_ == "prep":  # "without casualties", "without causing casualties"
                objects = [c for c in token.children if c.dep_ == "pobj"]
                objects += [o for c in token.children if c.dep_ == "pcomp" for o in c.children if o.dep_ == "dobj"]
                negated = objects[0] if objects else negated
            if negated.lemma_.lower() == "report":  # "no reports of casualties"
                told = [o for p in negated.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
                negated = told[0] if told else negated
            # "no casualties or damage" denies both; "damage but no injuries" only the injuries
            joined = (negated.head, *negated.conjuncts)
            contrast = any(c.dep_ == "cc" and c.lower_ in {"but", "yet"} for word in joined for c in word.children)
            words = {negated.lemma_.lower(), *(() if contrast else (c.lemma_.lower() for c in negated.conjuncts))}
            if words & {"casualty", "death", "fatality"}:
                for c in candidates:
                    c.fatalities = (0, token)
                    c.injuries = (0, token)
                    if damaged is not None or c.damage is not None:  # "no casualties, but a building was damaged": it struck
                        c.outcome = "hit" if c.outcome == "unknown" else c.outcome
                    else:
                        c.outcome = "no_damage" if c.outcome in {"unknown", "hit"} else c.outcome
            elif words & {"damage"}:
                for c in candidates:
                    c.outcome = "no_damage" if c.outcome in {"unknown", "hit"} else c.outcome
            if not words & {"casualty", "death", "fatality"} and words & {"injury"}:  # "no injuries or damage"
                for c in candidates:
                    c.injuries = (0, token)
                    if damaged is not None or c.damage is not None:  # "causing damage but no injuries"
                        c.outcome = "hit" if c.outcome == "unknown" else c.outcome
                    elif c.outcome == "unknown":  # "causing no injuries": no casualties (GUIDELINES)
                        c.outcome = "no_damage"
    for word in words_among(sentence, {"miss"}):  # "two missiles were fired at the vessel, which both missed"
        if word.pos_ == "VERB" and not any(
            c.dep_ in {"neg", "aux"} or c.dep_ == "dobj" and c.lemma_.lower() != "target" for c in word.children
        ):  # "missed", "missed their target" (not "missed the facility, striking a house")
            for owner in [c for c in candidates if word.i in {t.i for t in c.clause}] or [target]:
                if owner.outcome == "unknown":
                    owner.outcome = "no_damage"
    for kind, word, nobody in nobody_counts(sentence, tally_tokens):
        owner = next((c for c in candidates if word.i in {t.i for t in c.clause}), target)
        if getattr(owner, kind) is None and attacked_sides(owner) & sides_of(nobody):
            setattr(owner, kind, (0, word))  # not 'no civilians were hurt' by a strike on fighters
    if damaged is not None:  # "the attack on the Tutor resulted in flooding and damage to the engine room"
        doers = {s.i for a in damaged.ancestors for s in a.children if s.dep_ in {"nsubj", "nsubjpass"}}
        for owner in candidates:  # its own clause, or the attack that 'resulted in' / 'caused' the damage
            if damaged.i not in {t.i for t in owner.clause} and owner.trigger.i not in doers:
                continue
            owner.damage = damaged
            if owner.outcome == "unknown":
                owner.outcome = "hit"
    for owner, value, number in risen_tolls(sentence, candidates):
        if owner.fatalities is None or owner.fatalities[0] < value:
            owner.fatalities = (value, number)
            owner.outcome = "hit" if owner.outcome == "unknown" else owner.outcome
    for word in casualty_words(sentence):  # "wounding a number of US personnel": a toll of no number, but it struck
        if casualty_kind(word) in {"fatalities", "injuries"} and any(is_vague(v) for v in victims(word)):
            owner = next((c for c in candidates if word.i in {t.i for t in c.clause}), target)
            owner.outcome = "hit" if owner.outcome == "unknown" else owner.outcome
    in_clause = {t.i for c in candidates for t in c.clause}
    counts = stated_counts(sentence, tally_tokens, killing, people)
    # a toll in an event's own clause first: "gunmen killed an officer, and a mortar round struck
    # a home, killing a woman and two children" gives the mortar round's three, not the officer
    counts.sort(key=lambda found: found[2].i not in in_clause)
    for kind, value, word, counted in counts:
        owner = (
            next((c for c in candidates if word.i in {t.i for t in c.clause}), None)
            or act_named_in(word, earlier if earlier is not None else candidates)
            or teller(word, candidates, target)
        )
        if owner is None:
            continue
        known = getattr(owner, kind)
        if known is None or known[0] == 0:  # the first toll told stands; a later one is another's
            setattr(owner, kind, (value, word))
            owner.victims.extend(counted)
            if value == 0 and owner.outcome == "unknown":
                owner.outcome = "no_damage"  # "No one was hurt": no casualties (GUIDELINES: outcome values)


def act_named_in(word: Token, candidates: list[Candidate]) -> Candidate | None:
    """'one militia member was killed and 18 were wounded in the strikes' ('as a result of the
    strikes'), after a sentence telling airstrikes and the drone attack they answered: the
    toll of the act the phrase names again, the latest so named."""
    for verb in (word, *word.conjuncts):
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "by", "during", "from"}]
        preps += [  # "as a result of the strikes"
            of for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
            for result in c.children if result.lemma_.lower() == "result"
            for of in result.children if of.dep_ == "prep" and of.lower_ == "of"
        ]
        for prep in preps:
            for act in (o for o in prep.children if o.dep_ == "pobj" and o.pos_ == "NOUN"):
                if not any(c.lower_ in {"the", "these", "those"} for c in act.children):
                    continue
                lemma = act.lemma_.lower()
                named = [c for c in candidates if any(n.lemma_.lower().endswith(lemma) for n in act_nouns(c.trigger))]
                if named:
                    return named[-1]
    return None


#: verbs by which a death toll comes to a figure: "the death toll rose to 45"
TOLL_VERBS = {"rise", "reach", "climb", "stand", "increase", "hit", "jump"}


def risen_tolls(sentence: Span, candidates: list[Candidate]) -> list[tuple[Candidate, int, Token]]:
    """'The death toll from Sunday's bombing in Mosul rose to 45': the toll of one act the
    sentence names, as it stands now."""
    found = []
    for toll in words_among(sentence, {"toll"}):
        if toll.dep_ != "nsubj" or toll.head.lemma_.lower() not in TOLL_VERBS:
            continue
        verb = toll.head
        numbers = [o for p in verb.children if p.dep_ == "prep" and p.lower_ in {"to", "at"} for o in p.children if o.like_num]
        numbers += [c for c in verb.children if c.dep_ == "dobj" and c.like_num]
        acts = [o for p in toll.children if p.dep_ == "prep" and p.lower_ in {"from", "of", "in"} for o in p.children]
        owner = next((c for c in candidates for a in acts if c.trigger.i == a.i), None)
        if owner is not None and numbers and (value := count(numbers[0])) is not None:
            found.append((owner, value, numbers[0]))
    return found


def act_nouns(trigger: Token) -> list[Token]:
    """The nouns that tell an event: the trigger, or the object of a verb trigger ('launched strikes')."""
    if trigger.pos_ == "NOUN":
        return [trigger]
    return [c for c in trigger.children if c.dep_ == "dobj" and c.pos_ == "NOUN"]


def teller(word: Token, candidates: list[Candidate], last: Candidate) -> Candidate | None:
    """The event a casualty verb outside every clause tells the toll of: the one its subject
    names ('..., and a triple bombing killed at least 20 people'), none when its subject
    brings in another act ('a siege at the hotel killed 11': told of no event here), else the
    sentence's last event ('the airstrike killed one terrorist')."""
    subject = next((c for c in word.children if c.dep_ == "nsubj"), None)
    if subject is None or word.pos_ != "VERB":
        return last
    named = next((c for c in candidates if c.trigger.i == subject.i), None)
    if named is not None:
        return named
    indefinite = any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in subject.children)
    return None if indefinite and subject.pos_ == "NOUN" else last  # not "the airstrike killed one terrorist"


#: intercept words that mean a strike when their object is not a weapon in flight (triggers.yaml notes)
STRIKE_ON_PEOPLE = {"engage", "neutralize", "neutralise"}


def engaged_a_target(candidate: Candidate) -> bool:
    """'two strikes engaged an ISIS tactical unit': engaging people or positions is striking
    them; engaging a drone or missile is intercepting it."""
    if candidate.rule.lemma not in STRIKE_ON_PEOPLE:
        return False
    weapon_ids = {t.i for w in candidate.weapons.values() for t in ([w] if isinstance(w, Token) else w)}
    objects = [
        c for t in candidate.clause if t.lemma_.lower() == candidate.rule.lemma
        for c in t.children if c.dep_ == "dobj"
    ]
    return bool(objects) and not any(o.i in weapon_ids for o in objects)  # 'a mortar team' is people


def engaged_forces(candidate: Candidate) -> bool:
    """'Somali National Army forces who were engaged by al-Shabaab': forces engaged by a side,
    with no weapon told, were fought on the ground (GUIDELINES.md: Battles, Armed clash)."""
    trigger = candidate.trigger
    if candidate.rule.lemma not in STRIKE_ON_PEOPLE or set(candidate.weapons) - {"unspecified"}:
        return False
    if trigger.dep_ != "relcl" or not any(c.dep_ == "agent" for c in trigger.children):
        return False
    return trigger.head.lemma_.lower() in FORCES


#: nouns of armed men on the ground
FORCES = {"force", "troop", "soldier", "unit", "fighter", "army", "militia", "police", "patrol"}


#: places struck that, counted ("attacked two bases"), are one event each
COUNTED_SITES = SITE_NOUNS | {"village", "town", "position", "checkpoint", "station", "post", "ship", "vessel"}


def several_sites(candidate: Candidate) -> bool:
    """'Six soldiers and 19 militants were killed when al-Shabab attacked two bases', 'three
    bombings and other attacks killed 30': the toll of several attacks, not of one."""
    trigger = candidate.trigger
    if trigger.pos_ == "NOUN" and any(
        any(c.lower_ == "other" for c in other.children) for other in trigger.conjuncts
    ):
        return True  # "three suicide bombings ... and other attacks have killed at least 30": a total
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    objects += [o for p in trigger.children if p.dep_ == "prep" and p.lower_ in {"on", "against"} for o in p.children
                if o.dep_ == "pobj"]
    return any(
        {o.lemma_.lower(), o.lower_.removesuffix("s")} & COUNTED_SITES and o.tag_ == "NNS"  # 'bases': not 'basis'
        and any(c.dep_ == "nummod" and (count(c) or 0) > 1 for c in o.children)
        for o in objects
    )


def settle(candidate: Candidate) -> None:
    """Before coding: what killed or wounded struck, and so did engaging a unit; a quantity
    or a toll told for several places at once belongs to none of them alone."""
    places = candidate.places or [None]
    if candidate.outcome == "intercepted" and engaged_forces(candidate):
        candidate.outcome = "unknown"  # "forces who were engaged by al-Shabaab": a fight on the ground
        candidate.rule = replace(candidate.rule, kind="clash", outcome="unknown")
        candidate.weapons = {"small_arms": candidate.trigger}
    elif candidate.outcome == "intercepted" and engaged_a_target(candidate):
        candidate.outcome = "hit"  # a strike on people, no interception: typed as the attack it is
        candidate.rule = replace(candidate.rule, kind="attack", outcome="hit")
    if candidate.outcome == "unknown" and any(
        n is not None and n[0] > 0 for n in (candidate.fatalities, candidate.injuries)
    ):
        candidate.outcome = "hit"  # it killed or wounded: it struck
    if len(places) > 1 and candidate.quantity and candidate.quantity[1].head.i != candidate.trigger.i:
        candidate.quantity = None  # "three facilities were attacked": one event each
    if len(places) > 1 or several_sites(candidate):  # a toll for strikes on several places belongs to none alone
        for name in ("fatalities", "injuries"):
            if getattr(candidate, name) and getattr(candidate, name)[0] > 0:
                setattr(candidate, name, None)
