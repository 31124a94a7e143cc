"""Running counts: what officials say the total is, and as of when."""

from __future__ import annotations

import datetime as dt

import pytest

from warlog.extract import RuleExtractor, build_extractor
from warlog.model import Document, Tally


@pytest.fixture(scope="module")
def extractor() -> RuleExtractor:
    return build_extractor()


def tallies(extractor: RuleExtractor, text: str, published: str) -> list[Tally]:
    return extractor(Document("doc", text, published=dt.date.fromisoformat(published))).tallies


def test_a_count_since_a_date_and_the_casualties_it_caused(extractor):
    attacks, casualties = tallies(
        extractor,
        "Earlier, on November 9, Pentagon Deputy Press Secretary Sabrina Singh said that US forces "
        "in Iraq and Syria have been attacked 46 times since October 17, resulting in 56 casualties.",
        "2023-11-12",
    )
    assert (attacks.count, attacks.unit, attacks.qualifier) == (46, "attacks", "exact")
    assert (casualties.count, casualties.unit) == (56, "casualties")
    for tally in (attacks, casualties):
        assert tally.countries == ("IQ", "SY")
        assert tally.since == dt.date(2023, 10, 17)
        assert tally.as_of == dt.date(2023, 11, 9)  # the day it was said, not the day of the report
        assert tally.speaker == "Sabrina Singh"
        assert tally.target == "United States military"


def test_a_pronoun_carries_the_speaker_and_day_into_the_next_sentence(extractor):
    *_, follow_up = tallies(
        extractor,
        "On November 9, Sabrina Singh said that US forces have been attacked 46 times since "
        "October 17. In addition, he added that US military bases have been attacked at least 41 "
        "times using missiles and attack unmanned aerial vehicles.",
        "2023-11-12",
    )
    assert (follow_up.count, follow_up.qualifier) == (41, "at_least")
    assert (follow_up.speaker, follow_up.as_of) == ("Sabrina Singh", dt.date(2023, 11, 9))
    assert follow_up.countries == ()


def test_a_split_by_country_is_one_tally_per_country(extractor):
    iraq, syria = tallies(
        extractor,
        "US officials say that as of November 23, there have been 36 attacks on international and "
        "US forces in Iraq and 37 in Syria.",
        "2023-11-24",
    )
    assert (iraq.count, iraq.countries) == (36, ("IQ",))
    assert (syria.count, syria.countries) == (37, ("SY",))
    assert iraq.as_of == syria.as_of == dt.date(2023, 11, 23)
    assert iraq.speaker == "US officials"


def test_a_count_in_dozens_with_a_qualifier(extractor):
    [tally] = tallies(
        extractor,
        "Since November 19, the Houthis have launched more than two dozen attacks on vessels in "
        "the Red Sea, Secretary Austin said.",
        "2024-01-12",
    )
    assert (tally.count, tally.qualifier, tally.unit) == (24, "more_than", "attacks")
    assert tally.since == dt.date(2023, 11, 19)


def test_one_days_attacks_are_not_a_running_count(extractor):
    assert tallies(
        extractor,
        "American and international forces suffered four attacks from Iraq and Syria on Thursday, "
        "November 23.",
        "2023-11-24",
    ) == []


def test_a_total_of_the_dead_and_wounded_of_a_wave_of_strikes(extractor):
    dead, wounded = tallies(
        extractor,
        "In total, at least 47 people were killed and about 170 were injured.",
        "2024-07-09",
    )
    assert (dead.count, dead.qualifier, dead.unit) == (47, "at_least", "fatalities")
    assert (wounded.count, wounded.qualifier, wounded.unit) == (170, "about", "injuries")


def test_injured_personnel_counted_with_the_attacks(extractor):
    attacks, injured = tallies(
        extractor,
        "The Pentagon said US forces had been attacked 66 times in Iraq and Syria since Oct. 17, "
        "with 62 US personnel injured.",
        "2024-01-05",
    )
    assert (attacks.count, attacks.unit, attacks.since) == (66, "attacks", dt.date(2023, 10, 17))
    assert (injured.count, injured.unit, injured.countries) == (62, "injuries", ("IQ", "SY"))


def test_the_speaker_is_the_official_not_the_group_counted(extractor):
    [tally] = tallies(
        extractor,
        "Hezbollah has carried out more than 1,200 attacks in Lebanon, Syria and Yemen since October 8, "
        "according to the Israel Defense Forces.",
        "2024-02-20",
    )
    assert (tally.count, tally.qualifier, tally.unit) == (1200, "more_than", "attacks")
    assert tally.speaker == "the Israel Defense Forces"
    assert tally.countries == ("LB", "SY", "YE")  # every country of the scope
    assert tally.since == dt.date(2023, 10, 8)


def test_a_title_names_the_person_introduced_before(extractor):
    wounded = tallies(
        extractor,
        "Secretary of Defense Lloyd J. Austin III held a press conference today.\n\n"
        "The secretary also said he remembers the 2,461 service members who were killed and the more "
        "than 20,000 wounded since the U.S. entered Afghanistan in October 2001.",
        "2021-08-31",
    )
    dead, injured = wounded
    assert (dead.count, dead.unit, injured.count, injured.unit) == (2461, "fatalities", 20000, "injuries")
    assert "Austin" in dead.speaker
    assert dead.since == injured.since == dt.date(2001, 10, 1)  # the date of the clause 'since' opens
    assert dead.countries == ("AF",)  # the U.S. that entered is no scope


