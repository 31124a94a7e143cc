"""Numbers as news writes them, and as the parser splits them."""

from __future__ import annotations

from warlog.textnum import parse_number, parse_number_words, parse_ordinal


def test_ordinals_in_words_and_in_figures():
    assert parse_ordinal("fifth") == 5
    assert parse_ordinal("41st") == 41
    assert parse_ordinal("1,000th") == 1000
    assert parse_ordinal("twenty-third") == 23
    assert parse_ordinal("thirtieth") == 30
    assert parse_ordinal("last") is None


def test_a_number_phrase_split_by_the_parser():
    assert parse_number_words(["Seventy", "-", "two"]) == 72
    assert parse_number_words(["1.5", "million"]) == 1_500_000
    assert parse_number_words(["two", "hundred"]) == 200
    assert parse_number_words(["12", "thousand"]) == 12_000
    assert parse_number_words(["several"]) is None
    assert parse_number("2,461") == 2461
