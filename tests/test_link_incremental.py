"""Incremental linking: batches linked as they come give the store one full run gives.

The development set's real reports (tests/data/dev/texts), extracted once, are stored in
random orders and batch sizes, each batch linked incrementally; the store is then linked
again in full, and everything linking writes must be the same: incidents with every field,
each mention's decision, relations, the events' incidents, raw clusters and read dates,
copy groups, the map's cells and the facets. The set holds back-references and relations;
the cases it does not hold (no year-suspect, copy or unplaced join) are coded by hand: a
back-reference, a year-suspect that moves, a person's split, an unplaced report, near-copies
of a stored story that rename its source, a relation stated ninety days back, and a report
with no date at all.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from warlog import increment
from warlog.cli import app
from warlog.ingest import Reader
from warlog.link import Override, relink
from warlog.model import Document, Extraction
from warlog.store import Store
from warlog.store.schema import (
    document_signatures,
    documents,
    events,
    incident_cells,
    incident_decisions,
    incident_facets,
    incident_relations,
    incidents,
)
from news import article, event_in

DEV_TEXTS = Path(__file__).parent / "data" / "dev" / "texts"


@pytest.fixture(scope="module")
def dev_reports(extractor) -> list[tuple[Document, Extraction]]:
    """The development set, read and extracted once for the module."""
    with Reader() as reader:
        found = [d for d in reader.read([str(DEV_TEXTS)]) if isinstance(d, Document)]
    return [(document, extractor(document)) for document in found]


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """How each relink ran: "increment", or "full" when the increment gave up."""
    runs: list[str] = []
    real = increment.relink_increment

    def counted(store: Store):
        linking = real(store)
        runs.append("full" if linking is None else "increment")
        return linking

    monkeypatch.setattr(increment, "relink_increment", counted)
    yield runs


def snapshot(store: Store) -> dict[str, list]:
    """Everything linking writes, by names that do not depend on row ids."""
    with store.engine.connect() as connection:

        def rows(query: sa.Select) -> list:
            return sorted(repr(tuple(row)) for row in connection.execute(query))

        by_doc = documents.c.id == events.c.document_id
        return {
            "incidents": rows(sa.select(*incidents.c)),
            "decisions": rows(sa.select(incident_decisions)),
            "relations": rows(sa.select(*(c for c in incident_relations.c if c.name != "id"))),
            "events": rows(sa.select(documents.c.doc_id, events.c.ordinal, events.c.incident, events.c.cluster,
                                     events.c.read_as).join(documents, by_doc)),  # fmt: skip
            "copies": rows(sa.select(documents.c.doc_id, document_signatures.c.copy_group,
                                     document_signatures.c.relation_days)
                           .join(documents, documents.c.id == document_signatures.c.document_id)),  # fmt: skip
            "facets": rows(sa.select(incident_facets)),
            # the sums behind a cluster's mean point move by differences: equal to the 9th digit
            "cells": sorted(repr({**row._asdict(), "latitudes": round(row.latitudes, 9),
                                  "longitudes": round(row.longitudes, 9)})
                            for row in connection.execute(sa.select(incident_cells))),  # fmt: skip
        }


def link_in_batches(store: Store, reports: list[tuple[Document, Extraction]], sizes: list[int]) -> None:
    start = 0
    for number in range(len(reports)):
        if start >= len(reports):
            break
        size = sizes[number % len(sizes)]
        for document, extraction in reports[start : start + size]:
            store.add(document, extraction, "test")
        relink(store)
        start += size


def assert_same_as_full_run(store: Store) -> dict[str, list]:
    linked = snapshot(store)
    relink(store, full=True)
    again = snapshot(store)
    for table in linked:
        assert linked[table] == again[table], table
    return linked


@pytest.mark.parametrize(("seed", "sizes"), [(1, [1, 4]), (2, [9, 2]), (3, [25])])
def test_the_development_set_in_batches_links_as_one_full_run(
    store: Store, dev_reports: list, spied: list[str], seed: int, sizes: list[int]
) -> None:
    reports = list(dev_reports)
    random.Random(seed).shuffle(reports)
    link_in_batches(store, reports, sizes)
    assert spied[0] == "full" and set(spied[1:]) == {"increment"}  # only the first run had nothing to resume
    linked = assert_same_as_full_run(store)
    assert len(linked["incidents"]) > 200 and linked["relations"]  # the real thing, not an empty store
    assert any("undated, published" in row for row in linked["decisions"])


# --------------------------------------------------------------------------- by hand

ASAD = "Ballistic missiles struck Ain al-Asad Air Base in Anbar"
RECENT = "The recent attack on the air base caused brain injuries"
K1 = "More than 30 rockets struck K-1 Air Base near Kirkuk"
ASAD_AT = {"country": "IQ", "location": "Ain al-Asad Air Base", "latitude": 33.8, "longitude": 42.44,
           "geo_precision": 1}  # fmt: skip
K1_AT = {"country": "IQ", "location": "K-1 Air Base", "latitude": 35.5125, "longitude": 44.2817, "geo_precision": 1}


def report(doc_id: str, sentence: str, published: dt.date, text: str | None = None, **fields) -> tuple:
    """A stored report of one event, coded by hand (a shelling by day unless ``fields`` say otherwise)."""
    document = article(doc_id, text or f"{sentence}, {doc_id} reported.", published=published)
    fields = {"sub_event_type": "Shelling/artillery/missile attack", "time_precision": 1, **fields}
    return document, Extraction(events=[event_in(document, sentence, **fields)])


def asad(doc_id: str, published: dt.date, **fields) -> tuple:
    return report(doc_id, ASAD, published, date=dt.date(2020, 1, 8), actor1="Iranian military",
                  actor2="United States military", **{**ASAD_AT, **fields})  # fmt: skip


def k1(doc_id: str, day: dt.date, published: dt.date) -> tuple:
    return report(doc_id, K1, published, date=day, actor1="Kataib Hezbollah", actor2="United States military",
                  weapons=("rocket",), **K1_AT)  # fmt: skip


def test_a_back_reference_in_a_later_batch_joins_the_attack(store: Store, spied: list[str]) -> None:
    brief = report("brief", RECENT, dt.date(2020, 1, 20), date=None, actor2="United States military", **ASAD_AT)
    reports = [asad("wire", dt.date(2020, 1, 8)), asad("pentagon", dt.date(2020, 1, 9)), brief]
    link_in_batches(store, reports, [2, 1])
    assert spied == ["full", "increment"]
    assert_same_as_full_run(store)
    [incident] = store.incidents()
    assert sorted(incident.mentions) == ["brief#0", "pentagon#0", "wire#0"]


@pytest.mark.parametrize("misread_first", [False, True])
def test_a_year_suspect_is_read_in_the_year_of_the_batch_that_tells_it(
    store: Store, spied: list[str], misread_first: bool
) -> None:
    """'On December 27, more than 30 rockets ...' in a story of January 2020, read as 2020:
    linked before the reports of 2019 arrive it stands in its own year, then moves."""
    misread = k1("followup", dt.date(2020, 12, 27), dt.date(2020, 1, 2))
    reports = [k1("wikipedia", dt.date(2019, 12, 27), dt.date(2019, 12, 28)),
               k1("dod", dt.date(2019, 12, 27), dt.date(2019, 12, 29))]  # fmt: skip
    link_in_batches(store, [misread, *reports] if misread_first else [*reports, misread], [1])
    assert spied == ["full", "increment", "increment"]
    assert_same_as_full_run(store)
    [incident] = store.incidents()
    assert incident.documents == 3 and incident.date == dt.date(2019, 12, 27)
    assert any(r.startswith("year read as 2019") for d in store.decisions(incident.incident_id) for r in d.reasons)


def test_a_persons_split_holds_when_a_batch_reaches_it(store: Store, spied: list[str]) -> None:
    link_in_batches(store, [asad("wire", dt.date(2020, 1, 8)), asad("pentagon", dt.date(2020, 1, 9))], [2])
    store.add_override(Override("split", ("pentagon#0",), ("wire#0",)))
    relink(store)
    for document, extraction in [asad("reuters", dt.date(2020, 1, 10)),
                                 k1("far", dt.date(2019, 12, 27), dt.date(2019, 12, 28))]:  # fmt: skip
        store.add(document, extraction, "test")
        relink(store)
    # the new split is replayed by a full run; a batch beside it, in full as well; one far off, incrementally
    assert spied == ["full", "full", "full", "increment"]
    assert_same_as_full_run(store)
    assert ["pentagon#0"] in [i.mentions for i in store.incidents()]


@pytest.mark.parametrize("unplaced_first", [False, True])
def test_an_unplaced_report_joins_the_attack_whichever_comes_first(
    store: Store, spied: list[str], unplaced_first: bool
) -> None:
    unread = report("statement", ASAD, dt.date(2020, 1, 9), date=dt.date(2020, 1, 8), actor1="Iranian military",
                    weapons=("missile",))  # fmt: skip
    placed = [asad("wire", dt.date(2020, 1, 8), weapons=("missile",)), asad("cnn", dt.date(2020, 1, 8))]
    link_in_batches(store, [unread, *placed] if unplaced_first else [*placed, unread], [1])
    assert set(spied[1:]) == {"increment"}
    assert_same_as_full_run(store)
    [incident] = store.incidents()
    assert sorted(incident.mentions) == ["cnn#0", "statement#0", "wire#0"] and incident.country == "IQ"


def test_a_copy_of_a_stored_story_renames_the_source_of_the_later_copies(store: Store, spied: list[str]) -> None:
    """A wire story stored as 'c-site' and its copy 'e-site', then an earlier-named copy
    'a-site': all are one source, named by the first doc_id, so the stored ones change group."""
    words = " ".join(f"word{n}" for n in range(120))
    story = f"{ASAD} on Wednesday. {words}."
    copies = {doc: story.replace(word, "changed") for doc, word in (("e-site", "word30"), ("a-site", "word60"))}
    reports = [report(doc, ASAD, day, text=text, date=dt.date(2020, 1, 8), actor1="Iranian military",
                      actor2="United States military", **ASAD_AT)
               for doc, day, text in (("c-site", dt.date(2020, 1, 8), story), ("d-other", dt.date(2020, 1, 9), None),
                                      ("e-site", dt.date(2020, 1, 9), copies["e-site"]),
                                      ("a-site", dt.date(2020, 1, 9), copies["a-site"]))]  # fmt: skip
    link_in_batches(store, reports, [3, 1])
    assert spied == ["full", "increment"]
    assert_same_as_full_run(store)
    # e-site, a copy of c-site, follows it to the group of the new first copy
    assert {doc: group for doc, group in store.copy_groups().items() if doc != "d-other"} == dict.fromkeys(
        ["a-site", "c-site", "e-site"], "a-site")
    [incident] = store.incidents()
    assert (incident.documents, incident.sources) == (4, 2)


@pytest.mark.parametrize("statement_first", [False, True])
def test_a_relation_stated_ninety_days_back_is_found_whichever_comes_first(
    store: Store, spied: list[str], statement_first: bool
) -> None:
    """'US aircraft struck ... 90 days after the rocket attack on K-1': the strike follows an
    attack further back than relations look by default, and either report may come first."""
    strike = "US aircraft struck Kataib Hezbollah depots in Qaim"
    statement = report("strike", strike, dt.date(2020, 3, 27), text=f"{strike}, 90 days after the rocket attack.",
                       sub_event_type="Air/drone strike", date=dt.date(2020, 3, 26), actor1="United States military",
                       actor2="Kataib Hezbollah", country="IQ", location="Al-Qaim", latitude=34.37, longitude=41.09,
                       geo_precision=1)  # fmt: skip
    attack = k1("wikipedia", dt.date(2019, 12, 27), dt.date(2019, 12, 28))
    link_in_batches(store, [statement, attack] if statement_first else [attack, statement], [1])
    assert spied == ["full", "increment"]
    linked = assert_same_as_full_run(store)
    [relation] = [r for i in store.incidents() for r in store.relations(i.incident_id)][:1]
    assert (relation.kind, relation.key, relation.cue) == ("after", "strike#0", "90 days after")
    assert len(linked["relations"]) == 1


def test_a_report_with_no_date_at_all_stands_alone_and_a_reprocessed_one_relinks_all(
    store: Store, spied: list[str]
) -> None:
    undated = report("nodate", RECENT, None, date=None, actor2="United States military", **ASAD_AT)  # type: ignore[arg-type]
    link_in_batches(store, [asad("wire", dt.date(2020, 1, 8)), undated], [1])
    assert spied == ["full", "increment"]
    assert sorted(i.mentions for i in store.incidents()) == [["nodate#0"], ["wire#0"]]
    document, extraction = asad("wire", dt.date(2020, 1, 8), fatalities=2)
    store.replace_extraction("wire", extraction, "test 2")  # its old events are gone: only a full run knows
    relink(store)
    assert spied[-1] == "full"
    assert_same_as_full_run(store)


def test_warlog_link_is_incremental_and_full_on_demand(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    with Store(db) as store:
        for document, extraction in [asad("wire", dt.date(2020, 1, 8)), asad("pentagon", dt.date(2020, 1, 9))]:
            store.add(document, extraction, "test")
    runner = CliRunner()
    assert "linked 2 event mentions into 1 incidents" in runner.invoke(app, ["link", "--db", db]).stdout
    assert "linked 0 event mentions into 0 incidents" in runner.invoke(app, ["link", "--db", db]).stdout
    with Store(db) as store:
        document, extraction = asad("cnn", dt.date(2020, 1, 9))
        store.add(document, extraction, "test")
    shown = " ".join(runner.invoke(app, ["link", "--db", db]).stdout.split())
    assert "linked 3 event mentions into 1 incidents" in shown and "the store holds 3 events in 1 incidents" in shown
    assert "linked 3 event mentions into 1 incidents" in runner.invoke(app, ["link", "--full", "--db", db]).stdout
