"""The language pipeline: a list's lead-in cut off before the parser.

The rules are in warlog/nlp.py.
"""

from __future__ import annotations


def test_a_lead_in_ending_in_a_colon_ends_at_the_blank_line(extractor):
    doc = extractor.nlp("Bomber aircraft conducted two strikes in Syria:\n\n-- Near Raqqa, a strike destroyed a tank.")
    assert [s.text.strip() for s in doc.sents][0] == "Bomber aircraft conducted two strikes in Syria:"


def test_a_paragraph_break_elsewhere_is_left_to_the_parser(extractor):
    doc = extractor.nlp("The convoy was hit near Kirkuk on Monday. Two soldiers were wounded,\n\nofficials said.")
    assert len(list(doc.sents)) == 2
