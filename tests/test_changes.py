"""What linking added since a mark, read from a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from warlog.link import relink
from warlog.model import Extraction
from warlog.store import Store
from warlog.store.changes import current_mark, linked_since
from news import AIRSTRIKES, airstrikes_report, article, day, erbil_report, event_in


def second_outlet_report():
    """Another outlet's report of example 000's strikes: it joins their incident."""
    document = article("001_wire", "Wire: " + AIRSTRIKES, published=day("2023-11-12"), source="Wire")
    strike = event_in(
        document, AIRSTRIKES, date=day("2023-11-12"), time_precision=1, actor1="US Air Force",
        actor2="pro-Iranian groups", country="SY", location="Syria", geo_precision=4, latitude=34.8,
        longitude=38.99, weapons=("aircraft",), quantity=2, outcome="hit",
    )  # fmt: skip
    return document, Extraction(events=[strike])


def incident_of(store: Store, doc_id: str) -> str:
    [event] = [e for e in store.events() if e.doc_id == doc_id]
    return event.incident


def test_a_report_is_told_once_it_is_linked_new_then_changed_by_another_source(store: Store) -> None:
    engine = store.engine
    assert current_mark(engine) == 0
    assert not linked_since(engine, 0) and linked_since(engine, 0).mark == 0

    store.add(*airstrikes_report(), "test")
    waiting = linked_since(engine, 0)
    assert (waiting.new, waiting.mark) == ((), 0)  # stored, not linked yet: the mark waits for it

    relink(store)
    first = linked_since(engine, 0)
    strikes = incident_of(store, "000_airstrikes")
    assert (first.new, first.changed, first.reports) == ((strikes,), (), 1)
    assert first.mark == current_mark(engine) > 0

    store.add(*erbil_report(), "test")
    store.add(*second_outlet_report(), "test")
    relink(store)
    second = linked_since(engine, first.mark)
    assert second.new == (incident_of(store, "003_erbil"),)
    assert second.changed == (strikes,) == (incident_of(store, "001_wire"),)
    assert second.reports == 2 and second.mark == current_mark(engine)
    assert not linked_since(engine, second.mark)  # nothing since: told once


def test_a_batch_reads_at_most_its_limit_and_a_catch_up_passes_unlinked_reports(store: Store) -> None:
    engine = store.engine
    store.add(*airstrikes_report(), "test")
    store.add(*erbil_report(), "test")
    relink(store)
    one = linked_since(engine, 0, limit=1)
    assert one.reports == 1 and len(one.new) == 1
    rest = linked_since(engine, one.mark)
    assert rest.reports == 1
    assert set(one.new + rest.new) == {incident_of(store, d) for d in ("000_airstrikes", "003_erbil")}

    mark = rest.mark
    store.add(*second_outlet_report(), "test")  # not linked
    assert linked_since(engine, mark).mark == mark
    caught_up = linked_since(engine, 0, through=current_mark(engine))
    assert caught_up.mark == current_mark(engine) and caught_up.reports == 2
