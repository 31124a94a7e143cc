"""With what: weapon terms of the knowledge base, the longest first.

The rules are in warlog/extract/weapons.py.
"""

from __future__ import annotations

import pytest

from warlog.extract.weapons import weapons_in


def test_a_weapon_term_is_matched_whole_by_its_first_token(extractor):
    doc = extractor.nlp("Russia launched unmanned aerial vehicles and a missile at Kyiv.")
    found = {doc[start].text: (category, words.text) for start, (category, words) in weapons_in(extractor.weapon_matcher, doc).items()}
    assert found["unmanned"] == ("drone", "unmanned aerial vehicles")
    assert found["missile"] == ("missile", "missile")


def test_a_state_striking_with_no_weapon_named_strikes_from_the_air_with_weapon_unspecified(events):
    [event] = events("The US military said it struck three facilities used by Kataib Hezbollah in Iraq on Tuesday.", "2024-01-29")
    assert (event.weapons, event.sub_event_type) == (("unspecified",), "Air/drone strike")


def test_strikes_a_state_made_are_air_strikes_whatever_verb_tells_them(events):
    found = events(
        "US and coalition forces continued to attack ISIS terrorists in Iraq on Monday, officials said.\n\n"
        "-- Near Tikrit, three strikes destroyed an ISIS vehicle and a tunnel.",
        "2017-05-09",
    )
    [listed] = [e for e in found if e.location == "Tikrit"]
    assert (listed.weapons, listed.sub_event_type) == (("unspecified",), "Air/drone strike")


def test_a_term_inside_a_longer_one_is_not_another_weapon(extractor):
    doc = extractor.nlp("A suicide car bomber struck a checkpoint outside Baquba.")
    found = {doc[start].text: category for start, (category, _) in weapons_in(extractor.weapon_matcher, doc).items()}
    assert found == {"suicide": "ied"}  # not "bomber" the aircraft


def test_modifiers_coordinated_with_a_weapon_term_share_its_head_word(extractor):
    doc = extractor.nlp("Bomber, fighter and remotely piloted aircraft conducted six strikes near Raqqa.")
    found = {doc[start].text: category for start, (category, _) in weapons_in(extractor.weapon_matcher, doc).items()}
    assert found["remotely"] == "drone"
    assert found["fighter"] == "aircraft"  # "fighter ... aircraft"


def test_weapons_a_strike_was_aimed_at_are_its_target(events):
    [event] = events("On Sunday, US forces conducted strikes on three Houthi anti-ship missiles prepared to launch.", "2024-02-12")
    assert "missile" not in event.weapons


def test_objects_the_parse_hangs_on_the_verb_are_still_targets(events):
    [event] = events(
        "On Tuesday, US forces destroyed two Houthi radars, a launch site, and four anti-ship cruise missiles in Yemen.",
        "2024-02-13",
    )
    assert "missile" not in event.weapons


def test_the_noun_a_verb_describes_names_its_weapon(events):
    [event] = events("US forces conducted an airstrike targeting al-Shabaab fighters near Jamaame, Somalia, on Friday.", "2020-02-08")
    assert (event.weapons, event.sub_event_type) == (("aircraft",), "Air/drone strike")


def test_strikes_told_without_a_weapon_take_those_the_report_gives_them(events):
    found = events(
        "Fighter and remotely piloted aircraft conducted four strikes in Iraq on Monday:\n\n"
        "-- Near Tal Afar, a strike destroyed an ISIS-held building.\n\n"
        "-- Near Sinjar, three strikes destroyed an ISIS tunnel.",
        "2017-03-07",
    )
    listed = [e for e in found if "Near Sinjar" in e.evidence_text]
    assert listed and all(e.weapons == ("aircraft", "drone") for e in listed)


def test_weapons_that_strikes_targeted_are_not_what_they_were_made_with(events):
    found = events(
        "On Monday, the US military conducted strikes in Yemen. "
        "The strikes targeted sites used to store ballistic missiles and drones.",
        "2024-01-15",
    )
    assert all("missile" not in e.weapons and "drone" not in e.weapons for e in found)


def test_what_the_verbs_joined_to_a_strike_hit_is_no_weapon_of_it(events):
    found = events(
        "Attack aircraft conducted three strikes in Iraq on Sunday:\n\n"
        "-- Near Qaim, two strikes engaged an ISIS unit; damaged a bridge; and suppressed an ISIS mortar team.",
        "2017-04-10",
    )
    listed = [e for e in found if "Near Qaim" in e.evidence_text]
    assert listed and all(e.weapons == ("aircraft",) for e in listed)  # not the mortar team's "artillery"
    assert all(e.sub_event_type == "Air/drone strike" for e in listed)


