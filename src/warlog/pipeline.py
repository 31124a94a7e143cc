"""The pipeline: ingest → analyse → extract → resolve → link → store.

Ingestion yields documents and problems; each document is analysed, extracted from (the
extractor places its events through the resolve stage, whose gazetteer also tells it a
country from a town), passed through the components that follow extraction, and stored
with its extraction in one transaction. Problems are logged and counted; the batch
always goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import tee

from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from warlog.analyse import AnalysisError, check_language, load_language_model
from warlog.ingest import Item, failure
from warlog.model import Document, Extraction, IngestProblem
from warlog.store import Store

if TYPE_CHECKING:  # the extract stage loads spaCy; naming its type must not
    from warlog.extract import Extractor

#: a stage after extraction: it may change what a document's extraction holds
Component = Callable[[Document, Extraction], Extraction]
#: called after each input with what happened to it: stored, duplicate, reprocessed, failed
Progress = Callable[[str, Document | IngestProblem], None]


@dataclass
class IngestReport:
    stored: int = 0
    duplicates: int = 0
    reprocessed: int = 0
    problems: list[IngestProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "doc: no publication date: ..."

    @property
    def failed(self) -> int:
        return len(self.problems)


class Pipeline:
    """Turns documents into stored extractions with a given extractor and components."""

    def __init__(
        self,
        store: Store,
        extractor: Extractor,
        components: Sequence[Component] = (),
        languages: Collection[str] = ("en",),
    ):
        self.store = store
        self.extractor = extractor
        self.components = list(components)
        self.languages = set(languages)
        load_language_model()

    def process(self, documents: Iterable[Document]) -> Iterator[tuple[Document, Extraction | IngestProblem]]:
        """Extract, then resolve and link: everything but storing, streamed in order. A document
        that breaks a stage comes out with the problem instead, and the stream goes on."""
        try:
            yield from self._extract_each(_source(documents))
        except _SourceFailed as failed:  # the documents' source failed, no stage: its error as it is
            raise failed.__cause__ from None

    def _extract_each(self, remaining: Iterator[Document]) -> Iterator[tuple[Document, Extraction | IngestProblem]]:
        while True:
            for_extraction, for_pairing = tee(remaining)
            extract_many = getattr(self.extractor, "extract_many", None)
            if extract_many is not None:
                extractions = extract_many(for_extraction)
            else:
                extractions = (self.extractor(document) for document in for_extraction)
            for document in for_pairing:
                try:
                    extraction = next(extractions)
                except _SourceFailed:
                    raise
                except Exception:  # the stream is broken: is this document to blame?
                    yield document, self._process_alone(document)
                    remaining = for_pairing  # the rest, in a new stream
                    break
                yield document, self._after_extraction(document, extraction)
            else:
                return

    def _after_extraction(self, document: Document, extraction: Extraction) -> Extraction | IngestProblem:
        try:
            for component in self.components:
                extraction = component(document, extraction)
        except Exception as error:  # one document's failure is its problem only
            return _failure(document, error)
        return extraction

    def _process_alone(self, document: Document) -> Extraction | IngestProblem:
        try:
            extraction = self.extractor(document)
        except Exception as error:
            return _failure(document, error)
        return self._after_extraction(document, extraction)

    def ingest(
        self, items: Iterable[Item], *, reprocess: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        """Store every new document, one transaction each, as extraction streams them out."""
        report = IngestReport()
        in_flight: dict[str, str | None] = {}  # content hash -> stored doc_id (None: new)

        def to_extract() -> Iterator[Document]:
            for item in items:
                status = self._triage(item, reprocess, report, in_flight)
                if isinstance(status, Document):
                    yield status
                elif progress is not None:
                    # a refused document is reported as its problem, which names the reason
                    progress(status, report.problems[-1] if status == "failed" else item)

        for document, extraction in self.process(to_extract()):
            stored_id = in_flight.pop(document.content_hash)
            if isinstance(extraction, IngestProblem):
                status = self._fail(extraction, report)
                if progress is not None:
                    progress(status, extraction)
                continue
            progress_status = self._store(document, stored_id, extraction, report)
            if progress is not None:
                progress(progress_status, document)
        return report

    def _triage(
        self, item: Item, reprocess: bool, report: IngestReport, in_flight: dict[str, str | None]
    ) -> str | Document:
        """A status for what needs no extraction; the document to extract for the rest."""
        if isinstance(item, IngestProblem):
            return self._fail(item, report)
        if item.content_hash in in_flight:  # the same text twice, close together
            report.duplicates += 1
            return "duplicate"
        existing = self.store.find_by_hash(item.content_hash)
        if existing is not None and not reprocess:
            self.store.log_duplicate(item, existing)
            report.duplicates += 1
            return "duplicate"
        if existing is not None:
            stored = self.store.document(existing)
            assert stored is not None
            in_flight[item.content_hash] = existing
            return stored
        try:
            document = check_language(item, self.languages)
        except AnalysisError as error:
            return self._fail(IngestProblem(item.origin or item.doc_id, str(error)), report)
        in_flight[item.content_hash] = None
        return document

    def _store(
        self, document: Document, stored_id: str | None, extraction: Extraction, report: IngestReport
    ) -> str:
        report.notes.extend(f"{document.origin or document.doc_id}: {note}" for note in extraction.notes)
        if stored_id is None:
            try:
                self.store.add(document, extraction, self.extractor.version)
            except IntegrityError:
                if self.store.find_by_hash(document.content_hash) is None:
                    raise
                report.duplicates += 1  # another ingest stored the same text meanwhile
                return "duplicate"
            report.stored += 1
            return "stored"
        self.store.replace_extraction(stored_id, extraction, self.extractor.version)
        report.reprocessed += 1
        return "reprocessed"

    def reprocess_stored(self, progress: Progress | None = None) -> IngestReport:
        """Re-run extraction over every stored document (after the extractor changed)."""
        report = IngestReport()
        stored = (self.store.document(doc_id) for doc_id in self.store.doc_ids())
        for document, extraction in self.process(d for d in stored if d is not None):
            if isinstance(extraction, IngestProblem):  # the stored extraction stays as it was
                status = self._fail(extraction, report)
                if progress is not None:
                    progress(status, extraction)
                continue
            status = self._store(document, document.doc_id, extraction, report)
            if progress is not None:
                progress(status, document)
        return report

    def _fail(self, problem: IngestProblem, report: IngestReport) -> str:
        self.store.log_problem(problem)
        report.problems.append(problem)
        return "failed"


def _failure(document: Document, error: Exception) -> IngestProblem:
    """The problem of a document a stage failed on: the error's kind and first line."""
    return IngestProblem(document.origin or document.doc_id, failure("extraction failed", error))


class _SourceFailed(Exception):
    """An error raised by the documents' source, which extraction lets through."""


def _source(documents: Iterable[Document]) -> Iterator[Document]:
    """The documents, an error in producing them marked as the source's own."""
    iterator = iter(documents)
    while True:
        try:
            document = next(iterator)
        except StopIteration:
            return
        except Exception as error:
            raise _SourceFailed() from error
        yield document
