"""Cross-validated event coding of ACLED notes, grouped by country, month or row.

    python -m sitrep.evaluate.acled_crossval ACLED.csv DOCS.jsonl --output PRED.csv
        [--folds 5] [--by country|month|row] [--also OTHER.csv ...]

The notes of ACLED.csv are dealt into `--folds` folds of about equal size, and each fold is
coded by a classifier trained on the other folds plus the `--also` exports, with a gazetteer
that holds the places of those events (as `sitrep train` keeps them) and none of the fold's own.
- `--by country` (the default): a country's notes all fall into one fold, so every note is coded
  by a model that never saw a note from its country, as when a user brings reports of a new
  conflict.
- `--by month`: a month's notes all fall into one fold, so each note is coded by a model and
  gazetteer trained on other months only, as when a user codes next month's reports.
- `--by row`: rows are dealt in turn, the usual cross-validation; the model has seen notes from
  the same country and week, as when it is retrained on a conflict's own coded events.
DOCS.jsonl is the scorer's rendering of ACLED.csv (`score_acled_notes.py docs`); PRED.csv goes to
the scorer's `score`.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from sitrep.events.classifier import EventClassifier
from sitrep.export import write_events
from sitrep.ingest import read
from sitrep.model import Document
from sitrep.pipeline import Pipeline
from sitrep.places.gazetteer import Gazetteer, build_gazetteer, geonames_sources


def read_rows(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader), list(reader.fieldnames or [])


def row_id(row: dict[str, str]) -> str:
    """The document id the scorer gives a row's notes."""
    return row.get("event_id_cnty") or row.get("data_id") or ""


def country_folds(rows: Sequence[dict[str, str]], folds: int) -> dict[str, int]:
    """Each row's fold, by country."""
    return _grouped_folds(rows, folds, lambda row: row.get("country", ""))


def _grouped_folds(
    rows: Sequence[dict[str, str]], folds: int, group: Callable[[dict[str, str]], str]
) -> dict[str, int]:
    """Each row's fold, whole groups together: the largest groups first, each into the smallest
    fold so far."""
    sizes = Counter(group(row) for row in rows)
    totals = [0] * folds
    fold_of_group: dict[str, int] = {}
    for name, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        fold = totals.index(min(totals))
        fold_of_group[name] = fold
        totals[fold] += size
    return {row_id(row): fold_of_group[group(row)] for row in rows}


def month_folds(rows: Sequence[dict[str, str]], folds: int) -> dict[str, int]:
    """Each row's fold, by the month of its event date."""
    return _grouped_folds(rows, folds, _month)


def _month(row: dict[str, str]) -> str:
    """ "2019-10" from ACLED's "12 October 2019" or "2019-10-12"."""
    import datetime as dt

    text = row.get("event_date", "").strip()
    for pattern in ("%d %B %Y", "%Y-%m-%d", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).strftime("%Y-%m")
        except ValueError:
            continue
    return text[:7]


def row_folds(rows: Sequence[dict[str, str]], folds: int) -> dict[str, int]:
    """Each row's fold, dealt in turn."""
    return {row_id(row): index % folds for index, row in enumerate(rows)}


FOLDINGS = {"country": country_folds, "month": month_folds, "row": row_folds}


def crossvalidate(
    acled: Path, documents: Sequence[Document], also: Sequence[Path], folds: int, by: str, output: Path
) -> None:
    rows, columns = read_rows(acled)
    fold_of_id = FOLDINGS[by](rows, folds)
    events: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(folds):
            training = Path(tmp) / f"train-{fold}.csv"
            with training.open("w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=columns)
                writer.writeheader()
                writer.writerows(row for row in rows if fold_of_id[row_id(row)] != fold)
            held_out = [d for d in documents if fold_of_id.get(d.id) == fold]
            countries = {row.get("country") for row in rows if fold_of_id[row_id(row)] == fold}
            print(
                f"fold {fold + 1}/{folds}: {len(held_out)} notes from {len(countries)} countries",
                file=sys.stderr,
            )
            classifier = EventClassifier.train([*also, training])
            gazetteer_path = Path(tmp) / f"gazetteer-{fold}.sqlite"
            build_gazetteer(gazetteer_path, [*geonames_sources(), *also, training], progress=False)
            with Gazetteer(gazetteer_path) as gazetteer:
                pipeline = Pipeline(classifier=classifier, gazetteer=gazetteer)
                for analysis in pipeline.analyze(held_out):
                    events.extend(event.acled_row() for event in analysis.events)
    with output.open("w", encoding="utf-8", newline="") as stream:
        write_events(events, "csv", stream)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("acled", type=Path, help="ACLED export whose notes are coded")
    parser.add_argument("documents", type=Path, help="its notes as JSON Lines documents")
    parser.add_argument("--output", type=Path, required=True, help="events CSV to write")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--by", choices=sorted(FOLDINGS), default="country", help="how notes are dealt into folds"
    )
    parser.add_argument("--also", type=Path, nargs="*", default=[], help="ACLED exports always trained on")
    args = parser.parse_args(argv)
    documents: list[Document] = []
    for item in read([args.documents]):
        if isinstance(item, Document):
            documents.append(item)
        else:
            print(item, file=sys.stderr)
    crossvalidate(args.acled, documents, args.also, args.folds, args.by, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
