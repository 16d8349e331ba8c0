"""The checkpoint of `sitrep watch` (`watched` table): which file or feed item it took, at which version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, insert, select

from sitrep.store import Store
from sitrep.store.schema import watched


def taken(store: Store) -> dict[str, str]:
    """The version each source was taken at, by source."""
    with store.engine.connect() as connection:
        return {
            row.source: row.version for row in connection.execute(select(watched.c.source, watched.c.version))
        }


def mark_taken(store: Store, source: str, version: str, stored: Sequence[str]) -> None:
    """Record that `source` was taken at `version`, adding the documents of keys `stored`."""
    with store.engine.begin() as connection:
        connection.execute(delete(watched).where(watched.c.source == source))
        connection.execute(
            insert(watched).values(
                source=source,
                version=version,
                stored="; ".join(stored) or None,
                taken_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            )
        )
