"""How many and with what result: deaths, injuries, outcome.

The rules are in warlog/extract/casualties.py. Real sentences from news reports; each test names the rule it shows.
"""

from __future__ import annotations

import datetime as dt

import pytest


def test_casualties_and_a_weekday_in_another_war(events):
    [event] = events(
        "Russian forces shelled Kharkiv overnight, killing three civilians and wounding 12, "
        "regional governor Oleh Syniehubov said.",
        "2024-05-20",
    )
    assert (event.actor1, event.location, event.country) == ("Russian military", "Kharkiv", "UA")
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert (event.fatalities, event.injuries, event.outcome) == (3, 12, "hit")
    assert event.date == dt.date(2024, 5, 20)  # overnight: the night that ends on the report's day



def test_parts_of_a_toll_are_summed(events):
    """victims(): the object of 'killing' and its conjuncts; 'wounding 9 others' is the injuries."""
    [event] = events(
        "Militants fired mortars at a police station in Mosul on Tuesday, killing two Dutch and one "
        "Belgian trainers and wounding 9 others.",
        "2023-04-05",
    )
    assert (event.fatalities, event.injuries, event.outcome) == (3, 9, "hit")


def test_a_single_victim_and_a_passive_toll(events):
    """head_count(): 'a local journalist' is one; 'were killed' counts its subject."""
    [event] = events("A roadside bomb killed a local journalist in Kandahar on Sunday.", "2023-04-05")
    assert event.fatalities == 1
    [event] = events(
        "Three police officers and a bystander were killed when a car bomb exploded in Mogadishu on Sunday.",
        "2023-04-05",
    )
    assert event.fatalities == 4


def test_left_wounded_and_injuries_to(events):
    """victims(): 'left N soldiers wounded' counts the object of 'left', not its subject;
    'causing injuries to three sailors' counts the object of 'to'."""
    [event] = events(
        "A drone struck an army base near Kirkuk on Sunday. The blast left 12 soldiers and contractors wounded.",
        "2023-04-05",
    )
    assert event.injuries == 12
    [event] = events(
        "A missile struck the cargo ship off Hodeidah on Sunday, causing injuries to three sailors.",
        "2023-04-05",
    )
    assert event.injuries == 3


def test_toll_in_the_next_sentence(events):
    """A bare follow-up sentence gives the toll of the event told just before."""
    [event] = events(
        "A rocket hit a market in Donetsk on Saturday morning. Two shoppers died and 11 were hurt.",
        "2023-04-05",
    )
    assert (event.fatalities, event.injuries) == (2, 11)


def test_toll_of_the_attack_told_before(events):
    """referred(): 'the airstrike killed one militant' paragraphs later is the toll of the
    airstrike the report opened with."""
    [event] = events(
        "U.S. forces conducted an airstrike near Kismayo, Somalia, on March 2.\n\n"
        "The operation supports the Somali government.\n\n"
        "Initial reports indicate the airstrike killed one militant.",
        "2023-03-04",
    )
    assert (event.location, event.fatalities, event.outcome) == ("Kismayo", 1, "hit")


def test_no_civilians_hurt_is_not_a_toll(events):
    """head_count(): 'no civilians were injured' says nothing of the event's toll."""
    [event] = events(
        "U.S. forces conducted an airstrike near Kismayo, Somalia, on March 2, killing two militants. "
        "No civilians were injured or killed.",
        "2023-03-04",
    )
    assert (event.fatalities, event.injuries) == (2, None)


def test_engaging_a_unit_is_a_hit_engaging_a_drone_an_interception(events):
    """engaged_a_target(): 'engage' with fighters or positions as object struck them."""
    [event] = events("Near Kirkuk, two coalition airstrikes engaged an ISIS mortar team on Monday.", "2023-04-05")
    assert event.outcome == "hit"
    [event] = events("The destroyer USS Mason engaged two drones over the Red Sea on Monday.", "2023-04-05")
    assert event.outcome == "intercepted"


def test_a_year_is_no_count_of_strikes_or_dead(events):
    """count(): 'The 2021 Erbil attacks' counts no attacks; the gerund's object is the toll."""
    [event] = events(
        "The 2021 Erbil rocket attacks were a series of rocket attacks on Erbil in Iraq, killing "
        "two civilians.",
        "2021-03-01",
    )
    assert event.quantity is None
    assert (event.fatalities, event.location) == (2, "Erbil")


