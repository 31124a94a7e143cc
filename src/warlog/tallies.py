"""Tallies: the running counts officials state ("attacked 46 times since October 17").

A count is a tally when its sentence marks a running total (since, as of, so far, a
perfect tense: "have been attacked"); a count of one day's attacks is not. "36 attacks in
Iraq and 37 in Syria" is two tallies, one per country. The speaker and the day the count
was stated carry over to a follow-up sentence ("he added that ...").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import replace
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from warlog import timex
from warlog.knowledge import Knowledge
from warlog.mentions import PERSON_TITLES, SUFFERING_VERBS, actor_mentions, evidence_of, is_source
from warlog.model import Document, Evidence, Tally
from warlog.nlp import breaks_line, in_subtree, number_value, text_of, word_forms, words_among
from warlog.textnum import parse_number, parse_ordinal

QUALIFIERS = {
    ("at", "least"): "at_least",
    ("no", "fewer", "than"): "at_least",
    ("no", "less", "than"): "at_least",
    ("more", "than"): "more_than",
    ("over",): "more_than",
    ("about",): "about",
    ("around",): "about",
    ("approximately",): "about",
    ("nearly",): "about",
    ("almost",): "about",
    ("roughly",): "about",
    ("some",): "about",
}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
#: "over the past 48 hours" is a day's report (GUIDELINES: the document date), not a running period
HOURS = re.compile(r"\b(?:over|in|during|within) the (?:past|last) [\w-]+ hours?\b")
NOT_COUNTS = {"DATE", "TIME", "MONEY", "ORDINAL", "QUANTITY"}
CASUALTY_UNITS = {"fatalities", "injuries", "casualties"}
#: prepositions that place a count: "32 in Iraq", "attacks at Camp Taji", "#ANDSF checkpoints in #Helmand"
LOCATIVE = {"in", "at", "near", "across", "throughout", "around", "outside", "inside"}
#: a place the parser may mistype as a person ("in #Helmand") still places a count after "in"
PLACE_LABELS = {"GPE", "LOC", "FAC", "PERSON"}


#: a country's ISO code from its name ('Iraq' -> 'IQ'), None for other names
CountryOf = Callable[[str], str | None]


def extract_tallies(
    kb: Knowledge,
    document: Document,
    doc: Doc,
    anchor: dt.date,
    country_of: CountryOf,
    place_country: CountryOf | None = None,
    parse: Callable[[str], Doc] | None = None,
) -> list[Tally]:
    """The tallies of a document. ``country_of`` knows country names; ``place_country``
    the country of any other place ('Kabul' -> 'AF'), so that a place implies its country;
    ``parse`` reads the title, which may name who issued the text."""
    located = place_country or country_of
    found: list[Tally] = []
    author: str | None = None
    speaker: tuple[str, Span] | None = None
    stated: tuple[dt.date, Span] | None = None
    labels = _transcript_labels(doc)
    scope: list[tuple[str, Token]] = []  # the countries last named: the scope of a day's toll
    paragraph = 0  # where the speaker was named
    speakers: list[tuple[str, Span]] = []  # every speaker named so far, in order
    counted_before: Tally | None = None  # a count of attacks the sentence before stated
    told_before: Tally | None = None  # a count from a day the sentence before stated
    line_ends = [match.end() for match in re.finditer("\n", text_of(doc))]  # a line's number by bisection
    for sentence in _segments(doc):
        here = bisect_right(line_ends, sentence.start_char)
        if speaker is not None and here != paragraph and not _opens_with_pronoun_report(kb, sentence):
            speaker, stated = None, None  # a statement does not carry past its paragraph
        label = _label_before(labels, sentence)
        if label is not None and (speaker is None or speaker[1].start < label[1].start):
            speaker, stated = label, None
        said, said_by, said_on = _statement(kb, sentence, anchor)
        if said_by is not None and said_by[0].lower() not in PRONOUNS:
            speaker = _named_before(_full_name(doc, sentence, said_by), speakers)
            speakers.append(speaker)
        if speaker is not None:
            paragraph = here
        if said_on is not None:
            stated = said_on
        elif said and said_by is not None and said_by[0].lower() not in PRONOUNS:
            stated = None  # a new speaker without a day: as of the publication
        signed = _signature(doc, sentence)
        who = signed or speaker
        running = _is_running(kb, sentence) or _period(sentence, anchor) is not None or _month(sentence, anchor) is not None
        tallies = _sentence_tallies(kb, (country_of, located), document, sentence, anchor, who, stated, running, scope)
        if who is None and tallies:
            author = author if author is not None else _author(kb, document, parse) or ""
            tallies = [replace(t, speaker=author or None) for t in tallies]
        if not tallies and counted_before is not None:
            tallies = _toll_of_the_counted(kb, sentence, counted_before)
        if not tallies and told_before is not None and _toll_so_far(kb, sentence):
            # "The death toll in Gaza has passed 400 since July 8 ... More than 3,000 people have
            # been wounded.": the war's other toll, counted over the same days
            tallies = [
                replace(t, since=told_before.since, spans={**t.spans, **_since_span(told_before)})
                for t in _sentence_tallies(kb, (country_of, located), document, sentence, anchor, who, stated, True, scope)
            ]
        counted_before = next((t for t in reversed(tallies) if t.unit == "attacks"), None)
        told_before = tallies[-1] if tallies and tallies[-1].since is not None else None
        found.extend(tallies)
        named = _countries(kb, country_of, located, sentence)
        if named:
            scope = named
    return found


def _toll_so_far(kb: Knowledge, sentence: Span) -> bool:
    """'More than 3,000 people have been wounded', 'Eighteen Israeli soldiers ... have been
    killed': a toll in the perfect, with no act of its own in the sentence, is the war's toll
    so far, when the sentence before counted one."""
    acts = {"attack", "intercept", "clash"}
    if any((rule := kb.triggers.get(t.lemma_.lower())) is not None and rule.kind in acts and not rule.secondary for t in sentence):
        return False  # "... have been killed in an air strike": that act's toll
    for number in sentence:
        if not _is_count_word(number) or _unit(kb, number) not in CASUALTY_UNITS:
            continue
        verb = _casualty_verb(kb, number)
        if any(c.dep_ == "aux" and c.lower_ in {"have", "has"} for c in verb.children):
            return True
    return False


def _since_span(tally: Tally) -> dict[str, Evidence]:
    return {"since": tally.spans["since"]} if "since" in tally.spans else {}


def _toll_of_the_counted(kb: Knowledge, sentence: Span, counted: Tally) -> list[Tally]:
    """'... have been attacked 66 times since October 17. As a result of the attacks, 62 US
    servicemen were injured.': a toll the next sentence gives of 'the attacks' just counted
    runs over the same days and places, as said by the same speaker."""
    tallies = []
    for number in sentence:
        if not _is_count_word(number) or (unit := _unit(kb, number)) not in CASUALTY_UNITS:
            continue
        verb = _casualty_verb(kb, number)
        holders = [verb, *(c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as")]
        holders += [r for h in holders[1:] for r in h.children if r.lemma_.lower() == "result"]
        acts = [
            o for h in holders for p in h.children
            if p.dep_ == "prep" and p.lower_ in {"of", "in", "from", "during"}
            for o in p.children if o.dep_ == "pobj"
        ]
        if not any(_is_act(kb, a) and a.tag_ == "NNS" and any(c.lower_ == "the" for c in a.children) for a in acts):
            continue
        words = _count_words(number)
        doc_id = counted.doc_id
        spans = {**counted.spans, "count": evidence_of(doc_id, number)}
        tallies.append(replace(
            counted, count=_number(number) or 0, qualifier=_qualifier(number), unit=unit,
            evidence=Evidence(doc_id, words.start_char, words.end_char), evidence_text=words.text, spans=spans,
        ))
    return tallies


def _ents(span: Span) -> list[Span]:
    """The entities that start inside a span (a sentence or a segment of one)."""
    ents, starts = _doc_ents(span.doc)
    return ents[bisect_left(starts, span.start) : bisect_left(starts, span.end)]


def _doc_ents(doc: Doc) -> tuple[list[Span], list[int]]:
    """The document's entities and where each starts, listed once (``Doc.ents`` makes new
    spans on every call)."""
    cached = doc.user_data.get("warlog_tally_ents")
    if cached is None:
        ents = list(doc.ents)
        cached = doc.user_data["warlog_tally_ents"] = (ents, [e.start for e in ents])
    return cached


def _number_words(sentence: Span) -> list[Token]:
    """The words of a sentence that look like a number or are tagged an ordinal: the only ones
    :func:`_counts` may take for a count, found for the whole document at once."""
    doc = sentence.doc
    found = doc.user_data.get("warlog_number_words")
    if found is None:
        ordinals = {i for ent in _doc_ents(doc)[0] if ent.label_ == "ORDINAL" for i in range(ent.start, ent.end)}
        found = doc.user_data["warlog_number_words"] = sorted(
            ordinals | {i for i, like in enumerate(doc.to_array("LIKE_NUM").tolist()) if like}
        )
    return [doc[i] for i in found[bisect_left(found, sentence.start) : bisect_left(found, sentence.end)]]


def _segments(doc: Doc) -> list[Span]:
    """The sentences, cut again where a line break ends a heading, a paragraph or a list item
    that the parser ran together ('Syria \\n * Near Abu Kamal, one strike ...')."""
    segments = []
    words, _ = word_forms(doc)  # a line break found in the words' strings, not token by token
    for sentence in doc.sents:
        start = sentence.start
        for i in range(sentence.start, sentence.end):
            if "\n" not in words[i] or not doc[i].is_space:
                continue
            token = doc[i]
            following = doc[token.i + 1] if token.i + 1 < sentence.end else None
            if "\n\n" in token.text or (following is not None and following.text in {"*", "-", "•", "·"}):
                if token.i > start:
                    segments.append(doc[start : token.i])
                start = token.i + 1
        if start < sentence.end:
            segments.append(doc[start : sentence.end])
    return [s for s in segments if any(not t.is_space and not t.is_punct for t in s)]


def _sentence_tallies(
    kb: Knowledge,
    country_of: tuple[CountryOf, CountryOf],
    document: Document,
    sentence: Span,
    anchor: dt.date,
    speaker: tuple[str, Span] | None,
    stated: tuple[dt.date, Span] | None,
    running: bool,
    earlier: list[tuple[str, Token]],
) -> list[Tally]:
    counts = _counts(kb, sentence, running)
    if not counts:
        return []
    since = _since(sentence, anchor)
    period = _period(sentence, anchor)
    as_of = _as_of(sentence, anchor)
    if period is not None:
        since = since or period[0]
        as_of = as_of or period[1]  # "between March 9-15": to the 15th, whenever it was said
    as_of = as_of or stated
    month = None if since or as_of else _month(sentence, anchor)
    since = since or month
    day = None if since or as_of and as_of is not stated else _day_of(kb, sentence, anchor)
    if since is None and day is not None:
        as_of = day  # "On March 3rd alone, ...": a count of that day
    target = _target(kb, sentence, speaker[1] if speaker is not None else None)
    numbers = {number.i for number, _, _ in counts}
    countries = [(code, token) for code, token in _countries(kb, *country_of, sentence) if not _aside(token, numbers)]
    open_start = _from_unstated_start(kb, sentence) or any(_toll_of_a_war(kb, t) for t in sentence if t.pos_ == "VERB")
    doc_id = document.doc_id
    tallies = []
    for index, (number, unit, aggregate) in enumerate(counts):
        scope = [code for code, _ in countries]
        repeated = [c for c in counts if c[1] == unit]
        if len(repeated) > 1:
            nxt = next((n for n, u, _ in counts[index + 1 :] if u == unit), None)
            end = nxt.i if nxt is not None else sentence.end
            scope = [code for code, token in countries if number.i < token.i < end]
            if not scope and nxt is not None and index == counts.index(repeated[0]):
                scope = [code for code, token in countries if token.i > number.i]  # a total, then its parts
        toll = aggregate or unit in {"fatalities", "injuries"}
        victims = _victims_country(kb, country_of[0], number) if unit in CASUALTY_UNITS else None
        if not countries and victims is not None:
            scope = [victims]  # "Ten Israelis have been killed by rockets since 2002"
        elif not countries and toll:
            scope = [code for code, _ in earlier]  # "In total, at least 47 people were killed": where the strikes fell
        start = since
        # "the death toll stood at 21,110 on Wednesday": a total runs from the war's start; its day is as_of
        running_total = _total_of(kb, number) is not None
        if start is None and not running_total and ((toll and not open_start) or day is not None):
            start = as_of or (anchor, sentence[:0])  # one day's toll: counted from that day
        clause = _count_words(number)
        spans = {"count": evidence_of(doc_id, number)}
        if target is not None:
            spans["target"] = evidence_of(doc_id, target[1])
        if speaker is not None:
            spans["speaker"] = evidence_of(doc_id, speaker[1])
        if start is not None and len(start[1]):
            spans["since"] = evidence_of(doc_id, start[1])
        if as_of is not None:
            spans["as_of"] = evidence_of(doc_id, as_of[1])
        count = _number(number) or 0
        if number.i + 1 < len(number.doc) and number.doc[number.i + 1].lower_ == "dozen":
            count *= 12  # "more than two dozen attacks"
        tallies.append(
            Tally(
                doc_id=doc_id,
                count=count,
                qualifier=_qualifier(number),
                unit=unit,
                evidence=Evidence(doc_id, clause.start_char, clause.end_char),
                evidence_text=clause.text,
                target=target[0] if target else None,
                countries=tuple(dict.fromkeys(scope)),
                since=start[0] if start else None,
                as_of=as_of[0] if as_of else None if month else anchor,
                speaker=speaker[0] if speaker else None,
                spans=spans,
            )
        )
    return tallies


def _from_unstated_start(kb: Knowledge, sentence: Span) -> bool:
    """'since the war began', 'so far', 'to date': the count runs from a start the sentence
    does not date, so its since stays unknown rather than the day it was stated."""
    text = sentence.text.lower()
    return any(re.search(rf"\b{re.escape(marker)}\b", text) for marker in kb.tally_open)


def _is_running(kb: Knowledge, sentence: Span) -> bool:
    text = HOURS.sub(" ", f" {text_of(sentence.doc)[sentence.start_char : sentence.end_char].lower()} ")
    if kb.running_count_marker().search(text):
        return True
    return any(
        t.dep_ == "aux"  # "had been attacked 97 times", said of the count then
        and t.head.dep_ not in {"relcl", "acl"}  # not "ships that had been struck by Houthi missiles"
        and (t.head.lemma_.lower() in {"attack", "be", "strike", "target"} or _toll_of_a_war(kb, t.head))
        for t in words_among(sentence, lowers={"have", "has", "had"})
    )


def _toll_of_a_war(kb: Knowledge, verb: Token) -> bool:
    """'9,000 people have died in the conflict', 'Israel's counteroffensive has killed more
    than 23,300', 'about 60 personnel have suffered injuries in the attacks': a casualty verb
    in the perfect, told of a war, its fighting or its many attacks rather than of one
    attack, states the toll so far."""
    objects = [*verb.children, *(g for p in verb.children if p.dep_ == "prep" and p.lower_ in {"in", "to"} for g in p.children)]
    suffered = [o for o in objects if o.dep_ in {"dobj", "pobj"} and kb.tally_units.get(o.lower_) in CASUALTY_UNITS]
    if kb.tally_units.get(verb.lower_) not in CASUALTY_UNITS and not suffered:
        return False  # "have been killed", "have suffered injuries", "have resulted in injuries to 59"
    spans = [o for p in verb.children if p.dep_ == "prep" and p.lower_ in {"in", "during"} for o in p.children]
    spans += [c for c in verb.children if c.dep_ == "nsubj"]  # the war as the doer
    # "in the attacks"; "the attacks have resulted in injuries to 59" (not "two bombings have killed 25")
    several = any(_is_act(kb, o) and o.tag_ == "NNS" for o in spans if o.dep_ == "pobj" or suffered)
    return several or any(o.lemma_.lower() in kb.tally_wars for o in spans)


def _number(token: Token) -> int | None:
    """The value of the number a token heads (nlp.number_value), or of an ordinal."""
    if token.ent_type_ == "ORDINAL":
        return parse_ordinal(token.lower_)
    return number_value(token)


def _mistyped_number_words(token: Token) -> bool:
    """'Seventy-two' that the tagger took for a date: number words alone are no date."""
    ent = next((e for e in _ents(token.sent) if e.start <= token.i < e.end), None)
    return ent is not None and all((t.is_alpha and t.like_num) or t.tag_ == "HYPH" for t in ent)


def _is_count_word(token: Token) -> bool:
    """A number that stands on its own: not a date, a sum of money, a percentage, nor the
    first word of a longer number ('Sixty' of 'Sixty-six')."""
    if not token.like_num or (token.ent_type_ in NOT_COUNTS and not _mistyped_number_words(token) and not _split_part(token)):
        return False
    if parse_ordinal(token.lower_) is not None:
        return False  # "first struck the city": an ordinal ranks an act, it counts none
    if token.head.i != token.i and token.head.like_num and token.dep_ in {"compound", "quantmod", "nummod"}:
        return False
    if token.i + 1 < len(token.doc) and token.nbor().lower_ in {"%", "percent", "per"}:
        return False
    if token.i >= 2 and token.nbor(-1).text == "(" and token.nbor(-2).like_num:
        return False  # "one (1) terrorist": the figure repeats the word
    if token.i >= 1 and token.nbor(-1).text == "[":
        return False  # "[2]": a reference to a footnote
    return _number(token) is not None


def _split_part(token: Token) -> bool:
    """'since Oct. 17, 27 in Iraq and 32 in Syria': the model takes the part's number for
    the date's year; a number after the date's comma, placed in a country, is a part."""
    return (
        token.ent_type_ == "DATE" and token.i >= 1 and token.nbor(-1).text == "," and _placed(token)
        and any(c.ent_type_ == "GPE" for p in token.children if p.dep_ == "prep" for c in p.children)
    )


def _counts(kb: Knowledge, sentence: Span, running: bool) -> list[tuple[Token, str, bool]]:
    """Numbers that count attacks, casualties ... in a running count, or that sum several acts.

    A bare '37 in Syria' repeats the unit before it. The third item is whether the count is
    a sum of acts ("bomb attacks killed at least nine", "More than 20 strikes targeted ...")
    rather than a count the sentence marks as running.
    """
    counts: list[tuple[Token, str, bool]] = []
    for token in _number_words(sentence):  # (every count below is a number or an ordinal)
        if (acts := _ranked_acts(kb, token)) is not None:
            counts.append((token, acts, False))  # "The attack was the 74th on US forces since October 17"
            continue
        if _is_ordinal_count(token):
            if (running or _ranks_the_act(token)) and (unit := _unit(kb, token)) is not None:
                counts.append((token, unit, False))  # "the fifth ASBM fired ... in the last two days"
            continue
        if not _is_count_word(token):
            continue
        unit = _unit(kb, token)
        if unit is None and counts and token.dep_ in {"conj", "appos", "npadvmod", "dobj", "attr", "nsubj", "pobj"}:
            if _other_verbs_object(kb, token):
                pass  # "killed more than 35,000 people and displaced over 2 million": no casualties
            elif token.head.pos_ != "NOUN" or token.head.lower_ in kb.tally_units or _placed(token):
                unit = counts[-1][1]  # "66 attacks ..., 32 in Iraq and 34 in Syria"
        elif unit is None and counts and _placed(token) and token.head.ent_type_ == "DATE":
            unit = counts[-1][1]  # "... since Oct. 17: 32 in Iraq", the number misread as the date's
        total = None if unit is not None else _total_of(kb, token)
        if total is not None:
            counts.append((token, total, False))  # a total runs, whatever the sentence's tense
        elif unit is None or _toll_of_one_act(kb, token, unit):
            continue
        elif running:
            counts.append((token, unit, False))
        elif _sums_acts(kb, token, unit):
            counts.append((token, unit, True))
    return counts


def _other_verbs_object(kb: Knowledge, number: Token) -> bool:
    """The object of a verb that counts nothing a tally counts ('displaced over 2 million')."""
    verb = number.head
    return (
        number.dep_ == "dobj"
        and verb.pos_ == "VERB"
        and kb.tally_units.get(verb.lower_) is None
        and verb.lemma_.lower() not in kb.launch_verbs
    )


def _casualty_verb(kb: Knowledge, number: Token) -> Token:
    """The verb that counts the dead or wounded: 'killed' in '47 people were killed', 'the
    attacks killed 9', 'killing 12 Palestinians'; the first of a pair sharing its subject
    ('killed 9 and wounded 70')."""
    head = number.head
    verb = head.head if head.lemma_.lower() in kb.tally_people or _counted_by_verb(kb, head) else head
    while verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head  # "killed 9 and wounded 70" (not "..., and a bombing killed 20": its own subject)
    return verb


def _toll_of_one_act(kb: Knowledge, number: Token, unit: str) -> bool:
    """'the airstrike killed one (1) terrorist', 'militants have attacked a village, killing
    68', 'killed 1,200 people in its October 7 attack': a toll told of one act is that event's,
    whatever the sentence says of the time ('At this time, it is assessed ...') or its tense."""
    if unit not in CASUALTY_UNITS:
        return False
    verb = _casualty_verb(kb, number)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and _is_act(kb, subject) and subject.tag_ == "NN":
        return True
    holders = [verb, *(c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"})]  # 'in' may hang on the victims
    acts = [o for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in {"in", "during"}
            for o in p.children if o.dep_ == "pobj"]
    so_far = any(c.dep_ in {"aux", "auxpass"} and c.lemma_ == "have" for c in verb.children)  # "have been killed"
    if not so_far and any(_is_act(kb, act) and act.tag_ == "NN" for act in acts):
        return True  # "Hamas killed about 1,200 people in its October 7 attack": that attack's dead
    trigger = kb.triggers.get(verb.head.lemma_.lower())  # "have attacked a village, killing 68", "stormed a college, killing 148"
    return verb.dep_ == "advcl" and trigger is not None and trigger.kind in {"attack", "clash"}


def _placed(number: Token) -> bool:
    """'32 in Iraq': a bare number placed by a preposition of its own, one part of a split."""
    return any(c.dep_ == "prep" and c.lower_ in LOCATIVE for c in number.children)


def _total_of(kb: Knowledge, number: Token) -> str | None:
    """The unit of a total the sentence gives as a figure: 'the number of attacks ... stands
    at 165', 'the death toll rose to 45', 'the attacks have numbered more than 150'."""
    verb = number.head
    if number.dep_ == "pobj" and verb.lower_ in {"at", "to"}:
        verb = verb.head
        if verb.lemma_.lower() not in kb.tally_total_verbs | kb.tally_total_causers:
            # "bring the total number of US troops killed in Afghanistan this year to 24", the
            # "to" hung on the participle inside the total
            verb = next((a for a in verb.ancestors if a.lemma_.lower() in kb.tally_total_causers), verb)
    elif number.dep_ not in {"attr", "dobj"}:
        return None
    if verb.lemma_.lower() == "number" and verb.pos_ == "VERB":  # "the attacks have numbered more than 150"
        acts = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if acts is not None and acts.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
            acts = verb.head  # "the attacks, which have numbered more than 150"
        return kb.tally_units.get(acts.lower_) if acts is not None else None
    if verb.lemma_.lower() in kb.tally_total_verbs:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    elif verb.lemma_.lower() in kb.tally_total_causers:  # "bringing the death toll to 28,000"
        subject = next((c for c in verb.children if c.dep_ == "dobj"), None)
        after = number.doc[number.i + 1 : min(number.i + 4, number.sent.end)]
        # "bring to 58 the number of times ...", which the parser may not give the verb as its object
        subject = subject or next((t for t in after if t.lemma_.lower() in kb.tally_totals), None)
    else:
        return None
    if subject is None or subject.lemma_.lower() not in kb.tally_totals:
        return None
    counted = [g for c in subject.children if c.dep_ == "prep" for g in c.children]
    if any(_is_act(kb, g) and g.tag_ == "NN" for g in counted):
        return None  # "the death toll from Saturday's attack has risen to 35": one act's dead, no running count
    # "the number of people killed in Gaza": the verb that counts the people names the unit
    told = [a for g in counted if g.lemma_.lower() in kb.tally_people for a in g.children if a.dep_ in {"acl", "relcl"}]
    words = [subject, *subject.children, *counted, *told]
    return next((kb.tally_units[w.lower_] for w in words if w.lower_ in kb.tally_units), None)


