"""The rule extractor in many processes: each worker process builds the extractor once,
chunks of documents go to the workers and their extractions come back in order.

The worker functions are pickled by name (``warlog.extract.parallel._extract_chunk``):
keep them module-level here. ``in_order`` serves the Dask cluster too (warlog/cluster.py).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any

from warlog.extract import VERSION, RuleExtractor, build_extractor
from warlog.model import Document, Extraction

_worker_extractor: RuleExtractor | None = None


def _start_worker(knowledge_dir: Path | None, model: str | None) -> None:
    global _worker_extractor
    _worker_extractor = build_extractor(knowledge_dir, model)


def _worker_ready(_: int) -> bool:
    time.sleep(0.1)  # long enough that each call lands on a worker of its own
    return _worker_extractor is not None


def _extract_chunk(documents: list[Document]) -> list[Extraction]:
    assert _worker_extractor is not None
    return list(_worker_extractor.extract_many(documents))


def in_order(
    submit: Callable[[list[Document]], Any], documents: Iterable[Document], chunk_size: int, in_flight: int
) -> Iterator[Extraction]:
    """Chunks of documents submitted as futures (``.result()``), at most ``in_flight`` at a
    time, their extractions yielded in the documents' order."""
    pending: deque[Any] = deque()
    iterator = iter(documents)
    while chunk := list(islice(iterator, chunk_size)):
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


class ParallelExtractor:
    """The rule extractor in ``workers`` processes, each loading the language pipeline once."""

    version = VERSION

    def __init__(self, workers: int, knowledge_dir: Path | None = None, model: str | None = None):
        self.workers = workers
        # fresh interpreters with one BLAS thread each: the workers are the parallelism
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(variable, "1")
        self.pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(knowledge_dir, model),
        )
        # start every worker now: each loads the language pipeline once, before any work
        assert all(self.pool.map(_worker_ready, range(workers)))

    def extract_many(self, documents: Iterable[Document], chunk_size: int = 16) -> Iterator[Extraction]:
        """Chunks go to the workers, two per worker in flight; results come back in order."""
        return in_order(lambda chunk: self.pool.submit(_extract_chunk, chunk), documents, chunk_size, 2 * self.workers)

    def __call__(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def close(self) -> None:
        self.pool.shutdown()
