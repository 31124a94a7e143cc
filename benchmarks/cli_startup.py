"""How long the command line takes to answer: ``warlog --help`` and the listings.

    python benchmarks/cli_startup.py [--runs 7] [--json]

Stores the bundled example articles once (``warlog demo`` into a temporary database), then
runs each command in a fresh process ``--runs`` times and prints the median and the worst
wall-clock seconds, with the modules a bare ``import warlog.cli`` loads that a listing does
not need. The targets of issue 15: ``--help`` under 0.5 s, a listing under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = {
    "--help": ["--help"],
    "incidents": ["incidents"],
    "events": ["events"],
    "tallies --ledger": ["tallies", "--ledger"],
    "docs --format json": ["docs", "--format", "json"],
}
HEAVY = ("sqlalchemy", "alembic", "spacy", "trafilatura", "pandas", "dask")


def warlog(*args: str) -> list[str]:
    return [sys.executable, "-m", "warlog.cli", *args]


def timed(command: list[str], runs: int) -> dict[str, float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds.append(time.perf_counter() - start)
    return {"median_s": round(statistics.median(seconds), 3), "max_s": round(max(seconds), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "demo.db")
        subprocess.run(warlog("demo", "--db", db), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.environ["WARLOG_DB"] = db  # the listings' --db
        results = {name: timed(warlog(*args), options.runs) for name, args in COMMANDS.items()}
    probe = f"import sys, warlog.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    report = {"runs": options.runs, "commands": results, "heavy_modules_on_import": json.loads(loaded.replace("'", '"'))}
    if options.json:
        print(json.dumps(report, indent=2))
        return
    for name, figures in results.items():
        print(f"warlog {name:<20} median {figures['median_s']:.3f} s   worst {figures['max_s']:.3f} s")
    print(f"heavy modules loaded by 'import warlog.cli': {report['heavy_modules_on_import'] or 'none'}")


if __name__ == "__main__":
    main()
