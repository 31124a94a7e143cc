"""Page clutter: infobox rows and headings are never evidence of an event (extract/clutter.py)."""

from __future__ import annotations

PAGE = """2019 Kano market bombing
Part of the Boko Haram insurgency
Location Kano, Nigeria
Date 4 May 2019
Attack type
Suicide bombing
Deaths 12

Background

Drones struck a market in Kano on 4 May 2019, killing 12 people."""


def test_infobox_rows_and_headings_give_no_events(events):
    found = events(PAGE, "2019-05-06")
    assert [(e.location, str(e.date)) for e in found] == [("Kano", "2019-05-04")]


def test_a_heading_gives_no_event(events):
    found = events("Strikes in Syria\n\nDrones struck a market in Kano on 4 May 2019.", "2019-05-20")
    assert [e.location for e in found] == ["Kano"]


def test_a_wiki_heading_with_a_year_gives_no_event(events):
    """is_clutter(): '= 2015 Sanaa mosque bombing =' is a page title, dated or not."""
    found = events(
        "= September 2015 Sanaa mosque bombing =\n\nOn 24 September 2015, a suicide bombing hit a mosque in Sanaa.",
        "2015-09-25",
    )
    assert [(e.location, str(e.date)) for e in found] == [("Sanaa", "2015-09-24")]


def test_the_headlines_a_page_cites_under_related_news_and_sources_are_no_events(events):
    found = events(
        "On Sunday, an Israeli air strike on a mosque in Beit Lahiya killed 13 people, medical workers said.\n\n"
        "Related news\n"
        ' "Israel launches air strikes on Gaza" — Wikinews, December 27, 2008\n\n'
        "Sources\n"
        ' "Israeli troops enter Gaza after week of air strikes" — BBC News, January 4, 2009',
        "2009-01-05",
    )
    assert [(e.location, e.fatalities) for e in found] == [("Beit Lahiya", 13)]
