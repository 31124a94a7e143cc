"""Linking: the same attack, reported by several documents, is one incident.

The mentions are coded from real reports of two attacks on coalition forces in Iraq: the
rockets on Camp Taji on 11 March 2020 (a DOD News story, the Wikipedia article) and on
Erbil on 15 February 2021 (a State Department statement, the Wikipedia article).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from warlog.link import (
    Mention,
    Override,
    agreement,
    copy_groups,
    grade,
    link,
    reconcile,
    relations,
    relink,
    signature,
)
from warlog.model import Document, Extraction, Incident
from warlog.store import Store
from news import article, event_in

TAJI_DAY = dt.date(2020, 3, 11)
DOD_TAJI = "an Iranian-backed Shia militia group in Iraq launched an attack against Camp Taji yesterday"
WIKI_TAJI = "On 11 March 2020, 29 rockets impacted Camp Taji, killing two Americans, and one British soldier"
WIKI_ERBIL = "approximately fourteen rockets were fired from an area south of the city"
STATE_ERBIL = "We are outraged by today's rocket attack in the Iraqi Kurdistan Region."


def taji(doc_id: str, **changes) -> Mention:
    base = Mention(
        key=f"{doc_id}#0",
        doc_id=doc_id,
        source=doc_id,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date=TAJI_DAY,
        time_precision=1,
        country="IQ",
        location="Camp Taji",
        latitude=33.5333,
        longitude=44.2667,
        geo_precision=1,
        actor1="Kataib Hezbollah",
        actor2="Coalition forces",
        weapons=("rocket",),
        fatalities=3,
    )
    return replace(base, **changes)


def test_two_reports_of_one_attack_are_one_incident() -> None:
    dod = taji("005_dod", actor1="Iran-aligned militias", weapons=("unspecified",), injuries=14)
    wikipedia = taji("006_wikipedia", actor1=None, injuries=14)
    score, reasons = agreement(dod, wikipedia)
    assert score >= 3 and "same day" in reasons and "same site (0 km)" in reasons
    [incident] = link([dod, wikipedia]).incidents
    assert (incident.mentions, incident.documents, incident.sources) == (["005_dod#0", "006_wikipedia#0"], 2, 2)
    assert (incident.location, incident.fatalities, incident.grade) == ("Camp Taji", 3, "multiple")


def test_a_day_apart_at_the_same_base_still_merges() -> None:
    """'yesterday' read against a date line a day off: dates of day precision may differ by one."""
    later = taji("b", date=TAJI_DAY + dt.timedelta(days=1))
    assert len(link([taji("a"), later]).incidents) == 1


def test_known_dates_or_places_that_conflict_never_merge() -> None:
    second_attack = taji("b", date=dt.date(2020, 3, 14))  # Camp Taji was hit again three days later
    assert agreement(taji("a"), second_attack) is None
    erbil = taji("c", location="Erbil", latitude=36.19, longitude=44.01)  # 300 km north, same day
    assert agreement(taji("a"), erbil) is None
    syria = taji("d", country="SY")
    assert agreement(taji("a"), syria) is None
    assert len(link([taji("a"), second_attack, erbil, syria]).incidents) == 4


def test_one_documents_events_are_never_merged() -> None:
    assert agreement(taji("a"), replace(taji("a"), key="a#1")) is None


def test_an_incident_needs_every_report_to_agree_not_a_chain() -> None:
    """A week-precise report sits between two day-precise ones four days apart: no chaining."""
    first = taji("a", geo_precision=3, location="Baghdad Governorate")
    vague = taji("b", date=TAJI_DAY + dt.timedelta(days=2), time_precision=2, geo_precision=3)
    other = taji("c", date=TAJI_DAY + dt.timedelta(days=4), geo_precision=3)
    incidents = link([first, vague, other]).incidents
    assert len(incidents) == 2


def test_fatalities_are_reconciled_low_best_high_and_the_acled_choice() -> None:
    reports = [taji("a", fatalities=2), taji("b", fatalities=3), taji("c", fatalities=5)]
    incident = reconcile(reports)
    assert (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high) == (2, 3, 5)
    assert incident.fatalities == 2  # ACLED codes the lowest reported


def test_the_most_precise_date_and_place_win() -> None:
    vague = taji("a", date=dt.date(2020, 3, 9), time_precision=2, geo_precision=4, location=None)
    precise = taji("b")
    incident = reconcile([vague, precise])
    assert (incident.date, incident.location, incident.geo_precision) == (TAJI_DAY, "Camp Taji", 1)


def test_grades_after_airwars() -> None:
    assert grade([taji("a")]) == "single"
    assert grade([taji("a"), taji("b")]) == "multiple"
    assert grade([taji("a", source="wire"), taji("b", source="wire")]) == "single"  # copies: one source
    assert grade([taji("a", claimed_by="Kataib Hezbollah")]) == "confirmed"
    assert grade([taji("a"), taji("b", actor1="Islamic State")]) == "contested"


def test_a_wire_story_on_two_sites_is_one_source() -> None:
    story = (
        "Two U.S. service members and a British soldier were killed and 14 others were wounded when "
        "an Iranian-backed Shia militia group in Iraq launched an attack against Camp Taji yesterday, "
        "DOD officials said today. Defense Secretary Dr. Mark T. Esper said officials in Iraq know who "
        "launched the attack and that group will not escape justice."
    )
    groups = copy_groups(
        {
            "defense.gov": signature(story),
            "army.mil": signature("WASHINGTON — " + story + " (Army News Service)"),
            "wikipedia": signature(
                "The 2020 Camp Taji attacks were rocket attacks that took place on 11 March and 14 March "
                "2020, targeting Camp Taji, north of Baghdad, in Baghdad Governorate."
            ),
        }
    )
    assert groups == {"army.mil": "army.mil", "defense.gov": "army.mil", "wikipedia": "wikipedia"}


def test_a_person_can_split_and_merge_and_it_is_replayed() -> None:
    mentions = [taji("a"), taji("b"), taji("c", date=dt.date(2020, 3, 14))]
    split = Override("split", ("b#0",), ("a#0",))
    assert sorted(i.mentions for i in link(mentions, [split]).incidents) == [["a#0"], ["b#0"], ["c#0"]]
    merge = Override("merge", ("a#0", "c#0"))
    linking = link(mentions, [split, merge])
    assert sorted(i.mentions for i in linking.incidents) == [["a#0", "c#0"], ["b#0"]]
    merged = next(d for d in linking.decisions if d.key == "c#0")
    assert merged.reasons == ("merged by a person",)
    stale = Override("merge", ("gone#0", "gone#1"))
    assert link(mentions, [stale]).stale == [stale]


def taji_reports() -> list[tuple[Document, Extraction]]:
    dod = article("005_dod", DOD_TAJI + ", DOD officials said today.", published=dt.date(2020, 3, 12))
    wikipedia = article("006_wikipedia", WIKI_TAJI + ".", published=dt.date(2020, 3, 14))
    common = dict(
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date=TAJI_DAY,
        time_precision=1,
        country="IQ",
        location="Camp Taji",
        latitude=33.5333,
        longitude=44.2667,
        geo_precision=1,
        actor2="Coalition forces",
    )
    return [
        (dod, Extraction(events=[event_in(dod, DOD_TAJI, actor1="Iran-aligned militias", **common)])),
        (wikipedia, Extraction(events=[event_in(wikipedia, WIKI_TAJI, weapons=("rocket",), fatalities=3, **common)])),
    ]


def test_the_store_keeps_incidents_and_a_persons_split_survives_relinking(store: Store) -> None:
    for document, extraction in taji_reports():
        store.add(document, extraction, "test")
    [incident] = relink(store).incidents
    assert store.counts()["incidents"] == 1
    assert {e.incident for e in store.events()} == {incident.incident_id}
    assert [d.reasons[0] for d in store.decisions(incident.incident_id)] == ["opens the incident", "same day"]

    store.add_override(Override("split", ("006_wikipedia#0",), ("005_dod#0",)))
    relink(store)
    relink(store)  # again: the split is replayed, not forgotten
    found = store.incidents()
    assert sorted(i.mentions for i in found) == [["005_dod#0"], ["006_wikipedia#0"]]
    assert {i.grade for i in found} == {"single"}


def strike(incident_id: str, key: str, day: dt.date, actor1: str, actor2: str, country: str = "IQ") -> Incident:
    return Incident(incident_id, "Explosions/Remote violence", "Air/drone strike", mentions=[key], date=day,
                    country=country, actor1=actor1, actor2=actor2, sources=1)  # fmt: skip


def test_a_day_after_links_the_attacks_to_the_strike_they_followed() -> None:
    """Example 003: 'The attacks came a day after US strikes against ... Kataib Hezbollah.'"""
    sentence = "The attacks came a day after US strikes against the Iran-aligned Kataib Hezbollah militant group."
    nov_22, nov_23 = dt.date(2023, 11, 22), dt.date(2023, 11, 23)
    us_strikes = strike("strikes", "003#2", nov_22, "United States military", "Kataib Hezbollah")
    in_syria = strike("syria", "003#0", nov_23, "Islamic Resistance in Iraq", "United States military", "SY")
    in_iraq = strike("iraq", "003#1", nov_23, "Islamic Resistance in Iraq", "United States military")
    other_story = strike("other", "999#0", nov_23, "Islamic Resistance in Iraq", "United States military")
    start = sentence.index("US strikes")
    found = relations([us_strikes, in_syria, in_iraq, other_story], {"003#2": (sentence, start, len(sentence))})
    assert [(r.source, r.target, r.kind, r.cue) for r in found] == [
        ("iraq", "strikes", "after", "a day after"),
        ("syria", "strikes", "after", "a day after"),
    ]


def test_a_response_links_to_the_earlier_attack_on_the_responder() -> None:
    sentence = "U.S. forces conducted strikes on three facilities in Iraq in response to the attack on Camp Taji."
    taji_attack = strike("taji", "005#0", TAJI_DAY, "Kataib Hezbollah", "United States military")
    answer = strike("answer", "009#0", TAJI_DAY + dt.timedelta(days=1), "United States military", "Kataib Hezbollah")
    unrelated = strike("unrelated", "010#0", TAJI_DAY, "Islamic State", "Iraqi security forces")
    found = relations([taji_attack, answer, unrelated], {"009#0": (sentence, 0, sentence.index(" in response"))})
    assert [(r.source, r.target, r.kind) for r in found] == [("answer", "taji", "in_response_to")]


def test_an_undated_report_is_dated_by_its_publication_within_a_month() -> None:
    """A statement that names no day ('the attack on Camp Taji') still meets the dated reports."""
    undated = taji("statement", date=None, time_precision=None, published=TAJI_DAY + dt.timedelta(days=2))
    [incident] = link([taji("a"), undated]).incidents
    assert (incident.date, incident.time_precision) == (TAJI_DAY, 1)  # the precise date wins
    assert len(link([taji("a"), replace(undated, published=None)]).incidents) == 2
