"""An attack and the interception that ended it (warlog/extract/interceptions.py): all shot
down is one disrupted attack; part shot down leaves the attack and adds an interception."""

from __future__ import annotations

import datetime as dt

import pytest

from warlog.extract.interceptions import is_remainder


@pytest.mark.parametrize(
    "text",
    [
        "Militants launched three drones at al-Tanf garrison on Sunday, but all were shot down.",
        "Three drones were launched at al-Tanf garrison and intercepted on Sunday.",
        "Three drones were launched at al-Tanf garrison on Sunday. All three were intercepted.",
        "Three drones launched at al-Tanf garrison were intercepted on Sunday.",
    ],
    ids=["but-all", "conjoined", "next-sentence", "participle"],
)
def test_an_attack_whose_weapons_were_all_shot_down_is_one_disrupted_attack(events, text):
    [event] = events(text)
    assert (event.sub_event_type, event.outcome, event.location, event.date, event.quantity) == (
        "Disrupted weapons use", "intercepted", "al-Tanf", dt.date(2023, 11, 19), 3
    )
    assert event.actor1 == "United States military"  # the forces of the base shot them down


def test_a_launcher_named_becomes_the_side_whose_weapons_were_stopped(events):
    [event] = events("Kataib Hezbollah launched two drones at Erbil air base on Monday, but both were shot down.")
    assert (event.sub_event_type, event.actor1, event.actor2) == (
        "Disrupted weapons use", "United States military", "Kataib Hezbollah"
    )


@pytest.mark.parametrize(
    "text, attack",
    [
        ("Hezbollah fired rockets at Kiryat Shmona on Tuesday. Several rockets were intercepted.",
         "Shelling/artillery/missile attack"),
        ("The Houthis fired a drone and a ballistic missile at the ship on Wednesday; the drone was shot down.",
         "Air/drone strike"),
    ],
    ids=["some", "one-of-two-weapons"],
)
def test_part_shot_down_leaves_the_attack_and_adds_an_interception(events, text, attack):
    found = events(text, "2024-05-15")
    assert sorted(e.sub_event_type for e in found) == sorted([attack, "Disrupted weapons use"])


def test_a_missile_that_struck_was_not_all_shot_down(events):
    found = events(
        "Two of these missiles impacted two shipping vessels and one missile was shot down by USS Carney.",
        "2024-03-07",
    )
    assert sorted(e.sub_event_type for e in found) == ["Disrupted weapons use", "Shelling/artillery/missile attack"]


def test_a_base_repelling_an_attack_is_no_interception_of_its_weapons(events):
    found = events("Militants fired rockets at the Camp Lemonnier base on Sunday and the attack was repulsed.")
    assert all(e.sub_event_type != "Disrupted weapons use" for e in found)


def test_a_second_drone_shot_down_is_an_interception_at_the_base_the_story_named(events):
    found = events(
        "A drone attack targeted U.S. forces at Ain al-Asad air base in western Iraq on Tuesday, causing "
        "minor injuries to two service members, a U.S. military official said. The official said the drone "
        "was launched by Iran-backed militants. A second drone was shot down before reaching the base.",
        "2023-11-21",
    )
    assert [(e.sub_event_type, e.location, e.actor1, e.injuries) for e in found] == [
        ("Air/drone strike", "Ain al-Asad air base", "Iran-aligned militias", 2),
        ("Disrupted weapons use", "Ain al-Asad air base", "United States military", None),
    ]


def test_one_of_two_drones_shot_down_in_the_next_sentence_is_an_interception_there(events):
    attack, interception = events(
        "On Nov. 14, U.S. forces at Erbil Air Base were attacked by two one-way attack drones. One drone "
        "was shot down and the other struck the base, resulting in minor damage.",
        "2023-11-17",
    )
    assert (attack.sub_event_type, attack.location, attack.outcome) == ("Air/drone strike", "Erbil air base", "hit")
    assert (interception.sub_event_type, interception.location, interception.date) == (
        "Disrupted weapons use", "Erbil air base", dt.date(2023, 11, 14)
    )


def test_a_drone_told_as_engaged_and_destroyed_was_intercepted(events):
    [event] = events(
        "On Nov. 16, U.S. forces near Al-Asad Air Base were attacked by a one-way attack drone, which was "
        "successfully engaged and destroyed by coalition forces.",
        "2023-11-17",
    )
    assert (event.sub_event_type, event.outcome, event.location, event.actor2) == (
        "Disrupted weapons use", "intercepted", "Ain al-Asad air base", None
    )


