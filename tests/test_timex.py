"""Time expressions resolved against the document date, with ACLED time precision."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from warlog.timex import ResolvedDate, offset_days, resolve, resolve_since

FRI = dt.date(2023, 11, 24)  # an article published on Friday 24 November 2023


def day(y: int, m: int, d: int) -> ResolvedDate:
    return ResolvedDate(dt.date(y, m, d), 1)


# --- exact days (precision 1) ----------------------------------------------------------

def test_weekday_with_date_in_the_day_after_article():
    assert resolve("on Thursday, November 23", FRI) == day(2023, 11, 23)


@pytest.mark.parametrize("text", ["November 23", "Nov. 23, 2023", "23 November",
                                  "2023-11-23", "the 23rd of November", "Thursday (Nov. 23)",
                                  "at 3 a.m. on Thursday, Nov. 23"])
def test_written_forms_of_the_same_day(text):
    assert resolve(text, FRI) == day(2023, 11, 23)


@pytest.mark.parametrize("text", ["on 22 and 23 November", "November 22 & 23", "on the 22nd and 23rd of November"])
def test_days_listed_in_one_date_resolve_to_the_last(text):
    assert resolve(text, FRI) == day(2023, 11, 23)


def test_date_earlier_in_the_year():
    assert resolve("October 26", FRI) == day(2023, 10, 26)


def test_date_without_year_rolls_back_over_new_year():
    # "December 30" in an article of 3 January 2024 is the previous December
    assert resolve("December 30", dt.date(2024, 1, 3)) == day(2023, 12, 30)


def test_date_without_year_is_never_after_the_article():
    # "November 25" read on 24 November 2023 cannot be the next day: it is a year back
    assert resolve("November 25", FRI) == day(2022, 11, 25)


def test_a_weekday_names_the_year_of_a_date_without_one():
    # a report of 23 November 2023 with no publication date, read on 22 November 2026
    assert resolve("Thursday, November 23", dt.date(2026, 11, 22)) == day(2023, 11, 23)
    assert resolve("on Tuesday 3 October", dt.date(2024, 1, 5)) == day(2023, 10, 3)
    assert resolve("November 23", dt.date(2026, 11, 22)) == day(2025, 11, 23)  # no weekday: last year


def test_explicit_year_is_kept():
    assert resolve("Nov. 23, 2022", FRI) == day(2022, 11, 23)


def test_numeric_date_goes_through_dateparser():
    assert resolve("23/11/2023", FRI) == day(2023, 11, 23)


def test_weekday_alone_is_the_most_recent_one():
    assert resolve("on Thursday", FRI) == day(2023, 11, 23)
    assert resolve("Saturday", FRI) == day(2023, 11, 18)


def test_weekday_of_the_article_is_the_article_day():
    assert resolve("Friday", FRI) == day(2023, 11, 24)


def test_last_weekday_on_that_weekday_is_a_week_back():
    assert resolve("last Friday", FRI) == day(2023, 11, 17)


@pytest.mark.parametrize("text, expected", [("Tuesday night", (2023, 11, 21)),
                                            ("Monday morning", (2023, 11, 20)),
                                            ("early Thursday morning", (2023, 11, 23)),
                                            ("the early hours of Wednesday", (2023, 11, 22))])
def test_part_of_day_keeps_the_weekday(text, expected):
    assert resolve(text, FRI) == day(*expected)


def test_weekday_rolls_back_over_new_year():
    # Wednesday 3 January 2024: "Saturday" is 30 December 2023
    assert resolve("on Saturday", dt.date(2024, 1, 3)) == day(2023, 12, 30)


@pytest.mark.parametrize("text", ["yesterday", "last night", "late last night", "overnight yesterday"])
def test_last_night_is_the_day_before_the_article(text):
    assert resolve(text, FRI) == day(2023, 11, 23)


@pytest.mark.parametrize("text", ["today", "this morning", "earlier today", "tonight", "overnight",
                                  "over the past few hours", "the past 24 hours",
                                  "a few hours ago", "in 24 hours", "within 24 hours",
                                  "within a few hours"])
def test_same_day_expressions_are_the_article_date(text):
    assert resolve(text, FRI) == day(2023, 11, 24)


@pytest.mark.parametrize("text", ["within 48 hours", "within two days", "24 hours"])
def test_longer_windows_and_bare_durations_are_no_day(text):
    assert resolve(text, FRI) is None


def test_days_ago():
    assert resolve("two days ago", FRI) == day(2023, 11, 22)


# --- weeks (precision 2): ACLED takes the middle of the week --------------------------

def test_last_week_is_its_wednesday():
    assert resolve("last week", FRI) == ResolvedDate(dt.date(2023, 11, 15), 2)


def test_this_week_is_its_wednesday():
    assert resolve("earlier this week", FRI) == ResolvedDate(dt.date(2023, 11, 22), 2)
    assert resolve("this week", FRI) == ResolvedDate(dt.date(2023, 11, 22), 2)


def test_this_week_never_after_the_article():
    # read on Tuesday 21 November, the Wednesday is still to come: the middle of Mon-Tue
    assert resolve("earlier this week", dt.date(2023, 11, 21)) == \
        ResolvedDate(dt.date(2023, 11, 20), 2)


def test_the_weekend_is_its_saturday():
    assert resolve("over the weekend", dt.date(2023, 11, 27)) == \
        ResolvedDate(dt.date(2023, 11, 25), 2)


# --- months (precision 3): ACLED takes the 15th, or the 1st / last day -----------------

def test_month_is_its_midpoint():
    assert resolve("in November", FRI) == ResolvedDate(dt.date(2023, 11, 15), 3)
    assert resolve("last month", FRI) == ResolvedDate(dt.date(2023, 10, 15), 3)


def test_beginning_and_end_of_month():
    assert resolve("early November", FRI) == ResolvedDate(dt.date(2023, 11, 1), 3)
    assert resolve("the end of last month", FRI) == ResolvedDate(dt.date(2023, 10, 31), 3)
    assert resolve("mid-October", FRI) == ResolvedDate(dt.date(2023, 10, 15), 3)


def test_late_this_month_never_after_the_article():
    assert resolve("late November", FRI) == ResolvedDate(dt.date(2023, 11, 24), 3)


def test_month_without_year_rolls_back_over_new_year():
    assert resolve("in November", dt.date(2024, 1, 3)) == ResolvedDate(dt.date(2023, 11, 15), 3)


# --- not a point in time -----------------------------------------------------------------

@pytest.mark.parametrize("text", ["a day", "two weeks", "three years", "decades",
                                  "the past year", "the past month", "the past week",
                                  "the 1980s", "2023", "the day", "recent days",
                                  "the past 48 hours", "since October 17", "November 20-23",
                                  "the day before", ""])
def test_durations_ranges_and_years_give_none(text):
    assert resolve(text, FRI) is None


# --- since ------------------------------------------------------------------------------

def test_since_a_day():
    assert resolve_since("since October 17", FRI) == day(2023, 10, 17)
    assert resolve_since("Oct. 17", FRI) == day(2023, 10, 17)


def test_since_a_month_is_its_first_day():
    assert resolve_since("since October", FRI) == ResolvedDate(dt.date(2023, 10, 1), 3)
    assert resolve_since("since mid-October", FRI) == ResolvedDate(dt.date(2023, 10, 15), 3)


def test_since_the_start_of_the_year():
    assert resolve_since("since the beginning of the year", FRI) == \
        ResolvedDate(dt.date(2023, 1, 1), 3)


def test_since_a_named_year_is_its_first_of_january_and_a_future_one_is_nothing():
    assert resolve_since("since 2002", FRI) == ResolvedDate(dt.date(2002, 1, 1), 3)
    assert resolve_since("the beginning of 2007", FRI) == ResolvedDate(dt.date(2007, 1, 1), 3)
    assert resolve_since("2031", FRI) is None


def test_since_a_month_of_last_year():
    assert resolve_since("since August last year", FRI) == ResolvedDate(dt.date(2022, 8, 1), 3)


# --- offsets ----------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, offset", [("a day after", -1), ("two days after", -2),
                                            ("the day after", -1), ("a day before", 1),
                                            ("the day before", 1), ("hours after", 0),
                                            ("a week after", -7), ("the same day", 0),
                                            ("three days later", -3)])
def test_offset_days(phrase, offset):
    assert offset_days(phrase) == offset


def test_offset_dates_the_reference_event():
    # "The strike came a day after the attack": strike on 24 Nov -> attack on 23 Nov
    assert FRI + dt.timedelta(days=offset_days("a day after")) == dt.date(2023, 11, 23)


@pytest.mark.parametrize("phrase", ["days after", "a few weeks later", "then"])
def test_vague_offsets_give_none(phrase):
    assert offset_days(phrase) is None


def test_fast_enough():
    texts = ["on Thursday", "last week", "November 23", "the past few days", "yesterday"]
    start = time.perf_counter()
    for i in range(2000):
        anchor = FRI + dt.timedelta(days=i % 300)
        for t in texts:
            resolve(t, anchor)
    assert time.perf_counter() - start < 2.0
