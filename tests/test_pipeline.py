"""The pipeline: documents in, stored extractions out, on SQLite and PostgreSQL.

The extractor here is a small real one written for the tests (the project's extractor is
developed elsewhere): it reports an air strike for every sentence that mentions airstrikes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from importlib.resources import files
from pathlib import Path

import pytest
from news import AIRSTRIKES, ERBIL, FOUR_ATTACKS, FRENCH, GERMAN, TARGETS, article, event_in

from warlog.analyse import detect_language
from warlog.ingest import Reader
from warlog.model import Document, Extraction, IngestProblem
from warlog.pipeline import Pipeline
from warlog.store import Store


class AirstrikeSentences:
    """Finds one 'Air/drone strike' event per sentence that says "airstrike(s)"."""

    def __init__(self, version: str = "airstrikes-1", words: str = r"airstrikes?"):
        self.version = version
        self.words = re.compile(words, re.IGNORECASE)
        self.seen: list[str] = []

    def __call__(self, document: Document) -> Extraction:
        self.seen.append(document.doc_id)
        sentences = re.findall(r"[^.]+\.", document.text)
        return Extraction(
            events=[
                event_in(document, sentence.strip(), country="SY")
                for sentence in sentences
                if self.words.search(sentence)
            ]
        )


def place_in_syria(document: Document, extraction: Extraction) -> Extraction:
    """A resolver: events in Syria get the country's centroid, precision 4."""
    return Extraction(
        events=[
            dataclasses.replace(e, latitude=34.8, longitude=38.99, geo_precision=4)
            if e.country == "SY"
            else e
            for e in extraction.events
        ],
        tallies=extraction.tallies,
    )


def reports() -> list[Document]:
    return [
        article("000_airstrikes", AIRSTRIKES, TARGETS, origin="news/000_airstrikes.txt"),
        article("003_erbil", FOUR_ATTACKS, ERBIL, origin="news/003_erbil.txt"),
    ]


def test_documents_are_stored_with_what_was_extracted_from_them(store: Store):
    extractor = AirstrikeSentences()

    report = Pipeline(store, extractor).ingest(reports())

    assert (report.stored, report.duplicates, report.reprocessed, report.failed) == (2, 0, 0, 0)
    assert extractor.seen == ["000_airstrikes", "003_erbil"]
    assert [e.evidence_text for e in store.events()] == [AIRSTRIKES.split(". ")[0] + "."]
    assert [d.language for d in store.documents()] == ["en", "en"]
    assert [row["status"] for row in store.ingest_log()] == ["stored", "stored"]


def test_resolvers_and_linkers_run_after_the_extractor(store: Store):
    Pipeline(store, AirstrikeSentences(), components=[place_in_syria]).ingest(reports())

    [event] = store.events()
    assert (event.latitude, event.longitude, event.geo_precision) == (34.8, 38.99, 4)


def test_ingesting_the_same_news_again_adds_nothing(store: Store):
    Pipeline(store, AirstrikeSentences()).ingest(reports())
    before = store.counts()
    extractor = AirstrikeSentences()
    rewrapped = [
        article(d.doc_id, d.text.replace("\n\n", "\n  "), origin=f"mirror/{d.doc_id}.txt") for d in reports()
    ]

    report = Pipeline(store, extractor).ingest(rewrapped)

    assert (report.stored, report.duplicates) == (0, 2)
    assert store.counts() == before
    assert extractor.seen == []
    assert [row["status"] for row in store.ingest_log()][-2:] == ["duplicate", "duplicate"]
    assert store.ingest_log()[-1]["doc_id"] == "003_erbil"


def test_the_same_news_twice_in_one_batch_is_stored_once(store: Store):
    copy = article("copy-of-000", AIRSTRIKES, TARGETS, origin="mirror/copy-of-000.txt")

    report = Pipeline(store, AirstrikeSentences()).ingest([*reports(), copy])

    assert (report.stored, report.duplicates) == (2, 1)
    assert store.doc_ids() == ["000_airstrikes", "003_erbil"]


def test_reprocess_runs_a_new_extractor_over_stored_documents_without_doubling(store: Store):
    Pipeline(store, AirstrikeSentences()).ingest(reports())
    wider = AirstrikeSentences(version="strikes-2", words=r"airstrikes?|strikes|drones")

    report = Pipeline(store, wider).ingest(reports(), reprocess=True)

    assert (report.stored, report.duplicates, report.reprocessed) == (0, 0, 2)
    assert [e.doc_id for e in store.events()] == ["000_airstrikes", "000_airstrikes", "003_erbil"]
    assert store.counts()["documents"] == 2
    assert [row["status"] for row in store.ingest_log()][-2:] == ["reprocessed", "reprocessed"]


