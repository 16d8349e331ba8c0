"""Extraction throughput on one core, against a bare spaCy `nlp.pipe` over the same texts.

    SITREP_DATA=.sitrep .venv/bin/python benchmarks/bench_extract.py [--docs N] [--corpus newswire|fakes]

Reads the TE3 silver newswire corpus (TimeML, tags stripped) or the FA-KES articles (Syrian war
reports, far denser in events than newswire) from ../shared, runs the bare English pipeline over it, then sitrep's whole extraction (places, actors, times, events), in one
process, and prints documents/s, words/s, their ratio and the peak memory of the process.
Models and the gazetteer are loaded before timing starts.
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
    args = parser.parse_args()
    documents = CORPORA[args.corpus](args.docs)
    words = sum(len(d.text.split()) for d in documents)

    import spacy

    from sitrep.nlp import DEFAULT_MODEL
    from sitrep.pipeline import Pipeline

    bare = spacy.load(DEFAULT_MODEL)
    list(bare.pipe(d.text for d in documents[:5]))  # warm up
    start = time.perf_counter()
    for _ in bare.pipe((d.text for d in documents), batch_size=16):
        pass
    bare_seconds = time.perf_counter() - start

    pipeline = Pipeline()
    _ = pipeline.language, pipeline.gazetteer, pipeline.classifier, pipeline.actor_dictionary
    list(pipeline.analyze(documents[:5]))  # warm up
    start = time.perf_counter()
    events = sum(len(a.events) for a in pipeline.analyze(documents))
    full_seconds = time.perf_counter() - start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(documents)}  words: {words}  events extracted: {events}")
    print(
        f"bare spaCy nlp.pipe : {len(documents) / bare_seconds:8.1f} docs/s {words / bare_seconds:9.0f} words/s"
    )
    print(
        f"sitrep extraction   : {len(documents) / full_seconds:8.1f} docs/s {words / full_seconds:9.0f} words/s"
    )
    print(f"ratio (sitrep / bare spaCy time): {full_seconds / bare_seconds:.2f}")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
