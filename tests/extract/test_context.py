"""Across sentences: 'a day after' from the running date, a follow-up sentence's dead.

The rules are in warlog/extract/context.py. Real sentences from news reports; each test names the rule it shows.
"""

from __future__ import annotations

import datetime as dt


def test_a_day_after_dates_the_earlier_strike_and_a_follow_up_sentence_gives_its_dead(events):
    found = events(
        "Drones were launched at US forces near Erbil airport on Thursday, November 23.\n\n"
        "The attacks came a day after US strikes against the Iran-aligned Kataib Hezbollah "
        "militant group. Then 8 people were killed.",
    )
    strike = found[-1]
    assert (strike.actor1, strike.actor2) == ("United States military", "Kataib Hezbollah")
    assert strike.date == dt.date(2023, 11, 22)
    assert strike.fatalities == 8
    assert strike.country == "IQ"  # where the group it struck is based, as nothing else is said


def test_strikes_listed_with_no_target_of_their_own_are_against_the_side_the_release_names(events):
    found = events(
        "In Iraq, coalition military forces conducted six strikes against ISIS targets:\n\n"
        "-- Near Qayyarah, a strike destroyed a supply cache and a bridge.\n\n"
        "-- Near Haditha, two strikes destroyed a front-end loader.",
        "2017-04-11",
    )
    listed = [e for e in found if e.location in {"Qayyarah", "Haditha"}]
    assert sorted(e.location for e in listed) == ["Haditha", "Qayyarah"]
    # the first is parsed into the sentence that names the doer: it is still a listed strike
    assert all(e.actor1 == "United States military" for e in listed)
    assert all(e.actor2 == "Islamic State" for e in listed)


def test_numbered_attacks_are_those_of_the_series_told_before_which_is_no_event_itself(events):
    found = events(
        "Three separate rocket attacks hit the city of Kharkiv in March 2022.\n\n"
        "The first attack took place on 2 March, killing four civilians. "
        "The second attack occurred on 6 March. The third attack happened on 9 March.",
        "2022-03-20",
    )
    assert [e.date for e in found] == [dt.date(2022, 3, 2), dt.date(2022, 3, 6), dt.date(2022, 3, 9)]
    assert all(e.weapons == ("rocket",) for e in found)
    assert all(e.sub_event_type == "Shelling/artillery/missile attack" for e in found)
    assert all(e.location == "Kharkiv" for e in found)


def test_the_next_attack_of_a_series_is_by_the_doer_of_the_attacks_told_before(events):
    first, second, third = events(
        "On 5 March 2024 the Russian military fired missiles at Kramatorsk, Ukraine, killing two civilians.\n\n"
        "The second attack occurred on 12 March; no casualties were reported. The third attack happened on 19 March.",
        "2024-03-30",
    )
    assert (second.date, third.date) == (dt.date(2024, 3, 12), dt.date(2024, 3, 19))
    assert first.actor1 == second.actor1 == third.actor1 == "Russian military"


def test_part_of_the_missiles_told_before_is_by_their_launcher(events):
    found = events(
        "On Tuesday, the Houthis fired three anti-ship missiles toward the M/V Zografia in the Red Sea. "
        "Two of these missiles struck the vessel.",
        "2024-01-17",
    )
    assert found and all(e.actor1 == "Houthis" for e in found if e.outcome == "hit")


def test_an_attack_of_its_own_is_not_given_the_doer_told_before(events):
    found = events(
        "On Monday, Israeli jets struck a Hezbollah depot near Nabatieh.\n\n"
        "On Tuesday, a drone struck a car in Tyre.",
        "2024-03-06",
    )
    assert [e.actor1 for e in found] == ["Israel Defense Forces", None]


def test_two_sides_shooting_down_drones_in_one_paragraph_are_two_events(events):
    found = events(
        "On Saturday night, British jets fired interceptors at incoming Iranian drones over Jordan. "
        "The Jordanian air force intercepted several of the remaining drones.",
        "2024-03-04",
    )
    assert [e.actor1 for e in found] == ["United Kingdom military", "Jordanian Armed Forces"]


def test_a_member_and_its_coalition_may_tell_one_event(events):
    found = events(
        "On Saturday, US forces struck Houthi radar sites in Yemen. Coalition forces hit eight Houthi targets.",
        "2024-03-04",
    )
    assert len(found) == 1