def test_the_day_in_a_dated_attack_is_no_count(events):
    found = events(
        "The raids answered earlier attacks on US bases, notably the 14 March 2021 rocket attack "
        "on Camp Taji that wounded two soldiers.",
        "2021-03-20",
    )
    dated = next(e for e in found if e.date == dt.date(2021, 3, 14))
    assert dated.quantity is None
    assert dated.time_precision == 1


def test_another_is_one_more(events):
    """head_count(): 'another' counts one more person."""
    [event] = events(
        "A policeman was killed and another was wounded when gunmen attacked a checkpoint in Diyala on Monday.",
        "2024-05-15",
    )
    assert (event.fatalities, event.injuries) == (1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Unknown gunmen on motorcycles shot dead a police officer in the Afghan city of Jalalabad on Monday evening.",
        "Gunmen shot dead a village chief in Borno state on Saturday, police said.",
        "A suicide bomber killed a soldier at a checkpoint in Mogadishu on Thursday.",
        "A US drone strike killed a senior Islamic State leader in eastern Syria on Monday.",
    ],
)
def test_shot_dead_and_a_single_victim(events, text):
    """victims(): 'shot dead a police officer' counts the object of 'shot'; head_count(): one
    person named by a singular noun with its article."""
    [event] = events(text, "2024-05-15")
    assert event.fatalities == 1


def test_neutralised_people_were_killed_neutralised_drones_intercepted(events):
    """stated_counts(): a killing verb of triggers.yaml ('neutralised', 'eliminated') counts the
    dead when it is said of people, not of the drones it may also take."""
    [event] = events(
        "Turkish warplanes struck suspected Kurdistan Workers' Party (PKK) targets in northern Iraq on "
        'Tuesday, the defence ministry said, adding that 12 militants were "neutralised".',
        "2024-05-15",
    )
    assert event.fatalities == 12
    [event] = events(
        "Nigerian troops clashed with Boko Haram fighters near Bama on Wednesday, and the army said "
        "9 insurgents were eliminated.",
        "2024-05-15",
    )
    assert event.fatalities == 9
    [event] = events("Ukrainian air defences neutralised 20 drones over the Kyiv region overnight.", "2024-05-15")
    assert (event.outcome, event.fatalities) == ("intercepted", None)


def test_causing_no_injuries_is_no_damage(events):
    """numbers_and_outcomes(): 'causing no injuries' is 0 injured and no damage (GUIDELINES);
    'causing no casualties' is 0 dead and 0 injured."""
    [event] = events(
        "Palestinian militants fired a rocket from Gaza into southern Israel on Friday, causing no injuries.",
        "2024-05-15",
    )
    assert (event.fatalities, event.injuries, event.outcome) == (None, 0, "no_damage")
    [event] = events(
        "Palestinian militants fired a rocket from Gaza into southern Israel on Friday, causing no casualties.",
        "2024-05-15",
    )
    assert (event.fatalities, event.injuries, event.outcome) == (0, 0, "no_damage")


def test_a_clause_that_tells_the_toll_has_its_own_object(events):
    """victims(): in 'the assessment is that the strike killed two terrorists' the verb of the
    clause counts its own object, not the subject of 'is'."""
    [event] = events(
        "STUTTGART, Germany - U.S. Africa Command conducted a collective self-defense airstrike against "
        "al-Shabaab near Jamaame on Feb. 3. The command's initial assessment is that the strike killed "
        "two terrorists and no civilians were injured or killed.",
        "2024-02-05",
    )
    assert (event.fatalities, event.injuries) == (2, None)


@pytest.mark.parametrize(
    "text",
    [
        "Three drones heading toward Harir air base were downed near the base without casualties on Monday.",
        "Rockets struck the Victory base on Sunday, without causing casualties.",
    ],
)
def test_without_casualties_is_none_killed_or_hurt(events, text):
    """numbers_and_outcomes(): 'without' negates its object ('without casualties') or its
    gerund's object ('without causing casualties'): 0 killed, 0 hurt."""
    [event] = events(text, "2024-05-15")
    assert (event.fatalities, event.injuries) == (0, 0)


