"""The store: idempotent ingestion, filters as bound parameters, exports of stored rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sitrep.export import write_events
from sitrep.model import Document, Event, Span
from sitrep.store import EventFilter, Store

TEXT = "In April, the Islamic State claimed it shot down a Syrian Air Force plane flying over Bir al-Qasab."


def _event(event_id: str, day: dt.date, lat: float, lon: float, actor1: str, country: str = "Syria") -> Event:
    return Event(
        document_id="doc-1", event_type="Battles", sub_event_type="Armed clash",
        evidence=[Span(0, len(TEXT), TEXT)], event_date=day, time_precision=3, actor1=actor1,
        actor2="Military Forces of Syria", latitude=lat, longitude=lon, country=country,
        claim_status="disputed", tags="claimed by the Islamic State; denied by Sputnik", event_id=event_id,
        field_spans={"actor1": Span(10, 24, "Islamic State")},
    )  # fmt: skip


@pytest.fixture()
def store(store_url: str) -> Store:
    s = Store(store_url)
    document = Document("doc-1", TEXT, dt.date(2016, 11, 10), source="Syria Direct")
    events = [
        _event("E1", dt.date(2016, 4, 1), 33.33, 37.0, "Islamic State"),
        _event("E2", dt.date(2016, 11, 4), 33.64, 36.69, "Free Syrian Army"),
        _event("E3", dt.date(2016, 11, 7), 36.2, 37.16, "Hayat Tahrir al-Sham"),
    ]
    assert s.add(document, events)
    return s


def test_second_ingest_of_the_same_document_adds_nothing(store: Store):
    document = Document("doc-1", TEXT, dt.date(2016, 11, 10))
    assert store.has_document(document)
    assert not store.add(document, [_event("E9", dt.date(2016, 4, 1), 33.3, 37.0, "X")])
    assert store.count_events(EventFilter()) == 3


def test_filters_select_by_date_place_actor_and_status(store: Store):
    ids = lambda f: [e["event_id"] for e in store.query_events(f)]  # noqa: E731
    assert ids(EventFilter(since=dt.date(2016, 11, 1))) == ["E2", "E3"]
    assert ids(EventFilter(until=dt.date(2016, 4, 30))) == ["E1"]
    assert ids(EventFilter(bbox=(36.0, 33.0, 37.5, 34.0))) == ["E1", "E2"]
    assert ids(EventFilter(actor="syrian arab army")) == []
    assert ids(EventFilter(actor="free syrian")) == ["E2"]
    assert ids(EventFilter(claim_status="disputed", country="syria")) == ["E1", "E2", "E3"]


def test_injection_strings_are_plain_values(store: Store):
    for hostile in ("' OR 1=1 --", "%' OR '1'='1", "x'; DROP TABLE events; --", "_%"):
        assert store.query_events(EventFilter(actor=hostile)) == []
        assert store.query_events(EventFilter(country=hostile)) == []
    assert store.count_events(EventFilter()) == 3


def test_stored_event_keeps_evidence_and_field_spans(store: Store):
    event = store.get_event("E1")
    assert event is not None
    assert event["evidence"] == TEXT and event["evidence_offsets"] == f"0-{len(TEXT)}"
    assert event["field_spans"]["actor1"] == [10, 24, "Islamic State"]
    document = store.get_document("doc-1")
    assert document is not None and len(document["events"]) == 3
    assert store.stats()["by_month"] == {"2016-04": 1, "2016-11": 2}


def test_exports_of_stored_rows(store: Store, tmp_path: Path):
    rows = store.query_events(EventFilter())
    buffer = io.StringIO()
    assert write_events(rows, "csv", buffer) == 3
    table = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert table[0]["event_date"] == "2016-04-01" and table[0]["claim_status"] == "disputed"
    assert {"event_id", "interaction", "geo_precision", "document_id", "evidence"} <= set(table[0])
    buffer = io.StringIO()
    write_events(rows, "geojson", buffer)
    collection = json.loads(buffer.getvalue())
    assert collection["features"][0]["geometry"]["coordinates"] == [37.0, 33.33]
    path = tmp_path / "events.parquet"
    assert write_events(rows, "parquet", path=path) == 3
    assert pq.read_table(path).column("actor1").to_pylist()[1] == "Free Syrian Army"
