"""The cluster path against one process: the same corpus ingested three ways, timed.

    python benchmarks/cluster.py --docs 400 [--texts DIR] [--db postgresql://...] [--json]

Builds N distinct documents (as benchmarks/throughput.py does), then ingests them into a
fresh store (SQLite by default; ``--db`` a PostgreSQL server URL, one fresh database per
run) with: one process; ``--cluster local:1``; ``--cluster local:2``. Each run's clock
starts when its extractor is ready (the language pipeline loaded), so it measures
throughput, not start-up, and includes reading, the language check, extraction,
geocoding and the writes. Prints docs/s for each, the speed-up of local:2 over one
process, and the overhead of the cluster path with one worker.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import secrets  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from throughput import make_corpus  # noqa: E402

from warlog.cluster import ClusterExtractor  # noqa: E402
from warlog.extract import build_extractor  # noqa: E402
from warlog.ingest import Reader  # noqa: E402
from warlog.pipeline import Pipeline  # noqa: E402
from warlog.store import Store  # noqa: E402


def fresh_db(base: str | None, folder: Path, name: str) -> str:
    if base is None:
        return str(folder / f"{name}.db")
    import psycopg
    from psycopg import sql

    database = f"warlog_bench_{name}_{secrets.token_hex(4)}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    return base.rsplit("/", 1)[0] + "/" + database


def timed_ingest(extractor, corpus: Path, db: str) -> tuple[float, int]:
    with Store(db) as store:
        started = time.perf_counter()
        with Reader() as reader:
            report = Pipeline(store, extractor).ingest(reader.read([str(corpus)]))
        return time.perf_counter() - started, report.stored


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--texts", type=Path, help="a folder of .txt articles to cycle through")
    parser.add_argument("--db", help="a PostgreSQL URL (a fresh database is made per run); default SQLite")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result: dict = {"docs": args.docs, "database": "postgresql" if args.db else "sqlite"}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        make_corpus(corpus, args.docs, args.texts)
        seconds, stored = timed_ingest(build_extractor(), corpus, fresh_db(args.db, Path(tmp), "single"))
        result["single_docs_per_s"] = round(stored / seconds, 1)
        for workers in (1, 2):
            extractor = ClusterExtractor(f"local:{workers}")
            try:
                seconds, stored = timed_ingest(extractor, corpus, fresh_db(args.db, Path(tmp), f"local{workers}"))
            finally:
                extractor.close()
            result[f"local{workers}_docs_per_s"] = round(stored / seconds, 1)
    result["speedup_local2"] = round(result["local2_docs_per_s"] / result["single_docs_per_s"], 2)
    result["overhead_local1"] = round(1 - result["local1_docs_per_s"] / result["single_docs_per_s"], 3)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>20}: {value}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
