"""The plain records of the control stage: statements of control in one text, and the state of a
place over time computed from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

RELATIONS = ("holds", "captured", "lost", "besieges", "besieged", "siege_broken", "contested")
# relations that say who holds the place after the statement (the scorer's "control" facts)
HOLDER_RELATIONS = ("holds", "captured", "besieged", "siege_broken")
FACT_COLUMNS = (
    "doc_id", "place", "place_name", "latitude", "longitude", "geonameid", "country_code", "as_of",
    "controller", "side", "actor", "relation", "counterpart", "confidence", "evidence", "evidence_offsets",
    "cue", "source", "hedges",
)  # fmt: skip


@dataclass
class ControlFact:
    """One statement of control a text makes about one place.

    `controller` is the ACLED actor the relation is about: the holder (holds, captured), the loser (lost),
    the besieger (besieges), the besieged holder (besieged), the breaker of a siege (siege_broken), or a
    party to shared control (contested; empty when the text names none). `counterpart` is the other
    party where the text names it: whom a place was captured from or lost to, the besieger of a
    besieged place, the besieger whose siege was broken."""

    doc_id: str
    place: str  # as written
    latitude: float
    longitude: float
    relation: str
    controller: str
    as_of: dt.date | None
    confidence: float
    evidence: list[tuple[int, int, str]]  # sentences: start, end, text
    place_name: str | None = None  # gazetteer name
    geonameid: int | None = None
    country_code: str | None = None
    side: str = ""
    actor: str = ""  # the controller as the text names it ("opposition", "IS")
    counterpart: str = ""
    cue: str = ""  # the words that make the statement
    source: str = ""  # the pattern: territory_event, adjective, held_by, stronghold, capture, ...
    hedges: list[str] = field(default_factory=list)

    @property
    def place_key(self) -> str:
        """One place however it is written: its gazetteer id, else its rounded point."""
        if self.geonameid is not None:
            return str(self.geonameid)
        return f"{self.latitude:.3f},{self.longitude:.3f}"

    def row(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "place": self.place,
            "place_name": self.place_name,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geonameid": self.geonameid,
            "country_code": self.country_code,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "controller": self.controller,
            "side": self.side,
            "actor": self.actor,
            "relation": self.relation,
            "counterpart": self.counterpart,
            "confidence": round(self.confidence, 3),
            "evidence": " ".join(text for _, _, text in self.evidence),
            "evidence_offsets": ";".join(f"{start}-{end}" for start, end, _ in self.evidence),
            "cue": self.cue,
            "source": self.source,
            "hedges": "; ".join(self.hedges),
        }


@dataclass
class Evidence:
    """A stored fact as the state computation sees it."""

    doc_id: str
    as_of: dt.date
    relation: str
    controller: str
    side: str
    counterpart: str
    counterpart_side: str
    confidence: float
    evidence: str
    outlet: str  # the document's source, to count independent outlets


@dataclass
class PlaceState:
    """Who holds a place as of a date, and why."""

    key: str
    place: str
    latitude: float
    longitude: float
    country_code: str | None
    as_of: dt.date
    controller: str  # the actor with the most weight in the holding side ("" when contested or unknown)
    side: str
    relation: str  # holds or contested
    confidence: float
    since: dt.date | None
    evidence: list[Evidence]
    sources: list[str]  # documents
    besieged_by: str = ""
    besieged_side: str = ""
    besieged_since: dt.date | None = None

    def row(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "place": self.place,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "country_code": self.country_code,
            "as_of": self.as_of.isoformat(),
            "controller": self.controller,
            "side": self.side,
            "relation": self.relation,
            "confidence": round(self.confidence, 3),
            "since": self.since.isoformat() if self.since else None,
            "besieged_by": self.besieged_by,
            "besieged_side": self.besieged_side,
            "besieged_since": self.besieged_since.isoformat() if self.besieged_since else None,
            "sources": self.sources,
            "evidence": [
                {"doc_id": e.doc_id, "as_of": e.as_of.isoformat(), "relation": e.relation,
                 "controller": e.controller, "confidence": round(e.confidence, 3), "text": e.evidence}
                for e in self.evidence
            ],
        }  # fmt: skip
