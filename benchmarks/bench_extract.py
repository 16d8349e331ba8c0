"""Extraction throughput on one core, against a bare spaCy `nlp.pipe` over the same texts.

    SITREP_DATA=.sitrep .venv/bin/python benchmarks/bench_extract.py [--docs N] [--corpus newswire|fakes] [--repeat N]

Reads the TE3 silver newswire corpus (TimeML, tags stripped) or the FA-KES articles (Syrian war
reports, far denser in events than newswire) from ../shared, runs the bare English pipeline over it, then sitrep's whole extraction (places, actors, times, events), in one
process, and prints documents/s, words/s, their ratio and the peak memory of the process.
Models and the gazetteer are loaded before timing starts. `--repeat N` times the two N times, in
turn, and keeps the fastest of each: on a machine shared with other work, a single pair of runs
measures the other work as much as the code. The CPU seconds of the process (the fastest of each)
are printed too: they leave out the time other processes held the cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the figures claim

from sitrep.config import shared_path  # noqa: E402
from sitrep.model import Document  # noqa: E402

TAG = re.compile(r"<[^>]+>")


def read_newswire(limit: int) -> list[Document]:
    folder = shared_path("data", "corpus", "te3-silver-newswire")
    if folder is None:
        sys.exit("../shared/data/corpus/te3-silver-newswire is needed")
    documents = []
    for path in sorted(Path(folder).glob("*.tml"))[:limit]:
        raw = path.read_text(encoding="utf-8")
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
        dct = re.search(r'<DCT>.*?value="([^"]+)"', raw, re.S)
        text = html.unescape(TAG.sub("", body.group(1) if body else "")).strip()
        published = dt.date.fromisoformat(dct.group(1)[:10]) if dct else None
        documents.append(Document(id=path.stem, text=text, published=published))
    return documents


def read_fakes(limit: int) -> list[Document]:
    import csv

    path = shared_path("data", "fakes", "fakes_dev.csv")
    if path is None:
        sys.exit("../shared/data/fakes/fakes_dev.csv is needed")
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:limit]
    return [
        Document(id=row["unit_id"], text=row["article_content"], published=_us_date(row["date"]))
        for row in rows
    ]


def _us_date(text: str) -> dt.date | None:
    """FA-KES dates are m/d/yy."""
    try:
        return dt.datetime.strptime(text.strip(), "%m/%d/%y").date()
    except ValueError:
        return None


CORPORA = {"newswire": read_newswire, "fakes": read_fakes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500, help="how many documents (default 500)")
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="newswire")
    parser.add_argument("--repeat", type=int, default=1, help="time each N times in turn, keep the fastest")
    args = parser.parse_args()
    documents = CORPORA[args.corpus](args.docs)
    words = sum(len(d.text.split()) for d in documents)

    import spacy

    from sitrep.nlp import DEFAULT_MODEL
    from sitrep.pipeline import Pipeline

    bare = spacy.load(DEFAULT_MODEL)
    list(bare.pipe(d.text for d in documents[:5]))  # warm up
    pipeline = Pipeline()
    _ = pipeline.language, pipeline.gazetteer, pipeline.classifier, pipeline.actor_dictionary
    list(pipeline.analyze(documents[:5]))  # warm up

    def parse() -> int:
        return sum(1 for _ in bare.pipe((d.text for d in documents), batch_size=16))

    def extract() -> int:
        return sum(len(a.events) for a in pipeline.analyze(documents))

    bare_runs, full_runs = [], []
    for _ in range(args.repeat):
        bare_runs.append(_timed(parse))
        full_runs.append(_timed(extract))
    events = full_runs[0][2]
    bare_seconds, full_seconds = min(r[0] for r in bare_runs), min(r[0] for r in full_runs)
    bare_cpu, full_cpu = min(r[1] for r in bare_runs), min(r[1] for r in full_runs)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(documents)}  words: {words}  events extracted: {events}")
    print(
        f"bare spaCy nlp.pipe : {len(documents) / bare_seconds:8.1f} docs/s {words / bare_seconds:9.0f} words/s"
    )
    print(
        f"sitrep extraction   : {len(documents) / full_seconds:8.1f} docs/s {words / full_seconds:9.0f} words/s"
    )
    print(f"ratio (sitrep / bare spaCy time): {full_seconds / bare_seconds:.2f}")
    print(f"CPU seconds: bare {bare_cpu:.1f}, sitrep {full_cpu:.1f}, ratio {full_cpu / bare_cpu:.2f}")
    if args.repeat > 1:
        print(
            "runs (wall s):",
            " ".join(f"{b[0]:.1f}/{f[0]:.1f}" for b, f in zip(bare_runs, full_runs, strict=True)),
        )
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


def _timed(run: Callable[[], int]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of this process, and what `run` returned."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - wall, time.process_time() - cpu, result


if __name__ == "__main__":
    main()
