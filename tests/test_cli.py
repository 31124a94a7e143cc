"""The command line, run in-process with Typer's CliRunner on a real store."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from news import AIRSTRIKES, ERBIL, FOUR_ATTACKS, FRENCH, TARGETS, airstrikes_report, erbil_report
from typer.testing import CliRunner

from warlog.cli import app
from warlog.store import Store

UNREACHABLE = "http://127.0.0.1:9/news/strikes.html"

pytestmark = pytest.mark.usefixtures("one_extractor")


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich tables as wide as a desktop terminal, so that names are not cut short."""
    monkeypatch.setenv("COLUMNS", "250")


def warlog(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def failures(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("failed:")]


@pytest.fixture
def english_news(tmp_path: Path) -> Path:
    """A folder holding two English reports."""
    folder = tmp_path / "news"
    folder.mkdir()
    seed_header, key_value_header = "date 2023-11-12 ", "date: 2023-11-24\n\n"
    (folder / "000_airstrikes.txt").write_bytes(f"{seed_header}{AIRSTRIKES}\n\n{TARGETS}\n".encode())
    (folder / "003_erbil.txt").write_bytes(f"{key_value_header}{FOUR_ATTACKS}\n\n{ERBIL}\n".encode())
    return folder


def fill(db: str) -> str:
    with Store(db) as store:
        for document, extraction in (airstrikes_report(), erbil_report()):
            store.add(document, extraction, "v1")
    return db


@pytest.fixture
def filled(tmp_path: Path) -> str:
    """A SQLite store holding both example reports with hand-made events and tallies; its --db.

    (The queries behind the commands run on both databases in test_store.py; one test below
    runs the commands on PostgreSQL.)
    """
    return fill(str(tmp_path / "warlog.db"))


# -- demo ------------------------------------------------------------------------------


def test_demo_shows_the_example_articles(tmp_path: Path):
    db = str(tmp_path / "demo.db")

    result = warlog("demo", "--db", db)

    assert result.exit_code == 0, result.output
    assert "Documents" in result.stdout
    assert "000_29a27ad1a1ddff2e" in result.stdout
    assert "003_dd54a31c0550380c" in result.stdout
    assert "2023-11-12" in result.stdout
    assert "stored 2, duplicates 0, reprocessed 0, failed 0" in result.stdout
    last = " ".join(result.stdout.split()[-20:])  # it ends by saying how to see it all on a map
    assert f"warlog serve --db {db}" in last and "http://127.0.0.1:8000/" in last


def test_serve_refuses_a_database_it_cannot_open_in_one_line(tmp_path: Path):
    result = warlog("serve", "--db", str(tmp_path / "missing" / "warlog.db"))

    assert result.exit_code == 2
    assert "cannot open database" in result.stderr and len(result.stderr.strip().splitlines()) <= 2


def test_demo_a_second_time_re_extracts_and_stores_nothing_new(tmp_path: Path):
    db = str(tmp_path / "demo.db")
    warlog("demo", "--db", db)

    result = warlog("demo", "--db", db)

    assert result.exit_code == 0, result.output
    assert "stored 0, duplicates 0, reprocessed 2, failed 0 · the store holds 2 documents" in result.stdout


# -- ingest ----------------------------------------------------------------------------


def test_ingest_stores_news_and_a_second_run_adds_nothing(db_url: str, english_news: Path):
    first = warlog("ingest", str(english_news), "--db", db_url)
    again = warlog("ingest", str(english_news), "--db", db_url)

    assert first.exit_code == 0, first.output
    assert "stored 2, duplicates 0, reprocessed 0, failed 0 · the store holds 2 documents" in first.stdout
    assert again.exit_code == 0, again.output
    assert "stored 0, duplicates 2, reprocessed 0, failed 0 · the store holds 2 documents" in again.stdout
    with Store(db_url) as store:
        assert sorted(store.doc_ids()) == ["000_airstrikes", "003_erbil"]
        assert [r["status"] for r in store.ingest_log()] == ["stored", "stored", "duplicate", "duplicate"]


def test_ingest_reprocess_re_extracts_what_is_stored(tmp_path: Path, english_news: Path):
    db = str(tmp_path / "warlog.db")
    warlog("ingest", str(english_news), "--db", db)

    result = warlog("ingest", "--reprocess", "--db", db)

    assert result.exit_code == 0, result.output
    assert "stored 0, duplicates 0, reprocessed 2, failed 0" in result.stdout


def test_ingest_reads_stdin(tmp_path: Path):
    db = str(tmp_path / "warlog.db")

    result = warlog("ingest", "-", "--db", db, input=f"date 2023-11-12 {AIRSTRIKES}\n")

    assert result.exit_code == 0, result.output
    with Store(db) as store:
        [document] = store.documents()
    assert (document.doc_id, document.origin, document.text) == ("stdin", "-", AIRSTRIKES)


LONG_REPORT = "\n\n".join([AIRSTRIKES, TARGETS, FOUR_ATTACKS, ERBIL])
#: kind of bad input -> (file name, content, where and why the failure line says it failed)
BAD_FILES = {
    "empty file": ("empty.txt", b"", "empty.txt: empty file"),
    "binary file": ("chart.png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "chart.png.txt: binary file, not text"),
    "invalid UTF-8": (
        "latin1.txt",
        "Le ministère de la Défense a confirmé les frappes.".encode("latin-1"),
        "latin1.txt: invalid UTF-8 at byte 9",
    ),
    "malformed JSON line": (
        "wire.jsonl",
        f'{{"text": "{ERBIL}"}}\n{{"text": "The US\n'.encode(),
        "wire.jsonl:2: malformed JSON (Unterminated string starting at, column 10)",
    ),
    "oversized file": (
        "long.txt",
        LONG_REPORT.encode(),
        f"long.txt: {len(LONG_REPORT.encode()):,} bytes, over the limit of 600 (--max-bytes)",
    ),
    "not English": ("afp.txt", FRENCH.encode(), "afp.txt: text is in language 'fr', not en (--language)"),
}
MAX_BYTES = ["--max-bytes", "600"]  # the two English reports are smaller


def ingest_with_english_news(folder: Path, db: str, *bad: str) -> Result:
    """Ingest one English report, the bad inputs, the other English report."""
    first, last = str(folder / "000_airstrikes.txt"), str(folder / "003_erbil.txt")
    return warlog("ingest", first, *bad, last, *MAX_BYTES, "--db", db)


@pytest.mark.parametrize("kind", BAD_FILES)
def test_ingest_reports_a_bad_file_on_one_line_logs_it_and_goes_on(
    tmp_path: Path, english_news: Path, kind: str
):
    name, content, failure_line = BAD_FILES[kind]
    (tmp_path / name).write_bytes(content)
    db = str(tmp_path / "warlog.db")

    result = ingest_with_english_news(english_news, db, str(tmp_path / name))

    assert result.exit_code == 1, result.output
    assert failures(result) == [f"failed: {tmp_path}/{failure_line}"]
    with Store(db) as store:
        assert {"000_airstrikes", "003_erbil"} <= set(store.doc_ids())  # the batch went on
        [failed] = [r for r in store.ingest_log() if r["status"] == "failed"]
    assert failed["origin"] == str(tmp_path / name)
    assert failed["line"] == (2 if kind == "malformed JSON line" else None)
    assert failures(result)[0].endswith(f": {failed['reason']}")


def test_ingest_reports_an_unreachable_url_on_one_line_logs_it_and_goes_on(
    tmp_path: Path, english_news: Path
):
    db = str(tmp_path / "warlog.db")

    result = ingest_with_english_news(english_news, db, UNREACHABLE)

    assert result.exit_code == 1, result.output
    [failure] = failures(result)
    assert failure.startswith(f"failed: {UNREACHABLE}: unreachable (ConnectError: ")
    with Store(db) as store:
        assert sorted(store.doc_ids()) == ["000_airstrikes", "003_erbil"]
        [failed] = [r for r in store.ingest_log() if r["status"] == "failed"]
    assert failed["origin"] == UNREACHABLE
    assert failure == f"failed: {UNREACHABLE}: {failed['reason']}"


def test_ingest_of_a_batch_with_every_kind_of_bad_input_names_each_failure(
    tmp_path: Path, english_news: Path
):
    bad = tmp_path / "bad"
    bad.mkdir()
    for name, content, _ in BAD_FILES.values():
        (bad / name).write_bytes(content)

    result = ingest_with_english_news(english_news, str(tmp_path / "warlog.db"), str(bad), UNREACHABLE)

    assert result.exit_code == 1
    assert "stored 3, duplicates 0, reprocessed 0, failed 7" in result.stdout  # 3: wire.jsonl line 1
    lines = failures(result)
    assert len(lines) == 7
    for _, _, failure_line in BAD_FILES.values():
        assert f"failed: {bad}/{failure_line}" in lines
    assert any(line.startswith(f"failed: {UNREACHABLE}: unreachable") for line in lines)


def test_ingest_accepts_another_language_when_asked(tmp_path: Path):
    (tmp_path / "afp.txt").write_text(FRENCH, encoding="utf-8")

    languages = ["--language", "en", "--language", "fr"]

    result = warlog("ingest", str(tmp_path / "afp.txt"), *languages, "--db", str(tmp_path / "w.db"))

    assert result.exit_code == 0, result.output
    assert "stored 1" in result.stdout


def test_ingest_with_nothing_to_read_is_a_usage_error(tmp_path: Path):
    result = warlog("ingest", "--db", str(tmp_path / "warlog.db"))

    assert result.exit_code == 2
    assert "nothing to ingest" in result.stderr


def test_ingest_into_a_database_that_cannot_be_opened_is_an_error(tmp_path: Path, english_news: Path):
    unopenable = tmp_path / "no" / "such" / "folder" / "warlog.db"

    result = warlog("ingest", str(english_news), "--db", str(unopenable))

    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot open database")
    assert len(result.stderr.strip().splitlines()) == 1


# -- listing ---------------------------------------------------------------------------


def table_rows(output: str) -> list[str]:
    """The first cell of each row of the tables: the lines under a heading's rule, to the next title."""
    rows, inside = [], False
    for line in output.splitlines():
        if line.strip() and set(line.strip()) == {"─"}:
            inside = True
        elif inside and "  " in line.rstrip():
            rows.append(line.split()[0])
        else:
            inside = False
    return rows


@pytest.mark.parametrize(
    ("options", "locations"),
    [
        ([], ["Syria", "Erbil airport"]),
        (["--country", "IQ"], ["Erbil airport"]),
        (["--since", "2023-11-20"], ["Erbil airport"]),
        (["--until", "2023-11-20"], ["Syria"]),
        (["--type", "Air/drone strike"], ["Syria"]),
        (["--limit", "1"], ["Syria"]),
    ],
)
def test_events_lists_what_passes_the_filters(filled: str, options: list[str], locations: list[str]):
    result = warlog("events", "--db", filled, *options)

    assert result.exit_code == 0, result.output
    assert "Events" in result.stdout
    for location in ["Syria", "Erbil airport"]:
        assert (f"  {location}  " in result.stdout) == (location in locations), location


def test_events_says_when_none_are_found(filled: str):
    result = warlog("events", "--db", filled, "--country", "YE")

    assert result.exit_code == 0
    assert "Events: none found." in result.stdout


@pytest.mark.parametrize(
    ("options", "doc_ids"),
    [
        ([], ["000_airstrikes", "003_erbil"]),
        (["--since", "2023-11-20"], ["003_erbil"]),
        (["--country", "SY"], ["000_airstrikes"]),
        (["--type", "Shelling/artillery/missile attack"], ["003_erbil"]),
    ],
)
def test_docs_lists_documents_by_date_and_by_the_events_they_report(
    filled: str, options: list[str], doc_ids: list[str]
):
    result = warlog("docs", "--db", filled, *options)

    assert result.exit_code == 0, result.output
    assert table_rows(result.stdout) == doc_ids


@pytest.mark.parametrize(
    ("options", "as_of"),
    [
        ([], ["2023-11-09", "2023-11-23", "2023-11-23"]),
        (["--country", "IQ"], ["2023-11-09", "2023-11-23"]),
        (["--country", "SY", "--since", "2023-11-10"], ["2023-11-23"]),
        (["--until", "2023-11-10"], ["2023-11-09"]),
    ],
)
def test_tallies_lists_counts_by_country_and_date(filled: str, options: list[str], as_of: list[str]):
    result = warlog("tallies", "--db", filled, *options)

    assert result.exit_code == 0, result.output
    assert table_rows(result.stdout) == as_of


def test_a_date_not_in_iso_form_is_a_usage_error(filled: str):
    result = warlog("events", "--db", filled, "--since", "12/11/2023")

    assert result.exit_code == 2


@pytest.mark.parametrize("command", [["events"], ["docs"], ["tallies"], ["tallies", "--ledger"], ["incidents"]])
def test_a_listing_in_an_80_column_terminal_fits_it_a_row_a_line(
    filled: str, command: list[str], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("COLUMNS", "80")
    warlog("link", "--db", filled)

    result = warlog(*command, "--db", filled)

    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    listed = json.loads(warlog(*command, "--db", filled, "--format", "json").stdout)
    assert len(table_rows(result.stdout)) == len(listed) > 0


def test_events_cut_their_evidence_in_a_narrow_terminal_and_give_it_whole_as_json(
    filled: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("COLUMNS", "80")

    table = warlog("events", "--db", filled).stdout
    records = json.loads(warlog("events", "--db", filled, "--format", "json").stdout)

    stored = [event for _, extraction in (airstrikes_report(), erbil_report()) for event in extraction.events]
    assert "…" in table
    assert [r["evidence"] for r in records] == [event.evidence_text for event in stored]
    assert not any(event.evidence_text in table for event in stored)  # too long for 80 columns
    assert records[0]["weapons"] == ["aircraft"]


def test_incidents_as_csv_for_a_script(filled: str):
    warlog("link", "--db", filled)

    result = warlog("incidents", "--db", filled, "--format", "csv")

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["country"], row["location"], row["grade"]) for row in rows] == [
        ("SY", "Syria", "single"),
        ("IQ", "Erbil airport", "single"),
    ]
    assert all(row["id"].startswith("I") and row["mentions"] == "1" for row in rows)


@pytest.mark.parametrize("listing", ["docs", "events", "tallies", "incidents"])
def test_a_listing_as_json_is_what_the_python_api_gives(filled: str, listing: str):
    from warlog.database import open as open_database

    listed = json.loads(warlog(listing, "--db", filled, "--format", "json").stdout)

    with open_database(filled) as db:
        assert listed == getattr(db.records, listing if listing != "docs" else "documents")()


def test_a_listing_format_that_does_not_exist_is_a_usage_error(filled: str):
    result = warlog("events", "--db", filled, "--format", "xml")

    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_the_first_run_says_it_builds_the_place_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from warlog import geocode

    built: list[str] = []
    monkeypatch.setattr(geocode, "place_index_cached", lambda: bool(built))
    monkeypatch.setattr(geocode, "build_place_index", lambda step: [built.append(name) for name in geocode.INDEX_STEPS])

    first = warlog("ingest", "-", "--db", str(tmp_path / "w.db"), input=AIRSTRIKES)
    second = warlog("ingest", "-", "--db", str(tmp_path / "w.db"), input=AIRSTRIKES)

    assert first.exit_code == 0 and second.exit_code == 0, first.output
    assert "Building the place index" in first.stderr
    assert built == list(geocode.INDEX_STEPS)
    assert "place index" not in second.stderr


def test_the_command_line_loads_no_database_or_language_library_until_a_command_needs_it():
    script = (
        "import sys, warlog.cli; "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'spacy', 'trafilatura', 'pandas', 'yaml') if m in sys.modules))"
    )

    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout

    assert loaded.strip() == "[]"


