"""The extractor's tests read real sentences; ``events`` reads one text with the session's
extractor (tests/conftest.py) as published on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from warlog.extract import RuleExtractor
from warlog.model import Document, EventMention

Events = Callable[..., list[EventMention]]


@pytest.fixture
def events(extractor: RuleExtractor) -> Events:
    def read(text: str, published: str | None = "2023-11-24") -> list[EventMention]:
        date = dt.date.fromisoformat(published) if published else None
        return extractor(Document("doc", text, published=date)).events

    return read
