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
