"""Ingest rate into the store, SQLite against PostgreSQL, on the same analysed documents.

    .venv/bin/python benchmarks/bench_store.py [--docs N] [--corpus fakes|newswire] [--postgres URL]

Analyses the documents once (timed apart, for comparison), then stores every analysis as `sitrep ingest` does
(`Store.add` with its events, mentions and happenings, then its control statements), one writer,
into a new SQLite file and into a new PostgreSQL database, and prints documents/s and events/s for
each: the figure is the database's, not the analysis's. Without --postgres, a throwaway cluster of
Debian's PostgreSQL (fsync on, as a real one) is started for the run and removed after.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from bench_extract import CORPORA

from sitrep.control.store import ControlStore
from sitrep.pipeline import Analysis, Pipeline
from sitrep.store import Store

ROOT = Path(__file__).resolve().parents[1]


def store_all(url: str, analyses: Sequence[Analysis]) -> tuple[float, int]:
    """Seconds to store every analysis into a new store at `url`, and the events stored."""
    store = Store(url)
    control = ControlStore(store)
    start = time.perf_counter()
    events = 0
    for analysis in analyses:
        stored = store.add(
            analysis.document, analysis.events, analysis.actors, analysis.places, analysis.times
        )
        if stored:
            control.add(analysis.document, analysis.control)
            events += len(analysis.events)
    seconds = time.perf_counter() - start
    store.engine.dispose()
    return seconds, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300, help="how many documents (default 300)")
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="fakes")
    parser.add_argument(
        "--postgres", metavar="URL", help="an empty PostgreSQL database (default: a throwaway one)"
    )
    args = parser.parse_args()
    documents = CORPORA[args.corpus](args.docs)
    pipeline = Pipeline()
    _ = pipeline.language, pipeline.gazetteer, pipeline.classifier, pipeline.actor_dictionary
    start = time.perf_counter()
    analyses = [a for a in pipeline.analyze(documents) if not a.error]
    seconds = time.perf_counter() - start
    print(
        f"documents analysed: {len(analyses)}  events: {sum(len(a.events) for a in analyses)}"
        f"  ({len(analyses) / seconds:.1f} documents/s: the analysis, for comparison)"
    )
    with ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        postgres = args.postgres
        if postgres is None:
            sys.path.insert(0, str(ROOT))
            from tests.postgres import cluster

            postgres = stack.enter_context(cluster(durable=True))
        for name, url in (("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}"), ("PostgreSQL", postgres)):
            seconds, events = store_all(url, analyses)
            print(
                f"{name:<10}: {len(analyses) / seconds:7.1f} documents/s {events / seconds:8.1f} events/s"
                f"  ({len(analyses)} documents, {events} events in {seconds:.1f} s)"
            )


if __name__ == "__main__":
    main()
