"""How many and with what result: deaths, injuries, outcome.

The rules are in warlog/extract/casualties.py. Real sentences from news reports; each test names the rule it shows.
"""

from __future__ import annotations

import datetime as dt


def test_casualties_and_a_weekday_in_another_war(events):
    [event] = events(
        "Russian forces shelled Kharkiv overnight, killing three civilians and wounding 12, "
        "regional governor Oleh Syniehubov said.",
        "2024-05-20",
    )
    assert (event.actor1, event.location, event.country) == ("Russian military", "Kharkiv", "UA")
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert (event.fatalities, event.injuries, event.outcome) == (3, 12, "hit")
    assert event.date == dt.date(2024, 5, 19)  # overnight: the night before the report
