"""Extract: the events and tallies a document reports, each field with the words behind it.

The extractor reads a spaCy parse sentence by sentence. A *trigger* (a verb or noun of the
knowledge base: "struck", "airstrikes", "intercepted") that states a fact opens an event;
its *clause* (the trigger's part of the parse, without the clauses of other triggers)
gives the arguments: places (the target, never the launch site), actors by their role,
weapons, numbers, time. A clause that names several places gives one event per place,
as ACLED codes. What a sentence leaves unsaid may come from its neighbours: the running
date of the story, a later claim of responsibility, "Then 8 people were killed".
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections import Counter
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice, tee
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from warlog import timex
from warlog.geocode import Resolver
from warlog.knowledge import Knowledge, KnownPlace, Trigger, load_knowledge
from warlog.mentions import actor_mentions, evidence_of, sentence_ents
from warlog.model import Document, EventMention, Evidence, Extraction
from warlog.nlp import DEFAULT_MODEL, load_pipeline
from warlog.resolve import DocumentPlaces, build_resolver, country_code, country_entry
from warlog.tallies import extract_tallies
from warlog.textnum import parse_number

#: the version stored with each document; bump it when rules change so --reprocess applies
VERSION = "rules-2026.11.1"

EVENT_KINDS = {"attack", "intercept", "clash"}
MODAL_WORDS = {"will", "would", "could", "may", "might", "should", "must", "shall", "can"}
CONDITION_MARKERS = {"if", "unless", "case", "whether"}
HABITUAL_HEADS = {"continue", "keep", "threaten", "plan", "vow", "warn", "try", "seek", "intend"}
#: "previously fought", "has always occurred": background, not an event on a day
HABITUAL_ADVERBS = {"previously", "formerly", "always", "often", "repeatedly", "regularly",
                    "usually", "frequently", "routinely", "sometimes", "never"}
#: places inside these clauses describe something else ("the conflict, in which the US ...")
SUBORDINATE = {"relcl", "advcl", "ccomp", "csubj"}
DEFINITE = {"the", "these", "those", "such", "its", "their", "this", "that"}
LAUNCH_PREPOSITIONS = {"from"}
TIME_PREPOSITIONS = {"during", "amid", "since", "until"}
DAY_WORDS = {"overnight", "yesterday", "today", "tonight"}
#: verbs that are attacks only with a weapon: "launched drones", not "launched a probe"
NEEDS_WEAPON = {"launch", "fire"}
#: verbs whose object is the weapon itself ("fired rockets"), not what was hit
FIRING_LEMMAS = {"launch", "fire", "shoot"}
CONTEXT_BREAKS = {"earlier", "previously", "meanwhile", "separately", "before", "last"}
STATE_ACTOR_TYPES = {1, 8}
#: "the US carried out strikes": the doer of these verbs is the doer of their object
DOING_VERBS = {"carry", "conduct", "launch", "mount", "stage", "execute", "perform", "make",
               "undertake", "unleash", "fire", "deliver"}
#: "a missile strike took place at the base": the verb only says the event happened
HAPPENING_VERBS = {"take", "occur", "happen", "hit", "target", "come", "be", "suffer", "see"}
KILL_LEMMAS = {"kill", "dead", "die", "death", "fatality", "life"}
INJURE_LEMMAS = {"wound", "injure", "injury", "hurt", "injured", "wounded"}
PERSON_NOUNS = {"people", "person", "civilian", "soldier", "troop", "fighter", "member", "service", "militant", "child", "servicemember", "personnel"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: the small model sometimes types a town as a person or an organisation
MISTYPED_PLACE_LABELS = {"PERSON", "ORG", "NORP"}
COMPASS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
           "northern", "southern", "eastern", "western", "northeastern", "northwestern",
           "southeastern", "southwestern", "central")


class Extractor(Protocol):
    version: str

    def __call__(self, document: Document) -> Extraction: ...


@dataclass
class PlaceMention:
    """A place named in a clause, with what the knowledge base knows of it."""

    span: Span
    name: str
    country: str | None
    precision: int  # 1 site or town, 3 region, 4 country
    latitude: float | None = None
    longitude: float | None = None
    near: bool = False  # "near Erbil airport": precision 2
    hosts: tuple[str, ...] = ()  # forces stationed at the site
    admin1: str | None = None


@dataclass
class Candidate:
    """An event being assembled from one clause, before it becomes an EventMention."""

    trigger: Token
    rule: Trigger
    clause: list[Token]
    sentence_index: int
    places: list[PlaceMention] = field(default_factory=list)
    actor1: tuple[str, Span] | None = None
    actor2: tuple[str, Span] | None = None
    weapons: dict[str, Span | Token] = field(default_factory=dict)
    quantity: tuple[int, Token] | None = None
    date: timex.ResolvedDate | None = None
    date_span: Span | None = None
    outcome: str = "unknown"
    fatalities: tuple[int, Token | Span] | None = None
    injuries: tuple[int, Token | Span] | None = None
    claimed_by: tuple[str, Span] | None = None


class RuleExtractor:
    """Events and tallies by rules over a spaCy parse and the knowledge base."""

    version = VERSION

    def __init__(
        self, kb: Knowledge, nlp: Language, default_date: dt.date | None = None, resolver: Resolver | None = None
    ):
        self.kb = kb
        self.nlp = nlp
        self.default_date = default_date
        self.resolver = resolver or build_resolver()
        self.weapon_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_category: dict[str, list[str]] = {}
        for term, category in kb.weapons.items():
            by_category.setdefault(category, []).append(term)
        for category, terms in by_category.items():
            self.weapon_matcher.add(category, list(nlp.tokenizer.pipe(terms)))

    def __call__(self, document: Document) -> Extraction:
        return self.extract(document, self.nlp(document.text))

    def extract_many(self, documents: Iterable[Document], batch_size: int = 32) -> Iterator[Extraction]:
        """Extract from a stream of documents, parsing them in batches (faster than one by one)."""
        for_parsing, for_extraction = tee(documents)
        parsed = self.nlp.pipe((d.text for d in for_parsing), batch_size=batch_size)
        for document, doc in zip(for_extraction, parsed):
            yield self.extract(document, doc)

    def _weapons(self, doc: Doc) -> dict[int, tuple[str, Span]]:
        """Weapon terms in the document, longest match first, by their first token."""
        found: dict[int, tuple[str, Span]] = {}
        for match_id, start, end in sorted(self.weapon_matcher(doc), key=lambda m: (m[1], m[1] - m[2])):
            if start not in found:
                found[start] = (self.nlp.vocab.strings[match_id], doc[start:end])
        return found

    def anchor(self, document: Document, doc: Doc | None = None) -> dt.date:
        """The date relative expressions resolve against: the publication date, else the
        latest day the text itself states in full (a report is not older than what it tells),
        else a default."""
        if document.published is not None:
            return document.published
        default = self.default_date or dt.date.today()
        dates = [ent.text for ent in (doc.ents if doc else ()) if ent.label_ == "DATE"]
        return max(filter(None, (_stated_day(text, default) for text in dates)), default=default)

    def extract(self, document: Document, doc: Doc) -> Extraction:
        anchor = self.anchor(document, doc)
        tallies = extract_tallies(self.kb, document, doc, anchor, lambda name: country_code(self.resolver, name))
        counted = {t.spans["count"].start for t in tallies}
        tally_tokens = {token.i for token in doc if token.idx in counted}
        reader = _EventReader(self.kb, self.resolver, document, doc, anchor, tally_tokens, self._weapons(doc))
        events = reader.read()
        notes = []
        if document.published is None:
            why = "the default" if anchor == (self.default_date or dt.date.today()) else "the latest day the text states"
            notes.append(f"no publication date: relative dates resolved against {anchor} ({why})")
        return Extraction(events=events, tallies=tallies, notes=notes)


def _stated_day(expression: str, default: dt.date) -> dt.date | None:
    """The day a date expression names whatever the anchor ("23 November 2023", "Thursday,
    November 23"): it resolves to the same day a year apart. None for relative ones."""
    now = timex.resolve(expression, default)
    if now is None or now.precision != 1 or now.date > default:
        return None
    later = timex.resolve(expression, default + dt.timedelta(days=365))
    return now.date if later is not None and later.date == now.date else None


def build_extractor(knowledge_dir: Path | None = None, model: str | None = None) -> RuleExtractor:
    kb = load_knowledge(knowledge_dir)
    resolver = build_resolver(kb if knowledge_dir is not None else None)
    return RuleExtractor(kb, load_pipeline(kb, model or DEFAULT_MODEL), resolver=resolver)


# -- reading one document ------------------------------------------------------------


class _EventReader:
    """The state of reading one document: the running date of the story, events so far."""

    def __init__(
        self,
        kb: Knowledge,
        resolver: Resolver,
        document: Document,
        doc: Doc,
        anchor: dt.date,
        tally_tokens: set[int],
        weapon_at: dict[int, tuple[str, Span]],
    ):
        self.kb = kb
        self.resolver = resolver
        self.tally_tokens = tally_tokens
        self.document = document
        self.doc = doc
        self.anchor = anchor
        self.context_date: tuple[timex.ResolvedDate, Span] | None = None
        self.candidates: list[Candidate] = []
        self._rules: dict[int, Trigger | None] = {}
        self.weapon_at = weapon_at
        #: countries the document names: they decide between towns of the same name
        named = [code for ent in doc.ents if ent.label_ == "GPE" and (code := country_code(resolver, ent.text))]
        #: the document's place names, resolved together so that they decide between homonyms
        self.places = DocumentPlaces(resolver, [ent.text for ent in doc.ents if ent.label_ in PLACE_LABELS])
        self.main_country = Counter(named).most_common(1)[0][0] if named else None

    def read(self) -> list[EventMention]:
        sentences = list(self.doc.sents)
        for index, sentence in enumerate(sentences):
            self._read_sentence(index, sentence)
        events = [event for c in self.candidates for event in self._events(c)]
        return merge_retellings(events, self.document.text)

    # sentence level ------------------------------------------------------------------

    def _read_sentence(self, index: int, sentence: Span) -> None:
        if _starts_with_break(sentence):
            self.context_date = None
        before = len(self.candidates)
        triggers = [t for t in sentence if self._trigger(t) is not None]
        claimed = self._claim(sentence)
        event_triggers = [t for t in triggers if self._trigger(t).kind in EVENT_KINDS]
        primary = [t for t in event_triggers if not self._trigger(t).secondary]
        if primary:
            event_triggers = primary
        clauses = _clauses(event_triggers, sentence)
        new: list[Candidate] = []
        for trigger in event_triggers:
            rule = self._trigger(trigger)
            if not self._states_an_event(trigger, sentence):
                continue
            candidate = Candidate(trigger, rule, clauses[trigger.i], index)
            self._fill(candidate, sentence)
            if rule.secondary and not (candidate.places and (candidate.weapons or candidate.actor1)):
                continue  # "Then 8 people were killed": a number for the event told before
            if rule.lemma in NEEDS_WEAPON and not candidate.weapons:
                continue  # "launched an investigation"
            if self._is_summary_or_reference(candidate):
                self._date_back_reference(candidate, sentence)
                continue
            if not self._is_armed(candidate):
                continue  # "a legal battle", "intercepted a pass", "attacked the budget"
            new.append(candidate)
        new = _merge_same_clause(new)
        if any(c.places for c in new):  # "bases were attacked: drones struck al-Tanf ..."
            new = [c for c in new if c.places or c.quantity]
        self.candidates.extend(new)
        sentence_date = self._explicit_date(sentence)
        running = sentence_date or self.context_date
        for candidate in new:
            if candidate.date is None and running is not None:
                candidate.date, candidate.date_span = running
        if sentence_date is not None:
            self.context_date = sentence_date
        self._numbers_and_outcomes(sentence, self.candidates[before:] or self._previous(index))
        if claimed is not None:
            self._apply_claim(claimed, new or self._same_story(index))

    def _previous(self, index: int) -> list[Candidate]:
        """The events of the sentence just before, which a bare follow-up sentence is about."""
        return [c for c in self.candidates if c.sentence_index == index - 1]

    def _same_story(self, index: int) -> list[Candidate]:
        """Events a claim sentence covers: the recent ones with the current running date."""
        current = self.context_date[0].date if self.context_date else None
        return [
            c
            for c in self.candidates
            if c.sentence_index >= index - 6 and (c.date is None or c.date.date == current)
        ]

    def _trigger(self, token: Token) -> Trigger | None:
        if token.i not in self._rules:
            self._rules[token.i] = self._read_trigger(token)
        return self._rules[token.i]

    def _read_trigger(self, token: Token) -> Trigger | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and any(c.dep_ in {"prt", "advmod"} and c.lower_ == "down" for c in token.children):
            lemma = f"{lemma} down"
        for child in token.lefts:  # "drone strike", "air raid": the compound says more
            if child.dep_ == "compound" and f"{child.lemma_.lower()} {lemma}" in self.kb.triggers:
                lemma = f"{child.lemma_.lower()} {lemma}"
        rule = self.kb.triggers.get(lemma) or self.kb.triggers.get(token.lower_)
        if rule is None or token.pos_ not in rule.pos:
            return None
        if token.dep_ in {"compound", "amod", "nmod"} and token.head.lemma_.lower() in self.kb.weapons:
            return None  # "attack drones": a kind of weapon
        if token.i in self.weapon_at and len(self.weapon_at[token.i][1]) > 1:
            return None  # "attack unmanned aerial vehicles"
        return rule

    def _states_an_event(self, trigger: Token, sentence: Span) -> bool:
        """Not a threat, a hypothetical, a habit or a denial: something that happened."""
        verb = trigger if trigger.pos_ == "VERB" else _governing_verb(trigger)
        for token in [trigger, *trigger.ancestors]:
            if token.lemma_.lower() in self.kb.report_verbs:
                break  # what is reported: "said that drones struck" is still an event
            if token.lemma_.lower() in HABITUAL_HEADS or token.lemma_.lower() in self.kb.modality:
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
        if any(child.lower_ in HABITUAL_ADVERBS for child in verb.children if child.dep_ == "advmod"):
            return False
        if trigger.dep_ in {"amod", "compound"} and self._trigger(trigger.head) is not None:
            return False  # "attempted attack", "missile strike": the head word is the event
        if any(t.i in self.tally_tokens for t in trigger.subtree if trigger.i in (t.head.i, t.head.head.i)):
            return False  # "attacked 46 times since October 17": a running count, a tally
        for times in (c for c in trigger.children if c.lower_ == "times"):
            count = next((parse_number(n.text) for n in times.children if n.dep_ == "nummod"), None)
            if count is not None and count > 1:
                return False  # "attacked at least four times on Wednesday": a summary of several
        return True

    def _is_armed(self, candidate: Candidate) -> bool:
        """Political violence has a weapon, an armed actor of the knowledge base, or a
        military site: without any of them 'battle', 'attack' and 'intercept' are other news."""
        if candidate.weapons or candidate.actor1 or candidate.actor2:
            return True
        return any(p.hosts or p.precision == 1 and p.latitude is not None and self.kb.place(p.name) for p in candidate.places)

    def _is_summary_or_reference(self, candidate: Candidate) -> bool:
        """'the attacks' (said before) and 'four attacks from Iraq and Syria' (many) are not new."""
        trigger = candidate.trigger
        if trigger.pos_ == "VERB":  # "the strikes destroyed ...": what the strikes told before did
            subject = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
            return (
                subject is not None
                and self._trigger(subject) is not None
                and any(c.lower_ in DEFINITE or c.dep_ == "poss" for c in subject.children)
                and not any(p.precision == 1 for p in candidate.places)
            )
        if trigger.pos_ != "NOUN":
            return False
        determiners = {c.lower_ for c in trigger.children if c.dep_ == "det"}
        possessed = any(c.dep_ == "poss" for c in trigger.children)  # "Today's strikes", "Iran's attack"
        has_number = candidate.quantity is not None
        specific_place = any(p.precision < 4 for p in candidate.places)
        if (determiners & DEFINITE or possessed) and not has_number and not specific_place:
            return True
        site = any(p.precision == 1 for p in candidate.places)
        if trigger.tag_ == "NNS" and not has_number and not site and candidate.date is None and not self._related_by_offset(trigger):
            return True  # "attacks against vessels transiting the Red Sea": a summary
        if trigger.tag_ == "NNS" and not candidate.places and not self._related_by_offset(trigger):
            return candidate.actor1 is None or candidate.actor2 is None
        if has_number and candidate.quantity[0] > 1 and not candidate.places:
            return candidate.rule.lemma == "attack"
        return False

    def _related_by_offset(self, trigger: Token) -> bool:
        return _offset_word(trigger) is not None

    def _date_back_reference(self, candidate: Candidate, sentence: Span) -> None:
        """'the strikes took place over the past few hours' dates the strikes told before."""
        if candidate.date is None:
            return
        for earlier in reversed(self.candidates):
            if earlier.sentence_index < candidate.sentence_index - 3:
                break
            if earlier.date is None and earlier.rule.kind == candidate.rule.kind:
                earlier.date, earlier.date_span = candidate.date, candidate.date_span

    def _explicit_date(self, sentence: Span) -> tuple[timex.ResolvedDate, Span] | None:
        """A date the sentence gives for what happened (not when someone said something)."""
        for ent in sentence_ents(sentence):
            if ent.label_ not in {"DATE", "TIME"} or _is_statement_date(ent, self.kb):
                continue
            if _is_since(ent):
                continue
            resolved = timex.resolve(ent.text, self.anchor)
            if resolved is not None:
                return resolved, ent
        return None

    # clause level --------------------------------------------------------------------

    def _fill(self, candidate: Candidate, sentence: Span) -> None:
        clause = candidate.clause
        clause_ids = {t.i for t in clause}
        candidate.outcome = candidate.rule.outcome
        if candidate.rule.weapon:
            candidate.weapons[candidate.rule.weapon] = candidate.trigger
        fires = candidate.rule.lemma in FIRING_LEMMAS or candidate.rule.kind == "intercept"
        targets = set() if fires else _target_ids(candidate.trigger)
        for token in clause:
            if token.i not in targets:  # "destroyed rocket launchers": a target, not the weapon
                self._weapon(token, candidate)
        candidate.places = self._places(sentence, clause_ids, candidate.trigger)
        candidate.actor1, candidate.actor2 = self._actors(candidate, sentence, clause_ids)
        speaker = self._speaker_as_doer(candidate.trigger)
        if speaker is not None and candidate.actor1 is not None and speaker[0] == candidate.actor1[0]:
            actor = self.kb.actors.get(speaker[0])
            if actor is not None and actor.acled_type not in STATE_ACTOR_TYPES:
                candidate.claimed_by = speaker  # a group saying it struck is claiming the attack
        candidate.quantity = self._quantity(candidate)
        if any(c.lower_ in {"attempted", "failed", "foiled"} for c in candidate.trigger.children) or (
            candidate.trigger.head.lemma_ == "attempt"
        ):
            candidate.outcome = "attempted"
        for ent in sentence_ents(sentence):
            if ent.label_ in {"DATE", "TIME"} and ent.start in clause_ids and not _is_statement_date(ent, self.kb) and not _is_since(ent):
                resolved = timex.resolve(ent.text, self.anchor)
                if resolved is not None:
                    candidate.date, candidate.date_span = resolved, ent
                    break
        if candidate.date is None:  # "overnight", "yesterday": often not tagged as dates
            for token in clause:
                if token.lower_ in DAY_WORDS and token.ent_type_ not in {"DATE", "TIME"}:
                    resolved = timex.resolve(token.text, self.anchor)
                    if resolved is not None:
                        candidate.date, candidate.date_span = resolved, self.doc[token.i : token.i + 1]
                        break
        if candidate.date is None:
            self._date_by_offset(candidate)

    def _weapon(self, token: Token, candidate: Candidate) -> None:
        if token.i in self.weapon_at:
            category, words = self.weapon_at[token.i]
            candidate.weapons.setdefault(category, words)

    def _places(self, sentence: Span, clause_ids: set[int], trigger: Token) -> list[PlaceMention]:
        found: list[PlaceMention] = []
        agent_side = _roles(trigger)[0] | {t.i for t in trigger.children if t.dep_ in {"nsubj", "agent"}}
        for ent in sentence_ents(sentence):
            if ent.start not in clause_ids or _is_launch_site(ent, trigger):
                continue
            if _in_subordinate(ent.root, trigger) or ent.root.i in agent_side:
                continue
            if _is_dateline(ent) or _is_time_zone(ent):
                continue  # "TAMPA, Fla. - ...", "0830 (Sanaa time)": where it was written, a clock
            if any(a.dep_ == "prep" and a.lower_ in TIME_PREPOSITIONS for a in ent.root.ancestors):
                continue
            if _is_modifier(ent) and not ent.ent_id_.startswith("place:"):
                continue
            place = self._place(ent)
            if place is None:
                continue
            if any(p.span.start <= ent.start < p.span.end for p in found):
                continue
            found.append(place)
        specific = [p for p in found if p.precision == 1] or [p for p in found if p.precision < 4]
        if specific:
            countries = {p.country for p in found if p.precision == 4}
            for place in specific:
                if place.country is None and len(countries) == 1:
                    place.country = next(iter(countries))
            return specific
        return found

    def _place(self, ent: Span) -> PlaceMention | None:
        if ent.ent_id_.startswith("place:"):
            known = self.kb.places.get(ent.ent_id_.removeprefix("place:"))
            return _known_place(ent, known) if known else None
        if ent.ent_id_.startswith("actor:") or ent.label_ not in PLACE_LABELS | MISTYPED_PLACE_LABELS:
            return None
        text = _strip_article(ent.text)
        known = self.kb.place(text)
        if known is not None:
            return _known_place(ent, known)
        if ent.label_ in MISTYPED_PLACE_LABELS:  # "shelled Kharkiv" with Kharkiv typed a person
            root = ent.root
            placed = root.dep_ in {"dobj", "nsubjpass"} or (
                root.dep_ == "pobj" and root.head.lower_ in {"in", "at", "near", "on", "into", "toward", "towards"}
            )
            if not placed or not self.places.is_sizeable_town(text):
                return None
        place = self.places.place(text)
        if place is None:
            if ent.label_ == "GPE":  # a place the gazetteer lacks: named, in the story's country
                return PlaceMention(ent, text, self.main_country, 1)
            return None
        direction = _compass_before(ent)
        if direction is not None and place.precision >= 3:  # "northeastern Syria": a part of it
            span = ent.doc[direction.i : ent.end]
            part = self.places.place(span.text) or place
            return PlaceMention(span, part.name, part.country, 3, part.latitude, part.longitude, admin1=part.admin1)
        near = _is_near(ent) or place.precision == 2
        precision = 1 if place.precision <= 2 else place.precision
        name = text if place.kind == "city" else place.name  # a town as the story spells it
        return PlaceMention(ent, name, place.country, precision, place.latitude, place.longitude, near, admin1=place.admin1)

    def _actors(
        self, candidate: Candidate, sentence: Span, clause_ids: set[int]
    ) -> tuple[tuple[str, Span] | None, tuple[str, Span] | None]:
        trigger = candidate.trigger
        agent_side, patient_side = _roles(trigger)
        actor1 = actor2 = None
        for name, span in self._actor_mentions(sentence):
            if span.start not in clause_ids and span.root.i not in clause_ids:
                continue
            if _is_launch_site(span, trigger):
                if actor1 is None and candidate.rule.kind != "intercept":
                    actor1 = (name, span)
                continue
            position = span.root.i
            if position in agent_side and actor1 is None:
                actor1 = (name, span)
            elif position in patient_side and actor2 is None:
                actor2 = (name, span)
        if actor1 is None:
            actor1 = self._modifier_actor(trigger) or self._country_actor(sentence, agent_side)
        if actor1 is None:
            actor1 = self._speaker_as_doer(trigger)
        subjectless = not any(c.dep_ in {"nsubj", "nsubjpass", "auxpass"} for c in trigger.children)
        if actor1 is None and trigger.pos_ == "VERB" and subjectless:
            actor1 = self._actor_just_before(sentence, trigger)
            if actor2 is not None and actor1 is not None and actor2[0] == actor1[0]:
                actor2 = None
        if candidate.rule.kind == "intercept":
            return actor1, actor2 if actor2 and actor2[0] != (actor1 or ("",))[0] else None
        return actor1, actor2

    def _speaker_as_doer(self, trigger: Token) -> tuple[str, Span] | None:
        """'The Islamic Resistance in Iraq said it had targeted ...': 'it' is the speaker."""
        pronoun = next((c for c in trigger.children if c.dep_ == "nsubj" and c.pos_ == "PRON"), None)
        report = trigger.head
        if pronoun is None or report.i == trigger.i or report.lemma_.lower() not in self.kb.report_verbs:
            return None
        speaker = next((c for c in report.children if c.dep_ == "nsubj"), None)
        if speaker is None:
            return None
        for name, span in self._actor_mentions(trigger.sent):
            if speaker.left_edge.i <= span.root.i <= speaker.right_edge.i:
                return name, span
        return None

    def _actor_just_before(self, sentence: Span, trigger: Token) -> tuple[str, Span] | None:
        """'..., Iran's Revolutionary Guard Corps launched missiles' parsed without a subject:
        the actor named right before the verb did it."""
        for name, span in self._actor_mentions(sentence):
            if 0 <= trigger.i - span.end <= 1:
                return name, span
        return None

    def _country_actor(self, sentence: Span, agent_side: set[int]) -> tuple[str, Span] | None:
        """'the US intercepted ...': a country doing the act stands for its armed forces."""
        for ent in sentence_ents(sentence):
            if ent.label_ != "GPE" or ent.root.i not in agent_side:
                continue
            code = country_code(self.resolver, ent.text)
            forces = self.kb.country_forces.get(code) if code else None
            if forces is not None:
                return forces, ent
        return None

    def _modifier_actor(self, trigger: Token) -> tuple[str, Span] | None:
        """'US strikes', 'Israeli airstrikes': the side named before the event noun."""
        for child in trigger.lefts:
            if child.dep_ not in {"compound", "amod", "nmod", "poss"}:
                continue
            for actor, modifiers in self.kb.actor_modifiers.items():
                if child.lower_ in modifiers:
                    return actor, self.doc[child.left_edge.i : child.i + 1]
        return None

    def _actor_mentions(self, sentence: Span) -> Iterator[tuple[str, Span]]:
        return actor_mentions(self.kb, sentence)

    def _quantity(self, candidate: Candidate) -> tuple[int, Token] | None:
        heads = [candidate.trigger, *[w for w in candidate.weapons.values() if isinstance(w, Token)]]
        heads += [w.root for w in candidate.weapons.values() if isinstance(w, Span)]
        if candidate.trigger.pos_ == "VERB":
            heads += [c for c in candidate.trigger.children if c.dep_ in {"dobj", "nsubj", "nsubjpass"}]
        for head in heads:
            for child in head.children:
                if child.dep_ == "nummod":
                    value = parse_number(child.text)
                    if value is not None:
                        return value, child
        return None

    def _date_by_offset(self, candidate: Candidate) -> None:
        """'a day after US strikes': the strikes are dated from the story's running date."""
        word = _offset_word(candidate.trigger)
        if word is None or self.context_date is None:
            return
        start = word.i
        while start > word.sent.start and self.doc[start - 1].ent_type_ in {"DATE", "TIME"}:
            start -= 1
        phrase = self.doc[start : word.i + 1]
        offset = timex.offset_days(phrase.text)
        if offset is None:
            return
        reference = self.context_date[0]
        candidate.date = timex.ResolvedDate(reference.date + dt.timedelta(days=offset), reference.precision)
        candidate.date_span = phrase

    # numbers and claims ----------------------------------------------------------------

    def _numbers_and_outcomes(self, sentence: Span, candidates: list[Candidate]) -> None:
        """Deaths, injuries and 'no damage' stated in a sentence belong to its events."""
        if not candidates:
            return
        target = candidates[-1]
        for token in sentence:
            lemma = token.lemma_.lower()
            if lemma in {"no", "without"} or token.dep_ == "neg":
                negated = token.head
                words = {negated.lemma_.lower(), *(c.lemma_.lower() for c in negated.conjuncts)}
                if words & {"casualty", "death", "fatality"}:
                    for c in candidates:
                        c.fatalities = (0, token)
                        c.injuries = (0, token)
                        c.outcome = "no_damage" if c.outcome in {"unknown", "hit"} else c.outcome
                elif words & {"damage"}:
                    for c in candidates:
                        c.outcome = "no_damage" if c.outcome in {"unknown", "hit"} else c.outcome
                elif words & {"injury"}:
                    for c in candidates:
                        c.injuries = (0, token)
            if token.i in self.tally_tokens:
                continue  # "In total, at least 47 people were killed": a tally, not this event's
            if token.like_num and token.ent_type_ not in {"DATE", "TIME", "MONEY", "PERCENT"}:
                value = parse_number(token.text)
                kind = _casualty_kind(token)
                if value is None or kind is None:
                    continue
                if kind == "fatalities" and target.fatalities in (None,) or (target.fatalities and target.fatalities[0] == 0 and kind == "fatalities"):
                    target.fatalities = (value, token)
                elif kind == "injuries":
                    target.injuries = (value, token)

    def _claim(self, sentence: Span) -> tuple[str, Span] | None:
        """'X claimed (responsibility for) the attacks': the claimant."""
        for token in sentence:
            rule = self._trigger(token)
            if rule is None or rule.kind != "claim" or token.pos_ != "VERB":
                continue
            subject = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
            for name, span in self._actor_mentions(sentence):
                if subject and (span.root in subject[0].subtree):
                    return name, span
            for name, span in self._actor_mentions(sentence):
                if span.root.i < token.i:
                    return name, span
        return None

    def _apply_claim(self, claimed: tuple[str, Span], candidates: list[Candidate]) -> None:
        for candidate in candidates:
            if candidate.rule.kind == "intercept":
                continue
            if candidate.actor1 is None or candidate.actor1[0] == claimed[0]:
                candidate.claimed_by = claimed
                candidate.actor1 = claimed

    # output --------------------------------------------------------------------------

    def _events(self, candidate: Candidate) -> Iterator[EventMention]:
        places = candidate.places or [None]
        country_of_actor = None
        if candidate.actor2 is not None:
            actor = self.kb.actors.get(candidate.actor2[0])
            if actor is not None and actor.acled_type not in STATE_ACTOR_TYPES:
                country_of_actor = actor.country
        if candidate.outcome == "unknown" and any(
            n is not None and n[0] > 0 for n in (candidate.fatalities, candidate.injuries)
        ):
            candidate.outcome = "hit"  # it killed or wounded: it struck
        if len(places) > 1 and candidate.quantity and candidate.quantity[1].head.i != candidate.trigger.i:
            candidate.quantity = None  # "three facilities were attacked": one event each
        if len(places) > 1:  # a toll for strikes on several places belongs to none of them alone
            for name in ("fatalities", "injuries"):
                if getattr(candidate, name) and getattr(candidate, name)[0] > 0:
                    setattr(candidate, name, None)
        for place in places:
            yield self._event(candidate, place, country_of_actor)

    def _event(self, c: Candidate, place: PlaceMention | None, fallback_country: str | None) -> EventMention:
        doc_id = self.document.doc_id
        weapons = dict(c.weapons)
        actor1 = self.kb.actors.get(c.actor1[0]) if c.actor1 else None
        if not weapons and c.rule.lemma in {"strike", "airstrike"} and actor1 and actor1.acled_type in STATE_ACTOR_TYPES:
            weapons["aircraft"] = c.trigger  # a state's "strikes" with no weapon named are air strikes
        event_type, sub_event_type = _types(c.rule.kind, set(weapons))
        tokens = [t for t in c.clause]
        if place is not None and len(c.places) > 1:
            start = min(c.trigger.i, place.span.start)
            end = max(c.trigger.i + 1, place.span.end)
        else:
            start, end = tokens[0].i, tokens[-1].i + 1
        evidence_span = self.doc[start:end]
        spans: dict[str, Evidence] = {"event_type": evidence_of(doc_id, c.trigger)}
        country = place.country if place else None
        if country is None and place is None:
            country = fallback_country or self._previous_country(c)
        elif country is None:  # at sea: ACLED files it under the coastal state of the armed group
            country = self._home_of_group(c) or self.main_country
        if place is not None and place.latitude is not None:
            latitude, longitude, precision = place.latitude, place.longitude, place.precision
            if place.near and precision == 1:
                precision = 2
        else:  # no place, or one the gazetteer lacks: the country's point, and precision says so
            country_point = country_entry(self.resolver, country)
            latitude = country_point.latitude if country_point else None
            longitude = country_point.longitude if country_point else None
            precision = 4 if country_point else None
        actor2 = c.actor2
        if actor2 is None and place is not None and place.hosts and c.rule.kind != "intercept":
            host = place.hosts[0]  # "rockets hit Camp Taji": the forces stationed there
            if c.actor1 is None or c.actor1[0] != host:
                actor2 = (host, place.span)
        if place is not None:
            spans["location"] = evidence_of(doc_id, place.span)
        for name, found in (("actor1", c.actor1), ("actor2", actor2), ("claimed_by", c.claimed_by)):
            if found is not None:
                spans[name] = evidence_of(doc_id, found[1])
        if c.date_span is not None:
            spans["date"] = evidence_of(doc_id, c.date_span)
        for category, where in weapons.items():
            spans[f"weapons.{category}"] = evidence_of(doc_id, where)
        for name, value in (("quantity", c.quantity), ("fatalities", c.fatalities), ("injuries", c.injuries)):
            if value is not None:
                spans[name] = evidence_of(doc_id, value[1])
        return EventMention(
            doc_id=doc_id,
            event_type=event_type,
            sub_event_type=sub_event_type,
            evidence=evidence_of(doc_id, evidence_span),
            evidence_text=evidence_span.text,
            date=c.date.date if c.date else None,
            time_precision=c.date.precision if c.date else None,
            actor1=c.actor1[0] if c.actor1 else None,
            actor2=actor2[0] if actor2 else None,
            claimed_by=c.claimed_by[0] if c.claimed_by else None,
            country=country,
            location=place.name if place and place.precision < 4 else None,
            admin1=place.admin1 if place else None,
            latitude=latitude,
            longitude=longitude,
            geo_precision=precision,
            weapons=tuple(sorted(weapons)) or ("unspecified",),
            quantity=c.quantity[0] if c.quantity else None,
            outcome=c.outcome,
            fatalities=c.fatalities[0] if c.fatalities else None,
            injuries=c.injuries[0] if c.injuries else None,
            spans=spans,
        )

    def _home_of_group(self, candidate: Candidate) -> str | None:
        for found in (candidate.actor1, candidate.actor2):
            actor = self.kb.actors.get(found[0]) if found else None
            if actor is not None and actor.acled_type not in STATE_ACTOR_TYPES and actor.country:
                return actor.country
        return None

    def _previous_country(self, candidate: Candidate) -> str | None:
        for earlier in reversed(self.candidates):
            if earlier is candidate:
                continue
            for place in earlier.places:
                if place.country:
                    return place.country
        return None


def merge_retellings(events: list[EventMention], text: str) -> list[EventMention]:
    """One event per place per day: a paragraph that tells the same attack on the same
    place again ('the attack', 'more than 30 rockets', 'one hit a munitions store') adds
    details to the first telling, not new events."""
    kept: list[EventMention] = []

    def paragraph(event: EventMention) -> int:
        return text.count("\n\n", 0, event.evidence.start)

    def retells(event: EventMention, earlier: EventMention) -> bool:
        if earlier.event_type != event.event_type:
            return False
        if earlier.date is not None and event.date is not None and earlier.date != event.date:
            return False
        if event.location is not None:
            if earlier.location != event.location:
                return False
            # undated earlier, dated later, in another paragraph: two reports (ACLED keeps both)
            return paragraph(earlier) == paragraph(event) or event.date is None or earlier.date == event.date
        # no place of its own: the attack the paragraph is about, or the same side's attack
        # on the same country, told again
        same_country = event.country is None or earlier.country in (None, event.country)
        same_side = event.actor1 is not None and earlier.actor1 == event.actor1 and event.country is not None
        return same_country and (paragraph(earlier) == paragraph(event) or same_side)

    for event in events:
        twin = next((k for k in reversed(kept) if retells(event, k)), None)
        if twin is None:
            kept.append(event)
            continue
        for name in ("date", "time_precision", "actor1", "actor2", "claimed_by", "sub_event_type",
                     "quantity", "fatalities", "injuries"):
            if getattr(twin, name) is None and getattr(event, name) is not None:
                setattr(twin, name, getattr(event, name))
                if name in event.spans:
                    twin.spans[name] = event.spans[name]
        if twin.weapons == ("unspecified",):  # the retelling may name the weapon
            twin.weapons = event.weapons
        known = set(twin.weapons) - {"unspecified"}
        if twin.outcome == "unknown":
            twin.outcome = event.outcome
        if twin.sub_event_type is None or known != set(twin.weapons):
            twin.event_type, twin.sub_event_type = _types_of(twin)
    return kept


def _types_of(event: EventMention) -> tuple[str, str | None]:
    if event.event_type == "Strategic developments":
        return event.event_type, event.sub_event_type
    if event.event_type == "Battles" and "small_arms" not in event.weapons:
        return event.event_type, event.sub_event_type
    return _types("attack", set(event.weapons) - {"unspecified"})


# -- parse helpers (pure functions of spaCy tokens) -----------------------------------


def _types(kind: str, weapons: set[str]) -> tuple[str, str | None]:
    """ACLED type and sub-type from what happened and with what (GUIDELINES.md's table)."""
    if kind == "intercept":
        return "Strategic developments", "Disrupted weapons use"
    if kind == "clash":
        return "Battles", "Armed clash"
    if weapons & {"drone", "aircraft"}:
        return "Explosions/Remote violence", "Air/drone strike"
    if weapons & {"missile", "rocket", "artillery"}:
        return "Explosions/Remote violence", "Shelling/artillery/missile attack"
    if "ied" in weapons:
        return "Explosions/Remote violence", "Remote explosive/landmine/IED"
    if weapons == {"small_arms"}:
        return "Battles", "Armed clash"
    return "Explosions/Remote violence", None


def _governing_verb(token: Token) -> Token:
    current = token
    while current.pos_ not in {"VERB", "AUX"} and current.head.i != current.i:
        current = current.head
    return current


def _clause_head(trigger: Token) -> Token:
    """A verb trigger heads its clause; an event noun shares its verb's only when the verb
    just carries it ('carried out two airstrikes', 'a strike took place at ...')."""
    if trigger.pos_ == "VERB":
        return trigger
    verb = _governing_verb(trigger)
    if verb.lemma_.lower() in DOING_VERBS | HAPPENING_VERBS and trigger.head.i == verb.i:
        return verb
    if _under_attack(trigger):
        return verb
    return trigger


def _under_attack(trigger: Token) -> bool:
    """'Kyiv came under fire': the subject of 'come under' is the target."""
    return trigger.head.lower_ == "under" and trigger.head.head.lemma_.lower() in {"come", "be"}


def _clauses(triggers: list[Token], sentence: Span) -> dict[int, list[Token]]:
    """Each trigger's clause: its head's subtree without the clauses of other triggers."""
    heads = {t.i: _clause_head(t) for t in triggers}
    clauses: dict[int, list[Token]] = {}
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
        clauses[trigger.i] = own or [trigger]
    return clauses


def _merge_same_clause(candidates: list[Candidate]) -> list[Candidate]:
    """Two triggers of one clause ('launched a drone attack') make one event."""
    merged: list[Candidate] = []
    for candidate in candidates:
        twin = next((m for m in merged if {t.i for t in m.clause} == {t.i for t in candidate.clause}), None)
        if twin is None:
            merged.append(candidate)
            continue
        for category, where in candidate.weapons.items():
            twin.weapons.setdefault(category, where)
        twin.quantity = twin.quantity or candidate.quantity
        twin.date = twin.date or candidate.date
        twin.actor1 = twin.actor1 or candidate.actor1
        twin.actor2 = twin.actor2 or candidate.actor2
        if candidate.rule.kind == "intercept":
            twin.rule, twin.outcome = candidate.rule, candidate.outcome
    return merged


def _roles(trigger: Token) -> tuple[set[int], set[int]]:
    """Token positions on the doer's side and on the target's side of a trigger."""
    agent: set[int] = set()
    patient: set[int] = set()
    verb = trigger if trigger.pos_ == "VERB" else None
    if trigger.pos_ == "NOUN":
        for child in trigger.children:
            if child.dep_ in {"compound", "amod", "poss", "nmod"}:
                agent |= {t.i for t in child.subtree}
            elif child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                agent |= {t.i for t in child.subtree}
            elif child.dep_ in {"prep", "acl", "relcl"}:
                patient |= {t.i for t in child.subtree}
        head = trigger.head
        if trigger.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in DOING_VERBS:
            verb = head
        elif _under_attack(trigger):
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
    if verb is not None:
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        for child in verb.children:
            ids = {t.i for t in child.subtree}
            if child.dep_ == "nsubj" and not passive:
                agent |= ids
            elif child.dep_ in {"nsubjpass", "nsubj"}:  # "US forces were attacked"
                patient |= ids
            elif child.dep_ == "agent":
                agent |= ids
            elif child.dep_ in {"dobj", "dative", "attr"} and child.i != trigger.i:
                (patient if trigger.pos_ == "VERB" or not passive else patient).__ior__(ids)
            elif child.dep_ == "prep" and child.lower_ in {"on", "against", "at", "in", "near", "toward", "towards"}:
                patient |= ids
    return agent - patient, patient


def _offset_word(trigger: Token) -> Token | None:
    """The 'after' of 'a day after US strikes' (as preposition or as conjunction)."""
    if trigger.head.lower_ in {"after", "before"} and trigger.head.dep_ == "prep":
        return trigger.head
    return next((c for c in trigger.children if c.dep_ == "mark" and c.lower_ in {"after", "before"}), None)


def _target_ids(trigger: Token) -> set[int]:
    """Tokens of what a verb acted upon ('destroyed [three radars]')."""
    if trigger.pos_ != "VERB":
        return set()
    objects = {t.i for c in trigger.children if c.dep_ in {"dobj", "nsubjpass"} for t in c.subtree}
    instruments = {  # "targeted the base with drones": the drones are the weapon, not a target
        t.i for i in objects for t in [trigger.doc[i]] if t.dep_ == "prep" and t.lower_ in {"with", "using"}
        for t in t.subtree
    }
    return objects - instruments


def _is_dateline(ent: Span) -> bool:
    """'TAMPA, Fla. - Midday Dec. 14 ...': the place a release was issued from."""
    sentence = ent.sent
    head = sentence[: min(len(sentence), 8)]
    dash = next((t.i for t in head if t.text in {"-", "–", "—", "--"}), None)
    return dash is not None and ent.end <= dash and sentence.start <= ent.start


def _is_time_zone(ent: Span) -> bool:
    """'(Sanaa time)', 'Kyiv time': a clock, not a place."""
    return ent.end < len(ent.doc) and ent.doc[ent.end].lower_ == "time"


def _is_modifier(ent: Span) -> bool:
    """'US' in 'US base', 'Iran' in 'Iran-aligned': a side, not a place."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.text == "-":
        return True
    return ent.root.dep_ in {"compound", "amod", "nmod", "poss"}


def _in_subordinate(token: Token, trigger: Token) -> bool:
    """Whether the path from a word up to the trigger's clause passes through another clause."""
    top = trigger if trigger.pos_ == "VERB" else _governing_verb(trigger)
    for ancestor in [token, *token.ancestors]:
        if ancestor.i in (top.i, trigger.i):
            return False
        if ancestor.dep_ in SUBORDINATE:
            return True
    return False


def _is_launch_site(span: Span, trigger: Token) -> bool:
    """A place or actor reached through 'from' before the trigger: where it came from."""
    for token in span.root.ancestors:
        if token.dep_ == "prep" and token.lower_ in LAUNCH_PREPOSITIONS:
            return True
        if token.i == trigger.i:
            return False
    return False


def _is_statement_date(ent: Span, kb: Knowledge) -> bool:
    """'On November 9, Singh said ...': the day of the statement, not of the events."""
    for token in ent.root.ancestors:
        if token.pos_ in {"VERB", "AUX"}:
            return token.lemma_.lower() in kb.report_verbs
    return False


def _is_since(ent: Span) -> bool:
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return before is not None and before.lower_ in {"since", "until", "through"}


def _starts_with_break(sentence: Span) -> bool:
    """'Earlier ...', 'Meanwhile ...': the story moves to another time."""
    first = sentence[0]
    return first.lower_ in CONTEXT_BREAKS and first.i + 1 < sentence.end


def _compass_before(ent: Span) -> Token | None:
    if ent.start == 0:
        return None
    before = ent.doc[ent.start - 1]
    return before if before.lower_ in COMPASS else None


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _known_place(span: Span, known: KnownPlace) -> PlaceMention | None:
    """A curated place; one without a point ("the Middle East") is too wide to place an event."""
    if known.latitude is None or known.longitude is None:
        return None
    precision = 3 if known.kind in {"region", "sea", "strait"} else 1
    return PlaceMention(
        span, known.name, known.country, precision, known.latitude, known.longitude, _is_near(span), known.hosts,
        known.admin1,
    )


def _is_near(span: Span) -> bool:
    """'near Erbil airport', 'outside the town': close to the place, not at it (precision 2)."""
    before = [t.lower_ for t in span.doc[max(span.sent.start, span.start - 2) : span.start]]
    return bool({"near", "outside", "around", "nearby"} & set(before))


def _casualty_kind(number: Token) -> str | None:
    """'8 people were killed', 'killing three', 'two wounded': which count a number is."""
    words = [number.head, *number.head.children, number.head.head]
    for word in words:
        lemma = word.lemma_.lower()
        if lemma in KILL_LEMMAS or word.lower_ in {"killed", "dead"}:
            return "fatalities"
        if lemma in INJURE_LEMMAS or word.lower_ in {"wounded", "injured"}:
            return "injuries"
    if number.head.lemma_.lower() in PERSON_NOUNS:
        verb = number.head.head
        if verb.lemma_.lower() in KILL_LEMMAS:
            return "fatalities"
        if verb.lemma_.lower() in INJURE_LEMMAS:
            return "injuries"
    return None


# -- many processes ------------------------------------------------------------------

_worker_extractor: RuleExtractor | None = None


def _start_worker(knowledge_dir: Path | None, model: str | None) -> None:
    global _worker_extractor
    _worker_extractor = build_extractor(knowledge_dir, model)


def _worker_ready(_: int) -> bool:
    time.sleep(0.1)  # long enough that each call lands on a worker of its own
    return _worker_extractor is not None


def _extract_chunk(documents: list[Document]) -> list[Extraction]:
    assert _worker_extractor is not None
    return list(_worker_extractor.extract_many(documents))


def in_order(
    submit: Callable[[list[Document]], Any], documents: Iterable[Document], chunk_size: int, in_flight: int
) -> Iterator[Extraction]:
    """Chunks of documents submitted as futures (``.result()``), at most ``in_flight`` at a
    time, their extractions yielded in the documents' order."""
    pending: deque[Any] = deque()
    iterator = iter(documents)
    while chunk := list(islice(iterator, chunk_size)):
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


class ParallelExtractor:
    """The rule extractor in ``workers`` processes, each loading the language pipeline once."""

    version = VERSION

    def __init__(self, workers: int, knowledge_dir: Path | None = None, model: str | None = None):
        self.workers = workers
        # fresh interpreters with one BLAS thread each: the workers are the parallelism
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(variable, "1")
        self.pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(knowledge_dir, model),
        )
        # start every worker now: each loads the language pipeline once, before any work
        assert all(self.pool.map(_worker_ready, range(workers)))

    def extract_many(self, documents: Iterable[Document], chunk_size: int = 16) -> Iterator[Extraction]:
        """Chunks go to the workers, two per worker in flight; results come back in order."""
        return in_order(lambda chunk: self.pool.submit(_extract_chunk, chunk), documents, chunk_size, 2 * self.workers)

    def __call__(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def close(self) -> None:
        self.pool.shutdown()