def test_a_strike_the_parse_reads_as_described_by_its_verb_takes_the_report_s_weapons(events):
    found = events(
        "Bomber and remotely piloted aircraft conducted two strikes in Iraq on Friday:\n\n"
        "-- Near Qayyarah, a strike destroyed an ISIS-held depot.",
        "2017-03-04",
    )
    listed = [e for e in found if e.location == "Qayyarah"]
    assert listed and listed[0].sub_event_type == "Air/drone strike"


@pytest.mark.parametrize(
    "sentence",
    [
        "Saudi-led coalition aircraft struck a Houthi military camp in Sanaa early Wednesday.",
        "Israeli planes bombed a Hamas compound in Rafah on Monday, killing nine people.",
        "Sudanese army helicopters attacked Rapid Support Forces positions near Kutum on Sunday.",
    ],
    ids=["coalition-aircraft", "planes", "helicopters"],
)
def test_an_aircraft_as_the_doer_is_the_weapon(events, sentence):
    [event] = events(sentence, "2024-05-15")
    assert (event.sub_event_type, event.weapons) == ("Air/drone strike", ("aircraft",))


def test_an_aircraft_crashing_is_no_air_strike(events):
    assert events("A military helicopter crashed near the town of Kutum on Sunday, killing four crew members.",
                  "2024-05-15") == []


def test_a_bombing_not_called_aerial_is_made_with_bombs(events):
    [event] = events("A triple bombing in the town of Beledweyne killed at least 20 people on Saturday.", "2024-05-15")
    assert (event.sub_event_type, event.weapons) == ("Remote explosive/landmine/IED", ("ied",))
    assert (event.location, event.fatalities) == ("Beledweyne", 20)


def test_a_force_known_by_its_warplanes_bombs_from_the_air(events):
    [event] = events("NATO bombings shook the Libyan capital Tuesday, killing three soldiers.", "2011-05-11")
    assert (event.actor1, event.sub_event_type, event.weapons) == ("NATO", "Air/drone strike", ("aircraft",))


def test_armed_men_only_described_who_killed_fighters_fought_them(events):
    [event] = events("Militants killed five soldiers near Gao on Monday.", "2024-05-15")
    assert (event.event_type, event.sub_event_type, event.weapons, event.fatalities) == (
        "Battles", "Armed clash", ("small_arms",), 5
    )


def test_a_barrage_the_attack_was_made_with_gives_its_weapon(events):
    [event] = events("A group of Iran-backed militants attacked Al Asad Air Base with a barrage of rockets.")
    assert (event.sub_event_type, event.weapons, event.actor1, event.location) == (
        "Shelling/artillery/missile attack", ("rocket",), "Iran-aligned militias", "Ain al-Asad air base"
    )


def test_what_an_attack_involved_is_its_weapon(events):
    [event] = events("The attack on Ain al-Asad on Monday involved a close-range ballistic missile.")
    assert (event.sub_event_type, event.weapons, event.location) == (
        "Shelling/artillery/missile attack", ("missile",), "Ain al-Asad air base"
    )


def test_a_bomber_who_blew_himself_up_set_off_a_suicide_bomb(events):
    """'blow up' with its particle is a trigger; is_suicide(): the one who set off the
    explosive died by it ('blew herself up'), whether or not the text says 'suicide'."""
    [event] = events(
        "At least 30 people were killed when a female suicide bomber blew herself up in a crowded "
        "fish market in Maiduguri on Sunday.",
        "2015-06-22",
    )
    assert (event.sub_event_type, event.weapons, event.location) == ("Suicide bomb", ("ied",), "Maiduguri")
    assert (event.fatalities, event.actor2) == (30, "Civilians")
    [event] = events("A bomber walked into a guardhouse in Mosul's main hospital and blew himself up.", "2014-01-02")
    assert event.sub_event_type == "Suicide bomb"


def test_a_bomber_who_blew_himself_up_is_no_aircraft(events):
    """is_a_person(): 'bomber' names an aircraft ('B-52 bombers struck'), but not when its
    verb says 'himself' of it."""
    [event] = events("A bomber walked into a guardhouse in Mosul's main hospital and blew himself up.", "2014-01-02")
    assert event.weapons == ("ied",)


def test_a_suicide_driver_is_the_evidence_of_a_suicide_bombing(events):
    """weapon(): a word naming the trigger's own weapon is its evidence, so 'a suicide driver
    drove into a crowd' is a suicide bombing, not a bomb of unknown kind."""
    [event] = events(
        "At least 15 people died at an Iraqi army base outside Mosul when a suicide driver drove into "
        "a crowd of workers and detonated his explosives.",
        "2005-06-27",
    )
    assert (event.sub_event_type, event.weapons) == ("Suicide bomb", ("ied",))


