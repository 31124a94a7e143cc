"""When: the date a sentence or a clause gives for what happened (not for a statement, not a
"since", not a dateline), "overnight" and "yesterday", "a day after" from the story's running
date, the running date carried to clauses without one (not to "an earlier strike", what
"had" happened or "two of these missiles"; a week or a month is no day, so no date), dates a later sentence gives to
the strikes told before, and the anchor relative dates resolve against when a document has
no publication date."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from spacy.tokens import Doc, Span, Token

from warlog import timex
from warlog.extract.candidate import Candidate
from warlog.knowledge import Knowledge
from warlog.mentions import sentence_ents
from warlog.model import Document
from warlog.nlp import breaks_line, text_of, words_among

DAY_WORDS = {"overnight", "yesterday", "today", "tonight"}
#: "claimed responsibility for the attack": what a claim of an act takes as its object
CLAIMED_OBJECTS = {"responsibility", "credit"}
#: "an earlier strike", "the previous attack": an event before the story's time
PRIOR_WORDS = {"earlier", "previous", "prior"}
#: "in response to ...": the phrase names the event answered
RESPONSE_NOUNS = {"response", "retaliation", "reprisal", "revenge", "answer"}
RESPONSE_VERBS = {"respond", "retaliate"}
#: "WASHINGTON (Jan. 02, 2020) --", "BAGHDAD, Dec. 20 —": the day of the report
DATELINE_BEFORE = re.compile(r"[A-Z][A-Z.'’ /-]+(?:,\s*|\s*\(\s*)")
DATELINE_AFTER = re.compile(r"\)?\s*(?:—|–|--|-)")

#: "the second anniversary", "the 10th anniversary": how many years back
ORDINALS = dict(
    zip("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), range(1, 13))
)
ORDINAL_NUMBER = re.compile(r"(\d{1,3})(?:st|nd|rd|th)")
#: words that make a day name inside a date another day or a range: "two days after Tuesday"
RELATION_WORDS = {"after", "before", "since", "until", "later", "earlier", "ago", "and", "to", "-", "–", "through", "from", "of"}
#: the words between the days of "on 3 and 4 March", "3-4 March"
DAY_JOINERS = {"and", "to", "-", "–", "&"}
DAY_NUMBER = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")

#: a resolved date with the words it was read from
Dated = tuple[timex.ResolvedDate, Span]


def anchor_date(document: Document, doc: Doc | None, default: dt.date) -> dt.date:
    """The publication date, else the latest day the text itself states in full, else the default."""
    if document.published is not None:
        return document.published
    dates = [ent.text for ent in (doc.ents if doc else ()) if ent.label_ == "DATE"]
    return max(filter(None, (stated_day(text, default) for text in dates)), default=default)


def stated_day(expression: str, default: dt.date) -> dt.date | None:
    """The day a date expression names whatever the anchor ("23 November 2023", "Thursday,
    November 23"): it resolves to the same day a year apart. None for relative ones."""
    now = timex.resolve(expression, default)
    if now is None or now.precision != 1 or now.date > default:
        return None
    later = timex.resolve(expression, default + dt.timedelta(days=365))
    return now.date if later is not None and later.date == now.date else None


def is_statement_date(ent: Span, kb: Knowledge) -> bool:
    """'On November 9, Singh said ...': the day of the statement, not of the events; not
    'claimed responsibility for a drone attack on Eilat on Friday', the day of the act claimed."""
    for token in ent.root.ancestors:
        if token.pos_ in {"VERB", "AUX"}:
            return token.lemma_.lower() in kb.report_verbs and not (claims_an_act(token, kb) and not fronted(ent, token))
    return False


def fronted(ent: Span, verb: Token) -> bool:
    """'The next day, the IRGC claimed responsibility for the attack': a date put before the
    claimant is the claim's day, not the act's."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return bool(subjects) and ent.end <= subjects[0].left_edge.i and verb.lemma_.lower() == "claim"


def claims_an_act(verb: Token, kb: Knowledge) -> bool:
    """'claimed responsibility for the attack', 'claimed the strike': a claim whose object is
    the act, so a day on the claim dates the act (news give the attack's day, not the claim's);
    likewise 'reported the shelling Tuesday', 'fierce clashes were reported Tuesday': a report
    whose object is the act itself, not a speech, dates the act."""
    lemma = verb.lemma_.lower()
    if lemma not in {"claim", "report"}:
        return False
    objects = [c for c in verb.children if c.dep_ in ({"dobj"} if lemma == "claim" else {"dobj", "nsubjpass"})]
    return any(
        (lemma == "claim" and o.lemma_.lower() in CLAIMED_OBJECTS)
        or (o.lemma_.lower() in kb.triggers and kb.triggers[o.lemma_.lower()].kind in {"attack", "clash"})
        for o in objects
    )


def is_dateline(ent: Span) -> bool:
    """The date after a capitalised place at the head of a line, before the dash: publication, not event."""
    text = text_of(ent.doc)
    line_start = text.rfind("\n", 0, ent.start_char) + 1
    return bool(
        DATELINE_BEFORE.fullmatch(text[line_start : ent.start_char])
        and DATELINE_AFTER.match(text, ent.end_char)
    )


def is_event_date(ent: Span, kb: Knowledge) -> bool:
    """A date or time for what happened: not a statement's day, a 'since', or a dateline."""
    if ent.label_ not in {"DATE", "TIME"}:
        return False
    return not (is_statement_date(ent, kb) or is_since(ent) or is_dateline(ent))


def is_earlier(candidate: Candidate) -> bool:
    """'an earlier strike', 'the previous attack', 'in retaliation for the Israeli strike on its
    consulate': not the sentence's day, and not the story's."""
    trigger = candidate.trigger
    if any(c.dep_ == "amod" and c.lower_ in PRIOR_WORDS for c in trigger.children):
        return True
    answered = trigger.dep_ == "pobj" and trigger.head.lower_ in {"for", "to"}
    return answered and trigger.head.head.lemma_.lower() in RESPONSE_NOUNS


def is_pluperfect(candidate: Candidate) -> bool:
    """'forces had liberated the town': before the story's running day (its own sentence may date it)."""
    trigger = candidate.trigger
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    return any(c.dep_ == "aux" and c.lower_ in {"had", "'d"} for c in verb.children)


def expression(ent: Span) -> str:
    """The date's words with the 'in'/'within' before it: 'struck for a second time in 24
    hours' counts back from the report, while '24 hours' alone is a duration; not 'within
    24 hours of the attack', which counts from another event."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if before is None or before.lower_ not in {"in", "within"} or before.i < ent.sent.start:
        return ent.text
    if after is not None and after.lower_ in {"of", "after", "before"}:
        return ent.text
    return f"{before.text} {ent.text}"


def names_other_event(ent: Span, trigger: Token | None = None) -> bool:
    """'in response to yesterday's attack', 'in retaliation for the Dec. 27 strike', 'following
    Monday's raid': the date is the other event's, not the trigger's nor the sentence's;
    'Thursday's attack' dates that attack alone, not the clauses around it."""
    if ent.root.dep_ == "poss" and ent.root.head != trigger:
        return True
    for token in ent.root.ancestors:
        if token == trigger:
            return False
        if token.dep_ != "pobj":
            continue
        prep = token.head
        if prep.lower_ in {"following", "after"} or (
            prep.lower_ in {"to", "for"} and prep.head.lemma_.lower() in RESPONSE_NOUNS
        ):
            return True
    return False


def responds(candidate: Candidate) -> bool:
    """'The military responded by striking bases': later than the attack the story told."""
    return any(t.pos_ == "VERB" and t.lemma_.lower() in RESPONSE_VERBS for t in candidate.trigger.ancestors)


def is_since(ent: Span) -> bool:
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return before is not None and before.lower_ in {"since", "until", "through"}


def offset_word(trigger: Token) -> Token | None:
    """The 'after' of 'a day after US strikes' (as preposition or as conjunction), or of the
    verb that carries the strikes ('a day after the US carried out strikes')."""
    if trigger.head.lower_ in {"after", "before"} and trigger.head.dep_ == "prep":
        return trigger.head
    verb = trigger.head if trigger.dep_ == "dobj" else trigger
    return next((c for c in verb.children if c.dep_ == "mark" and c.lower_ in {"after", "before"}), None)


def offset_phrase(word: Token) -> Span:
    """'a day after', 'days after': the offset word with the time words told before it."""
    doc = word.doc
    start = word.i
    while start > word.sent.start and doc[start - 1].ent_type_ in {"DATE", "TIME"}:
        start -= 1
    return doc[start : word.i + 1]


def vaguely_offset(candidate: Candidate) -> bool:
    """'came days after the US carried out airstrikes': before the day told by an unknown
    span of days, so no day at all (GUIDELINES: do not guess)."""
    word = offset_word(candidate.trigger)
    if word is None:
        return False
    phrase = offset_phrase(word)
    return len(phrase) > 1 and timex.offset_days(phrase.text) is None


def explicit_date(
    kb: Knowledge, anchor: dt.date, sentence: Span, context_date: Dated | None = None, line: Token | None = None
) -> Dated | None:
    """A date the sentence gives for what happened (not when someone said something); a
    calendar day before one counted from the running day. ``line``: only a date on the line of
    this word (a paragraph the parser ran into the sentence before it)."""
    ents = [ent for ent in sentence_ents(sentence) if is_event_date(ent, kb) and not names_other_event(ent)]
    if line is not None:  # the line's own lead: "On 8 January, an Israeli strike ..."
        ents = [ent for ent in ents if same_line(ent, line) and ent.end <= line.i]
    dated = ((resolve_ent(ent, anchor), ent) for ent in ents)
    counted = ((relative_day(ent, context_date), ent) for ent in ents)  # "two days later, on 18 January"
    found = [(resolved, ent) for resolved, ent in itertools.chain(dated, counted) if resolved is not None]
    # "Overnight Tuesday into Wednesday": a time of day typed apart from the day it tells of
    found = [f for f in found if not refines_next_day(f[1], found)] or found
    if not found:
        return day_word(kb, anchor, sentence)
    # an infobox row's "March 2022" the parser joined to "occurred on 13 March 2022" on the
    # next line: the day told on a line of its own is the running date, not the row's month
    first = found[0]
    day = next((f for f in found if f[0].precision == 1 and breaks_line(sentence.doc, first[1].end, f[1].start)), None)
    return day if first[0].precision != 1 and day is not None else first


def refines_next_day(ent: Span, found: list[tuple[timex.ResolvedDate | None, Span]]) -> bool:
    """A time of day ('Overnight') the model typed apart from the day it refines, right after it."""
    return ent.label_ == "TIME" and any(
        resolved is not None and other.label_ == "DATE" and ent.end <= other.start <= ent.end + 1
        for resolved, other in found
    )


def resolve_ent(ent: Span, anchor: dt.date) -> timex.ResolvedDate | None:
    """The date of an entity's words, else of its last words that name a day or a month: the
    parser's 'in as many days Tuesday' is Tuesday ('a second attack in as many days Tuesday')."""
    resolved = timex.resolve(expression(ent), anchor)
    if resolved is not None or len(ent) < 2:
        return resolved
    for start in range(1, len(ent)):
        word = ent[start].lower_.rstrip(".")
        if ent[start - 1].lower_ in RELATION_WORDS:  # "two days after Tuesday", "Monday and Tuesday"
            return None
        if timex.names_day_or_month(word):
            return timex.resolve(ent[start:].text, anchor)
    return None


def day_word(kb: Knowledge, anchor: dt.date, sentence: Span) -> Dated | None:
    """'Two people were killed and five wounded in a drone attack on Odesa overnight': a day
    word the parser hung on another verb of the sentence still dates what it tells (not
    'said yesterday', the day of a statement)."""
    for token in words_among(sentence, lowers=DAY_WORDS):
        if token.ent_type_ in {"DATE", "TIME"}:
            continue
        verb = next((a for a in token.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if verb is not None and verb.lemma_.lower() in kb.report_verbs and not claims_an_act(verb, kb):
            continue
        resolved = timex.resolve(token.text, anchor)
        if resolved is not None:
            return resolved, token.doc[token.i : token.i + 1]
    return None


def relative_day(ent: Span, context_date: Dated | None) -> timex.ResolvedDate | None:
    """'Two days later, bandits raided ...', 'The following day': counted on from the story's
    running day; not 'two days after the attack', which counts from the event it names."""
    if context_date is None or context_date[0].precision != 1 or ent[-1].lower_ in {"after", "before"}:
        return None
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if following is not None and following.lower_ in {"of", "after", "before"}:
        return None
    offset = timex.offset_days(ent.text)
    if offset is None:
        return None
    return timex.ResolvedDate(context_date[0].date - dt.timedelta(days=offset), 1)


def clause_date(
    kb: Knowledge,
    anchor: dt.date,
    context_date: Dated | None,
    candidate: Candidate,
    sentence: Span,
    clause_ids: set[int],
) -> None:
    """A date in the trigger's clause, else a day word, else 'a day after' the running date."""
    ents = [
        ent
        for ent in sentence_ents(sentence)
        if ent.start in clause_ids and is_event_date(ent, kb) and not names_other_event(ent, candidate.trigger)
    ]
    dated = [(resolve_ent(ent, anchor), ent) for ent in ents]
    dated = [(resolved, ent) for resolved, ent in dated if not refines_next_day(ent, dated)]
    counted = ((relative_day(ent, context_date), ent) for ent in ents)  # a calendar day first
    for resolved, ent in itertools.chain(dated, counted):
        if resolved is not None:
            candidate.date, candidate.date_span = first_day(resolved, ent)
            break
    if candidate.date is None:  # "overnight", "yesterday": often not tagged as dates
        for token in candidate.clause:
            if token.lower_ in DAY_WORDS and token.ent_type_ not in {"DATE", "TIME"}:
                resolved = timex.resolve(token.text, anchor)
                if resolved is not None:
                    candidate.date, candidate.date_span = resolved, token.doc[token.i : token.i + 1]
                    break
    if candidate.date is None:
        date_by_offset(candidate, context_date)


def tells_parts(sentence: Span) -> bool:
    """'Two of these missiles hit ships and one was shot down': the sentence shares out a set
    told before, which may span several days, not the story's running day."""
    return any(
        t.lower_ == "of" and t.head.pos_ == "NUM" and any(c.lower_ in {"these", "those"} for p in t.children for c in p.children)
        for t in sentence
    )


def first_day(resolved: timex.ResolvedDate, ent: Span) -> Dated:
    """'continued on 21 and 22 October', 'shelled on 3-4 March': what went on over several
    days begins on the first, whether the parser tags the days apart or as one date; the
    story's running day stays the last."""
    doc = ent.doc
    if resolved.precision != 1:
        return resolved, ent
    last = next((t for t in reversed(ent) if day_number(t) == resolved.date.day), None)
    if last is None:
        return resolved, ent
    first, day = last, resolved.date.day
    while first.i >= ent.sent.start + 2 and doc[first.i - 1].lower_ in DAY_JOINERS:
        earlier = day_number(doc[first.i - 2])
        if earlier is None or not 0 < earlier < day:
            break
        first, day = doc[first.i - 2], earlier
    if first == last:
        return resolved, ent
    return timex.ResolvedDate(resolved.date.replace(day=day), 1), doc[min(first.i, ent.start) : ent.end]


def day_number(token: Token) -> int | None:
    """The day of the month a token gives ('4', '4th'), else None."""
    match = DAY_NUMBER.fullmatch(token.lower_)
    return int(match[1]) if match else None


def carry_date(
    candidate: Candidate, sentence_date: Dated | None, context_date: Dated | None, anchor: dt.date | None = None
) -> None:
    """A clause without a date of its own takes the sentence's, else the story's running date,
    unless it is told as before that day, as a response to what the story told or as part of
    a set told before; a week or a month is no day, so no date (GUIDELINES); the sentence's
    date counts only on the clause's own line."""
    years = anniversary_years(candidate.trigger)
    if candidate.date is None and years:  # "on the second anniversary of a strike"
        reference = sentence_date or context_date
        if reference is not None and reference[0].precision == 1:
            day = reference[0].date
            day = day.replace(day=28) if (day.month, day.day) == (2, 29) else day
            candidate.date, candidate.date_span = timex.ResolvedDate(day.replace(year=day.year - years), 1), reference[1]
    elif candidate.date is None and anchor is not None and (told := verb_date(candidate, anchor)) is not None:
        candidate.date, candidate.date_span = told  # "..., and in early October a bombing killed 20": not the sentence's day
    elif candidate.date is None and not is_earlier(candidate) and not vaguely_offset(candidate):
        later_or_shared = is_pluperfect(candidate) or responds(candidate) or tells_parts(candidate.trigger.sent)
        if sentence_date is not None and not same_line(sentence_date[1], candidate.trigger):
            sentence_date = None
        running = first_day(*sentence_date) if sentence_date else None if later_or_shared else context_date
        if running is not None:
            candidate.date, candidate.date_span = running
    if candidate.date is None and anchor is not None and goes_on_now(candidate.trigger):
        candidate.date, candidate.date_span = timex.ResolvedDate(anchor, 1), candidate.trigger.doc[candidate.trigger.i : candidate.trigger.i + 1]
    if candidate.date is not None and candidate.date.precision > 1:
        candidate.date = candidate.date_span = None


def verb_date(candidate: Candidate, anchor: dt.date) -> Dated | None:
    """The date the verb that tells an event noun gives it ('a bombing ... killed 20 people
    in early October'), when the sentence tells more than one verb's act."""
    trigger = candidate.trigger
    if trigger.pos_ != "NOUN" or trigger.dep_ not in {"nsubj", "nsubjpass", "dobj"}:
        return None
    verb = trigger.head
    if verb.dep_ != "conj":
        return None  # one verb: the sentence's date is the verb's
    for prep in (c for c in verb.children if c.dep_ in {"prep", "npadvmod"}):
        for token in prep.subtree:
            if token.ent_type_ == "DATE" and token.ent_iob_ == "B":
                ent = next(e for e in trigger.doc.ents if e.start == token.i)
                resolved = resolve_ent(ent, anchor)
                if resolved is not None:
                    return resolved, ent
    return None


def goes_on_now(trigger: Token) -> bool:
    """'the air base is under rocket fire', 'Russian forces are shelling Kharkiv': told as
    going on as the report is written, so on the report's day (GUIDELINES: 'over the past
    few hours' is the document date)."""
    if trigger.head.lower_ == "under" and trigger.dep_ == "pobj":
        verb = trigger.head.head
        return verb.lemma_ in {"be", "come"} and verb.tag_ in {"VBZ", "VBP"}
    return trigger.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in {"VBZ", "VBP"} and c.lemma_ == "be" for c in trigger.children)


#: how far into a report its lead runs: the sentences that tell the news of the day
LEAD_SENTENCES = 3
LEAD_CHARACTERS = 800


def just_done_in_lead(trigger: Token) -> Token | None:
    """'Iraqi officials say a suicide car bomber has killed nine people at a police post': a
    report's lead in the present perfect, with no day, tells the news of the report's day;
    the word 'has' (or 'have'), or None."""
    sentence = trigger.sent
    leading = list(trigger.doc.sents)[:LEAD_SENTENCES] if sentence.start_char < LEAD_CHARACTERS else []
    if not any(s.start == sentence.start for s in leading) or any(t.ent_type_ == "DATE" for t in sentence):
        return None  # a later sentence, or a time the text gives ('in September 2014'), however vague
    verb = trigger
    if trigger.pos_ != "VERB" and trigger.dep_ in {"nsubj", "nsubjpass", "dobj"}:
        verb = trigger.head  # "a car bomb has killed", "has launched another wave of air strikes"
    if verb.pos_ != "VERB" or verb.tag_ != "VBN":
        return None
    return next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in {"has", "have"}), None)


