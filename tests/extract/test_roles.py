"""Who did it to whom: actors by their side of the trigger, the speaker, the forces at a base, claims.

The rules are in warlog/extract/roles.py. Real sentences from news reports; each test names the rule it shows.
"""

from __future__ import annotations

import datetime as dt

import pytest


def test_an_interception_names_the_side_that_shot_down(events):
    [event] = events(
        "Ukrainian air defenses shot down 21 of 24 Shahed drones launched by Russia overnight, the "
        "Ukrainian Air Force said.",
        "2024-06-01",
    )
    assert (event.event_type, event.sub_event_type) == ("Strategic developments", "Disrupted weapons use")
    assert (event.actor1, event.outcome, event.weapons) == ("Ukrainian military", "intercepted", ("drone",))


def test_an_attack_on_a_base_targets_the_forces_stationed_there(events):
    [event] = events(
        "On 11 March 2020, 29 rockets impacted Camp Taji, killing two American soldiers.",
        "2020-03-12",
    )
    assert (event.location, event.country) == ("Camp Taji", "IQ")
    assert event.actor2 == "United States military"  # places.yaml: hosts
    assert (event.weapons, event.fatalities, event.outcome) == (("rocket",), 2, "hit")


def test_a_doer_the_parser_left_without_a_verb_is_the_actor_named_before_it(events):
    [event, *_] = events(
        "On 8 January 2020, in a military operation code named Operation Martyr Soleimani, Iran's "
        "Islamic Revolutionary Guard Corps launched numerous ballistic missiles at the Ayn al-Asad "
        "airbase in Al Anbar Governorate, western Iraq.",
        "2020-01-09",
    )
    assert event.actor1 == "Islamic Revolutionary Guard Corps"
    assert (event.location, event.actor2) == ("Ain al-Asad air base", "United States military")
    assert (event.date, event.weapons) == (dt.date(2020, 1, 8), ("missile",))


def test_a_group_saying_it_struck_is_the_doer_and_the_claimant(events):
    [event] = events(
        "The Islamic Resistance in Iraq said it had targeted Ain al-Asad air base with drones on "
        "Saturday.",
        "2024-01-29",
    )
    assert event.actor1 == event.claimed_by == "Islamic Resistance in Iraq"
    assert (event.actor2, event.weapons, event.date) == (
        "United States military",
        ("drone",),
        dt.date(2024, 1, 27),
    )


def test_a_state_announcing_its_own_strike_is_the_doer_not_a_claimant(events):
    [event] = events(
        "The US military said it struck three facilities used by Kataib Hezbollah in Iraq on Tuesday.",
        "2024-01-29",
    )
    assert (event.actor1, event.actor2, event.claimed_by) == (
        "United States military",
        "Kataib Hezbollah",
        None,
    )


def test_a_claim_in_a_later_sentence_names_the_earlier_attacks_perpetrator(events):
    found = events(
        "American and international forces suffered four attacks from Iraq and Syria on Thursday, "
        "November 23.\n\nIt is noted that the troops of the Arab countries launched missiles and "
        "drones at the locations of the US forces in northeastern Syria. There were no casualties "
        "or damage to the infrastructure.\n\nA group calling itself the Islamic Resistance in Iraq "
        "claimed attacks on the sites earlier in the day.",
    )
    [event] = found  # the count of four attacks is a summary, not an event
    assert event.claimed_by == event.actor1 == "Islamic Resistance in Iraq"
    assert event.date == dt.date(2023, 11, 23)
    assert (event.location, event.geo_precision) == ("northeastern Syria", 3)
    assert (event.outcome, event.fatalities, event.injuries) == ("no_damage", 0, 0)
    assert event.sub_event_type == "Air/drone strike"  # drones and missiles: ACLED ranks drones higher


def test_a_merchant_ship_struck_with_no_armed_side_hit_has_civilians_as_target(events):
    [event] = events("A Houthi missile struck the Motor Tanker Aurora in the Gulf of Aden on Monday.", "2024-03-05")
    assert (event.actor1, event.actor2) == ("Houthis", "Civilians")


def test_a_claim_by_a_group_in_a_passive_names_the_doer_and_claimant(events):
    [event] = events(
        "The attack on the checkpoint in Kandahar, claimed by the Taliban, killed four soldiers.", "2021-05-02"
    )
    assert event.actor1 == event.claimed_by == "Taliban"


def test_strikes_listed_under_a_release_are_by_the_side_named_at_its_top(events):
    found = events(
        "U.S. and coalition military forces continued to strike Islamic State targets in Syria on "
        "Monday, officials said.\n\n"
        "Strikes in Syria\n\n"
        "-- Near Raqqa, two strikes destroyed an ISIS-held bridge.\n\n"
        "-- Near Tabqah, a strike destroyed an ISIS weapons cache.",
        "2017-03-07",
    )
    listed = [e for e in found if e.location in {"Raqqa", "Tabqah"}]
    assert [e.location for e in listed] == ["Raqqa", "Tabqah"]
    # the doer of "continued to strike" at the top; not Syria's forces from "Strikes in Syria"
    assert all(e.actor1 == "United States military" for e in listed)
    assert all(e.actor2 == "Islamic State" for e in listed)


def test_a_curly_apostrophe_in_a_group_name_matches_its_alias(events):
    [event] = events(
        "On Friday, U.S. aircraft struck Kata\u2019ib Hizbollah weapons depots near Al-Qaim, Iraq.",
        "2020-03-14",
    )
    assert (event.actor1, event.actor2) == ("United States military", "Kataib Hezbollah")


def test_coalition_military_forces_of_a_strike_release_are_the_us_military(events):
    [event] = events(
        "On June 3, coalition military forces conducted a strike against ISIS targets near Hajin, Syria.",
        "2018-06-05",
    )
    assert (event.actor1, event.actor2) == ("United States military", "Islamic State")


