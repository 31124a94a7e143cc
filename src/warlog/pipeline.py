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

    def process(self, documents: list[Document]) -> list[Extraction]:
        """Extract, then resolve and link: everything but storing, for a batch of documents."""
        extract_many = getattr(self.extractor, "extract_many", None)
        if extract_many is not None:
            extractions = list(extract_many(documents))
        else:
            extractions = [self.extractor(document) for document in documents]
        for component in self.components:
            extractions = [component(d, e) for d, e in zip(documents, extractions)]
        return extractions

    def ingest(
        self,
        items: Iterable[Item],
        *,
        reprocess: bool = False,
        progress: Progress | None = None,
        batch_size: int = 16,
    ) -> IngestReport:
        """Store every new document; parse in batches, write one document per transaction."""
        report = IngestReport()
        batch: list[tuple[Document, str | None]] = []  # (document, doc_id when already stored)
        for item in items:
            pending = {document.content_hash: document.doc_id for document, _ in batch}
            status = self._triage(item, reprocess, report, pending)
            if isinstance(status, tuple):
                batch.append(status)
                if len(batch) >= batch_size:
                    self._store_batch(batch, report, progress)
                    batch = []
            elif progress is not None:
                # a refused document is reported as its problem, which names the reason
                progress(status, report.problems[-1] if status == "failed" else item)
        self._store_batch(batch, report, progress)
        return report

    def _triage(
        self, item: Item, reprocess: bool, report: IngestReport, pending: dict[str, str]
    ) -> str | tuple[Document, str | None]:
        """A status for what needs no extraction; the document (and stored id) for what does."""
        if isinstance(item, IngestProblem):
            return self._fail(item, report)
        if item.content_hash in pending:  # the same text twice in one batch
            self.store.log_duplicate(item, pending[item.content_hash])
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
            return stored, existing
        try:
            return check_language(item, self.languages), None
        except AnalysisError as error:
            return self._fail(IngestProblem(item.origin or item.doc_id, str(error)), report)

    def _store_batch(
        self,
        batch: list[tuple[Document, str | None]],
        report: IngestReport,
        progress: Progress | None,
    ) -> None:
        if not batch:
            return
        extractions = self.process([document for document, _ in batch])
        for (document, stored_id), extraction in zip(batch, extractions):
            if stored_id is None:
                self.store.add(document, extraction, self.extractor.version)
                report.stored += 1
                status = "stored"
            else:
                self.store.replace_extraction(stored_id, extraction, self.extractor.version)
                report.reprocessed += 1
                status = "reprocessed"
            if progress is not None:
                progress(status, document)

    def reprocess_stored(self, progress: Progress | None = None, batch_size: int = 16) -> IngestReport:
        """Re-run extraction over every stored document (after the extractor changed)."""
        report = IngestReport()
        doc_ids = self.store.doc_ids()
        for start in range(0, len(doc_ids), batch_size):
            batch = [(self.store.document(d), d) for d in doc_ids[start : start + batch_size]]
            self._store_batch([(doc, d) for doc, d in batch if doc is not None], report, progress)
        return report

    def _fail(self, problem: IngestProblem, report: IngestReport) -> str:
        self.store.log_problem(problem)
        report.problems.append(problem)
        return "failed"
