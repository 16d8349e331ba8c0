"""One event per happening within a report: retellings merged, summaries' totals not counted."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span as SpacySpan

from sitrep.events.taxonomy import PREVAILING_SUB_TYPES, interaction_code, sub_types_agree
from sitrep.geo import haversine_km
from sitrep.model import Event, PlaceMention


def sums_up(sentence: SpacySpan, places: Sequence[PlaceMention]) -> bool:
    """A sentence that sums up events in places far apart ("2 killed in Aleppo and Quneitra")."""
    here = [
        p for p in places
        if p.resolved and p.role == "location" and sentence.start_char <= p.span.start < sentence.end_char
    ]  # fmt: skip
    return any(
        haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) > 50  # type: ignore[arg-type]
        for i, a in enumerate(here) for b in here[i + 1 :]
    )  # fmt: skip


MERGE_KM = 10.0  # retellings of one event name the same town, or its neighbourhoods

HEADLINE_SENTENCES = 3  # a headline, dateline and byline come first
HEADLINE_CAPITALS = 0.6  # share of capitalised words that marks a headline in title case


def is_headline(sentences: list[SpacySpan], index: int) -> bool:
    """ "In an Ambush Syrian Forces Kill 35 Terrorists.": a title-case line at the top of a report
    announces the news its body tells."""
    if index >= HEADLINE_SENTENCES:
        return False
    words = [t for t in sentences[index] if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) / len(words) >= HEADLINE_CAPITALS


def fold_headlines(events: list[Event], headlines: set[str]) -> list[Event]:
    """A headline's event is the body's news told again: its evidence joins the body event it
    announces (same sub-event type, else same event type, else the first), and it counts once.
    A headline whose news the body does not tell stays an event."""
    body = [e for e in events if e.event_id not in headlines]
    if not body:
        return events
    for event in (e for e in events if e.event_id in headlines):
        told = next(
            (e for e in body if e.sub_event_type == event.sub_event_type),
            next((e for e in body if e.event_type == event.event_type), body[0]),
        )
        told.evidence.extend(event.evidence)
    return body


def merge_retellings(
    events: list[Event], summaries: set[str], retold: set[str], continued: set[str]
) -> list[Event]:
    """One event per actor pair, type, place and day: later retellings add their evidence.

    Retellings agree on event type and day, name the same or compatible sub-event types (an air
    strike that carried gas, a clash that won ground: `taxonomy.COMPATIBLE_SUB_TYPES`), lie within MERGE_KM, and name the same actors or leave one
    unnamed. The larger fatality figure is kept, never their sum (one death told twice is one
    death), and a summary sentence's total ("2 killed in Aleppo and Quneitra") is not a figure
    of any one event. A named actor and a precise place win over unidentified and vague ones.
    An event told with a definite noun ("the air raid") is the latest event of its type told before;
    one whose clause has a definite event noun for subject ("The attack also caused damage") is the
    latest event told before, of any type.
    """
    merged: list[Event] = []
    for event in events:
        same = next((m for m in merged if _retelling(m, event)), None)
        if same is None and event.event_id in retold:
            same = next((m for m in reversed(merged) if m.sub_event_type == event.sub_event_type), None)
        if same is None and event.event_id in continued and merged:
            same = merged[-1]
        if same is None:
            if event.event_id in summaries:
                event.fatalities = (
                    0 if any(_near(event, e) for e in events if e is not event) else event.fatalities
                )
            merged.append(event)
            continue
        absorb(same, event)
        if event.event_id not in summaries:
            same.fatalities = max(same.fatalities, event.fatalities)
    return merged


def absorb(same: Event, other: Event) -> None:
    """Fold another telling of `same` into it: its evidence, the sub-event type that names the
    happening (the gas over the air strike that carried it), and its named actors and finer place
    where `same` has unidentified or vaguer ones. Fatalities are the caller's rule to apply."""
    same.evidence.extend(other.evidence)
    if other.sub_event_type in PREVAILING_SUB_TYPES and same.sub_event_type not in PREVAILING_SUB_TYPES:
        same.sub_event_type = other.sub_event_type  # the air strike carried gas: a chemical attack
    for actor, assoc, inter in (
        ("actor1", "assoc_actor_1", "inter1"),
        ("actor2", "assoc_actor_2", "inter2"),
    ):
        if vague_actor(getattr(same, actor)) and not vague_actor(getattr(other, actor)):
            for key in (actor, assoc, inter):
                setattr(same, key, getattr(other, key))
    if (other.geo_precision or 3) < (same.geo_precision or 3):
        for key in ("location", "latitude", "longitude", "geo_precision", "admin1", "admin2"):
            setattr(same, key, getattr(other, key))
    if same.claim_status == "reported":
        same.claim_status, same.tags = other.claim_status, other.tags
    same.interaction = interaction_code(same.inter1, same.inter2)


def _retelling(a: Event, b: Event) -> bool:
    if a.event_type != b.event_type or not sub_types_agree(a.sub_event_type, b.sub_event_type):
        return False
    if a.event_date != b.event_date or not _near(a, b):
        return False
    return compatible_actors(a.actor1, b.actor1) and compatible_actors(a.actor2, b.actor2)


def _near(a: Event, b: Event) -> bool:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return a.location == b.location
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= MERGE_KM  # type: ignore[arg-type]


def vague_actor(name: str) -> bool:
    """No actor, or a generic one the coder filled in ("Unidentified Armed Group (Syria)")."""
    return not name or name.startswith(("Unidentified", "Civilians"))


def compatible_actors(a: str, b: str) -> bool:
    """The same actor told twice: the same name, or one telling leaves it unnamed."""
    return a == b or vague_actor(a) or vague_actor(b)