def test_the_soldiers_a_blast_wounded_are_its_target(events):
    [event] = events(
        "Three Polish soldiers were wounded on Tuesday when a roadside bomb exploded near their convoy "
        "in Ghazni province.",
        "2010-05-12",
    )
    assert (event.sub_event_type, event.injuries) == ("Remote explosive/landmine/IED", 3)
    assert event.actor2 == "Polish military"  # casualty_victim: the passive subject of 'wounded'


def test_a_single_soldier_killed_names_his_side(events):
    [event] = events("A suicide bomber killed a French soldier at a checkpoint in Gao on Monday.", "2019-04-09")
    assert (event.sub_event_type, event.fatalities) == ("Suicide bomb", 1)
    assert event.actor2 == "French military"  # 'soldier': one of the actor's 'soldiers'


def test_an_interception_targets_the_side_that_launched(events):
    [event] = events(
        "On Monday the destroyer USS Gravely shot down a drone launched from Houthi-controlled areas of Yemen.",
        "2024-02-06",
    )
    assert (event.sub_event_type, event.outcome) == ("Disrupted weapons use", "intercepted")
    assert (event.actor1, event.actor2) == ("United States military", "Houthis")  # launcher: its launch site


def test_the_modifier_of_an_intercepted_weapon_names_the_launcher(events):
    [event] = events(
        "Israeli air defenses intercepted dozens of Iranian missiles over the Negev on Saturday night.",
        "2024-04-14",
    )
    assert event.sub_event_type == "Disrupted weapons use"
    assert event.actor2 == "Iranian military"  # launcher: 'Iranian' modifies the weapon



def test_a_hyphenated_modifier_names_the_group_struck(events):
    [event] = events(
        "US forces conducted airstrikes against depots used by Iranian-backed militant groups in eastern "
        "Syria on Sunday.",
        "2023-11-13",
    )
    assert event.sub_event_type == "Air/drone strike"
    assert (event.actor1, event.actor2) == ("United States military", "Iran-aligned militias")


def test_strikes_on_the_regime_s_targets_target_its_forces(events):
    [event] = events(
        "On Friday, British and French jets carried out strikes against Assad regime targets near Homs.",
        "2018-04-14",
    )
    assert event.actor2 == "Syrian government forces"  # actors.yaml: 'Assad regime' + 'targets'


def test_what_a_blast_hit_is_its_target(events):
    [event] = events(
        "A roadside bomb blast hit a crowded bus near Quetta on Monday, killing five people.",
        "2012-03-06",
    )
    assert (event.sub_event_type, event.fatalities) == ("Remote explosive/landmine/IED", 5)
    assert event.actor2 == "Civilians"  # the object of 'hit', whose subject is the event noun


def test_a_copula_describing_the_attack_tells_its_target(events):
    found = events(
        "The 2011 Abuja attack was a car bomb explosion that targeted the United Nations building in Abuja "
        "on 26 August 2011.",
        "2011-08-27",
    )
    assert [e.actor2 for e in found] == ["United Nations"]  # the clause of 'explosion', said of 'attack'
    found = events(
        "The Abqaiq attack was a drone attack that targeted the oil processing facilities at Abqaiq "
        "in eastern Saudi Arabia on 14 September 2019.",
        "2019-09-15",
    )
    assert [(e.location, e.actor2) for e in found] == [("Abqaiq", "Civilians")]


def test_an_attack_killing_civilians_targets_civilians(events):
    [event] = events("A mortar attack on Aleppo on Monday killed four civilians, medics said.", "2016-05-03")
    assert (event.sub_event_type, event.fatalities) == ("Shelling/artillery/missile attack", 4)
    assert event.actor2 == "Civilians"  # the object of 'killed', with no armed side struck


def test_no_civilians_killed_is_no_civilian_target(events):
    found = events("A mortar attack on Aleppo on Monday killed no civilians, medics said.", "2016-05-03")
    assert all(e.actor2 != "Civilians" for e in found)


def test_an_interception_after_an_attack_targets_its_launcher(events):
    attack, interception = events(
        "On Friday the Houthis fired two anti-ship missiles at the tanker Marlin Luanda in the Gulf of Aden. "
        "One missile was shot down by the destroyer USS Carney.",
        "2024-01-27",
    )
    assert (attack.actor1, interception.sub_event_type) == ("Houthis", "Disrupted weapons use")
    assert (interception.actor1, interception.actor2) == ("United States military", "Houthis")


def test_an_event_verb_without_a_subject_is_done_by_the_subject_of_the_clause_it_hangs_from(events):
    [event, *_] = events(
        "The Israeli military retaliated on Sunday by striking Hezbollah positions near Khiam.", "2024-08-26"
    )
    assert (event.actor1, event.actor2) == ("Israel Defense Forces", "Hezbollah")


def test_an_airstrike_targeting_a_group_is_by_the_side_that_conducted_it(events):
    [event] = events(
        "U.S. Africa Command conducted an airstrike targeting ISIS-Somalia fighters in the vicinity of "
        "the Golis Mountains, Somalia, on Feb. 11.",
        "2024-02-13",
    )
    assert (event.actor1, event.actor2) == ("United States military", "Islamic State Somalia")


def test_forces_ordered_to_strike_are_the_doer_not_the_one_who_ordered(events):
    found = events(
        "The president authorized U.S. forces to conduct airstrikes against Kataib Hezbollah facilities "
        "in western Iraq on Friday.",
        "2024-02-03",
    )
    assert found and all(e.actor1 == "United States military" for e in found)


