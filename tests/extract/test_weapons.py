"""With what: weapon terms of the knowledge base, the longest first.

The rules are in warlog/extract/weapons.py.
"""

from __future__ import annotations

from warlog.extract.weapons import weapons_in


def test_a_weapon_term_is_matched_whole_by_its_first_token(extractor):
    doc = extractor.nlp("Russia launched unmanned aerial vehicles and a missile at Kyiv.")
    found = {doc[start].text: (category, words.text) for start, (category, words) in weapons_in(extractor.weapon_matcher, doc).items()}
    assert found["unmanned"] == ("drone", "unmanned aerial vehicles")
    assert found["missile"] == ("missile", "missile")


def test_a_state_striking_with_no_weapon_named_strikes_from_the_air(events):
    [event] = events("The US military said it struck three facilities used by Kataib Hezbollah in Iraq on Tuesday.", "2024-01-29")
    assert (event.weapons, event.sub_event_type) == (("aircraft",), "Air/drone strike")
