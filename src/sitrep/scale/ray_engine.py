"""`--engine ray`: the inputs read and analysed by Ray Data, on a pool of Ray workers.

The driver only lists the inputs (`sitrep.ingest.sources`: files, the report files of folders,
standard input). Ray Data reads them with sitrep's readers in `flat_map` tasks, streaming, and
`map_batches` analyses the documents on an actor pool whose actors each load the spaCy pipeline,
the gazetteer and the classifier once. Every row carries its source's position in the input, its
index among that source's items and their count, so the driver puts documents, reading problems
and notes back in input order whatever order Ray finishes them in, and stores or prints them as
the local pipeline would. A worker that dies is restarted and its batch run again: a batch's
results reach the driver only once, when it completes.

On a cluster, the workers read the inputs at the paths the driver lists: a filesystem every node
mounts at the same place, as for Ray Data's own readers. Standard input is read by the driver.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
import resource
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sitrep.errors import MissingPart
from sitrep.ingest import Item, read_source, sources
from sitrep.model import Document
from sitrep.pipeline import Analysis, Pipeline

if TYPE_CHECKING:
    import numpy as np

    from sitrep.store import Store

BATCH_SIZE = 16  # documents per task: as the local pipeline's spaCy batches
READ_BLOCK_BYTES = 256 * 1024  # blocks of read documents: a big JSON Lines file spreads over workers


def read_rows(row: dict[str, Any], published: dt.date | None) -> list[dict[str, Any]]:
    """Ray Data's reading task: one source read into its items (documents, problems, notes), each
    a row with the source's position, its index and their count. A source that yields nothing
    still gives one row (item None), so that the driver does not wait for it. Runs on no CPU of
    its own: the analysers hold every CPU, and a reader waiting for one would never start."""
    source = pickle.loads(row["source"])  # a path, "-", or a problem or note of the listing
    items: list[Item | None] = (
        list(read_source(source, published, row["data"] or None)) if isinstance(source, str) else [source]
    )
    return [
        {
            "position": row["position"],
            "index": index,
            "count": len(items or [None]),
            "item": pickle.dumps(item),
        }
        for index, item in enumerate(items or [None])
    ]


class DocumentAnalyzer:
    """One Ray worker: the pipeline loaded once, applied to batch after batch of read items."""

    def __init__(self) -> None:
        self.pipeline = Pipeline(["events"])  # events rest on every other stage: all of them
        # loaded now, not in the first batch, so that no batch pays for it (or times out on it)
        _ = self.pipeline.language, self.pipeline.actor_dictionary, self.pipeline.classifier

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        """Each document's analysis in its place; problems and notes pass through as they are."""
        items = [pickle.loads(data) for data in batch["item"]]
        analyses = self.pipeline.analyze([item for item in items if isinstance(item, Document)])
        results = [
            pickle.dumps(next(analyses)) if isinstance(item, Document) else data
            for item, data in zip(items, batch["item"], strict=True)
        ]
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "position": list(batch["position"]),
            "index": list(batch["index"]),
            "count": list(batch["count"]),
            "item": results,
            "worker": [os.getpid()] * len(results),
            "peak_kib": [usage.ru_maxrss] * len(results),  # kilobytes on Linux
            "cpu_seconds": [usage.ru_utime + usage.ru_stime] * len(results),
        }


@dataclass
class WorkerUsage:
    """What one worker process had used by its last batch: for sizing a deployment."""

    peak_kib: int = 0  # its peak memory (max RSS)
    cpu_seconds: float = 0.0  # loading its models included


