"""The resolve stage: each event's place, read with the rest of its document.

The sentences are from the bundled example articles and from public statements of other
wars; each test names what the geocoder has to get right.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from warlog.evaluate import load_gold
from warlog.geocode import haversine_km
from warlog.model import Document, EventMention
from warlog.resolve import DocumentPlaces, build_resolver, country_code, place_country

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS_GOLD = SHARED / "eval" / "seeds.gold.jsonl"


def events(extractor, text: str, published: str = "2023-11-24") -> list[EventMention]:
    return extractor(Document("doc", text, published=dt.date.fromisoformat(published))).events


def test_a_transliteration_meets_the_curated_base(extractor) -> None:
    [event] = events(extractor, "A drone attacked US forces at the al-Shadadi base in Syria on Thursday.")
    assert (event.location, event.country, event.admin1, event.geo_precision) == ("al-Shaddadi", "SY", "Al-Hasakah", 1)


def test_near_a_site_is_precision_two(extractor) -> None:
    [event] = events(extractor, "Two drones attacked US forces near Erbil airport on Wednesday.")
    assert (event.location, event.country, event.geo_precision) == ("Erbil airport", "IQ", 2)


def test_a_direction_of_a_country_is_a_region(extractor) -> None:
    [event] = events(extractor, "US fighter jets struck two targets in eastern Syria on Sunday.")
    assert (event.location, event.country, event.geo_precision) == ("eastern Syria", "SY", 3)
    assert 34.0 < event.latitude < 36.5 and 38.5 < event.longitude < 41.5


def test_the_country_only_is_precision_four_at_the_country_point(extractor) -> None:
    [event] = events(extractor, "The US Air Force carried out two airstrikes on two targets in Syria.")
    assert (event.location, event.country, event.geo_precision) == (None, "SY", 4)
    assert haversine_km(event.latitude, event.longitude, 35.0, 38.5) < 161  # well inside Syria


def test_the_other_places_of_the_story_decide_a_homonym(extractor) -> None:
    [libya] = events(
        extractor,
        "Forces loyal to the Government of National Accord said rockets struck Tripoli on Sunday, "
        "a day after clashes near Benghazi and Misrata.",
    )
    assert libya.country == "LY"
    lebanon = events(
        extractor,
        "An Israeli drone strike hit a car in Tripoli on Monday, Lebanese security sources in "
        "Beirut and Sidon said.",
    )
    assert [e.country for e in lebanon if e.location == "Tripoli"] == ["LB"]


def test_a_town_keeps_the_spelling_of_the_story(extractor) -> None:
    [event] = events(
        extractor, "An Israeli airstrike hit a building in Nabatieh in southern Lebanon on Monday.", "2024-09-24"
    )
    assert (event.location, event.country, event.geo_precision) == ("Nabatieh", "LB", 1)
    assert haversine_km(event.latitude, event.longitude, 33.378, 35.484) < 10  # GeoNames' Nabatieh


def test_a_region_without_a_point_is_no_place_for_an_event(extractor) -> None:
    found = events(extractor, "Iran-backed militias have attacked US bases in the Middle East on Tuesday.")
    assert all(e.location != "Middle East" and (e.latitude is None or e.country) for e in found)


def test_country_names_short_forms_and_not_towns() -> None:
    resolver = build_resolver()
    assert [country_code(resolver, n) for n in ("Iraq", "the US", "U.K.", "Syrian Arab Republic")] == [
        "IQ",
        "US",
        "GB",
        "SY",
    ]
    assert country_code(resolver, "Baghdad") is None


def test_a_document_reads_its_names_together() -> None:
    places = DocumentPlaces(build_resolver(), ["Alexandria", "Arlington", "Virginia"])
    alexandria = places.place("Alexandria")
    assert alexandria is not None and (alexandria.country, alexandria.admin1) == ("US", "Virginia")
    assert places.is_sizeable_town("Alexandria")
    assert not places.is_sizeable_town("Nowhere Such Town")


@pytest.mark.skipif(not SEEDS_GOLD.is_file(), reason=f"{SEEDS_GOLD} is absent (../shared is not beside the checkout)")
def test_every_site_of_the_seeds_is_within_ten_km(extractor) -> None:
    """The flagship region: each base, field and airport the seed articles name."""
    checked = 0
    for gold in load_gold(SEEDS_GOLD):
        predicted = extractor(Document(gold.doc_id, gold.text, published=gold.published)).events
        for site in (e for e in gold.events if e.get("geo_precision") in (1, 2)):
            nearest = min(
                haversine_km(site["latitude"], site["longitude"], e.latitude, e.longitude)
                for e in predicted
                if e.latitude is not None
            )
            assert nearest <= 10, f"{site['location']}: {nearest:.1f} km from the gold point"
            checked += 1
    assert checked >= 6


def test_a_place_named_exactly_gives_its_country_a_surname_does_not() -> None:
    resolver = build_resolver()
    assert place_country(resolver, "Kandahar") == "AF"
    assert place_country(resolver, "Camp Taji") == "IQ"
    assert place_country(resolver, "Singh") is None


def test_a_name_does_not_place_itself_in_a_country() -> None:
    places = DocumentPlaces(build_resolver(), ["Mosul", "Ramadi", "Beiji"])
    assert places.others_in("Beiji", "IQ") == 2  # Mosul and Ramadi
    assert places.others_in("Beiji", "CN") == 0  # only its own far reading is Chinese