def test_no_casualties_but_a_building_damaged_is_a_hit(events):
    """states_damage(): 'no casualties, but a warehouse was damaged' is 0/0 and a hit, not no_damage;
    'no casualties and no damage' stays no_damage."""
    [event] = events(
        "A drone targeted an army barracks near Kirkuk late on Saturday. "
        "Police said there were no reported casualties, but a warehouse was damaged.",
        "2024-05-15",
    )
    assert (event.fatalities, event.injuries, event.outcome) == (0, 0, "hit")
    [event] = events(
        "A rocket struck an army barracks near Kirkuk late on Saturday, causing no casualties and no damage.",
        "2024-05-15",
    )
    assert (event.fatalities, event.injuries, event.outcome) == (0, 0, "no_damage")


def test_none_of_the_attacked_side_killed_or_wounded_is_a_toll_of_none(events):
    """nobody_counts(): 'No US or Coalition troops were killed or wounded' after rockets hit a US
    base is 0/0; 'no civilians were injured or killed' by a strike on fighters tells nothing of
    the strike's toll."""
    [event] = events(
        "Rockets struck the Victory base on Sunday. No US or Coalition troops were killed or wounded.",
        "2024-05-15",
    )
    assert (event.fatalities, event.injuries) == (0, 0)
    [event] = events(
        "A US airstrike targeted al-Shabaab fighters near Jilib on Monday. "
        "We assess no civilians were injured or killed as a result of this airstrike.",
        "2024-05-15",
    )
    assert (event.fatalities, event.injuries) == (None, None)


def test_a_toll_in_the_events_own_clause_comes_before_one_outside_it(events):
    """numbers_and_outcomes(): 'gunmen killed a police chief' opens no event of its own here; the
    shell's event takes the toll of its own clause ('killing a man and three girls'), not the first told."""
    [event] = events(
        "In Kandahar, gunmen killed a district police chief, and an artillery shell struck a house, "
        "killing a man and three girls.",
        "2020-01-01",
    )
    assert (event.fatalities, event.outcome) == (4, "hit")


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("Four soldiers and 12 militants were killed when Boko Haram attacked two army bases in Borno state "
         "before dawn on Friday.", None),
        ("Two car bombings in and near Kirkuk and other attacks in Baghdad on Monday have killed at least "
         "25 people, mostly civilians.", None),
        ("Militants attacked a police station in Diyala province on Monday, killing nine officers.", 9),
        ("Two car bombings in Kirkuk on Monday killed at least 25 people.", 25),
    ],
)
def test_a_toll_of_several_attacks_is_no_single_events(events, text, fatalities):
    """several_sites(): 'attacked two army bases', 'bombings ... and other attacks': a toll summed
    over several attacks belongs to none of them; one station, or strikes at one place, keep it."""
    [event] = events(text, "2020-01-01")
    assert event.fatalities == fatalities


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("On Monday, the Houthis struck a tanker, the M/T Sea Rose, in the Gulf of Aden. "
         "The June 12th attack on the Sea Rose resulted in a fire and damage to its bridge.", "hit"),
        ("A drone attack targeted the Harir air base on Monday. The base was not damaged.", "no_damage"),
        ("A drone attack targeted the Harir air base on Monday. Officials are still assessing the damage.", "unknown"),
    ],
)
def test_damage_stated_is_a_hit(events, text, outcome):
    """states_damage(): 'resulted in a fire and damage to its bridge' says the attack struck;
    'was not damaged' is no damage; 'assessing the damage' says neither."""
    assert events(text, "2024-06-20")[-1].outcome == outcome


def test_no_injuries_or_damage_is_none_hurt_and_no_damage(events):
    """numbers_and_outcomes(): 'no injuries or damage' tells both: 0 injured and no damage."""
    [event] = events(
        "Militants fired two rockets at the Harir air base on Sunday. "
        "There were no injuries or significant damage reported.",
        "2024-06-20",
    )
    assert (event.injuries, event.outcome) == (0, "no_damage")


def test_missiles_that_missed_did_no_damage(events):
    """numbers_and_outcomes(): 'which both missed' (missed, with no object) is no damage."""
    [event] = events(
        "On Friday two anti-ship missiles were fired from Houthi-held areas at a bulk carrier in the Red Sea, "
        "which both missed.",
        "2024-06-20",
    )
    assert event.outcome == "no_damage"


