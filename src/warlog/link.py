"""Link: relate what one document says to what others said (incidents, sources)."""

from __future__ import annotations

from typing import Protocol

from warlog.model import Document, Extraction


class Linker(Protocol):
    def __call__(self, document: Document, extraction: Extraction) -> Extraction: ...
