"""Geocoding: transliteration variants meet, ambiguous names follow the document, relative
expressions get an honest precision, and the news toponym benchmark runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from warlog import geocode
from warlog.geocode import Resolver, gazetteer, haversine_km, loose_key, name_key, skeleton_key

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "geo"


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(gazetteer())


def resolve(resolver: Resolver, name: str, *context: str):
    return resolver.resolve(name, resolver.context_of(list(context)) if context else None)


def test_keys_let_variants_meet() -> None:
    assert name_key("The Al-Shaddadi") == name_key("al shaddadi")
    assert loose_key("al-Shadadi") == loose_key("al-Shaddadi") == loose_key("Shaddadi")
    assert skeleton_key("Ash Shaddadah") == skeleton_key("al-Shadadi")
    assert skeleton_key("Rmeilan") == skeleton_key("Rumalyn")
    assert loose_key("Deir Ezzor") == loose_key("Deir ez-Zor")  # the article written into the word
    assert loose_key("Essen") != loose_key("Sen")  # only after a name's first word


@pytest.mark.parametrize("variants", [
    ("al-Shadadi", "al-Shaddadi", "Ash Shaddadah"),
    ("Ain al-Asad", "Al Asad"),
    ("Rmeilan", "Rumalyn"),
    ("Deir ez-Zor", "Deir Ezzor"),
])  # fmt: skip
def test_transliteration_variants_meet(resolver: Resolver, variants: tuple[str, ...]) -> None:
    places = [resolve(resolver, v) for v in variants]
    assert all(p is not None for p in places)
    assert len({(p.name, p.latitude, p.longitude) for p in places}) == 1
    assert places[0].precision == 1


def test_alexandria_follows_the_document(resolver: Resolver) -> None:
    assert resolve(resolver, "Alexandria").country == "EG"
    for other in ("Virginia", "Washington"):
        place = resolve(resolver, "Alexandria", other)
        assert (place.country, place.admin1) == ("US", "Virginia")


def test_tripoli_follows_the_document(resolver: Resolver) -> None:
    assert resolve(resolver, "Tripoli").country == "LY"
    assert resolve(resolver, "Tripoli", "Lebanon").country == "LB"
    assert resolve(resolver, "Tripoli", "Beirut").country == "LB"


def test_a_state_beside_its_town(resolver: Resolver) -> None:
    place = resolve(resolver, "Alexandria, Va.")
    assert (place.country, place.admin1) == ("US", "Virginia")


def test_relative_region(resolver: Resolver) -> None:
    place = resolve(resolver, "northeastern Syria")
    syria = resolve(resolver, "Syria")
    assert (place.country, place.precision) == ("SY", 3)
    assert place.latitude > syria.latitude and place.longitude > syria.longitude


def test_relative_region_without_a_curated_entry(resolver: Resolver) -> None:
    place = resolve(resolver, "southern Iran")
    iran = resolve(resolver, "Iran")
    assert (place.country, place.precision) == ("IR", 3)
    assert place.latitude < iran.latitude


def test_country_only(resolver: Resolver) -> None:
    place = resolve(resolver, "Syria")
    assert (place.country, place.precision, place.kind) == ("SY", 4, "country")
    assert 32.3 < place.latitude < 37.3 and 35.7 < place.longitude < 42.4  # inside Syria's box


def test_near_a_site(resolver: Resolver) -> None:
    airport = resolve(resolver, "Erbil airport")
    place = resolve(resolver, "near Erbil airport")
    assert place.precision == 2 and place.country == "IQ"
    assert haversine_km(place.latitude, place.longitude, 36.2376, 43.9632) < 10
    assert airport.precision == 1


def test_direction_of_a_town(resolver: Resolver) -> None:
    baghdad = resolve(resolver, "Baghdad")
    place = resolve(resolver, "west of Baghdad")
    assert place.precision == 2 and place.country == "IQ"
    assert haversine_km(place.latitude, place.longitude, baghdad.latitude, baghdad.longitude) < 50
    moved = resolve(resolver, "20 km west of Baghdad")
    assert moved.longitude < baghdad.longitude


def test_demonyms_and_short_names(resolver: Resolver) -> None:
    assert resolve(resolver, "American").country == "US"
    assert resolve(resolver, "Iraqis").country == "IQ"
    assert resolve(resolver, "U.S.").precision == 4


def test_unknown_name(resolver: Resolver) -> None:
    assert resolve(resolver, "Xqzzyplace") is None


def test_benchmark_runs_on_a_few_articles(resolver: Resolver) -> None:
    path = BENCH / "GWN.xml"
    if not path.is_file():
        pytest.skip(f"benchmark data not present: {path}")
    from warlog.bench_geo import run

    result = run(path, limit=5, resolver=resolver)
    assert {"acc161", "mean_km", "median_km", "auc", "n", "resolved"} <= result.keys()
    assert result["n"] > 0 and 0 <= result["acc161"] <= 1 and 0 <= result["auc"] <= 1


def test_a_country_before_a_city_of_its_name(resolver: Resolver) -> None:
    """'Mexico' is Mexico, not Mexico City, whose other name it also is."""
    place = resolve(resolver, "Mexico")
    assert (place.kind, place.country, place.precision) == ("country", "MX", 4)


def test_georgia_is_the_state_in_a_story_of_its_towns(resolver: Resolver) -> None:
    assert resolve(resolver, "Georgia", "Tbilisi", "Abkhazia").country == "GE"
    state = resolve(resolver, "Georgia", "Atlanta", "Macon", "Savannah")
    assert (state.kind, state.country, state.admin1) == ("state", "US", "Georgia")


def test_a_town_by_its_own_name_before_another_by_a_former_one(resolver: Resolver) -> None:
    """Pokrovsk (Donetsk oblast) is a town's name; it was also Engels' (Saratov) until 1931."""
    place = resolve(resolver, "Pokrovsk", "Kyiv", "Kryvyi Rih", "Russia", "Ukraine")
    assert place.country == "UA"
    assert haversine_km(place.latitude, place.longitude, 48.28, 37.18) < 15


def test_a_us_county_sits_among_its_zip_codes(resolver: Resolver) -> None:
    place = resolve(resolver, "Walker County", "Rossville", "Georgia")
    assert (place.kind, place.admin1, place.precision) == ("county", "Georgia", 3)
    assert haversine_km(place.latitude, place.longitude, 34.74, -85.30) < 30  # LaFayette, its seat


def test_the_us_point_is_the_centre_of_the_contiguous_states(resolver: Resolver) -> None:
    place = resolve(resolver, "the United States")
    assert haversine_km(place.latitude, place.longitude, 39.83, -98.58) < 1
    assert "Geographic_center_of_the_United_States" in place.source


def test_a_province_of_canada_and_its_abbreviation(resolver: Resolver) -> None:
    ontario = resolve(resolver, "Ontario", "Toronto", "Ottawa")
    assert (ontario.kind, ontario.country, ontario.precision) == ("admin1", "CA", 3)
    assert haversine_km(ontario.latitude, ontario.longitude, 49.25, -84.5) < 500  # GeoNames' point
    bc = resolve(resolver, "B.C.", "Vancouver")
    assert (bc.name, bc.country) == ("British Columbia", "CA")


def test_a_region_by_its_short_name(resolver: Resolver) -> None:
    """'Sichuan' is the province GeoNames calls 'Sichuan Sheng'; Dagestan is 'Dagestan, Respublika'."""
    sichuan = resolve(resolver, "Sichuan", "Chengdu")
    assert (sichuan.kind, sichuan.country) == ("admin1", "CN")
    assert haversine_km(sichuan.latitude, sichuan.longitude, 30.66, 104.06) < 300  # Chengdu
    dagestan = resolve(resolver, "Dagestan", "Chechnya")
    assert (dagestan.kind, dagestan.country) == ("admin1", "RU")
    assert haversine_km(dagestan.latitude, dagestan.longitude, 42.98, 47.50) < 150  # Makhachkala


def test_an_english_county_and_england(resolver: Resolver) -> None:
    county = resolve(resolver, "Cambridgeshire", "Cambridge")
    assert (county.kind, county.country, county.admin1) == ("admin2", "GB", "England")
    assert haversine_km(county.latitude, county.longitude, 52.2, 0.12) < 60
    england = resolve(resolver, "England")
    assert (england.kind, england.country) == ("admin1", "GB")


def test_a_town_outside_the_us_names_its_region(resolver: Resolver) -> None:
    place = resolve(resolver, "Makhachkala")
    assert place.admin1 == "Dagestan, Respublika"
    place = resolve(resolver, "Huntsville", "Ontario", "Muskoka")
    assert (place.country, place.admin1) == ("CA", "Ontario")


def test_a_city_state_is_its_town(resolver: Resolver) -> None:
    """Berlin the Land is named like its largest town: the name is the town's."""
    place = resolve(resolver, "Berlin", "Germany")
    assert (place.kind, place.country, place.precision) == ("city", "DE", 1)


