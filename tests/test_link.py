"""Linking: the same attack, reported by several documents, is one incident.

The mentions are coded from real reports of two attacks on coalition forces in Iraq: the
rockets on Camp Taji on 11 March 2020 (a DOD News story, the Wikipedia article) and on
Erbil on 15 February 2021 (a State Department statement, the Wikipedia article).

Two more sets come from the attacks of the winter 2019-20: rockets on K-1 Air Base near
Kirkuk on 27 December 2019 (Kataib Hezbollah; a US contractor killed), and the attacks on
Ain al-Asad Air Base in early January 2020, which later statements name only as "the
recent attack on the air base".
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

from warlog.link import (
    BACKREF_WINDOW_DAYS,
    DATE_SLACK_DAYS,
    Mention,
    Override,
    agreement,
    copy_groups,
    grade,
    link,
    partitions,
    reconcile,
    relations,
    relink,
    signature,
    year_suspects,
)
from warlog.model import Document, Extraction, Incident
from warlog.store import Store
from news import article, event_in

TAJI_DAY = dt.date(2020, 3, 11)
DOD_TAJI = "an Iranian-backed Shia militia group in Iraq launched an attack against Camp Taji yesterday"
WIKI_TAJI = "On 11 March 2020, 29 rockets impacted Camp Taji, killing two Americans, and one British soldier"
WIKI_ERBIL = "approximately fourteen rockets were fired from an area south of the city"
STATE_ERBIL = "We are outraged by today's rocket attack in the Iraqi Kurdistan Region."


def report(doc_id: str, ordinal: int = 0, **fields) -> Mention:
    """One document's coding of an attack: its key and source from the document, day
    precision, remote violence unless ``fields`` say otherwise."""
    defaults = {"event_type": "Explosions/Remote violence", "time_precision": 1}
    return Mention(key=f"{doc_id}#{ordinal}", doc_id=doc_id, source=doc_id, **{**defaults, **fields})


def taji(doc_id: str, **changes) -> Mention:
    base = report(
        doc_id,
        sub_event_type="Shelling/artillery/missile attack",
        date=TAJI_DAY,
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


def test_a_report_of_two_attacks_on_neighbouring_days_keeps_them_apart() -> None:
    """'Rockets hit Camp Taji on Wednesday night, and the base was struck again on Thursday':
    a report telling both days shows two attacks, so a report of each day joins its own,
    whatever the order; without such a report a day apart may still be a date line."""
    wire = [taji("wire"), replace(taji("wire"), key="wire#1", date=TAJI_DAY + dt.timedelta(days=1))]
    dod, local = taji("dod"), taji("local", date=TAJI_DAY + dt.timedelta(days=1))
    for order in itertools.permutations([*wire, dod, local]):
        assert together(list(order)) == [["dod#0", "wire#0"], ["local#0", "wire#1"]]
    assert together([dod, local]) == [["dod#0", "local#0"]]


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


# --------------------------------------------------------------- undated back-references

ASAD_DAY = dt.date(2020, 1, 3)
PUBLISHED = dt.date(2020, 1, 5)


def asad(doc_id: str, ordinal: int = 0, **changes) -> Mention:
    """An attack on Ain al-Asad Air Base as a dated report codes it."""
    base = report(
        doc_id,
        ordinal,
        sub_event_type="Shelling/artillery/missile attack",
        date=ASAD_DAY,
        country="IQ",
        location="Ain al-Asad Air Base",
        latitude=33.7856,
        longitude=42.4412,
        geo_precision=1,
        actor1="Kataib Hezbollah",
        actor2="United States military",
    )
    return replace(base, **changes)


def recent_attack(**changes) -> Mention:
    """'... condemned the recent attack on the air base at Ain al-Asad': no date, no attacker."""
    return asad("statement", **{"date": None, "time_precision": None, "actor1": None, "published": PUBLISHED, **changes})


def together(mentions: list[Mention]) -> list[list[str]]:
    return sorted(sorted(i.mentions) for i in link(mentions).incidents)


def test_an_undated_back_reference_joins_the_attack_before_its_publication() -> None:
    linking = link([asad("wire"), recent_attack()])
    [incident] = linking.incidents
    assert (incident.date, incident.time_precision, incident.documents) == (ASAD_DAY, 1, 2)  # the report's date
    decision = next(d for d in linking.decisions if d.key == "statement#0")
    assert decision.matched == "wire#0" and "undated, published 2 days after" in decision.reasons


def test_a_back_reference_never_joins_an_attack_after_its_publication_or_long_before_or_elsewhere() -> None:
    later = asad("later", date=dt.date(2020, 1, 8))  # the Iranian missiles came three days after the statement
    assert together([later, recent_attack()]) == [["later#0"], ["statement#0"]]
    old = asad("old", date=PUBLISHED - dt.timedelta(days=BACKREF_WINDOW_DAYS + 2))  # no longer "recent"
    assert together([old, recent_attack()]) == [["old#0"], ["statement#0"]]
    k1 = asad("k1", location="K-1 Air Base", latitude=35.5125, longitude=44.2817)  # 300 km away, same day
    assert together([k1, recent_attack()]) == [["k1#0"], ["statement#0"]]
    others = asad("others", actor2="Iraqi security forces")  # the same base, someone else's attack
    assert together([others, recent_attack()]) == [["others#0"], ["statement#0"]]
    assert together([asad("wire"), recent_attack(published=None)]) == [["statement#0"], ["wire#0"]]


def test_a_back_reference_joins_the_nearest_attack_or_none_when_it_cannot_tell() -> None:
    earlier = asad("earlier", date=dt.date(2019, 12, 20))  # an attack on the same base two weeks before
    assert together([earlier, asad("wire"), recent_attack()]) == [["earlier#0"], ["statement#0", "wire#0"]]
    # one report of two attacks on the base, a day apart: "the recent attack" may be either
    two = [asad("wire", 0, date=ASAD_DAY - dt.timedelta(days=1)), asad("wire", 1)]
    assert together([*two, recent_attack()]) == [["statement#0"], ["wire#0"], ["wire#1"]]


def test_undated_reports_of_one_attack_meet_the_attack_and_each_other() -> None:
    second = replace(recent_attack(), key="pentagon#0", doc_id="pentagon", source="pentagon",
                     published=PUBLISHED + dt.timedelta(days=1))  # fmt: skip
    assert together([asad("wire"), recent_attack(), second]) == [["pentagon#0", "statement#0", "wire#0"]]
    assert together([recent_attack(), second]) == [["pentagon#0", "statement#0"]]  # no dated report yet


def test_blocking_lets_a_back_reference_meet_its_candidates() -> None:
    """An undated mention stands at its publication: the window and a date's widest slack fit
    inside the quiet gap at which blocks are cut, so no candidate is in another partition."""
    assert BACKREF_WINDOW_DAYS + max(DATE_SLACK_DAYS.values()) <= 2 * max(DATE_SLACK_DAYS.values())
    month_old = asad("month", date=PUBLISHED - dt.timedelta(days=BACKREF_WINDOW_DAYS), time_precision=3)
    assert [sorted(m.key for m in p) for p in partitions([month_old, recent_attack()])] == [["month#0", "statement#0"]]


# --------------------------------------------------------------- a year misread

K1_DAY = dt.date(2019, 12, 27)


def k1(doc_id: str, **changes) -> Mention:
    """The rockets on K-1 Air Base, Kirkuk, by Kataib Hezbollah, as one report codes them."""
    base = report(
        doc_id,
        sub_event_type="Shelling/artillery/missile attack",
        date=K1_DAY,
        country="IQ",
        location="K-1 Air Base",
        latitude=35.5125,
        longitude=44.2817,
        geo_precision=1,
        actor1="Kataib Hezbollah",
        actor2="United States military",
        weapons=("rocket",),
    )
    return replace(base, **changes)


def test_a_date_wrong_only_in_its_year_is_suspect_not_a_veto() -> None:
    """'On December 27, more than 30 rockets ...' read in a story of 2 January 2020 as 2020."""
    misread = k1("followup", date=dt.date(2020, 12, 27), published=dt.date(2020, 1, 2))
    reports = [k1("wikipedia", published=dt.date(2019, 12, 28)), k1("dod", published=dt.date(2019, 12, 29)), misread]
    assert agreement(reports[0], misread) is None  # on its own, a year apart is a veto
    assert set(year_suspects(reports)) == {"followup#0"}
    linking = link(reports)
    [incident] = linking.incidents
    assert incident.date == K1_DAY and incident.documents == 3
    decision = next(d for d in linking.decisions if d.key == "followup#0")
    assert any(reason.startswith("year read as 2019: dated 2020-12-27") for reason in decision.reasons)


def test_two_reports_a_year_apart_on_the_same_day_link_and_publication_says_which_year() -> None:
    first, second = k1("a"), k1("b", date=dt.date(2020, 12, 27))
    assert together([first, second]) == [["a#0", "b#0"]]
    [incident] = link([first, second]).incidents
    assert incident.date == K1_DAY  # nothing to choose by: the earlier year
    # a wire story of 2 January 2020 with the misread, on two sites: one source, so the copy
    # does not confirm the year, and a date after its own publication could not be right
    misread = [k1(doc, source="wire", date=dt.date(2020, 12, 27), published=dt.date(2020, 1, 2)) for doc in "bc"]
    [incident] = link([k1("a", published=dt.date(2019, 12, 28)), *misread]).incidents
    assert (incident.date, incident.documents) == (K1_DAY, 3)


def test_genuinely_different_dates_are_not_suspect() -> None:
    other_day = k1("b", date=dt.date(2020, 11, 3))  # another year and another day: another attack
    assert year_suspects([k1("a"), other_day]) == {}
    assert together([k1("a"), other_day]) == [["a#0"], ["b#0"]]
    confirmed = [k1("a"), k1("b", date=dt.date(2020, 12, 27)), k1("c", date=dt.date(2020, 12, 28))]
    assert year_suspects(confirmed) == {"a#0": (dt.date(2020, 12, 27), year_suspects(confirmed)["a#0"][1])}
    # a second attack on the base that month makes the same day a coincidence, not a misread
    second_attack = k1("c", date=dt.date(2019, 12, 10))
    assert year_suspects([k1("a"), second_attack, k1("b", date=dt.date(2020, 12, 27))]) == {}
    # a province is no site: the same day a year apart there is chance
    province = [k1("a", geo_precision=3), k1("b", date=dt.date(2020, 12, 27), geo_precision=3)]
    assert year_suspects(province) == {}


def test_linking_does_not_depend_on_the_order_of_the_mentions() -> None:
    mentions = [
        asad("earlier", date=dt.date(2019, 12, 20)),
        asad("wire"),
        recent_attack(),
        replace(recent_attack(), key="late#0", doc_id="late", source="late", published=dt.date(2020, 1, 20)),
        k1("wikipedia"),
        k1("followup", date=dt.date(2020, 12, 27)),
        k1("dod", date=dt.date(2019, 12, 28)),
    ]
    results = set()
    for order in itertools.permutations(mentions):
        linking = link(order)
        results.add(tuple(sorted((i.incident_id, tuple(sorted(i.mentions)), i.date) for i in linking.incidents)))
    assert len(results) == 1


def houthi_strike(doc_id: str, **changes) -> Mention:
    """'US and British jets struck Houthi missile sites in Yemen on Saturday', as coded."""
    base = report(
        doc_id,
        sub_event_type="Air/drone strike",
        date=dt.date(2024, 2, 24),
        country="YE",
        actor1="United States military",
        actor2="Houthis",
        weapons=("aircraft",),
    )
    return replace(base, **changes)


def test_a_member_and_its_umbrella_are_no_conflict_but_two_members_are() -> None:
    """'Coalition forces struck ...' in one statement, 'US jets struck ...' in another: one strike."""
    us, coalition = houthi_strike("pentagon"), houthi_strike("statement", actor1="Coalition forces")
    score, reasons = agreement(us, coalition)
    assert "actor1: one part of the other" in reasons and score == agreement(us, replace(coalition, actor1=None))[0]  # type: ignore[index]
    assert len(link([us, coalition]).incidents) == 1
    undated = replace(coalition, date=None, time_precision=None, published=dt.date(2024, 2, 25))
    assert len(link([us, undated]).incidents) == 1  # a back-reference: no actor may differ
    british = houthi_strike("london", actor1="United Kingdom military")
    assert "actor1 differs" in agreement(us, british)[1]  # type: ignore[index]  # both in the coalition: not alike
    assert grade([us, coalition]) == "multiple"  # not contested: the coalition did it, led by the US
    assert grade([us, british]) == "contested"


def test_a_back_reference_naming_only_the_target_joins_the_one_strike_on_it() -> None:
    """'Last weekend's strikes on Houthi sites in western Yemen degraded their arsenal', in a
    briefing days later: no date, no striker, a region where the dated report gives only the
    country. The target in common carries it when no other strike on the Houthis is as near."""
    dated = houthi_strike("pentagon")
    briefing = houthi_strike("briefing", date=None, time_precision=None, published=dt.date(2024, 2, 28),
                             actor1=None, sub_event_type=None, weapons=("unspecified",), location="western Yemen",
                             latitude=15.5, longitude=43.5, geo_precision=3)  # fmt: skip
    score, reasons = agreement(dated, briefing)  # type: ignore[misc]
    assert score < 3 and "same actor2" in reasons
    assert together([dated, briefing]) == [["briefing#0", "pentagon#0"]]
    earlier = houthi_strike("wire", date=dt.date(2024, 2, 20))  # the nearest strike is the one meant
    assert together([earlier, dated, briefing]) == [["briefing#0", "pentagon#0"], ["wire#0"]]
    # one report of two strikes a day apart: "last weekend's strikes" may be either
    two = [houthi_strike("wire"), replace(houthi_strike("wire"), key="wire#1", date=dt.date(2024, 2, 25))]
    assert together([*two, briefing]) == [["briefing#0"], ["wire#0"], ["wire#1"]]
    militia = replace(briefing, actor2="Kataib Hezbollah")  # nothing in common: another strike
    assert together([dated, militia]) == [["briefing#0"], ["pentagon#0"]]


def shaybah(doc_id: str, **changes) -> Mention:
    """'Houthi drones set fire to a gas plant at the Shaybah oil field', the field not in the
    gazetteer: the country is read from the story, which may be the accused's."""
    base = report(
        doc_id,
        sub_event_type="Air/drone strike",
        date=dt.date(2019, 8, 17),
        country="SA",
        location="Shaybah",
        latitude=24.0,
        longitude=45.0,
        geo_precision=4,
        actor1="Houthis",
        weapons=("drone",),
    )
    return replace(base, **changes)