def _fired(kb: Knowledge, noun: Token) -> bool:
    """'fired more than 160 rockets', 'the fifth ASBM fired', 'launched 100 drones and
    missiles': projectiles launched."""
    while noun.dep_ == "conj" and noun.head.pos_ in {"NOUN", "PROPN"}:
        noun = noun.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in kb.tally_totals:
        noun = noun.head.head  # "launched a total of 1,200 drones"
    verbs = [noun.head, *(c for c in noun.children if c.dep_ in {"acl", "relcl"})]
    return any(v.lemma_.lower() in kb.launch_verbs for v in verbs)


def _is_ordinal_count(token: Token) -> bool:
    """'the fifth ASBM': an ordinal after 'the' numbers the acts so far."""
    return (
        token.ent_type_ == "ORDINAL"
        and parse_ordinal(token.lower_) is not None
        and token.dep_ == "amod"
        and token.head.lemma_.lower() != "time"  # "the first time troops have been killed": no count
        and token.head.tag_ != "NNS"  # "the first attacks": the earliest, no number of them
        and not any(c.tag_ == "JJS" for c in token.head.children)  # "the second deadliest attack": a rank of another kind
        and any(c.lower_ == "the" and c.dep_ == "det" for c in token.head.children)
    )


def _ranked_acts(kb: Knowledge, ordinal: Token) -> str | None:
    """'The attack was the 74th on US forces': an ordinal standing for the act its subject
    names counts those acts so far; the unit is the subject's."""
    if ordinal.ent_type_ != "ORDINAL" or parse_ordinal(ordinal.lower_) is None or ordinal.dep_ != "attr":
        return None
    if not any(c.lower_ == "the" and c.dep_ == "det" for c in ordinal.children):
        return None
    subject = next((c for c in ordinal.head.children if c.dep_ == "nsubj"), None)
    if ordinal.head.lemma_.lower() not in {"be", "mark"} or subject is None or not _is_act(kb, subject):
        return None
    unit = kb.tally_units.get(subject.lower_) or kb.tally_units.get(subject.lemma_.lower())
    return unit if unit in {"attacks", "strikes"} else None