def test_a_briefing_transcripts_speaker_label(extractor):
    *_, injured = tallies(
        extractor,
        "GENERAL KENNETH F. MCKENZIE:  John, I can see you and hear you fine.\n\n"
        "MR. KIRBY:  Thank you, sir.\n\n"
        "GEN. MCKENZIE:  It's a hard day today.  At this time, we know that 12 U.S. service members "
        "have been killed in the attack and 15 more service-members have been injured.",
        "2021-08-26",
    )
    assert (injured.count, injured.unit) == (15, "injuries")
    assert "kenneth f. mckenzie" in injured.speaker.lower()
    assert injured.since == injured.as_of == dt.date(2021, 8, 26)


def test_a_posts_signature_and_a_count_of_one_day(extractor):
    [tally] = tallies(
        extractor,
        "On March 3rd alone, the Taliban conducted 43 attacks on #ANDSF checkpoints in Helmand. "
        "— USFOR-A Spokesman Col Sonny Leggett (@USFOR_A) March 4, 2020",
        "2020-03-04",
    )
    assert (tally.count, tally.unit, tally.speaker) == (43, "attacks", "Sonny Leggett")
    assert tally.since == tally.as_of == dt.date(2020, 3, 3)


def test_a_period_of_the_past_days_and_an_ordinal_count(extractor):
    rockets, fifth = tallies(
        extractor,
        "Palestinians have fired more than 160 homemade Qassam rockets at Israel over the past 10 days. "
        "This is the fifth ASBM fired by Houthis in the last two days.",
        "2007-05-25",
    )
    assert (rockets.count, rockets.qualifier, rockets.unit) == (160, "more_than", "strikes")
    assert rockets.since == dt.date(2007, 5, 15) and rockets.countries == ("IL",)
    assert (fifth.count, fifth.unit, fifth.since) == (5, "strikes", dt.date(2007, 5, 23))


def test_a_weekly_summary_between_two_days(extractor):
    [tally] = tallies(
        extractor,
        "Coalition forces continued to strike ISIS targets in Syria and Iraq between March 9-15, "
        "conducting 23 strikes consisting of 37 engagements, task force officials reported today.",
        "2018-03-16",
    )
    assert (tally.count, tally.since, tally.as_of) == (23, dt.date(2018, 3, 9), dt.date(2018, 3, 15))
    assert set(tally.countries) == {"SY", "IQ"} and tally.speaker == "task force officials"


def test_the_toll_of_several_attacks_is_a_tally_and_one_attacks_is_not(extractor):
    found = tallies(
        extractor,
        "Security officials in Iraq say a car bomb has killed at least two people and wounded five in "
        "central Baghdad.\n\nIn other violence Sunday, bomb attacks killed at least nine people and wounded "
        "about 70.",
        "2008-09-22",
    )
    assert [(t.count, t.unit) for t in found] == [(9, "fatalities"), (70, "injuries")]
    for tally in found:
        assert tally.since == tally.as_of == dt.date(2008, 9, 21)
        assert tally.countries == ("IQ",)  # where the paragraph before puts them
        assert tally.speaker is None  # the officials of another paragraph did not give it


def test_an_estimate_of_strikes_is_a_tally_a_days_raids_are_not(extractor):
    [estimate] = tallies(
        extractor,
        "More than 20 strikes targeted AQAP militants, equipment and infrastructure in Yemen.",
        "2017-03-02",
    )
    assert (estimate.count, estimate.qualifier, estimate.unit) == (20, "more_than", "strikes")
    assert tallies(
        extractor,
        "Over the past 48 hours, US Central Command forces conducted three helicopter raids in eastern Syria.",
        "2022-12-20",
    ) == []
    assert tallies(
        extractor,
        "In the past 24 hours, US forces destroyed three Houthi anti-ship cruise missiles in Yemen.",
        "2024-08-07",
    ) == []


def test_a_number_spelled_out_and_a_count_so_far_from_no_stated_start(extractor):
    [tally] = tallies(
        extractor,
        "Seventy-two U.S. service members have been wounded in the attacks so far, Deputy Press "
        "Secretary Sabrina Singh said.",
        "2024-01-03",
    )
    assert (tally.count, tally.unit, tally.speaker) == (72, "injuries", "Sabrina Singh")
    assert tally.since is None  # "so far" runs from a start the sentence does not date


def test_the_nth_attack_since_a_day(extractor):
    [tally] = tallies(
        extractor,
        "It was the 41st attack on merchant shipping since November 19, U.S. Central Command said.",
        "2024-02-12",
    )
    assert (tally.count, tally.unit, tally.since) == (41, "attacks", dt.date(2023, 11, 19))
    assert tally.speaker == "U.S. Central Command"