def test_the_same_unresolved_place_name_outweighs_a_guessed_country() -> None:
    """One report places the unresolved 'Shaybah' in Iran (the story blames Iran's allies),
    another in Saudi Arabia: the name and the attacker in common make it one attack."""
    guessed = shaybah("tehran", country="IR", location="shaybah", latitude=32.0, longitude=53.0)
    assert "same place name (Shaybah): the countries a guess" in agreement(shaybah("riyadh"), guessed)[1]  # type: ignore[index]
    assert together([shaybah("riyadh"), guessed]) == [["riyadh#0", "tehran#0"]]
    other_field = replace(guessed, location="Abqaiq")  # another name: the countries stand
    assert together([shaybah("riyadh"), other_field]) == [["riyadh#0"], ["tehran#0"]]
    nobody = replace(guessed, actor1=None)  # the name alone does not overrule a country
    assert together([shaybah("riyadh"), nobody]) == [["riyadh#0"], ["tehran#0"]]
    found = replace(guessed, geo_precision=1)  # both found by the gazetteer: two places of one name
    assert together([replace(shaybah("riyadh"), geo_precision=1), found]) == [["riyadh#0"], ["tehran#0"]]


def test_an_unplaced_report_joins_the_placed_incident_it_agrees_with() -> None:
    """'Commanders took every step during the missile attack by Iran' (base unread, no
    country) is the attack on Ain al-Asad that day, unless another attack that day fits as well."""
    unread = asad("pentagon", country=None, location=None, latitude=None, longitude=None, geo_precision=None,
                  actor1="Iranian military", actor2=None, weapons=("missile",))  # fmt: skip
    placed = asad("wire", actor1="Islamic Revolutionary Guard Corps", weapons=("missile",))
    [incident] = link([placed, unread]).incidents
    assert sorted(incident.mentions) == ["pentagon#0", "wire#0"] and incident.country == "IQ"
    erbil = asad("wire", 1, location="Erbil", latitude=36.19, longitude=44.01, actor1="Islamic Revolutionary Guard Corps",
                 weapons=("missile",))  # fmt: skip
    assert together([placed, erbil, unread]) == [["pentagon#0"], ["wire#0"], ["wire#1"]]  # which base? a coin toss
    elsewhere = replace(unread, country="SY")  # a country, even with no place, is a place
    assert together([placed, elsewhere]) == [["pentagon#0"], ["wire#0"]]
    another_day = replace(unread, date=ASAD_DAY + dt.timedelta(days=3))
    assert together([placed, another_day]) == [["pentagon#0"], ["wire#0"]]


