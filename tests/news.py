"""News-like text and hand-built records for the tests.

The English sentences are from the bundled example articles (src/warlog/examples/); the
French and German ones report the same strikes and are turned away as not English.
Events and tallies are built the way an extractor would: each field points at the words
of the document it was read from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from warlog.model import Document, EventMention, Evidence, Extraction, Tally

AIRSTRIKES = (
    "The US Air Force carried out two airstrikes on two targets in Syria that belong to "
    "pro-Iranian groups. The agency reported this on November 12 Reuters with reference "
    "to a source in the US Department of Defense."
)
TARGETS = (
    "One of the targets of the US Air Force was a command post, and the second was a "
    "weapons depot, the agency's interlocutor added, adding that the strikes took place "
    "over the past few hours."
)
ATTACKED_46_TIMES = (
    "Earlier, on November 9, Pentagon Deputy Press Secretary Sabrina Singh said that US "
    "forces in Iraq and Syria have been attacked 46 times since October 17, resulting in "
    "56 casualties."
)
FOUR_ATTACKS = (
    "American and international forces suffered four attacks from Iraq and Syria on "
    "Thursday, November 23. This is reported by Reuters with reference to an American "
    "official."
)
ERBIL = (
    "In addition, in Iraq, several drones were launched from the Ain al-Asad air base "
    "west of Baghdad in the direction of the deployment of US forces near Erbil airport "
    "in the north of the country."
)
TALLY_36_37 = (
    "US officials say that as of November 23, there have been 36 attacks on international "
    "and US forces in Iraq and 37 in Syria."
)
# The same news in French and in German: turned away by language detection.
FRENCH = (
    "L'armée de l'air américaine a mené deux frappes aériennes contre deux cibles en Syrie "
    "appartenant à des groupes pro-iraniens, a rapporté l'agence Reuters le 12 novembre, "
    "citant une source au sein du ministère américain de la Défense."
)
GERMAN = (
    "Die US-Luftwaffe hat nach Angaben des Verteidigungsministeriums in Washington zwei "
    "Luftangriffe auf Ziele in Syrien geflogen, die proiranischen Gruppen zugerechnet "
    "werden. Getroffen wurden ein Kommandoposten und ein Waffenlager."
)




def article(doc_id: str, *sentences: str, **fields: Any) -> Document:
    """A document made of the given sentences, one paragraph each."""
    return Document(doc_id=doc_id, text="\n\n".join(sentences), **fields)


def span(document: Document, words: str) -> Evidence:
    """Where ``words`` stand in the document's text (they must be there)."""
    start = document.text.index(words)
    return Evidence(document.doc_id, start, start + len(words))


def event_in(document: Document, sentence: str, **fields: Any) -> EventMention:
    """An event read from ``sentence``; string fields found in it get a span each."""
    fields.setdefault("event_type", "Explosions/Remote violence")
    fields.setdefault("sub_event_type", "Air/drone strike")
    evidence = span(document, sentence)
    spans = {}
    for name, value in fields.items():
        if name in ("event_type", "sub_event_type") or not isinstance(value, str):
            continue
        if (at := sentence.find(value)) >= 0:
            start = evidence.start + at
            spans[name] = Evidence(document.doc_id, start, start + len(value))
    return EventMention(
        doc_id=document.doc_id,
        evidence=evidence,
        evidence_text=sentence,
        spans=spans,
        **fields,
    )


def tally_in(document: Document, sentence: str, **fields: Any) -> Tally:
    return Tally(
        doc_id=document.doc_id,
        evidence=span(document, sentence),
        evidence_text=sentence,
        **fields,
    )


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def airstrikes_report() -> tuple[Document, Extraction]:
    """Example 000: two US airstrikes in Syria, and a running count of attacks."""
    document = article(
        "000_airstrikes",
        AIRSTRIKES,
        TARGETS,
        ATTACKED_46_TIMES,
        published=day("2023-11-12"),
        title="US strikes pro-Iranian groups in Syria",
        url="https://news.example/2023/11/12/us-strikes-syria",
        source="Example News",
        origin="000_airstrikes.txt",
    )
    strike = event_in(
        document,
        AIRSTRIKES,
        date=day("2023-11-12"),
        time_precision=1,
        actor1="US Air Force",
        actor2="pro-Iranian groups",
        country="SY",
        location="Syria",
        geo_precision=4,
        latitude=34.8,
        longitude=38.99,
        weapons=("aircraft",),
        quantity=2,
        outcome="hit",
    )
    count = tally_in(
        document,
        ATTACKED_46_TIMES,
        count=46,
        qualifier="exact",
        unit="attacks",
        target="United States military",
        countries=("IQ", "SY"),
        since=day("2023-10-17"),
        as_of=day("2023-11-09"),
        speaker="Sabrina Singh",
        spans={"speaker": span(document, "Sabrina Singh")},
    )
    return document, Extraction(events=[strike], tallies=[count])


def erbil_report() -> tuple[Document, Extraction]:
    """Example 003: drones launched towards US forces near Erbil, and counts per country."""
    document = article(
        "003_erbil",
        FOUR_ATTACKS,
        ERBIL,
        TALLY_36_37,
        published=day("2023-11-24"),
        title="US military in Middle East attacked by missiles and drones",
        origin="003_erbil.txt",
    )
    drones = event_in(
        document,
        ERBIL,
        sub_event_type="Shelling/artillery/missile attack",
        date=day("2023-11-23"),
        time_precision=1,
        actor2="US forces",
        country="IQ",
        location="Erbil airport",
        latitude=36.2376,
        longitude=43.9632,
        geo_precision=1,
        weapons=("drone",),
        outcome="unknown",
    )
    in_iraq, in_syria = (
        tally_in(
            document,
            TALLY_36_37,
            count=number,
            qualifier="exact",
            unit="attacks",
            countries=(country,),
            as_of=day("2023-11-23"),
            speaker="US officials",
        )
        for number, country in ((36, "IQ"), (37, "SY"))
    )
    return document, Extraction(events=[drones], tallies=[in_iraq, in_syria])
