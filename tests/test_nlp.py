"""The language pipeline: a list's lead-in and a date line made sentences of their own before the parser,
and the helpers over a parsed document (its text, line breaks, subtrees).

The rules are in warlog/nlp.py; a text too long to parse at once is parsed in parts.
"""

from __future__ import annotations

import pytest
from news import AIRSTRIKES, ERBIL, FOUR_ATTACKS, TARGETS

from warlog.nlp import (
    breaks_line, in_subtree, misread_subject, parse_texts, text_of, text_parts, word_forms, words_among,
)


def test_a_list_s_lead_in_is_cut_from_the_heading_above_and_the_item_below(extractor):
    doc = extractor.nlp(
        "Strikes in Iraq\n\nBomber and fighter aircraft conducted four strikes in Iraq:\n\n-- Near Mosul, a strike destroyed a tank."
    )
    sentences = [s.text.strip() for s in doc.sents]
    assert "Bomber and fighter aircraft conducted four strikes in Iraq:" in sentences
    aircraft = next(t for t in doc if t.text == "aircraft")
    assert (aircraft.dep_, aircraft.head.text) == ("nsubj", "conducted")  # not the object of "in Iraq"


def test_a_wiki_page_s_citation_marks_are_tokens_of_their_own(extractor):
    """load_pipeline(): 'others.[1]' is the word, the full stop and the mark, not one token."""
    doc = extractor.nlp("They killed 587 people and injured 316 others.[1] The blasts hit Sana'a, Yemen.[1][5]")
    assert [t.text for t in doc][7:11] == ["others", ".", "[1]", "The"]
    assert [t.text for t in doc][-4:] == ["Yemen", ".", "[1]", "[5]"]
    assert len(list(doc.sents)) == 2


def test_a_date_line_is_cut_from_the_lead_below(extractor):
    """paragraph_starts(): 'Sunday, February 15, 2009' above a lead is no part of its sentence."""
    doc = extractor.nlp("Sunday, February 15, 2009\n\nA missile fired from a drone killed 27 people on Saturday.")
    assert [s.text.strip() for s in doc.sents][-1] == "A missile fired from a drone killed 27 people on Saturday."


def test_a_paragraph_break_elsewhere_is_left_to_the_parser(extractor):
    doc = extractor.nlp("The convoy was hit near Kirkuk on Monday. Two soldiers were wounded,\n\nofficials said.")
    assert len(list(doc.sents)) == 2


def test_a_line_break_between_tokens_is_read_from_the_text(extractor):
    doc = extractor.nlp("Coalition jets struck two depots.\n\n-- Near Hit, one strike destroyed a bridge.")
    struck = next(t for t in doc if t.text == "struck")
    near = next(t for t in doc if t.text == "Near")
    bridge = next(t for t in doc if t.text == "bridge")
    assert breaks_line(doc, struck.i, near.i)
    assert not breaks_line(doc, near.i, bridge.i)
    assert not breaks_line(doc, near.i, near.i)
    assert breaks_line(doc, struck.i, len(doc)) == any("\n" in t.text for t in doc[struck.i :])
    assert text_of(doc) == doc.text


def test_a_word_is_in_the_subtree_of_the_words_above_it(extractor):
    doc = extractor.nlp("Militants fired rockets at the base near Kirkuk on Monday.")
    fired = next(t for t in doc if t.text == "fired")
    kirkuk = next(t for t in doc if t.text == "Kirkuk")
    for top in doc:
        for token in doc:
            assert in_subtree(token, top) == (token in top.subtree)
    assert in_subtree(kirkuk, fired) and not in_subtree(fired, kirkuk)


def test_the_day_before_a_month_name_belongs_to_the_date(extractor):
    doc = extractor.nlp("Officials recalled the 9 October 2023 strike on the port that left a sailor dead.")
    assert "9 October 2023" in [e.text for e in doc.ents if e.label_ == "DATE"]
    doc = extractor.nlp("Militants fired 12 rockets in March 2021.")
    assert "March 2021" in [e.text for e in doc.ents if e.label_ == "DATE"]  # a count, no day: left alone
    doc = extractor.nlp("Militants ambushed a convoy near Kidal on the night of 12 October.")
    dates = [e.text for e in doc.ents if e.label_ == "DATE"]
    assert "12 October" in dates and "12" not in [e.text for e in doc.ents]  # not also a count