def test_a_country_is_never_its_namesake_town(resolver: Resolver) -> None:
    place = resolve(resolver, "Mexico", "U.S.", "Mexico City")
    assert (place.kind, place.country) == ("country", "MX")


def test_a_town_and_the_county_it_lies_in_settle_each_other(resolver: Resolver) -> None:
    """Huntsville, Texas lies in Walker County, Texas; Huntsville, Alabama does not."""
    names = ["Walker County", "Huntsville"]
    town = resolve(resolver, "Huntsville", *names)
    county = resolve(resolver, "Walker County", *names)
    assert (town.admin1, county.admin1) == ("Texas", "Texas")
    paris = resolve(resolver, "Paris", "Paris", "Henry County")
    assert (paris.country, paris.admin1) == ("US", "Tennessee")


def test_washington_is_the_capital_unless_the_story_is_of_the_state(resolver: Resolver) -> None:
    capital = resolve(resolver, "Washington", "Moscow", "Beijing")
    assert (capital.kind, capital.country) == ("city", "US")
    assert haversine_km(capital.latitude, capital.longitude, 38.89, -77.03) < 20
    state = resolve(resolver, "Washington", "Seattle", "Spokane", "Tacoma")
    assert (state.kind, state.admin1) == ("state", "Washington")
    # only the capital itself is a capital: not every town named Washington
    towns, _ = resolver.gaz.candidates("Washington")
    assert sum(1 for e in towns if e.capital) == 1


