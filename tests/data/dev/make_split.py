"""Write split.tsv: each development document's part, ``tune`` or ``check``.

The split was drawn once (seed below) over this folder's gold and ``shared/eval/dev2``; run
again after adding documents, it keeps every document's part and draws only the new ones
(a new document that shares an incident with a placed one joins that one's part). Rules are
written against ``tune``; ``check`` is only scored (``warlog eval ... --split split.tsv``).

    uv run python tests/data/dev/make_split.py
"""

from __future__ import annotations

from pathlib import Path

from warlog.evaluate import assign_split, load_gold_files, read_split

HERE = Path(__file__).resolve().parent
GOLD = [HERE / "dev.gold.jsonl", HERE.parents[3] / "shared" / "eval" / "dev2" / "dev2.gold.jsonl"]
SPLIT = HERE / "split.tsv"
SEED = 20261130


def main() -> None:
    known = read_split(SPLIT) if SPLIT.exists() else {}
    gold_docs = load_gold_files(path for path in GOLD if path.exists())
    parts = assign_split(gold_docs, known, SEED)
    lines = ["# doc_id<TAB>part: drawn by make_split.py (seed %d); check is scored, never read" % SEED]
    lines += [f"{doc_id}\t{parts[doc_id]}" for doc_id in sorted(parts)]
    SPLIT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = {part: sum(1 for p in parts.values() if p == part) for part in ("tune", "check")}
    print(f"wrote {SPLIT}: {counts['tune']} tune, {counts['check']} check")


if __name__ == "__main__":
    main()