def test_a_rank_before_a_name_does_not_end_the_sentence(extractor):
    doc = extractor.nlp(
        "US forces have been attacked 66 times since Oct. 17, Pentagon press secretary "
        "Brig. Gen. Pat Ryder told reporters. Lt. Col. Jane Doe declined to comment."
    )
    assert len(list(doc.sents)) == 2
    assert [(e.text, e.label_) for e in doc.ents if e.text in {"Brig.", "Pat Ryder"}] == [
        ("Brig.", "TITLE"),  # a rank, not the Swiss town
        ("Pat Ryder", "PERSON"),
    ]


def test_a_town_the_model_glues_to_a_time_word_is_split_from_it(extractor):
    doc = extractor.nlp("Russia launched Shahed-136 drones at Kyiv overnight.")
    assert [(e.text, e.label_) for e in doc.ents if e.text != "Russia"] == [("Kyiv", "GPE"), ("overnight", "TIME")]


def test_a_series_of_adjectives_before_the_object_modifies_it(extractor):
    doc = extractor.nlp("On Jan. 24, U.S. forces conducted unilateral, necessary, and proportionate strikes.")
    strikes = next(t for t in doc if t.text == "strikes")
    assert (strikes.dep_, strikes.head.text) == ("dobj", "conducted")
    assert next(t for t in doc if t.text == "proportionate").pos_ == "ADJ"


def test_a_ship_named_again_without_its_prefix_is_the_ship(extractor):
    doc = extractor.nlp("The USS Carney responded to distress calls. At 12:35 p.m., the Carney shot down a UAV.")
    carney = [e for e in doc.ents if e.text == "Carney"]
    assert [(e.label_, e.ent_id_) for e in carney] == [("ORG", "actor:United States military")]


def test_a_country_at_the_end_of_a_group_s_name_stays_a_place(extractor):
    doc = extractor.nlp("The Islamic State of Iraq and Syria attacked the town. Coalition aircraft struck targets in Syria.")
    assert [e.label_ for e in doc.ents if e.text == "Syria"] == ["GPE"]


def test_a_main_verb_the_parser_hung_on_a_noun_is_said_of_that_noun(extractor):
    """misread_subject(): the parser roots 'The bomb, hidden in a parked car, detonated ...' in
    'bomb' and hangs 'detonated' on it; 'hidden', a true clause of the noun, stays one."""
    doc = extractor.nlp("The bomb, hidden in a parked car, detonated as a police patrol passed by.")
    detonated = next(t for t in doc if t.text == "detonated")
    assert detonated.dep_ == "acl"  # the parse this rule is for
    assert misread_subject(detonated).text == "bomb"
    doc = extractor.nlp("Militants fired rockets at the base near Kirkuk on Monday.")
    assert all(misread_subject(t) is None for t in doc)


def test_a_mixed_case_acronym_names_its_group_only_in_its_own_case(extractor):
    """'LeT' is Lashkar-e-Taiba; 'Let me be clear' names nobody."""
    named = extractor.nlp("LeT fighters attacked a post. Let me be clear, we will respond.")
    assert [(e.text, e.ent_id_) for e in named.ents if e.ent_id_.startswith("actor:")] == [
        ("LeT", "actor:Lashkar-e-Taiba")
    ]


def test_a_warplane_s_designation_does_not_end_the_sentence(extractor):
    doc = extractor.nlp("Rockets hit the base.\n\nF-15E Strike Eagles struck a weapons storage facility near Abu Kamal.")
    assert [s.text.strip() for s in doc.sents][-1] == (
        "F-15E Strike Eagles struck a weapons storage facility near Abu Kamal."
    )


# -- a text too long to parse at once -----------------------------------------------------


def pieces(text: str, most: int) -> list[str]:
    cuts = text_parts(text, most)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in zip(cuts, cuts[1:]))  # no gap, no overlap
    assert all(0 < end - start <= most for start, end in cuts)
    return [text[start:end] for start, end in cuts]


def test_a_long_text_is_cut_after_its_paragraphs():
    text = "\n\n".join([AIRSTRIKES, TARGETS, FOUR_ATTACKS, ERBIL])
    assert pieces(text, 250) == [f"{AIRSTRIKES}\n\n", f"{TARGETS}\n\n", f"{FOUR_ATTACKS}\n\n", ERBIL]
    assert pieces(text, 401) == [f"{AIRSTRIKES}\n\n{TARGETS}\n\n", f"{FOUR_ATTACKS}\n\n{ERBIL}"]


