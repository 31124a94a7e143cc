"""Beyond one machine: extraction and linking on a Dask cluster (``dask.distributed``).

``--cluster ADDRESS`` sends the analyse, extract and resolve stages to the workers of an
existing cluster (``tcp://scheduler:8786``), or to a ``LocalCluster`` of N worker
processes for ``local:N``. Documents stream to the workers in partitions, a few per
worker in flight; each worker loads the language pipeline once (a worker plugin, run
again on a worker that replaces a lost one). The results come back in order and are
written by this process, one transaction per document, idempotently: a partition whose
worker died is simply computed again elsewhere (Dask retries it), and a document already
stored is refused by its content hash, so a lost worker costs a retry, never a duplicate
or a gap.

Linking runs on the cluster too: its partitions (one block of event type and country,
cut at quiet gaps, see :func:`warlog.link.partitions`) are linked by the workers, and the
overrides are replayed here over the whole.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dask
from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from warlog.extract import VERSION, build_extractor, in_order
from warlog.link import Linking, Mention, Override, link
from warlog.model import Document, Extraction

if TYPE_CHECKING:
    from distributed import Future

#: one BLAS thread per worker process: the processes are the parallelism
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: a local worker's statistical profiler samples the stack every few ms, and under the GIL
#: of pure-Python extraction that costs real time; a local cluster does without it
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": str(128 * 1024 * 1024),
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
}
#: how many times a partition is computed again after its worker was lost
RETRIES = 3


class ClusterError(Exception):
    """A cluster address that cannot be used, with the reason."""


def connect(address: str) -> Client:
    """A client of the cluster at ``address``, or of a new LocalCluster for ``local:N``."""
    if address.startswith("local:"):
        try:
            workers = int(address.removeprefix("local:"))
        except ValueError:
            raise ClusterError(f"{address}: expected local:N with N a number of workers") from None
        if workers < 1:
            raise ClusterError(f"{address}: a local cluster needs at least one worker")
        os.environ.update({k: v for k, v in SINGLE_THREADED.items() if k not in os.environ})
        dask.config.set(LOCAL_WORKER_CONFIG)
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, env=SINGLE_THREADED
        )
        client = Client(cluster)
        client.wait_for_workers(workers)  # so that each loads the extractor before any work
        return client
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError) as error:
        raise ClusterError(f"{address}: cannot reach the scheduler ({error})") from None


class LoadExtractor(WorkerPlugin):
    """Builds the extractor once in each worker, including one that replaces a lost worker."""

    name = "warlog-extractor"

    def __init__(self, knowledge_dir: Path | None = None, model: str | None = None):
        self.knowledge_dir = knowledge_dir
        self.model = model

    def setup(self, worker: Any) -> None:
        worker.warlog_extractor = build_extractor(self.knowledge_dir, self.model)


def extract_partition(documents: list[Document]) -> list[Extraction]:
    """Run on a worker: its extractor over one partition of documents."""
    return list(get_worker().warlog_extractor.extract_many(documents))


class ClusterExtractor:
    """The rule extractor on a Dask cluster, with the interface of the local extractors."""

    version = VERSION

    def __init__(self, address: str, knowledge_dir: Path | None = None, model: str | None = None,
                 partition_size: int = 16):  # fmt: skip
        self.client = connect(address)
        self.partition_size = partition_size
        self.client.register_plugin(LoadExtractor(knowledge_dir, model))

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info()["workers"]))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Partitions go to the workers, two per worker in flight; results come back in order."""

        def submit(partition: list[Document]) -> Future:
            return self.client.submit(extract_partition, partition, pure=False, retries=RETRIES)

        return in_order(submit, documents, self.partition_size, 2 * self.workers)

    def __call__(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def link(self, mentions: Iterable[Mention], overrides: list[Override]) -> Linking:
        """Linking with the partitions spread over the workers."""

        def cluster_map(function, partitions):  # noqa: ANN001, ANN202 (link's map_partitions)
            futures = self.client.map(function, partitions, pure=False, retries=RETRIES)
            return self.client.gather(futures)

        return link(mentions, overrides, map_partitions=cluster_map)

    def close(self) -> None:
        cluster = self.client.cluster
        self.client.close()
        if cluster is not None:
            cluster.close()

