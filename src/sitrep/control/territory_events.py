"""The source `territory_event`: the territory events the events stage coded (ACLED's "Non-state actor
overtakes territory" and the like), a capture by actor 1 and a loss by actor 2."""

from __future__ import annotations

from sitrep.control.hedges import hedged
from sitrep.control.model import ControlFact
from sitrep.control.reader import Reader, sane
from sitrep.control.who import UNARMED
from sitrep.model import Event, Span


def territory_events(r: Reader) -> None:
    for event in r.events:
        if event.sub_event_type not in r.lexicon.territory_sub_events or event.latitude is None:
            continue
        located = event.field_spans.get("location")
        if located and located.start in r.country_spans and "whole_country" not in r.off:
            continue  # the rule whole_country: "captured wide areas ... in northern Syria" holds no point
        if located and "event_object" not in r.off and _object_elsewhere(r, event, located):
            continue  # the rule event_object: the place only locates what was taken
        place = next((p for p in r.places if located and p.span.start == located.start), None)
        evidence = [(s.start, s.end, s.text) for s in event.evidence]
        weight = r.lexicon.claim_status_weight.get(event.claim_status, 1.0)
        written = event.field_spans.get("actor1")
        country = place.country_code if place else r.country
        common = dict(
            doc_id=r.document.id, place=located.text if located else event.location,
            latitude=event.latitude, longitude=float(event.longitude or 0.0), as_of=event.event_date,
            evidence=evidence, place_name=place.name if place else event.location,
            geonameid=place.geonameid if place else None,
            country_code=country, source="territory_event",
            cue=event.sub_event_type,
        )  # fmt: skip
        confidence, hedges = hedged(r.lexicon, "territory_event", " ".join(t for _, _, t in evidence))
        confidence *= weight
        if not sane(event.event_date, r.document.published):
            common["as_of"] = r.document.published
        if event.actor1 and event.inter1 not in UNARMED and _captor_fits(r, event, country):
            r.facts.append(ControlFact(relation="captured", controller=event.actor1,
                                       actor=written.text if written else "", counterpart=event.actor2,
                                       confidence=confidence, hedges=hedges, **common))  # type: ignore[arg-type]  # fmt: skip
        if event.actor2 and event.inter2 not in UNARMED:
            r.facts.append(ControlFact(relation="lost", controller=event.actor2, counterpart=event.actor1,
                                       confidence=confidence, hedges=hedges, **common))  # type: ignore[arg-type]  # fmt: skip


def _captor_fits(r: Reader, event: Event, country: str | None) -> bool:
    """The rule `regains_by_state`: a territory regained by the government (ACLED's "Government
    regains territory") has a state force or one of its allies as the captor; an event coded so with
    another actor one ("Unidentified Armed Group") names no captor."""
    if "regains_by_state" in r.off or event.sub_event_type not in r.lexicon.state_regains:
        return True
    return event.inter1 == 1 or r.sides.with_state_forces(event.actor1, event.event_date, country)


def _object_elsewhere(r: Reader, event: Event, located: Span) -> bool:
    """The rule `event_object`: the event's place only locates a smaller place the trigger's object names,
    which is what was taken: "captured eight villages in the area between Aleppo and the border", "seized
    back a strategic town in Hama province", "repelled the ISIS attack on villages in Hama province"; not
    "liberated three neighborhoods of the city of al-Tabqa" (a part of the place). A place named outside
    the event's sentences is kept ("in Syrian town taken from IS group" of the Qaryatayn named after)."""
    trigger = event.field_spans.get("trigger")
    told_here = any(span.start <= located.start < span.end for span in event.evidence)
    if trigger is None or not told_here or located.start < trigger.end:
        return False
    return bool(r.lexicon.object_between.search(r.text, trigger.end, located.start))
