"""A candidate coded into events: every field with the words behind it.

The rules are in warlog/extract/events.py. Real sentences from news reports; each test names the rule it shows.
"""

from __future__ import annotations


def test_every_field_carries_the_words_it_was_read_from(events):
    text = "Drones struck the US base in Al-Tanf in Syria on October 26."
    [event] = events(text)
    assert text[event.evidence.start : event.evidence.end] == event.evidence_text
    assert event.evidence.quote(text) in text
    quoted = {name: span.quote(text) for name, span in event.spans.items()}
    assert quoted["location"] == "Al-Tanf"
    assert quoted["date"] == "October 26"
    assert quoted["actor2"] == "US base"
    assert quoted["weapons.drone"] == "Drones"


def test_an_event_placed_nowhere_is_in_the_country_the_document_names_most(events):
    found = events(
        "Thirteen American service members died during the withdrawal from Afghanistan. "
        "They lost their lives in a suicide bombing that also killed about 170 civilians.",
        "2025-08-26",
    )
    assert [e.country for e in found] == ["AF"]


def test_an_armed_group_s_attack_placed_nowhere_is_in_its_home_before_the_country_named_most(events):
    found = events(
        "The U.S. Embassy extends its condolences. The United States stands with the families of the soldiers "
        "killed and wounded during the al-Shabaab attack on Forward Operating Base Leego on June 26.",
        "2015-06-29",
    )
    assert [(e.actor1, e.country) for e in found] == [("al-Shabaab", "SO")]


def test_each_place_of_a_list_keeps_the_weapon_named_at_it(events):
    found = events(
        "Two attacks targeted US troops in Syria Thursday: one with drones at the Conoco gas field, and one with "
        "rockets at al-Shaddadi.",
        "2023-11-24",
    )
    assert [(e.location, e.weapons) for e in found] == [("Conoco gas field", ("drone",)), ("al-Shaddadi", ("rocket",))]
    found = events("Drones and rockets struck al-Asad and al-Tanf on Monday.", "2023-11-24")
    assert [e.weapons for e in found] == [("drone", "rocket"), ("drone", "rocket")]  # named together: both at each
