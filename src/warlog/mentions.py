"""Knowledge-base mentions in a parsed sentence, shared by the event and tally readers."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator

from spacy.tokens import Span, Token

from warlog.knowledge import Knowledge
from warlog.model import Evidence
from warlog.nlp import word_forms

#: titles that go before a person's name ("President Biden", "Gen. Haftar") or stand for a
#: person named with them earlier ("the secretary also said"), lowercase, without a full stop
PERSON_TITLES = {
    "president", "gen", "general", "secretary", "minister", "mr", "mrs", "ms", "sen", "senator", "rep",
    "governor", "gov", "king", "prince", "sheikh", "col", "colonel", "maj", "lt", "capt", "adm", "admiral",
    "commander", "chief", "spokesman", "spokeswoman", "spokesperson", "dr", "ambassador", "chairman",
    "director", "mayor", "official",
}


#: verbs whose subject bears the injuries their object names: "two soldiers sustained minor
#: injuries" (the subject is the victim, not a doer)
SUFFERING_VERBS = {"sustain", "suffer", "receive", "incur"}


def evidence_of(doc_id: str, where: Span | Token) -> Evidence:
    """The characters of the document a token or span covers."""
    if isinstance(where, Token):
        return Evidence(doc_id, where.idx, where.idx + len(where.text))
    return Evidence(doc_id, where.start_char, where.end_char)


def sentence_ents(sentence: Span) -> list[Span]:
    """A sentence's entities, grouped once per document (``Span.ents`` rescans every call)."""
    doc = sentence.doc
    grouped = doc.user_data.get("warlog_sentence_ents")
    if grouped is None:
        starts = [s.start for s in doc.sents]
        grouped = defaultdict(list)
        for ent in doc.ents:
            grouped[starts[bisect_right(starts, ent.start) - 1]].append(ent)
        doc.user_data["warlog_sentence_ents"] = grouped
    return grouped.get(sentence.start, [])


def actor_mentions(kb: Knowledge, sentence: Span) -> list[tuple[str, Span]]:
    """Actors named ('Kataib Hezbollah', by the entity ruler) or described ('US base');
    found once per sentence, since every event and tally of the sentence asks."""
    cache = sentence.doc.user_data.setdefault("warlog_actor_mentions", {})
    if sentence.start not in cache:
        cache[sentence.start] = list(_actor_mentions(kb, sentence))
    return cache[sentence.start]


def is_warplane(kb: Knowledge, token: Token) -> bool:
    """A kind of military aircraft of the weapons lexicon ('F-16s', 'B-1'), not a word of
    an act ('airstrikes')."""
    word = token.lower_
    return kb.weapons.get(word) == "aircraft" and word not in kb.trigger_words()


def described_by(token: Token) -> list[Token]:
    """The words left of a noun that describe it, or, for a bare second conjunct, those of
    the first: 'Iranian-backed facilities and militias' are Iranian-backed militias too."""
    own = list(token.lefts)
    if token.dep_ == "conj" and not any(c.dep_ in {"amod", "compound", "nmod", "poss", "det"} for c in own):
        return own + [c for c in token.head.lefts if c.dep_ in {"amod", "compound", "nmod", "poss"}]
    return own


#: participles by which a group is named as who governs a place or an office: "Hamas-run Gaza"
GOVERNING_VERBS = {"run", "control", "govern", "administer"}
#: offices a group may run: "the Hamas-run health ministry"
OFFICE_NOUNS = {"ministry", "government", "authority", "authorities", "administration", "media", "television"}


def governs(ent: Span) -> bool:
    """'in Hamas-run Gaza', 'the Hamas-run health ministry': a group named only as who
    governs a place or an office, no side of what the sentence tells."""
    participle = ent.root.head
    if participle.lemma_.lower() not in GOVERNING_VERBS or participle.dep_ not in {"amod", "compound"}:
        return False
    governed = participle.head
    return governed.ent_type_ in {"GPE", "LOC"} or governed.lemma_.lower() in OFFICE_NOUNS


def _actor_mentions(kb: Knowledge, sentence: Span) -> Iterator[tuple[str, Span]]:
    for ent in sentence_ents(sentence):
        if ent.ent_id_.startswith("actor:") and not governs(ent):
            yield ent.ent_id_.removeprefix("actor:"), ent
    heads = kb.actor_head_index()
    by_modifier = kb.actor_modifier_index()
    lowers, lemmas = word_forms(sentence.doc)
    doc = sentence.doc
    for i in range(sentence.start, sentence.end):
        if lowers[i] not in heads and lemmas[i] not in heads and kb.weapons.get(lowers[i]) != "aircraft":
            continue  # neither an actor's head word nor a warplane: no actor named by this word
        token = doc[i]
        actors = heads.get(token.lower_) or heads.get(token.lemma_.lower())
        if not actors and is_warplane(kb, token):
            actors = heads.get("jets")  # "US F-16s", "Israeli F-35s": named as its warplanes are
        if not actors:
            continue
        # each left child's words, read once: the child itself, its subtree, the words from
        # its left edge, which a tokenizer split leaves apart ('Iranian-backed'), and the words
        # from its left edge to the head, a modifier the parser split into sibling children
        # ('Syrian government warplanes'); the first child with one of an actor's modifiers names it
        first_child: dict[str, Token] = {}
        for child in described_by(token):
            words = {t.lower_ for t in child.subtree} | {
                token.doc[child.left_edge.i : child.i + 1].text.lower(),
                token.doc[child.left_edge.i : token.i].text.lower(),
            }
            for word in words:
                for actor in by_modifier.get(word, ()):
                    first_child.setdefault(actor, child)
        for actor in actors:
            child = first_child.get(actor)
            if child is not None:
                yield actor, token.doc[child.left_edge.i : token.i + 1]


#: the words that name where a report comes from: "according to the Iraqi military", "citing"
SOURCE_WORDS = {"according", "citing", "quoting"}


def is_source(span: Span) -> bool:
    """An actor named as the report's source ('according to a statement from the Iraqi
    military', 'citing Iraqi officials'), not as a side of the act (which a clause of what
    the source says may name)."""
    for token in span.root.ancestors:
        if token.lower_ in SOURCE_WORDS:
            return True
        if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"amod", "compound"}:  # not 'Hamas-run'
            return False  # "citing expert opinion that the rocket had been fired by Hezbollah": what the source says
    return False
