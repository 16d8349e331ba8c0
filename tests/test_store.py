"""The store, on SQLite and PostgreSQL: idempotent ingestion, concurrent writers, filters as bound
parameters, exports of stored rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

import sitrep.store
from sitrep.export import write_events
from sitrep.model import Document, Event, Span
from sitrep.store import EventFilter, Store, _conditions
from sitrep.store.identity import content_hash
from sitrep.store.schema import events, metadata

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


def test_a_text_another_writer_stored_after_the_check_is_not_stored_again(store: Store, monkeypatch):
    # the check before the insert sees nothing: another writer stores the text in between
    monkeypatch.setattr(sitrep.store, "key_of_text", _unseen_once(sitrep.store.key_of_text))
    document = Document("copy-of-doc-1", TEXT)
    assert store.add(document, [_event("E9", dt.date(2016, 4, 1), 33.3, 37.0, "X")]) is None
    assert store.stats()["documents"] == 1 and store.count_events(EventFilter()) == 3


def test_a_key_another_writer_took_after_the_check_goes_to_the_text_with_its_hash(store: Store, monkeypatch):
    monkeypatch.setattr(sitrep.store, "key_taken", lambda connection, key: False)
    other = "Another text, also called doc-1, about a clash near Palmyra."
    stored = store.add(
        Document("doc-1", other), [_event("E9", dt.date(2016, 4, 1), 34.5, 38.3, "X")], key="doc-1"
    )
    assert stored is not None and stored.key == f"doc-1~{content_hash(other)[:8]}"
    assert store.get_document(stored.key)["text"] == other  # type: ignore[index]
    assert len(store.query_events(EventFilter(document_id="doc-1"))) == 3


def test_imported_documents_whose_stand_ins_read_the_same_are_both_stored(store: Store):
    rows = [
        {
            "document_id": name,
            "event_id": f"{name}-1",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
        }
        for name in ("acled-1", "acled-2")
    ]  # no evidence: both stand-in texts are empty
    assert store.import_events(rows) == (2, 0)
    assert store.import_events(rows) == (0, 2)


def test_concurrent_writers_store_each_text_once(postgres_url: str):
    """Writers with their own connections store the same reports at the same moments, each under its
    own names: the unique content hash keeps one row per text, and happenings merge as in one run."""
    reports = [
        f"Report {n}: rebels clashed with the army near the town, a commander said." for n in range(12)
    ]
    stores = [Store(postgres_url) for _ in range(4)]
    start = threading.Barrier(len(stores))

    def write(writer: int) -> list[str]:
        start.wait()
        keys = []
        for n, report in enumerate(reports):
            name = f"writer-{writer}/report-{n}"
            event = _event(f"{name}#1", dt.date(2016, 11, 4), 33.64, 36.69, "Free Syrian Army")
            stored = stores[writer].add(Document(name, report), [event])
            keys += [stored.key] if stored else []
        return keys

    with ThreadPoolExecutor(len(stores)) as pool:
        keys = [key for written in pool.map(write, range(len(stores))) for key in written]
    assert len(keys) == len(reports)
    assert {int(key.rsplit("-", 1)[1]) for key in keys} == set(range(len(reports)))
    reader = Store(postgres_url)
    assert reader.stats()["documents"] == reader.count_events(EventFilter()) == len(reports)
    happenings = reader.happenings(EventFilter())
    assert len(happenings) == 1 and happenings[0]["n_sources"] == len(reports)


def test_plain_postgresql_urls_use_psycopg(postgres_url: str):
    store = Store(postgres_url.replace("postgresql+psycopg://", "postgresql://"))
    assert store.engine.url.drivername == "postgresql+psycopg"
    assert store.stats()["documents"] == 0


def test_postgis_boxes_go_through_the_point_index(postgres_url: str):
    store = Store(postgres_url)
    with store.engine.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first():
            (pytest.fail if os.environ.get("SITREP_REQUIRE_POSTGRES") else pytest.skip)("no PostGIS here")
        assert store.point_index
        query = select(events.c.event_id).where(
            *_conditions(EventFilter(bbox=(36, 33, 37.5, 34)), events, True)
        )
        connection.execute(
            text("SET enable_seqscan = off")
        )  # a table this small is read whole; can the index serve?
        plan = connection.execute(
            text(f"EXPLAIN {query.compile(connection, compile_kwargs={'literal_binds': True})}")
        )
        assert "ix_events_point" in " ".join(plan.scalars())


def test_postgis_off_the_search_path_leaves_the_plain_box_filter(postgres_url: str):
    store = Store(postgres_url.replace("%2Cpublic", ""))  # PostGIS, if any, is in public
    assert not store.point_index
    assert store.add(Document("doc-1", TEXT), [_event("E1", dt.date(2016, 4, 1), 33.33, 37.0, "X")])
    assert [e["event_id"] for e in store.query_events(EventFilter(bbox=(36.0, 33.0, 37.5, 34.0)))] == ["E1"]
    assert store.query_events(EventFilter(bbox=(38.0, 33.0, 39.0, 34.0))) == []


def test_the_migrations_build_the_schema_the_code_declares(store_url: str):
    """schema.py and the revisions agree: a table or column declared without its revision fails here."""

    def declared(item, name, kind, reflected, compare_to) -> bool:
        # PostGIS's own table, and the point indexes of migration 0003, which schema.py leaves out
        return name != "spatial_ref_sys" and not (kind == "index" and name.endswith("_point"))

    with Store(store_url).engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": declared})
        assert compare_metadata(context, metadata) == []


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


def _unseen_once(key_of_text):
    """key_of_text, but the first question finds nothing."""
    asked = []

    def lookup(connection, text_hash):
        asked.append(text_hash)
        return None if len(asked) == 1 else key_of_text(connection, text_hash)

    return lookup