def test_the_same_unresolved_place_name_is_evidence_of_one_place() -> None:
    """'the suicide attack at Abbey Gate' four years on (the gate not in the gazetteer) and the
    day's report placing it at the gate (found near the airport): the name is the place in
    common, though one names the dead troops and the other the civilians."""
    day = dt.date(2021, 8, 26)
    placed = report("centcom", sub_event_type="Suicide bomb", date=day, country="AF", location="Abbey Gate",
                    latitude=34.56, longitude=69.21, geo_precision=2, actor2="United States military",
                    weapons=("ied",))  # fmt: skip
    anniversary = replace(placed, key="dod#0", doc_id="dod", source="dod", latitude=33.9, longitude=67.7,
                          geo_precision=4, actor2="Civilians")  # fmt: skip
    score, reasons = agreement(anniversary, placed)  # type: ignore[misc]
    assert score >= 3 and "same place name (Abbey Gate): the countries a guess" in reasons
    assert together([placed, anniversary]) == [["centcom#0", "dod#0"]]
    elsewhere = replace(anniversary, location="Baron Hotel")  # another name: no evidence of one place
    assert together([placed, elsewhere]) == [["centcom#0"], ["dod#0"]]


def test_an_airstrike_and_a_drone_strike_may_be_one_strike() -> None:
    """'an airstrike that killed Soleimani' and 'a U.S. drone strike that killed Soleimani in
    Baghdad': ACLED's Air/drone strike holds both; aircraft and drone are no conflict of weapons."""
    airstrike = report("dod", sub_event_type="Air/drone strike", date=dt.date(2020, 1, 3), country="IQ",
                       actor1="United States military", actor2="Islamic Revolutionary Guard Corps",
                       weapons=("aircraft",))  # fmt: skip
    drone = replace(airstrike, key="voa#0", doc_id="voa", source="voa", weapons=("drone",))
    score, reasons = agreement(airstrike, drone)  # type: ignore[misc]
    assert "both from the air" in reasons and "no weapon in common" not in reasons
    rockets = replace(drone, weapons=("rocket",))
    assert agreement(airstrike, rockets)[0] == score - 1.0  # type: ignore[index]