def test_a_subordinate_clause_does_not_share_the_doer_of_the_main_clause(events):
    found = events(
        "While strikes targeted weapons depots near Deir ez-Zor, CENTCOM commander Gen. Michael Kurilla "
        "said the operation was not over.",
        "2024-02-03",
    )
    assert all(e.actor1 != "United States military" for e in found)


def test_the_launcher_of_the_weapon_a_passive_names_is_the_doer(events):
    [event, *_] = events(
        "The bulk carrier was struck on Wednesday by an anti-ship missile launched from Houthi-controlled "
        "areas of Yemen.",
        "2024-06-13",
    )
    assert event.actor1 == "Houthis"


def test_the_command_named_by_its_own_abbreviation_is_the_us_military(events):
    [event] = events("On Monday, USCENTCOM forces destroyed three Houthi radar sites in Yemen.", "2024-06-11")
    assert (event.actor1, event.actor2) == ("United States military", "Houthis")


def test_an_attack_on_a_coalition_base_targets_the_us_forces_that_hold_it(events):
    [event] = events(
        "On Tuesday, a one-way attack drone struck a coalition base near Shaddadi in northeastern Syria.",
        "2024-03-06",
    )
    assert event.actor2 == "United States military"  # actors.yaml: sites_held_by


def test_coalition_forces_the_text_names_alone_stay_the_target(events):
    [event, *_] = events(
        "On Tuesday, militants fired four rockets at coalition forces near Shaddadi in northeastern Syria.",
        "2024-03-06",
    )
    assert event.actor2 == "Coalition forces"


def test_a_member_named_beside_its_umbrella_is_the_side(events):
    [event] = events(
        "On Monday, rockets hit a base near Hasakah that hosts troops of the Global Coalition and United "
        "States forces.",
        "2024-03-05",
    )
    assert event.actor2 == "United States military"


def test_a_merchant_ship_a_missile_was_fired_toward_is_a_civilian_target(events):
    [event, *_] = events(
        "On Saturday, an anti-ship ballistic missile was launched from Houthi-controlled areas of Yemen "
        "toward M/V Star Iris, a Greek-owned bulk carrier, in the Red Sea.",
        "2024-02-12",
    )
    assert (event.actor1, event.actor2) == ("Houthis", "Civilians")


def test_a_football_pitch_a_rocket_hit_is_a_civilian_target(events):
    [event] = events("On Saturday, a rocket hit a football pitch in the town of Kiryat Shmona.", "2024-07-28")
    assert event.actor2 == "Civilians"


def test_oil_facilities_struck_with_no_armed_side_are_a_civilian_target(events):
    [event] = events(
        "On Saturday, drones struck oil processing facilities near Novokuibyshevsk, the regional governor said.",
        "2024-03-04",
    )
    assert event.actor2 == "Civilians"  # actors.yaml: targets, a phrase of lemmas


def test_residential_areas_bombed_are_a_civilian_target(events):
    [event] = events("On Wednesday, army jets bombed residential areas of El Fasher.", "2024-03-01")
    assert event.actor2 == "Civilians"


def test_a_word_that_only_modifies_another_noun_is_no_civilian_target(events):
    [event] = events("On Friday, a missile hit an oil tanker truck near Tartus.", "2024-03-04")
    assert event.actor2 is None  # a kind of truck, not a tanker


def test_a_participle_hung_from_the_verb_of_an_event_noun_names_its_doer(events):
    [event] = events(
        "The raids were a series of airstrikes on Sanaa in May 2015, conducted by Saudi-led coalition aircraft.",
        "2015-06-01",
    )
    assert event.actor1 == "Saudi-led coalition"


def test_a_police_checkpoint_struck_is_the_forces_of_the_country_where_it_happened(events):
    [event] = events(
        "On Sunday, a suicide bomber attacked a police checkpoint in the northern city of Kirkuk, killing three people.",
        "2024-03-04",
    )
    assert event.actor2 == "Iraqi security forces"  # actors.yaml: targets, of_the_country


def test_an_interception_after_another_side_s_interception_targets_the_same_launcher(events):
    first, second = events(
        "On Saturday night, British jets fired interceptors at incoming Iranian drones over Jordan. "
        "The Jordanian air force intercepted several of the remaining drones.",
        "2024-03-04",
    )
    assert (second.actor1, second.actor2) == ("Jordanian Armed Forces", "Iranian military")


def test_a_triggers_sides_are_read_once_and_kept_apart(extractor):
    """Places, actors and the target all ask for a trigger's sides: found once, never shared."""
    from warlog.extract.roles import sides

    doc = extractor.nlp("Houthi forces fired an anti-ship missile at a Greek tanker in the Red Sea.")
    fired = next(t for t in doc if t.text == "fired")
    agent, patient = sides(fired)
    words = {doc[i].text for i in agent}, {doc[i].text for i in patient}
    assert "forces" in words[0] and "tanker" in words[1] and not agent & patient
    assert sides(fired) is sides(fired)
    assert isinstance(agent, frozenset)


def test_a_modifier_names_the_first_actor_it_stands_for(extractor):
    from warlog.extract.roles import modifier_actor

    doc = extractor.nlp("Israeli airstrikes hit a weapons depot near Damascus overnight.")
    strikes = next(t for t in doc if t.text == "airstrikes")
    actor, span = modifier_actor(extractor.kb, strikes)
    assert (actor, span.text) == ("Israel Defense Forces", "Israeli")