def test_the_attacks_of_a_story_about_one_town_are_at_that_town(events):
    found = events(
        "The Kherson shelling campaign began in November 2022, when Russian artillery first struck the city of Kherson.\n\n"
        "The second attack occurred on 8 December; two civilians were killed.\n\n"
        "The third attack happened on 11 December.",
        "2023-01-10",
    )
    assert len(found) == 3
    assert {(e.location, e.country) for e in found} == {("Kherson", "UA")}


def test_a_place_named_only_after_an_attack_is_not_that_attack_s(events):
    found = events(
        "A rocket attack on December 27th killed an American contractor. "
        "Days later, militias stormed the U.S. Embassy in Baghdad.",
        "2020-01-03",
    )
    assert [e.location for e in found] == [None, "US Embassy in Baghdad"]


def test_a_count_of_strikes_in_a_country_told_place_by_place_later_is_no_event_itself(events):
    found = events(
        "On Monday, coalition forces conducted five strikes against ISIS in Iraq.\n\n"
        "Below is a summary of the strikes:\n\n"
        "* Near Tal Afar, three strikes destroyed two ISIS vehicles.\n"
        "* Near Baiji, two strikes destroyed an ISIS mortar position.",
        "2017-05-09",
    )
    assert sorted(e.location for e in found) == ["Baiji", "Tal Afar"]
    assert all(e.country == "IQ" for e in found)
    [alone] = events("On Monday, coalition forces conducted five strikes against ISIS in Iraq.", "2017-05-09")
    assert (alone.country, alone.location, alone.quantity) == ("IQ", None, 5)


def test_an_attack_by_another_side_in_the_sentence_is_its_own_event(events):
    found = events(
        "On 12 May 2024, Hezbollah fired dozens of rockets at the town of Kiryat Shmona in "
        "response to the killing of one of its commanders by an Israeli drone strike.",
        "2024-05-13",
    )
    assert sorted((e.actor1, e.location) for e in found) == [
        ("Hezbollah", "Kiryat Shmona"), ("Israel Defense Forces", None),
    ]
    drone = next(e for e in found if e.actor1 == "Israel Defense Forces")
    assert drone.weapons == ("drone",)


def test_a_count_of_villages_attacked_told_village_by_village_later_is_no_event_itself(events):
    found = events(
        "Witnesses say dozens of people are dead after suspected Boko Haram militants attacked two villages in "
        "northeastern Nigeria.\nA local reporter says 40 people were killed when assailants attacked the village "
        "of Kawori in Borno state late Sunday.",
        "2014-01-27",
    )
    # Kawori is no town of the gazetteer: the event is placed by the state told with it
    assert [(e.location, e.country, e.fatalities) for e in found] == [("Borno state", "NG", 40)]
def test_a_claim_told_with_a_later_day_covers_the_attack_told_before(events):
    [event] = events(
        "On 4 May, a roadside bomb struck a police convoy in Kandahar, killing three officers. "
        "Two days later, the Taliban claimed responsibility for the bombing.",
        "2022-05-10",
    )
    assert (event.claimed_by, event.actor1) == ("Taliban", "Taliban")
    assert event.date == dt.date(2022, 5, 4)  # the day of the bombing, not of the claim


def test_the_attack_told_again_with_its_place_places_the_lead_s_attack(events):
    [event] = events(
        "Three U.S. Army soldiers were killed and dozens more were injured in a one-way drone attack on a "
        "small U.S. base in Jordan near the Syrian border early Sunday, officials said.\n\n"
        "The attack on the logistics support base known as Tower 22 wounded more than 40 troops.",
        "2024-01-29",
    )
    assert (event.location, event.country, event.fatalities, event.date) == ("Tower 22", "JO", 3, dt.date(2024, 1, 28))


def test_another_place_struck_that_day_is_not_the_lead_s_attack_told_again(events):
    found = events(
        "Russian missiles struck several Ukrainian cities on Monday, officials said.\n\n"
        "In Dnipro, a missile hit an industrial plant on Monday, killing two workers.",
        "2024-07-09",
    )
    assert [(e.location, e.fatalities) for e in found] == [(None, None), ("Dnipro", 2)]


