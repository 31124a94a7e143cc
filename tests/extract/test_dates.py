"""When: dates of clauses, weekdays, day words, back-references, the anchor without a publication date.

The rules are in warlog/extract/dates.py. Real sentences from news reports; each test names the rule it shows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from warlog.model import Document


def test_a_later_sentence_dates_the_strikes_told_before(events):
    [event] = events(
        "The US Air Force carried out two airstrikes on two targets in Syria. One of the targets "
        "was a command post, the agency's interlocutor added, adding that the strikes took place "
        "over the past few hours.",
        "2023-11-12",
    )
    assert (event.date, event.time_precision) == (dt.date(2023, 11, 12), 1)


def test_a_weekday_resolves_to_the_last_such_day_before_the_report(events):
    [event] = events(
        "Israeli warplanes struck a Hezbollah weapons depot near Nabatieh in southern Lebanon on "
        "Monday, the Israel Defense Forces said.",
        "2024-09-24",
    )
    assert (event.actor1, event.actor2) == ("Israel Defense Forces", "Hezbollah")
    assert (event.date, event.country, event.location) == (dt.date(2024, 9, 23), "LB", "Nabatieh")
    assert event.geo_precision == 2  # near the town


def test_a_document_without_a_date_resolves_against_a_stated_default(extractor):
    result = extractor(Document("doc", "Drones struck the US base in Al-Tanf in Syria yesterday."))
    [event] = result.events
    assert event.date == extractor.anchor(Document("doc", "x")) - dt.timedelta(days=1)
    assert result.notes and "no publication date" in result.notes[0]


def test_a_dateline_is_the_report_s_day_not_the_strike_s(events):
    [event] = events(
        "BAGHDAD, March 5, 2024 — Coalition aircraft struck an Islamic State hideout near Hawija "
        "yesterday, officials said.",
        "2024-03-05",
    )
    assert (event.date, event.time_precision) == (dt.date(2024, 3, 4), 1)


def test_a_week_without_a_day_leaves_the_date_null(events):
    [event] = events("Militants fired rockets at a base near Erbil earlier this week, the ministry said.", "2024-03-07")
    assert event.location == "Erbil"
    assert (event.date, event.time_precision) == (None, None)


def test_an_earlier_strike_does_not_take_the_sentence_s_day(events):
    drones, strike = events(
        "On Sunday, Iran fired drones at Israel in retaliation for an earlier Israeli strike on its "
        "embassy in Damascus.",
        "2024-04-16",
    )
    assert drones.date == dt.date(2024, 4, 14)
    assert (strike.location, strike.date) == ("Damascus", None)


def test_what_had_happened_before_does_not_take_the_running_date(events):
    attack, bombing = events(
        "Gunmen attacked a police post in Maiduguri on Monday, killing four officers.\n\n"
        "On Tuesday, the army said its jets had bombed Boko Haram camps near Gwoza.",
        "2024-03-07",
    )
    assert attack.date == dt.date(2024, 3, 4)
    assert (bombing.location, bombing.date) == ("Gwoza", None)


def test_in_24_hours_counts_back_from_the_report(events):
    [event] = events(
        "A Greek-owned tanker was hit for the second time in 24 hours by a missile fired from Yemen "
        "into the Red Sea.",
        "2024-07-02",
    )
    assert (event.date, event.time_precision) == (dt.date(2024, 7, 2), 1)


def test_a_response_does_not_take_the_day_of_the_attack_it_answers(events):
    attack, response = events(
        "On March 3, militants fired rockets at a US base near Erbil, wounding two soldiers. "
        "The US military retaliated by striking militia weapons depots in eastern Syria with F-16 jets, "
        "the Pentagon said.",
        "2024-03-08",
    )
    assert attack.date == dt.date(2024, 3, 3)
    assert (response.date, response.country) == (None, "SY")


def test_the_day_of_the_attack_answered_is_not_the_strike_s(events):
    [strike] = events(
        "US jets bombed militia weapons depots near Al-Qaim in response to Sunday's drone attack, "
        "officials said.",
        "2024-03-08",
    )
    assert strike.location == "Al-Qaim"
    assert strike.date is None


def test_a_day_told_of_one_attack_does_not_run_on_to_the_next_story(events):
    found = events(
        "Police said three officers were among those killed in Tuesday's attack in Tal Afar. "
        "In Mosul, a car bomb killed five people at a police checkpoint.",
        "2008-05-08",
    )
    bomb = next(e for e in found if e.location == "Mosul")
    assert bomb.fatalities == 5
    assert bomb.date is None


def test_a_sentence_sharing_out_a_set_told_before_does_not_take_the_running_day(events):
    first, shared = events(
        "On Sunday, Houthi forces fired a cruise missile at a tanker in the Red Sea. It was the fourth "
        "missile launched at shipping in two days. Three of those missiles struck merchant ships off Hodeidah.",
        "2024-02-20",
    )
    assert first.date == dt.date(2024, 2, 18)
    assert (shared.location, shared.date, shared.time_precision) == ("Hodeidah", None, None)  # either of the two days


def test_what_went_on_over_several_days_begins_on_the_first(extractor):
    from spacy.tokens import Span

    from warlog import timex
    from warlog.extract.dates import first_day

    doc = extractor.nlp("Shelling of the port went on over 5 and 6 June, the governor said.")
    first, last = next(t for t in doc if t.text == "5"), next(t for t in doc if t.text == "6")
    doc.ents = [Span(doc, first.i, first.i + 1, "DATE"), Span(doc, last.i, last.i + 2, "DATE")]  # as the parser often tags it
    resolved = timex.resolve("6 June", dt.date(2024, 6, 8))
    date, words = first_day(resolved, doc.ents[1])
    assert (date.date, date.precision, words.text) == (dt.date(2024, 6, 5), 1, "5 and 6 June")


def test_two_days_in_one_date_begin_on_the_first(events):
    [event] = events(
        "Artillery shelled the outskirts of Kharkiv on 3 and 4 March, killing two civilians, the governor said.",
        "2024-03-06",
    )
    assert (event.date, event.time_precision) == (dt.date(2024, 3, 3), 1)


def test_the_night_of_a_day_is_that_day(events):
    [event] = events("Militants ambushed a convoy near Kidal on the night of 12 October, killing five soldiers.", "2023-10-15")
    assert (event.location, event.date, event.time_precision) == ("Kidal", dt.date(2023, 10, 12), 1)


@pytest.mark.parametrize(
    ("text", "second_place", "second_day"),
    [
        ("Gunmen attacked a church in Kaduna on Monday. Two days later, gunmen attacked a mosque in Zaria, "
         "killing six people.", "Zaria", dt.date(2024, 3, 6)),
        ("Insurgents bombed a market in Mogadishu on Monday. The following day, a roadside bomb killed two "
         "soldiers in Afgoye.", "Afgoye", dt.date(2024, 3, 5)),
    ],
)
def test_days_later_count_on_from_the_running_day(events, text, second_place, second_day):
    first, second = events(text, "2024-03-08")
    assert (first.date, second.location, second.date) == (dt.date(2024, 3, 4), second_place, second_day)


def test_the_hour_of_a_weekday_does_not_change_its_day(events):
    found = events(
        "Rebels attacked an army post near Goma late Tuesday, killing three soldiers. A drone struck a fuel "
        "depot in Belgorod early Wednesday local time. Russian forces launched drones at Odesa overnight "
        "Saturday into Sunday, wounding four people.",
        "2024-03-11",
    )
    assert [e.date for e in found] == [dt.date(2024, 3, 5), dt.date(2024, 3, 6), dt.date(2024, 3, 9)]


def test_a_day_and_month_in_any_order_and_spelling(events):
    for when in ("on Jan. 8", "on 8 January", "on January 8th"):
        [event] = events(f"An airstrike hit a school in Khan Younis {when}, killing 12 people.", "2024-01-12")
        assert (event.date, event.time_precision) == (dt.date(2024, 1, 8), 1), when


def test_a_day_of_december_told_in_january_is_last_year_s(events):
    [event] = events("Militants attacked a police station in Quetta on December 28, killing three officers.", "2024-01-05")
    assert event.date == dt.date(2023, 12, 28)


def test_last_weekend_is_no_day(events):
    [event] = events("Gunmen attacked a village in Zamfara state last weekend, killing nine people.", "2024-03-11")
    assert (event.date, event.time_precision) == (None, None)


def test_an_infobox_row_s_date_is_not_the_date_of_the_paragraph_below(extractor):
    from warlog.extract.dates import same_line

    doc = extractor.nlp(
        "- Date: 3 May 2022, 9 May 2022\n\nThe Kharkiv missile attacks comprise two separate strikes on the city."
    )
    row = next(e for e in doc.ents if e.text == "3 May 2022")
    attacks, strikes = (next(t for t in doc if t.text == word) for word in ("attacks", "strikes"))
    assert not same_line(row, attacks)
    assert same_line(doc[strikes.i - 1 : strikes.i], strikes)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("The Houthis claimed responsibility for a drone attack on the Israeli city of Eilat on Friday.",
         dt.date(2024, 5, 10)),
        ("Al-Shabaab claimed responsibility for a suicide bombing at a military base in Mogadishu on Tuesday.",
         dt.date(2024, 5, 14)),
    ],
)
def test_the_day_of_a_claimed_attack_is_the_attack_s(events, text, day):
    """is_statement_date(): a day on 'claimed responsibility for an attack' dates the attack
    claimed, not a statement."""
    [event] = events(text, "2024-05-15")
    assert (event.date, event.time_precision) == (day, 1)


def test_a_day_word_on_another_verb_of_the_sentence_dates_the_attack(events):
    """day_word(): 'overnight' hung on 'wounded' still dates 'a Russian drone attack'."""
    [event] = events(
        "Two people were killed and five wounded in a Russian drone attack on the Ukrainian city of "
        "Odesa overnight, the regional governor said on Telegram.",
        "2024-05-15",
    )
    assert event.date is not None and event.time_precision == 1


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Israeli warplanes struck a Hezbollah position near Tyre overnight, the army said.", dt.date(2024, 5, 15)),
        ("Israeli warplanes struck a Hezbollah position near Tyre last night, the army said.", dt.date(2024, 5, 14)),
    ],
)
def test_overnight_is_the_report_s_day_last_night_the_day_before(events, text, day):
    """timex: 'overnight' in a report is the night that ends on its day; 'last night' the day before."""
    [event] = events(text, "2024-05-15")
    assert (event.date, event.time_precision) == (day, 1)


def test_a_day_on_the_trigger_s_line_wins_over_an_infobox_month(events):
    """An infobox the parser joins to the lead ('Date March 2022 ... occurred on 13 March
    2022 when missiles were launched'): the day, not the month, is the running date."""
    found = events(
        "Date March 2022\nThe 2023 Kharkiv rocket attacks occurred on 9 February 2023 when "
        "several rockets were fired by Russian forces at the city of Kharkiv.",
        "2023-02-10",
    )
    assert [e.date for e in found if e.location == "Kharkiv"] == [dt.date(2023, 2, 9)]


def test_a_report_of_the_act_itself_dates_the_act(events):
    """'heavy clashes were reported Thursday': the report's object is the fight, so the day is the fight's."""
    found = events(
        "Local monitors reported heavy shelling in the town of Kafr Nabl. Heavy clashes were "
        "also reported Thursday near the airport of Deir ez-Zor.",
        "2012-10-16",
    )
    assert [e.date for e in found if e.event_type == "Battles"] == [dt.date(2012, 10, 11)]


def test_a_weekday_after_a_count_in_the_same_date_is_that_weekday(events):
    """'a third missile in as many days Sunday': the parser tags the count and the day as one date."""
    found = events(
        "Houthi rebels fired a third missile at the vessel in as many days Sunday, and Saudi "
        "jets bombed a depot in Saada.",
        "2012-10-16",
    )
    assert [e.date for e in found] == [dt.date(2012, 10, 14)] * 2


def test_separately_moves_to_another_event_not_another_day(events):
    """A daily release's 'Separately, ...' item keeps the release's day; 'Earlier, ...' would not."""
    found = events(
        "In the past 24 hours, USCENTCOM forces destroyed one air defense sensor in a Houthi "
        "controlled area of Yemen. Separately, Houthi forces launched two anti-ship ballistic "
        "missiles from Yemen into the Gulf of Aden.",
        "2024-06-13",
    )
    assert [e.date for e in found] == [dt.date(2024, 6, 13)] * 2


def test_the_strike_an_anniversary_is_of_is_that_many_years_back(events):
    """'on the fifth anniversary of the airstrike that killed 40 people': the airstrike is five years before."""
    found = events(
        "Rebels shelled the town of Idlib on Friday, on the fifth anniversary of the government "
        "airstrike that killed 40 people in Aleppo.",
        "2022-01-04",
    )
    assert {e.location: e.date for e in found} == {
        "Idlib": dt.date(2021, 12, 31),
        "Aleppo": dt.date(2016, 12, 31),
    }


def test_a_day_put_before_the_claimant_is_the_claim_s_not_the_attack_s(events):
    """'The next day, the IRGC claimed responsibility for the attack': the claim's day; the
    strike keeps the running day ('claimed ... an attack on Eilat on Friday' dates the attack)."""
    found = events(
        "On 13 March 2022, missiles struck the city of Erbil. The next day, the Islamic "
        "Revolutionary Guard Corps claimed responsibility for the attack.",
        "2022-03-15",
    )
    assert [e.date for e in found] == [dt.date(2022, 3, 13)]
    [claimed] = events("Hamas claimed responsibility for a rocket attack on Eilat on Friday.", "2022-03-15")
    assert claimed.date == dt.date(2022, 3, 11)


def test_what_is_going_on_as_the_report_is_written_is_on_the_report_s_day(events):
    """'positions are under heavy artillery fire', 'forces are shelling the city': going on now."""
    [under_fire] = events("Rebel positions near the town of Marib are under heavy artillery fire, a local official said.", "2020-01-07")
    [shelling] = events("Russian forces are shelling the city of Kharkiv, the mayor said.", "2020-01-07")
    assert (under_fire.location, under_fire.date) == ("Marib", dt.date(2020, 1, 7))
    assert (shelling.location, shelling.date) == ("Kharkiv", dt.date(2020, 1, 7))


def test_the_strike_an_attack_answers_is_not_of_the_attack_s_day(events):
    found = events(
        "On 14 April 2024, Iran launched more than 300 drones and missiles at Israel in retaliation for the "
        "Israeli strike on its consulate in Damascus.",
        "2024-08-01",
    )
    answered = next(e for e in found if e.location == "Damascus")
    assert answered.date is None


def test_the_lead_is_dated_by_its_own_weekday_not_the_date_line(events):
    """nlp.paragraph_starts(): the date line above the lead is a sentence of its own."""
    [event] = events(
        "Sunday, February 15, 2009\n\nA missile fired from a suspected US drone killed at least 27 people "
        "in Pakistan on Saturday, local officials said.",
        "2009-02-15",
    )
    assert str(event.date) == "2009-02-14"


def test_a_paragraph_run_into_the_sentence_before_keeps_the_day_its_own_line_opens_with(events):
    """'... in what it called an initial response.[2]' then 'On 8 January, an Israeli strike ...':
    the parser may read both paragraphs as one sentence; each act keeps its own line's day."""
    found = events(
        "Hezbollah fired 62 rockets at an Israeli air traffic control base on Mount Meron on 6 January "
        "in what it called an initial response.[2]\n\n"
        "On 8 January, an Israeli strike on a car in southern Lebanon killed Wissam al-Tawil, a senior "
        "commander of Hezbollah's Radwan Force.[3]",
        "2024-06-01",
    )
    assert [(e.actor1, e.date) for e in found] == [
        ("Hezbollah", dt.date(2024, 1, 6)),
        ("Israel Defense Forces", dt.date(2024, 1, 8)),
    ]


def test_a_time_of_day_typed_apart_from_its_day_dates_nothing_itself(events):
    # dates.refines_next_day: the model types 'Overnight' a time and 'Tuesday' a date
    [event] = events("Overnight Tuesday into Wednesday, drones attacked the Tanf garrison.", "2023-11-24")
    assert event.date.isoformat() == "2023-11-21"
    [tonight] = events("Drones attacked the Tanf garrison overnight.", "2023-11-24")
    assert tonight.date.isoformat() == "2023-11-24"


def test_a_lead_in_the_present_perfect_with_no_day_tells_the_news_of_the_report_s_day(events):
    [event] = events(
        "Iraqi security officials say a suicide car bomber has killed nine people and wounded 22 others "
        "at a police post in northwestern Iraq.",
        "2007-06-07",
    )
    assert (event.date, event.time_precision) == (dt.date(2007, 6, 7), 1)


def test_a_present_perfect_with_a_time_of_its_own_or_later_in_the_report_is_not_dated_so(events):
    found = events(
        "The Houthis have seized the country's capital city Sanaa in September 2014, officials said.",
        "2015-09-24",
    )
    assert all(e.date is None for e in found)  # a month is no day; not the report's day either


def test_the_lead_s_act_detailed_later_keeps_the_later_day(events):
    found = events(
        "Suspected Boko Haram militants have attacked a village in northeastern Nigeria, killing at least 68 people.\n\n"
        "Witnesses tell a VOA reporter that the militants attacked the community of Njaba in Borno state "
        "before dawn Tuesday.",
        "2015-03-05",
    )
    [attack] = found  # one attack, told twice
    assert (attack.date, attack.fatalities, attack.actor1) == (dt.date(2015, 3, 3), 68, "Boko Haram")