def test_reprocess_stored_re_extracts_every_document(store: Store):
    Pipeline(store, AirstrikeSentences()).ingest(reports())
    wider = AirstrikeSentences(version="strikes-2", words=r"drones")

    report = Pipeline(store, wider).reprocess_stored()

    assert report.reprocessed == 2
    assert wider.seen == ["000_airstrikes", "003_erbil"]
    assert [e.evidence_text for e in store.events()] == [ERBIL]


def test_text_not_in_english_is_refused_with_its_reason_and_the_batch_goes_on(store: Store):
    french = article("afp-frappes", FRENCH, origin="wire/afp-frappes.txt")
    german = article("dpa-luftangriffe", GERMAN, origin="wire/dpa-luftangriffe.txt")

    report = Pipeline(store, AirstrikeSentences()).ingest([french, *reports(), german])

    assert report.stored == 2
    assert [str(p) for p in report.problems] == [
        "wire/afp-frappes.txt: text is in language 'fr', not en (--language)",
        "wire/dpa-luftangriffe.txt: text is in language 'de', not en (--language)",
    ]
    failed = [r for r in store.ingest_log() if r["status"] == "failed"]
    assert [(r["origin"], r["reason"]) for r in failed] == [(p.origin, p.reason) for p in report.problems]
    assert store.doc_ids() == ["000_airstrikes", "003_erbil"]


def test_other_languages_are_accepted_when_asked_for(store: Store):
    french = article("afp-frappes", FRENCH, origin="wire/afp-frappes.txt")

    report = Pipeline(store, AirstrikeSentences(), languages=["en", "fr"]).ingest([french])

    assert report.stored == 1
    assert store.document("afp-frappes").language == "fr"


def test_text_too_short_to_tell_its_language_is_admitted(store: Store):
    headline = article("headline", "Frappes américaines en Syrie")
    assert detect_language(headline.text) is None

    report = Pipeline(store, AirstrikeSentences()).ingest([headline])

    assert report.stored == 1
    assert store.document("headline").language is None


def test_problems_from_reading_are_logged_and_counted(store: Store, tmp_path: Path):
    (tmp_path / "000_airstrikes.txt").write_text(AIRSTRIKES, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "wire.jsonl").write_text(f'{{"text": "{ERBIL}"}}\n{{"text": \n', encoding="utf-8")
    seen: list[tuple[str, str]] = []

    with Reader() as reader:
        report = Pipeline(store, AirstrikeSentences()).ingest(
            reader.read([str(tmp_path)]),
            progress=lambda status, item: seen.append((status, type(item).__name__)),
        )

    assert (report.stored, report.failed) == (2, 2)
    assert sorted(seen) == [
        ("failed", "IngestProblem"),
        ("failed", "IngestProblem"),
        ("stored", "Document"),
        ("stored", "Document"),
    ]
    assert report.problems == [
        IngestProblem(str(tmp_path / "empty.txt"), "empty file"),
        IngestProblem(str(tmp_path / "wire.jsonl"), "malformed JSON (Expecting value, column 10)", 2),
    ]
    failed = [(r["origin"], r["line"]) for r in store.ingest_log() if r["status"] == "failed"]
    assert failed == [(str(tmp_path / "empty.txt"), None), (str(tmp_path / "wire.jsonl"), 2)]


def test_a_document_without_a_date_is_reported_with_the_default_used(store, extractor):
    pipeline = Pipeline(store, extractor)
    undated = Document("undated", "Drones struck the US base in Al-Tanf in Syria yesterday.", origin="wire.txt")
    report = pipeline.ingest([undated])
    assert report.stored == 1
    [note] = report.notes
    assert note.startswith("wire.txt: no publication date")


def test_the_language_model_is_loaded_when_the_pipeline_is_built(store: Store):
    """Its one-off load happens before documents flow, as the extractor's parser does."""
    from warlog import analyse

    analyse._identifier.cache_clear()
    Pipeline(store, AirstrikeSentences())
    assert analyse._identifier.cache_info().currsize == 1
    assert detect_language("Air strikes hit positions near the town on Tuesday, the ministry said.") == "en"


class BrokenOnWord(AirstrikeSentences):
    """Extracts in batches of three, as a parser does, and fails on any batch holding a word."""

    def __init__(self, word: str):
        super().__init__()
        self.word = word

    def extract_many(self, documents):
        batch: list[Document] = []
        for document in [*documents, None]:
            if document is not None:
                batch.append(document)
            if len(batch) == 3 or (document is None and batch):
                if any(self.word in d.text for d in batch):
                    raise ValueError(f"cannot read {self.word!r}\nsecond line")
                yield from map(self, batch)
                batch = []

    def __call__(self, document: Document) -> Extraction:
        if self.word in document.text:
            raise ValueError(f"cannot read {self.word!r}\nsecond line")
        return super().__call__(document)


