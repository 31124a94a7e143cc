"""The tally ledger: the Pentagon's running counts of November 2023, checked against incidents.

The figures are those of the bundled example articles ("attacked 46 times since October
17" on November 9; "36 attacks ... in Iraq and 37 in Syria" as of November 23); the
incidents are hand-coded attacks on US forces of those weeks.
"""

from __future__ import annotations

import datetime as dt

from news import ATTACKED_46_TIMES, TALLY_36_37, article, tally_in
from warlog.ledger import held, ledger
from warlog.model import Incident

US = "United States military"


def tally(sentence: str, count: int, as_of: str, countries: tuple[str, ...] = ("IQ", "SY"), **fields):
    document = article(f"doc-{count}", sentence)
    fields.setdefault("since", dt.date(2023, 10, 17))
    return tally_in(
        document, sentence, count=count, qualifier="exact", unit=fields.pop("unit", "attacks"), target=US,
        countries=countries, as_of=dt.date.fromisoformat(as_of), **fields,
    )  # fmt: skip


def attack(day: str, country: str, killed: int | None = None, wounded: int | None = None) -> Incident:
    return Incident(
        incident_id=f"{day}-{country}",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        date=dt.date.fromisoformat(day),
        country=country,
        actor1="Islamic Resistance in Iraq",
        actor2=US,
        fatalities=killed,
        injuries=wounded,
    )


INCIDENTS = [
    attack("2023-10-18", "IQ", wounded=2),
    attack("2023-10-19", "SY", wounded=4),
    attack("2023-10-26", "IQ"),
    attack("2023-11-20", "IQ"),
    attack("2023-11-21", "SY", wounded=1),
    Incident("strike", "Explosions/Remote violence", "Air/drone strike", date=dt.date(2023, 11, 8),
             country="SY", actor1=US, actor2="Islamic Revolutionary Guard Corps"),  # fmt: skip
]


def test_a_tally_is_set_beside_the_incidents_of_its_scope_and_period() -> None:
    forty_six = tally(ATTACKED_46_TIMES, 46, "2023-11-09")
    assert held(forty_six, INCIDENTS) == 3  # the strike on the IRGC is not an attack on US forces
    in_iraq = tally(TALLY_36_37, 36, "2023-11-23", countries=("IQ",), since=None)
    assert held(in_iraq, INCIDENTS) == 3
    casualties = tally(ATTACKED_46_TIMES, 56, "2023-11-09", unit="casualties")
    assert held(casualties, INCIDENTS) == 6


def test_a_running_count_that_goes_down_is_flagged() -> None:
    series = ledger(
        [tally(ATTACKED_46_TIMES, 46, "2023-11-09"), tally(TALLY_36_37, 41, "2023-11-13"),
         tally(TALLY_36_37, 73, "2023-11-23")],
        lambda t: held(t, INCIDENTS),
    )  # fmt: skip
    [attacks] = series
    assert attacks.name == "attacks on United States military in IQ and SY"
    assert [(e.tally.count, e.held, e.flag) for e in attacks.entries] == [
        (46, 3, None),
        (41, 3, "goes down from 46 on 2023-11-09"),
        (73, 5, None),
    ]


def test_series_are_kept_apart_by_scope_and_unit() -> None:
    series = ledger(
        [tally(TALLY_36_37, 36, "2023-11-23", countries=("IQ",)), tally(TALLY_36_37, 37, "2023-11-23", countries=("SY",)),
         tally(ATTACKED_46_TIMES, 56, "2023-11-09", unit="casualties")],
        lambda t: held(t, INCIDENTS),
    )  # fmt: skip
    assert sorted(s.name for s in series) == [
        "attacks on United States military in IQ",
        "attacks on United States military in SY",
        "casualties on United States military in IQ and SY",
    ]
    assert all(e.flag is None for s in series for e in s.entries)
