"""Event extraction, rule by rule, on real sentences from news reports.

The sentences are from the bundled example articles (November 2023) and from public
statements of other wars; each test names the rule it shows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from warlog.extract import RuleExtractor, build_extractor
from warlog.model import Document, EventMention


@pytest.fixture(scope="module")
def extractor() -> RuleExtractor:
    return build_extractor()


def events(extractor: RuleExtractor, text: str, published: str | None = "2023-11-24") -> list[EventMention]:
    date = dt.date.fromisoformat(published) if published else None
    return extractor(Document("doc", text, published=date)).events


def test_an_air_strike_is_coded_with_its_actors_weapon_and_quantity(extractor):
    [event] = events(
        extractor,
        "The US Air Force carried out two airstrikes on two targets in Syria that belong to "
        "pro-Iranian groups.",
        "2023-11-12",
    )
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert (event.actor1, event.actor2) == ("United States military", "Iran-aligned militias")
    assert (event.country, event.geo_precision) == ("SY", 4)
    assert event.weapons == ("aircraft",)
    assert (event.quantity, event.outcome) == (2, "hit")


def test_three_events_in_one_sentence_each_with_its_place_and_weapon(extractor):
    found = events(
        extractor,
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


def test_a_list_of_attacked_sites_is_one_event_per_place(extractor):
    found = events(
        extractor,
        "Earlier it was reported that three American military facilities were attacked in Syria "
        "- the al-Tanf and al-Shadadi bases, as well as the al-Omar oil field.",
    )
    assert [e.location for e in found] == ["al-Tanf", "al-Shaddadi", "al-Omar oil field"]
    assert all(e.weapons == ("unspecified",) and e.sub_event_type is None for e in found)
    assert all(e.date is None and e.quantity is None for e in found)


def test_the_target_is_the_place_not_the_launch_site(extractor):
    [event] = events(
        extractor,
        "In addition, in Iraq, several drones were launched from the Ain al-Asad air base west "
        "of Baghdad in the direction of the deployment of US forces near Erbil airport in the "
        "north of the country.",
    )
    assert (event.location, event.country, event.geo_precision) == ("Erbil airport", "IQ", 2)
    assert event.actor2 == "United States military"


def test_a_claim_in_a_later_sentence_names_the_earlier_attacks_perpetrator(extractor):
    found = events(
        extractor,
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


def test_a_day_after_dates_the_earlier_strike_and_a_follow_up_sentence_gives_its_dead(extractor):
    found = events(
        extractor,
        "Drones were launched at US forces near Erbil airport on Thursday, November 23.\n\n"
        "The attacks came a day after US strikes against the Iran-aligned Kataib Hezbollah "
        "militant group. Then 8 people were killed.",
    )
    strike = found[-1]
    assert (strike.actor1, strike.actor2) == ("United States military", "Kataib Hezbollah")
    assert strike.date == dt.date(2023, 11, 22)
    assert strike.fatalities == 8
    assert strike.country == "IQ"  # where the group it struck is based, as nothing else is said


def test_a_later_sentence_dates_the_strikes_told_before(extractor):
    [event] = events(
        extractor,
        "The US Air Force carried out two airstrikes on two targets in Syria. One of the targets "
        "was a command post, the agency's interlocutor added, adding that the strikes took place "
        "over the past few hours.",
        "2023-11-12",
    )
    assert (event.date, event.time_precision) == (dt.date(2023, 11, 12), 1)


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
    ],
    ids=["threat", "condemnation", "summary", "habit", "hypothetical", "politics", "sport", "lawsuit"],
)
def test_what_is_not_an_event(extractor, sentence):
    assert events(extractor, sentence) == []


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


def test_casualties_and_a_weekday_in_another_war(extractor):
    [event] = events(
        extractor,
        "Russian forces shelled Kharkiv overnight, killing three civilians and wounding 12, "
        "regional governor Oleh Syniehubov said.",
        "2024-05-20",
    )
    assert (event.actor1, event.location, event.country) == ("Russian military", "Kharkiv", "UA")
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert (event.fatalities, event.injuries, event.outcome) == (3, 12, "hit")
    assert event.date == dt.date(2024, 5, 19)  # overnight: the night before the report


def test_an_interception_names_the_side_that_shot_down(extractor):
    [event] = events(
        extractor,
        "Ukrainian air defenses shot down 21 of 24 Shahed drones launched by Russia overnight, the "
        "Ukrainian Air Force said.",
        "2024-06-01",
    )
    assert (event.event_type, event.sub_event_type) == ("Strategic developments", "Disrupted weapons use")
    assert (event.actor1, event.outcome, event.weapons) == ("Ukrainian military", "intercepted", ("drone",))


def test_a_weekday_resolves_to_the_last_such_day_before_the_report(extractor):
    [event] = events(
        extractor,
        "Israeli warplanes struck a Hezbollah weapons depot near Nabatieh in southern Lebanon on "
        "Monday, the Israel Defense Forces said.",
        "2024-09-24",
    )
    assert (event.actor1, event.actor2) == ("Israel Defense Forces", "Hezbollah")
    assert (event.date, event.country, event.location) == (dt.date(2024, 9, 23), "LB", "Nabatieh")
    assert event.geo_precision == 2  # near the town


def test_every_field_carries_the_words_it_was_read_from(extractor):
    text = "Drones struck the US base in Al-Tanf in Syria on October 26."
    [event] = events(extractor, text)
    assert text[event.evidence.start : event.evidence.end] == event.evidence_text
    assert event.evidence.quote(text) in text
    quoted = {name: span.quote(text) for name, span in event.spans.items()}
    assert quoted["location"] == "Al-Tanf"
    assert quoted["date"] == "October 26"
    assert quoted["actor2"] == "US base"
    assert quoted["weapons.drone"] == "Drones"


def test_a_document_without_a_date_resolves_against_a_stated_default(extractor):
    result = extractor(Document("doc", "Drones struck the US base in Al-Tanf in Syria yesterday."))
    [event] = result.events
    assert event.date == extractor.anchor(Document("doc", "x")) - dt.timedelta(days=1)
    assert result.notes and "no publication date" in result.notes[0]


def test_the_entity_ruler_fixes_names_the_small_model_mistypes(extractor):
    doc = extractor.nlp("Drones struck the US base in Al-Tanf and al-Shadadi; Kataib Hezbollah claimed it.")
    labels = {ent.text: (ent.label_, ent.ent_id_) for ent in doc.ents}
    assert labels["Al-Tanf"] == ("FAC", "place:al-Tanf")
    assert labels["al-Shadadi"] == ("FAC", "place:al-Shaddadi")
    assert labels["Kataib Hezbollah"] == ("ORG", "actor:Kataib Hezbollah")


def test_an_attack_on_a_base_targets_the_forces_stationed_there(extractor):
    [event] = events(
        extractor,
        "On 11 March 2020, 29 rockets impacted Camp Taji, killing two American soldiers.",
        "2020-03-12",
    )
    assert (event.location, event.country) == ("Camp Taji", "IQ")
    assert event.actor2 == "United States military"  # places.yaml: hosts
    assert (event.weapons, event.fatalities, event.outcome) == (("rocket",), 2, "hit")


def test_a_press_release_dateline_and_a_time_zone_are_not_the_place(extractor):
    [event] = events(
        extractor,
        "TAMPA, Fla. - At approximately 0830 (Sanaa time) on December 13, Houthi forces fired a "
        "ballistic missile at a tanker in the southern Red Sea.",
        "2023-12-14",
    )
    assert (event.actor1, event.date) == ("Houthis", dt.date(2023, 12, 13))
    assert event.location in {"Red Sea", "southern Red Sea"}
    assert event.country == "YE"  # at sea, filed under the coastal state of the armed group, as ACLED does


def test_a_doer_the_parser_left_without_a_verb_is_the_actor_named_before_it(extractor):
    [event, *_] = events(
        extractor,
        "On 8 January 2020, in a military operation code named Operation Martyr Soleimani, Iran's "
        "Islamic Revolutionary Guard Corps launched numerous ballistic missiles at the Ayn al-Asad "
        "airbase in Al Anbar Governorate, western Iraq.",
        "2020-01-09",
    )
    assert event.actor1 == "Islamic Revolutionary Guard Corps"
    assert (event.location, event.actor2) == ("Ain al-Asad air base", "United States military")
    assert (event.date, event.weapons) == (dt.date(2020, 1, 8), ("missile",))


def test_a_group_saying_it_struck_is_the_doer_and_the_claimant(extractor):
    [event] = events(
        extractor,
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


def test_a_state_announcing_its_own_strike_is_the_doer_not_a_claimant(extractor):
    [event] = events(
        extractor,
        "The US military said it struck three facilities used by Kataib Hezbollah in Iraq on Tuesday.",
        "2024-01-29",
    )
    assert (event.actor1, event.actor2, event.claimed_by) == (
        "United States military",
        "Kataib Hezbollah",
        None,
    )


def test_attacks_counted_in_times_on_one_day_are_a_summary(extractor):
    assert events(
        extractor,
        "US forces were attacked at least four times in Iraq and Syria on Wednesday, a US official said.",
        "2024-01-29",
    ) == []
