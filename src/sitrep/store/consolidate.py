"""Consolidation: one happening per real-world event, however many reports tell of it.

Each event coded from a newly stored document joins the best matching happening, or founds one.
It matches a happening when

- the types agree: the same event type, and the same sub-event type, or one of the pairs in
  pairs that reports of one happening disagree on (`taxonomy.COMPATIBLE_SUB_TYPES`), or a generic one ("Other");
- the actors agree: each side the same, or unnamed in one of them ("Unidentified Armed Group",
  "Civilians"), the rule that merges retellings within one document (`compatible_actors`);
- the places lie within each other's place precision: within MERGE_KM of each other, or one
  known only at a district or province (geo_precision 2 or 3) or country that holds the other
  (the same admin2, admin1 or country: "an air strike in Idlib province" and "in Khan Sheikhoun");
- the dates' precision windows (ACLED time precision: 1 that day, 2 that Monday-to-Sunday week,
  3 that calendar month) overlap or lie at most DATE_SLACK_DAYS apart;
- the happening has no event of this document yet: a report that codes two events told them apart.

Among several matches one of the same sub-event type wins, then the nearest, then the closest in
time. Merging never bridges two happenings: an event joins one. Events without a date or coordinates
stay happenings of their own.

The happening takes its fields as a retelling within one document does (`absorb`: named actors
over unidentified ones, the finer place, a claim over a plain report), its date and notes from
the most precisely dated report, and, as ACLED does, the most conservative fatality figure: the
smallest non-zero one among the reports (a report that gives none does not count as zero). Its
`source` lists every outlet, its evidence every sentence; n_sources counts the reports and
n_outlets the distinct sources named. The events rows are never changed: `happening_events` links
each to its happening with the reason as JSON, so every merge can be explained and undone.

A document superseded by a new revision is undone so (`unmerge`): the happenings its events were
in are dissolved and the other reports' events in them consolidated again, in the order stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, insert, or_, select, update

from sitrep.events.merge import absorb, compatible_actors, holding_area, namesake_seat
from sitrep.events.taxonomy import GENERIC_SUB_TYPES, civilian_targeting, disorder_type, sub_types_agree
from sitrep.geo import bounding_box, haversine_km
from sitrep.model import Event, Span
from sitrep.store.schema import HAPPENING_COPIES, documents, events, happening_events, happenings

MERGE_KM = 25.0  # reports place one happening in the town, a district or a village nearby
DATE_SLACK_DAYS = 1  # "last night" in one report is "on Tuesday" in another
LONGEST_WINDOW_DAYS = 30  # a month-precise date lies at most this far from its window's ends
PRECISION_NAMES = {1: "day", 2: "week", 3: "month"}
EVENT_FIELDS = frozenset(f.name for f in dataclasses.fields(Event)) - {"evidence", "field_spans"}


def consolidate(connection: Connection, document_id: str) -> None:
    """Put each stored event of the document that is in no happening into one, inside the
    caller's transaction."""
    link = happening_events.c
    linked = exists().where(link.event_id == events.c.event_id)
    rows = connection.execute(
        select(events).where(events.c.document_id == document_id, ~linked).order_by(events.c.id)
    ).all()
    outlet = connection.execute(select(documents.c.source).where(documents.c.id == document_id)).scalar()
    # happenings this document already tells of
    told: set[str] = set(
        connection.execute(
            select(link.happening_id)
            .join(events, events.c.event_id == link.event_id)
            .where(events.c.document_id == document_id)
        ).scalars()
    )
    for row in rows:
        event = as_event(row._mapping)
        best: tuple[Any, dict[str, Any]] | None = None
        for candidate in _candidates(connection, event, told):
            reason = match(as_event(candidate._mapping), event)
            if reason is not None and (best is None or _closeness(reason) < _closeness(best[1])):
                best = (candidate, reason)
        outlets = _outlets(event, outlet)
        if best is None:
            told.add(_found(connection, event, outlets))
        else:
            told.add(_join(connection, best[0]._mapping, event, outlets, best[1]))


