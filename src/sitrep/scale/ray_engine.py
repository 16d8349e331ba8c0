"""`--engine ray`: the documents' analyses computed by a pool of Ray workers.

The driver hands the documents to Ray Data as pickled `Document`s, each with its position in the
input; `map_batches` runs them through an actor pool whose actors each load the spaCy pipeline,
the gazetteer and the classifier once. Each analysis comes back pickled with its position, so the
driver puts them back in input order whatever order Ray finishes them in, and stores or prints
them exactly as the local pipeline's. A worker that dies is restarted and its batch run again:
a batch's results reach the driver only once, when it completes.
"""

from __future__ import annotations

import logging
import os
import pickle
import resource
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sitrep.errors import MissingPart
from sitrep.model import Document
from sitrep.pipeline import Analysis, Ingested, Pipeline

if TYPE_CHECKING:
    import numpy as np

    from sitrep.store import Store

BATCH_SIZE = 16  # documents per task: as the local pipeline's spaCy batches


class DocumentAnalyzer:
    """One Ray worker: the pipeline loaded once, applied to batch after batch."""

    def __init__(self) -> None:
        self.pipeline = Pipeline(["events"])  # events rest on every other stage: all of them
        # loaded now, not in the first batch, so that no batch pays for it (or times out on it)
        _ = self.pipeline.language, self.pipeline.actor_dictionary, self.pipeline.classifier

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        documents = [pickle.loads(data) for data in batch["document"]]
        analyses = [pickle.dumps(analysis) for analysis in self.pipeline.analyze(documents)]
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "position": list(batch["position"]),
            "analysis": analyses,
            "worker": [os.getpid()] * len(analyses),
            "peak_kib": [usage.ru_maxrss] * len(analyses),  # kilobytes on Linux
            "cpu_seconds": [usage.ru_utime + usage.ru_stime] * len(analyses),
        }


@dataclass
class WorkerUsage:
    """What one worker process had used by its last batch: for sizing a deployment."""

    peak_kib: int = 0  # its peak memory (max RSS)
    cpu_seconds: float = 0.0  # loading its models included


@dataclass
class RayEngine:
    """Analyses computed on Ray; `address` None starts a local Ray of `workers` CPUs, "auto" joins
    the cluster this machine belongs to, "ray://HOST:PORT" one through Ray Client.

    The workers open the gazetteer and the classifier of their data directory: on one machine,
    the driver's, which must be built before they start (the CLI's `_pipeline` builds them), or
    each worker would build its own at once."""

    pipeline: Pipeline  # stores in the driver; the workers load their own, every stage
    workers: int = 2
    address: str | None = None
    analyzer: type[DocumentAnalyzer] = DocumentAnalyzer
    worker_usage: dict[int, WorkerUsage] = field(default_factory=dict)  # by worker process id

    def analyze(self, documents: Iterable[Document]) -> Iterator[Analysis]:
        """Each document's analysis, in input order, as `Pipeline.analyze` yields it."""
        ray = self.connect()
        rows = [{"position": i, "document": pickle.dumps(d)} for i, d in enumerate(documents)]
        if not rows:
            return
        # a block per batch, and at least one per worker, so that every worker has work (and no
        # more workers than blocks load the models for nothing)
        blocks = min(len(rows), max(self.workers, -(-len(rows) // BATCH_SIZE)))
        dataset = ray.data.from_items(rows, override_num_blocks=blocks)
        # Ray Data's actors restart when they die and their batches run again (max_restarts and
        # max_task_retries -1 by default)
        analysed = dataset.map_batches(
            self.analyzer,
            batch_size=BATCH_SIZE,
            compute=ray.data.ActorPoolStrategy(size=min(self.workers, blocks)),
            num_cpus=1,
        )
        waiting: dict[int, Analysis] = {}
        following = 0
        for batch in analysed.iter_batches(batch_size=None, batch_format="numpy"):
            for position, data in zip(batch["position"], batch["analysis"], strict=True):
                waiting[int(position)] = pickle.loads(data)
            for worker, peak, cpu in zip(
                batch["worker"], batch["peak_kib"], batch["cpu_seconds"], strict=True
            ):
                usage = self.worker_usage.setdefault(int(worker), WorkerUsage())
                usage.peak_kib = max(usage.peak_kib, int(peak))
                usage.cpu_seconds = max(usage.cpu_seconds, float(cpu))
            while following in waiting:
                yield waiting.pop(following)
                following += 1

    def ingest(self, store: Store, documents: Iterable[Document]) -> Iterator[Ingested]:
        """`Pipeline.ingest`, with the analyses computed on Ray."""
        return self.pipeline.ingest(store, documents, analyze=self.analyze)

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
    return ray
