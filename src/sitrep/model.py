"""The plain records that flow through the pipeline, one way, stage to stage.

ingest -> Document; nlp -> spaCy Doc; actors/places/times -> mentions;
events -> Event. The ACLED row is a view of Event (`Event.acled_row`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """One input text and what is known about it before analysis.

    `id` is what the input calls it: a record's id, else its file name (then `file_name` is set,
    and another text may well share it). The store identifies a document by its text (store/identity.py).
    """

    id: str
    text: str
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # the file or stream it was read from, for messages
    file_name: str | None = None  # the file name the id was taken from; None: the input gave an id


@dataclass(frozen=True)
class Span:
    """Character offsets into Document.text (end exclusive) and the text there."""

    start: int
    end: int
    text: str


@dataclass
class ActorMention:
    """A conflict actor named in the text, normalised against the actor dictionary."""

    span: Span
    name: str  # canonical name, e.g. "Islamic State"
    inter: int  # ACLED actor type 1-8
    kind: str  # "state", "rebel", "political_militia", "identity_militia", "rioters", "protesters", "civilians", "external"
    country: str | None = None  # ISO alpha-2 of the actor's home country
    umbrella: tuple[str, ...] = ()  # affiliations, nearest first: ("Free Syrian Army", "Syrian opposition")
    known: bool = True  # False: an armed group kept under its own name


@dataclass
class PlaceMention:
    """A place named in the text and where it was resolved to (None when unresolved)."""

    span: Span
    name: str | None = None  # gazetteer name
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    feature_kind: str | None = None  # "city", "country", "admin1", "mountains", "road", "camp", ...
    geo_precision: int | None = None  # ACLED 1 town, 2 near/part of district, 3 region/feature/province
    role: str = "location"  # "location", "demonym" (Jordanian), "metonym" (Damascus said), "jurisdiction" (banned in Russia)
    # a province's seat or a country's capital: ACLED codes an event known only at that level
    # there, while the toponym itself keeps the middle of its territory
    seat: tuple[float, float] | None = None

    @property
    def resolved(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class TimeMention:
    """A time expression with its TIMEX3 value anchored on the publication date."""

    span: Span
    value: str  # TIMEX3: 2016-11-04, 2016-W45, 2016-04, P4Y, PAST_REF ...
    type: str = "DATE"  # DATE, TIME, DURATION, SET
    precision: int | None = None  # ACLED time precision 1 day, 2 week/days, 3 month or vaguer
    date_from: dt.date | None = None  # the calendar window the value denotes
    date_to: dt.date | None = None


@dataclass
class Event:
    """One ACLED-style event with the evidence for its fields."""

    document_id: str
    event_type: str
    sub_event_type: str
    evidence: list[Span]
    event_date: dt.date | None = None
    time_precision: int | None = None
    disorder_type: str | None = None
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str = ""
    iso: int | None = None
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str = ""
    notes: str = ""
    fatalities: int = 0
    tags: str = ""
    claim_status: str = "reported"  # reported, claimed, disputed, denied
    event_id: str = ""
    # where each coded field came from, e.g. {"actor1": Span, "location": Span, "event_date": Span}
    field_spans: dict[str, Span] = field(default_factory=dict)
    score: float | None = None  # the classifier's confidence in the type

    def acled_row(self) -> dict[str, Any]:
        """The ACLED column view, plus document_id, claim_status and evidence."""
        row = {column: getattr(self, column) for column in ACLED_COLUMNS if column != "year"}
        row["event_date"] = self.event_date.isoformat() if self.event_date else ""
        row["year"] = self.event_date.year if self.event_date else ""
        row["document_id"] = self.document_id
        row["claim_status"] = self.claim_status
        row["evidence"] = " ".join(span.text for span in self.evidence)
        row["evidence_offsets"] = ";".join(f"{span.start}-{span.end}" for span in self.evidence)
        return row

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


ACLED_COLUMNS = (
    "event_id", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "country", "admin1", "admin2",
    "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "tags",
)  # fmt: skip
EVENT_COLUMNS = (*ACLED_COLUMNS, "document_id", "claim_status", "evidence", "evidence_offsets")