def test_the_drone_shot_down_in_the_next_sentence_ends_the_attack(events):
    [event] = events(
        "A separate drone attack targeted the Harir base north of Erbil on Thursday, a Kurdish official "
        "said. The drone was shot down.",
        "2023-11-24",
    )
    assert (event.sub_event_type, event.location, event.actor1) == (
        "Disrupted weapons use", "Harir air base", "United States military"
    )


def test_nearly_all_intercepted_leaves_the_attack_and_adds_an_interception_of_its_launcher(events):
    attack, interception = events(
        "On 14 April 2024, Iran launched more than 300 drones and missiles at Israel. Nearly all were "
        "intercepted by Israel and its allies.",
        "2024-08-01",
    )
    assert (attack.sub_event_type, attack.actor1, attack.quantity) == ("Air/drone strike", "Iranian military", 300)
    assert (interception.sub_event_type, interception.actor1, interception.actor2) == (
        "Disrupted weapons use", "Israel Defense Forces", "Iranian military"
    )


def test_a_bomb_defused_is_a_disrupted_attack(events):
    """GUIDELINES.md, Other theatres: a bomb found and defused is Disrupted weapons use,
    outcome attempted ('defuse' in triggers.yaml)."""
    [event] = events("Police defused a bomb planted near a market in Kano on Monday.", "2023-11-21")
    assert (event.sub_event_type, event.outcome, event.weapons) == ("Disrupted weapons use", "attempted", ("ied",))
    assert event.location == "Kano"


def test_an_attack_repelled_by_air_defences_was_shot_down(events):
    [event] = events(
        "On Sunday, militants launched rockets at the US base in the Al-Omar oil field in the Deir "
        "ez-Zor province of Syria. The attack was repelled by air defense systems, a source told the agency.",
        "2023-11-20",
    )
    assert (event.sub_event_type, event.outcome) == ("Disrupted weapons use", "intercepted")
    assert (event.actor1, event.location, event.weapons) == ("United States military", "al-Omar oil field", ("rocket",))


def test_an_attack_repelled_on_the_ground_is_no_shooting_down(events):
    found = events(
        "Militants attacked an army post near Kidal on Sunday. Soldiers repelled the attack after a "
        "two-hour gun battle.",
        "2023-11-20",
    )
    assert all(e.sub_event_type != "Disrupted weapons use" for e in found)


def test_an_assault_repelled_by_troops_was_a_fight_between_them(events):
    [event] = events(
        "Al-Shabaab fighters attacked a military base in Lower Shabelle on Monday. Somali troops "
        "repelled the attack, killing 12 militants.",
        "2023-11-21",
    )
    assert (event.event_type, event.sub_event_type, event.weapons) == ("Battles", "Armed clash", ("small_arms",))
    assert (event.actor1, event.actor2, event.fatalities) == ("al-Shabaab", "Somali military", 12)


def test_attackers_repelled_by_soldiers_in_the_same_sentence_fought_them(events):
    [event] = events(
        "Boko Haram militants launched an attack on the northeastern Nigerian city of Maiduguri early "
        "on Sunday, but were repelled by soldiers after hours of fighting, residents said.",
        "2015-02-02",
    )
    assert (event.sub_event_type, event.actor1, event.location) == ("Armed clash", "Boko Haram", "Maiduguri")


def test_a_drone_attack_said_to_be_thwarted_was_a_disrupted_one(events):
    [event] = events(
        "A US defence official confirmed that a drone attack on Ain al-Asad had been thwarted on "
        "Thursday, with no injuries or damage.",
        "2023-11-10",
    )
    assert (event.sub_event_type, event.outcome, event.weapons) == ("Disrupted weapons use", "intercepted", ("drone",))
    assert (event.actor1, event.location) == ("United States military", "Ain al-Asad air base")


def test_forces_engaged_by_a_group_fought_it_and_the_toll_after_is_the_strike_s(events):
    strike, fight = events(
        "U.S. Africa Command conducted an airstrike against al-Shabaab terrorists near Jilib, Somalia, "
        "on Jan. 5, 2024. The strike was conducted in support of Somali National Army forces who were "
        "engaged by al-Shabaab. The command's initial assessment is that three terrorists were killed.",
        "2024-01-08",
    )
    assert (strike.sub_event_type, strike.fatalities) == ("Air/drone strike", 3)
    assert (fight.event_type, fight.sub_event_type, fight.weapons) == ("Battles", "Armed clash", ("small_arms",))
    assert (fight.actor1, fight.actor2, fight.fatalities) == ("al-Shabaab", "Somali military", None)