def test_a_total_then_its_parts_by_country(extractor):
    total, iraq, syria = tallies(
        extractor,
        "As of Friday, there have been 70 attacks against American forces, 31 in Iraq and 39 in Syria, "
        "Brig. Gen. Pat Ryder said.",
        "2023-12-01",
    )
    assert [t.count for t in (total, iraq, syria)] == [70, 31, 39]
    assert total.countries == ("IQ", "SY")  # the total covers every part
    assert (iraq.countries, syria.countries) == (("IQ",), ("SY",))
    assert total.as_of == dt.date(2023, 12, 1)


def test_drones_and_missiles_launched_are_strikes_but_one_days_volley_is_no_tally(extractor):
    [tally] = tallies(
        extractor,
        "Since November, the Houthis have launched more than 150 drones and missiles at commercial ships, "
        "CENTCOM said in a statement.",
        "2024-01-20",
    )
    assert (tally.count, tally.qualifier, tally.unit) == (150, "more_than", "strikes")
    assert (tally.since, tally.speaker) == (dt.date(2023, 11, 1), "CENTCOM")
    volley = "Militants fired 14 rockets at the air base on Tuesday, officials said."
    assert tallies(extractor, volley, "2024-01-20") == []
    assert tallies(
        extractor, "Congress approved $2 billion in aid, and about 900 U.S. troops remain in Syria.", "2024-01-20"
    ) == []


def test_a_total_that_stands_at_or_rises_to_a_figure(extractor):
    [attacks] = tallies(
        extractor, "The total number of attacks on U.S. troops in Iraq and Syria now stands at 151.", "2024-02-01"
    )
    assert (attacks.count, attacks.unit, attacks.countries) == (151, "attacks", ("IQ", "SY"))
    assert attacks.since is None
    [dead] = tallies(
        extractor, "The death toll from Tuesday's bombings in Mosul has risen to 38, police said.", "2014-06-12"
    )
    assert (dead.count, dead.unit, dead.countries, dead.speaker) == (38, "fatalities", ("IQ",), "police")


def test_whoever_a_casualty_verb_counts_and_the_office_that_counts_them(extractor):
    dead, injured = tallies(
        extractor,
        "OCHA reported that at least 28,000 Palestinians have been killed and more than 67,000 injured "
        "since October 7.",
        "2024-02-20",
    )
    assert (dead.count, dead.unit, injured.count, injured.unit) == (28000, "fatalities", 67000, "injuries")
    assert dead.speaker == "OCHA" and dead.target is None  # the speaker is not whom the count is against
    assert dead.since == dt.date(2023, 10, 7)


def test_a_toll_in_the_perfect_of_a_war_runs_from_no_stated_day(extractor):
    [tally] = tallies(
        extractor,
        "More than 10,000 people have died in the conflict in eastern Ukraine, the United Nations says.",
        "2017-06-01",
    )
    assert (tally.count, tally.qualifier, tally.unit, tally.countries) == (10000, "more_than", "fatalities", ("UA",))
    assert tally.since is None and tally.speaker == "the United Nations"


def test_separate_attacks_in_a_named_month(extractor):
    [tally] = tallies(
        extractor,
        "The town was struck by three separate rocket attacks on its market in March 2022, carried out "
        "by separatist forces.",
        "2022-06-01",
    )
    assert (tally.count, tally.unit) == (3, "attacks")
    assert tally.since == dt.date(2022, 3, 1) and tally.as_of is None  # a month's count, held on no stated day


def test_the_toll_of_one_act_is_no_tally_whatever_the_tense(extractor):
    assert tallies(
        extractor, "At this time, it is assessed the airstrike killed two (2) militants.", "2020-01-22"
    ) == []
    assert tallies(
        extractor,
        "Suspected insurgents have attacked a village in Borno state, killing at least 30 people.",
        "2015-03-05",
    ) == []


def test_a_place_implies_the_country_of_the_count(extractor):
    [checkpoints] = tallies(
        extractor, "So far this week, insurgents have carried out 25 attacks on checkpoints in #Kandahar.", "2020-03-05"
    )
    assert checkpoints.countries == ("AF",)
    [base] = tallies(extractor, "Since January, militias have attacked Ain al-Asad air base 12 times.", "2021-03-05")
    assert (base.count, base.countries) == (12, ("IQ",))


def test_the_office_that_issued_the_text_speaks_its_counts(extractor):
    text = "Since October 17, Iranian-backed militias have attacked U.S. forces more than 60 times."
    statement = Document(
        "doc", text, published=dt.date(2023, 11, 20),
        title="Statement by Pentagon Press Secretary Brig. Gen. Pat Ryder on Attacks in Iraq and Syria",
    )
    assert [t.speaker for t in extractor(statement).tallies] == ["Pat Ryder"]
    release = Document("doc", text, published=dt.date(2023, 11, 20), title="Militias Keep Up Attacks",
                       source="U.S. Central Command (via DVIDS)")
    assert [t.speaker for t in extractor(release).tallies] == ["U.S. Central Command"]
    numbered = Document("doc", text, published=dt.date(2023, 11, 20), title="Militias Keep Up Attacks",
                        source="U.S. Central Command release 20231120-01")
    assert [t.speaker for t in extractor(numbered).tallies] == ["U.S. Central Command"]
    story = Document("doc", text, published=dt.date(2023, 11, 20), title="Militias Keep Up Attacks",
                     source="U.S. Department of Defense, DOD News, by Jim Garamone")
    assert [t.speaker for t in extractor(story).tallies] == [None]  # a reporter relays counts, gives none