def test_an_incident_opened_a_day_early_joins_the_one_it_fits_once_that_is_told() -> None:
    """'an airstrike that killed Soleimani' dated 2 January (US time) by two releases opens an
    incident the Baghdad reports of the 3rd do not join (one names Kataib Hezbollah as struck);
    the report that fits both comes after them and joins the closer. The releases' incident then
    fits the whole: one strike, whatever order the reports came in."""
    soleimani = {"sub_event_type": "Air/drone strike", "country": "IQ", "actor1": "United States military"}
    releases = [report(doc, date=dt.date(2020, 1, 2), actor2="Islamic Revolutionary Guard Corps", weapons=("aircraft",),
                       **{**soleimani, "actor1": None}) for doc in ("dod", "dod_copy")]  # fmt: skip
    wire = report("afp", date=dt.date(2020, 1, 3), location="Baghdad International Airport", latitude=33.26,
                  longitude=44.23, geo_precision=2, actor2="Kataib Hezbollah", weapons=("aircraft",),
                  **soleimani)  # fmt: skip
    voa = report("voa", date=dt.date(2020, 1, 3), location="Baghdad", latitude=33.31, longitude=44.36,
                 geo_precision=1, actor2="Islamic Revolutionary Guard Corps", weapons=("drone",),
                 **soleimani)  # fmt: skip
    assert agreement(releases[0], wire)[0] < 3 <= agreement(releases[0], voa)[0]  # type: ignore[index]
    assert together([*releases, wire, voa]) == [["afp#0", "dod#0", "dod_copy#0", "voa#0"]]
    linking = link([*releases, wire, voa])
    assert "its incident joined one it fits" in next(d for d in linking.decisions if d.key == "dod#0").reasons


