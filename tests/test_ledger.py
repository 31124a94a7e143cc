"""The tally ledger: the Pentagon's running counts of November 2023, checked against incidents.

The figures are those of the bundled example articles ("attacked 46 times since October
17" on November 9; "36 attacks ... in Iraq and 37 in Syria" as of November 23); the
incidents are hand-coded attacks on US forces of those weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from news import ATTACKED_46_TIMES, TALLY_36_37, article, tally_in
from warlog.ledger import held, ledger, series_record
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


# -- series that add up: the seed articles' sentences --------------------------------------

#: the sentence after "46 times" in example 000: the same speaker, no place named
AT_LEAST_41 = (
    "In addition, he added that US military bases have been attacked at least 41 times using missiles and "
    "attack unmanned aerial vehicles (UAVs)."
)


def seed_tallies() -> list:
    """The counts of the two example articles, as the extractor reads them (see `warlog demo`)."""
    pentagon = article("000", ATTACKED_46_TIMES, AT_LEAST_41)
    officials = article("003", TALLY_36_37)
    singh = {"target": US, "as_of": dt.date(2023, 11, 9), "speaker": "Sabrina Singh"}
    stated_together = {"target": US, "as_of": dt.date(2023, 11, 23), "speaker": "US officials", "unit": "attacks",
                       "qualifier": "exact"}  # fmt: skip
    return [
        tally_in(pentagon, "46 times", count=46, qualifier="exact", unit="attacks", countries=("IQ", "SY"),
                 since=dt.date(2023, 10, 17), **singh),
        tally_in(pentagon, "56 casualties", count=56, qualifier="exact", unit="casualties", countries=("IQ", "SY"),
                 since=dt.date(2023, 10, 17), **singh),
        tally_in(pentagon, "at least 41 times", count=41, qualifier="at_least", unit="attacks", **singh),
        tally_in(officials, "36 attacks", count=36, countries=("IQ",), **stated_together),
        tally_in(officials, "37 in Syria", count=37, countries=("SY",), **stated_together),
    ]  # fmt: skip


def by_name(series: list) -> dict:
    return {s.name: s for s in series}


def test_per_country_counts_stated_together_add_up_in_their_unions_series() -> None:
    series = by_name(ledger(seed_tallies(), lambda t: held(t, INCIDENTS)))
    both = series["attacks on United States military in IQ and SY"]
    assert [(e.tally.count, e.tally.as_of.isoformat(), e.is_sum) for e in both.entries][-2:] == [
        (46, "2023-11-09", False),
        (73, "2023-11-23", True),  # 36 + 37 stands after 46
    ]
    total = both.entries[-1]
    assert [(part.count, part.countries, part.evidence_text) for part in total.parts] == [
        (36, ("IQ",), "36 attacks"), (37, ("SY",), "37 in Syria"),
    ]  # fmt: skip
    assert total.tally.evidence_text == "36 attacks + 37 in Syria" and total.tally.qualifier == "exact"
    assert total.held == 5 and total.flag is None  # every attack on US forces in either country by 23 November
    assert both.highest is total
    # the parts keep their own series
    assert [e.tally.count for e in series["attacks on United States military in IQ"].entries] == [36]
    assert [e.tally.count for e in series["attacks on United States military in SY"].entries] == [37]


def test_a_count_without_a_place_joins_its_speakers_series() -> None:
    series = by_name(ledger(seed_tallies(), lambda t: held(t, INCIDENTS)))
    assert "attacks on United States military in all countries" not in series
    both = series["attacks on United States military in IQ and SY"]
    [joined] = [e for e in both.entries if e.placed]
    assert (joined.tally.count, joined.tally.qualifier) == (41, "at_least")
    assert joined.tally.evidence_text == "at least 41 times"
    assert joined.placed == "names no place; Sabrina Singh's other counts of United States military are in IQ and SY"
    assert joined.flag is None  # "at least 41" beside 46 on the same day does not go down
    assert joined.held == held(tally(ATTACKED_46_TIMES, 41, "2023-11-09", since=None), INCIDENTS)


def test_a_count_without_a_place_stays_apart_when_its_speaker_counts_in_several_scopes() -> None:
    tallies = seed_tallies()
    singh_in_iraq = replace(tallies[0], doc_id="other", countries=("IQ",))  # another article: Iraq alone
    placeless = replace(tallies[2], doc_id="third")
    series = by_name(ledger([tallies[0], singh_in_iraq, placeless], lambda t: None))
    assert [e.tally.count for e in series["attacks on United States military in all countries"].entries] == [41]
    # in its own document, the speaker's counts name one scope: that one
    series = by_name(ledger([tallies[0], singh_in_iraq, tallies[2]], lambda t: None))
    assert [e.tally.count for e in series["attacks on United States military in IQ and SY"].entries] == [41, 46]


def test_counts_are_not_summed_when_the_statement_gives_their_total_or_their_periods_differ() -> None:
    tallies = seed_tallies()
    stated_total = replace(tallies[3], count=73, countries=("IQ", "SY"), evidence_text="73 in all")
    series = by_name(ledger([*tallies[3:], stated_total], lambda t: None))
    assert [(e.tally.count, e.is_sum) for e in series["attacks on United States military in IQ and SY"].entries] == [
        (73, False)
    ]
    other_period = replace(tallies[4], since=dt.date(2023, 11, 1))
    apart = by_name(ledger([tallies[3], other_period], lambda t: None))
    assert "attacks on United States military in IQ and SY" not in apart


def test_a_sum_of_an_exact_and_an_at_least_count_is_at_least_their_total() -> None:
    tallies = seed_tallies()
    at_least = replace(tallies[4], qualifier="at_least")
    [total] = [e for s in ledger([tallies[3], at_least], lambda t: None) for e in s.entries if e.is_sum]
    assert (total.tally.count, total.tally.qualifier) == (73, "at_least")


def test_a_series_record_carries_what_a_chart_draws() -> None:
    [both] = [s for s in ledger(seed_tallies(), lambda t: held(t, INCIDENTS)) if s.countries == ("IQ", "SY")
              and s.unit == "attacks"]  # fmt: skip
    record = series_record(both)
    assert record["name"] == "attacks on United States military in IQ and SY"
    assert [(e["as_of"], e["count"], e["sum"], e["evidence"]) for e in record["entries"]] == [
        ("2023-11-09", 41, False, "at least 41 times"),
        ("2023-11-09", 46, False, "46 times"),
        ("2023-11-23", 73, True, "36 attacks + 37 in Syria"),
    ]
    assert record["entries"][2]["parts"][1] == {"doc_id": "003", "count": 37, "qualifier": "exact",
                                                "countries": ["SY"], "evidence": "37 in Syria"}  # fmt: skip