def test_a_claim_is_read_from_the_sentences_trigger_words(extractor):
    from warlog.extract.roles import claim
    from warlog.extract.triggers import read_trigger

    doc = extractor.nlp("Kataib Hezbollah claimed responsibility for the drone attack on the base.")
    weapons = extractor._weapons(doc)
    sentence = next(iter(doc.sents))
    words = [t for t in sentence if read_trigger(extractor.kb, weapons, t) is not None]
    claimant = claim(extractor.kb, sentence, words, lambda t: read_trigger(extractor.kb, weapons, t))
    assert claimant is not None and claimant[0] == "Kataib Hezbollah"
    assert claim(extractor.kb, sentence, [], lambda t: None) is None


def test_a_modifier_the_parser_split_into_two_words_still_names_the_actor(events):
    [event] = events(
        "Syrian government warplanes bombed rebel-held areas of Idlib province on Tuesday, killing at least "
        "nine civilians.",
        "2024-05-15",
    )
    assert event.actor1 == "Syrian government forces"  # modifier 'Syrian government' × head 'warplanes'
    [event] = events("Syrian regime helicopters struck a market in Idlib on Monday.", "2024-05-15")
    assert (event.actor1, event.actor2) == ("Syrian government forces", "Civilians")


def test_a_police_convoy_is_the_force_of_the_country_where_it_was_attacked(events):
    [event] = events(
        "Insurgents ambushed a police convoy near Kandahar on Sunday, killing five policemen.", "2024-05-15"
    )
    assert (event.country, event.actor2) == ("AF", "Afghan military")  # actors.yaml: targets, of_the_country
    [event] = events("Al-Shabaab fighters attacked a police vehicle in Mogadishu on Friday.", "2024-05-15")
    assert (event.actor1, event.actor2) == ("al-Shabaab", "Somali military")


def test_the_agent_of_a_participle_describing_the_weapon_is_the_doer(events):
    [event] = events(
        "Three Israeli soldiers were killed and two others wounded when an anti-tank missile fired by Hezbollah "
        "hit their vehicle near the border on Sunday.",
        "2024-05-15",
    )
    assert (event.actor1, event.actor2) == ("Hezbollah", "Israel Defense Forces")
    [event] = events("A rocket launched by Hamas struck a house in Sderot on Monday, wounding two people.", "2024-05-15")
    assert (event.actor1, event.location, event.injuries) == ("Hamas", "Sderot", 2)


def test_a_side_that_responded_with_a_strike_made_it(events):
    [event] = events(
        "Israel responded with an air strike on a Hamas training site in northern Gaza.", "2024-05-15"
    )
    assert (event.sub_event_type, event.actor1, event.actor2) == ("Air/drone strike", "Israel Defense Forces", "Hamas")


def test_forces_reporting_an_interception_by_no_one_named_made_it(events):
    [attack, interception] = events(
        "The Houthis claimed responsibility for a drone attack on the Israeli city of Eilat on Friday. "
        "The Israeli military said the drone was intercepted over the Red Sea.",
        "2024-05-15",
    )
    assert (attack.actor1, attack.location) == ("Houthis", "Eilat")
    assert interception.sub_event_type == "Disrupted weapons use"
    assert (interception.actor1, interception.actor2) == ("Israel Defense Forces", "Houthis")
    [_, interception] = events(
        "Hezbollah fired a barrage of rockets at northern Israel on Monday. The IDF said most of the rockets "
        "were intercepted.",
        "2024-05-15",
    )
    assert (interception.actor1, interception.actor2) == ("Israel Defense Forces", "Hezbollah")


def test_forces_reporting_their_own_aircraft_downed_did_not_down_it(events):
    [event] = events("The US military said a US MQ-9 Reaper drone was shot down over Yemen on Tuesday.", "2024-05-15")
    assert event.sub_event_type == "Disrupted weapons use"
    assert (event.actor1, event.actor2) == (None, "United States military")
@pytest.mark.parametrize(
    ("sentence", "sides", "place", "dead"),
    [
        ("Fighting between the Sudanese army and the Rapid Support Forces in Khartoum killed at least 17 civilians "
         "on Friday, medics said.", ("Sudanese military", "Rapid Support Forces"), "Khartoum", 17),
        ("Clashes between Houthi rebels and Yemeni government forces near Marib on Sunday killed 12 fighters.",
         ("Houthis", "Yemeni government forces"), "Marib", 12),
    ],
    ids=["fighting-between", "clashes-between"],
)
def test_the_sides_of_a_fight_between_two_named_groups(events, sentence, sides, place, dead):
    [event] = events(sentence, "2024-05-15")
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert ((event.actor1, event.actor2), event.location, event.fatalities) == (sides, place, dead)


@pytest.mark.parametrize(
    ("text", "actor1", "place", "dead"),
    [
        ("At least 25 people were killed on Monday when two explosions ripped through a busy market in the "
         "northeastern Nigerian city of Maiduguri. Police blamed Boko Haram.", "Boko Haram", "Maiduguri", 25),
        ("Three people died on Tuesday when a blast hit a bus station in Quetta. Officials blamed the Pakistani "
         "Taliban.", "Tehrik-i-Taliban Pakistan", "Quetta", 3),
        ("A car bomb exploded near a checkpoint in Mogadishu on Sunday, killing seven people. The government "
         "blamed al-Shabaab for the attack.", "al-Shabaab", "Mogadishu", 7),
    ],
    ids=["explosions-market", "blast-bus-station", "car-bomb"],
)
def test_the_group_blamed_next_is_the_doer(events, text, actor1, place, dead):
    [event] = events(text, "2024-05-15")
    assert (event.event_type, event.actor1, event.location, event.fatalities) == (
        "Explosions/Remote violence", actor1, place, dead
    )


def test_an_explosion_blamed_on_no_group_is_no_event(events):
    assert events("A gas explosion at a restaurant in Istanbul killed four people on Monday. Officials blamed a "
                  "faulty cylinder.", "2024-05-15") == []


