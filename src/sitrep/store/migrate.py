"""Schema upgrades of existing databases, each one function, run when a Store opens.

Kept apart from the Store so that each can become a migration revision of a tool such as
Alembic unchanged: it takes a connection inside a transaction and upgrades in place.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from sqlalchemy import Connection, inspect, text

from sitrep.store.identity import content_hash

# what a file name looked like as an id before documents kept file names apart from ids
FILE_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})


def upgrade(connection: Connection) -> None:
    """Bring a database written by an earlier sitrep up to the current schema."""
    columns = {column["name"] for column in inspect(connection).get_columns("documents")}
    if "revision" not in columns:
        add_document_identity(connection)


def add_document_identity(connection: Connection) -> None:
    """Documents identified by their normalised text, with ids, file names and revisions apart.

    Keys stay as they were, so events, mentions and happenings need no change. The id an earlier
    sitrep stored was the input's id or, for a whole file, its name: a name ending like a report
    file (or "stdin") becomes the file name, any other the id.
    """
    for ddl in (
        "ALTER TABLE documents ADD COLUMN external_id TEXT",
        "ALTER TABLE documents ADD COLUMN file_name TEXT",
        "ALTER TABLE documents ADD COLUMN revision INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE documents ADD COLUMN superseded_by VARCHAR(512)",
        "CREATE INDEX IF NOT EXISTS ix_documents_external_id ON documents (external_id)",
        "CREATE INDEX IF NOT EXISTS ix_documents_file_name ON documents (file_name)",
        "CREATE INDEX IF NOT EXISTS ix_documents_url ON documents (url)",
        "CREATE INDEX IF NOT EXISTS ix_documents_superseded_by ON documents (superseded_by)",
    ):
        connection.execute(text(ddl))
    rows = connection.execute(text("SELECT id, text FROM documents")).all()
    for key, body in rows:
        is_file = key == "stdin" or PurePosixPath(key).suffix.lower() in FILE_SUFFIXES
        connection.execute(
            text(
                "UPDATE documents SET content_hash = :hash, external_id = :id, file_name = :name WHERE id = :key"
            ),
            {
                "hash": content_hash(body),
                "id": None if is_file else key,
                "name": key if is_file else None,
                "key": key,
            },
        )
