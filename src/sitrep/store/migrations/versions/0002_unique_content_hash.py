"""One row per text: the content hash unique, so that concurrent writers store each text once
(`INSERT ... ON CONFLICT DO NOTHING` in Store.add).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

A text an earlier sitrep stored under two ids keeps both rows: the later ones (by ingestion) get
their key's hash of the text (`keyed_hash`), as imported stand-ins do.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sitrep.store.identity import keyed_hash

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, content_hash, text FROM documents ORDER BY ingested_at, id")
    ).all()
    seen: set[str] = set()
    for key, text_hash, body in rows:
        if text_hash in seen:
            connection.execute(
                sa.text("UPDATE documents SET content_hash = :hash WHERE id = :key"),
                {"hash": keyed_hash(key, body), "key": key},
            )
        seen.add(text_hash)
    op.drop_index("ix_documents_content_hash", "documents")
    op.create_index("ix_documents_content_hash", "documents", ["content_hash"], unique=True)
