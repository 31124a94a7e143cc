"""Browsing incidents in SQL (store/browse.py), the same on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from news import airstrikes_report, erbil_report, tally_in
from warlog.ledger import held
from warlog.link import relink
from warlog.store import Store, database_url, migrate
from warlog.store.browse import Browser, Query, search_words


@pytest.fixture
def browser(store: Store) -> Browser:
    """Two reports, a US strike in Syria and drones near Erbil, linked into two incidents."""
    for document, extraction in (airstrikes_report(), erbil_report()):
        store.add(document, extraction, "test")
    relink(store)
    return Browser(store.engine)


def ids_of(browser: Browser, query: Query) -> list[str]:
    _, rows = browser.page(query, sort="date")
    return [row["location"] for row in rows]


def test_a_page_is_filtered_by_country_type_box_and_words(browser: Browser) -> None:
    assert ids_of(browser, Query()) == ["Syria", "Erbil airport"]
    assert ids_of(browser, Query(countries=("IQ",))) == ["Erbil airport"]
    assert ids_of(browser, Query(sub_event_types=("Shelling/artillery/missile attack",))) == ["Erbil airport"]
    assert ids_of(browser, Query(event_types=("Battles",))) == []
    assert ids_of(browser, Query(bbox=(43.0, 36.0, 44.5, 36.5))) == ["Erbil airport"]
    assert ids_of(browser, Query(since=dt.date(2023, 11, 20))) == ["Erbil airport"]
    assert ids_of(browser, Query(actors=("US Air Force",))) == ["Syria"]
    # the words of the report's sentence, not only the coded fields
    assert ids_of(browser, Query(words=search_words("drones launched"))) == ["Erbil airport"]
    assert ids_of(browser, Query(words=search_words("airstrikes targets"))) == ["Syria"]
    assert ids_of(browser, Query(words=search_words("Erbil zeppelin"))) == []
    # together: whichever index leads, the others only test its rows
    near_erbil = (43.0, 36.0, 44.5, 36.5)
    assert ids_of(browser, Query(countries=("IQ",), bbox=near_erbil, words=("drones",))) == ["Erbil airport"]
    assert ids_of(browser, Query(bbox=near_erbil, words=("drones",))) == ["Erbil airport"]
    assert ids_of(browser, Query(countries=("SY",), bbox=near_erbil)) == []
    assert ids_of(browser, Query(countries=("SY",), words=("drones",))) == []


def test_a_box_across_the_antimeridian_wraps_round(browser: Browser) -> None:
    assert ids_of(browser, Query(bbox=(170.0, -10.0, 50.0, 40.0))) == ["Syria", "Erbil airport"]
    assert ids_of(browser, Query(bbox=(170.0, -10.0, -170.0, 40.0))) == []


def test_counts_per_week_start_on_monday(browser: Browser) -> None:
    weeks = browser.stats(Query(), interval="week", by="country")
    assert weeks["buckets"] == [
        {"period": "2023-11-06", "counts": {"SY": 1}},
        {"period": "2023-11-20", "counts": {"IQ": 1}},
    ]


def test_clusters_merge_at_a_far_zoom_and_part_at_a_near_one(browser: Browser) -> None:
    [both] = browser.clusters(Query(), zoom=0)["clusters"]
    assert both["count"] == 2 and both["types"] == {"Explosions/Remote violence": 2}
    assert both["dates"] == ["2023-11-12", "2023-11-23"]
    apart = browser.clusters(Query(), zoom=8)["clusters"]
    assert sorted(c["count"] for c in apart) == [1, 1] and all(c["id"].startswith("I") for c in apart)


def test_facets_count_each_value(browser: Browser) -> None:
    facets = browser.facets(Query())
    assert facets["countries"] == [{"value": "IQ", "count": 1}, {"value": "SY", "count": 1}]
    assert facets["dates"] == {"min": "2023-11-12", "max": "2023-11-23"}


def test_the_store_counts_a_tally_as_the_ledger_does_in_memory(store: Store, browser: Browser) -> None:
    document, _ = erbil_report()
    tallies = [
        tally_in(document, "", count=9, qualifier="exact", unit=unit, countries=countries, as_of=dt.date(2023, 11, 30),
                 since=since, target=target)  # fmt: skip
        for unit in ("attacks", "strikes", "casualties", "fatalities")
        for countries in ((), ("IQ",))
        for since in (None, dt.date(2023, 11, 15))
        for target in (None, "US forces", "pro-Iranian groups")
    ]
    incidents = store.incidents()
    assert [store.held(t) for t in tallies] == [held(t, incidents) for t in tallies]
    assert {store.held(t) for t in tallies} > {0}


@pytest.mark.parametrize("zoom", [0, 3, 7])
def test_the_kept_overview_is_what_counting_now_gives(browser: Browser, zoom: int) -> None:
    everything_dated = Query(since=dt.date(1900, 1, 1))  # a filter: counted now, not read from the overview
    assert browser.clusters(Query(), zoom) == browser.clusters(everything_dated, zoom)
    assert browser.facets(Query()) == browser.facets(everything_dated)


def test_upgrading_counts_the_overview_of_incidents_linked_before(db_url: str) -> None:
    engine = sa.create_engine(database_url(db_url))
    try:
        migrate(engine, "0002")
        old = sa.MetaData()
        old.reflect(engine)
        with engine.begin() as connection:
            connection.execute(
                old.tables["incidents"].insert(),
                [
                    {"id": f"I{n}", "event_type": "Battles", "date": dt.date(2023, 11, n), "country": "SY",
                     "latitude": 35.0 + n / 100, "longitude": 38.0 + n, "actor1": "A", "actor2": f"B{n % 2}",
                     "fatalities": n, "mentions": 1, "documents": 1, "sources": 1, "grade": "single"}
                    for n in range(1, 6)
                ],
            )  # fmt: skip
    finally:
        engine.dispose()
    with Store(db_url) as store:
        browser = Browser(store.engine)
        for zoom in (0, 4, 7):
            assert browser.clusters(Query(), zoom) == browser.clusters(Query(countries=("SY",)), zoom)
        assert browser.facets(Query()) == browser.facets(Query(countries=("SY",)))
        _, found = browser.page(Query(words=("battles",)))
        assert len(found) == 5  # the names of old incidents are searchable
