"""Analyse: what a document is written in, before anything is extracted from it.

warlog's extraction rules are written for English; other languages are turned away at
the door with a reason rather than mined for nonsense.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from warlog.model import Document

#: below this many characters a language guess is not worth acting on
MIN_CHARS_FOR_LANGUAGE = 40
#: a guess below this probability leaves the language unknown (and the text admitted)
MIN_LANGUAGE_PROBABILITY = 0.6


class AnalysisError(Exception):
    """A document the pipeline cannot process, with the reason."""


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load_language_model() -> None:
    """Load the language identifier now (about half a second, once per process), as the
    extractor loads its parser: a stage is ready before documents flow through it."""
    _identifier()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    if len(text) < MIN_CHARS_FOR_LANGUAGE:
        return None
    language, probability = _identifier().classify(text[:5000])
    return language if probability >= MIN_LANGUAGE_PROBABILITY else None


def check_language(document: Document, languages: Collection[str]) -> Document:
    """Record the document's language; refuse it when it is known and not accepted."""
    language = detect_language(document.text)
    if language is not None and language not in languages:
        raise AnalysisError(
            f"text is in language {language!r}, not {'/'.join(sorted(languages))} (--language)"
        )
    document.language = language
    return document
