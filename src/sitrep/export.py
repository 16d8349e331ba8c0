"""Exports: event rows as ACLED-compatible CSV, JSON Lines, GeoJSON or Parquet; mentions as JSONL/CSV.

Event rows are plain dicts keyed by the ACLED column names (`Event.acled_row()` or a stored row),
so the same writers serve `extract` (fresh events) and `events`/`export` (stored ones).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from sitrep.model import EVENT_COLUMNS

EVENT_FORMATS = ("csv", "jsonl", "geojson", "parquet")
MENTION_FORMATS = ("jsonl", "csv")


def write_events(
    rows: Iterable[dict[str, Any]], fmt: str, stream: IO[str] | None = None, path: Path | None = None
) -> int:
    """Write event rows; Parquet needs a `path` (it is binary). Returns the number of rows."""
    if fmt == "parquet":
        if path is None:
            raise ValueError("Parquet is binary: give an --output file")
        return _write_parquet(rows, path)
    assert stream is not None
    if fmt == "csv":
        return write_table(rows, EVENT_COLUMNS, stream)
    if fmt == "jsonl":
        return write_jsonl(({k: row.get(k) for k in EVENT_COLUMNS} for row in rows), stream)
    if fmt == "geojson":
        return _write_geojson(rows, stream)
    raise ValueError(f"unknown event format {fmt!r}; choose one of {', '.join(EVENT_FORMATS)}")


def write_table(rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: IO[str]) -> int:
    writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
        count += 1
    return count


def write_jsonl(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def geojson_features(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One GeoJSON Point feature per located row; properties are the ACLED columns."""
    for row in rows:
        if row.get("latitude") in (None, "") or row.get("longitude") in (None, ""):
            continue
        properties = {k: row.get(k) for k in EVENT_COLUMNS if k not in ("latitude", "longitude")}
        yield {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": properties,
        }


def _write_geojson(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    # streamed feature by feature, so a large export never sits in memory twice
    stream.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for feature in geojson_features(rows):
        stream.write(("," if count else "") + "\n" + json.dumps(feature, ensure_ascii=False, default=str))
        count += 1
    stream.write("\n]}\n")
    return count


def _write_parquet(rows: Iterable[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    materialised = [{k: row.get(k) for k in EVENT_COLUMNS} for row in rows]
    columns = {k: [_parquet_value(row[k]) for row in materialised] for k in EVENT_COLUMNS}
    pq.write_table(pa.table(columns), path)
    return len(materialised)


def _parquet_value(value: Any) -> Any:
    # one type per column: empty strings of optional numeric ACLED columns become nulls
    return None if value == "" else value