def _ranks_the_act(ordinal: Token) -> bool:
    """'This marks the fourth attack on the vessel', 'Wednesday's attack was the first known
    attack by a drone': an act ranked as what it is, by the verb that says so, counts those
    so far."""
    noun = ordinal.head
    return noun.dep_ in {"attr", "dobj"} and noun.head.lemma_.lower() in {"be", "mark"}


def _sums_acts(kb: Knowledge, number: Token, unit: str) -> bool:
    """A count that sums several acts is a tally even without 'since': 'More than 20 strikes
    targeted ...' (an estimate of strikes), 'four separate missile attacks', 'bomb attacks
    killed at least nine people', 'two truck bombings took place, killing 587', 'a series of
    bombings killed 35', 'violence across Iraq killed 24' (a toll of several attacks). One
    attack's dead are the event's fatalities."""
    head = number.head
    if unit in {"attacks", "strikes"}:
        if not (_is_act(kb, head) and head.tag_ == "NNS"):
            return False
        several = any(c.dep_ == "amod" and c.lower_ in kb.tally_several for c in head.children)
        estimate = _qualifier(number) != "exact" and head.dep_ in {"nsubj", "nsubjpass"}
        return several or estimate
    if unit not in CASUALTY_UNITS or _number(number) == 1:
        return False  # one victim is one event's toll, however its acts are worded
    verb = _casualty_verb(kb, number)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ == "advcl":  # "two truck bombings took place in Mogadishu, killing 587"
        subject = max((c for c in verb.head.children if c.dep_ == "nsubj"), key=lambda c: c.i, default=None)
        counted = subject is not None and any(  # not "the 2021 Erbil attacks", a year
            c.dep_ == "nummod" and c.ent_type_ != "DATE" and (_number(c) or 0) > 1 for c in subject.children
        )
        subject = subject if counted else None  # acts counted one by one, not 'strikes hit Gaza, killing 20'
    if subject is None:
        return False
    lemma = subject.lemma_.lower()
    if lemma in kb.tally_wars and lemma not in kb.triggers:
        return True  # "Violence across Iraq on Monday killed at least 24 people": a day's toll (not "clashes near Marib")
    if lemma in kb.tally_series:  # "a series of bombings", "a string of bomb attacks and shootings"
        subject = next((g for p in subject.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"), subject)
        return _is_act(kb, subject) and subject.tag_ == "NNS"
    return _is_act(kb, subject) and subject.tag_ == "NNS" and not _at_one_place(subject)


def _at_one_place(acts: Token) -> bool:
    """'Israeli air strikes on Khan Younis killed 15 people overnight': the acts of one place
    are one event (ACLED codes one event per place and day), so their dead are its toll;
    'strikes on Kharkiv and Odesa' are several events, whose dead a tally sums."""
    places = [
        t
        for prep in acts.children
        if prep.dep_ == "prep" and prep.lower_ in LOCATIVE | {"on", "against"}
        for obj in prep.children
        if obj.dep_ == "pobj"
        for t in (obj, *obj.conjuncts)
        if t.ent_type_ in PLACE_LABELS
    ]
    return len(places) == 1


def _is_act(kb: Knowledge, noun: Token) -> bool:
    return noun.lemma_.lower() in kb.tally_acts or noun.lower_ in kb.tally_acts


def _unit(kb: Knowledge, number: Token) -> str | None:
    head = number.head
    if head.lower_ == "dozen":
        head = head.head
    if head.dep_ in {"nmod", "compound"} and head.head.pos_ == "NOUN" and head.head.i > head.i:
        head = head.head  # "100 rocket and drone attacks": the count is of the attacks
    own = [c for c in number.children if c.dep_ in {"acl", "amod"}]  # "the more than 20,000 wounded"
    words: list[Token] = []
    if head.lemma_.lower() in kb.tally_people or _counted_by_verb(kb, head):
        # "47 people were killed", "killing 12 Palestinians": the verb is the unit
        words.extend(c for c in head.children if c.dep_ in {"relcl", "acl"})  # "service members who were killed"
        head = head.head
        if head.lower_ == "to" and head.dep_ == "prep":
            head = head.head  # "injuries to 59 personnel"
    suffered = [c for c in head.children if c.dep_ == "dobj"] if head.pos_ == "VERB" else []  # "have suffered injuries"
    for word in (*own, head, *[c for c in head.children if c.i > number.i][:1], *words, *suffered):
        unit = kb.tally_units.get(word.lower_) or kb.tally_units.get(word.lemma_.lower())
        if unit is None:
            continue
        if word.lower_ in kb.tally_projectiles and not _fired(kb, word):
            continue  # "destroyed three cruise missiles" counts no strikes
        if word.lower_ == "times":
            verb = word.head
            return "strikes" if verb.lemma_.lower() == "strike" else "attacks"
        return unit
    return _acts_on(kb, head)


def _acts_on(kb: Knowledge, noun: Token) -> str | None:
    """'have attacked more than 100 merchant vessels': the things an attack verb hits count
    its attacks (its strikes, for 'struck')."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB" or noun.lemma_.lower() in kb.tally_people:
        return None
    unit = kb.tally_units.get(verb.lemma_.lower())
    return unit if unit in {"attacks", "strikes"} else None


def _counted_by_verb(kb: Knowledge, noun: Token) -> bool:
    """'31,000 Palestinians have been killed', '22 Israelis have died': whoever a casualty verb
    counts, named by any noun."""
    verb = noun.head
    counted = noun.dep_ in {"nsubjpass", "dobj"} or noun.dep_ == "nsubj" and verb.lemma_.lower() == "die"
    return (
        noun.pos_ in {"NOUN", "PROPN"}
        and counted
        and verb.pos_ == "VERB"
        and kb.tally_units.get(verb.lower_) in CASUALTY_UNITS
    )


def _qualifier(number: Token) -> str:
    words = [t.lower_ for t in number.doc[max(number.sent.start, number.i - 3) : number.i]]
    for phrase, qualifier in QUALIFIERS.items():
        if tuple(words[-len(phrase) :]) == phrase:
            return qualifier
    return "exact"


def _count_words(number: Token) -> Span:
    """The words that state one count: '36 attacks', 'attacked 46 times', and of a list's
    part only the part ('66 in Iraq', not the sentence the parser hung it on)."""
    doc = number.doc
    if number.dep_ in {"appos", "conj"} or _placed(number) and number.head.ent_type_ == "DATE":
        place = next((c for c in number.rights if c.dep_ == "prep"), None)
        return doc[number.i : (place.right_edge.i if place is not None else number.i) + 1]
    head = number.head if number.head.i != number.i else number
    return doc[min(number.i, head.left_edge.i) : max(number.i + 1, head.i + 1)]


def _since(sentence: Span, anchor: dt.date) -> tuple[dt.date, Span] | None:
    """The start of the counted period: 'since October 17', 'since the U.S. entered Afghanistan
    in October 2001' (the date of the clause or phrase 'since' opens: 'since Russia's invasion
    in February 2022'), 'over the past 10 days'."""
    for ent in _ents(sentence):
        if ent.label_ != "DATE":
            continue
        before = ent.doc[ent.start - 1] if ent.start > 0 else None
        if before is not None and before.lower_ == "since":
            resolved = timex.resolve_since(ent.text, anchor)
            if resolved is not None:
                return resolved.date, ent
        match = PAST_SPAN.fullmatch(ent.text.lower()) if before is not None and before.lower_ in SPAN_PREPOSITIONS else None
        if match is not None:
            n = 1 if match["n"] is None else (parse_number(match["n"]) or None)
            if n is not None:
                return _units_before(anchor, n, match["unit"].rstrip("s")), ent
        if THIS_YEAR.fullmatch(ent.text.lower()):  # "so far this year": from the 1st of January
            return dt.date(anchor.year, 1, 1), ent
    for token in sentence:
        # "since the U.S. entered Afghanistan in October 2001", "since Russia's invasion in February 2022"
        if token.lower_ == "since" and token.dep_ in {"mark", "prep"}:
            clause = token.head if token.dep_ == "mark" else token
            end = clause.right_edge.i + 2  # "... since Russia's invasion in February 2022", however the date is hung
            for ent in _ents(sentence):
                after = ent.start == end and ent.doc[ent.start - 1].lower_ == "in"
                if ent.label_ == "DATE" and (clause.left_edge.i <= ent.start <= clause.right_edge.i or after):
                    text = YEARLESS_TAIL.sub("", ent.text)  # "October 2001, when" but "Feb. 24, 2022" whole
                    resolved = timex.resolve_since(text, anchor)
                    if resolved is not None:
                        return resolved.date, ent
    return None


def _units_before(anchor: dt.date, n: int, unit: str) -> dt.date:
    """'over the last six months' of 17 December: from 17 June (calendar months and years,
    the day kept, or the month's last when it has no such day)."""
    if unit in {"day", "week"}:
        return anchor - dt.timedelta(days=n * (7 if unit == "week" else 1))
    months = n * (12 if unit == "year" else 1)
    year, month = divmod(anchor.year * 12 + anchor.month - 1 - months, 12)
    return dt.date(year, month + 1, min(anchor.day, calendar.monthrange(year, month + 1)[1]))


THIS_YEAR = re.compile(r"(?:so far |earlier )?this year")
YEARLESS_TAIL = re.compile(r",(?!\s*\d{4}\b).*$")
PAST_SPAN = re.compile(r"the (?:past|last) (?:(?P<n>[\w-]+) )?(?P<unit>days?|weeks?|months?|years?)")
SPAN_PREPOSITIONS = {"over", "in", "during", "within", "for"}
RANGE = re.compile(r"(?:between )?(?P<month>[A-Za-z]+\.?) (?P<first>\d{1,2})\s*(?:-|–|to|and)\s*(?P<last>\d{1,2})")


def _period(sentence: Span, anchor: dt.date) -> tuple[tuple[dt.date, Span], tuple[dt.date, Span]] | None:
    """'between March 9-15': the count runs from the first day to the last."""
    for ent in _ents(sentence):
        if ent.label_ != "DATE":
            continue
        match = RANGE.fullmatch(ent.text)
        if match is None:
            continue
        first = timex.resolve(f"{match['month']} {match['first']}", anchor)
        last = timex.resolve(f"{match['month']} {match['last']}", anchor)
        if first is not None and last is not None and first.date <= last.date:
            return (first.date, ent), (last.date, ent)
    return None


def _month(sentence: Span, anchor: dt.date) -> tuple[dt.date, Span] | None:
    """'four separate attacks on Ganja in October 2020', '32 attacks last month': a count of
    a month, from its first day; the text says of no day the count held on, so it has no as_of."""
    for ent in _ents(sentence):
        before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if ent.label_ != "DATE" or (before not in {"in", "during", "throughout"} and ent.text.lower() != "last month"):
            continue
        first = re.split(r"\s+(?:and|to)\s+|\s*[-–]\s*", ent.text)[0]  # "in January and February": from January
        resolved = timex.resolve_since(first, anchor)
        if resolved is not None and resolved.precision == 3 and resolved.date.day == 1:
            return resolved.date, ent
    return None


def _day_of(kb: Knowledge, sentence: Span, anchor: dt.date) -> tuple[dt.date, Span] | None:
    """The one day a count is of ('On March 3rd alone', 'In other violence Sunday'): a date
    of the sentence that is not the day the count was stated."""
    for ent in _ents(sentence):
        if ent.label_ != "DATE" or _governing_report(ent, kb) is not None:
            continue
        if ent.start > 0 and ent.doc[ent.start - 1].lower_ in {"since", "until", "before", "after"}:
            continue
        resolved = timex.resolve(ent.text, anchor)
        if resolved is not None and resolved.precision == 1:
            return resolved.date, ent
    return None


def _as_of(sentence: Span, anchor: dt.date) -> tuple[dt.date, Span] | None:
    for ent in _ents(sentence):
        before = sentence.doc[max(0, ent.start - 2) : ent.start].text.lower()
        if ent.label_ == "DATE" and before.endswith("as of"):
            resolved = timex.resolve(ent.text, anchor)
            if resolved is not None:
                return resolved.date, ent
    return None


def _statement(
    kb: Knowledge, sentence: Span, anchor: dt.date
) -> tuple[bool, tuple[str, Span] | None, tuple[dt.date, Span] | None]:
    """Whether the sentence reports speech, who spoke, and on which day."""
    for token in words_among(sentence, kb.report_verbs):
        if token.pos_ != "VERB":
            continue
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ in QUANTIFIERS:
            subject = _closing_speaker(token) or subject  # "..., most of them TBIs, the official said."
        if subject is not None and breaks_line(token.doc, subject.i, token.i):
            subject = _speaker_on_the_line(token) or subject
        speaker = _speaker(subject) if subject is not None else None
        day = None
        for ent in _ents(sentence):
            if ent.label_ == "DATE" and (_governing_report(ent, kb) or ent.root).i == token.i and not _opens_period(ent):
                resolved = timex.resolve(ent.text, anchor)
                if resolved is not None:
                    day = (resolved.date, ent)
                    break
        return True, speaker, day
    for token in words_among(sentence, lowers={"according"}):
        if token.i + 1 < sentence.end and token.nbor().lower_ == "to":
            source = next((c for c in token.nbor().children if c.dep_ == "pobj"), None)
            if source is not None:  # "according to the Pentagon"
                return True, _speaker(source), None
    return False, None, None


#: words that count a part of something, never who speaks: "most of them"
QUANTIFIERS = {"most", "some", "many", "all", "none", "several", "both", "each", "few"}


def _closing_speaker(verb: Token) -> Token | None:
    """'..., the official said.': the noun between the last comma and a report verb that
    closes the sentence, when the parser took another word for its subject."""
    sentence = verb.sent
    if verb.i + 1 < sentence.end and not verb.nbor().is_punct:
        return None
    comma = next((t.i for t in reversed(sentence[: verb.i - sentence.start]) if t.text == ","), None)
    return _last_noun(verb.doc[comma + 1 : verb.i]) if comma is not None else None


def _last_noun(words: Span) -> Token | None:
    nouns = [t for t in words if t.pos_ in {"NOUN", "PROPN"}]
    return nouns[-1] if nouns else None


def _speaker_on_the_line(verb: Token) -> Token | None:
    """'Bomb Blasts, Shootings Kill 20 in Iraq\n\nIraqi officials say ...': the noun before
    a report verb on its own line, when the parser ran the headline above into its subject."""
    start = verb.i
    while start > verb.sent.start and not breaks_line(verb.doc, start - 1, start):
        start -= 1
    return _last_noun(verb.doc[start : verb.i])


def _opens_period(ent: Span) -> bool:
    """'claimed ... attacks since October': a date after 'since' starts the count; it is not
    the day of the statement."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ == "since"


def _governing_report(ent: Span, kb: Knowledge) -> Token | None:
    for token in ent.root.ancestors:
        if token.pos_ in {"VERB", "AUX"}:
            return token if token.lemma_.lower() in kb.report_verbs else None
    return None


def _speaker(subject: Token) -> tuple[str, Span]:
    doc = subject.doc
    people = [
        e for e in _ents(subject.sent)
        if e.label_ == "PERSON" and subject.left_edge.i <= e.start and e.end <= subject.right_edge.i + 1
    ]
    # the name the subject heads, not a rank the tagger split off ("Maj. Gen. Pat Ryder")
    person = next((e for e in people if e.start <= subject.i < e.end), people[0] if people else None)
    if person is not None:
        return person.text, person
    # the speaker's own words, not an apposition the parser hung on it ("The Pentagon said
    # there have been 165 attacks ...: 66 in Iraq" with "66" read as the Pentagon's apposition)
    end = subject.i + 1
    while end <= subject.right_edge.i and not any(
        in_subtree(doc[end], child) for child in subject.rights if child.dep_ in SPEAKER_BREAKS
    ) and in_subtree(doc[end], subject):
        end += 1
    span = doc[subject.left_edge.i : end]
    while len(span) > 1 and span[-1].is_punct:
        span = span[:-1]
    return span.text, span


SPEAKER_BREAKS = {"appos", "relcl", "acl", "punct"}


def _target(kb: Knowledge, sentence: Span, speaker: Span | None) -> tuple[str, Span] | None:
    """The first actor named, other than the one who gives the count ('UN OCHA reported',
    'according to the Health Ministry in Hamas-run Gaza') and the one who did the counted
    acts ('the Houthis have launched 100 attacks')."""
    said = range(speaker.start, speaker.end) if speaker is not None else range(0)
    mentions = [
        m for m in actor_mentions(kb, sentence) if m[1].start not in said and not _is_doer(m[1]) and not is_source(m[1])
    ]
    target = mentions[0] if mentions else None
    holder = kb.site_holders.get(target[0]) if target is not None else None
    if target is None or holder is None:
        return target
    # "U.S. and coalition forces have been attacked": the member named beside its coalition
    # (GUIDELINES: Coalition forces only when named alone)
    named = next((m for m in mentions if m[0] == holder), None)
    before = sentence.doc[max(sentence.start, target[1].start - 3) : target[1].start]
    beside = any(t.lower_ in kb.actor_modifiers.get(holder, ()) for t in before)
    return named or ((holder, before) if beside else target)


def _is_doer(mention: Span) -> bool:
    """The subject of an active verb, or part of it: the side that acted, not its target."""
    if any(t.lower_ == "by" and t.dep_ in {"agent", "prep"} for t in mention.root.ancestors):
        return True  # "the fourth attack by the Houthis"
    if any(t.lower_ in {"against", "on"} and t.dep_ == "prep" for t in mention.root.ancestors):
        return False  # "the attacks against U.S. forces have resulted in ..."
    subject = next((t for t in [mention.root, *mention.root.ancestors] if t.dep_ in {"nsubj", "nsubjpass"}), None)
    # not who suffered it: "about 60 US personnel have suffered injuries", "have come under attack"
    suffered = subject is not None and (
        subject.head.lemma_.lower() in SUFFERING_VERBS
        or any(c.dep_ == "prep" and c.lower_ == "under" for c in subject.head.children)
    )
    return subject is not None and subject.dep_ == "nsubj" and subject.head.pos_ in {"VERB", "AUX"} and not suffered


def _author(kb: Knowledge, document: Document, parse: Callable[[str], Doc] | None) -> str | None:
    """Who issued the text, the speaker of a count it does not attribute: the person a
    statement's title names ('Statement by Pentagon Spokesman Capt. Jeff Davis on ...'),
    else the office that published it (a source 'U.S. Central Command (via DVIDS)'), else
    the office the title names ('CENTCOM statement on ...'). A reporter's story (a source
    with a byline) and a publisher that is no party (an encyclopedia, a news agency) issue
    no counts of their own."""
    title = parse(document.title) if parse is not None and document.title else None
    issued = title is not None and any(t.lemma_.lower() in kb.statement_titles for t in title)
    if title is not None and issued:
        people = [e for e in title.ents if e.label_ == "PERSON"]
        if people:  # the full name, not a title the tagger split off ("Brig. Gen. Pat Ryder")
            return max(people, key=len).text.removesuffix("'s").removesuffix("’s")
    plain = re.sub(r"\([^)]*\)", "", document.source or "")  # "(as republished by ...)" is no byline
    segments = [part.strip() for part in re.split(r"[,;]", plain)]
    bylined = any(part.startswith("by ") for part in segments)  # "DOD News, by David Vergun"
    issuer = _actor_prefix(kb, segments[0])  # "U.S. Central Command release 20251217-01"
    if issuer and not bylined:
        return issuer
    if title is not None and issued:
        office = next((e for e in title.ents if e.label_ == "ORG" and _is_actor(kb, e.text)), None)
        return office.text if office is not None else None
    return None


def _actor_prefix(kb: Knowledge, text: str) -> str | None:
    """The longest run of words that opens ``text`` and names an actor."""
    words = text.split()
    return next((" ".join(words[:n]) for n in range(len(words), 0, -1) if _is_actor(kb, " ".join(words[:n]))), None)


def _is_actor(kb: Knowledge, name: str) -> bool:
    return kb.canonical_actor(name) != name.strip() or name.strip() in kb.actors


def _countries(
    kb: Knowledge, country_of: CountryOf, place_country: CountryOf, sentence: Span
) -> list[tuple[str, Token]]:
    """The countries a sentence names, or implies by a place it puts something in or at
    ('in Kabul', 'at Camp Taji', 'in #Helmand')."""
    found = []
    for ent in _ents(sentence):
        code = country_of(ent.text) if ent.label_ == "GPE" else None
        if code is not None:
            if not _is_attacker_country(ent):
                found.append((code, ent.root))
        elif ent.ent_id_.startswith("place:"):  # a base, an oil field: wherever the sentence names it
            known = kb.places.get(ent.ent_id_.removeprefix("place:"))
            if known is not None and known.country:
                found.append((known.country, ent.root))
        elif ent.label_ in PLACE_LABELS and _is_located(ent) and (code := place_country(ent.text)) is not None:
            found.append((code, ent.root))
    outside = [(code, token) for code, token in found if not _in_period(token)]
    # "in Iraq and Syria since the war in Gaza began": the start is no scope when the count
    # has one ("since the U.S. entered Afghanistan", naming no other, scopes it)
    return outside or found


def _aside(word: Token, numbers: set[int]) -> bool:
    """A word of an adverbial clause that holds no count: 'as militias step up pressure over
    Washington's support for Israel' says why, not where the attacks were."""
    for token in word.ancestors:
        if token.dep_ == "advcl" and not any(c.dep_ == "mark" and c.lower_ == "since" for c in token.children):
            return not any(t.i in numbers for t in token.subtree)  # ('since ...' opens the period: _in_period)
    return False


def _in_period(word: Token) -> bool:
    """A word inside the phrase or clause 'since' opens."""
    for token in word.ancestors:
        if token.lower_ == "since" and token.dep_ == "prep":
            return True
        if any(c.dep_ == "mark" and c.lower_ == "since" for c in token.children):
            return True
    return False


def _is_located(ent: Span) -> bool:
    """A proper name after a locative preposition: 'in Kabul', 'at Al Asad Air Base', 'in the
    city of Kirkuk'."""
    root = ent.root
    if root.pos_ != "PROPN" or root.dep_ != "pobj":
        return False
    before = root.head
    if before.lower_ == "of" and before.head.dep_ == "pobj":  # "in the city of Kirkuk"
        before = before.head.head
    return before.lower_ in LOCATIVE


def _is_attacker_country(ent: Span) -> bool:
    """'the US' in 'US forces' or 'US and coalition personnel' names a side, not the scope
    of the count; so does the doer of 'attacks by Israel'."""
    shared = any(c.dep_ == "conj" and c.pos_ == "NOUN" for c in ent.root.children)
    return shared or ent.root.dep_ in {"compound", "nmod", "amod", "nsubj"} or ent.root.head.lower_ in {"from", "by"}


def _victims_country(kb: Knowledge, country_of: CountryOf, number: Token) -> str | None:
    """The country of the people a casualty count names, when the sentence names no place:
    'Ten Israelis', 'more than 10,000 Ukrainian civilians'; not of a side's forces, who
    may fall abroad ('12 U.S. service members')."""
    if number.dep_ != "nummod":
        return None
    noun = number.head
    if noun.lemma_.lower() in kb.tally_forces or any(c.lemma_.lower() in kb.tally_forces for c in noun.children):
        return None
    for word in (noun, *(c for c in noun.children if c.dep_ in {"amod", "compound"})):
        if (word.ent_type_ in {"NORP", "GPE"} or word.is_title) and (code := country_of(word.text)) is not None:
            return code
    return None


def _named_before(said_by: tuple[str, Span], speakers: list[tuple[str, Span]]) -> tuple[str, Span]:
    """'the official said', after 'according to a U.S. defense official': the speaker named
    before whose words end in the same noun, not a new, nameless one."""
    _, span = said_by
    words = [t for t in span if not t.is_punct]
    if len(words) != 2 or words[0].lower_ != "the" or words[1].pos_ != "NOUN":
        return said_by
    noun = words[1].lemma_.lower()
    fuller = [s for s in speakers if len(s[1]) > 2 and s[1].root.lemma_.lower() == noun]
    return fuller[-1] if fuller else said_by


def _full_name(doc: Doc, sentence: Span, said_by: tuple[str, Span]) -> tuple[str, Span]:
    """The speaker as first named in full: 'Austin' -> 'Lloyd J. Austin III', 'the secretary'
    -> the person named earlier with that title ('Secretary of Defense Lloyd J. Austin III')."""
    name, span = said_by
    ents, starts = _doc_ents(doc)
    before = ents[: bisect_left(starts, sentence.start)]
    earlier = [e for e in before if e.label_ == "PERSON" and e.end <= sentence.start]
    if span.label_ == "PERSON" or (len(span) and span.root.ent_type_ == "PERSON"):
        last = span[-1].lower_
        fuller = [e for e in earlier if len(e) > len(span) and any(t.lower_ == last for t in e)]
        return (fuller[0].text, fuller[0]) if fuller else said_by
    words = [t for t in span if t.pos_ != "DET"]
    if len(words) == 1 and words[0].lower_ in PERSON_TITLES:
        title = words[0].lower_
        for ent in reversed(earlier):
            before = doc[max(0, ent.start - 5) : ent.start]
            if any(t.lower_ == title for t in before):
                return ent.text, ent
    return said_by


#: a briefing transcript's speaker label at the start of a line: "GEN. MCKENZIE:"
LABEL = re.compile(r"^(?P<name>[A-Z][A-Z.\- ]+[A-Z.]):", re.MULTILINE)


def _transcript_labels(doc: Doc) -> list[tuple[str, Span]]:
    labels = []
    for match in LABEL.finditer(text_of(doc)):
        span = doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
        if span is None or len(match["name"].split()) < 2:
            continue
        name = _label_name(match["name"])
        last = name.split()[-1]
        fuller = [known for known, _ in labels if known.split()[-1] == last and len(known) > len(name)]
        labels.append((fuller[0] if fuller else name, span))
    return labels


def _label_name(label: str) -> str:
    """'BRIG. GEN. PAT RYDER' -> 'Pat Ryder': a transcript's label without its rank, in the
    case a name is written in."""
    words = label.split()
    while len(words) > 1 and (words[0].endswith(".") or words[0].lower() in PERSON_TITLES):
        words = words[1:]
    return " ".join(w.capitalize() if w.isupper() else w for w in words)


def _label_before(labels: list[tuple[str, Span]], sentence: Span) -> tuple[str, Span] | None:
    before = [label for label in labels if label[1].end <= sentence.start]
    return before[-1] if before else None


def _opens_with_pronoun_report(kb: Knowledge, sentence: Span) -> bool:
    """'In addition, he added that ...' carries the last speaker on."""
    return any(
        t.lemma_.lower() in kb.report_verbs
        and any(c.dep_ == "nsubj" and c.lower_ in PRONOUNS for c in t.children)
        for t in sentence
    )


#: a post's signature after its text: "— USFOR-A Spokesman Col Sonny Leggett (@USFOR_A) March 4, 2020"
SIGNATURE = re.compile(r"\s*[—–]\s*(?P<who>[^—–\n(]{3,120}?)\s*\(@\w+\)")


def _signature(doc: Doc, sentence: Span) -> tuple[str, Span] | None:
    """The signature that closes the post a sentence is in, when it is on the same line."""
    text = text_of(doc)
    line_end = text.find("\n", sentence.end_char)
    line = text[sentence.end_char : line_end if line_end >= 0 else len(text)]
    match = SIGNATURE.search(line)
    if match is None:
        return None
    start = sentence.end_char + match.start("who")
    span = doc.char_span(start, sentence.end_char + match.end("who"), alignment_mode="expand")
    if span is None:
        return None
    people = [e for e in doc.ents if e.label_ == "PERSON" and span.start <= e.start and e.end <= span.end]
    return (people[-1].text, people[-1]) if people else (span.text, span)