def test_a_house_or_train_station_struck_with_no_armed_side_has_civilians_as_target(events):
    [house] = events("In Baghdad, a mortar round struck a home, killing a woman and two children.", "2006-05-02")
    assert (house.actor2, house.fatalities) == ("Civilians", 3)
    [station] = events(
        "A Russian missile hit the railway station of Lozova on Tuesday, killing four people.", "2022-05-04"
    )
    assert station.actor2 == "Civilians"


def test_a_base_said_to_house_forces_targets_those_forces(events):
    [event] = events(
        "Three mortar rounds struck an air base that hosts American forces north of Baghdad on Sunday, "
        "wounding two Iraqi workers.",
        "2020-02-17",
    )
    assert (event.actor2, event.injuries) == ("United States military", 2)
    [event] = events(
        "A rocket attack late Monday near the Irbil airport and a nearby base housing U.S. troops killed "
        "one foreign civilian contractor.",
        "2021-02-16",
    )
    assert event.actor2 == "United States military"  # not the contractor the rockets killed


def test_coalition_forces_struck_where_the_text_names_us_forces_are_the_us_military(events):
    [event] = events(
        "On Tuesday, five rockets targeted coalition forces at the Mission Support Site Conoco in "
        "northeast Syria. No U.S. personnel were injured.",
        "2023-04-12",
    )
    assert event.actor2 == "United States military"  # GUIDELINES: coalition only when named alone
    [event] = events(
        "On Tuesday, five rockets targeted coalition forces at the Mission Support Site Conoco in northeast Syria.",
        "2023-04-12",
    )
    assert event.actor2 == "Coalition forces"


def test_a_named_unit_of_a_state_s_army_is_its_forces(events):
    found = events(
        "Kenyan jets struck al-Shabaab fighters who engaged a Somali commando unit near Dhobley on Monday.",
        "2021-03-03",
    )
    assert [e.actor2 for e in found] == ["al-Shabaab", "Somali military"]


def test_an_embassy_struck_is_no_armed_side_unless_its_soldiers_are_hurt(events):
    [event] = events("Three rockets were fired at the U.S. Embassy in Baghdad early on Sunday.", "2020-01-27")
    assert (event.location, event.actor2) == ("US Embassy in Baghdad", None)
    [event] = events(
        "Two rockets struck near the American embassy in Kabul on Monday, wounding two US soldiers.", "2019-12-31"
    )
    assert event.actor2 == "United States military"


def test_the_users_of_a_place_where_drones_were_shot_down_did_not_launch_them(events):
    [event] = events(
        "Three drones were intercepted on Friday near Erbil airport, which hosts U.S. forces.", "2022-01-08"
    )
    assert (event.sub_event_type, event.actor2) == ("Disrupted weapons use", None)


def test_an_attack_on_kabul_airport_targets_the_us_forces_there(events):
    [event] = events("Two rockets were fired at Kabul airport on Monday morning, officials said.", "2021-08-31")
    assert (event.location, event.actor2) == ("Hamid Karzai International Airport", "United States military")
    [event] = events(
        "A suicide bomber detonated an explosive vest in the vicinity of the Abbey Gate at Hamid Karzai "
        "International Airport on Thursday.",
        "2021-08-28",
    )
    assert (event.location, event.actor2) == ("Abbey Gate", "United States military")  # a gate of a site it hosts


def test_the_site_where_a_blast_killed_people_is_its_target(events):
    [event] = events(
        "A suicide car bomber killed six people and wounded 14 others at a police checkpoint in Ramadi on Monday.",
        "2006-05-02",
    )
    assert (event.actor2, event.fatalities, event.injuries) == ("Iraqi security forces", 6, 14)


def test_the_troops_that_opened_fire_did_it(events):
    [event] = events("Israeli troops opened fire near the border fence in Gaza on Friday, killing two.", "2024-05-15")
    assert (event.actor1, event.country, event.weapons, event.fatalities) == ("Israel Defense Forces", "PS", ("small_arms",), 2)


def test_the_side_named_on_the_weapon_word_of_a_strike_did_it(events):
    [event] = events(
        "A Russian missile strike on a shopping mall in Kremenchuk killed at least 18 people on Monday, "
        "Ukrainian officials said.",
        "2022-06-28",
    )
    assert (event.actor1, event.actor2, event.location, event.fatalities) == (
        "Russian military", "Civilians", "Kremenchuk", 18
    )


@pytest.mark.parametrize(
    "sentence, actor",
    [
        ("US F-16s struck an ammunition storage facility near Abu Kamal on Wednesday.", "United States military"),
        ("Israeli F-35s struck a weapons depot near Damascus on Wednesday.", "Israel Defense Forces"),
    ],
)
def test_a_side_s_warplanes_named_by_their_model_are_that_side(events, sentence, actor):
    [event] = events(sentence)
    assert (event.actor1, event.weapons) == (actor, ("aircraft",))


def test_a_side_s_air_defences_are_that_side(events):
    [event] = events(
        "Two one-way attack drones targeting Erbil air base were shot down by coalition air defenses on "
        "Monday morning."
    )
    assert (event.sub_event_type, event.actor1, event.location) == (
        "Disrupted weapons use", "Coalition forces", "Erbil air base"
    )


def test_the_member_that_claimed_an_attack_told_as_by_its_umbrella_is_the_doer(events):
    [event, *_] = events(
        "A drone attack targeted U.S. forces at Ain al-Asad air base in western Iraq on Tuesday. The "
        "official said the drone was launched by Iran-backed militants.\n\n"
        "The Islamic Resistance in Iraq said in a statement it had targeted Ain al-Asad with drones.",
        "2023-11-21",
    )
    assert (event.actor1, event.claimed_by, event.location) == (
        "Islamic Resistance in Iraq", "Islamic Resistance in Iraq", "Ain al-Asad air base"
    )


