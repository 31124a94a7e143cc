"""The language pipeline: a list's lead-in made a sentence of its own before the parser.

The rules are in warlog/nlp.py.
"""

from __future__ import annotations


def test_a_list_s_lead_in_is_cut_from_the_heading_above_and_the_item_below(extractor):
    doc = extractor.nlp(
        "Strikes in Iraq\n\nBomber and fighter aircraft conducted four strikes in Iraq:\n\n-- Near Mosul, a strike destroyed a tank."
    )
    sentences = [s.text.strip() for s in doc.sents]
    assert "Bomber and fighter aircraft conducted four strikes in Iraq:" in sentences
    aircraft = next(t for t in doc if t.text == "aircraft")
    assert (aircraft.dep_, aircraft.head.text) == ("nsubj", "conducted")  # not the object of "in Iraq"


def test_a_paragraph_break_elsewhere_is_left_to_the_parser(extractor):
    doc = extractor.nlp("The convoy was hit near Kirkuk on Monday. Two soldiers were wounded,\n\nofficials said.")
    assert len(list(doc.sents)) == 2