def test_a_document_the_extractor_fails_on_is_a_problem_and_the_batch_goes_on(store: Store):
    """The failure breaks the extractor's stream: the document to blame is found by itself,
    the others of its batch and after it are extracted in a new stream and stored."""
    documents = [article(f"{n}", AIRSTRIKES, f"Dispatch {n}.", origin=f"news/{n}.txt") for n in range(7)]
    documents[4] = article("4", AIRSTRIKES, "Dispatch 4, garbled.", origin="news/4.txt")
    progress: list[tuple[str, str]] = []

    report = Pipeline(store, BrokenOnWord("garbled")).ingest(
        documents, progress=lambda status, item: progress.append((status, getattr(item, "origin", ""))))

    assert (report.stored, report.failed) == (6, 1)
    assert report.problems == [IngestProblem("news/4.txt", "extraction failed (ValueError: cannot read 'garbled')")]
    assert sorted(store.doc_ids()) == ["0", "1", "2", "3", "5", "6"]
    assert ("failed", "news/4.txt") in progress
    assert [row["origin"] for row in store.ingest_log() if row["status"] == "failed"] == ["news/4.txt"]


def test_an_error_of_the_documents_source_is_not_taken_for_a_document_s(store: Store):
    """Reading reports its own problems; an error it raises is no extraction's, and is raised."""

    def source():
        yield article("0", AIRSTRIKES, origin="news/0.txt")
        raise RuntimeError("the reader broke")

    with pytest.raises(RuntimeError, match="the reader broke"):
        Pipeline(store, AirstrikeSentences()).ingest(source())
    assert store.doc_ids() == ["0"]


DEV_TEXTS = Path(__file__).parent / "data" / "dev" / "texts"


def checksums(n: int) -> str:
    """A paragraph of an annex listing file checksums: words a parser reads fast, no sentence."""
    return " ".join(hashlib.sha256(f"{n}/{k}".encode()).hexdigest() for k in range(16))


def test_a_report_of_megabytes_is_read_whole_and_every_span_points_into_it(extractor, tmp_path: Path):
    """A text longer than the language pipeline parses at once (a million characters) is read
    in parts: the events of the articles at its start and at its end are found, as in the
    articles alone, and stored with their spans as offsets into the whole text."""
    examples = [
        (files("warlog") / "examples" / name).read_text(encoding="utf-8").split(" ", 3)[3]
        for name in ("000_29a27ad1a1ddff2e.txt", "003_dd54a31c0550380c.txt")
    ]  # the articles without their ' date 2023-11-12' line
    head = "\n\n".join(examples)
    tail = (DEV_TEXTS / "005_dod-iranian-backed-group-kills-3.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    annex = "\n\n".join(checksums(n) for n in range(2_100))
    text = f"{head}\n\n{annex}\n\n{tail}".strip()
    path = tmp_path / "report.txt"
    path.write_text(f"date: 2023-11-24\n\n{text}", encoding="utf-8")
    assert 2_000_000 < path.stat().st_size < 5_000_000  # under the --max-bytes default

    with Store(str(tmp_path / "warlog.db")) as store, Reader() as reader:
        report = Pipeline(store, extractor).ingest(reader.read([str(path)]))
        assert (report.stored, report.failed) == (1, 0), report.problems
        stored = store.document("report")
        events = list(store.document_events("report").values())
        tallies = store.document_tallies("report")

    assert stored is not None and stored.text == text
    alone = extractor(Document("articles", f"{head}\n\n{tail}".strip(), published=dt.date(2023, 11, 24)))
    fields = ("event_type", "sub_event_type", "date", "actor1", "actor2", "location", "weapons", "evidence_text")
    assert sorted(repr([getattr(e, f) for f in fields]) for e in events) == sorted(
        repr([getattr(e, f) for f in fields]) for e in alone.events
    )
    assert sorted(t.evidence_text for t in tallies) == sorted(t.evidence_text for t in alone.tallies)
    at_the_end = [e for e in events if e.evidence.start > len(head) + len(annex)]
    assert at_the_end and len(at_the_end) < len(events)
    for found in [*events, *tallies]:
        assert text[found.evidence.start : found.evidence.end] == found.evidence_text
        assert all(text[s.start : s.end].strip() for s in found.spans.values())