def test_the_speaker_is_the_name_the_subject_heads_not_a_split_off_rank(extractor):
    (tally,) = tallies(
        extractor,
        "US forces in Iraq and Syria have come under attack at least 66 times since October 17, "
        "Pentagon Press Secretary Maj. Gen. Pat Ryder told reporters.",
        "2023-11-16",
    )
    assert (tally.count, tally.qualifier, tally.unit) == (66, "at_least", "attacks")
    assert tally.speaker == "Pat Ryder"


def test_a_date_after_since_is_not_the_day_a_claim_was_made(extractor):
    (tally,) = tallies(
        extractor,
        "The militia has claimed responsibility for more than 150 attacks on American forces since October.",
        "2024-01-30",
    )
    assert (tally.count, tally.qualifier, tally.unit) == (150, "more_than", "attacks")
    assert (tally.since, tally.as_of) == (dt.date(2023, 10, 1), dt.date(2024, 1, 30))


def test_the_number_of_people_killed_names_the_unit_of_a_total(extractor):
    (tally,) = tallies(
        extractor,
        "The number of people killed in Gaza since October 7 has surpassed 30,000, the ministry said on Thursday.",
        "2024-02-29",
    )
    assert (tally.count, tally.unit, tally.countries) == (30000, "fatalities", ("PS",))
    assert (tally.since, tally.as_of) == (dt.date(2023, 10, 7), dt.date(2024, 2, 29))


def test_a_verb_that_brings_the_toll_to_a_figure_states_a_total(extractor):
    *_, total = tallies(
        extractor,
        "Health officials said 41 people were killed overnight, bringing the death toll to 27,900.",
        "2024-02-08",
    )
    assert (total.count, total.unit) == (27900, "fatalities")


def test_drones_launched_in_a_total_of_are_strikes(extractor):
    (tally,) = tallies(
        extractor,
        "The air force said Russia had launched a total of 1,200 Shahed drones at Ukrainian cities in March.",
        "2024-04-01",
    )
    assert (tally.count, tally.unit, tally.since) == (1200, "strikes", dt.date(2024, 3, 1))


def test_a_count_on_the_first_of_two_weapon_words_counts_the_attacks(extractor):
    (tally,) = tallies(
        extractor,
        "Since mid-October, militants have launched roughly 100 rocket and drone attacks on bases housing US troops.",
        "2023-12-20",
    )
    assert (tally.count, tally.qualifier, tally.unit) == (100, "about", "attacks")


def test_the_things_an_attack_verb_hits_count_its_attacks(extractor):
    (tally,) = tallies(
        extractor,
        "The Houthis have attacked more than 100 merchant vessels since November, according to CENTCOM.",
        "2024-06-15",
    )
    assert (tally.count, tally.qualifier, tally.unit) == (100, "more_than", "attacks")
    assert (tally.since, tally.speaker) == (dt.date(2023, 11, 1), "CENTCOM")


@pytest.mark.parametrize(
    "text",
    [
        "About 2,500 US troops remain in Iraq and 900 in Syria.",
        "Washington has spent $45 billion on military aid since February 2022.",
        "The drones have targeted 3 air defence batteries, the army said.",
    ],
)
def test_troops_money_and_one_volley_are_no_tallies(extractor, text):
    assert tallies(extractor, text, "2024-01-10") == []


def test_a_toll_that_has_risen_to_a_figure_runs_from_an_unstated_start(extractor):
    (tally,) = tallies(
        extractor,
        "The health ministry said on Sunday that the death toll in the enclave has risen to 34,000.",
        "2024-04-21",
    )
    assert (tally.count, tally.unit) == (34000, "fatalities")
    assert (tally.since, tally.as_of) == (None, dt.date(2024, 4, 21))


def test_the_day_a_total_stood_at_a_figure_is_its_as_of_not_its_start(extractor):
    (tally,) = tallies(
        extractor,
        "The toll from the bombardment stood at 21,110 on Wednesday, the ministry said.",
        "2023-12-28",
    )
    assert (tally.count, tally.unit) == (21110, "fatalities")
    assert (tally.since, tally.as_of) == (None, dt.date(2023, 12, 27))


def test_projectiles_launched_over_named_months_are_a_count_from_the_first(extractor):
    (tally,) = tallies(
        extractor,
        "Russia launched 4,630 attack drones at Ukraine in January and February, the air force said.",
        "2024-03-02",
    )
    assert (tally.count, tally.unit, tally.since, tally.as_of) == (4630, "strikes", dt.date(2024, 1, 1), None)


def test_one_attack_told_of_a_month_is_no_tally(extractor):
    assert tallies(extractor, "In March, a rocket attack killed three soldiers at the base.", "2024-04-02") == []


def test_an_ordinal_adverb_in_a_month_count_counts_nothing(extractor):
    assert tallies(
        extractor, "The siege began in May 2022, when Russian artillery first struck the port.", "2022-06-01"
    ) == []


