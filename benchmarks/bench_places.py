"""Place resolution speed on one core, spaCy excluded, and the gazetteer's memory footprint.

    python benchmarks/bench_places.py [--docs N] [--gazetteer PATH]

Documents: GeoWebNews from the shared folder when present (else the shared gold articles), parsed
by spaCy first; only resolve_places is timed, once cold (empty look-up cache) and once warm.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from sitrep.config import shared_path
from sitrep.model import Document
from sitrep.nlp import load_language
from sitrep.places import Gazetteer, place_patterns, resolve_places


def corpus(limit: int) -> list[Document]:
    gwn = shared_path("data", "toponyms", "GWN.xml")
    scorer = shared_path("eval", "score_places.py")
    if gwn is not None and scorer is not None:
        lines = subprocess.run(
            [sys.executable, str(scorer), "docs", str(gwn)], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        return [Document(id=row["id"], text=row["text"]) for row in map(json.loads, lines[:limit])]
    gold = shared_path("gold")
    articles = sorted(gold.glob("*/article.txt")) if gold is not None else []
    return [Document(id=p.parent.name, text=p.read_text(encoding="utf-8")) for p in articles[:limit]]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--gazetteer", type=Path, default=None)
    args = parser.parse_args()

    documents = corpus(args.docs)
    if not documents:
        sys.exit("no documents: the shared folder is needed")
    tracemalloc.start()
    before = rss_mb()
    gazetteer = Gazetteer.open(args.gazetteer)
    patterns = place_patterns(gazetteer)
    gazetteer_python_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    nlp = load_language(patterns)
    parsed = [(d, nlp(d.text)) for d in documents]

    for label in ("cold", "warm"):
        started = time.perf_counter()
        mentions = sum(len(resolve_places(d, sdoc, gazetteer)) for d, sdoc in parsed)
        seconds = time.perf_counter() - started
        print(
            f"{label}: {mentions} mentions in {len(parsed)} docs, {seconds:.3f} s, {mentions / seconds:,.0f} mentions/s"
        )
    info = gazetteer.info()
    print(
        f"gazetteer file: {info['size_bytes'] / 2**20:.1f} MiB, {info['places']:,} places, {info['names']:,} names"
    )
    print(
        f"gazetteer open + patterns: {gazetteer_python_mb:.1f} MiB Python heap peak (max RSS before {before:.0f} MiB)"
    )
    print(f"process max RSS with spaCy and parsed docs: {rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
