"""Storage: documents, their mentions and events, in SQLite by default or PostgreSQL.

A document is identified by its text (store/identity.py): the same text again adds nothing,
whatever its name; another text under a name already held is stored too, under a key that tells
them apart; a changed text under a known URL or id is that document's next revision, whose events
replace the old revision's in every query (the old ones are kept, for audit). Every query is built
with SQLAlchemy Core, so values are always bound parameters.

`events` holds each event as coded from one document; storing a document also merges its events
with those other reports told into happenings (`store/consolidate.py`), one per real event.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    Table,
    and_,
    create_engine,
    event,
    exists,
    func,
    insert,
    or_,
    select,
    text,
    type_coerce,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

from sitrep.config import database_url
from sitrep.model import ActorMention, Document, Event, PlaceMention, TimeMention
from sitrep.store.identity import (
    Stored,
    content_hash,
    current_revision,
    disambiguated,
    free_key,
    is_current,
    key_of_text,
    key_taken,
    keyed_hash,
    name_holder,
    namesake,
    supersede,
)
from sitrep.store.migrations import upgrade
from sitrep.store.schema import documents, events, happening_events, happenings, mentions


@dataclass
class EventFilter:
    """What `events` and the API filter on; None means no condition."""

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    claim_status: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    document_id: str | None = None


# the GiST index of migration 0003 is there, and PostGIS's function on this connection's search path
POINT_INDEX_USABLE = (
    "SELECT to_regclass('ix_events_point') IS NOT NULL"
    " AND to_regprocedure('st_makepoint(double precision, double precision)') IS NOT NULL"
)
# any fixed number: the key of the PostgreSQL lock under which one writer at a time merges
CONSOLIDATION_LOCK = 7_301_002


class NoDatabase(Exception):
    """A store opened for reading names a SQLite file that does not exist."""


class Store:
    def __init__(self, url: str | None = None, create: bool = True) -> None:
        """Open the database at `url` (default: $SITREP_DB, else the data directory's). Without
        `create`, a SQLite file that does not exist is an error (NoDatabase), not a new database."""
        self.url = url or database_url(create)
        parsed = make_url(self.url)
        if parsed.drivername == "postgresql":  # plain postgresql://: the driver sitrep installs
            parsed = parsed.set(drivername="postgresql+psycopg")
        self.url = parsed.render_as_string()  # what the user is told: the password hidden
        if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
            if not create and not Path(parsed.database).is_file():
                raise NoDatabase(f"no database at {parsed.database}")
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # a pooled connection for each of the web server's worker threads (a few; anyio's default
        # is 40), so that none is opened and closed per request under load
        self.engine: Engine = create_engine(parsed, pool_size=40, max_overflow=10)
        if parsed.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        with self.engine.begin() as connection:
            upgrade(connection)
            _consolidate(connection, _unconsolidated(connection))
            # PostgreSQL with PostGIS (migration 0003): bounding boxes through the points' GiST index
            self.point_index = connection.dialect.name == "postgresql" and bool(
                connection.execute(text(POINT_INDEX_USABLE)).scalar()
            )

    # --- writing -----------------------------------------------------------------------

    def has_document(self, document: Document) -> bool:
        """True when this text is already stored, under whatever name."""
        with self.engine.connect() as connection:
            return key_of_text(connection, content_hash(document.text)) is not None

    def key_for(self, document: Document, taken: Collection[str] = ()) -> str:
        """The key the document will be stored under, unless another writer takes it first:
        its own id, else (held by another text, or in `taken`) the id with its text's hash."""
        with self.engine.connect() as connection:
            return free_key(connection, document, content_hash(document.text), taken)

    def add(
        self,
        document: Document,
        document_events: Sequence[Event],
        actor_mentions: Sequence[ActorMention] = (),
        place_mentions: Sequence[PlaceMention] = (),
        time_mentions: Sequence[TimeMention] = (),
        key: str | None = None,
    ) -> Stored | None:
        """Store a document with its events and mentions in one transaction, and merge its events
        into happenings in the same transaction. `document.id` is what the input calls it; `key`,
        when free, the key to store it under (`key_for`; the events' document ids are set to the key).

        Returns None, storing nothing, when this text is already stored.
        """
        text_hash = content_hash(document.text)
        with self.engine.begin() as connection:
            if key_of_text(connection, text_hash) is not None:
                return None
            if key is None or key_taken(connection, key):
                key = free_key(connection, document, text_hash)
            previous = current_revision(connection, document)
            same_name = None if previous else namesake(connection, document)
            revision = previous.revision + 1 if previous else 1
            row = {
                "content_hash": text_hash,
                "external_id": None if document.file_name else document.id,
                "file_name": document.file_name,
                "title": document.title,
                "url": document.url,
                "source": document.source,
                "published": document.published,
                "text": document.text,
                "ingested_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                "revision": revision,
            }
            if not _insert_new(connection, documents, {**row, "id": key}):
                # another writer stored a document since: this text (then there is nothing to do),
                # or another text under this key
                if key_of_text(connection, text_hash) is not None:
                    return None
                key = disambiguated(document.id, text_hash)
                if not _insert_new(connection, documents, {**row, "id": key}):
                    return None  # a key only a writer of this text takes
            _merge_alone(connection)
            stored = Stored(
                key,
                revision=revision,
                replaces=previous.id if previous else None,
                shares_name_with=None if previous else same_name or name_holder(connection, document.id, key),
            )
            if previous:
                supersede(connection, previous.id, key)
            if document_events:
                connection.execute(
                    insert(events), [{**_event_row(e), "document_id": key} for e in document_events]
                )
                _consolidate(connection, [key])
                stored.merged = _merged_events(connection, key)
            rows = _mention_rows(key, actor_mentions, place_mentions, time_mentions)
            if rows:
                connection.execute(insert(mentions), rows)
        return stored

    def import_events(self, rows: Iterable[dict[str, Any]]) -> tuple[int, int]:
        """Store exported event rows (`sitrep import`) in one transaction, each document's events
        with a stand-in for the document (`store/imported.py`). A document already stored keeps
        the events it has: its rows count as already stored. Returns (events added, already stored)."""
        from sitrep.store.imported import evidence_text, typed_row

        typed_rows = [typed_row(row) for row in rows]
        by_document: dict[str, list[dict[str, Any]]] = {}
        for typed in typed_rows:
            by_document.setdefault(typed["document_id"], []).append(typed)
        with self.engine.begin() as connection:
            new = set()
            for document_id, document_rows in by_document.items():
                stand_in_text = evidence_text(document_rows)
                stand_in = {
                    "id": document_id,
                    "content_hash": keyed_hash(document_id, stand_in_text),
                    "text": stand_in_text,
                    "ingested_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                }
                if _insert_new(connection, documents, stand_in):
                    new.add(document_id)
            # the events in the export's order, not document by document: events of one day are
            # listed in the order stored, so exporting them again lists them as the export did
            added = [typed for typed in typed_rows if typed["document_id"] in new]
            if added:
                _merge_alone(connection)
                connection.execute(insert(events), added)
                _consolidate(connection, [key for key in by_document if key in new])
        return len(added), len(typed_rows) - len(added)

    # --- reading -----------------------------------------------------------------------

    def query_events(
        self, where: EventFilter, limit: int | None = None, offset: int = 0, columns: Sequence[str] = ()
    ) -> list[dict[str, Any]]:
        """Each report's events, as coded from it; only `columns` when given (the map asks for a
        few short ones, and leaving the evidence out makes its question several times cheaper)."""
        return self._rows(events, where, limit, offset, columns)

    def count_events(self, where: EventFilter) -> int:
        return self._count(events, where)

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(events).where(events.c.event_id == event_id)).first()
        return _public(row._mapping) if row else None

    def get_document(self, document_id: str) -> dict[str, Any] | None:
        """The document of this key, else the current revision of the document with this id."""
        with self.engine.connect() as connection:
            row = connection.execute(select(documents).where(documents.c.id == document_id)).first()
            if row is None:
                row = connection.execute(
                    select(documents).where(documents.c.external_id == document_id, is_current())
                ).first()
            if row is None:
                return None
            document_id = row.id
            found = connection.execute(
                select(mentions).where(mentions.c.document_id == document_id).order_by(mentions.c.start)
            )
            document = dict(row._mapping)
            document["mentions"] = [_mention_public(m._mapping) for m in found]
        document["events"] = self.query_events(EventFilter(document_id=document_id))
        return document

    def happenings(
        self, where: EventFilter, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Events merged across reports, with the ACLED columns, document_ids and n_sources."""
        return self._rows(happenings, where, limit, offset)

    def count_happenings(self, where: EventFilter) -> int:
        return self._count(happenings, where)

    def _rows(
        self, table: Table, where: EventFilter, limit: int | None, offset: int, columns: Sequence[str] = ()
    ) -> list[dict[str, Any]]:
        names = list(columns) or [str(column.name) for column in table.c if column.name != "id"]
        # the date as stored (ISO text in SQLite): parsing it into a date for each row only to write
        # it out again cost more than the query itself
        chosen = [
            type_coerce(table.c[name], String).label(name) if name == "event_date" else table.c[name]
            for name in names
        ]
        # undated first on both backends (PostgreSQL puts NULL last unless told)
        order = (table.c.event_date.asc().nulls_first(), table.c.id)
        query = select(*chosen).where(*_conditions(where, table, self.point_index)).order_by(*order)
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self.engine.connect() as connection:
            return [_public(dict(zip(names, row, strict=True))) for row in connection.execute(query)]

    def _count(self, table: Table, where: EventFilter) -> int:
        query = select(func.count()).select_from(table).where(*_conditions(where, table, self.point_index))
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def explain(self, happening_or_event_id: str) -> dict[str, Any] | None:
        """The happening of this id, or the one this event belongs to, with each document event
        merged into it in the order they came and the reason each was merged (None: no such id)."""
        link = happening_events.c
        with self.engine.connect() as connection:
            happening = connection.execute(
                select(happenings).where(
                    or_(
                        happenings.c.event_id == happening_or_event_id,
                        happenings.c.event_id.in_(
                            select(link.happening_id).where(link.event_id == happening_or_event_id)
                        ),
                    )
                )
            ).first()
            if happening is None:
                return None
            members = connection.execute(
                select(events, link.reason, documents.c.title.label("document_title"))
                .join(happening_events, link.event_id == events.c.event_id)
                .join(documents, documents.c.id == events.c.document_id)
                .where(link.happening_id == happening.event_id)
                .order_by(link.position)
            ).all()
        explained = []
        for member in members:
            row = _public(member._mapping)
            row["reason"] = json.loads(row["reason"])
            explained.append(row)
        return {"happening": _public(happening._mapping), "events": explained}

    def stats(self) -> dict[str, Any]:
        month = func.substr(func.cast(events.c.event_date, String), 1, 7)
        with self.engine.connect() as connection:
            current = _of_current_revisions()
            by_type = connection.execute(
                select(events.c.event_type, func.count()).where(current).group_by(events.c.event_type)
            ).all()
            by_country = connection.execute(
                select(events.c.country, func.count()).where(current).group_by(events.c.country)
            ).all()
            by_month = connection.execute(
                select(month, func.count()).where(current).group_by(month).order_by(month)
            ).all()
            n_documents = connection.execute(
                select(func.count()).select_from(documents).where(is_current())
            ).scalar_one()
        return {
            "documents": int(n_documents),
            "events": sum(int(n) for _, n in by_type),
            "by_type": {str(k): int(n) for k, n in by_type},
            "by_country": {str(k or ""): int(n) for k, n in by_country},
            "by_month": {str(k): int(n) for k, n in by_month if k},
        }


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _insert_new(connection: Connection, table: Table, row: dict[str, Any]) -> bool:
    """Insert the row unless one already there holds its key or unique value (another writer's,
    maybe at this moment: the database decides, not a check before): True when inserted."""
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = dialect_insert(table).values(row).on_conflict_do_nothing()
    # RETURNING, not rowcount: psycopg leaves rowcount unset (-1) on this statement
    return connection.execute(statement.returning(*table.primary_key)).first() is not None


def _merged_events(connection: Connection, document_id: str) -> int:
    """How many of the document's events joined a happening another report founded."""
    link = happening_events.c
    query = (
        select(func.count())
        .select_from(happening_events.join(events, events.c.event_id == link.event_id))
        .where(events.c.document_id == document_id, link.position > 0)
    )
    return int(connection.execute(query).scalar_one())


def _unconsolidated(connection: Connection) -> list[str]:
    """Documents, in the order they were stored, with events in no happening: those stored before
    happenings existed."""
    loose = exists().where(
        events.c.document_id == documents.c.id,
        ~exists().where(happening_events.c.event_id == events.c.event_id),
    )
    query = (
        select(documents.c.id).where(loose, is_current()).order_by(documents.c.ingested_at, documents.c.id)
    )
    return list(connection.execute(query).scalars())


def _merge_alone(connection: Connection) -> None:
    """On PostgreSQL, wait until no other writer is changing happenings, and hold them until this
    transaction ends: concurrent ingests then merge (and unmerge revisions) as one after the other
    would, and never wait on each other's happenings rows. Taken only once the document row is in:
    a writer holding it and then waiting on another's uncommitted row of the same text would deadlock."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(CONSOLIDATION_LOCK)))


def _consolidate(connection: Connection, document_ids: Sequence[str]) -> None:
    if not document_ids:
        return
    # imported here: it brings the event coder (spaCy), which only writers need
    from sitrep.store.consolidate import consolidate

    for document_id in document_ids:
        consolidate(connection, document_id)


def _conditions(where: EventFilter, table: Table, point_index: bool) -> list[Any]:
    """The filter on `events`, or on `happenings`, whose documents are those of their events; with
    `point_index`, the bounding box as PostGIS's box overlap, the expression its GiST index holds."""
    c = table.c
    conditions: list[Any] = []
    if where.since:
        conditions.append(c.event_date >= where.since)
    if where.until:
        conditions.append(c.event_date <= where.until)
    if where.country:
        conditions.append(func.lower(c.country) == where.country.lower())
    if where.event_type:
        conditions.append(func.lower(c.event_type) == where.event_type.lower())
    if where.sub_event_type:
        conditions.append(func.lower(c.sub_event_type) == where.sub_event_type.lower())
    if where.claim_status:
        conditions.append(c.claim_status == where.claim_status)
    if where.document_id and table is events:
        conditions.append(c.document_id == where.document_id)  # a superseded revision's too: audit
    elif table is events:
        conditions.append(_of_current_revisions())
    elif where.document_id:
        told_by = select(happening_events.c.happening_id).join(
            events, events.c.event_id == happening_events.c.event_id
        )
        conditions.append(c.event_id.in_(told_by.where(events.c.document_id == where.document_id)))
    if where.actor:
        pattern = f"%{_escape_like(where.actor.lower())}%"
        conditions.append(
            or_(*(func.lower(column).like(pattern, escape="\\") for column in
                  (c.actor1, c.assoc_actor_1, c.actor2, c.assoc_actor_2)))
        )  # fmt: skip
    if where.bbox:
        west, south, east, north = where.bbox
        if point_index:
            point = func.ST_MakePoint(c.longitude, c.latitude)
            conditions.append(point.op("&&")(func.ST_MakeEnvelope(west, south, east, north)))
        else:
            conditions.append(
                and_(c.latitude >= south, c.latitude <= north, c.longitude >= west, c.longitude <= east)
            )
    return conditions


def _of_current_revisions() -> Any:
    """Events of documents no later revision replaced."""
    superseded = select(documents.c.id).where(documents.c.superseded_by.is_not(None))
    return events.c.document_id.not_in(superseded)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _event_row(e: Event) -> dict[str, Any]:
    row = e.acled_row()
    row["event_date"] = e.event_date
    row["year"] = e.event_date.year if e.event_date else None
    row["field_spans"] = json.dumps({k: [s.start, s.end, s.text] for k, s in e.field_spans.items()})
    return row


def _public(row: Any) -> dict[str, Any]:
    out = dict(row)
    out.pop("id", None)
    if isinstance(out.get("event_date"), dt.date):
        out["event_date"] = out["event_date"].isoformat()
    if "field_spans" in out:  # events have them, happenings not
        out["field_spans"] = json.loads(out["field_spans"]) if out["field_spans"] else {}
    return out


def _mention_rows(
    document_id: str,
    actors: Sequence[ActorMention],
    places: Sequence[PlaceMention],
    times: Sequence[TimeMention],
) -> list[dict[str, Any]]:
    rows = []
    for kind, items, label_of in (
        ("actor", actors, lambda m: m.name),
        ("place", places, lambda m: m.name),
        ("time", times, lambda m: m.value),
    ):
        for mention in items:
            attributes = asdict(mention)
            span = attributes.pop("span")
            rows.append(
                {
                    "document_id": document_id,
                    "kind": kind,
                    "start": span["start"],
                    "end": span["end"],
                    "text": span["text"],
                    "label": label_of(mention),
                    "latitude": attributes.get("latitude"),
                    "longitude": attributes.get("longitude"),
                    "attributes": json.dumps(attributes, default=str),
                }
            )
    return rows


def _mention_public(row: Any) -> dict[str, Any]:
    out = dict(row)
    out.pop("id", None)
    out.pop("document_id", None)
    out["attributes"] = json.loads(out["attributes"]) if out.get("attributes") else {}
    return out
