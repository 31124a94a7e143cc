"""Extract: the events and tallies a document reports.

The extractor is any callable from a Document to an Extraction with a ``version``;
a change of version is what ``warlog ingest --reprocess`` re-runs documents for.
"""

from __future__ import annotations

from typing import Protocol

from warlog.model import Document, Extraction


class Extractor(Protocol):
    version: str

    def __call__(self, document: Document) -> Extraction: ...


class NoExtraction:
    """The extractor before any rules exist: it finds nothing and says so by its version."""

    version = "none"

    def __call__(self, document: Document) -> Extraction:
        return Extraction()


def build_extractor() -> Extractor:
    return NoExtraction()
