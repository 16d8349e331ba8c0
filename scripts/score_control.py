#!/usr/bin/env python3
"""Score `sitrep control facts` on the gold reports with ../shared/eval/score_control.py.

  scripts/score_control.py [--shared ../shared] [--sitrep .venv/bin/sitrep] [--details] [--held-out]

One `sitrep control facts` run over all reports (each with its gold publication date); the statements
that say who holds a place (relations holds, captured, besieged, siege_broken) are scored per report,
and the figures summed into micro precision, recall and F1 over the development reports; with
--held-out, over the held-out reports too, apart. --details lists the misses and unmatched predictions of development reports only:
the held-out reports are a check, not material to tune on.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HOLDER_RELATIONS = ("holds", "captured", "besieged", "siege_broken")
# set aside by the project lead as a held-out check: never read for errors
HELD_OUT = (
    "ahram-online-afp-2016-06-30-1923848261",
    "rashidin-evacuee-bombing-2017-04-16",
    "reuters-2013-09-12-1926479223",
    "seed",
    "the-new-arab-al-araby-al-jadeed-2016-09-01-1923102934",
    "trt-world-anadolu-2016-06-08-1924058082",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--sitrep", default=".venv/bin/sitrep")
    parser.add_argument("--details", action="store_true", help="misses and false positives of dev reports")
    parser.add_argument(
        "--held-out", action="store_true", help="score the held-out reports too (figures only)"
    )
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("score_control", args.shared / "eval" / "score_control.py")
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)

    reports = sorted(
        p for p in (args.shared / "gold").iterdir()
        if (p / "gold.json").is_file() and (args.held_out or p.name not in HELD_OUT)
    )  # fmt: skip
    golds = {p.name: json.loads((p / "gold.json").read_text(encoding="utf-8")) for p in reports}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "gold.jsonl"
        with corpus.open("w", encoding="utf-8") as stream:
            for report in reports:
                document = golds[report.name]["document"]
                text = (report / document["file"]).read_text(encoding="utf-8")
                record = {"id": report.name, "text": text, "published": document["published"]}
                stream.write(json.dumps(record) + "\n")
        found = subprocess.run([args.sitrep, "control", "facts", "--quiet", str(corpus)],
                               check=True, capture_output=True, text=True).stdout  # fmt: skip
    facts: dict[str, list[dict]] = {name: [] for name in golds}
    for line in found.splitlines():
        row = json.loads(line)
        if row["relation"] in HOLDER_RELATIONS:
            facts[row["doc_id"]].append(row)

    for group, names in (("development", [n for n in golds if n not in HELD_OUT]),
                         ("held out", [n for n in golds if n in HELD_OUT])):  # fmt: skip
        if not names:
            continue
        totals = {"gold": 0, "predicted": 0, "matched": 0}
        for name in names:
            result = scorer.score(facts[name], golds[name])
            for key in totals:
                totals[key] += result[key]
            if args.details and group == "development":
                print(f"  {name}: gold {result['gold']} predicted {result['predicted']} matched "
                      f"{result['matched']}; missed {result['missed']}; unmatched "
                      f"{result['unmatched_predictions']}")  # fmt: skip
        p = totals["matched"] / totals["predicted"] if totals["predicted"] else 0.0
        r = totals["matched"] / totals["gold"] if totals["gold"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{group}: {len(names)} reports, {totals['gold']} gold facts, {totals['predicted']} predicted, "
              f"{totals['matched']} matched: precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