def test_the_speaker_is_named_after_his_rank(extractor):
    (tally,) = tallies(
        extractor,
        "U.S. forces have been attacked at least 66 times in Iraq and Syria since Oct. 17, "
        "Pentagon press secretary Brig. Gen. Pat Ryder told reporters on Tuesday.",
        "2024-01-04",
    )
    assert (tally.count, tally.speaker, tally.as_of) == (66, "Pat Ryder", dt.date(2024, 1, 2))


def test_a_breakdown_after_a_colon_keeps_the_speaker_short_and_each_part_its_own_words(extractor):
    total, *parts = tallies(
        extractor,
        "The Pentagon said there have been 165 attacks on U.S. troops in the Middle East since "
        "mid-October: 66 in Iraq, 98 in Syria and one in Jordan.",
        "2024-02-05",
    )
    assert (total.count, total.speaker) == (165, "The Pentagon")
    assert [(p.count, p.countries, p.evidence_text) for p in parts] == [
        (66, ("IQ",), "66 in Iraq"),
        (98, ("SY",), "98 in Syria"),
        (1, ("JO",), "one in Jordan"),
    ]


def test_a_start_with_its_year_keeps_the_year(extractor):
    (tally,) = tallies(
        extractor,
        "Since the war began on Feb. 24, 2022, Russia has fired more than 8,000 missiles at Ukraine, "
        "the Ukrainian air force said on Monday.",
        "2024-05-15",
    )
    assert (tally.count, tally.since, tally.countries) == (8000, dt.date(2022, 2, 24), ("UA",))


def test_so_far_this_year_counts_from_january(extractor):
    (tally,) = tallies(
        extractor,
        "According to the United Nations, at least 1,200 civilians have been killed in attacks by "
        "armed groups in Burkina Faso so far this year.",
        "2024-05-15",
    )
    assert (tally.count, tally.unit, tally.since) == (1200, "fatalities", dt.date(2024, 1, 1))


def test_last_month_s_attacks_are_a_count_of_that_month_against_nobody_named(extractor):
    doc = extractor(Document(
        "doc", "Al-Shabaab carried out 32 attacks in Mogadishu last month, the Somali police spokesman said.",
        published=dt.date(2024, 5, 15),
    ))
    (tally,) = doc.tallies
    assert (tally.count, tally.unit, tally.since, tally.countries) == (32, "attacks", dt.date(2024, 4, 1), ("SO",))
    assert tally.target is None  # al-Shabaab did the attacks
    assert doc.events == []
@pytest.mark.parametrize(
    "text",
    [
        "Israeli air strikes on Khan Younis killed 15 people overnight, Gaza's health ministry said.",
        "Russian missile strikes on Kharkiv killed seven people on Saturday, the regional governor said.",
    ],
)
def test_the_dead_of_strikes_on_one_place_are_its_toll_not_a_tally(extractor, text):
    """_at_one_place(): the strikes of one place and day are one event (ACLED), so their dead
    are that event's fatalities; strikes on two places still sum several events."""
    assert tallies(extractor, text, "2024-05-15") == []
    [event] = extractor(Document("doc", text, published=dt.date(2024, 5, 15))).events
    assert event.fatalities in {15, 7}
    [several] = tallies(extractor, "Russian strikes on Kharkiv and Odesa killed eight people on Saturday, officials said.", "2024-05-15")
    assert (several.count, several.unit) == (8, "fatalities")


def test_with_no_place_named_the_dead_s_nationality_is_the_scope_but_not_the_attacker_s(extractor):
    israelis, palestinians = tallies(
        extractor,
        "Ten Israelis have been killed by Qassam rockets since 2002. Attacks by Israel aimed at "
        "Hamas fighters have killed over 400 Palestinians since June, according to the United Nations.",
        "2006-11-15",
    )
    assert (israelis.count, israelis.countries) == (10, ("IL",))
    assert (palestinians.count, palestinians.countries) == (400, ("PS",))


def test_a_side_s_forces_may_fall_abroad_so_their_nationality_is_no_scope(extractor):
    (tally,) = tallies(
        extractor, "Since 2001, 2,400 American soldiers have been killed, the Pentagon said.", "2021-08-30"
    )
    assert (tally.count, tally.countries) == (2400, ())


def test_a_war_that_has_killed_is_a_toll_so_far(extractor):
    (tally,) = tallies(
        extractor, "Israel's counteroffensive has killed more than 23,300 Palestinians, the health ministry said.", "2024-01-11"
    )
    assert (tally.count, tally.unit, tally.qualifier, tally.speaker) == (23300, "fatalities", "more_than", "the health ministry")


def test_a_count_of_last_year(extractor):
    (tally,) = tallies(extractor, "Last year, U.S. Africa Command conducted a record 63 strikes in Somalia.", "2020-01-17")
    assert (tally.count, tally.unit, tally.countries) == (63, "strikes", ("SO",))


def test_an_act_ranked_by_what_it_marks_counts_the_acts_so_far(extractor):
    (tally,) = tallies(
        extractor, "This marks the fourth attack by Iranian-backed Houthis on the M/V Transworld Navigator.", "2024-06-23"
    )
    assert (tally.count, tally.unit, tally.target) == (4, "attacks", None)
    assert tallies(extractor, "The first attack hit the base at dawn on Monday.", "2024-06-23") == []


