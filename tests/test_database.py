"""The Python API over the demo's store: the HTTP API's rows, as DataFrames and as records."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from news import airstrikes_report, erbil_report

import warlog
from warlog.database import Database
from warlog.link import relink
from warlog.serve.api import create_app
from warlog.store import Filters, Store


@pytest.fixture(scope="module")
def db(demo_db: str) -> Iterator[Database]:
    with warlog.open(demo_db) as opened:
        yield opened


@pytest.fixture(scope="module")
def api(demo_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(demo_db)) as client:
        yield client


@pytest.mark.parametrize(
    "params",
    [{}, {"country": "SY"}, {"country": "SY,IQ", "sort": "date"}, {"type": "Air/drone strike"},
     {"grade": "confirmed"}, {"since": "2023-11-20", "until": "2023-11-23"}, {"actor": "Kataib Hezbollah"},
     {"q": "erbil"}, {"bbox": "38,33,41,37"}, {"sort": "-fatalities", "limit": 3, "offset": 1}],
    ids=lambda params: ",".join(params) or "all",
)  # fmt: skip
def test_incident_records_are_the_http_apis_items(db: Database, api: TestClient, params: dict):
    python = dict(params, sort=params.get("sort", "-date"), limit=params.get("limit", 50))
    if "bbox" in python:
        python["bbox"] = tuple(float(x) for x in params["bbox"].split(","))

    response = api.get("/api/incidents", params=params)

    assert response.status_code == 200
    items = response.json()["items"]
    assert db.records.incidents(**python) == items
    assert items  # every filter selects some of the demo


def test_incident_filters_select_what_the_store_selects(db: Database, demo_db: str):
    with Store(demo_db) as store:
        syria = [i.incident_id for i in store.incidents(Filters(country="SY", type="Explosions/Remote violence"))]
        confirmed = [i.incident_id for i in store.incidents(grade="confirmed")]

    assert db.incidents(country="sy", type="explosions/remote violence")["id"].tolist() == syria
    assert db.incidents(grade=["confirmed"])["id"].tolist() == confirmed
    assert len(syria) > len(confirmed) > 0


def test_incidents_are_typed_by_the_stores_columns(db: Database):
    frame = db.incidents()

    assert frame.columns.tolist()[:4] == ["id", "event_type", "sub_event_type", "date"]
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert all(frame[name].dtype == "Int64" for name in ("fatalities", "time_precision", "sources", "mentions"))
    assert all(pd.api.types.is_float_dtype(frame[name]) for name in ("latitude", "longitude"))
    strike = frame[frame["id"] == frame[frame["actor2"] == "Kataib Hezbollah"]["id"].iloc[0]].iloc[0]
    assert (strike["date"], strike["fatalities"], strike["country"]) == (pd.Timestamp("2023-11-22"), 8, "IQ")
    assert frame["date"].isna().sum() == frame["time_precision"].isna().sum() > 0  # undated mentions


def test_an_empty_answer_keeps_its_columns_and_types(db: Database):
    frame = db.incidents(country="NO")

    assert frame.empty
    assert frame.columns.tolist() == db.incidents().columns.tolist()
    assert pd.api.types.is_datetime64_any_dtype(frame["date"]) and frame["fatalities"].dtype == "Int64"


def test_event_records_are_the_http_apis_items(db: Database, api: TestClient):
    for params in ({}, {"country": "IQ"}, {"type": "Air/drone strike", "limit": 2, "offset": 1}):
        items = api.get("/api/events", params=params).json()["items"]

        assert db.records.events(**dict(params, limit=params.get("limit", 100))) == items
        assert items

    frame = db.events(country="IQ")
    assert (frame["country"] == "IQ").all() and pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert frame["doc_id"].isin(db.documents()["doc_id"]).all()


def test_tallies_are_the_http_apis_items(db: Database, api: TestClient):
    assert db.records.tallies() == api.get("/api/tallies").json()["items"]

    frame = db.tallies(country="SY")
    assert len(frame) > 0 and frame["countries"].map(lambda codes: "SY" in codes).all()
    assert frame["count"].dtype == "Int64" and pd.api.types.is_datetime64_any_dtype(frame["as_of"])


def test_documents_are_the_http_apis_documents_without_their_events(db: Database, api: TestClient):
    records = db.records.documents()

    for record in records:
        document = api.get(f"/api/documents/{record['doc_id']}").json()
        assert record == {name: document[name] for name in record}
    assert [r["doc_id"] for r in db.records.documents(since="2023-11-13")] == [
        r["doc_id"] for r in records if r["published"] and r["published"] >= "2023-11-13"
    ]


@pytest.mark.parametrize(
    ("filters", "message"),
    [({"since": "12 November"}, "since: not a day written YYYY-MM-DD"),
     ({"since": dt.date(2023, 12, 1), "until": "2023-11-01"}, "since: 2023-12-01 is after until 2023-11-01"),
     ({"country": "Syria"}, "country: not an ISO 3166-1 alpha-2 code"),
     ({"type": "Airstrike"}, "type: not an ACLED event type or sub-event type: 'Airstrike'"),
     ({"grade": "certain"}, "grade: not one of confirmed"),
     ({"bbox": (38, 37, 41, 33)}, "bbox: south 37.0 is north of north 33.0"),
     ({"sort": "size"}, "sort: not one of date"),
     ({"limit": -1}, "limit: not a whole number of rows")],
)  # fmt: skip
def test_a_bad_filter_is_refused_by_name(db: Database, filters: dict, message: str):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        db.incidents(**filters)


def test_events_take_one_country(db: Database):
    with pytest.raises(ValueError, match="country: takes one value here"):
        db.events(country="SY,IQ")


def test_days_may_be_dates_or_timestamps(db: Database):
    by_text = db.incidents(since="2023-11-20")

    assert db.incidents(since=dt.date(2023, 11, 20)).equals(by_text)
    assert db.incidents(since=pd.Timestamp("2023-11-20 15:00")).equals(by_text)


def test_the_context_manager_closes_the_database(demo_db: str):
    with warlog.open(demo_db) as opened:
        assert len(opened.incidents()) > 0

    with pytest.raises(ValueError, match="the database is closed"):
        opened.incidents()
    with pytest.raises(ValueError, match="the database is closed"):
        opened.records.events()


def test_a_missing_database_file_is_refused_not_made(tmp_path):
    missing = tmp_path / "typo.db"

    with pytest.raises(FileNotFoundError, match=f"{missing}: no such database file"):
        warlog.open(str(missing))
    assert not missing.exists()


def test_a_database_that_cannot_be_opened_is_named(tmp_path):
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("these are notes, not a database\n" * 100, encoding="utf-8")

    with pytest.raises(ValueError, match=f"cannot open database {not_a_database}: .*not a database"):
        warlog.open(str(not_a_database))
    assert not_a_database.read_text(encoding="utf-8").startswith("these are notes")


def test_importing_warlog_or_its_command_line_does_not_import_pandas():
    check = "import sys, warlog, warlog.cli; assert 'pandas' not in sys.modules; assert callable(warlog.open)"

    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr


@pytest.mark.postgres
def test_postgresql_answers_what_sqlite_does(tmp_path, pg_url: str):
    answers = []
    for url in (str(tmp_path / "warlog.db"), pg_url):
        with Store(url) as store:
            for document, extraction in (airstrikes_report(), erbil_report()):
                store.add(document, extraction, "v1")
            relink(store)
        with warlog.open(url) as opened:
            answers.append([opened.records.incidents(), opened.records.events(), opened.records.tallies(),
                            opened.records.documents(country="IQ")])  # fmt: skip

    on_sqlite, on_postgresql = answers
    assert on_postgresql == on_sqlite
    assert [len(rows) for rows in on_sqlite] == [2, 2, 3, 1]


def test_the_ledger_is_the_http_apis_series_a_row_per_figure(db: Database, api: TestClient):
    series = api.get("/api/tallies").json()["series"]

    rows = db.records.ledger()
    ledger = db.ledger()

    assert [(row["series"], row["count"], row["held"], row["flag"]) for row in rows] == [
        (s["name"], e["count"], e["held"], e["flag"]) for s in series for e in s["entries"]
    ]
    assert ledger["series"].tolist() == [row["series"] for row in rows]
    assert str(ledger["as_of"].dtype).startswith("datetime64") and str(ledger["count"].dtype) == "Int64"