@pytest.mark.parametrize(
    "second",
    ["Two US service members sustained minor injuries.", "Two service members suffered minor wounds."],
)
def test_those_who_sustained_injuries_are_the_injured(events, second):
    [event] = events(f"US forces were attacked by a drone at al-Tanf garrison on Wednesday. {second}")
    assert (event.injuries, event.outcome) == (2, "hit")


def test_a_toll_goes_to_the_act_its_verb_tells_not_to_another_act_of_the_sentence(events):
    [bombing] = events(
        "A siege at a hotel in Kismayo on Sunday killed nine people, and in late September, a double "
        "bombing in the town of Jowhar killed at least 14 people.",
        "2022-10-25",
    )
    assert (bombing.location, bombing.fatalities) == ("Jowhar", 14)
    assert bombing.date is None  # 'in late September' is its time, not the sentence's Sunday


def test_rockets_that_missed_their_target_did_no_damage(events):
    [event] = events("On Nov. 15, U.S. forces at Al-Tanf Garrison were attacked by multiple rockets. "
                     "The rockets missed their target.", "2023-11-17")
    assert event.outcome == "no_damage"


def test_a_number_in_a_ship_s_name_counts_nothing(events):
    [event] = events("On Dec. 3, the M/V Number 9 was struck by a missile while operating in the Red Sea.", "2023-12-03")
    assert event.quantity is None


def test_the_wounded_with_a_subject_of_their_own_are_not_the_dead_counted_before(events):
    [event] = events("At least 25 people were killed and dozens wounded on Tuesday when a car bomb exploded near "
                     "a police station in the northern Iraqi city of Kirkuk, police said.", "2012-05-15")
    assert (event.fatalities, event.injuries, event.location) == (25, None, "Kirkuk")


def test_a_verb_read_as_a_reduced_relative_still_counts_its_object(events):
    """victims(): the parser reads 'killed' in 'A bombing killed at least 11 people' as a
    clause on 'bombing' ('a bombing [that was] killed'); a verb with an object of its own
    counts that object, not the noun it hangs on."""
    [event] = events("A bombing killed at least 11 people on Tuesday in Mogadishu.", "2017-10-18")
    assert (event.fatalities, event.location) == (11, "Mogadishu")


def test_a_hyphenated_number_word_counts_whole(events):
    """count(): the tokenizer splits 'fifty-five' in three; the number is the whole word."""
    [event] = events("Russian shelling killed twenty-one civilians and wounded fifty-five in Kharkiv on Monday.", "2024-05-21")
    assert (event.fatalities, event.injuries) == (21, 55)


def test_a_toll_in_the_strikes_belongs_to_the_strikes_not_the_attack_told_last(events):
    strikes, attack = events(
        "U.S. forces carried out retaliatory airstrikes on three locations in Iraq used by Kataib "
        "Hezbollah early Tuesday, hours after a one-way attack drone struck Erbil Air Base, wounding "
        "three U.S. service members.\n\n"
        "Iraqi officials said one militia member was killed and 18 were wounded in the strikes.",
        "2023-12-26",
    )
    assert (strikes.fatalities, strikes.injuries) == (1, 18)
    assert (attack.location, attack.fatalities, attack.injuries) == ("Erbil air base", None, 3)


def test_no_casualties_after_damage_told_leaves_the_attack_a_hit(events):
    [event] = events(
        "About seven rockets targeted the U.S. Embassy compound in Baghdad early Friday, causing minor "
        "damage, U.S. officials said. There were no casualties.",
        "2023-12-08",
    )
    assert (event.location, event.outcome, event.fatalities, event.injuries) == ("US Embassy in Baghdad", "hit", 0, 0)


def test_a_toll_as_a_result_of_the_strikes_belongs_to_the_strikes_told_paragraphs_before(events):
    strikes, attack = events(
        "The US Air Force launched strikes on a facility of the Kataib Hezbollah group near Jurf "
        "al-Sakhar on Wednesday.\n\n"
        "According to him, the strikes were a response to the attack on the Al-Asad base on November 21, "
        "which used a short-range ballistic missile. As a result of that attack, eight people received "
        "minor injuries.\n\n"
        "Eight fighters of the group were killed as a result of the strikes, a source told RIA Novosti.",
        "2023-11-23",
    )
    assert (strikes.weapons, strikes.fatalities) == (("aircraft",), 8)
    assert (attack.location, attack.fatalities, attack.injuries) == ("Ain al-Asad air base", None, 8)