def test_a_group_saying_its_fighters_struck_claims_the_attack(events):
    first, second = events(
        "The Islamic Resistance in Iraq said on Friday that its fighters had attacked the Harir base in "
        "Iraqi Kurdistan with drones. According to the statement, the drones hit their targets accurately.\n\n"
        "Earlier, the group reported that it had struck the US base in the Conoco field in Syria's Deir "
        "ez-Zor province with a barrage of rockets.",
        "2023-11-24",
    )
    assert (first.actor1, first.claimed_by, first.location, first.outcome) == (
        "Islamic Resistance in Iraq", "Islamic Resistance in Iraq", "Harir air base", "hit"
    )
    assert (second.actor1, second.claimed_by, second.location, second.weapons) == (
        "Islamic Resistance in Iraq", "Islamic Resistance in Iraq", "Conoco gas field", ("rocket",)
    )


def test_those_who_killed_in_a_raid_made_the_raid(events):
    [event] = events("Pakistani security forces killed six militants in a raid in North Waziristan on Tuesday, "
                     "the military said.", "2024-05-16")
    assert (event.event_type, event.actor1, event.location, event.fatalities) == (
        "Battles", "Pakistani military", "North Waziristan", 6
    )


def test_sides_joined_in_a_fights_subject_keep_their_order(events):
    """joined_sides(): 'insurgents and Ethiopian troops exchanged mortar fire': the insurgents,
    unnamed, are actor1 and the troops actor2; the civilians killed are no side of the fight.
    read_trigger(): 'mortar fire' as the object of 'exchanged' is the act, made with mortars."""
    [event] = events(
        "Thirteen civilians were killed on Sunday when insurgents and Ethiopian troops exchanged mortar "
        "fire in Mogadishu, witnesses said.",
        "2007-04-02",
    )
    assert (event.sub_event_type, event.actor1, event.actor2) == ("Armed clash", None, "Ethiopian military")
    assert (event.weapons, event.fatalities, event.location) == (("artillery",), 13, "Mogadishu")


def test_a_safe_house_struck_is_no_civilian_home(events):
    """owned_target(): 'safe house' is listed with no side (actors.yaml targets), so 'house'
    in it names no civilians."""
    found = events(
        "U.S. fighter jets struck a training facility and a safe house near Albu Kamal in eastern Syria on Sunday.",
        "2023-11-13",
    )
    assert [(e.actor1, e.actor2, e.location) for e in found] == [("United States military", None, "Albu Kamal")]


def test_a_blame_for_the_attack_told_before_names_its_doer(events):
    """blames_for_told(): 'blamed Kataib Hezbollah for the attack', paragraphs later, gives the
    attack told with no doer its actor1; a blame for 'an attack' of its own does not."""
    [event] = events(
        "Three U.S. Army soldiers were killed early Sunday when a one-way attack drone struck Tower 22, "
        "a logistics support base in northeastern Jordan, the Pentagon said.\n\n"
        "The drone hit the base's living quarters.\n\n"
        "U.S. officials blamed Kataib Hezbollah for the attack.",
        "2024-01-29",
    )
    assert (event.actor1, event.actor2, event.fatalities) == ("Kataib Hezbollah", "United States military", 3)
    [event] = events(
        "A roadside bomb killed two soldiers in Kandahar on Monday.\n\n"
        "The Taliban were blamed for an attack in Kabul last year.",
        "2023-11-21",
    )
    assert event.actor1 is None


def test_the_group_as_subject_is_the_armed_group_named_before_it(events):
    strike, attack = events(
        "The U.S. military conducted airstrikes in Iraq on Tuesday against two facilities used by "
        "Kataib Hezbollah, hours after the group fired a close-range ballistic missile at Al-Asad "
        "Airbase, officials said.",
        "2023-11-22",
    )
    assert (strike.actor1, strike.actor2) == ("United States military", "Kataib Hezbollah")
    assert (attack.actor1, attack.actor2) == ("Kataib Hezbollah", "United States military")


def test_what_the_group_does_is_no_act_of_it(events):
    assert events(
        "Al-Shabaab has carried out attacks across the country. The group is fighting to overthrow "
        "the government of Somalia.",
        "2024-01-10",
    ) == []


def test_the_group_that_claimed_is_the_group_named_before(events):
    shaddadi, rumalyn = events(
        "The American base in Shaddadi was attacked on Saturday by a drone, the Islamic Resistance "
        "in Iraq said in a statement on its Telegram channel.\n\n"
        "Several hours later, the group claimed another drone attack on the US military base at the "
        "Rumalyn airfield.",
        "2023-11-26",
    )
    assert rumalyn.location == "Rumalyn landing zone"
    assert rumalyn.claimed_by == rumalyn.actor1 == "Islamic Resistance in Iraq"


def test_a_bombing_that_killed_people_targeted_civilians(events):
    [event] = events("A triple bombing in the town of Beledweyne killed at least 20 people on Sunday.", "2022-10-04")
    assert (event.sub_event_type, event.actor2, event.fatalities) == ("Remote explosive/landmine/IED", "Civilians", 20)


def test_a_bombing_that_killed_soldiers_did_not_target_civilians(events):
    [event] = events("A roadside bombing near Beledweyne killed four soldiers on Sunday.", "2022-10-04")
    assert event.actor2 != "Civilians"


def test_the_group_is_the_member_named_not_the_umbrella_its_description_names(events):
    [event] = events(
        "The Islamic Resistance in Iraq, a coalition of armed groups backed by Iran, issued a statement "
        "on Thursday.\n\nThe group said its fighters had attacked the Ain al-Asad base in western Iraq "
        "with two drones.",
        "2023-11-10",
    )
    assert event.actor1 == event.claimed_by == "Islamic Resistance in Iraq"