def test_an_untyped_attack_may_be_the_battle_another_report_tells() -> None:
    """'killed and wounded during the al-Shabaab attack on Forward Operating Base Leego on June 26'
    (the means untold: remote violence, no sub-type) is the assault a wire tells as fighting at
    the base: one incident, a battle. An interception is never an untyped attack's other telling."""
    day = dt.date(2015, 6, 26)
    fight = report("wire", event_type="Battles", sub_event_type="Armed clash", date=day, country="SO",
                   location="Leego", latitude=3.0, longitude=44.6, geo_precision=1, actor1="al-Shabaab",
                   actor2="Burundian military", weapons=("small_arms",))  # fmt: skip
    condolences = replace(fight, key="embassy#0", doc_id="embassy", source="embassy",
                          event_type="Explosions/Remote violence", sub_event_type=None,
                          weapons=("unspecified",))  # fmt: skip
    assert agreement(fight, condolences) is not None
    [incident] = link([fight, condolences]).incidents
    assert sorted(incident.mentions) == ["embassy#0", "wire#0"] and incident.event_type == "Battles"
    shelled = replace(condolences, sub_event_type="Shelling/artillery/missile attack", weapons=("artillery",))
    assert agreement(fight, shelled) is None  # its means told: another act
    downed = replace(fight, event_type="Strategic developments", sub_event_type="Disrupted weapons use")
    assert agreement(downed, condolences) is None