def test_the_site_told_after_a_region_places_the_lead_s_attack(events):
    [event] = events(
        "BAGHDAD, Nov. 21 (Xinhua) -- A U.S. military base in western Iraq was attacked by a drone on "
        "Tuesday, an Iraqi security source said.\n\n"
        "The drone was launched at Ain al-Asad airbase in the western Iraqi province of Anbar, and there "
        "were no reports of casualties, the source said.",
        "2023-11-21",
    )
    assert (event.location, event.date, event.fatalities, event.injuries, event.outcome) == (
        "Ain al-Asad air base", dt.date(2023, 11, 21), 0, 0, "no_damage"
    )


def test_a_third_bomber_at_the_same_town_is_a_third_attack(events):
    """merge_retellings(): an attack told as the next of a series ('A third bomber ...') is
    never the one before it told again, though both hit the same town that day."""
    found = events(
        "A suicide bomber blew himself up at a police checkpoint in Mosul on Monday, killing two "
        "policemen. A third bomber walked into a guardhouse in Mosul's main hospital and blew himself "
        "up, killing four policemen.",
        "2014-01-07",
    )
    assert [(e.location, e.fatalities) for e in found] == [("Mosul", 2), ("Mosul", 4)]


def test_numbered_attacks_of_a_series_are_by_its_doer(events):
    """series_members(): 'The first attack ...' is one of the attacks told before, carried out
    by the side named there."""
    found = events(
        "The Ganja missile attacks comprise two separate ballistic missile attacks on the city of "
        "Ganja, Azerbaijan, in October 2020, carried out by the Armenian military forces. The first "
        "attack took place on 4 October, killing one civilian. The second attack occurred on 8 October.",
        "2020-11-01",
    )
    assert [(e.actor1, e.location, e.weapons) for e in found] == [("Armenian military", "Ganja", ("missile",))] * 2
    assert [e.date.day for e in found] == [4, 8]


def test_deaths_at_another_town_after_an_attack_are_another_event(events):
    """another_place_of(): 'Three other people were killed in Luhansk', right after shelling
    in Donetsk, is another event of its kind there, its weapon not said."""
    found = events(
        "Local officials in Donetsk say six people were killed there in shelling overnight. Three other "
        "people were killed in Luhansk.",
        "2014-08-03",
    )
    assert [(e.location, e.fatalities) for e in found] == [("Donetsk", 6), ("Luhansk", 3)]
    assert found[1].weapons == ("unspecified",)


def test_deaths_at_the_same_town_are_the_told_events_toll(events):
    [event] = events("Rockets hit Kharkiv on Monday. Three people were killed in Kharkiv.", "2024-05-21")
    assert (event.location, event.fatalities) == ("Kharkiv", 3)


def test_a_side_told_as_attacked_is_not_the_target_of_its_own_strikes(events):
    """'U.S. and coalition forces have been attacked ...', then U.S. strikes on sites that name no
    side: the carried target is never the striking side or its coalition."""
    found = events(
        "Since October 17th, U.S. and coalition forces have been attacked at least 58 times.\n\n"
        "On November 12, U.S. forces conducted precision strikes on a training facility near Albu "
        "Kamal and a safehouse near Mayadin.",
        "2023-11-16",
    )
    assert [(e.location, e.actor1, e.actor2) for e in found] == [
        ("Albu Kamal", "United States military", None),
        ("Mayadin", "United States military", None),
    ]


def test_strikes_on_many_targets_in_a_country_told_town_by_town_later_are_no_event_themselves(events):
    found = events(
        "The United States and Britain launched strikes on more than 60 targets at 16 locations in Yemen "
        "early Friday. The strikes hit sites in Sanaa, Hodeidah, Taiz and Saada, according to the group.",
        "2024-01-12",
    )
    assert [e.location for e in found] == ["Sanaa", "Hodeidah", "Taiz", "Saada"]
    assert {(e.actor1, e.date) for e in found} == {("United States military", dt.date(2024, 1, 12))}


