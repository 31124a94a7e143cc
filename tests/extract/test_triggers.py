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
    ],
    ids=["threat", "condemnation", "summary", "habit", "hypothetical", "politics", "sport", "lawsuit"],
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
