"""Page clutter: infobox rows ("Date 26 August 2011", "Attack type Suicide bombing"),
section headings and captions pasted with a page. Such lines state nothing that happened,
so a trigger word on them ("bombing", "Strikes in Iraq") is never evidence of an event.
A line is clutter when it has no finite verb and either opens with an infobox label
(knowledge/infobox_labels.yaml), is a wiki heading ('== Attack ==') or is a short heading
without a calendar date; and everything after the heading of a section that closes the page
and cites other pages ('Sources', 'Related news')."""

from __future__ import annotations

import re
from functools import cache

import yaml
from spacy.tokens import Doc, Span

from warlog.knowledge import PACKAGED
from warlog.nlp import word_forms

FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
#: a line of at most this many words with no finite verb is a heading or caption
HEADING_WORDS = 8
BULLET = re.compile(r"^[\s\-*•=#|]+")
#: "= 2015 Sanaa mosque bombing =", "== Attack ==": a wiki page's title or section heading, dated or not
WIKI_HEADING = re.compile(r"^\s*(=+)[^=].*?\1\s*$")


@cache
def infobox_labels() -> tuple[str, ...]:
    """The labels, longest first (so that 'attack type' wins over 'type')."""
    data = yaml.safe_load((PACKAGED / "infobox_labels.yaml").read_text(encoding="utf-8"))
    labels = {label for group in data["infobox_labels"] for label in group["labels"]}
    return tuple(sorted(labels, key=len, reverse=True))


def opens_with_label(line: str) -> bool:
    """'Date 26 August 2011', '- Partof: the war', 'TypeAirstrike', 'Belligerents'."""
    text = BULLET.sub("", line)
    lowered = text.lower()
    for label in infobox_labels():
        if lowered.startswith(label):
            rest = text[len(label) :]
            if not rest or rest[0] in " :\t" or rest[0].isupper() or rest[0].isdigit():
                return True
    return False


@cache
def closing_sections() -> frozenset[str]:
    """Headings of the sections that close a page and cite other pages ('Sources', 'Related news')."""
    data = yaml.safe_load((PACKAGED / "infobox_labels.yaml").read_text(encoding="utf-8"))
    return frozenset(heading for group in data["closing_sections"] for heading in group["headings"])


def closes_the_page(line: Span) -> bool:
    """'Related news', '== Sources ==': from here on the page cites other pages."""
    return line.text.strip().strip("=").strip().lower() in closing_sections()


def is_clutter(line: Span) -> bool:
    words = [t for t in line if not t.is_space and not t.is_punct]
    if not words or any(t.tag_ in FINITE_TAGS for t in words):
        return False
    if opens_with_label(line.text) or WIKI_HEADING.match(line.text):
        return True
    dated = any(t.ent_type_ == "DATE" and t.like_num for t in words)
    return len(words) <= HEADING_WORDS and not dated


def clutter_tokens(doc: Doc) -> set[int]:
    """The tokens on clutter lines, and every token after a heading that closes the page."""
    found: set[int] = set()
    start = 0
    words, _ = word_forms(doc)  # the line breaks found in the words' strings, not token by token
    ends = [i for i, word in enumerate(words) if "\n" in word or i == len(doc) - 1]
    for i in ends:
        end = i + 1 if "\n" not in words[i] else i
        if end > start and closes_the_page(doc[start:end]):
            return found | set(range(start, len(doc)))
        if end > start and is_clutter(doc[start:end]):
            found.update(range(start, i + 1))  # with its line break
        start = i + 1
    return found
