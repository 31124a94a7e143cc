"""A kill in the middle of an ingest: the store stays consistent and a re-run finishes the job.

``warlog ingest`` runs as a real process over a folder of small reports; once it has
stored some of them it gets SIGKILL. Each document is written with its events and its
ingest_log row in one transaction, so what the killed run left must be whole documents
only, and a second run (here in-process, with the extractor the session has loaded already)
must store the rest without doubling anything.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from click.testing import Result
from typer.testing import CliRunner

from warlog.cli import app
from warlog.extract import Extractor
from warlog.store import Store
from warlog.store.schema import documents, events, ingest_log

#: one report per file; the number makes each one distinct content
REPORT = "Militants fired {n} rockets at a US base near Erbil on Monday, officials said."
#: reports per run: the kill comes as soon as one is stored, so a few hundred put it mid-run
#: (the re-run must read them all, and the rule extractor spends ~10 ms on each)
FILES = {"sqlite": 300, "postgresql": 150}
#: a run that hangs is a failure, not a wait forever (this bounds the test, it measures nothing)
GIVE_UP_AFTER_S = 600


@dataclass
class Run:
    folder: Path
    db: str
    log: Path
    bytecode: Path

    def start(self) -> subprocess.Popen:
        # Compiled modules are kept (in pytest's temporary folder) for the runs that follow:
        # compiling spaCy and the rest anew costs each run seconds.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"COLUMNS": "200", "PYTHONPYCACHEPREFIX": str(self.bytecode)}
        with self.log.open("ab") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "warlog.cli", "ingest", str(self.folder), "--db", self.db],
                cwd=self.folder.parent,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # its own process group: the kill reaches any helper too
            )

    def again_to_completion(self) -> Result:
        """The same command once more, in this process (the extractor is loaded already)."""
        return CliRunner().invoke(app, ["ingest", str(self.folder), "--db", self.db])


@pytest.fixture(scope="session")
def bytecode(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pycache")


def write_reports(folder: Path, first: int, last: int) -> None:
    folder.mkdir(exist_ok=True)
    for n in range(first, last + 1):
        (folder / f"{n:05d}.txt").write_text(REPORT.format(n=n) + "\n", encoding="utf-8")


def stored_so_far(db: str) -> int:
    """How many documents the running ingest has committed (0 before its tables exist)."""
    try:
        if db.startswith("postgresql://"):
            with psycopg.connect(db, connect_timeout=5) as connection:
                return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except (sqlite3.Error, psycopg.Error):
        return 0


def kill_once_some_are_stored(run: Run) -> int:
    """Start the ingest, SIGKILL it once it stored a document; how many are stored then."""
    before = stored_so_far(run.db)
    process = run.start()
    try:
        deadline = time.monotonic() + GIVE_UP_AFTER_S
        while process.poll() is None and stored_so_far(run.db) == before:
            assert time.monotonic() < deadline, "the ingest stored nothing"
            time.sleep(0.05)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode in (-signal.SIGKILL, 0), run.log.read_text()
    return stored_so_far(run.db)


def assert_whole(store: Store, folder: Path) -> int:
    """Each stored document is whole: its text, its events, its log line. Returns the count."""
    with store.engine.connect() as connection:
        stored = connection.execute(
            sa.select(documents.c.id, documents.c.doc_id, documents.c.text, documents.c.origin)
        ).all()
        logged = Counter(
            connection.execute(
                sa.select(ingest_log.c.doc_id).where(ingest_log.c.status == "stored")
            ).scalars()
        )
        found = connection.execute(
            sa.select(events.c.document_id, events.c.evidence_start, events.c.evidence_end, events.c.evidence)
        ).all()
    texts = {row.id: row.text for row in stored}
    for row in stored:
        assert row.origin == str(folder / f"{row.doc_id}.txt")
        assert row.text == REPORT.format(n=int(row.doc_id))
    assert logged == Counter(row.doc_id for row in stored)  # one "stored" line each, no strays
    for event in found:
        assert texts[event.document_id][event.evidence_start : event.evidence_end] == event.evidence
    return len(stored)


def assert_no_events_missing(store: Store, extractor: Extractor) -> None:
    """Each stored document has as many events as the extractor finds in its text."""
    stored = Counter(event.doc_id for event in store.events())
    for document in store.documents():
        assert stored[document.doc_id] == len(extractor(document).events), document.doc_id


@pytest.mark.parametrize(
    "db_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_a_killed_ingest_leaves_whole_documents_and_a_rerun_finishes_without_duplicates(
    db_url: str,
    tmp_path: Path,
    bytecode: Path,
    extractor: Extractor,
    one_extractor: None,
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("COLUMNS", "200")  # the report on one line
    kind = "postgresql" if db_url.startswith("postgresql://") else "sqlite"
    folder = tmp_path / "news"
    total = FILES[kind]
    write_reports(folder, 1, total)
    run = Run(folder, db_url, tmp_path / "ingest.log", bytecode)

    stored_at_kill = kill_once_some_are_stored(run)
    if stored_at_kill == total:  # it finished before the kill: once more with more to do
        write_reports(folder, total + 1, total * 4)
        stored_before, total = total, total * 4
        stored_at_kill = kill_once_some_are_stored(run)
        assert stored_at_kill > stored_before
    assert 0 < stored_at_kill < total, "the kill did not land mid-run"

    if kind == "sqlite":
        with sqlite3.connect(db_url) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    with Store(db_url) as store:
        assert assert_whole(store, folder) == stored_at_kill
        assert_no_events_missing(store, extractor)

    rerun = run.again_to_completion()

    assert rerun.exit_code == 0, rerun.output
    assert f"stored {total - stored_at_kill}, duplicates {stored_at_kill}, " in rerun.stdout
    with Store(db_url) as store:
        assert assert_whole(store, folder) == total
        with store.engine.connect() as connection:
            for column in (documents.c.content_hash, documents.c.doc_id):
                repeated = connection.execute(
                    sa.select(column).group_by(column).having(sa.func.count() > 1)
                ).all()
                assert repeated == []
        assert sorted(store.doc_ids()) == [f"{n:05d}" for n in range(1, total + 1)]
