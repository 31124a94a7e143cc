"""Whether a word opens an event: what is stated as having happened, not a threat, a habit, a tally or a summary.

The rules are in warlog/extract/triggers.py. Real sentences from news reports; each test names the rule it shows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from warlog.model import Document


@pytest.mark.parametrize(
    "sentence",
    [
        "After that, Biden threatened Iran: the United States will respond in case of an attack on "
        "the American military.",
        "The attack was condemned by the Iraqi government as an escalation and a violation of "
        "sovereignty.",
        "Attacks on American bases in the Middle East have become more frequent amid the escalation "
        "of the Palestinian-Israeli conflict.",
        "This is due to the fact that groups supported by Iran continue to attack American troops "
        "deployed in the region.",
        "On October 31, Pentagon chief Lloyd Austin announced the department's readiness to take "
        "action if Iranian-backed attacks on US forces in the Middle East do not stop.",
        "The mayor attacked the council's budget on Tuesday, calling it reckless.",
        "The quarterback's last pass was intercepted in the fourth quarter on Sunday.",
        "The two companies have fought a long legal battle over the patent.",
        "India's cricket board Thursday struck a record $944 million deal with broadcast giant Star India "
        "for the media rights of the national team.",
        "The movie was shot in 18 days on 35-millimeter film in Los Angeles.",
        "The crew spent the morning shooting footage in Los Angeles.",
        "Beijing hit American soybeans with tariffs of 25 percent on Friday.",
        "Pakistan's cricket board attacked the decision of the ICC on Monday.",
    ],
    ids=["threat", "condemnation", "summary", "habit", "hypothetical", "politics", "sport", "lawsuit",
         "deal", "film", "footage", "tariffs", "a country's board"],
)
def test_what_is_not_an_event(events, sentence):
    assert events(sentence) == []


def test_a_running_count_is_a_tally_not_an_event(extractor):
    result = extractor(
        Document(
            "doc",
            "US officials say that as of November 23, there have been 36 attacks on international "
            "and US forces in Iraq and 37 in Syria.",
            published=dt.date(2023, 11, 24),
        )
    )
    assert result.events == []
    assert [t.count for t in result.tallies] == [36, 37]


def test_attacks_counted_in_times_on_one_day_are_a_summary(events):
    assert events(
        "US forces were attacked at least four times in Iraq and Syria on Wednesday, a US official said.",
        "2024-01-29",
    ) == []


def test_a_dated_noun_phrase_event_counts_unless_told_that_day(events):
    found = events(
        "Rebel drones struck an army depot in Hodeidah on 2 March. The second attack occurred on "
        "9 March, and the attack on 2 March was condemned by the government.",
        "2024-03-12",
    )
    assert sorted(str(e.date) for e in found) == ["2024-03-02", "2024-03-09"]


def test_strikes_that_continued_on_a_day_happened_then(events):
    found = events(
        "Government jets bombed rebel positions in Idlib on 12 May. Airstrikes continued on 14 May "
        "near the town of Saraqib.",
        "2019-05-20",
    )
    assert [str(e.date) for e in found] == ["2019-05-12", "2019-05-14"]


def test_no_strikes_is_not_an_event(events):
    assert events("There were no reported strikes conducted in Yemen on 3 April.", "2024-04-05") == []


def test_a_line_before_a_colon_sums_up_the_list_of_strikes_after_it(events):
    text = (
        "Fighter and attack aircraft conducted three strikes in Iraq:\n\n"
        "-- Near Mosul, two strikes destroyed an ISIS mortar system.\n\n"
        "-- Near Baiji, a strike destroyed a supply cache.\n"
    )
    found = events(text, "2017-04-10")
    assert sorted(e.location for e in found) == ["Baiji", "Mosul"]
    assert not any(e.evidence_text.startswith("Fighter") and e.quantity == 3 for e in found)


def test_firing_interceptors_is_an_interception_not_an_attack(events):
    [event] = events("On Saturday night, British jets fired interceptors at incoming Iranian drones over Jordan.", "2024-03-04")
    assert (event.sub_event_type, event.outcome) == ("Disrupted weapons use", "intercepted")
    assert (event.actor1, event.actor2) == ("United Kingdom military", "Iranian military")


def test_only_words_of_the_trigger_list_are_read_as_triggers(extractor):
    """The reader passes over a word no trigger contains before parsing its neighbours; a
    compound ('drone strike') and a phrasal verb ('shot down') are still read whole."""
    from warlog.extract.triggers import read_trigger

    doc = extractor.nlp("A drone strike hit the depot near Marib, and air defences shot down a second drone.")
    weapons = extractor._weapons(doc)
    rules = {t.text: rule.lemma for t in doc if (rule := read_trigger(extractor.kb, weapons, t)) is not None}
    assert rules["strike"] == "drone strike"
    assert rules["shot"] == "shoot down"
    assert "depot" not in rules and "Marib" not in rules and "defences" not in rules


def test_the_close_words_of_a_trigger_are_its_dependents_and_theirs(extractor):
    """'attacked 46 times since October': the count hangs on 'times', which hangs on the verb."""
    from warlog.extract.triggers import close_words

    doc = extractor.nlp("Iran-backed militias have attacked US troops 46 times since October, the Pentagon said.")
    attacked = next(t for t in doc if t.text == "attacked")
    close = {t.i for t in close_words(attacked)}
    expected = {t.i for t in attacked.subtree if attacked.i in (t.head.i, t.head.head.i)}
    assert close == expected
    assert next(t for t in doc if t.text == "46").i in close
    said = next(t for t in doc if t.text == "said")  # the sentence's root is its own head
    assert {t.i for t in close_words(said)} == {t.i for t in said.subtree if said.i in (t.head.i, t.head.head.i)}


def test_an_attack_described_as_terrorist_or_by_militants_is_armed(events):
    [event] = events("Officials marked the anniversary of the terrorist attack at the Grand Mosque on 5 June 2019.")
    assert (event.date, event.location) == (dt.date(2019, 6, 5), "Grand Mosque")
    found = events("Residents said the militants attacked the village of Kalle in Borno state before dawn on Tuesday.")
    assert [e.date for e in found] == [dt.date(2023, 11, 21)]
    assert events("Opposition leaders attacked the budget proposal on Tuesday.") == []


def test_strikes_on_a_line_of_an_armed_list_are_armed_whatever_their_verb(events):
    text = (
        "Attack and fighter aircraft conducted four strikes in Iraq:\n\n"
        "-- Near Qaim, three strikes damaged two bridges.\n\n"
        "-- Near Tikrit, a strike destroyed an ISIS fighting position.\n"
    )
    found = events(text, "2017-03-02")
    assert sorted((e.location, e.quantity) for e in found) == [("Qaim", 3), ("Tikrit", None)]


def test_clashes_at_a_place_in_a_story_of_armed_events_are_armed(events):
    text = (
        "Government warplanes bombed rebel positions in Idlib on Monday, killing five fighters. "
        "Heavy clashes were also reported on Monday in Homs."
    )
    found = events(text, "2016-05-10")
    assert "Homs" in {e.location for e in found}
    assert events("Clashes broke out between rival fans near the stadium in Leeds on Saturday.", "2016-05-10") == []


def test_the_fight_an_air_strike_came_to_defend_is_an_armed_clash(events):
    strike, fight = events(
        "U.S. Africa Command conducted an airstrike against al-Shabaab terrorists who were attacking "
        "Somali National Army forces near Buulobarde, Somalia, on Oct. 23, 2022.",
    )
    assert (strike.sub_event_type, strike.actor1, strike.actor2) == (
        "Air/drone strike", "United States military", "al-Shabaab"
    )
    assert (fight.event_type, fight.sub_event_type, fight.weapons) == ("Battles", "Armed clash", ("small_arms",))
    assert (fight.actor1, fight.actor2, fight.location, fight.outcome) == (
        "al-Shabaab", "Somali military", "Buulobarde", "unknown"
    )


def test_gunmen_before_an_attack_noun_make_it_armed_violence_against_civilians(events):
    [event] = events("Gunmen killed at least 30 villagers in an attack on a village in Zamfara on Sunday, residents said.")
    assert (event.event_type, event.sub_event_type, event.actor2) == ("Violence against civilians", "Attack", "Civilians")
    assert (event.location, event.fatalities) == ("Zamfara", 30)
def test_ramming_is_an_attack_only_with_a_weapon(events):
    assert events("The cargo ship rammed a fishing boat off the coast of Sri Lanka on Friday.", "2024-05-15") == []
    [event] = events("A suicide attacker rammed an explosives-laden truck into an army convoy near Gao on Saturday, "
                     "killing five soldiers.", "2024-05-15")
    assert (event.sub_event_type, event.location, event.fatalities) == ("Suicide bomb", "Gao", 5)
def test_the_attack_in_a_province_told_again_is_no_new_event(events):
    found = events(
        "Taliban fighters attacked a police checkpoint in Ghazni on Sunday, killing four policemen. "
        "Officials said Sunday's attack in Ghazni province also wounded two civilians.",
        "2024-05-15",
    )
    assert [(e.location, e.fatalities) for e in found] == [("Ghazni", 4)]


def test_strikes_that_killed_people_on_a_day_are_that_day_s_attack_not_a_summary(events):
    [event] = events("Israeli strikes on Deir al-Balah killed 11 people on Tuesday, medics said.", "2024-05-15")
    assert (event.actor1, event.country, event.date, event.fatalities) == (
        "Israel Defense Forces", "PS", dt.date(2024, 5, 14), 11
    )


def test_a_killing_by_armed_men_the_text_only_describes_is_an_event(events):
    [event] = events("Bandits killed nine villagers in Katsina state on Sunday, police said.", "2024-05-15")
    assert (event.event_type, event.actor1, event.actor2, event.country, event.fatalities) == (
        "Violence against civilians", None, "Civilians", "NG", 9
    )
@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said the drones were similar to those of Houthi units who have attacked Saudi oil "
        "facilities in the past.",
        "Officials blamed militias that have fired rockets at the embassy in recent months.",
    ],
    ids=["in the past", "in recent months"],
)
def test_attacks_of_the_past_or_recent_months_are_background(events, sentence):
    assert events(sentence) == []


def test_a_group_described_by_its_rocket_attacks_is_no_event(events):
    found = events(
        "Israeli jets struck a Hezbollah cell in southern Lebanon that fired rocket attacks against towns "
        "in northern Israel, the army said on Monday.",
        "2024-02-13",
    )
    assert [(e.actor1, e.actor2) for e in found] == [("Israel Defense Forces", "Hezbollah")]


def test_the_group_that_launched_two_rocket_attacks_last_night_is_an_event(events):
    found = events("The militia that launched two rocket attacks on the Balad air base last night has not been identified.")
    assert [e.location for e in found] == ["Balad Air Base"]


@pytest.mark.parametrize(
    "sentence",
    [
        'A statement from the ministry called the shelling of the market a "barbaric attack," and said '
        "those responsible would be punished.",
        "The Kenyan contingent, which has fought al-Shabaab in southern Somalia since 2011, is due to "
        "leave next year.",
    ],
    ids=["a name given", "a war since a year"],
)
def test_a_name_given_to_an_attack_and_a_war_since_a_year_are_no_events(events, sentence):
    assert events(sentence) == []


def test_an_attack_named_by_the_predicate_of_a_blast_is_still_that_blast(events):
    found = events(
        "Officials said the blast near the stadium in Kabul was a suicide attack that killed eight people on Friday.",
        "2024-05-15",
    )
    assert [(e.sub_event_type, e.location, e.fatalities) for e in found] == [("Suicide bomb", "Kabul", 8)]


@pytest.mark.parametrize(
    "sentence",
    [
        "There have been several drone attacks on the Incirlik air base since January that Ankara blames on the PKK.",
        "There have been dozens of rocket attacks on the Green Zone in Baghdad this year.",
    ],
    ids=["several", "dozens of"],
)
def test_attacks_there_have_been_sum_up_many(events, sentence):
    assert events(sentence) == []


def test_there_was_an_attack_is_an_event(events):
    found = events("There was a rocket attack on the Balad air base on Monday night, officials said.")
    assert [(e.location, e.weapons) for e in found] == [("Balad Air Base", ("rocket",))]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Malian government is aided by a UN force and French troops that are also fighting al-Qaeda affiliates.",
        "The two regions are among those where the president declared a state of emergency as part of efforts "
        "to fight the Islamic State.",
        "These depots include buildings that housed rockets used to target Turkish troops in northern Iraq.",
    ],
    ids=["what a side is doing these days", "what an effort is for", "what weapons are for"],
)
def test_an_ongoing_fight_or_the_aim_of_an_effort_is_no_event(events, sentence):
    assert events(sentence) == []


def test_opening_fire_is_a_shooting_and_part_of_the_attack_it_follows(events):
    [shooting] = events("Gunmen opened fire at a church in Chakawa on Sunday, killing 12 worshippers.", "2015-06-26")
    assert (shooting.event_type, shooting.weapons, shooting.fatalities) == ("Violence against civilians", ("small_arms",), 12)
    [bombing] = events(
        "Militants detonated a car bomb at the gate of the base in Leego on Friday, then opened fire on the soldiers.",
        "2015-06-26",
    )
    assert (bombing.sub_event_type, bombing.weapons) == ("Remote explosive/landmine/IED", ("ied", "small_arms"))
    [police] = events("Three police officers were gunned down in Baghdad on Monday.", "2006-03-24")
    assert (police.weapons, police.actor2, police.location) == (("small_arms",), "Iraqi security forces", "Baghdad")


def test_strikes_a_side_carried_out_at_a_place_are_one_event_though_undated(events):
    [event] = events(
        "The US military carried out airstrikes on two facilities in eastern Syria used by Iran's "
        "Revolutionary Guard Corps and affiliated groups, the Pentagon said."
    )
    assert (event.sub_event_type, event.actor1, event.location, event.date) == (
        "Air/drone strike", "United States military", "eastern Syria", None
    )


def test_a_record_of_attacks_carried_out_is_still_a_summary(events):
    assert events("The Houthis have carried out attacks on ships in the Red Sea, officials said.") == []


def test_the_latest_attack_is_the_one_the_story_told(events):
    found = events(
        "Houthi forces fired an anti-ship missile toward a US destroyer in the Red Sea on Sunday. "
        "The latest Houthi attack came days after the United States and Britain carried out "
        "airstrikes on about 30 Houthi targets in western Yemen in response to the threats in the "
        "Red Sea.",
        "2024-01-14",
    )
    assert [(e.actor1, e.location, e.date) for e in found] == [
        ("Houthis", "Red Sea", dt.date(2024, 1, 14)),
        ("United States military", "western Yemen", None),
    ]


def test_coming_under_attack_several_times_is_a_summary(events):
    assert events(
        "U.S. forces in Iraq and Syria came under attack at least three times over the past day, a U.S. "
        "official said Thursday."
    ) == []


def test_a_word_inside_a_weapon_s_name_opens_no_event(events):
    found = events(
        "On Jan. 24, U.S. forces conducted unilateral, necessary, and proportionate strikes against three "
        "facilities used by Kataib Hezbollah in Iraq. The strikes targeted storage and training locations "
        "for rocket, missile, and one-way attack UAV capabilities.",
        "2024-01-24",
    )
    assert [(e.actor1, e.actor2, e.country) for e in found] == [("United States military", "Kataib Hezbollah", "IQ")]


def test_a_toll_on_a_verb_that_is_no_trigger_tells_that_verb_s_act(events):
    [event] = events("A suicide bomber blew himself up at a checkpoint in Kabul on Monday, killing four police officers.",
                     "2012-05-15")
    assert (event.sub_event_type, event.location, event.date, event.fatalities, event.quantity) == (
        "Suicide bomb", "Kabul", dt.date(2012, 5, 14), 4, None
    )


def test_the_attack_named_again_at_the_same_place_is_a_reference(events):
    """is_summary_or_reference(): 'the bombing of the railway station in Kramatorsk', told
    after a strike on that station, is that strike named again, not a second one."""
    found = events(
        "On 8 April 2022, a Russian missile strike hit the railway station of the Ukrainian city "
        "of Kramatorsk, killing 61 civilians. Shortly before the bombing of the railway station in "
        "Kramatorsk, the Russian Ministry of Defence said it had hit railway stations in Sloviansk.",
        "2022-04-09",
    )
    assert [e.location for e in found] == ["Kramatorsk", "Sloviansk"]


def test_an_explosion_a_suicide_driver_set_off_is_a_suicide_bombing(events):
    """described_as_armed(): the subject of 'set off an explosion' (shared with the verb it is
    joined to) says who did it; 'suicide driver' is an explosive's word (weapons.yaml); the
    place the driver aimed at is the place (approach_of())."""
    [event] = events(
        "Another suicide driver aimed his truck at a police station in Mosul and set off an explosion "
        "that killed six people.",
        "2014-01-02",
    )
    assert (event.sub_event_type, event.weapons) == ("Suicide bomb", ("ied",))
    assert (event.location, event.fatalities) == ("Mosul", 6)


def test_an_explosion_nobody_set_off_is_no_attack(events):
    assert events("The fire caused an explosion at the plant in Basra.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        # figurative(): every object an abstraction
        "He said the enemies of Iraq are intrusive and targeting the country's security, sovereignty "
        "and the safety of our citizens.",
        # aimed_or_ongoing(): 'the first ... to attack': a record, not a second event
        "The attack is the first suicide bombing in Nigeria to attack an international organisation.",
    ],
)
def test_attack_words_that_tell_no_attack(events, sentence):
    assert events(sentence) == []


def test_operations_carried_out_to_strike_are_strikes(events):
    """An infinitive after a noun that a side carried out ('conducted operations to strike') is
    the strike, unlike 'the first bombing to attack ...'."""
    [event] = events(
        "U.S. and Afghan forces conducted combined operations to strike seven Taliban drug labs in "
        "northern Helmand province.",
        "2018-04-20",
    )
    assert (event.actor2, event.country) == ("Taliban", "AF")


def test_a_habit_told_on_the_verb_of_use_is_no_event(events):
    """states_an_event(): 'frequently' on 'use', the verb an infinitive trigger hangs on."""
    assert events("Taliban insurgents frequently use roadside bombs to target Afghan and foreign troops.") == []


def test_fighters_preparing_to_launch_a_drone_state_no_attack(events):
    [strike] = events(
        "A US drone strike killed five members of an Iraqi armed group near the city of Kirkuk on "
        "Sunday, two security sources said. The fighters were preparing to launch a drone at a US "
        "base, according to US officials.",
        "2023-12-04",
    )
    assert (strike.actor1, strike.actor2, strike.fatalities) == ("United States military", None, 5)


def test_the_aim_of_an_operation_and_a_kind_of_thing_are_no_acts(events):
    assert events(
        "An Israeli army spokesman said the aim of the operation was to destroy Hamas's rocket-launching "
        "infrastructure.",
        "2009-01-05",
    ) == []


def test_slammed_into_states_an_attack_and_slammed_alone_a_condemnation(events):
    [event] = events("Two Katyusha rockets slammed into the Green Zone in Baghdad on Friday.", "2023-12-08")
    assert (event.weapons, event.location, event.outcome) == (("rocket",), "Green Zone", "hit")
    assert events("Iraq's prime minister slammed the attack on the embassy as terrorism.", "2023-12-08") == []


def test_a_second_strike_after_an_armed_one_is_one_more_of_the_series(events):
    found = events(
        "A U.S. airstrike near Jilib on Sunday killed three al-Shabaab fighters, U.S. Africa Command said. "
        "A second strike on Monday near Kunyo Barrow killed one.",
        "2024-03-12",
    )
    assert [(str(e.date), e.actor1, e.fatalities) for e in found] == [
        ("2024-03-10", "United States military", 3),
        ("2024-03-11", "United States military", 1),
    ]


def test_strikes_a_side_responded_with_at_a_place_are_its_act_not_a_summary(events):
    found = events(
        "Hezbollah fired dozens of rockets at northern Israel on Wednesday, and the Israeli army responded with "
        "strikes on southern Lebanon.",
        "2024-02-04",
    )
    assert [(e.actor1, e.location) for e in found] == [
        ("Hezbollah", "northern Israel"), ("Israel Defense Forces", "southern Lebanon")
    ]


def test_the_day_a_run_of_attacks_began_makes_no_event_of_them(events):
    assert events(
        "The attacks on U.S. forces in Iraq and Syria, which began on Oct. 17, have involved one-way attack drones, "
        "rockets and close-range ballistic missiles.",
        "2023-11-24",
    ) == []


def test_attacks_counted_at_as_many_named_places_are_one_event_at_each(events):
    found = events(
        "U.S. forces came under attack at least four times on Tuesday, at al-Asad, al-Tanf, the Green Village "
        "and Rumalyn Landing Zone.",
        "2023-11-24",
    )
    assert [(e.location, str(e.date), e.actor2) for e in found] == [
        ("Ain al-Asad air base", "2023-11-21", "United States military"),
        ("al-Tanf", "2023-11-21", "United States military"),
        ("Green Village", "2023-11-21", "United States military"),
        ("Rumalyn landing zone", "2023-11-21", "United States military"),
    ]
    assert events("U.S. forces were attacked four times on Wednesday.", "2023-11-24") == []


def test_an_attack_a_statement_condemns_is_the_one_told(events):
    found = events(
        "Islamist militant group al-Shabab killed at least 50 African Union soldiers at dawn Friday in the town "
        "of Leego.\n\nA statement from the U.S. Department of State condemned in \u201cthe strongest possible "
        "terms\u201d Friday\u2019s \u201chorrifying\u201d terrorist attack in Somalia.",
        "2015-06-26",
    )
    assert len(found) == 1  # GUIDELINES.md: condemnations are no events


def test_an_armed_side_killing_a_named_person_is_an_event_though_unplaced(events):
    """kills_a_named_person: a targeted killing told with no place or weapon is an event of its
    own; a toll told after an act ('killing Qasem Soleimani') stays that act's."""
    [killing] = events(
        "At the direction of the President, on January 3 the U.S. military took decisive defensive "
        "action to protect U.S. personnel by killing Qasem Soleimani, the head of Quds Force of the "
        "Islamic Revolutionary Guard Corps.",
        "2020-01-03",
    )
    assert (killing.actor1, killing.actor2) == ("United States military", "Islamic Revolutionary Guard Corps")
    assert (killing.date, killing.fatalities) == (dt.date(2020, 1, 3), 1)
    [strike] = events("U.S. drones struck a convoy near Baghdad airport on Friday, killing Qasem Soleimani.",
                      "2020-01-03")
    assert strike.sub_event_type == "Air/drone strike" and strike.fatalities == 1


def test_an_attack_in_which_soldiers_fell_is_armed_whoever_did_it(events):
    [event] = events(
        "The U.S. military says an American soldier was killed in an attack on his patrol in Baghdad on Wednesday.",
        "2007-06-07",
    )
    assert (event.actor2, event.fatalities, event.location) == ("United States military", 1, "Baghdad")
    assert events("Three guests were killed in an attack of food poisoning at the hotel, officials said.") == []
