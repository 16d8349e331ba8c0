"""Throughput of the Ray engine with one and with two workers, against the local engine.

    SITREP_DATA=.sitrep .venv/bin/python benchmarks/bench_scale.py [--docs N] [--corpus newswire|fakes]
        [--engines local,ray1,ray2] [--from-file]

The same documents as bench_extract.py (TE3 silver newswire, or the FA-KES articles), analysed in
full (places, actors, times, events) by each engine in turn: `local`, one process as `sitrep
extract` runs; `rayN`, a local Ray with N workers, as `sitrep extract --engine ray --workers N`
runs. For each it prints the wall time from the first document handed over to the last analysis
back (Ray: the workers' start and model loading included), docs/s over it, docs/s after the
first analysis came back (the workers loaded and busy), the peak memory of each worker process
and the CPU seconds it used. Every engine must find the same events; the run stops if one does not.

With --from-file the documents are first written to one JSON Lines file, and each engine reads it
as `sitrep extract FILE` does: the local engine with `sitrep.ingest.read`, Ray with Ray Data's
reading tasks (`RayEngine.read`), so the reading is timed too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per worker, as the figures claim
sys.path.insert(0, str(Path(__file__).parent))

from bench_extract import CORPORA  # noqa: E402

from sitrep import ingest  # noqa: E402
from sitrep.model import Document, Event  # noqa: E402
from sitrep.pipeline import Analysis, Pipeline  # noqa: E402
from sitrep.scale.ray_engine import BATCH_SIZE, RayEngine, start_ray  # noqa: E402


def timed(analyses: list[Analysis], run) -> tuple[float, float]:
    """Fill `analyses` from the run; (seconds in all, seconds after the first analysis)."""
    start = time.perf_counter()
    first = None
    for analysis in run:
        analyses.append(analysis)
        first = first or time.perf_counter()
    end = time.perf_counter()
    return end - start, end - (first or end)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="how many documents (default 2000)")
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="newswire")
    parser.add_argument("--engines", default="local,ray1,ray2", help="which, in order (default all)")
    parser.add_argument("--from-file", action="store_true", help="read the documents from a JSON Lines file")
    args = parser.parse_args()
    documents: list[Document] = CORPORA[args.corpus](args.docs)
    corpus_file = Path(tempfile.mkdtemp()) / f"{args.corpus}.jsonl"
    if args.from_file:
        records = (
            {"id": d.id, "text": d.text, "published": d.published and d.published.isoformat()}
            for d in documents
        )
        corpus_file.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    words = sum(len(d.text.split()) for d in documents)
    print(f"{args.corpus}: {len(documents)} documents, {words} words; load average {os.getloadavg()}")

    pipeline = Pipeline()
    _ = pipeline.gazetteer, pipeline.classifier  # built before any worker opens them
    reference: list[list[Event]] | None = None
    for engine_name in args.engines.split(","):
        analyses: list[Analysis] = []
        if engine_name == "local":
            _ = pipeline.language, pipeline.actor_dictionary  # loaded before timing, as bench_extract
            read = (item for item in ingest.read([corpus_file]) if isinstance(item, Document))
            seconds, after_first = timed(analyses, pipeline.analyze(read if args.from_file else documents))
            peaks = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (the process)"
        else:
            workers = int(engine_name.removeprefix("ray"))
            ray = start_ray(address=None, cpus=workers)
            engine = RayEngine(pipeline, workers=workers)
            run = (item for item in engine.read([str(corpus_file)]) if isinstance(item, Analysis))
            seconds, after_first = timed(analyses, run if args.from_file else engine.analyze(documents))
            usage = engine.worker_usage.values()
            peaks = ", ".join(f"{u.peak_kib / 1024:.0f} MB ({u.cpu_seconds:.0f} CPU s)" for u in usage)
            ray.shutdown()
        events = [a.events for a in analyses]
        if reference is None:
            reference = events
        elif events != reference:
            sys.exit(f"{engine_name} found other events than {args.engines.split(',')[0]}")
        steady = (len(documents) - BATCH_SIZE) / after_first if after_first else float("nan")
        print(
            f"{engine_name:6} {seconds:7.1f} s {len(documents) / seconds:6.1f} docs/s "
            f"{words / seconds:7.0f} words/s | after the first batch {steady:6.1f} docs/s | "
            f"events {sum(map(len, events))} | peak memory per worker: {peaks}; load average {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