@pytest.mark.parametrize(("name", "code"), [("Holy See", "VA"), ("DPRK", "KP"), ("Republic of Armenia", "AM"), ("Ivory Coast", "CI")])
def test_a_country_by_its_official_or_other_name(resolver: Resolver, name: str, code: str) -> None:
    place = resolve(resolver, name)
    assert (place.kind, place.country) == ("country", code)


def test_the_demonym_of_a_region(resolver: Resolver) -> None:
    assert (resolve(resolver, "Texans").kind, resolve(resolver, "Texans").admin1) == ("state", "Texas")
    english = resolve(resolver, "English")
    assert (english.name, english.country, english.kind) == ("England", "GB", "admin1")
    assert resolve(resolver, "Abkhaz").name == "Abkhazia"


def test_a_county_by_its_bare_name(resolver: Resolver) -> None:
    """Athens, Georgia lies in Clarke County; 'Clarke' and 'Oconee' are counties beside it."""
    names = ["Athens", "Clarke", "Oconee", "Georgia"]
    for name in ("Clarke", "Oconee"):
        place = resolve(resolver, name, *names)
        assert (place.kind, place.admin1) == ("county", "Georgia")
    assert resolve(resolver, "Washington", "Washington", "Moscow").kind == "city"  # not a Washington County


def test_a_country_point_is_geonames_own(resolver: Resolver) -> None:
    """Canada's GeoNames point lies in the north-west (60.1 N 113.6 W), not the Factbook's 60 N 95 W."""
    canada = resolve(resolver, "Canada")
    assert haversine_km(canada.latitude, canada.longitude, 60.10867, -113.64258) < 1
    assert "gvenzl/sample-data" in canada.source


def test_a_macro_region_is_no_village_of_its_name(resolver: Resolver) -> None:
    """knowledge/places.yaml lists 'the Middle East' without a point; Middle East, Pennsylvania stays out."""
    assert resolve(resolver, "Middle East", "Syria", "Iraq") is None


def test_an_airport_by_its_name_or_its_core(resolver: Resolver) -> None:
    heathrow = resolve(resolver, "Heathrow", "London", "England")
    assert (heathrow.kind, heathrow.country, heathrow.precision) == ("airport", "GB", 1)
    assert haversine_km(heathrow.latitude, heathrow.longitude, 51.47, -0.46) < 5
    ottawa = resolve(resolver, "Macdonald-Cartier International Airport", "Ottawa")
    assert (ottawa.kind, ottawa.country) == ("airport", "CA")
    assert resolve(resolver, "Ottawa", "Toronto").kind == "city"  # the town, not its airport


def test_no_region_or_airport_by_a_bare_generic_word(resolver: Resolver) -> None:
    """'Western' (a division of Fiji) and 'State' (Block Island State Airport) are no names."""
    for word in ("Western", "State"):
        place = resolve(resolver, word)
        assert place is None or place.kind not in {"admin1", "admin2", "airport"}


def test_a_name_the_document_repeats_counts_each_time(resolver: Resolver) -> None:
    """A document's names are looked up once each, but every mention adds to the context."""
    once = resolver.context_of(["Benghazi", "Tripoli"])
    twice = resolver.context_of(["Benghazi", "Tripoli", "Benghazi"])
    assert twice.countries["LY"] > once.countries["LY"] > 0
    assert resolver.resolve("Tripoli", twice).country == "LY"


def test_a_names_reading_without_context_is_remembered(resolver: Resolver) -> None:
    (found, how), best = resolver.plain_reading("Erbil")
    assert how == "exact" and best is not None and best.country == "IQ" and best in found
    assert resolver.plain_reading("Erbil")[1] is best


def test_a_name_with_a_region_word_is_the_region_not_its_town(resolver: Resolver) -> None:
    """'Nabatieh governorate' is the governorate even where the bare name would be its town;
    'Idlib province', which the gazetteer lacks as a region, is still placed (at its town)."""
    nabatieh = resolve(resolver, "Nabatieh governorate", "Nabatieh", "Lebanon")
    assert (nabatieh.kind, nabatieh.country, nabatieh.precision) == ("admin1", "LB", 3)
    zamfara = resolve(resolver, "Zamfara state")
    assert (zamfara.kind, zamfara.country, zamfara.precision) == ("admin1", "NG", 3)
    idlib = resolve(resolver, "Idlib province", "Syria")
    assert (idlib.country, idlib.precision) == ("SY", 3)


def test_building_the_place_index_reports_each_step_and_caches_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("WARLOG_CACHE", str(tmp_path))
    assert not geocode.place_index_cached()
    steps: list[str] = []

    geocode.build_place_index(steps.append)

    assert steps == list(geocode.INDEX_STEPS)
    assert geocode.place_index_cached()
    assert len(list(tmp_path.glob("gazetteer-*.pickle"))) == 1