def anniversary_years(trigger: Token) -> int | None:
    """'came on the second anniversary of a U.S. drone strike': the strike is that many years
    before the day of the sentence; 0 when the count is not told (the date then dates the
    act itself: 'the anniversary of the attack on 5 June 2019'); None when the trigger is not
    what an anniversary is of."""
    token = trigger
    while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head != token.head:
        noun = token.head.head
        if noun.lemma_.lower() == "anniversary":
            counts = [c for c in noun.children if c.dep_ in {"amod", "nummod"}]
            return next((n for c in counts if (n := ordinal(c.lower_))), 0)
        token = noun
    return None


def ordinal(word: str) -> int | None:
    """'second' -> 2, '10th' -> 10; None for any other word."""
    match = ORDINAL_NUMBER.fullmatch(word)
    return int(match[1]) if match else ORDINALS.get(word)


def same_line(ent: Span, trigger: Token) -> bool:
    """'- Date: 4 October 2020, 8 October 2020 ...' then a paragraph the parser joined to it
    in one sentence: an infobox row's or heading's date is not the sentence's."""
    low, high = (ent.end, trigger.i) if trigger.i >= ent.end else (trigger.i, ent.start)
    return not breaks_line(ent.doc, low, high)


def date_by_offset(candidate: Candidate, context_date: Dated | None) -> None:
    """'a day after US strikes': the strikes are dated from the story's running date."""
    word = offset_word(candidate.trigger)
    if word is None or context_date is None:
        return
    phrase = offset_phrase(word)
    offset = timex.offset_days(phrase.text)
    if offset is None:
        return
    reference = context_date[0]
    candidate.date = timex.ResolvedDate(reference.date + dt.timedelta(days=offset), reference.precision)
    candidate.date_span = phrase


def date_back_reference(candidate: Candidate, earlier_candidates: list[Candidate]) -> None:
    """'the strikes took place over the past few hours' dates the strikes told before."""
    if candidate.date is None:
        return
    for earlier in reversed(earlier_candidates):
        if earlier.sentence_index < candidate.sentence_index - 3:
            break
        if earlier.date is None and earlier.rule.kind == candidate.rule.kind:
            earlier.date, earlier.date_span = candidate.date, candidate.date_span