# -- export ----------------------------------------------------------------------------


def test_export_csv_to_a_file(filled: str, tmp_path: Path):
    target = tmp_path / "events.csv"

    result = warlog("export", "--format", "csv", "-o", str(target), "--db", filled)

    assert result.exit_code == 0, result.output
    assert f"wrote 2 records to {target}" in result.stderr
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert [(r["doc_id"], r["location"]) for r in rows] == [
        ("000_airstrikes", "Syria"),
        ("003_erbil", "Erbil airport"),
    ]


def test_export_geojson_to_stdout(filled: str):
    result = warlog("export", "--format", "geojson", "--db", filled, "--country", "IQ")

    assert result.exit_code == 0, result.output
    [feature] = json.loads(result.stdout)["features"]
    assert feature["geometry"]["coordinates"] == [43.9632, 36.2376]


def test_export_jsonl_by_default(filled: str):
    result = warlog("export", "--db", filled)

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in io.StringIO(result.stdout)]
    assert [line["doc_id"] for line in lines] == ["000_airstrikes", "003_erbil"]
    assert [len(line["events"]) for line in lines] == [1, 1]


def test_export_in_an_unknown_format_is_refused(filled: str, tmp_path: Path):
    result = warlog("export", "--format", "xml", "-o", str(tmp_path / "events.xml"), "--db", filled)

    assert result.exit_code == 2
    assert "unknown format 'xml'; use one of jsonl, csv, geojson" in result.stderr
    assert not (tmp_path / "events.xml").exists()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "command",
    [
        ["docs", "--since", "2023-11-20"],
        ["events", "--country", "IQ"],
        ["tallies", "--country", "SY"],
        ["export", "--format", "csv", "--type", "Air/drone strike"],
    ],
)
def test_the_commands_show_the_same_on_postgresql(filled: str, pg_url: str, command: list[str]):
    fill(pg_url)

    on_sqlite = warlog(*command, "--db", filled)
    on_postgresql = warlog(*command, "--db", pg_url)

    assert on_postgresql.exit_code == on_sqlite.exit_code == 0, on_postgresql.output
    assert on_postgresql.stdout == on_sqlite.stdout
    assert len(on_sqlite.stdout.splitlines()) >= 2  # a header and at least a row