def test_a_paragraph_break_may_hold_blanks_and_a_line_ending_of_windows():
    parts = pieces("First paragraph here.\r\n \t\r\nSecond one, a little longer.", 30)
    assert parts == ["First paragraph here.\r\n \t\r\n", "Second one, a little longer."]


def test_a_paragraph_longer_than_a_part_is_cut_after_its_sentences():
    sentences = ["Drones struck the base.", "Rockets hit the airport!", "Was anyone hurt?", "Nobody said (yet.)"]
    parts = pieces(" ".join(sentences), 50)
    assert parts == ["Drones struck the base. Rockets hit the airport! ", "Was anyone hurt? Nobody said (yet.)"]


def test_a_run_of_words_without_a_full_stop_is_cut_after_a_blank():
    text = " ".join(f"word{n:02d}" for n in range(20))  # 'word00 word01 ...', seven characters a word
    parts = pieces(text, 25)
    assert parts[0] == "word00 word01 word02 "
    assert all(part.endswith(" ") for part in parts[:-1]) and "".join(parts) == text


def test_a_run_without_a_blank_is_cut_where_the_part_is_full():
    assert pieces("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert pieces("short", 10) == ["short"]
    with pytest.raises(ValueError):
        text_parts("text", 0)


def test_a_text_parsed_in_parts_is_one_parse_with_offsets_into_the_whole_text(extractor):
    text = "\n\n".join([AIRSTRIKES, TARGETS, FOUR_ATTACKS, ERBIL])
    [short, doc, after] = parse_texts(extractor.nlp, [AIRSTRIKES, text, ERBIL], whole_chars=400, part_chars=300)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    places = [(e.text, e.start_char) for e in doc.ents if e.label_ in {"GPE", "FAC"}]
    assert ("Erbil airport", text.index("Erbil airport")) in places  # in the last part, 600 characters on
    assert [s.text.strip() for s in doc.sents][-1] == ERBIL
    # the texts around it, short enough, are parsed whole as ever
    whole = extractor.nlp(AIRSTRIKES)
    assert [(t.text, t.dep_, t.head.i, t.ent_type_) for t in short] == [
        (t.text, t.dep_, t.head.i, t.ent_type_) for t in whole
    ]
    assert after.text == ERBIL


def test_events_read_from_parts_are_those_of_the_text_parsed_whole(extractor):
    """The parts of a long text are cut at its paragraphs: what is read from them is what is
    read from the text parsed at once, every span an offset into the whole text."""
    from warlog.model import Document

    text = "\n\n".join([AIRSTRIKES, TARGETS, FOUR_ATTACKS, ERBIL])
    document = Document("report", text)
    [whole] = parse_texts(extractor.nlp, [text])
    [in_parts] = parse_texts(extractor.nlp, [text], whole_chars=400, part_chars=300)
    assert len(text) > 400 and whole.text == in_parts.text
    expected = extractor.extract(document, whole)
    found = extractor.extract(document, in_parts)
    assert found.events and found.events == expected.events
    assert found.tallies == expected.tallies
    for event in found.events:
        assert all(text[s.start : s.end] for s in event.spans.values())
        assert text[event.evidence.start : event.evidence.end] == event.evidence_text


def test_the_words_forms_read_once_are_the_tokens_own(extractor):
    """word_forms(): each token's lower-case form and lemma, as spaCy gives them token by token."""
    doc = extractor.nlp("Militants Attacked a checkpoint in Kandahar.\n\nTwo soldiers were killed, officials said.")
    lowers, lemmas = word_forms(doc)
    assert lowers == [t.lower_ for t in doc]
    assert lemmas == [t.lemma_.lower() for t in doc]
    assert word_forms(doc) is word_forms(doc)  # read once per document


def test_words_among_finds_a_sentence_s_words_by_lemma_or_form(extractor):
    """words_among(): 'killed' by its lemma, 'officials' by its form, in order, within the span only."""
    doc = extractor.nlp("Militants attacked a checkpoint in Kandahar. Two soldiers were killed, officials said.")
    second = list(doc.sents)[1]
    assert [t.text for t in words_among(second, {"kill", "attack"}, {"officials"})] == ["killed", "officials"]
    assert words_among(second) == []