def test_a_number_of_wounded_is_no_number_but_the_attack_struck(events):
    [event] = events(
        "Iran-backed militants in Iraq fired several ballistic missiles and rockets at Ain al-Asad air "
        "base on Saturday evening, wounding a number of US personnel and an Iraqi soldier.",
        "2024-01-21",
    )
    assert (event.injuries, event.outcome) == (None, "hit")


def test_the_dead_along_with_others_are_counted_with_them(events):
    [event] = events(
        "On 2 January 2024, an Israeli drone strike in the Dahieh suburb of Beirut killed Saleh al-Arouri, "
        "the deputy head of Hamas's political bureau, along with six others.",
        "2024-06-01",
    )
    assert event.fatalities == 7


def test_the_death_toll_of_one_bombing_rising_is_its_fatalities(events):
    [event] = events("The death toll from Sunday's bombing in Mosul rose to 45 on Monday, police said.", "2008-03-24")
    assert (event.location, event.date, event.fatalities) == ("Mosul", dt.date(2008, 3, 23), 45)


def test_no_one_hurt_is_none_hurt(events):
    [event] = events(
        "Hezbollah guerrillas fired rockets at the northern Israeli city of Haifa on Thursday, Israeli "
        "police said. No one was hurt.",
        "2006-07-14",
    )
    assert (event.injuries, event.outcome) == (0, "no_damage")


def test_none_of_these_attacks_resulted_in_injuries_or_damage(events):
    [event] = events(
        "On Wednesday, a one-way attack drone targeted Erbil Air Base. None of these attacks resulted "
        "in injuries or damage to infrastructure.",
        "2023-11-16",
    )
    assert (event.injuries, event.outcome) == (0, "no_damage")


def test_the_wounded_of_an_elliptical_passive_are_counted(events):
    # casualties: 'and more than 160 injured', its number parsed as the subject
    [event] = events(
        "Russia fired 122 missiles at cities across Ukraine on Friday. At least 39 civilians were killed "
        "and more than 160 injured.",
        "2024-01-05",
    )
    assert (event.fatalities, event.injuries) == (39, 160)


def test_those_treated_for_injuries_were_injured(events):
    # casualties.TREATING_VERBS
    [event] = events(
        "Rockets targeted U.S. forces at al-Asad Air Base on Monday. Four U.S. service members were treated "
        "for traumatic brain injuries and later returned to duty.",
        "2023-11-23",
    )
    assert (event.injuries, event.outcome, event.location) == (4, "hit", "Ain al-Asad air base")


def test_injuries_the_attack_resulted_in_say_it_struck_though_not_how_many(events):
    # casualties.states_damage: 'injury' is a word of harm done, like 'damage'
    [event] = events(
        "U.S. and coalition forces at al-Asad were attacked with multiple one-way attack drones and rockets on "
        "Monday, resulting in minor injuries to several personnel.",
        "2024-01-22",
    )
    assert (event.outcome, event.injuries, event.weapons) == ("hit", None, ("drone", "rocket"))


def test_damage_but_no_injuries_is_a_hit_with_none_hurt(events):
    # casualties.numbers_and_outcomes: 'but' keeps 'no' from denying the damage too
    [event] = events(
        "The Houthis targeted the MSC Sky II, a Liberian-flagged container ship, with an anti-ship ballistic "
        "missile in the Gulf of Aden on Monday, causing damage but no injuries.",
        "2024-03-05",
    )
    assert (event.outcome, event.injuries, event.actor2) == ("hit", 0, "Civilians")
    [denied] = events("Rockets hit the base on Monday, causing no injuries or damage.", "2024-03-05")
    assert denied.outcome == "no_damage"


def test_a_bomb_that_claimed_lives_killed_that_many(events):
    # triggers.yaml 'claim life'; casualties.casualty_kind: 'the lives of 20 people' are deaths
    [event] = events("A car bomb claimed the lives of 20 people in Kabul on Friday.", "2006-03-25")
    assert (event.sub_event_type, event.fatalities, event.location) == ("Remote explosive/landmine/IED", 20, "Kabul")
    assert events("The Taliban claimed the attack in a statement.", "2006-03-25") == []