def test_what_the_rest_of_the_drones_did_ends_the_attack_told_before(events):
    # interceptions.fold_remainders; places.site_told_before reads 'the base' in the same sentence
    found = events(
        "On Oct. 18, a one-way attack drone struck the Al-Tanf Garrison in southern Syria.\n\n"
        "Two drones targeted Ain al-Asad Air Base in western Iraq early Tuesday; one was shot down and "
        "the other crashed inside the base without causing damage.",
        "2023-11-10",
    )
    assert [(e.location, e.outcome) for e in found] == [("al-Tanf", "hit"), ("Ain al-Asad air base", "no_damage")]


def test_two_other_rockets_are_more_rockets_not_the_rest(extractor):
    def verb(text: str):
        return next(t for t in extractor.nlp(text) if t.lemma_ in {"crash", "strike"})

    assert is_remainder(verb("One was shot down and the other crashed inside the base."))
    assert not is_remainder(verb("Authorities added that two other rockets struck civilian neighborhoods."))


def test_one_shot_down_of_two_leaves_the_attack_standing(events):
    # interceptions.subject_count: 'one' parsed as a pronoun still counts one drone of two
    [event] = events(
        "Two drones targeted al-Asad Air Base in western Iraq on Thursday; one was shot down and the other "
        "caused no damage.",
        "2023-11-24",
    )
    assert (event.sub_event_type, event.actor2, event.outcome) == (
        "Air/drone strike", "United States military", "no_damage",
    )


def test_drones_destroyed_after_they_were_launched_were_shot_down(events):
    # triggers.destroys_in_flight; roles.is_launch_site: 'by Russia' says who fired them
    [event] = events("Ukrainian air defenses destroyed two cruise missiles over Kyiv on Monday.", "2023-11-21")
    assert (event.sub_event_type, event.actor1, event.location, event.weapons) == (
        "Disrupted weapons use", "Ukrainian military", "Kyiv", ("missile",),
    )
    [launched] = events("Ukraine's air force said it had destroyed 18 of 20 Shahed drones launched by Russia overnight.", "2023-11-21")
    assert (launched.sub_event_type, launched.actor2, launched.weapons) == ("Disrupted weapons use", "Russian military", ("drone",))


def test_drones_destroyed_on_the_ground_were_struck(events):
    [event] = events("U.S. aircraft destroyed 14 Houthi missiles that were loaded to be fired, the Pentagon said.", "2024-01-18")
    assert (event.sub_event_type, event.actor1, event.actor2) == ("Air/drone strike", "United States military", "Houthis")


def test_the_sky_a_downed_drone_was_launched_over_is_where_it_was_downed(events):
    # places.describes_clause_noun: 'over the Red Sea' hangs on 'launched', a clause of its own
    [event] = events(
        "U.S. forces successfully destroyed one uncrewed aerial system (UAS) launched from a Houthi controlled "
        "area of Yemen over the Red Sea.",
        "2024-02-10",
    )
    assert (event.sub_event_type, event.actor2, event.location) == ("Disrupted weapons use", "Houthis", "Red Sea")


def test_drones_a_warship_engaged_and_shot_down_are_the_weapons(events):
    # clauses.merge_same_clause: the object of the conjoined interception is what was fired
    found = events(
        "The USS Carney engaged and shot down three drones in the southern Red Sea on Sunday, as the destroyer "
        "responded to distress calls from commercial ships that had been struck by Houthi missiles.",
        "2023-12-04",
    )
    downed = next(e for e in found if e.sub_event_type == "Disrupted weapons use")
    assert (downed.weapons, downed.quantity, downed.location) == (("drone",), 3, "Red Sea")


def test_drones_shot_down_near_a_site_a_side_uses_were_downed_by_its_holder(events):
    [event] = events(
        "Two suicide drones were shot down Monday near Baghdad International Airport, which is also used by "
        "the international coalition.",
        "2022-01-05",
    )
    assert (event.sub_event_type, event.actor1, event.actor2) == ("Disrupted weapons use", "United States military", None)
    assert event.location == "Baghdad International Airport"


def test_the_side_named_on_a_downed_warplane_s_words_launched_it(events):
    [event] = events("Ukrainian forces shot down a Russian Su-34 fighter jet over the Donetsk region on Friday.", "2024-05-27")
    assert (event.sub_event_type, event.actor1, event.actor2) == (
        "Disrupted weapons use", "Ukrainian military", "Russian military"
    )