@pytest.mark.parametrize(
    ("sentence", "weapons", "place"),
    [
        # a bomb is an explosive device (weapons.yaml); 'went off' is a trigger with its particle
        ("A bomb exploded in a market in Kano on Monday, killing five people.", ("ied",), "Kano"),
        ("A bomb planted in a car went off near a checkpoint in Baghdad on Monday.", ("ied",), "Baghdad"),
        # aerial_bombs(): bombs an aircraft or a drone drops are its munitions ('drop bomb')
        ("Israeli jets dropped bombs on Khan Younis on Monday.", ("aircraft",), "Khan Younis"),
        ("A US drone dropped two bombs on a compound in Jilib on Monday.", ("drone",), "Jilib"),
    ],
)
def test_bombs_set_off_and_bombs_dropped(events, sentence, weapons, place):
    [event] = events(sentence, "2023-11-21")
    assert (event.weapons, event.location) == (weapons, place)


def test_a_clause_of_its_own_is_no_purpose_of_the_strikes_before_it(events):
    """'conducted airstrikes ..., hours after the group fired a missile': the missile attack is
    another act, not made with the airstrikes' aircraft."""
    strike, attack = events(
        "The U.S. military conducted airstrikes in Iraq on Tuesday against two facilities used by "
        "Kataib Hezbollah, hours after the group fired a close-range ballistic missile at Al-Asad "
        "Airbase, officials said.",
        "2023-11-22",
    )
    assert (strike.sub_event_type, strike.weapons) == ("Air/drone strike", ("aircraft",))
    assert (attack.sub_event_type, attack.weapons) == ("Shelling/artillery/missile attack", ("missile",))


def test_an_air_force_strikes_from_the_air(events):
    [event] = events("The US Air Force launched strikes on a Kataib Hezbollah facility near Jurf al-Sakhar on Tuesday.", "2023-11-23")
    assert (event.sub_event_type, event.weapons, event.actor1) == ("Air/drone strike", ("aircraft",), "United States military")


def test_warplanes_that_struck_one_place_and_hit_another_struck_both_from_the_air(events):
    found = events(
        "Israeli warplanes struck Beirut's international airport early Thursday, closing the country's "
        "only civilian airport, and hit Hezbollah's headquarters in southern Beirut.",
        "2006-07-14",
    )
    assert found and all(e.sub_event_type == "Air/drone strike" and e.weapons == ("aircraft",) for e in found)


def test_the_subject_of_the_verb_a_participle_hangs_on_did_the_striking(events):
    # weapons.carriers: 'responded ..., striking' was done by the gunship (actors.yaml: AC-130 gunship)
    found = events(
        "A close-range ballistic missile was fired at U.S. forces at Al-Asad on Monday, causing eight injuries.\n\n"
        "An AC-130 gunship responded in self-defense, striking a vehicle and killing several Iran-backed "
        "militants who had launched the missile.",
        "2023-11-21",
    )
    strike = next(e for e in found if e.weapons == ("aircraft",))
    assert (strike.actor1, strike.actor2, strike.sub_event_type) == (
        "United States military", "Iran-aligned militias", "Air/drone strike",
    )
    # 'who had launched the missile' tells the missile attack again (triggers.told_weapon): no event of its own
    assert len(found) == 2


def test_a_one_way_attack_uas_is_a_drone_and_jurf_al_sakhar_a_place(events):
    # weapons.yaml: "one-way attack uas"; places.yaml: Jurf al-Sakhar
    [base] = events("Al-Asad Air Base was targeted by a one-way attack UAS and two rockets on Tuesday.", "2023-11-28")
    assert (base.weapons, base.sub_event_type) == (("drone", "rocket"), "Air/drone strike")
    [strike] = events(
        "U.S. forces struck a Kataib Hezbollah operations center in Jurf al-Sakhar, south of Baghdad.", "2023-11-22"
    )
    assert (strike.location, strike.country, strike.actor2) == ("Jurf al-Sakhar", "IQ", "Kataib Hezbollah")


def test_rounds_misparsed_as_the_sentence_s_verb_are_still_the_weapon(events):
    # weapons.carriers: the model reads "Mortar rounds" as the root and "hit" as its complement
    [event] = events("Mortar rounds hit near the Green Village base in eastern Syria overnight.", "2023-11-20")
    assert (event.weapons, event.sub_event_type, event.location) == (
        ("artillery",), "Shelling/artillery/missile attack", "Green Village",
    )


def test_a_state_s_army_that_bombed_did_so_from_the_air(events):
    [event] = events("The Sudanese army bombed RSF positions in Khartoum on Monday.", "2024-03-10")
    assert (event.sub_event_type, event.weapons, event.actor2) == ("Air/drone strike", ("aircraft",), "Rapid Support Forces")


def test_armed_men_who_attacked_a_post_killing_soldiers_fought_them(events):
    [event] = events("Militants attacked a checkpoint in Diyala province on Monday, killing four soldiers.", "2024-01-05")
    assert (event.sub_event_type, event.weapons, event.actor2, event.fatalities) == (
        "Armed clash", ("small_arms",), "Iraqi security forces", 4
    )
