"""The Dask path: a LocalCluster of worker processes extracts and links into PostgreSQL.

The corpus is the development set's real reports (tests/data/dev/texts). A clean run
on one process is the reference: the cluster, even with a worker killed mid-run, must
leave the store holding exactly the same documents, events, tallies and incidents.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from warlog.cluster import ClusterError, ClusterExtractor, connect
from warlog.export import event_record, tally_record
from warlog.ingest import Reader
from warlog.link import link, relink
from warlog.model import Document
from warlog.pipeline import Pipeline
from warlog.store import Store

DEV_TEXTS = Path(__file__).parent / "data" / "dev" / "texts"


def documents() -> list[Document]:
    with Reader() as reader:
        return [d for d in reader.read([str(DEV_TEXTS)]) if isinstance(d, Document)]


def contents(store: Store) -> dict:
    """What the store holds, without row ids: the thing two runs must agree on."""

    def without_incident(record: dict) -> dict:
        return {k: v for k, v in record.items() if k != "incident"}

    return {
        "documents": sorted((d.doc_id, d.content_hash) for d in store.documents()),
        "events": sorted(repr((e.doc_id, without_incident(event_record(e)))) for e in store.events()),
        "tallies": sorted(repr((t.doc_id, tally_record(t))) for t in store.tallies()),
        "incidents": sorted(tuple(i.mentions) for i in store.incidents()),
    }


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory, extractor) -> dict:
    with Store(str(tmp_path_factory.mktemp("clean") / "clean.db")) as store:
        Pipeline(store, extractor).ingest(documents())
        relink(store)
        return contents(store)


@pytest.fixture(scope="module")
def cluster() -> Iterator[ClusterExtractor]:
    extractor = ClusterExtractor("local:2", partition_size=4)
    try:
        yield extractor
    finally:
        extractor.close()


def test_two_workers_store_what_one_process_stores(cluster: ClusterExtractor, pg_url: str, clean_run: dict) -> None:
    with Store(pg_url) as store:
        report = Pipeline(store, cluster).ingest(documents())
        relink(store, cluster.link)
        assert (report.stored, report.failed) == (len(documents()), 0)
        assert contents(store) == clean_run


def test_a_worker_killed_mid_run_costs_a_retry_not_a_gap(
    cluster: ClusterExtractor, pg_url: str, clean_run: dict
) -> None:
    pids = cluster.client.run(os.getpid)
    victim = sorted(pids.values())[0]

    def killing_midway() -> Iterator[Document]:
        for number, document in enumerate(documents()):
            if number == 12:  # partitions are in flight on both workers by now
                os.kill(victim, signal.SIGKILL)
            yield document

    with Store(pg_url) as store:
        report = Pipeline(store, cluster).ingest(killing_midway())
        relink(store, cluster.link)
        assert (report.stored, report.failed) == (len(documents()), 0)
        assert contents(store) == clean_run
    assert victim not in cluster.client.run(os.getpid).values()  # it really died


def test_linking_on_the_cluster_gives_the_incidents_of_one_process(cluster: ClusterExtractor) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from link_scale import generate

    mentions, _ = generate(3000)
    here, there = link(mentions), cluster.link(mentions, [])
    assert sorted(map(tuple, (i.mentions for i in here.incidents))) == sorted(
        map(tuple, (i.mentions for i in there.incidents))
    )


def test_a_bad_cluster_address_is_a_clear_error() -> None:
    with pytest.raises(ClusterError, match="local:two: expected local:N"):
        connect("local:two")
    with pytest.raises(ClusterError, match="tcp://127.0.0.1:9: cannot reach the scheduler"):
        connect("tcp://127.0.0.1:9")
