"""The database schema, in SQLAlchemy Core, shared by SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# one row per text (store/identity.py): a document is its text, identified by the hash of that
# text; what inputs called it (record id, file name, URL) are attributes. `id` is the key events
# refer to: the input's id, or that id and "~" and the hash's first 8 digits when another text
# already holds the id.
documents = Table(
    "documents",
    metadata,
    Column("id", String(512), primary_key=True),
    # of the normalised text; unique: concurrent writers store a text once (ON CONFLICT DO NOTHING)
    Column("content_hash", String(64), nullable=False, index=True, unique=True),
    Column("external_id", Text, index=True),  # the id the input gave (a record's, the API's)
    Column("file_name", Text, index=True),  # the file it was read from, when it had no id
    Column("title", Text),
    Column("url", Text, index=True),
    Column("source", Text),
    Column("published", Date),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime, nullable=False),
    # a changed text under a known URL or id is that document's next revision; the one it
    # replaces names it here, and its events leave queries and happenings (kept for audit)
    Column("revision", Integer, nullable=False, default=1),
    Column("superseded_by", String(512), index=True),
)

# one row per event as coded from one document; evidence and field spans are kept with it
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("document_id", String(512), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event_date", Date),
    Column("year", Integer),
    Column("time_precision", Integer),
    Column("disorder_type", String(64)),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("actor1", Text),
    Column("assoc_actor_1", Text),
    Column("inter1", Integer),
    Column("actor2", Text),
    Column("assoc_actor_2", Text),
    Column("inter2", Integer),
    Column("interaction", Integer),
    Column("civilian_targeting", String(32)),
    Column("iso", Integer),
    Column("country", String(128)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("location", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("source", Text),
    Column("notes", Text),
    Column("fatalities", Integer, nullable=False, default=0),
    Column("tags", Text),
    Column("claim_status", String(16), nullable=False, default="reported"),
    Column("evidence", Text),
    Column("evidence_offsets", Text),
    Column("field_spans", Text),  # JSON {field: [start, end, text]}
    Index("ix_events_date", "event_date"),
    Index("ix_events_lat_lon", "latitude", "longitude"),
    # the map's query: a time window inside a bounding box
    Index("ix_events_date_lat_lon", "event_date", "latitude", "longitude"),
    Index("ix_events_type_date", "event_type", "event_date"),
    Index("ix_events_country", "country"),
    Index("ix_events_document", "document_id"),
)

# the actor, place and time mentions of each document, for marking up its text
mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(512), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),  # actor, place, time
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", Text),  # canonical actor, gazetteer name or TIMEX3 value
    Column("latitude", Float),
    Column("longitude", Float),
    Column("attributes", Text),  # JSON of the rest of the mention
    Index("ix_mentions_document", "document_id"),
)

# one row per happening: the document events that tell of it, merged across reports
# (store/consolidate.py). The events rows stay as coded, so a merge can be explained and undone.
HAPPENING_COPIES = (
    "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities", "tags", "claim_status", "evidence",
)  # fmt: skip
happenings = Table(
    "happenings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # the happening's id: "H" and the id of the event that founded it
    Column("event_id", String(64), nullable=False, unique=True),
    # the merged columns, typed as in events
    *(Column(name, events.c[name].type, nullable=events.c[name].nullable) for name in HAPPENING_COPIES),
    Column("document_ids", Text, nullable=False),  # "; "-joined, in the order the reports came
    Column("n_sources", Integer, nullable=False),  # reports (documents) telling of it
    Column("n_outlets", Integer, nullable=False),  # distinct named sources among them
    Index("ix_happenings_date_lat_lon", "event_date", "latitude", "longitude"),
    # consolidation's candidate lookup: one type, a date window, a box (checked inside the index)
    Index("ix_happenings_type_date_lat_lon", "event_type", "event_date", "latitude", "longitude"),
    Index("ix_happenings_country", "country"),
)

# which happening each events row belongs to, and why it was merged there (JSON)
happening_events = Table(
    "happening_events",
    metadata,
    Column("event_id", String(64), ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True),
    Column("happening_id", String(64), ForeignKey("happenings.event_id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # 0 for the event that founded the happening
    Column("reason", Text, nullable=False),
    Index("ix_happening_events_happening", "happening_id", "position"),
)

# statements of territorial control, as each document makes them (sitrep/control); who holds what on
# a date is computed from them at query time (control/state.py), so ingest order does not matter
control = Table(
    "control",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(512), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("place_key", String(64), nullable=False),  # geonameid, else the rounded point
    Column("place", Text, nullable=False),
    Column("place_name", Text),
    Column("geonameid", Integer),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    Column("country_code", String(8)),
    Column("as_of", Date),
    Column("relation", String(16), nullable=False),
    Column("controller", Text, nullable=False),
    Column("actor", Text),
    Column("counterpart", Text),
    Column("confidence", Float, nullable=False),
    Column("evidence", Text),
    Column("evidence_offsets", Text),
    Column("cue", Text),
    Column("source", String(32)),
    Column("hedges", Text),
    Index("ix_control_place", "place_key", "as_of"),
    Index("ix_control_as_of_lat_lon", "as_of", "latitude", "longitude"),
    Index("ix_control_document", "document_id"),
)

# what `sitrep watch` has taken (sitrep/watch.py): a file at a size and modification time, a feed
# at the hash of its bytes, a feed item at the hash of its text. A row is written once the
# documents its source held are stored (a feed's after its items'), so a watcher killed in between
# reads at most an already stored text again, which the documents' text identity stores once:
# restarted, it neither loses nor repeats a document.
watched = Table(
    "watched",
    metadata,
    Column("source", String(2048), primary_key=True),  # a file's absolute path, a feed, "FEED#ITEM-ID"
    Column("version", String(128), nullable=False),  # "SIZE:MTIME_NS" of a file, else a hash
    Column("stored", Text),  # the keys of the documents it added, "; "-joined
    Column("taken_at", DateTime, nullable=False),
)
