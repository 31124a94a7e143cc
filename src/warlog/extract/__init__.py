"""Extract: the events and tallies a document reports, each field with the words behind it.

The extractor reads a spaCy parse sentence by sentence. A *trigger* (a verb or noun of the
knowledge base: "struck", "airstrikes", "intercepted") that states a fact opens an event;
its *clause* (the trigger's part of the parse, without the clauses of other triggers)
gives the arguments: places (the target, never the launch site), actors by their role,
weapons, numbers, time. A clause that names several places gives one event per place,
as ACLED codes. What a sentence leaves unsaid may come from its neighbours: the running
date of the story, a later claim of responsibility, "Then 8 people were killed".

Where each rule lives (one question per module):

- ``triggers``   does a word open an event: a stated fact, not a threat, habit, summary or back-reference
- ``clauses``    which words belong to a trigger: its clause, subordinate clauses, one event per clause
- ``roles``      who did it to whom: doer's and target's sides, actors, launch sites, claims
- ``weapons``    with what: weapon terms and the weapons of a clause
- ``places``     where: the places of a clause (no datelines, time zones, sides), coordinates
- ``casualties`` how many and with what result: quantity, deaths, injuries, outcome
- ``interceptions`` an attack and the interception that ended it: all shot down, or only part
- ``dates``      when: dates of clauses and sentences, day words, "a day after", statement dates
- ``context``    across sentences: story breaks, follow-ups, claims of the same story, retellings
- ``coding``     the ACLED type and sub-type from the kind of event and the weapons
- ``events``     a candidate coded into events, one per place, with the words behind each field
- ``reader``     one document read sentence by sentence, calling the modules above in order
- ``parallel``   the extractor in many processes
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import tee
from pathlib import Path
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span

from warlog.extract.candidate import Candidate, PlaceMention
from warlog.extract.context import merge_retellings
from warlog.extract.dates import anchor_date
from warlog.extract.reader import EventReader
from warlog.extract.weapons import weapon_matcher, weapons_in
from warlog.geocode import Resolver
from warlog.knowledge import Knowledge, load_knowledge
from warlog.model import Document, Extraction
from warlog.nlp import DEFAULT_MODEL, load_pipeline, parse_texts
from warlog.resolve import build_resolver, country_code, place_country
from warlog.tallies import extract_tallies
from warlog.timex import load_date_parser

#: the version stored with each document; bump it when rules change so --reprocess applies
VERSION = "rules-2026.12.6"


class Extractor(Protocol):
    version: str

    def __call__(self, document: Document) -> Extraction: ...


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
        self.weapon_matcher = weapon_matcher(kb, nlp)
        load_date_parser()

    def __call__(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[Document], batch_size: int = 32) -> Iterator[Extraction]:
        """Extract from a stream of documents, parsing them in batches (faster than one by one)
        and a text longer than the language pipeline's limit in parts."""
        for_parsing, for_extraction = tee(documents)
        parsed = parse_texts(self.nlp, (d.text for d in for_parsing), batch_size=batch_size)
        for document, doc in zip(for_extraction, parsed):
            yield self.extract(document, doc)

    def _weapons(self, doc: Doc) -> dict[int, tuple[str, Span]]:
        """Weapon terms in the document, longest match first, by their first token."""
        return weapons_in(self.weapon_matcher, doc)

    def anchor(self, document: Document, doc: Doc | None = None) -> dt.date:
        """The date relative expressions resolve against: the publication date, else the
        latest day the text itself states in full (a report is not older than what it tells),
        else a default."""
        return anchor_date(document, doc, self.default_date or dt.date.today())

    def extract(self, document: Document, doc: Doc) -> Extraction:
        anchor = self.anchor(document, doc)
        tallies = extract_tallies(
            self.kb,
            document,
            doc,
            anchor,
            lambda name: country_code(self.resolver, name),
            lambda name: place_country(self.resolver, name),
            self.nlp,
        )
        counted = {t.spans["count"].start for t in tallies}
        # the tokens the tallies count, found by their offsets (most documents have none)
        starts = doc.to_array("IDX").tolist() if counted else []
        tally_tokens = {i for i, start in enumerate(starts) if start in counted}
        reader = EventReader(self.kb, self.resolver, document, doc, anchor, tally_tokens, self._weapons(doc))
        events = reader.read()
        notes = []
        if document.published is None:
            why = "the default" if anchor == (self.default_date or dt.date.today()) else "the latest day the text states"
            notes.append(f"no publication date: relative dates resolved against {anchor} ({why})")
        return Extraction(events=events, tallies=tallies, notes=notes)


def build_extractor(knowledge_dir: Path | None = None, model: str | None = None) -> RuleExtractor:
    kb = load_knowledge(knowledge_dir)
    resolver = build_resolver(kb if knowledge_dir is not None else None)
    return RuleExtractor(kb, load_pipeline(kb, model or DEFAULT_MODEL), resolver=resolver)


# the process pool needs VERSION and build_extractor above
from warlog.extract.parallel import ParallelExtractor, in_order  # noqa: E402

__all__ = [
    "VERSION",
    "Candidate",
    "EventReader",
    "Extractor",
    "ParallelExtractor",
    "PlaceMention",
    "RuleExtractor",
    "build_extractor",
    "in_order",
    "merge_retellings",
]
