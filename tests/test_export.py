"""Export: JSON Lines in the gold format, CSV and GeoJSON, from events stored by hand."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from news import (
    AIRSTRIKES,
    ATTACKED_46_TIMES,
    ERBIL,
    TALLY_36_37,
    airstrikes_report,
    article,
    day,
    erbil_report,
)

from warlog.export import acled_records, write_acled, write_csv, write_geojson, write_jsonl
from warlog.link import relink
from warlog.model import Extraction
from warlog.store import Filters, Store

# The gold format (shared/eval/FORMAT.md): a line per document, its events and tallies.
DOCUMENT_KEYS = {"doc_id", "text_file", "published", "events", "tallies"}
EVENT_KEYS = {
    "event_type", "sub_event_type", "date", "time_precision", "actor1", "actor2", "claimed_by",
    "country", "location", "admin1", "latitude", "longitude", "geo_precision", "weapons", "quantity",
    "outcome", "fatalities", "injuries", "evidence", "incident",
}  # fmt: skip
TALLY_KEYS = {"count", "qualifier", "unit", "target", "countries", "since", "as_of", "speaker", "evidence"}
FORMAT_MD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "FORMAT.md"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """Exports read through the Store, whose queries test_store.py runs on both databases;
    here SQLite, and one test below compares with PostgreSQL."""
    return str(tmp_path / "warlog.db")


def fill(store: Store) -> Store:
    for document, extraction in (airstrikes_report(), erbil_report()):
        store.add(document, extraction, "v1")
    return store


@pytest.fixture
def filled(store: Store) -> Store:
    return fill(store)


def exported(writer, store: Store, filters: Filters = Filters()) -> tuple[str, int]:
    out = io.StringIO()
    written = writer(store, out, filters)
    return out.getvalue(), written


def jsonl_lines(store: Store, filters: Filters = Filters()) -> list[dict]:
    text, written = exported(write_jsonl, store, filters)
    lines = [json.loads(line) for line in text.splitlines()]
    assert written == len(lines)
    return lines


def test_jsonl_has_a_line_per_document_in_the_gold_format(filled: Store):
    strikes, erbil = jsonl_lines(filled)

    assert DOCUMENT_KEYS <= strikes.keys()
    assert (strikes["doc_id"], strikes["text_file"], strikes["published"]) == (
        "000_airstrikes",
        "000_airstrikes.txt",
        "2023-11-12",
    )
    [event] = strikes["events"]
    assert EVENT_KEYS <= event.keys()
    assert event == {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "date": "2023-11-12",
        "time_precision": 1,
        "actor1": "US Air Force",
        "actor2": "pro-Iranian groups",
        "claimed_by": None,
        "country": "SY",
        "location": "Syria",
        "admin1": None,
        "latitude": 34.8,
        "longitude": 38.99,
        "geo_precision": 4,
        "weapons": ["aircraft"],
        "quantity": 2,
        "outcome": "hit",
        "fatalities": None,
        "injuries": None,
        "evidence": AIRSTRIKES,
        "incident": None,
        "spans": event["spans"],
    }
    [tally] = strikes["tallies"]
    assert TALLY_KEYS <= tally.keys()
    assert (tally["count"], tally["unit"], tally["countries"], tally["since"], tally["as_of"]) == (
        46,
        "attacks",
        ["IQ", "SY"],
        "2023-10-17",
        "2023-11-09",
    )
    assert tally["evidence"] == ATTACKED_46_TIMES
    assert [t["countries"] for t in erbil["tallies"]] == [["IQ"], ["SY"]]
    assert erbil["tallies"][0]["evidence"] == TALLY_36_37


def test_jsonl_spans_point_at_the_words_of_the_document(filled: Store):
    texts = {d.doc_id: d.text for d in filled.documents()}

    for line in jsonl_lines(filled):
        text = texts[line["doc_id"]]
        for event in line["events"]:
            assert event["evidence"] in text  # a verbatim fragment
            for field, (start, end) in event["spans"].items():
                assert text[start:end] == event[field]

    strikes = jsonl_lines(filled)[0]
    start, end = strikes["events"][0]["spans"]["actor1"]
    assert texts["000_airstrikes"][start:end] == "US Air Force"


def test_jsonl_names_no_text_file_for_news_read_from_the_web_or_stdin(store: Store):
    web = "https://news.example/strikes"
    store.add(article("strikes", AIRSTRIKES, origin=web, url=web), Extraction(), "v1")
    store.add(article("stdin", ERBIL, origin="-"), Extraction(), "v1")

    lines = {line["doc_id"]: line for line in jsonl_lines(store)}

    assert lines["strikes"]["text_file"] is None
    assert lines["strikes"]["url"] == "https://news.example/strikes"
    assert lines["stdin"]["text_file"] is None
    assert lines["stdin"]["events"] == [] and lines["stdin"]["tallies"] == []


def test_jsonl_filtered_by_country(filled: Store):
    [line] = jsonl_lines(filled, Filters(country="IQ"))

    assert line["doc_id"] == "003_erbil"
    assert [e["location"] for e in line["events"]] == ["Erbil airport"]
    assert [t["count"] for t in line["tallies"]] == [36]


@pytest.mark.skipif(not FORMAT_MD.exists(), reason=f"the gold format spec {FORMAT_MD} is not on this machine")
def test_jsonl_has_every_field_the_gold_format_spec_lists(filled: Store):
    spec = FORMAT_MD.read_text(encoding="utf-8")
    event_table = spec.split("## EVENT", 1)[1].split("##", 1)[0]
    tally_table = spec.split("## TALLY", 1)[1].split("##", 1)[0]

    def fields(table: str) -> set[str]:
        first_cells = re.findall(r"^\| (.+?) \|", table, re.M)
        return {name for cell in first_cells for name in re.findall(r"`(\w+)`", cell)}

    line = jsonl_lines(filled)[0]
    assert len(fields(event_table)) >= 19 and len(fields(tally_table)) >= 9
    assert fields(event_table) <= line["events"][0].keys()
    assert fields(tally_table) <= line["tallies"][0].keys()


def test_csv_has_a_row_per_event(filled: Store):
    text, written = exported(write_csv, filled)

    rows = list(csv.DictReader(io.StringIO(text)))

    assert written == len(rows) == 2
    columns = list(rows[0])
    assert (columns[0], columns[-1]) == ("doc_id", "url")
    assert set(columns[1:-1]) == EVENT_KEYS
    strikes, erbil = rows
    assert [strikes[k] for k in ("doc_id", "date", "country", "weapons", "quantity")] == [
        "000_airstrikes",
        "2023-11-12",
        "SY",
        "aircraft",
        "2",
    ]
    assert strikes["url"] == "https://news.example/2023/11/12/us-strikes-syria"
    assert strikes["evidence"] == AIRSTRIKES
    assert (erbil["location"], erbil["latitude"], erbil["longitude"], erbil["url"]) == (
        "Erbil airport",
        "36.2376",
        "43.9632",
        "",
    )


def test_csv_joins_several_weapons_with_semicolons(store: Store):
    document, extraction = erbil_report()
    extraction.events[0].weapons = ("drone", "missile")
    store.add(document, extraction, "v1")

    text, _ = exported(write_csv, store)

    [row] = csv.DictReader(io.StringIO(text))
    assert row["weapons"] == "drone;missile"


def test_csv_filtered_by_date(filled: Store):
    text, written = exported(write_csv, filled, Filters(since=day("2023-11-20")))

    assert written == 1
    assert [row["doc_id"] for row in csv.DictReader(io.StringIO(text))] == ["003_erbil"]


def test_geojson_places_each_event_at_its_coordinates(filled: Store):
    text, written = exported(write_geojson, filled)

    collection = json.loads(text)

    assert collection["type"] == "FeatureCollection"
    assert written == len(collection["features"]) == 2
    syria, erbil = collection["features"]
    assert syria["type"] == "Feature"
    assert erbil["geometry"] == {"type": "Point", "coordinates": [43.9632, 36.2376]}  # lon, lat
    assert erbil["properties"]["doc_id"] == "003_erbil"
    assert erbil["properties"]["evidence"] == ERBIL
    assert EVENT_KEYS <= erbil["properties"].keys()


def test_geojson_gives_an_event_not_yet_placed_a_null_geometry(store: Store):
    document, extraction = erbil_report()
    extraction.events[0].latitude = extraction.events[0].longitude = None
    store.add(document, extraction, "v1")

    [feature] = json.loads(exported(write_geojson, store)[0])["features"]

    assert feature["geometry"] is None
    assert feature["properties"]["location"] == "Erbil airport"


@pytest.mark.postgres
@pytest.mark.parametrize("writer", [write_jsonl, write_csv, write_geojson], ids=["jsonl", "csv", "geojson"])
def test_postgresql_exports_exactly_what_sqlite_does(filled: Store, pg_url: str, writer):
    with Store(pg_url) as postgresql:
        fill(postgresql)
        assert exported(writer, postgresql) == exported(writer, filled)


# -- ACLED ---------------------------------------------------------------------------------

#: ACLED's columns in ACLED's order (its codebook's table of columns)
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip


@pytest.fixture(scope="module")
def acled_file(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's incidents (the packaged examples and one hostile article) in ACLED's CSV."""
    path = tmp_path_factory.mktemp("acled") / "acled.csv"
    with Store(demo_db) as store, path.open("w", encoding="utf-8", newline="") as out:
        assert write_acled(store, out) > 0
    return path