def test_bombs_that_killed_people_and_injured_others_targeted_civilians(events):
    [event] = events(
        "On 3 January 2024, two bombs exploded in Kerman, Iran, during a memorial ceremony, killing 95 "
        "people and injuring 284 others.",
        "2024-06-01",
    )
    assert (event.actor2, event.fatalities, event.injuries) == ("Civilians", 95, 284)


def test_a_house_where_only_militants_were_killed_was_no_civilian_target(events):
    [event] = events(
        "A suspected US drone fired two missiles at a house in the Datta Khel area of North Waziristan "
        "on Friday, killing at least five militants, Pakistani intelligence officials said.",
        "2010-09-04",
    )
    assert (event.actor1, event.actor2, event.fatalities) == ("United States military", None, 5)


def test_a_claim_of_the_attacks_covers_those_of_every_day_told(events):
    found = events(
        "On Wednesday, two drones targeted al-Tanf garrison in southern Syria.\n\n"
        "On Thursday, a rocket attack was reported near Baghdad International Airport, according to "
        "Iraqi security officials.\n\n"
        "In a statement, a group calling itself the Islamic Resistance in Iraq claimed responsibility "
        "for the attacks.",
        "2023-10-20",
    )
    assert [(e.date, e.claimed_by) for e in found] == [
        (dt.date(2023, 10, 18), "Islamic Resistance in Iraq"),
        (dt.date(2023, 10, 19), "Islamic Resistance in Iraq"),
    ]


def test_a_second_conjunct_shares_the_first_ones_description(events):
    # mentions.described_by: 'Iranian-backed' describes the militias as well as the facilities
    found = events(
        "Trump ordered U.S. airstrikes on Iranian-backed facilities and militias in Iraq on Sunday.",
        "2019-12-31",
    )
    assert [(e.actor1, e.actor2) for e in found] == [("United States military", "Iran-aligned militias")]


def test_a_bomb_strikes_the_civilian_site_where_it_goes_off(events):
    # roles.host_as_target: 'outside', 'inside', 'at' a site (actors.yaml: targets) tells a blast's target
    [mosque] = events("One suicide bomber blew up outside the gate of al-Badr mosque in Sanaa.", "2015-03-20")
    assert (mosque.sub_event_type, mosque.actor2) == ("Suicide bomb", "Civilians")
    [market] = events("A bomb exploded inside a crowded market in Baghdad, police said.", "2015-03-20")
    assert market.actor2 == "Civilians"


def test_the_speaker_did_the_strike_it_says_it_carried_out(events):
    # roles.speaker_as_doer reads the verb that carries the event noun
    [event] = events(
        "The U.S. military said it carried out an air strike in eastern Syria against a weapons storage "
        "facility used by Iran's Revolutionary Guards.",
        "2023-11-09",
    )
    assert (event.actor1, event.actor2, event.weapons) == (
        "United States military", "Islamic Revolutionary Guard Corps", ("aircraft",),
    )


def test_the_source_of_a_report_is_no_side_of_the_act(events):
    # roles.is_source: 'according to a statement from the Iraqi military'
    [event] = events(
        "On Saturday, militants fired a rocket at Victory Base Complex near Baghdad airport, causing no "
        "damage, according to a statement from the Iraqi military.",
        "2023-11-25",
    )
    assert (event.actor1, event.location, event.outcome) == (None, "Victory Base Complex", "no_damage")


def test_a_military_base_with_no_other_side_named_is_the_country_s_forces(events):
    # actors.yaml targets, of_the_country: military base, barracks, army post ...
    [event] = events(
        "Al-Shabaab fighters stormed a military base in Middle Shabelle region at dawn on Friday, sparking a "
        "gun battle that lasted several hours, residents said.",
        "2024-01-13",
    )
    assert (event.actor1, event.actor2, event.country) == ("al-Shabaab", "Somali military", "SO")


def test_a_group_named_only_as_who_runs_the_place_is_no_side(events):
    # mentions.governs: 'Hamas-run Gaza' names where, not whom the strike was against
    [event] = events("An Israeli airstrike killed 12 people in Hamas-run Gaza on Tuesday.", "2024-02-14")
    assert (event.actor1, event.actor2, event.country, event.fatalities) == ("Israel Defense Forces", None, "PS", 12)


def test_the_dateline_s_country_is_not_the_bomber_s_side(events):
    # roles.country_actor skips nlp.is_dateline: 'Somalia' opens the release, it did nothing
    [event] = events(
        "MOGADISHU, Somalia — A suicide bomber blew himself up at a busy restaurant in the Somali capital on "
        "Friday evening, killing at least six people and wounding 10 others, police said. Al-Shabab claimed "
        "responsibility for the attack.",
        "2024-02-17",
    )
    assert (event.actor1, event.claimed_by, event.actor2, event.location) == (
        "al-Shabaab", "al-Shabaab", "Civilians", "Mogadishu",
    )


def test_the_group_an_attack_was_by_did_it_to_those_killed_in_it(events):
    # roles._sides: 'in an attack by PKK militants' is the noun's own phrase, not the verb's target;
    # places.doer_places: 'militants in northern Iraq' were where the attack was
    [event] = events(
        "Two Turkish soldiers were killed and three wounded in an attack by PKK militants in northern Iraq, the "
        "Turkish defence ministry said on Wednesday.",
        "2024-06-12",
    )
    assert (event.actor1, event.actor2, event.fatalities, event.injuries, event.country) == (
        "Kurdistan Workers' Party", "Turkish military", 2, 3, "IQ",
    )


