"""Where: the target, not the launch site, a dateline or a time zone; one event per place.

The rules are in warlog/extract/places.py. Real sentences from news reports; each test names the rule it shows.
"""

from __future__ import annotations

import datetime as dt


def test_a_list_of_attacked_sites_is_one_event_per_place(events):
    found = events(
        "Earlier it was reported that three American military facilities were attacked in Syria "
        "- the al-Tanf and al-Shadadi bases, as well as the al-Omar oil field.",
    )
    assert [e.location for e in found] == ["al-Tanf", "al-Shaddadi", "al-Omar oil field"]
    assert all(e.weapons == ("unspecified",) and e.sub_event_type is None for e in found)
    assert all(e.date is None and e.quantity is None for e in found)


def test_the_target_is_the_place_not_the_launch_site(events):
    [event] = events(
        "In addition, in Iraq, several drones were launched from the Ain al-Asad air base west "
        "of Baghdad in the direction of the deployment of US forces near Erbil airport in the "
        "north of the country.",
    )
    assert (event.location, event.country, event.geo_precision) == ("Erbil airport", "IQ", 2)
    assert event.actor2 == "United States military"


def test_a_press_release_dateline_and_a_time_zone_are_not_the_place(events):
    [event] = events(
        "TAMPA, Fla. - At approximately 0830 (Sanaa time) on December 13, Houthi forces fired a "
        "ballistic missile at a tanker in the southern Red Sea.",
        "2023-12-14",
    )
    assert (event.actor1, event.date) == ("Houthis", dt.date(2023, 12, 13))
    assert event.location in {"Red Sea", "southern Red Sea"}
    assert event.country == "YE"  # at sea, filed under the coastal state of the armed group, as ACLED does


def test_the_entity_ruler_fixes_names_the_small_model_mistypes(extractor):
    doc = extractor.nlp("Drones struck the US base in Al-Tanf and al-Shadadi; Kataib Hezbollah claimed it.")
    labels = {ent.text: (ent.label_, ent.ent_id_) for ent in doc.ents}
    assert labels["Al-Tanf"] == ("FAC", "place:al-Tanf")
    assert labels["al-Shadadi"] == ("FAC", "place:al-Shaddadi")
    assert labels["Kataib Hezbollah"] == ("ORG", "actor:Kataib Hezbollah")