@pytest.fixture(scope="module")
def acled(acled_file: Path) -> pd.DataFrame:
    return pd.read_csv(acled_file, parse_dates=["event_date"])


def test_acled_export_has_acleds_columns_in_acleds_order_and_types(acled: pd.DataFrame):
    assert list(acled.columns) == ACLED_COLUMNS
    assert pd.api.types.is_datetime64_any_dtype(acled["event_date"])
    integers = ["year", "time_precision", "inter1", "interaction", "iso", "geo_precision", "fatalities", "timestamp"]
    assert all(pd.api.types.is_integer_dtype(acled[name]) for name in integers), acled[integers].dtypes
    assert all(pd.api.types.is_float_dtype(acled[name]) for name in ("latitude", "longitude"))
    assert (acled["year"] == acled["event_date"].dt.year).all()
    assert acled["event_id_cnty"].is_unique
    assert set(acled["time_precision"]) <= {1, 2, 3} and set(acled["geo_precision"]) <= {1, 2, 3}
    assert set(acled["disorder_type"]) <= {"Political violence", "Demonstrations", "Strategic developments"}


def test_acled_export_writes_a_us_strike_in_syria_as_acled_does(acled: pd.DataFrame):
    [strike] = acled[(acled["event_date"] == "2023-11-12") & (acled["country"] == "Syria")].itertuples()

    assert (strike.iso, strike.region, strike.year) == (760, "Middle East", 2023)
    assert strike.event_id_cnty.startswith("SYR") and strike.event_id_cnty[3:].isdigit()
    assert (strike.disorder_type, strike.event_type, strike.sub_event_type) == (
        "Political violence", "Explosions/Remote violence", "Air/drone strike")  # fmt: skip
    # state forces outside their country are external forces (8); a militia is 3
    assert (strike.actor1, strike.inter1, strike.actor2, strike.inter2) == (
        "United States military", 8, "Iran-aligned militias", 3)  # fmt: skip
    assert strike.interaction == 38
    assert pd.isna(strike.civilian_targeting)
    assert (strike.location, strike.geo_precision) == ("Syria", 3)  # placed by the country only
    assert strike.notes.startswith("The US Air Force carried out two airstrikes on two targets in Syria")
    assert strike.fatalities == 0
    assert strike.tags.startswith("warlog incident=I")