def test_the_strike_said_to_be_carried_out_by_a_group_names_the_doer_told_before(events):
    [event] = events(
        "On the night of November 21, the base of the American military at the Conoco gas field in "
        "Deir ez-Zor was attacked by drones. This was reported by the Sabereen News Telegram channel.\n\n"
        "According to the channel, the strike was carried out by the Islamic Resistance of Iraq.",
        "2023-11-21",
    )
    assert (event.location, event.actor1, event.actor2) == ("Conoco gas field", "Islamic Resistance in Iraq", "United States military")


def test_a_strike_on_a_civilian_site_is_not_against_the_side_the_story_s_strikes_are(events):
    found = events(
        "Israeli aircraft continued to strike Hamas targets across the Gaza Strip.\n\n"
        "On Sunday, an Israeli air strike on a mosque in Beit Lahiya killed 13 people, medical workers said.",
        "2009-01-05",
    )
    mosque = next(e for e in found if e.location == "Beit Lahiya")
    assert (mosque.actor1, mosque.actor2, mosque.fatalities) == ("Israel Defense Forces", "Civilians", 13)


def test_the_bomber_told_in_the_next_paragraph_retells_the_lead_s_bombing_and_dates_it(events):
    [event] = events(
        "Iraqi officials say a female suicide bomber has killed at least 40 people at a Shi'ite shrine "
        "in the southern city of Karbala.\n\n"
        "Police say the bomber detonated an explosives vest Monday as worshippers gathered near the "
        "shrine. At least 60 others were wounded.",
        "2008-03-18",
    )
    assert (event.location, event.date, event.fatalities, event.injuries) == ("Karbala", dt.date(2008, 3, 17), 40, 60)


def test_a_briefing_s_count_placed_part_by_part_is_an_attack_at_each_place(events):
    found = events(
        "MS. SINGH: Since October 17th, U.S. and coalition forces have been attacked at least 58 times. "
        "Yesterday there were four attacks. Two were in Iraq, at Al-Asad Air Base and at Erbil Air "
        "Base, and two were in Syria, at Mission Support Site Euphrates and at Rumalyn.",
        "2023-11-16",
    )
    assert [e.location for e in found] == [
        "Ain al-Asad air base", "Erbil air base", "Mission Support Site Euphrates", "Rumalyn landing zone",
    ]
    assert {(e.date, e.actor2) for e in found} == {(dt.date(2023, 11, 15), "United States military")}


def test_a_group_s_statement_that_it_targeted_the_ship_tells_the_attack_again(events):
    [event] = events(
        "Yemen's Houthi rebels fired an anti-ship missile at the British oil tanker Marlin Luanda in the "
        "Gulf of Aden on Friday, setting it ablaze, the U.S. military said. No casualties were reported.\n\n"
        "The group's military spokesman, Yahya Saree, said in a televised statement that the Houthis had "
        "targeted the ship with \"a number of appropriate naval missiles.\"",
        "2024-01-27",
    )
    assert (event.actor1, event.location, event.outcome, event.fatalities) == ("Houthis", "Gulf of Aden", "hit", 0)


def test_strikes_a_tally_counts_in_named_provinces_are_one_event_per_province(events):
    # reader: a counted strike with places of its own is an event per place unless told one by one
    found = events(
        "U.S. forces conducted a series of precision strikes in Yemen against al-Qaida in the Arabian "
        "Peninsula, or AQAP, in the early morning of March 2. More than 20 strikes targeted AQAP "
        "militants, equipment and infrastructure in the Yemeni governorates of Abyan, Al Bayda and Shabwah.",
        "2017-03-02",
    )
    assert [(e.location, e.country, e.geo_precision) for e in found] == [
        ("Abyan governorate", "YE", 3), ("Al Bayda governorate", "YE", 3), ("Shabwah governorate", "YE", 3),
    ]  # the series in Yemen sums them up: no event of its own
    assert {(e.actor1, e.actor2, e.date) for e in found} == {
        ("United States military", "al-Qaeda in the Arabian Peninsula", dt.date(2017, 3, 2))
    }


def test_a_count_of_attacks_in_one_province_stays_a_tally(events):
    assert events("On March 3rd alone, the Taliban conducted 43 attacks on checkpoints in Helmand.", "2020-03-04") == []


