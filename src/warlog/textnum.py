"""Numbers as news writes them: "8", "1,200", "three", "twenty-five", "a dozen", "the fifth"."""

from __future__ import annotations

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
WORDS = {word: value for value, word in enumerate(_UNITS)}
WORDS |= {word: 20 + 10 * n for n, word in enumerate(_TENS)}
WORDS |= {"dozen": 12, "a dozen": 12, "hundred": 100, "a hundred": 100, "no": 0, "none": 0}


def parse_number(text: str) -> int | None:
    """The integer a number word or numeral states, or None ("several", "dozens")."""
    cleaned = text.strip().lower().replace(",", "")
    if cleaned.isdigit():
        return int(cleaned)
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


def parse_ordinal(word: str) -> int | None:
    """The rank an ordinal word states ("fifth" -> 5), or None."""
    return ORDINALS.get(word.strip().lower())
