"""warlog: news reports of armed conflict turned into a sourced, deduplicated event database.

``warlog.open(db)`` opens a store for analysis in Python (:mod:`warlog.database`); it is
imported on first use, so that ``import warlog`` (and the command line) stays free of pandas.
"""

from __future__ import annotations

from typing import Any

__all__ = ["open"]


def __getattr__(name: str) -> Any:
    if name == "open":
        from warlog.database import open

        return open
    raise AttributeError(f"module 'warlog' has no attribute {name!r}")
