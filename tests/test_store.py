"""The store, on a real SQLite file and a real PostgreSQL database (see conftest.py)."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from news import AIRSTRIKES, TARGETS, airstrikes_report, article, day, erbil_report, event_in

from warlog.model import Extraction, IngestProblem, content_hash
from warlog.store import MIGRATIONS, SCHEMA_REVISION, Filters, Store, database_url, metadata, migrate
from warlog.store.schema import documents


def extractor_version(store: Store, doc_id: str) -> str | None:
    query = sa.select(documents.c.extractor_version).where(documents.c.doc_id == doc_id)
    with store.engine.connect() as connection:
        return connection.execute(query).scalar_one()


@pytest.fixture
def filled(store: Store) -> Store:
    """The store holding both example reports with their events and tallies."""
    for document, extraction in (airstrikes_report(), erbil_report()):
        store.add(document, extraction, "v1")
    return store


# -- writing -------------------------------------------------------------------


def test_a_document_comes_back_with_its_events_and_tallies(store: Store):
    document, extraction = airstrikes_report()

    assert store.add(document, extraction, "v1") == "000_airstrikes"

    stored = store.document("000_airstrikes")
    assert stored is not None
    assert stored.text == document.text
    assert stored.published == day("2023-11-12")
    assert (stored.title, stored.url, stored.source, stored.origin) == (
        document.title,
        document.url,
        document.source,
        document.origin,
    )
    assert stored.content_hash == document.content_hash
    assert store.events() == extraction.events
    assert store.tallies() == extraction.tallies
    [event] = store.events()
    assert event.evidence.quote(stored.text) == AIRSTRIKES
    assert event.spans["actor1"].quote(stored.text) == "US Air Force"
    assert store.counts() == {"documents": 1, "events": 1, "tallies": 1, "incidents": 0}
    assert extractor_version(store, "000_airstrikes") == "v1"


def test_the_same_words_are_found_by_hash_whatever_the_whitespace(store: Store):
    document, extraction = airstrikes_report()
    store.add(document, extraction, "v1")

    rewrapped = "  " + document.text.replace("\n\n", "\n").replace(" ", "\n", 5) + "\n"
    only_the_first_sentence = AIRSTRIKES

    assert store.find_by_hash(content_hash(rewrapped)) == "000_airstrikes"
    assert store.find_by_hash(content_hash(only_the_first_sentence)) is None


def test_content_already_stored_is_refused_and_nothing_is_written(store: Store):
    document, extraction = airstrikes_report()
    store.add(document, extraction, "v1")
    same_words = article("copy", document.text.replace("\n\n", "\n  "))
    assert same_words.content_hash == document.content_hash  # whitespace makes no new document

    with pytest.raises(sa.exc.IntegrityError):
        store.add(same_words, extraction, "v1")

    assert store.counts() == {"documents": 1, "events": 1, "tallies": 1, "incidents": 0}
    assert [row["status"] for row in store.ingest_log()] == ["stored"]


def test_a_taken_doc_id_gets_a_suffix_from_the_content_hash(store: Store):
    first = article("report", AIRSTRIKES)
    second = article("report", TARGETS)

    assert store.add(first, Extraction(), "v1") == "report"
    second_id = store.add(second, Extraction(events=[event_in(second, TARGETS)]), "v1")

    assert second_id == f"report-{second.content_hash[:10]}"
    assert store.document(second_id).text == TARGETS
    assert [e.doc_id for e in store.events()] == [second_id]
    assert sorted(store.doc_ids()) == sorted(["report", second_id])


def test_replace_extraction_swaps_the_events_and_tallies(filled: Store):
    document, _ = airstrikes_report()
    depot = event_in(document, TARGETS, location="command post", quantity=2)

    filled.replace_extraction("000_airstrikes", Extraction(events=[depot]), "v2")

    assert [e.evidence_text for e in filled.events() if e.doc_id == "000_airstrikes"] == [TARGETS]
    assert [t.count for t in filled.tallies() if t.doc_id == "000_airstrikes"] == []
    assert extractor_version(filled, "000_airstrikes") == "v2"
    assert len([e for e in filled.events() if e.doc_id == "003_erbil"]) == 1  # others untouched
    assert filled.ingest_log()[-1]["status"] == "reprocessed"


def test_a_replace_extraction_that_fails_midway_changes_nothing(filled: Store):
    document, before = airstrikes_report()
    good = event_in(document, TARGETS)
    broken = dataclasses.replace(good, event_type=None)  # NOT NULL: the second insert fails

    with pytest.raises(sa.exc.IntegrityError):
        filled.replace_extraction("000_airstrikes", Extraction(events=[good, broken]), "v2")

    assert [e for e in filled.events() if e.doc_id == "000_airstrikes"] == before.events
    assert [t for t in filled.tallies() if t.doc_id == "000_airstrikes"] == before.tallies
    assert extractor_version(filled, "000_airstrikes") == "v1"
    assert "reprocessed" not in [row["status"] for row in filled.ingest_log()]


def test_replace_extraction_of_an_unknown_document_fails(store: Store):
    with pytest.raises(sa.exc.NoResultFound):
        store.replace_extraction("nowhere", Extraction(), "v2")


# -- reading with filters ------------------------------------------------------------


EVENT_FILTERS = [
    (Filters(), ["Syria", "Erbil airport"]),
    (Filters(since=day("2023-11-13")), ["Erbil airport"]),
    (Filters(until=day("2023-11-12")), ["Syria"]),
    (Filters(since=day("2023-11-12"), until=day("2023-11-23")), ["Syria", "Erbil airport"]),
    (Filters(since=day("2023-11-24")), []),
    (Filters(country="IQ"), ["Erbil airport"]),
    (Filters(country="sy"), ["Syria"]),
    (Filters(type="Air/drone strike"), ["Syria"]),
    (Filters(type="explosions/remote violence"), ["Syria", "Erbil airport"]),
    (Filters(type="Battles"), []),
    (Filters(country="SY", type="Shelling/artillery/missile attack"), []),
    (Filters(limit=1), ["Syria"]),
]

DOCUMENT_FILTERS = [
    (Filters(), ["000_airstrikes", "003_erbil"]),
    (Filters(since=day("2023-11-13")), ["003_erbil"]),
    (Filters(until=day("2023-11-12")), ["000_airstrikes"]),
    (Filters(country="IQ"), ["003_erbil"]),
    (Filters(type="air/drone strike"), ["000_airstrikes"]),
    (Filters(country="IQ", until=day("2023-11-20")), []),
    (Filters(limit=1), ["000_airstrikes"]),
]

TALLY_FILTERS = [
    (Filters(), [46, 36, 37]),
    (Filters(country="SY"), [46, 37]),
    (Filters(country="iq"), [46, 36]),
    (Filters(country="YE"), []),
    (Filters(since=day("2023-11-10")), [36, 37]),
    (Filters(until=day("2023-11-09")), [46]),
    (Filters(country="SY", limit=1), [46]),
]

# Each table is checked in one test (a database per test is costly on PostgreSQL); a
# failure shows the rows that differ.


def test_events_are_filtered_by_date_country_and_type(filled: Store):
    found = [(filters, [e.location for e in filled.events(filters)]) for filters, _ in EVENT_FILTERS]
    assert found == EVENT_FILTERS


def test_documents_are_filtered_by_date_and_by_the_events_they_report(filled: Store):
    found = [(filters, [d.doc_id for d in filled.documents(filters)]) for filters, _ in DOCUMENT_FILTERS]
    assert found == DOCUMENT_FILTERS


def test_tallies_are_filtered_by_country_and_as_of_date(filled: Store):
    found = [(filters, [t.count for t in filled.tallies(filters)]) for filters, _ in TALLY_FILTERS]
    assert found == TALLY_FILTERS


# -- the ingest log ------------------------------------------------------------------


def test_the_ingest_log_records_every_outcome_of_a_run(store: Store):
    document, extraction = airstrikes_report()
    store.add(document, extraction, "v1")
    store.log_duplicate(dataclasses.replace(document, origin="copy.txt"), "000_airstrikes")
    store.log_problem(IngestProblem("feed.jsonl", "malformed JSON (Expecting value, column 1)", 3))
    store.replace_extraction("000_airstrikes", Extraction(), "v2")

    log = store.ingest_log()

    assert [(r["origin"], r["line"], r["status"], r["doc_id"]) for r in log] == [
        ("000_airstrikes.txt", None, "stored", "000_airstrikes"),
        ("copy.txt", None, "duplicate", "000_airstrikes"),
        ("feed.jsonl", 3, "failed", None),
        ("000_airstrikes.txt", None, "reprocessed", "000_airstrikes"),
    ]
    assert log[2]["reason"] == "malformed JSON (Expecting value, column 1)"
    assert {r["run_id"] for r in log} == {store.run_id}
    assert all(r["at"] is not None for r in log)


def test_the_ingest_log_of_one_run(db_url: str):
    with Store(db_url) as first:
        first.log_problem(IngestProblem("a.txt", "empty file"))
    with Store(db_url) as second:
        second.log_problem(IngestProblem("b.txt", "empty file"))
        assert second.run_id != first.run_id
        assert [r["origin"] for r in second.ingest_log(second.run_id)] == ["b.txt"]
        assert [r["origin"] for r in second.ingest_log()] == ["a.txt", "b.txt"]


# -- migrations ----------------------------------------------------------------------


def schema_differences(connection: sa.Connection) -> list:
    """What the migrated schema has that the code does not declare, or lacks.

    The full-text indexes of migration 0003, SQLite's virtual table (with its shadow
    tables) and PostgreSQL's index on an expression, cannot be declared for both databases
    in SQLAlchemy Core: they are left out of the comparison.
    """

    def declared(name: str | None, type_: str, _parent: dict) -> bool:
        fts_table = type_ == "table" and name is not None and name.startswith("incidents_fts")
        return not (fts_table or (type_ == "index" and name == "ix_incidents_search"))

    context = MigrationContext.configure(connection, opts={"include_name": declared})
    return compare_metadata(context, metadata)


def test_the_migrated_schema_is_the_schema_the_code_declares(store: Store):
    with store.engine.connect() as connection:
        assert schema_differences(connection) == []


def test_reopening_a_store_keeps_its_data_and_migrates_nothing(db_url: str):
    with Store(db_url) as store:
        store.add(*airstrikes_report(), "v1")
    with Store(db_url) as reopened:
        assert reopened.doc_ids() == ["000_airstrikes"]
        with reopened.engine.connect() as connection:
            versions = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    assert len(versions) == 1


def test_the_revision_a_store_opens_at_without_alembic_is_the_newest_migration():
    assert SCHEMA_REVISION == ScriptDirectory(str(MIGRATIONS)).get_current_head()


def test_a_store_left_at_an_old_revision_is_migrated_when_opened(db_url: str):
    engine = sa.create_engine(database_url(db_url))
    try:
        migrate(engine, "0002")
    finally:
        engine.dispose()
    with Store(db_url) as store, store.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION
        assert schema_differences(connection) == []


def test_upgrading_a_database_that_holds_data_keeps_the_data(db_url: str):
    # A database left at the first revision, filled with rows the way that revision stored them.
    engine = sa.create_engine(database_url(db_url))
    try:
        migrate(engine, "0001")
        old = sa.MetaData()
        old.reflect(engine)
        with engine.begin() as connection:
            connection.execute(
                old.tables["documents"].insert().values(
                    id=1,
                    doc_id="000_airstrikes",
                    content_hash="a" * 64,
                    text=AIRSTRIKES,
                    published=day("2023-11-12"),
                    extractor_version="v1",
                    ingested_at=sa.func.now(),
                )
            )
            connection.execute(
                old.tables["events"].insert().values(
                    document_id=1,
                    ordinal=0,
                    event_type="Explosions/Remote violence",
                    sub_event_type="Air/drone strike",
                    date=day("2023-11-12"),
                    country="SY",
                    weapons=["aircraft"],
                    outcome="hit",
                    evidence_start=0,
                    evidence_end=len(AIRSTRIKES),
                    evidence=AIRSTRIKES,
                    spans={},
                )
            )
    finally:
        engine.dispose()

    with Store(db_url) as store:  # opening the store brings it to the head revision
        assert [d.text for d in store.documents()] == [AIRSTRIKES]
        [event] = store.events()
        assert (event.doc_id, event.country, event.weapons) == ("000_airstrikes", "SY", ("aircraft",))
        with store.engine.connect() as connection:
            assert schema_differences(connection) == []


# -- database names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("postgresql://postgres@localhost/warlog", "postgresql+psycopg://postgres@localhost/warlog"),
        ("postgres://postgres@db/warlog", "postgresql+psycopg://postgres@db/warlog"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
    ],
)
def test_database_urls_are_read_from_what_a_user_types(typed: str, url: str):
    assert database_url(typed) == url


def test_a_file_path_is_a_sqlite_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert database_url("warlog.db") == f"sqlite:///{tmp_path.resolve() / 'warlog.db'}"
