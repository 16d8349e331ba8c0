"""Exports, and the import of exported events: one writer per format, used by the CLI and the web API.

Event rows are plain dicts keyed by the ACLED column names (`Event.acled_row()` or a stored row),
so the same writers serve `extract` (fresh events), `events`/`export` (stored ones) and
GET /api/events.

CSV is safe to open in a spreadsheet: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return would run as a formula there, so it gets a leading `'`; so does a text cell that
starts with `'` itself, which keeps the escape reversible (`read_events` takes it off again).
Numbers are never escaped: a longitude of -3.5 stays a number.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import orjson

from sitrep.errors import MissingPart
from sitrep.model import EVENT_COLUMNS

EVENT_FORMATS = ("csv", "jsonl", "geojson", "parquet")
MENTION_FORMATS = ("jsonl", "csv")
IMPORT_FORMATS = ("csv", "jsonl")
# a spreadsheet runs a cell starting with one of these as a formula; "'" is the escape itself
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


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
        return write_geojson(rows, stream)
    raise ValueError(f"unknown event format {fmt!r}; choose one of {', '.join(EVENT_FORMATS)}")


def write_table(rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: IO[str]) -> int:
    """CSV with a header row; formulas neutralised in text cells, objects written as JSON."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
        count += 1
    return count


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith((*FORMULA_START, ESCAPE)):
        return ESCAPE + value
    return value


def to_json(value: Any) -> str:
    """Compact JSON, UTF-8 left as is, dates as ISO strings (orjson: several times faster than
    json, which made most of the API's time)."""
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def write_jsonl(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for row in rows:
        stream.write(to_json(row) + "\n")
        count += 1
    return count


def geojson_feature(row: dict[str, Any], columns: Sequence[str] = EVENT_COLUMNS) -> dict[str, Any]:
    """A Point feature with the chosen columns as properties, an event's id as its id; an event with
    no place keeps a null geometry (RFC 7946 §3.2), so an export loses no event."""
    lat, lon = row.get("latitude"), row.get("longitude")
    geometry = None
    if lat is not None and lon is not None and lat != "" and lon != "":
        geometry = {"type": "Point", "coordinates": [float(lon), float(lat)]}
    feature: dict[str, Any] = {"type": "Feature"}
    if row.get("event_id") is not None:  # a place's control state has none
        feature["id"] = row["event_id"]
    return {**feature, "geometry": geometry, "properties": {k: row.get(k) for k in columns}}


def write_geojson(
    rows: Iterable[dict[str, Any]],
    stream: IO[str],
    columns: Sequence[str] = EVENT_COLUMNS,
    members: dict[str, Any] | None = None,
) -> int:
    """A FeatureCollection, streamed feature by feature so a large export never sits in memory
    twice; `members` are extra top-level members (the API's total, limit and offset)."""
    stream.write('{"type": "FeatureCollection"')
    for name, value in (members or {}).items():
        stream.write(f", {to_json(name)}: {to_json(value)}")
    stream.write(', "features": [')
    count = 0
    for row in rows:
        feature = geojson_feature(row, columns)
        stream.write(("," if count else "") + "\n" + to_json(feature))
        count += 1
    stream.write("\n]}\n")
    return count


def _write_parquet(rows: Iterable[dict[str, Any]], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingPart("Parquet needs pyarrow, an optional part: pip install 'sitrep[parquet]'") from None

    materialised = [{k: row.get(k) for k in EVENT_COLUMNS} for row in rows]
    columns = {k: [_parquet_value(row[k]) for row in materialised] for k in EVENT_COLUMNS}
    pq.write_table(pa.table(columns), path)
    return len(materialised)


def _parquet_value(value: Any) -> Any:
    # one type per column: empty strings of optional numeric ACLED columns become nulls
    return None if value == "" else value


# --- import ------------------------------------------------------------------------------------


class ImportProblem(ValueError):
    """A file `sitrep import` cannot take, with the reason (one line)."""


def read_events(path: Path) -> Iterator[dict[str, Any]]:
    """The event rows of a CSV or JSON Lines file written by `write_events`, as written: CSV cells
    as text with the formula escape taken off, JSON values as they were."""
    fmt = "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else "csv"
    with path.open(encoding="utf-8", newline="") as stream:
        if fmt == "csv":
            reader = csv.DictReader(stream)
            _check_columns(path, reader.fieldnames or ())
            for row in reader:
                yield {k: _uncsv_cell(row.get(k) or "") for k in EVENT_COLUMNS}
            return
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ImportProblem(f"{path}: line {number} is not JSON ({error.msg})") from None
            if not isinstance(row, dict):
                raise ImportProblem(f"{path}: line {number} is not a JSON object")
            _check_columns(path, row, number)
            yield {k: row.get(k) for k in EVENT_COLUMNS}


def _check_columns(path: Path, names: Iterable[str], line: int | None = None) -> None:
    missing = [k for k in ("event_id", "event_type", "sub_event_type", "document_id") if k not in names]
    if missing:
        where = f" line {line}" if line else ""
        raise ImportProblem(f"{path}{where}: not a sitrep event export (no {', '.join(missing)})")


def _uncsv_cell(cell: str) -> str:
    return cell[1:] if cell.startswith(ESCAPE) else cell