def test_the_attack_a_series_sums_up_is_by_its_doer_with_its_weapons(events):
    # context.lend_to_details
    found = events(
        "Two days later, on 18 January, Pakistan conducted a retaliatory series of missile strikes in Iran, "
        "asserting that it had targeted militants of the Balochistan Liberation Army in the Iranian province "
        "of Sistan and Baluchestan.",
        "2024-01-19",
    )
    assert [(e.actor1, e.actor2, e.weapons, e.country) for e in found] == [
        ("Pakistani military", "Balochistan Liberation Army", ("missile",), "IR")
    ]


def test_strikes_placed_in_a_country_are_not_moved_to_the_story_s_one_site(events):
    # context.place_story_events: "in Iraq" places the strikes, if only in a country
    found = events(
        "On December 31, 2019, Iranian-backed terrorists attacked the U.S. Embassy in Baghdad, Iraq.\n\n"
        "On December 29, President Trump ordered U.S. airstrikes on Iranian-backed facilities and "
        "militias in Iraq and Syria.",
        "2020-01-03",
    )
    strikes = [e for e in found if e.actor1 == "United States military"]
    assert [(e.country, e.location) for e in strikes] == [("IQ", None), ("SY", None)]


def test_a_strike_told_after_a_country_wide_attack_is_part_of_it(events):
    # context.part_of_wide_attack
    found = events(
        "On 29 December 2023, Russia launched one of the largest aerial attacks of the war, firing 122 "
        "missiles and 36 drones at cities across Ukraine. At least 39 civilians were killed.\n\n"
        "In Kyiv, a missile struck a maternity hospital.",
        "2024-01-05",
    )
    [kyiv] = [e for e in found if e.location == "Kyiv"]
    assert (kyiv.actor1, kyiv.weapons, kyiv.date) == ("Russian military", ("missile",), dt.date(2023, 12, 29))


def test_a_strike_on_those_who_had_just_attacked_is_not_their_attack_told_again(events):
    # context.turned: the gunship's target is the launch's doer side; two acts at one place
    found = events(
        "An AC-130 gunship struck a vehicle carrying militants who had just launched a close-range ballistic "
        "missile at U.S. forces at al-Asad, killing several of them.",
        "2023-11-22",
    )
    strike, launch = sorted(found, key=lambda e: e.evidence.start)
    assert (strike.actor1, strike.weapons) == ("United States military", ("aircraft",))
    assert (launch.actor2, launch.weapons) == ("United States military", ("missile",))


def test_a_gunship_striking_back_the_next_sentence_is_not_the_missile_attack_told_again(events):
    # context.turned: the target of the one is the doer of the other, with other weapons
    found = events(
        "On Nov. 21, U.S. forces at al-Asad Air Base were attacked with a close-range ballistic missile, "
        "resulting in eight injuries. An AC-130 in the area responded and struck the vehicle that launched "
        "the missile, resulting in several hostile fatalities.",
        "2023-11-24",
    )
    attack, strike = found
    assert (attack.actor2, attack.weapons, attack.injuries) == ("United States military", ("missile",), 8)
    assert (strike.actor1, strike.weapons) == ("United States military", ("aircraft",))


def test_each_numbered_attack_strikes_the_target_the_series_was_told_against(events):
    # context.series_members: 'residential areas' are civilians', for the attacks that name no victims too
    found = events(
        "Armenian forces carried out four separate ballistic missile attacks on residential areas of the city of "
        "Ganja in October 2020. The first attack took place on 4 October, killing one civilian. The second attack "
        "occurred on 8 October; no casualties were reported. The third attack happened on 11 October.",
        "2020-12-01",
    )
    assert [(e.date.isoformat(), e.actor2, e.location) for e in found] == [
        ("2020-10-04", "Civilians", "Ganja"),
        ("2020-10-08", "Civilians", "Ganja"),
        ("2020-10-11", "Civilians", "Ganja"),
    ]


def test_the_act_told_again_places_the_one_told_before_and_the_next_sentence_gives_its_dead(events):
    found = events(
        "STUTTGART, Germany - U.S. Africa Command conducted an airstrike against al-Shabaab on Feb. 2. "
        "The strike occurred in a remote area approximately 35 kilometers northeast of Kismayo. "
        "The command's initial assessment is that two terrorists were killed.",
        "2024-02-05",
    )
    [strike] = found  # 'The strike occurred ...' is the airstrike again, no second event
    assert (strike.actor1, strike.actor2, strike.date) == ("United States military", "al-Shabaab", dt.date(2024, 2, 2))
    assert (strike.location, strike.country) == ("Kismayo", "SO")  # not Germany, the dateline
    assert strike.fatalities == 2  # the toll told after the retelling is the airstrike's