def test_the_toll_of_a_storming_is_that_attack_s_not_a_count_of_the_month(extractor):
    found = extractor(Document(
        "doc", "In April, al-Shabab fighters stormed Garissa University College in Kenya, killing 148 people.",
        published=dt.date(2015, 6, 26),
    ))
    assert found.tallies == []
    assert [e.fatalities for e in found.events] == [148]


def test_acts_that_have_numbered_a_figure_are_a_count(extractor):
    attacks, injured = tallies(
        extractor,
        "The attacks, which have numbered more than 150 since mid-October, have injured about 70 U.S. "
        "personnel, officials said.",
        "2024-01-08",
    )
    assert (attacks.count, attacks.unit, attacks.qualifier, attacks.since) == (150, "attacks", "more_than", dt.date(2023, 10, 15))
    assert (injured.count, injured.unit) == (70, "injuries")


def test_a_total_then_its_parts_after_a_colon(extractor):
    total, iraq, syria = tallies(
        extractor,
        "There have been 66 attacks on U.S. forces since Oct. 17: 32 in Iraq and 34 in Syria, "
        "Pentagon spokesman Brig. Gen. Pat Ryder said.",
        "2023-11-24",
    )
    assert [(t.count, t.countries, t.evidence_text) for t in (total, iraq, syria)] == [
        (66, ("IQ", "SY"), "66 attacks"), (32, ("IQ",), "32 in Iraq"), (34, ("SY",), "34 in Syria")
    ]
    assert {(t.since, t.speaker) for t in (total, iraq, syria)} == {(dt.date(2023, 10, 17), "Pat Ryder")}


def test_forces_named_beside_their_coalition_are_the_target(extractor):
    [total, *_] = tallies(
        extractor,
        "Since Oct. 17, U.S. and coalition forces have been attacked at least 61 times, 29 times in "
        "Iraq and 32 times in Syria, according to the Pentagon.",
        "2023-11-24",
    )
    assert (total.count, total.qualifier, total.target) == (61, "at_least", "United States military")


def test_a_place_in_what_the_count_runs_since_is_no_scope(extractor):
    [tally] = tallies(
        extractor,
        "Iran-backed militias have launched more than 150 attacks on US troops in Iraq and Syria "
        "since the war in Gaza began, according to the Pentagon.",
        "2024-02-05",
    )
    assert (tally.count, tally.countries) == (150, ("IQ", "SY"))


def test_injuries_suffered_in_the_attacks_are_counted_so_far(extractor):
    [tally] = tallies(extractor, "About 60 US personnel have suffered minor injuries in the attacks, Ryder said.",
                      "2023-11-24")
    assert (tally.count, tally.qualifier, tally.unit, tally.target) == (
        60, "about", "injuries", "United States military"
    )


def test_an_attack_ranked_by_a_bare_ordinal(extractor):
    [tally] = tallies(extractor, "The attack was the 74th on US forces since October 17.", "2023-11-24")
    assert (tally.count, tally.unit, tally.since) == (74, "attacks", dt.date(2023, 10, 17))


def test_the_toll_of_one_siege_is_no_tally(extractor):
    assert tallies(
        extractor,
        "A siege at a hotel in Kismayo on Sunday killed nine people, and in late September, a double "
        "bombing in the town of Jowhar killed at least 14 people.",
        "2022-10-25",
    ) == []


def test_attacks_that_bring_to_a_number_the_times_forces_were_attacked(extractor):
    [tally] = tallies(
        extractor,
        "The latest attacks bring to 58 the number of times U.S. forces have been attacked in Iraq and "
        "Syria since Oct. 17, according to the Pentagon.",
        "2023-11-23",
    )
    assert (tally.count, tally.unit, tally.countries, tally.since) == (58, "attacks", ("IQ", "SY"), dt.date(2023, 10, 17))


def test_a_country_in_a_clause_that_says_why_is_no_scope(extractor):
    [tally] = tallies(
        extractor,
        "U.S. forces in Iraq and Syria came under attack at least three times over the past day, a U.S. "
        "official said Thursday, as Iran-backed militias step up pressure over Washington's support for Israel.",
        "2023-11-23",
    )
    assert (tally.count, tally.qualifier, tally.countries) == (3, "at_least", ("IQ", "SY"))


def test_us_troops_named_beside_coalition_troops_are_the_target(extractor):
    [tally] = tallies(
        extractor,
        "U.S. and coalition troops have been attacked at least 40 times in Iraq and Syria since Oct. 17, "
        "the Pentagon said on Monday.",
        "2023-11-21",
    )
    assert (tally.count, tally.target, tally.as_of) == (40, "United States military", dt.date(2023, 11, 20))


def test_a_part_the_model_read_as_the_year_of_the_date_before_it(extractor):
    found = tallies(extractor, "That brings the total to 59 attacks since Oct. 17, 27 in Iraq and 32 in Syria.",
                    "2023-11-17")
    assert [(t.count, t.countries, t.since) for t in found] == [
        (59, ("IQ", "SY"), dt.date(2023, 10, 17)),
        (27, ("IQ",), dt.date(2023, 10, 17)),
        (32, ("SY",), dt.date(2023, 10, 17)),
    ]


