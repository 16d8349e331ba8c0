"""Baseline: the schema as sitrep wrote it before migrations, from any earlier sitrep database.

Revision ID: 0001
Revises:
Create Date: 2026-12-06

Each table is created unless there, so that a database an earlier sitrep wrote (no alembic_version
table) is brought up to this revision in place: its documents gain the identity columns when they
lack them (`add_document_identity`), and any index it lacks is added.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import sqlalchemy as sa
from alembic import op

from sitrep.store.identity import content_hash

revision = "0001"
down_revision = None

# what a file name looked like as an id before documents kept file names apart from ids
FILE_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})

INDEXES = (
    ("ix_documents_content_hash", "documents", ["content_hash"]),
    ("ix_documents_external_id", "documents", ["external_id"]),
    ("ix_documents_file_name", "documents", ["file_name"]),
    ("ix_documents_superseded_by", "documents", ["superseded_by"]),
    ("ix_documents_url", "documents", ["url"]),
    ("ix_happenings_country", "happenings", ["country"]),
    ("ix_happenings_date_lat_lon", "happenings", ["event_date", "latitude", "longitude"]),
    ("ix_happenings_type_date_lat_lon", "happenings", ["event_type", "event_date", "latitude", "longitude"]),
    ("ix_control_as_of_lat_lon", "control", ["as_of", "latitude", "longitude"]),
    ("ix_control_document", "control", ["document_id"]),
    ("ix_control_place", "control", ["place_key", "as_of"]),
    ("ix_events_country", "events", ["country"]),
    ("ix_events_date", "events", ["event_date"]),
    ("ix_events_date_lat_lon", "events", ["event_date", "latitude", "longitude"]),
    ("ix_events_document", "events", ["document_id"]),
    ("ix_events_lat_lon", "events", ["latitude", "longitude"]),
    ("ix_events_type_date", "events", ["event_type", "event_date"]),
    ("ix_mentions_document", "mentions", ["document_id"]),
    ("ix_happening_events_happening", "happening_events", ["happening_id", "position"]),
)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=512), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("superseded_by", sa.String(length=512), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        if_not_exists=True,
    )
    op.create_table(
        "happenings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        *acled_columns(),
        sa.Column("document_ids", sa.Text(), nullable=False),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("n_outlets", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
        if_not_exists=True,
    )
    op.create_table(
        "control",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(length=512), nullable=False),
        sa.Column("place_key", sa.String(length=64), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("place_name", sa.Text(), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("country_code", sa.String(length=8), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("controller", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("counterpart", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("evidence_offsets", sa.Text(), nullable=True),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=True),
        sa.Column("hedges", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        if_not_exists=True,
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=512), nullable=False),
        *acled_columns(),
        sa.Column("evidence_offsets", sa.Text(), nullable=True),
        sa.Column("field_spans", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
        if_not_exists=True,
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(length=512), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("attributes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        if_not_exists=True,
    )
    op.create_table(
        "happening_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("happening_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.event_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["happening_id"], ["happenings.event_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id"),
        if_not_exists=True,
    )
    document_columns = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("documents")}
    if "revision" not in document_columns:
        add_document_identity(op.get_bind())
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, if_not_exists=True)


def add_document_identity(connection: sa.Connection) -> None:
    """Documents identified by their normalised text, with ids, file names and revisions apart.

    Keys stay as they were, so events, mentions and happenings need no change (the indexes of the
    new columns come with the others, in `upgrade`). The id an earlier
    sitrep stored was the input's id or, for a whole file, its name: a name ending like a report
    file (or "stdin") becomes the file name, any other the id.
    """
    for ddl in (
        "ALTER TABLE documents ADD COLUMN external_id TEXT",
        "ALTER TABLE documents ADD COLUMN file_name TEXT",
        "ALTER TABLE documents ADD COLUMN revision INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE documents ADD COLUMN superseded_by VARCHAR(512)",
    ):
        connection.execute(sa.text(ddl))
    rows = connection.execute(sa.text("SELECT id, text FROM documents")).all()
    for key, body in rows:
        is_file = key == "stdin" or PurePosixPath(key).suffix.lower() in FILE_SUFFIXES
        connection.execute(
            sa.text(
                "UPDATE documents SET content_hash = :hash, external_id = :id, file_name = :name WHERE id = :key"
            ),
            {
                "hash": content_hash(body),
                "id": None if is_file else key,
                "name": key if is_file else None,
                "key": key,
            },
        )


def acled_columns() -> list[sa.Column]:
    """The ACLED fields an event and a happening share, each table getting its own Column objects."""
    return [
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("time_precision", sa.Integer(), nullable=True),
        sa.Column("disorder_type", sa.String(length=64), nullable=True),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("sub_event_type", sa.String(length=64), nullable=False),
        sa.Column("actor1", sa.Text(), nullable=True),
        sa.Column("assoc_actor_1", sa.Text(), nullable=True),
        sa.Column("inter1", sa.Integer(), nullable=True),
        sa.Column("actor2", sa.Text(), nullable=True),
        sa.Column("assoc_actor_2", sa.Text(), nullable=True),
        sa.Column("inter2", sa.Integer(), nullable=True),
        sa.Column("interaction", sa.Integer(), nullable=True),
        sa.Column("civilian_targeting", sa.String(length=32), nullable=True),
        sa.Column("iso", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=128), nullable=True),
        sa.Column("admin1", sa.Text(), nullable=True),
        sa.Column("admin2", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=True),
        sa.Column("claim_status", sa.String(length=16), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
    ]
