"""Tallies: the running counts officials state ("attacked 46 times since October 17").

A count is a tally when its sentence marks a running total (since, as of, so far, a
perfect tense: "have been attacked"); a count of one day's attacks is not. "36 attacks in
Iraq and 37 in Syria" is two tallies, one per country. The speaker and the day the count
was stated carry over to a follow-up sentence ("he added that ...").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from warlog import timex
from warlog.knowledge import Knowledge
from warlog.mentions import actor_mentions, evidence_of, sentence_ents
from warlog.model import Document, Evidence, Tally
from warlog.textnum import parse_number

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
PRONOUNS = {"he", "she", "they", "it", "we"}
COUNTED_PEOPLE = {"people", "person", "civilian", "soldier", "troop", "service", "member", "child", "personnel"}
NOT_COUNTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}


#: a country's ISO code from its name ('Iraq' -> 'IQ'), None for other names
CountryOf = Callable[[str], str | None]


def extract_tallies(kb: Knowledge, document: Document, doc: Doc, anchor: dt.date, country_of: CountryOf) -> list[Tally]:
    found: list[Tally] = []
    speaker: tuple[str, Span] | None = None
    stated: tuple[dt.date, Span] | None = None
    for sentence in doc.sents:
        said, said_by, said_on = _statement(kb, sentence, anchor)
        if said_by is not None and said_by[0].lower() not in PRONOUNS:
            speaker = said_by
        if said_on is not None:
            stated = said_on
        elif said and said_by is not None and said_by[0].lower() not in PRONOUNS:
            stated = None  # a new speaker without a day: as of the publication
        if not _is_running(kb, sentence):
            continue
        found.extend(_sentence_tallies(kb, country_of, document, sentence, anchor, speaker, stated))
    return found


def _sentence_tallies(
    kb: Knowledge,
    country_of: CountryOf,
    document: Document,
    sentence: Span,
    anchor: dt.date,
    speaker: tuple[str, Span] | None,
    stated: tuple[dt.date, Span] | None,
) -> list[Tally]:
    counts = _counts(kb, sentence)
    if not counts:
        return []
    since = _since(sentence, anchor)
    as_of = _as_of(sentence, anchor) or stated
    target = _target(kb, sentence)
    countries = _countries(country_of, sentence)
    doc_id = document.doc_id
    tallies = []
    for index, (number, unit) in enumerate(counts):
        scope = [code for code, _ in countries]
        repeated = [c for c in counts if c[1] == unit]
        if len(repeated) > 1:
            nxt = next((n for n, u in counts[index + 1 :] if u == unit), None)
            end = nxt.i if nxt is not None else sentence.end
            scope = [code for code, token in countries if number.i < token.i < end]
        head = number.head if number.head.i != number.i else number
        clause = sentence.doc[min(number.i, head.left_edge.i) : max(number.i + 1, head.i + 1)]
        spans = {"count": evidence_of(doc_id, number)}
        if target is not None:
            spans["target"] = evidence_of(doc_id, target[1])
        if speaker is not None:
            spans["speaker"] = evidence_of(doc_id, speaker[1])
        if since is not None:
            spans["since"] = evidence_of(doc_id, since[1])
        if as_of is not None:
            spans["as_of"] = evidence_of(doc_id, as_of[1])
        count = parse_number(number.text) or 0
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
                since=since[0] if since else None,
                as_of=as_of[0] if as_of else anchor,
                speaker=speaker[0] if speaker else None,
                spans=spans,
            )
        )
    return tallies


def _is_running(kb: Knowledge, sentence: Span) -> bool:
    text = sentence.text.lower()
    if any(marker in text for marker in kb.running_count):
        return True
    return any(
        t.lower_ in {"have", "has"} and t.dep_ == "aux" and t.head.lemma_.lower() in {"attack", "be", "strike", "target"}
        for t in sentence
    )


def _counts(kb: Knowledge, sentence: Span) -> list[tuple[Token, str]]:
    """Numbers that count attacks, casualties ...; a bare '37 in Syria' repeats the unit before it."""
    counts: list[tuple[Token, str]] = []
    for token in sentence:
        if not token.like_num or token.ent_type_ in NOT_COUNTS or parse_number(token.text) is None:
            continue
        unit = _unit(kb, token)
        if unit is None and counts and token.dep_ in {"conj", "appos", "npadvmod", "dobj", "attr", "nsubj", "pobj"}:
            if token.head.pos_ != "NOUN" or token.head.lower_ in kb.tally_units:
                unit = counts[-1][1]
        if unit is not None:
            counts.append((token, unit))
    return counts


def _unit(kb: Knowledge, number: Token) -> str | None:
    head = number.head
    if head.lower_ == "dozen":
        head = head.head
    if head.lemma_.lower() in COUNTED_PEOPLE:  # "47 people were killed": the verb is the unit
        head = head.head
    for word in (head, *[c for c in head.children if c.i > number.i][:1]):
        unit = kb.tally_units.get(word.lower_) or kb.tally_units.get(word.lemma_.lower())
        if unit is None:
            continue
        if word.lower_ == "times":
            verb = word.head
            return "strikes" if verb.lemma_.lower() == "strike" else "attacks"
        return unit
    return None


def _qualifier(number: Token) -> str:
    words = [t.lower_ for t in number.doc[max(number.sent.start, number.i - 3) : number.i]]
    for phrase, qualifier in QUALIFIERS.items():
        if tuple(words[-len(phrase) :]) == phrase:
            return qualifier
    return "exact"


def _since(sentence: Span, anchor: dt.date) -> tuple[dt.date, Span] | None:
    for ent in sentence_ents(sentence):
        if ent.label_ == "DATE" and ent.start > 0 and ent.doc[ent.start - 1].lower_ == "since":
            resolved = timex.resolve_since(ent.text, anchor)
            if resolved is not None:
                return resolved.date, ent
    return None


def _as_of(sentence: Span, anchor: dt.date) -> tuple[dt.date, Span] | None:
    for ent in sentence_ents(sentence):
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
    for token in sentence:
        if token.pos_ != "VERB" or token.lemma_.lower() not in kb.report_verbs:
            continue
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        speaker = _speaker(subject) if subject is not None else None
        day = None
        for ent in sentence_ents(sentence):
            if ent.label_ == "DATE" and (_governing_report(ent, kb) or ent.root).i == token.i:
                resolved = timex.resolve(ent.text, anchor)
                if resolved is not None:
                    day = (resolved.date, ent)
                    break
        return True, speaker, day
    return False, None, None


def _governing_report(ent: Span, kb: Knowledge) -> Token | None:
    for token in ent.root.ancestors:
        if token.pos_ in {"VERB", "AUX"}:
            return token if token.lemma_.lower() in kb.report_verbs else None
    return None


def _speaker(subject: Token) -> tuple[str, Span]:
    doc = subject.doc
    for ent in sentence_ents(subject.sent):
        if ent.label_ == "PERSON" and subject.left_edge.i <= ent.start and ent.end <= subject.right_edge.i + 1:
            return ent.text, ent
    span = doc[subject.left_edge.i : subject.right_edge.i + 1]
    return span.text, span


def _target(kb: Knowledge, sentence: Span) -> tuple[str, Span] | None:
    return next(iter(actor_mentions(kb, sentence)), None)


def _countries(country_of: CountryOf, sentence: Span) -> list[tuple[str, Token]]:
    found = []
    for ent in sentence_ents(sentence):
        if ent.label_ != "GPE":
            continue
        code = country_of(ent.text)
        if code is not None and not _is_attacker_country(ent):
            found.append((code, ent.root))
    return found


def _is_attacker_country(ent: Span) -> bool:
    """'the US' in 'US forces' names the target's side, not the scope of the count."""
    return ent.root.dep_ in {"compound", "nmod", "amod"} or ent.root.head.lower_ in {"from"}