def unmerge(connection: Connection, document_id: str) -> None:
    """Take the document's events out of their happenings: dissolve those happenings and put the
    other events they held into happenings again, document by document in the order stored."""
    link = happening_events.c
    dissolved = (
        select(link.happening_id)
        .join(events, events.c.event_id == link.event_id)
        .where(events.c.document_id == document_id)
    )
    members = (
        select(documents.c.id, documents.c.ingested_at)
        .join(events, events.c.document_id == documents.c.id)
        .join(happening_events, link.event_id == events.c.event_id)
        .where(link.happening_id.in_(dissolved), documents.c.id != document_id)
        .distinct()
    )
    others = sorted(connection.execute(members).all(), key=lambda row: (row.ingested_at, row.id))
    affected = list(connection.execute(dissolved).scalars())
    connection.execute(delete(happening_events).where(link.happening_id.in_(affected)))
    connection.execute(delete(happenings).where(happenings.c.event_id.in_(affected)))
    for other in others:
        consolidate(connection, other.id)


def match(happening: Event, event: Event) -> dict[str, Any] | None:
    """Why the event tells of the happening (distance, date gap, type and actor agreement), or None."""
    kind = _type_agreement(happening, event)
    ours, theirs = _placed(happening), _placed(event)
    if kind is None or ours is None or theirs is None:
        return None
    distance = haversine_km(ours[1], ours[2], theirs[1], theirs[2])
    gap = _gap_days(window(ours[0], happening.time_precision), window(theirs[0], event.time_precision))
    area = holding_area(happening, event)
    if (distance > MERGE_KM and area is None) or gap > DATE_SLACK_DAYS:
        return None
    reason: dict[str, Any] = {
        "distance_km": round(distance, 1),
        "date_gap_days": gap,
        "dates": f"{_dated(happening)} / {_dated(event)}",
        "type": kind,
    }
    if distance > MERGE_KM:
        reason["place"] = area
    for side in ("actor1", "actor2"):
        actor, other = getattr(happening, side), getattr(event, side)
        if not compatible_actors(actor, other):
            return None
        reason[side] = "same" if actor == other else f"{actor or 'none'} / {other or 'none'}: one unnamed"
    return reason


def window(day: dt.date, precision: int | None) -> tuple[dt.date, dt.date]:
    """The days an ACLED date of this time precision stands for."""
    if precision == 2:
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if precision is not None and precision >= 3:
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following - dt.timedelta(days=1)
    return day, day


def as_event(row: Any) -> Event:
    """A stored events or happenings row as an Event, its evidence as one span of text."""
    values = {k: v for k, v in row.items() if k in EVENT_FIELDS and v is not None}
    values.setdefault("document_id", "")
    return Event(evidence=[Span(-1, -1, row["evidence"] or "")], **values)


def _type_agreement(a: Event, b: Event) -> str | None:
    if a.event_type != b.event_type or not sub_types_agree(a.sub_event_type, b.sub_event_type):
        return None
    if a.sub_event_type == b.sub_event_type:
        return "same"
    return f"{a.sub_event_type} / {b.sub_event_type}: compatible"


def _placed(event: Event) -> tuple[dt.date, float, float] | None:
    """Date and coordinates, when the event has all three: without them it matches nothing."""
    if event.event_date is None or event.latitude is None or event.longitude is None:
        return None
    return event.event_date, event.latitude, event.longitude