def test_a_lead_with_no_day_nor_place_told_in_detail_is_one_strike(events):
    found = events(
        "American forces have struck at an Iranian-backed militia in Syria, officials said.\n\n"
        "At President Biden's direction, U.S. military forces conducted airstrikes in eastern Syria on "
        "Thursday against infrastructure utilized by Iranian-backed militant groups.",
        "2021-02-26",
    )
    [strike] = found
    assert (strike.actor1, strike.location, strike.date) == ("United States military", "eastern Syria", dt.date(2021, 2, 25))


def test_the_next_paragraph_s_act_with_no_place_doer_or_day_of_its_own_is_the_one_just_told(events):
    found = events(
        "On 5 May, Iranian-backed militants attacked the al-Tanf garrison in Syria with drones.\n\n"
        "Three one-way attack drones were reportedly launched from Iraq.",
        "2024-05-07",
    )
    [attack] = found  # the launch is the attack, told in detail
    assert (attack.actor1, attack.actor2, attack.date) == ("Iran-aligned militias", "United States military",
                                                           dt.date(2024, 5, 5))


def test_part_of_the_rockets_told_before_places_that_attack(events):
    """merge_retellings: 'Two of the rockets' refers back to the rockets told before, as 'The
    attack' would; the later, finer place is that attack's, not a second attack's."""
    found = events(
        "On 3 March 2021, at least ten rockets were launched at Anbar province. "
        "Two of the rockets hit Ain al-Asad air base, which hosts U.S. troops.",
        "2021-03-03",
    )
    [attack] = found
    assert (attack.location, attack.actor2) == ("Ain al-Asad air base", "United States military")
    assert attack.date == dt.date(2021, 3, 3)


def test_an_unplaced_event_after_one_at_sea_is_filed_where_that_one_is(events):
    """previous_country: the attack in the Gulf of Aden is filed under the Houthis' Yemen (no
    country holds the gulf), and so is the interception told later with no place, not under
    the United States the statement names most."""
    found = events(
        "For months, the United States has warned the world about the reckless attacks by the Houthis. "
        "At approximately 9 a.m. Mar. 10, an anti-ship ballistic missile was launched from Houthi-controlled "
        "areas of Yemen toward M/V Star Nasia, a Marshall Islands-flagged bulk carrier, while transiting the "
        "Gulf of Aden. The missile struck the vessel.\n\nThe crew is assessing the damage.\n\n"
        "This is the third ASBM fired by Houthis in the last two days. Two of these ASBMs impacted two "
        "shipping vessels - M/V Star Nasia and M/V Sea Champion - and one ASBM was shot down by USS Laboon (DDG 58).",
        "2024-03-10",
    )
    [downed] = [e for e in found if e.sub_event_type == "Disrupted weapons use"]
    assert (downed.location, downed.country) == (None, "YE")


def test_an_attack_dated_before_the_story_s_is_not_placed_at_its_site(events):
    """place_story_events: the earlier attack a statement recalls is not at the site of the
    attack the story is about."""
    found = events(
        "On December 31, 2019, militiamen attacked the U.S. Embassy in Baghdad, Iraq. Pompeo said the "
        "embassy is safe.\n\nSoleimani had orchestrated attacks on coalition bases over the last several "
        "months – including the attack on December 27th – culminating in the death of an American.",
        "2020-01-03",
    )
    embassy, earlier = found
    assert embassy.location == "US Embassy in Baghdad" and earlier.date == dt.date(2019, 12, 27)
    assert (earlier.location, earlier.country) == (None, "IQ")


def test_a_bombing_told_again_as_a_suicide_one_is_a_suicide_bomb(events):
    found = events(
        "A car bomb exploded at an Iraqi army base outside Mosul on Monday, killing at least 15 people. "
        "At least 15 people died at the base when a suicide driver drove into a crowd of workers and "
        "detonated his explosives.",
        "2007-06-05",
    )
    assert [(e.sub_event_type, e.fatalities) for e in found] == [("Suicide bomb", 15)]