def test_a_transcript_label_in_capitals_names_the_speaker_without_rank(extractor):
    [tally] = tallies(
        extractor,
        "BRIG. GEN. PAT RYDER: Good afternoon. U.S. forces have been attacked 59 times since Oct. 17.",
        "2023-11-17",
    )
    assert tally.speaker == "Pat Ryder"


def test_the_first_time_troops_were_killed_is_no_count(extractor):
    assert tallies(
        extractor,
        "The attack was the first time U.S. troops have been killed by enemy fire in the Middle East since "
        "the war began.",
        "2024-01-29",
    ) == []


def test_a_rank_among_the_deadliest_or_the_first_attacks_is_no_count(extractor):
    assert tallies(extractor, "It was the second deadliest terrorist attack in the country's history.", "2017-10-15") == []
    assert tallies(extractor, "Those were the first attacks on the city since 2019.", "2017-10-15") == []


def test_the_date_after_a_since_phrase_starts_the_count(extractor):
    [tally] = tallies(
        extractor,
        "The UN says at least 10,000 civilians have been killed in Ukraine since Russia's full-scale "
        "invasion in February 2022.",
        "2024-01-15",
    )
    assert (tally.count, tally.since, tally.as_of, tally.countries) == (
        10000, dt.date(2022, 2, 1), dt.date(2024, 1, 15), ("UA",)
    )


def test_a_count_in_the_past_perfect_runs_as_the_perfect_does(extractor):
    [tally] = tallies(
        extractor,
        "Sabrina Singh told reporters on Monday that U.S. forces in Iraq and Syria had been attacked 97 times.",
        "2024-01-24",
    )
    assert (tally.count, tally.unit, tally.countries, tally.as_of) == (97, "attacks", ("IQ", "SY"), dt.date(2024, 1, 22))


def test_the_total_brought_to_a_number_by_the_deaths_is_a_count_of_them(extractor):
    [tally] = tallies(extractor, "The deaths bring the total number of US troops killed in Afghanistan this year to 24.",
                      "2019-07-15")
    assert (tally.count, tally.unit, tally.countries, tally.since) == (24, "fatalities", ("AF",), dt.date(2019, 1, 1))


def test_the_toll_of_one_attack_is_no_running_count(extractor):
    assert tallies(extractor, "The death toll from Saturday's attack has risen to 35, officials said.", "2019-07-15") == []


def test_a_running_count_marker_at_the_end_of_the_sentence(extractor):
    [tally] = tallies(extractor, "Officials said 14 people had died in the shelling so far.", "2024-02-15")
    assert (tally.count, tally.unit, tally.since, tally.speaker) == (14, "fatalities", None, "Officials")


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("A series of bombings across Iraq killed at least 35 people on Tuesday, police said.", [(35, "fatalities")]),
        ("Violence across Iraq on Monday killed at least 24 people, officials said.", [(24, "fatalities")]),
        (
            "A string of bomb attacks and shootings killed 15 people and injured 60 in northern Iraq on Thursday.",
            [(15, "fatalities"), (60, "injuries")],
        ),
    ],
)
def test_a_days_toll_of_several_acts_is_a_tally(extractor, sentence, counts):
    """_sums_acts(): the dead of a series of acts (tally_series) or of a day's violence
    (tally_wars) are summed, no one event's toll."""
    assert [(t.count, t.unit) for t in tallies(extractor, sentence, "2013-07-24")] == counts


def test_the_dead_counted_as_the_subject_of_died_since_a_year(extractor):
    """_counted_by_verb(): 'Twenty-two Israelis have died ... since 2004' counts its subject;
    one attack's dead ('Two soldiers died in the attack on Monday') are no tally."""
    found = tallies(extractor, "Twenty-two Israelis have died from rocket attacks since 2004.", "2006-11-15")
    assert [(t.count, t.unit) for t in found] == [(22, "fatalities")]
    assert tallies(extractor, "Two soldiers died in the attack on Monday.", "2006-11-15") == []


def test_the_official_is_the_official_named_before_not_a_part_of_the_count(extractor):
    """'..., most of them traumatic brain injuries, the official said.': the parser may take
    'most' for the subject; the speaker is 'the official', the one named in full before."""
    attacks, injuries = tallies(
        extractor,
        "Attacks on US forces continue\n\n"
        "According to a U.S. defense official, there have been at least 92 attacks on American troops "
        "in the region since mid-October.\n\n"
        "About 60 U.S. personnel have suffered minor injuries in the attacks, most of them traumatic "
        "brain injuries, the official said.",
        "2023-11-28",
    )
    assert (attacks.count, injuries.count, injuries.unit) == (92, 60, "injuries")
    assert attacks.speaker == injuries.speaker == "a U.S. defense official"


def test_a_toll_of_the_attacks_just_counted_runs_over_the_same_days(extractor):
    attacks, injured = tallies(
        extractor,
        "On November 20, the Pentagon reported that American military bases in Iraq and Syria were "
        "attacked 66 times since October 17. As a result of the attacks, 62 US servicemen were injured.",
        "2023-11-21",
    )
    assert (attacks.count, injured.count, injured.unit) == (66, 62, "injuries")
    assert (injured.since, injured.as_of, injured.countries) == (dt.date(2023, 10, 17), dt.date(2023, 11, 20), ("IQ", "SY"))
    assert injured.speaker == attacks.speaker


