"""Throughput: end-to-end ingest into a fresh SQLite store, against spaCy alone as the floor.

    python benchmarks/throughput.py --docs 200 [--workers 2] [--texts DIR] [--json]

Builds N distinct documents from the bundled example articles (or the .txt files of
``--texts``, e.g. tests/data/dev/texts), times `warlog`'s whole pipeline (read, analyse,
extract, resolve, store) and, in the same run, `nlp.pipe` over the same texts with the
same language pipeline. `ratio` is warlog's speed over spaCy's. With one worker it also
times every call into the resolve stage: `geocoding_share` is that time over the
pipeline's (the gazetteer's one-off load is `gazetteer_load_s`, outside both).
"""

from __future__ import annotations

import os

# one BLAS thread per process, for spaCy alone and for warlog alike: on a small machine the
# processes are the parallelism, and idle BLAS threads spinning would steal their cores
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from importlib.resources import files  # noqa: E402
from pathlib import Path  # noqa: E402

from warlog import extract, geocode, resolve  # noqa: E402
from warlog.extract import events, places, reader, roles  # noqa: E402,F401  (modules the clock patches)
from warlog.extract import ParallelExtractor, build_extractor  # noqa: E402
from warlog.geocode import default_resolver  # noqa: E402
from warlog.ingest import Reader, parse_text  # noqa: E402
from warlog.pipeline import Pipeline  # noqa: E402
from warlog.store import Store  # noqa: E402


def make_corpus(folder: Path, count: int, texts: Path | None = None) -> list[Path]:
    """N distinct .txt files: the examples (or ``texts``) in turn, each with a numbered dateline."""
    source = texts.glob("*.txt") if texts else (files("warlog") / "examples").iterdir()
    examples = sorted(source, key=lambda p: p.name)
    articles = [parse_text(p.read_text(encoding="utf-8"), p.stem, p.name) for p in examples]
    paths = []
    for n in range(count):
        article = articles[n % len(articles)]
        header = f"date: {article.published}\n\n" if article.published else ""
        path = folder / f"doc{n:06d}.txt"
        path.write_text(f"{header}Dispatch {n}. {article.text}", encoding="utf-8")
        paths.append(path)
    return paths


def _spacy_alone(texts: list[str]) -> float:
    """Seconds for spaCy alone over these texts, model loaded and warmed up first."""
    extractor = build_extractor()
    list(extractor.nlp.pipe(texts[:4]))
    started = time.perf_counter()
    for _ in extractor.nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - started


def spacy_in_processes(texts: list[str], workers: int) -> float:
    """spaCy alone split over ``workers`` processes: what the machine allows in parallel."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        return max(pool.map(_spacy_alone, [texts[n::workers] for n in range(workers)]))


class GeocodingClock:
    """Seconds spent inside the resolve stage, by wrapping each way the extractor calls it."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.depth = 0  # a timed call inside another timed call is counted once, by the outer

    def timed(self, function):
        def wrapper(*args, **kwargs):
            self.depth += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.depth -= 1
                if self.depth == 0:
                    self.seconds += time.perf_counter() - started

        return wrapper

    def install(self) -> None:
        """Time every way into the resolve stage: the document's places, the gazetteer's
        lookups the extractor makes itself, and the country helpers in each extract module."""
        document_places = resolve.DocumentPlaces
        for name in ("__init__", "place", "is_sizeable_town"):
            setattr(document_places, name, self.timed(getattr(document_places, name)))
        geocode.Resolver.best = self.timed(geocode.Resolver.best)
        geocode.Gazetteer.candidates = self.timed(geocode.Gazetteer.candidates)
        for module in [extract, *(getattr(extract, m) for m in ("reader", "places", "roles", "events"))]:
            for name in ("country_code", "country_entry"):
                if hasattr(module, name):
                    setattr(module, name, self.timed(getattr(module, name)))


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--texts", type=Path, help="a folder of .txt articles to cycle through")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        make_corpus(folder, args.docs, args.texts)
        started = time.perf_counter()
        default_resolver()
        gazetteer_seconds = time.perf_counter() - started
        extractor = build_extractor()
        clock = GeocodingClock()
        if args.workers == 1:
            clock.install()
        with Reader() as reader:
            documents = list(reader.read([str(folder)]))
        texts = [d.text for d in documents]
        spacy_seconds = _spacy_alone(texts)
        spacy_parallel = spacy_in_processes(texts, args.workers) if args.workers > 1 else None

        parallel = ParallelExtractor(args.workers) if args.workers > 1 else None
        store = Store(str(Path(tmp) / "bench.db"))
        pipeline = Pipeline(store, parallel or extractor)
        started = time.perf_counter()
        with Reader() as reader:
            report = pipeline.ingest(reader.read([str(folder)]))
        warlog_seconds = time.perf_counter() - started
        if parallel is not None:
            parallel.close()
        counts = store.counts()
        store.close()
    result = {
        "docs": args.docs,
        "workers": args.workers,
        "stored": report.stored,
        "events": counts["events"],
        "tallies": counts["tallies"],
        "seconds": round(warlog_seconds, 2),
        "docs_per_s": round(args.docs / warlog_seconds, 1),
        "spacy_docs_per_s": round(args.docs / spacy_seconds, 1),
        "ratio": round(spacy_seconds / warlog_seconds, 3),
        "gazetteer_load_s": round(gazetteer_seconds, 2),
        "geocoding_s": round(clock.seconds, 2) if args.workers == 1 else None,
        "geocoding_share": round(clock.seconds / warlog_seconds, 3) if args.workers == 1 else None,
        # with W workers: spaCy alone in W processes, the most the machine gives in parallel
        "spacy_parallel_docs_per_s": round(args.docs / spacy_parallel, 1) if spacy_parallel else None,
        "peak_mb": peak_mb(),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
