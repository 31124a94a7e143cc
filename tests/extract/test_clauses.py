"""Which words belong to which trigger: one clause, one event.

The rules are in warlog/extract/clauses.py. Real sentences from news reports; each test names the rule it shows.
"""

from __future__ import annotations

import datetime as dt


def test_three_events_in_one_sentence_each_with_its_place_and_weapon(events):
    found = events(
        "Meanwhile, the media spread information that on October 26, US military bases in the "
        "Middle East were attacked: drones struck the US base in Al-Tanf in Syria and a missile "
        "strike took place at another US base in Syria - Conoco; in Iraq, the US also "
        "intercepted three attack drones.",
    )
    assert [(e.location, e.country, e.weapons) for e in found] == [
        ("al-Tanf", "SY", ("drone",)),
        ("Conoco gas field", "SY", ("missile",)),
        (None, "IQ", ("drone",)),
    ]
    assert {e.date for e in found} == {dt.date(2023, 10, 26)}
    interception = found[2]
    assert interception.sub_event_type == "Disrupted weapons use"
    assert (interception.actor1, interception.quantity, interception.outcome) == (
        "United States military",
        3,
        "intercepted",
    )


def test_a_series_of_strikes_shares_the_verbs_date_and_place(events):
    found = events("On 3 June 2024, Iran conducted a series of missile strikes in Pakistan.", "2024-06-05")
    assert ("2024-06-03", "PK") in [(str(e.date), e.country) for e in found]


def test_strikes_that_engage_a_unit_are_one_strike_not_an_interception(events):
    """The strike noun is the subject of 'engaged': one event, and the mortar team it hit is
    a target, so its 'mortar' is no weapon of the strike."""
    [event] = events("Near Tikrit, three coalition airstrikes engaged an ISIS mortar team on Sunday.", "2017-02-14")
    assert (event.sub_event_type, event.outcome, event.weapons, event.quantity) == (
        "Air/drone strike", "hit", ("aircraft",), 3,
    )
    [event] = events("On Sunday, two coalition jets engaged a drone launched toward the base.", "2017-02-14")
    assert (event.sub_event_type, event.outcome) == ("Disrupted weapons use", "intercepted")


def test_verbs_sharing_a_subject_are_one_strike_not_one_event_per_target_list(events):
    found = events(
        "Near Manbij, four strikes hit three ISIS fighting positions and destroyed two vehicle bombs "
        "and a weapons depot.",
        "2017-06-02",
    )
    assert len(found) == 1
    assert (found[0].location, found[0].quantity) == ("Manbij", 4)
    assert "ied" not in found[0].weapons  # the vehicle bombs were destroyed, not used


def test_a_conjoined_passive_verb_with_its_own_agent_stays_its_own_event(events):
    found = events(
        "Two Houthi missiles struck a cargo ship, and one missile was shot down "
        "by a US destroyer.",
        "2024-02-14",
    )
    assert "intercepted" in {e.outcome for e in found}


def test_the_subject_of_used_to_attack_is_the_weapon_of_the_attack(events):
    [event] = events("On 3 May 2022, drones were used to attack an oil depot in Belgorod.", "2022-05-04")
    assert (event.location, event.weapons, event.sub_event_type) == ("Belgorod", ("drone",), "Air/drone strike")


def test_a_clause_on_the_launched_weapons_tells_the_same_attack_and_its_place(events):
    """The relative clause says where the rockets landed: one attack, placed there."""
    [event] = events("On Monday, militants launched six rockets that hit a coalition base at Tanf in Syria.", "2023-03-22")
    assert (event.location, event.country, event.quantity, event.weapons) == ("al-Tanf", "SY", 6, ("rocket",))


def test_launched_strikes_are_strikes_that_struck(events):
    """merge_same_clause(): 'launched airstrikes on ...' is one event; the strikes' own word
    tells it struck (outcome hit), which 'launched' alone does not; 'launched a drone attack' stays unknown."""
    [event] = events(
        "On Tuesday, US forces launched airstrikes against infrastructure used by militant groups in eastern Syria.",
        "2024-05-15",
    )
    assert event.outcome == "hit"
    [event] = events("On Friday militants launched a drone attack on the Harir air base in Iraq.", "2024-05-15")
    assert event.outcome == "unknown"


def test_a_participle_on_the_subject_tells_where_the_act_was_aimed_not_a_second_act(events):
    [event] = events("A drone targeting the Harir base struck a fuel depot on Tuesday, causing minor damage.")
    assert (event.sub_event_type, event.location, event.outcome, event.date) == (
        "Air/drone strike", "Harir air base", "hit", dt.date(2023, 11, 21)
    )


def test_a_clause_in_which_weapons_were_launched_tells_how_the_attack_was_made(events):
    [event] = events(
        "The strikes answered the attack on Al-Asad Air Base on Jan. 20, in which multiple ballistic "
        "missiles and rockets were launched at the base.",
        "2024-01-24",
    )
    assert (event.sub_event_type, event.weapons, event.date) == (
        "Shelling/artillery/missile attack", ("missile", "rocket"), dt.date(2024, 1, 20)
    )