def test_acled_export_names_an_unnamed_attacker_and_the_outlet(acled: pd.DataFrame):
    [attack] = acled[acled["location"] == "Ain al-Asad air base"].itertuples()

    assert (attack.actor1, attack.inter1) == ("Unidentified Armed Group (Iraq)", 3)
    assert (attack.actor2, attack.inter2, attack.interaction) == ("United States military", 8, 38)
    assert (attack.country, attack.iso, attack.admin1) == ("Iraq", 368, "Al Anbar")
    # the outlet's name as the document carries it: a CSV cell is data, not markup
    assert attack.source == """<b onmouseover="window.__xss='source'">Test Wire</b>"""


def test_acled_export_leaves_out_incidents_without_a_day_as_acled_does(acled: pd.DataFrame, demo_db: str):
    with Store(demo_db) as store:
        incidents = store.incidents()
    dated = {i.incident_id for i in incidents if i.date is not None and i.country is not None}

    exported = {tag.split(";")[0].removeprefix("warlog incident=") for tag in acled["tags"]}

    assert exported == dated
    assert len(dated) < len(incidents)  # the demo has undated mentions


def test_acled_export_through_the_command_line_with_a_filter(demo_db: str, acled: pd.DataFrame, tmp_path: Path):
    from typer.testing import CliRunner

    from warlog.cli import app

    target = tmp_path / "iraq.csv"
    command = ["export", "--format", "acled", "--country", "IQ", "--db", demo_db, "-o", str(target)]
    result = CliRunner().invoke(app, command)

    assert result.exit_code == 0, result.output
    iraq = pd.read_csv(target)
    assert f"wrote {len(iraq)} records" in result.stderr
    assert list(iraq.columns) == ACLED_COLUMNS
    assert sorted(iraq["event_id_cnty"]) == sorted(acled[acled["country"] == "Iraq"]["event_id_cnty"])


@pytest.mark.postgres
def test_postgresql_exports_the_acled_rows_sqlite_does(filled: Store, pg_url: str):
    relink(filled)
    with Store(pg_url) as postgresql:
        relink(fill(postgresql))
        on_postgresql = list(acled_records(postgresql))
    on_sqlite = list(acled_records(filled))

    assert [r["actor1"] for r in on_sqlite] == ["US Air Force", "Unidentified Armed Group (Iraq)"]
    assert all(isinstance(r["timestamp"], int) for r in on_sqlite + on_postgresql)
    # the same rows, but for the moment each store took its documents in
    assert [r | {"timestamp": 0} for r in on_postgresql] == [r | {"timestamp": 0} for r in on_sqlite]
