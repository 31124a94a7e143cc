"""The pipeline: ingest → analyse → extract → resolve → link → store.

Ingestion yields documents and problems; each document is analysed, extracted from,
passed through the resolve and link components, and stored with its extraction in one
transaction. Problems are logged and counted; the batch always goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from warlog.analyse import AnalysisError, check_language
from warlog.extract import Extractor
from warlog.ingest import Item
from warlog.model import Document, Extraction, IngestProblem
from warlog.resolve import Resolver
from warlog.store import Store

#: called after each input with what happened to it: stored, duplicate, reprocessed, failed
Progress = Callable[[str, Document | IngestProblem], None]


@dataclass
class IngestReport:
    stored: int = 0
    duplicates: int = 0
    reprocessed: int = 0
    problems: list[IngestProblem] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.problems)


class Pipeline:
    """Turns documents into stored extractions with a given extractor and components."""

    def __init__(
        self,
        store: Store,
        extractor: Extractor,
        components: Sequence[Resolver] = (),
        languages: Collection[str] = ("en",),
    ):
        self.store = store
        self.extractor = extractor
        self.components = list(components)
        self.languages = set(languages)

    def process(self, document: Document) -> Extraction:
        """Extract, then resolve and link: everything but storing."""
        extraction = self.extractor(document)
        for component in self.components:
            extraction = component(document, extraction)
        return extraction

    def ingest(
        self, items: Iterable[Item], *, reprocess: bool = False, progress: Progress | None = None
    ) -> IngestReport:
        report = IngestReport()
        for item in items:
            status = self._ingest_one(item, reprocess, report)
            if progress is not None:
                progress(status, item)
        return report

    def _ingest_one(self, item: Item, reprocess: bool, report: IngestReport) -> str:
        if isinstance(item, IngestProblem):
            return self._fail(item, report)
        existing = self.store.find_by_hash(item.content_hash)
        if existing is not None and not reprocess:
            self.store.log_duplicate(item, existing)
            report.duplicates += 1
            return "duplicate"
        if existing is not None:
            stored = self.store.document(existing)
            assert stored is not None
            self.store.replace_extraction(existing, self.process(stored), self.extractor.version)
            report.reprocessed += 1
            return "reprocessed"
        try:
            document = check_language(item, self.languages)
        except AnalysisError as error:
            return self._fail(IngestProblem(item.origin or item.doc_id, str(error)), report)
        self.store.add(document, self.process(document), self.extractor.version)
        report.stored += 1
        return "stored"

    def reprocess_stored(self, progress: Progress | None = None) -> IngestReport:
        """Re-run extraction over every stored document (after the extractor changed)."""
        report = IngestReport()
        for doc_id in self.store.doc_ids():
            document = self.store.document(doc_id)
            assert document is not None
            self.store.replace_extraction(
                document.doc_id, self.process(document), self.extractor.version
            )
            report.reprocessed += 1
            if progress is not None:
                progress("reprocessed", document)
        return report

    def _fail(self, problem: IngestProblem, report: IngestReport) -> str:
        self.store.log_problem(problem)
        report.problems.append(problem)
        return "failed"