def test_a_toll_in_the_perfect_after_a_counted_toll_runs_over_the_same_days(extractor):
    dead, wounded = tallies(
        extractor,
        "The Palestinian death toll in Gaza has passed 400 since Israel launched its offensive on "
        "July 8, Gaza health officials said. More than 3,000 people have been wounded.",
        "2014-07-20",
    )
    assert (dead.count, dead.unit, dead.since) == (400, "fatalities", dt.date(2014, 7, 8))
    assert (wounded.count, wounded.unit, wounded.since, wounded.qualifier) == (3000, "injuries", dt.date(2014, 7, 8), "more_than")


def test_a_toll_in_the_perfect_of_an_act_told_with_it_is_no_tally(extractor):
    found = tallies(
        extractor,
        "The death toll in Gaza has passed 400 since July 8, officials said. Two people have been "
        "killed in an air strike on a house in Rafah.",
        "2014-07-20",
    )
    assert [t.count for t in found] == [400]


def test_the_speaker_is_on_the_report_verb_s_line_not_the_headline_above(extractor):
    # tallies._speaker_on_the_line: the parser runs the headline into the lead's subject
    [toll] = tallies(
        extractor,
        "Bomb Blasts, Shootings Kill More Than 20 People in Iraq\n\n"
        "Iraqi officials say bomb blasts and shootings have killed more than 20 people in Iraq.",
        "2006-03-24",
    )
    assert (toll.count, toll.unit, toll.speaker) == (20, "fatalities", "Iraqi officials")


def test_the_last_six_months_are_calendar_months(extractor):
    # tallies._units_before: 'over the last six months' of 17 December runs from 17 June
    [toll] = [
        t for t in tallies(
            extractor,
            "U.S. Central Command operations have resulted in 119 terrorists detained and 14 killed over "
            "the last six months.",
            "2025-12-17",
        )
        if t.unit == "fatalities"
    ]
    assert (toll.count, toll.since, toll.as_of) == (14, dt.date(2025, 6, 17), dt.date(2025, 12, 17))


def test_forces_that_came_under_attack_are_the_target_not_the_doer(extractor):
    [count] = tallies(extractor, "The Pentagon said U.S. forces had come under attack 66 times since Oct. 17.", "2023-11-24")
    assert (count.count, count.target, count.since) == (66, "United States military", dt.date(2023, 10, 17))


def test_the_source_of_a_toll_is_not_its_target(extractor):
    # mentions.is_source, mentions.governs: the ministry 'in Hamas-run Gaza' told the count
    [count] = tallies(
        extractor,
        "At least 14,800 Palestinians have been killed in Gaza since Oct. 7, according to the Health Ministry "
        "in Hamas-run Gaza.",
        "2023-11-24",
    )
    assert (count.count, count.unit, count.target, count.countries) == (14800, "fatalities", None, ("PS",))


def test_a_number_another_verb_counts_is_no_casualty(extractor):
    found = tallies(
        extractor,
        "Boko Haram's insurgency has killed more than 35,000 people and displaced over 2 million since 2009, "
        "according to the United Nations.",
        "2024-02-14",
    )
    assert [(t.count, t.unit) for t in found] == [(35000, "fatalities")]


def test_injuries_the_attacks_have_resulted_in_so_far(extractor):
    # tallies._toll_of_a_war: 'have resulted in injuries to 59' of the attacks; _is_doer: 'against U.S. forces'
    [count] = tallies(
        extractor,
        "The attacks against U.S. forces have resulted in injuries to 59 personnel, most of them minor "
        "traumatic brain injuries, a senior defense official said.",
        "2023-11-24",
    )
    assert (count.count, count.unit, count.target) == (59, "injuries", "United States military")


def test_a_past_perfect_in_a_relative_clause_makes_no_running_count(extractor):
    # tallies._is_running: 'ships that had been struck' says nothing of a count so far
    found = tallies(
        extractor,
        "The USS Carney engaged and shot down three drones in the southern Red Sea on Sunday, as the destroyer "
        "responded to distress calls from commercial ships that had been struck by Houthi missiles.",
        "2023-12-04",
    )
    assert found == []


def test_the_dead_of_acts_counted_one_by_one_are_a_total(extractor):
    # tallies._sums_acts: 'two truck bombings', counted, the subject of the verb the toll's clause hangs on
    found = extractor(Document(
        "doc",
        "On 14 October 2017, two truck bombings took place in Mogadishu, killing at least 587 people and "
        "injuring 316 others.",
        published=dt.date(2017, 10, 15),
    ))
    assert [(t.count, t.unit) for t in found.tallies] == [(587, "fatalities"), (316, "injuries")]


def test_the_dead_of_one_dated_attack_are_its_toll_not_a_count(extractor):
    # tallies._toll_of_one_act: 'in its October 7 attack', one act (not 'have been killed in the attack', a count so far)
    found = extractor(Document("doc", "Hamas killed about 1,200 people in its October 7 attack on Israel.",
                               published=dt.date(2024, 1, 10)))
    assert found.tallies == []
    assert [e.fatalities for e in found.events] == [1200]