def test_incidents_merge_and_split_are_kept_across_relinking(tmp_path: Path):
    from test_link import taji_reports

    db = str(tmp_path / "taji.db")
    with Store(db) as store:
        for document, extraction in taji_reports():
            store.add(document, extraction, "v1")
    assert "linked 2 event mentions into 1 incidents" in warlog("link", "--db", db).stdout
    with Store(db) as store:
        [incident] = store.incidents()
    shown = warlog("incidents", "show", incident.incident_id, "--db", db).stdout
    assert "same site (0 km)" in shown and "Camp Taji" in shown

    split = warlog("incidents", "split", incident.incident_id, "006_wikipedia#0", "--db", db)
    assert split.exit_code == 0, split.stderr
    warlog("link", "--db", db)  # a re-run replays the split
    with Store(db) as store:
        first, second = (i.incident_id for i in store.incidents())
    assert warlog("incidents", "merge", first, second, "--db", db).exit_code == 0
    warlog("link", "--db", db)
    with Store(db) as store:
        [merged] = store.incidents()
    assert merged.mentions == ["005_dod#0", "006_wikipedia#0"]
    assert "multiple" in warlog("incidents", "--grade", "multiple", "--db", db).stdout


def test_incidents_of_an_unknown_id_is_a_clear_error(filled: str):
    result = warlog("incidents", "merge", "Inothere", "Inothere2", "--db", filled)
    assert result.exit_code == 2
    assert "no incident Inothere in" in result.stderr


def test_tallies_ledger_sets_each_count_beside_the_store(filled: str):
    result = warlog("tallies", "--ledger", "--db", filled)
    assert result.exit_code == 0
    assert "warlog holds" in result.stdout and "attacks on United States military" in result.stdout


def test_ingest_on_a_cluster_that_cannot_be_reached_is_a_clear_error(tmp_path: Path, english_news: Path):
    result = warlog("ingest", str(english_news), "--db", str(tmp_path / "w.db"), "--cluster", "local:none")
    assert result.exit_code == 2
    assert "local:none: expected local:N" in result.stderr