def _gap_days(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days between two windows; 0 when they overlap."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def _dated(event: Event) -> str:
    precision = PRECISION_NAMES.get(event.time_precision or 1, "month")
    return f"{event.event_date} ({precision})"


def _closeness(reason: dict[str, Any]) -> tuple[bool, float, int]:
    """Of several matching happenings, one of the same sub-event type first (a report of a gas attack
    joins the gas attack, not the air strike told nearby), then the nearest, then the closest in time."""
    return reason["type"] != "same", reason["distance_km"], reason["date_gap_days"]


def _candidates(connection: Connection, event: Event, told: set[str]) -> list[Any]:
    """Happenings of the event's type in a date window and a box around it: indexed filters only."""
    placed = _placed(event)
    if placed is None:
        return []
    day, lat, lon = placed
    first, last = window(day, event.time_precision)
    reach = dt.timedelta(days=DATE_SLACK_DAYS + LONGEST_WINDOW_DAYS)
    west, south, east, north = bounding_box(lat, lon, MERGE_KM)
    c = happenings.c
    nearby = and_(c.latitude.between(south, north), c.longitude.between(west, east))
    # a happening known only by its area, or an event known only by its own, may lie far off, and
    # so may one at a province's namesake seat (`namesake_province`) from the towns of its province
    in_country = c.country == event.country
    place = (
        or_(nearby, and_(in_country, or_(c.geo_precision >= 2, c.admin1 == event.admin1)))
        if (event.geo_precision or 1) < 2 and not namesake_seat(event)
        else in_country
    )
    query = select(happenings).where(
        c.event_type == event.event_type,
        c.event_date.between(first - reach, last + reach),
        place,
    )
    if told:
        query = query.where(c.event_id.not_in(told))
    # in one order on every backend: of equally close happenings, the first is joined
    return list(connection.execute(query.order_by(c.event_id)))


def _found(connection: Connection, event: Event, outlets: list[str]) -> str:
    happening_id = f"H{event.event_id}"
    connection.execute(
        insert(happenings).values(event_id=happening_id, **_columns(event, [event.document_id], outlets))
    )
    _link(connection, event, happening_id, 0, {"founded": True})
    return happening_id


def _join(connection: Connection, row: Any, event: Event, outlets: list[str], reason: dict[str, Any]) -> str:
    happening = as_event(row)
    absorb(happening, event)
    happening.fatalities = min((f for f in (happening.fatalities, event.fatalities) if f), default=0)
    if (event.time_precision or 3) < (happening.time_precision or 3):
        happening.event_date, happening.time_precision = event.event_date, event.time_precision
        happening.notes = event.notes  # notes open with the date they tell
    if happening.sub_event_type in GENERIC_SUB_TYPES:
        happening.sub_event_type = event.sub_event_type
    document_ids = [*row["document_ids"].split("; "), event.document_id]
    outlets = list(dict.fromkeys([*row["source"].split("; "), *outlets]))
    connection.execute(
        update(happenings)
        .where(happenings.c.event_id == row["event_id"])
        .values(**_columns(happening, document_ids, outlets))
    )
    _link(connection, event, row["event_id"], len(document_ids) - 1, reason)
    return str(row["event_id"])


def _outlets(event: Event, document_source: str | None) -> list[str]:
    """The event's sources, else its document's; a report that names none stands for itself."""
    return [s for s in (event.source or document_source or "").split("; ") if s] or [event.document_id]


def _columns(happening: Event, document_ids: list[str], outlets: list[str]) -> dict[str, Any]:
    row = {name: getattr(happening, name) for name in HAPPENING_COPIES if name not in ("year", "evidence")}
    row.update(
        year=happening.event_date.year if happening.event_date else None,
        disorder_type=disorder_type(happening.event_type, happening.sub_event_type),
        civilian_targeting=civilian_targeting(happening.sub_event_type, happening.inter2),
        evidence=" ".join(span.text for span in happening.evidence),
        source="; ".join(outlets),
        document_ids="; ".join(document_ids),
        n_sources=len(document_ids),
        n_outlets=len(outlets),
    )
    return row


def _link(
    connection: Connection, event: Event, happening_id: str, position: int, reason: dict[str, Any]
) -> None:
    connection.execute(
        insert(happening_events).values(
            event_id=event.event_id, happening_id=happening_id, position=position, reason=json.dumps(reason)
        )
    )