@dataclass
class RayEngine:
    """Reading and analysis on Ray; `address` None starts a local Ray of `workers` CPUs, "auto"
    joins the cluster this machine belongs to, "ray://HOST:PORT" one through Ray Client.

    The workers open the gazetteer and the classifier of their data directory: on one machine,
    the driver's, which must be built before they start (the CLI's `_pipeline` builds them), or
    each worker would build its own at once."""

    pipeline: Pipeline  # stores in the driver; the workers load their own, every stage
    workers: int = 2
    address: str | None = None
    analyzer: type[DocumentAnalyzer] = DocumentAnalyzer
    worker_usage: dict[int, WorkerUsage] = field(default_factory=dict)  # by worker process id

    def read(self, inputs: Iterable[str], published: dt.date | None = None) -> Iterator[Item | Analysis]:
        """`sitrep.ingest.read` of the inputs with each document replaced by its analysis, in input
        order: the reading done by Ray Data's tasks, the analyses by the actor pool."""
        ray = self.connect()
        rows = [
            {
                "position": position,
                "source": pickle.dumps(source),
                # standard input is this process's: read here, the worker parses it
                "data": sys.stdin.buffer.read() if source == "-" else b"",
            }
            for position, source in enumerate(sources(inputs))
        ]
        if not rows:
            return
        # a block per source up to a batch of them per block: reading spreads over the workers
        blocks = min(len(rows), max(self.workers, -(-len(rows) // BATCH_SIZE)))
        read = ray.data.from_items(rows, override_num_blocks=blocks).flat_map(
            read_rows, fn_kwargs={"published": published}, num_cpus=0
        )
        # every worker: how many documents the sources hold is known only once they are read
        yield from self._analysed(ray, read, self.workers)

    def analyze(self, documents: Iterable[Document]) -> Iterator[Analysis]:
        """Each document's analysis, in input order, as `Pipeline.analyze` yields it: for
        documents read already (in memory), so only the analysis runs on Ray."""
        rows = [
            {"position": position, "index": 0, "count": 1, "item": pickle.dumps(document)}
            for position, document in enumerate(documents)
        ]
        if not rows:
            return
        ray = self.connect()
        # a block per batch, and at least one per worker, so that every worker has work (and no
        # more workers than blocks load the models for nothing)
        blocks = min(len(rows), max(self.workers, -(-len(rows) // BATCH_SIZE)))
        dataset = ray.data.from_items(rows, override_num_blocks=blocks)
        for result in self._analysed(ray, dataset, min(self.workers, blocks)):
            assert isinstance(result, Analysis)
            yield result

    def ingest(self, store: Store, inputs: Iterable[str], published: dt.date | None = None) -> Iterator[Any]:
        """`Pipeline.store_analyses` of `read`'s analyses; problems and notes pass through, in order."""
        return self.pipeline.store_analyses(store, self.read(inputs, published))

    def _analysed(self, ray: Any, rows: Any, actors: int) -> Iterator[Item | Analysis]:
        """The rows' items with documents analysed on the actor pool, back in input order."""
        # Ray Data's actors restart when they die and their batches run again (max_restarts and
        # max_task_retries -1 by default)
        analysed = rows.map_batches(
            self.analyzer,
            batch_size=BATCH_SIZE,
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=1,
        )
        waiting: dict[tuple[int, int], bytes] = {}
        counts: dict[int, int] = {}
        position = index = 0
        for batch in analysed.iter_batches(batch_size=None, batch_format="numpy"):
            for row in zip(batch["position"], batch["index"], batch["count"], batch["item"], strict=True):
                waiting[int(row[0]), int(row[1])] = row[3]
                counts[int(row[0])] = int(row[2])
            self._record_usage(batch)
            while (position, index) in waiting:
                item = pickle.loads(waiting.pop((position, index)))
                if item is not None:
                    yield item
                index += 1
                if index == counts[position]:
                    position, index = position + 1, 0

    def _record_usage(self, batch: dict[str, Any]) -> None:
        for worker, peak, cpu in zip(batch["worker"], batch["peak_kib"], batch["cpu_seconds"], strict=True):
            usage = self.worker_usage.setdefault(int(worker), WorkerUsage())
            usage.peak_kib = max(usage.peak_kib, int(peak))
            usage.cpu_seconds = max(usage.cpu_seconds, float(cpu))

    def connect(self) -> Any:
        """Ray, started or joined; ConnectionError when the cluster at `address` cannot be reached."""
        return start_ray(self.address, self.workers)


def start_ray(address: str | None, cpus: int) -> Any:
    """The `ray` module, joined to the cluster at `address`, else to a Ray started here on `cpus`
    CPUs (unless this process has one already)."""
    try:
        import ray
        import ray.data
    except ModuleNotFoundError:
        raise MissingPart("--engine ray needs Ray: pip install 'sitrep[ray]'") from None
    logging.getLogger("ray").setLevel(logging.ERROR)  # its start-up notes are no user's concern
    if not ray.is_initialized():
        # the workers read the same data directory and limits as the driver
        env = {name: value for name, value in os.environ.items() if name.startswith("SITREP_")}
        ray.init(
            address=address,
            num_cpus=None if address else cpus,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.ERROR,
            runtime_env={"env_vars": env} if env else None,
        )
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # configured apart from "ray", at INFO
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the CLI draws its own
    context.execution_options.preserve_order = False  # the driver reorders by position
    context.target_max_block_size = READ_BLOCK_BYTES
    return ray
