"""A long report: one text of several megabytes ingested whole, parsed in parts.

    python benchmarks/long_document.py [--megabytes 5] [--json]

Builds one plain-text report of the bundled example articles between paragraphs of
filler prose (minutes of meetings, varied so that no two are alike), the whole of it just
under ``--megabytes`` million bytes (the `--max-bytes` default is 5,000,000), and ingests
it into a fresh SQLite store with the project's extractor. Prints the text's size, the
parts it was parsed in, the seconds the ingest took (the language model loaded before),
the events and tallies stored, whether every evidence span quotes the stored text, and the
process's peak resident memory, after loading the models and in all.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from warlog.extract import build_extractor
from warlog.ingest import Reader, parse_text
from warlog.nlp import PART_CHARS, WHOLE_CHARS, text_parts
from warlog.pipeline import Pipeline
from warlog.store import Store

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TOPICS = ["the water budget", "school repairs", "the bus timetable", "road maintenance", "the library's hours"]


def filler(n: int) -> str:
    """A paragraph of prose that states no event, different for every ``n``."""
    return (
        f"Item {n}. The district committee met on {WEEKDAYS[n % 5]} to review {TOPICS[n % 5]}; "
        f"{n % 17 + 3} members attended, the minutes of meeting {n - 1} were approved and the "
        f"next review of {TOPICS[(n + 2) % 5]} was set for week {n % 52 + 1}."
    )


def long_report(size: int) -> str:
    """A report of just under ``size`` bytes in UTF-8: a header, then the example articles in
    turn, each after forty paragraphs of filler."""
    examples = sorted((files("warlog") / "examples").iterdir(), key=lambda p: p.name)
    articles = [parse_text(p.read_text(encoding="utf-8"), p.stem, p.name).text for p in examples]
    paragraphs: list[str] = []
    length = 0
    n = 0
    while length < size - 2_000:
        paragraph = articles[(n // 40) % len(articles)] if n % 40 == 39 else filler(n)
        paragraphs.append(paragraph)
        length += len(paragraph.encode("utf-8")) + 2
        n += 1
    return "date: 2023-11-24\ntitle: A long report\n\n" + "\n\n".join(paragraphs)


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--json", action="store_true", help="only the JSON line")
    options = parser.parse_args()

    text = long_report(int(options.megabytes * 1_000_000))
    extractor = build_extractor()
    loaded_mb = peak_mb()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_text(text, encoding="utf-8")
        with Store(str(Path(folder) / "warlog.db")) as store, Reader() as reader:
            started = time.perf_counter()
            report = Pipeline(store, extractor).ingest(reader.read([str(path)]))
            seconds = time.perf_counter() - started
            if report.stored != 1:
                raise SystemExit("; ".join(map(str, report.problems)) or "the report was not stored")
            [doc_id] = store.doc_ids()
            stored = store.document(doc_id)
            assert stored is not None
            found = list(store.document_events(doc_id).values())
            tallies = store.document_tallies(doc_id)
    quoted = all(stored.text[e.evidence.start : e.evidence.end] == e.evidence_text for e in [*found, *tallies])
    result = {
        "bytes": len(text.encode("utf-8")),
        "chars": len(stored.text),
        "parts": len(text_parts(stored.text, PART_CHARS)) if len(stored.text) > WHOLE_CHARS else 1,
        "seconds": round(seconds, 1),
        "stored": report.stored,
        "failed": report.failed,
        "events": len(found),
        "tallies": len(tallies),
        "evidence_quotes_text": quoted,
        "peak_rss_mb_models_loaded": loaded_mb,
        "peak_rss_mb": peak_mb(),
    }
    if not options.json:
        print(f"one report of {result['bytes']:,} bytes, parsed in {result['parts']} parts")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
