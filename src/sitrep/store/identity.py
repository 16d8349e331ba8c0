"""Document identity: a document is its text; the same text under any name is the same document.

A changed text under a known URL or id is that document's next revision (`current_revision`,
`supersede`). The text is normalised before hashing (Unicode NFC, runs of white space as one space, no
leading or trailing space), so that a re-fetched page that differs only in line breaks or
non-breaking spaces is not a new document.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from sitrep.model import Document
from sitrep.store.schema import documents

WHITE_SPACE = re.compile(r"\s+")


def normalised(text: str) -> str:
    return WHITE_SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def keyed_hash(key: str, text: str) -> str:
    """The hash of a text another document may hold too, told apart by its key: an imported
    document's stand-in (its events' evidence sentences) and a text an earlier sitrep stored twice."""
    return content_hash(f"{key}\n{text}")


def disambiguated(name: str, text_hash: str) -> str:
    """The key of a text whose name another text already holds."""
    return f"{name}~{text_hash[:8]}"


@dataclass
class Stored:
    """What storing a document did: its key, and what the user should be told."""

    key: str
    revision: int = 1
    replaces: str | None = None  # the key of the revision it supersedes
    shares_name_with: str | None = None  # the key of another text stored under the same name
    merged: int = 0  # of its events, those that joined other reports' happenings

    def note(self, name: str) -> str | None:
        """One line for the user when this is not a plain new document."""
        if self.replaces:
            return (
                f"changed text under a known id or URL: stored as revision {self.revision} ({self.key}); "
                f"its events replace those of {self.replaces}"
            )
        if self.shares_name_with:
            return f"another text named {name!r} is stored as {self.shares_name_with}; both kept, this one as {self.key}"
        return None


def is_current() -> Any:
    return documents.c.superseded_by.is_(None)


def key_of_text(connection: Connection, text_hash: str) -> str | None:
    return connection.execute(select(documents.c.id).where(documents.c.content_hash == text_hash)).scalar()


def key_taken(connection: Connection, key: str) -> bool:
    return connection.execute(select(documents.c.id).where(documents.c.id == key)).first() is not None


def free_key(connection: Connection, document: Document, text_hash: str, taken: Collection[str] = ()) -> str:
    if document.id not in taken and not key_taken(connection, document.id):
        return document.id
    return disambiguated(document.id, text_hash)


def current_revision(connection: Connection, document: Document) -> Any:
    """The current revision of the document this one revises: the one at its URL, else the one
    with its id (a file name is no id: two files of one name are two documents)."""
    c = documents.c
    if document.url:
        row = connection.execute(select(c.id, c.revision).where(c.url == document.url, is_current())).first()
        if row:
            return row
    if document.file_name is None:
        return connection.execute(
            select(c.id, c.revision).where(c.external_id == document.id, is_current())
        ).first()
    return None


def namesake(connection: Connection, document: Document) -> str | None:
    """The key of another current text stored under the same file name."""
    if document.file_name is None:
        return None
    c = documents.c
    return connection.execute(
        select(c.id).where(c.file_name == document.file_name, is_current()).order_by(c.ingested_at)
    ).scalar()


def name_holder(connection: Connection, name: str, key: str) -> str | None:
    """The key holding `name` when a text of that name was stored under another key: an id a
    file of that name holds, or a file name a record's id holds (`namesake` finds files only)."""
    return name if key != name and key_taken(connection, name) else None


def supersede(connection: Connection, old_key: str, new_key: str) -> None:
    """Mark the old revision superseded and take its events out of their happenings."""
    connection.execute(update(documents).where(documents.c.id == old_key).values(superseded_by=new_key))
    from sitrep.store.consolidate import unmerge

    unmerge(connection, old_key)
