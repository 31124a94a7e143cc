"""Resolve: give each extracted place coordinates, an admin region and a precision.

A stage is a function from a document and its extraction to an extraction, so that the
geocoder can be swapped in without touching ingestion or storage.
"""

from __future__ import annotations

from typing import Protocol

from warlog.model import Document, Extraction


class Resolver(Protocol):
    def __call__(self, document: Document, extraction: Extraction) -> Extraction: ...
