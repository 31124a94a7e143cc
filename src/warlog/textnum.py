"""Numbers as news writes them: "8", "1,200", "three", "twenty-five", "a dozen", "the fifth",
"the 34th", "1.5 million"."""

from __future__ import annotations

import re
from collections.abc import Sequence

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORDS = {word: value for value, word in enumerate(_UNITS)}
WORDS |= {word: 20 + 10 * n for n, word in enumerate(_TENS)}
WORDS |= {"dozen": 12, "a dozen": 12, "hundred": 100, "a hundred": 100, "no": 0, "none": 0}


#: the most digits of a numeral read as a number: a longer run is an identifier, no count
#: (and past 4,300 digits Python refuses to read it)
MAX_DIGITS = 15


def parse_number(text: str) -> int | None:
    """The integer a number word or numeral states, or None ("several", "dozens")."""
    cleaned = text.strip().lower().replace(",", "")
    if cleaned.isdigit():  # decimal digits of any script; not "²", a digit that is no numeral
        return int(cleaned) if cleaned.isdecimal() and len(cleaned) <= MAX_DIGITS else None
    if cleaned in WORDS:
        return WORDS[cleaned]
    tens, _, unit = cleaned.partition("-")
    if tens in WORDS and unit in WORDS and WORDS[tens] >= 20 and WORDS[unit] < 10:
        return WORDS[tens] + WORDS[unit]
    return None


ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "twentieth": 20,
}


ORDINALS |= {
    word[:-1] + "ieth": value for word, value in WORDS.items() if word.endswith("ty")
}  # "thirtieth"
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
DIGIT_ORDINAL = re.compile(r"(?P<n>\d[\d,]*)(?:st|nd|rd|th)")


def parse_ordinal(word: str) -> int | None:
    """The rank an ordinal states ("fifth" -> 5, "34th" -> 34, "twenty-third" -> 23), or None."""
    cleaned = word.strip().lower()
    if cleaned in ORDINALS:
        return ORDINALS[cleaned]
    if (match := DIGIT_ORDINAL.fullmatch(cleaned)) and len(digits := match["n"].replace(",", "")) <= MAX_DIGITS:
        return int(digits)
    tens, _, unit = cleaned.partition("-")
    if tens in WORDS and WORDS[tens] >= 20 and ORDINALS.get(unit, 10) < 10:
        return WORDS[tens] + ORDINALS[unit]
    return None


def parse_number_words(words: Sequence[str]) -> int | None:
    """The integer a number phrase states, as a parser splits it: ["sixty", "-", "six"],
    ["1.5", "million"], ["two", "hundred"]; None when the words are not one number."""
    cleaned = [w.strip().lower() for w in words if w.strip() not in {"", "-", "\u2010", "\u2011"}]
    if not cleaned:
        return None
    scale = 1
    if len(cleaned) > 1 and cleaned[-1] in SCALES:
        scale = SCALES[cleaned.pop()]
    if len(cleaned) == 1 and scale > 1 and len(cleaned[0]) <= MAX_DIGITS and re.fullmatch(r"\d+\.\d+", cleaned[0]):
        return round(float(cleaned[0]) * scale)  # "1.5 million"
    value = parse_number("-".join(cleaned))
    return None if value is None else value * scale