def test_a_ship_named_with_its_prefix_is_a_civilian_target_when_named_bare(events):
    # roles.ship_names: 'the M/V Tutor' told before makes 'the Tutor' a merchant ship
    found = events(
        "Last week, the Houthis struck two different cargo ships, the M/V Tutor, which is Liberian-flagged, "
        "and the M/V Verbena. The June 12th attack on the Tutor resulted in severe flooding and damage to the "
        "engine room.",
        "2024-06-20",
    )
    tutor = next(e for e in found if e.date is not None and e.date.isoformat() == "2024-06-12")
    assert (tutor.actor2, tutor.outcome) == ("Civilians", "hit")


def test_a_group_that_killed_people_in_its_dated_attack_did_it(events):
    [event] = events("Hamas killed about 1,200 people in its October 7 attack on Israel.", "2024-01-10")
    assert (event.actor1, event.date.isoformat(), event.fatalities) == ("Hamas", "2023-10-07", 1200)


def test_the_militants_who_killed_in_an_attack_are_the_group_named_before(events):
    found = events(
        "Al-Shabab fighters stormed a military base in Kenya on Sunday. "
        "The militants killed three Americans in the Jan. 5 attack on the base at Manda Bay.",
        "2020-01-10",
    )
    assert (found[-1].actor1, found[-1].fatalities) == ("al-Shabaab", 3)


def test_the_one_whose_death_a_raid_resulted_in_is_its_target(events):
    [event] = events(
        "CENTCOM forces conducted a helicopter raid in northeast Syria on Friday, resulting in the death of an "
        "ISIS official.",
        "2024-03-10",
    )
    assert (event.actor1, event.actor2) == ("United States military", "Islamic State")


def test_army_positions_with_no_country_named_are_the_forces_of_the_country_where_they_are(events):
    [event] = events("The RSF shelled army positions in El Fasher on Monday, killing three soldiers.", "2024-03-10")
    assert (event.actor1, event.actor2, event.fatalities) == ("Rapid Support Forces", "Sudanese military", 3)


def test_a_group_the_knowledge_base_does_not_list_keeps_the_name_it_claimed_with(events):
    [event] = events(
        "A suicide bomber struck a police station in Ramadi on Monday, killing 12 officers. "
        "The Mujahideen Shura Council claimed responsibility.",
        "2006-03-10",
    )
    assert (event.actor1, event.claimed_by) == ("Mujahideen Shura Council", "Mujahideen Shura Council")


def test_soldiers_killed_in_clashes_with_a_group_on_a_day_were_one_side_of_that_day_s_fight(events):
    [event] = events(
        "Two Israeli soldiers were killed in clashes with Hamas militants in northern Gaza on Monday, the military said.",
        "2024-03-12",
    )
    assert (event.sub_event_type, event.actor1, event.actor2, str(event.date), event.fatalities) == (
        "Armed clash", "Israel Defense Forces", "Hamas", "2024-03-11", 2
    )


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("Houthi forces said they targeted the USS Eisenhower with missiles and drones on Friday.",
         ("Houthis", "United States military")),
        ("A Houthi missile was shot down by HMS Diamond in the Red Sea on Monday.",
         ("United Kingdom military", "Houthis")),
    ],
    ids=["uss", "hms"],
)
def test_a_warship_named_with_its_navy_s_prefix_is_that_navy_s(events, text, sides):
    [event] = events(text, "2024-03-12")
    assert (event.actor1, event.actor2) == sides


def test_the_side_named_on_the_weapon_used_it_when_the_story_names_that_side(events):
    found = events(
        "Russian forces shelled Kharkiv on Friday. A Russian glide bomb struck a hardware store in Kharkiv on "
        "Saturday, killing at least 12 people.",
        "2024-05-27",
    )
    assert [e.actor1 for e in found] == ["Russian military", "Russian military"]
    [event] = events("Chinese rockets hit a base near Baghdad on Monday.", "2024-05-27")
    assert event.actor1 is None  # the maker, named nowhere else: no side of the story


def test_a_weapon_made_against_ships_strikes_no_ship(events):
    [event] = events(
        "Iranian-backed Houthis launched two anti-ship ballistic missiles from a Houthi controlled area "
        "of Yemen into the Red Sea on Thursday.",
        "2024-06-14",
    )
    assert (event.actor1, event.actor2) == ("Houthis", None)  # 'anti-ship' is the weapon's kind


def test_a_city_struck_as_a_whole_targets_its_civilians(events):
    [struck] = events("On 18 October 2021, the Ethiopian Air Force conducted two airstrikes on the city of Mekelle.",
                      "2021-10-19")
    assert (struck.actor1, struck.actor2) == ("Ethiopian military", "Civilians")  # actors.yaml: struck_itself
    [inside] = events("A bombing in the city of Mosul killed two soldiers on Friday.", "2021-10-19")
    assert inside.actor2 != "Civilians"  # where it happened, not what it struck


def test_young_men_hit_by_a_rocket_are_civilians(events):
    [event] = events(
        "On Sunday another rocket landed near several young men in Sderot, injuring a 17-year-old youth.",
        "2006-11-21",
    )
    assert event.actor2 == "Civilians"


def test_the_side_said_to_be_responsible_is_the_doer(events):
    [event] = events(
        "Iranian-backed militias in Syria were responsible for the drone attack on the coalition base near "
        "Hasakah on Thursday.",
        "2023-03-24",
    )
    assert event.actor1 == "Iran-aligned militias"


def test_a_government_soldier_killed_where_no_town_is_placed_is_the_countrys(events):
    found = events(
        "One government soldier and four militants were killed in another al-Shabab attack Friday in the town "
        "of Afgoye.",
        "2017-01-08",
    )
    assert [e.actor2 for e in found] == ["Somali military"]  # the event's country (the group's home), no place
