"""The ACLED type and sub-type of an event, from its kind and weapons.

The rules are in warlog/extract/coding.py. Real sentences from news reports; each test names the rule it shows.
"""

from __future__ import annotations

import pytest

from warlog.extract.coding import event_types


def test_an_air_strike_is_coded_with_its_actors_weapon_and_quantity(events):
    [event] = events(
        "The US Air Force carried out two airstrikes on two targets in Syria that belong to "
        "pro-Iranian groups.",
        "2023-11-12",
    )
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert (event.actor1, event.actor2) == ("United States military", "Iran-aligned militias")
    assert (event.country, event.geo_precision) == ("SY", 4)
    assert event.weapons == ("aircraft",)
    assert (event.quantity, event.outcome) == (2, "hit")


@pytest.mark.parametrize(
    ("kind", "weapons", "expected"),
    [
        ("intercept", {"drone"}, ("Strategic developments", "Disrupted weapons use")),
        ("clash", set(), ("Battles", "Armed clash")),
        ("attack", {"drone", "missile"}, ("Explosions/Remote violence", "Air/drone strike")),
        ("attack", {"rocket"}, ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        ("attack", {"ied"}, ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("attack", {"small_arms"}, ("Battles", "Armed clash")),
        ("attack", set(), ("Explosions/Remote violence", None)),
    ],
)
def test_the_type_table_ranks_air_above_shelling_above_explosives(kind, weapons, expected):
    assert event_types(kind, weapons) == expected


def test_a_bombing_the_text_calls_suicide_is_acled_s_suicide_bomb(events):
    [event] = events("A suicide truck bomber attacked a police station in Tal Afar on Sunday, killing five officers.", "2008-05-12")
    assert (event.event_type, event.sub_event_type, event.weapons) == ("Explosions/Remote violence", "Suicide bomb", ("ied",))


def test_a_car_bomb_not_called_suicide_is_a_remote_explosive(events):
    [event] = events("A car bomb exploded near a market in Baquba on Sunday, killing five people.", "2008-05-12")
    assert (event.sub_event_type, event.weapons) == ("Remote explosive/landmine/IED", ("ied",))


@pytest.mark.parametrize(
    ("text", "actor1", "weapons"),
    [
        ("Gunmen attacked a village in Zamfara state on Sunday, killing 12 people, police said.", None, ("small_arms",)),
        (
            (
                "Boko Haram militants attacked the town of Gwoza before dawn Tuesday, killing at least 20 villagers "
                "and burning homes."
            ),
            "Boko Haram",
            ("unspecified",),
        ),
        ("Al-Shabaab fighters raided a village near Baidoa on Thursday, killing six farmers.", "al-Shabaab", ("small_arms",)),
    ],
)
def test_an_armed_side_attacking_civilians_without_a_remote_weapon_is_violence_against_civilians(
    events, text, actor1, weapons
):
    [event] = events(text, "2024-05-15")
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert (event.actor1, event.actor2, event.weapons) == (actor1, "Civilians", weapons)


def test_shelling_a_village_stays_remote_violence(events):
    [event] = events(
        "Russian forces shelled a village in the Kharkiv region on Sunday, killing two residents.", "2024-05-15"
    )
    assert (event.event_type, event.sub_event_type) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert (event.actor1, event.actor2) == ("Russian military", "Civilians")


@pytest.mark.parametrize(
    ("sentence", "place", "dead"),
    [
        ("A suicide attacker detonated an explosives belt among worshippers at a church in Maiduguri on "
         "Tuesday, killing four people.", "Maiduguri", 4),
        ("A suicide bomber detonated his explosive vest at a checkpoint in Mogadishu on Tuesday, killing eight "
         "soldiers, police said.", "Mogadishu", 8),
        ("A suicide attacker rammed an explosives-laden car into a police station in Kabul on Monday, killing "
         "12 people.", "Kabul", 12),
    ],
    ids=["detonated-belt", "detonated-vest", "rammed-car"],
)
def test_a_suicide_doer_makes_the_bombing_a_suicide_bomb(events, sentence, place, dead):
    [event] = events(sentence, "2024-05-15")
    assert (event.event_type, event.sub_event_type, event.weapons) == (
        "Explosions/Remote violence", "Suicide bomb", ("ied",)
    )
    assert (event.location, event.fatalities) == (place, dead)


def test_a_suicide_drone_is_no_suicide_bomb(events):
    [event] = events("A suicide drone struck a fuel depot in Belgorod on Monday, officials said.", "2024-05-15")
    assert event.sub_event_type == "Air/drone strike"


@pytest.mark.parametrize(
    ("sentence", "sub_event_type", "actors", "place"),
    [
        ("Militants from the Islamic State West Africa Province overran a military base in Baga, Nigeria, on 26 "
         "December, killing at least 20 soldiers, according to security sources.", "Non-state actor overtakes territory",
         ("Islamic State West Africa Province", "Nigerian military"), "Baga"),  # actors.yaml: a military base
        ("Iraqi forces recaptured the town of Baiji from the Islamic State on Friday.",
         "Government regains territory", ("Iraqi security forces", "Islamic State"), "Baiji"),
        ("The army said it had liberated the village of Kafr Nabudah from Hayat Tahrir al-Sham on Saturday.",
         "Government regains territory", (None, "Hayat Tahrir al-Sham"), None),
    ],
    ids=["overran", "recaptured-from", "liberated-unnamed-taker"],
)
def test_taking_a_place_is_a_battle_over_territory(events, sentence, sub_event_type, actors, place):
    [event] = events(sentence, "2024-05-15")
    assert (event.event_type, event.sub_event_type) == ("Battles", sub_event_type)
    assert ((event.actor1, event.actor2), event.location) == (actors, place)


@pytest.mark.parametrize(
    ("sentence", "actors", "dead"),
    [
        ("Al-Shabaab fighters stormed a military base in Lower Shabelle region on Thursday, sparking a gun battle "
         "with Somali troops that left 10 soldiers dead.", ("al-Shabaab", "Somali military"), 10),
        ("Taliban fighters stormed a police checkpoint in Ghazni province on Monday, sparking a firefight with "
         "Afghan troops that left four policemen dead.", ("Taliban", "Afghan military"), 4),
    ],
    ids=["al-shabaab", "taliban"],
)
def test_storming_a_base_is_one_armed_clash(events, sentence, actors, dead):
    [event] = events(sentence, "2024-05-15")
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert ((event.actor1, event.actor2), event.fatalities) == (actors, dead)


@pytest.mark.parametrize(
    ("sentence", "actor1"),
    [
        ("U.S. forces conducted a helicopter raid in northeast Syria on Sunday that killed a senior Islamic State "
         "leader.", "United States military"),
        ("Pakistani security forces killed six militants in an intelligence-based operation in North Waziristan "
         "on Wednesday.", "Pakistani military"),
        ("Nigerian troops killed 12 insurgents in a clearance operation near Bama on Tuesday, the army said.",
         "Nigerian military"),
    ],
    ids=["raid", "operation", "clearance-operation"],
)
def test_a_ground_raid_that_kills_fighters_is_an_armed_clash_with_small_arms(events, sentence, actor1):
    [event] = events(sentence, "2024-05-15")
    assert (event.event_type, event.sub_event_type, event.weapons) == ("Battles", "Armed clash", ("small_arms",))
    assert event.actor1 == actor1


def test_a_raid_by_jets_is_an_air_strike(events):
    [event] = events("Israeli jets raided a Hezbollah position near Nabatieh on Thursday.", "2024-05-15")
    assert (event.sub_event_type, event.weapons) == ("Air/drone strike", ("aircraft",))