def test_where_the_doer_went_is_where_the_act_happened(events):
    """approach_of(): 'walked into a guardhouse in Mosul's main hospital and blew himself up':
    the place told on the joined verb; a town owning the site is the place (is_modifier())."""
    [event] = events(
        "A third bomber walked into a guardhouse in Mosul's main hospital and blew himself up, "
        "killing four policemen.",
        "2014-01-02",
    )
    assert (event.location, event.country, event.fatalities) == ("Mosul", "IQ", 4)
    assert event.actor2 == "Iraqi security forces"  # the police of the country where it happened


def test_strikes_reported_in_towns_are_strikes_in_each_town(events):
    """'Strikes were also reported in Lviv, Dnipro and Zaporizhzhia': the verb by which the
    strikes were noticed places them, and they were made with the wave's missiles."""
    found = events(
        "Russia launched a wave of missile strikes on cities across Ukraine on Monday, killing at least "
        "19 people.\n\nStrikes were also reported in Lviv, Dnipro and Zaporizhzhia.",
        "2022-10-11",
    )
    reported = [e for e in found if e.location in {"Lviv", "Dnipro", "Zaporizhzhia"}]
    assert [e.location for e in reported] == ["Lviv", "Dnipro", "Zaporizhzhia"]
    assert {(e.actor1, e.weapons, e.date) for e in reported} == {("Russian military", ("missile",), dt.date(2022, 10, 10))}


def test_what_follows_the_object_of_followed_tells_the_object_s_act(events):
    # clauses.SEQUENCE_VERBS; weapons.carry_strike_weapons lends no other side's rockets
    found = events(
        "Three rockets struck near the U.S. Embassy in Baghdad early Friday, Iraqi security officials said. "
        "The Islamic Resistance in Iraq claimed the attack.\n\n"
        "The attacks followed U.S. strikes on Wednesday on two facilities in eastern Syria that the "
        "Pentagon said were used by Iran's Revolutionary Guard and affiliated groups.",
        "2023-11-25",
    )
    [strike] = [e for e in found if e.actor1 == "United States military"]
    assert (strike.location, strike.country, strike.date, strike.weapons) == (
        "eastern Syria", "SY", dt.date(2023, 11, 22), ("unspecified",),
    )


def test_an_event_noun_in_apposition_tells_the_act_it_describes(events):
    # clauses: 'a suicide bombing', hung on 'Ghazni', is the attack on the checkpoint told again
    [event] = events("The Taliban claimed the attack on the checkpoint in Ghazni, a suicide bombing.", "2024-01-12")
    assert (event.sub_event_type, event.actor1, event.location, event.country) == (
        "Suicide bomb", "Taliban", "Ghazni", "AF",
    )


def test_drones_sent_aiming_at_a_garrison_are_an_attack_on_it(events):
    # triggers.yaml: send (with a weapon named); places.aiming: the participle names the target
    [event] = events(
        "Two drones were sent by the militia from across the border on Monday, aiming at the garrison at al-Tanf.",
        "2024-01-12",
    )
    assert (event.weapons, event.location, event.actor2) == (("drone",), "al-Tanf", "United States military")
    assert events("The Pentagon sent more troops to the region on Monday.", "2024-01-12") == []


def test_a_verb_misread_as_a_modifier_keeps_its_object(events):
    # nlp.misread_object: the model hangs 'targeted' on 'troops' as an adjective
    [event] = events("A rocket attack on Nov. 12 targeted U.S. troops at the Rumalyn landing zone.", "2023-11-24")
    assert (event.actor2, event.location, event.date.isoformat()) == (
        "United States military", "Rumalyn landing zone", "2023-11-12",
    )


def test_an_act_told_in_a_when_clause_happened_where_its_toll_fell(events):
    [event] = events(
        "At least 15 people died at an Iraqi army base outside Mosul when a suicide driver drove into a crowd "
        "of workers and detonated his explosives.",
        "2005-06-27",
    )
    assert (event.sub_event_type, event.location, event.fatalities) == ("Suicide bomb", "Mosul", 15)


def test_people_who_died_where_a_bomber_struck_tell_the_attack(events):
    [event] = events(
        "At least 15 people died at an Iraqi army base outside Mosul on Monday when a suicide driver drove into "
        "a crowd of workers.",
        "2005-06-30",
    )
    assert (event.sub_event_type, event.location, event.date.isoformat()) == ("Suicide bomb", "Mosul", "2005-06-27")


def test_an_attack_that_sparked_a_gun_battle_was_a_fight_on_the_ground(events):
    [event] = events(
        "The Taliban attacked a district headquarters in Ghazni province overnight, sparking a gun battle that "
        "lasted several hours.",
        "2024-03-12",
    )
    assert (event.sub_event_type, event.weapons, event.actor1, event.actor2) == (
        "Armed clash", ("small_arms",), "Taliban", "Afghan military"
    )


def test_a_salvo_aimed_by_a_participle_at_listed_cities_is_an_attack_at_each(events):
    found = events(
        "Russia launched 40 missiles and 60 drones at Ukraine overnight, targeting energy infrastructure in Kyiv, "
        "Lviv and Dnipro, Ukraine's air force said.",
        "2024-05-27",
    )
    assert [(e.location, e.weapons, e.actor1) for e in found] == [
        ("Kyiv", ("drone", "missile"), "Russian military"),
        ("Lviv", ("drone", "missile"), "Russian military"),
        ("Dnipro", ("drone", "missile"), "Russian military"),
    ]
