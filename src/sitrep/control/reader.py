"""One document as the statement sources read it: its mappable places and armed actors, the finders of
a cue's holder and place, and the statements found so far, each assembled with its confidence (hedges)
and date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from sitrep.actors import ActorDictionary
from sitrep.config import switched_off
from sitrep.control.hedges import aimed, hedged, intended
from sitrep.control.lexicon import Lexicon
from sitrep.control.model import ControlFact
from sitrep.control.quarters import named_quarters
from sitrep.control.sentence import Sentence, Who
from sitrep.control.sides import Sides
from sitrep.control.where import PlaceFinder
from sitrep.control.who import UNARMED, HolderFinder
from sitrep.model import ActorMention, Document, Event, PlaceMention, Span, TimeMention

# "the Aleppo countryside", "Hama's northern countryside": the rural area around a town, which has no point
COUNTRYSIDE_AFTER = re.compile(
    r"(?:'s|’s)?\s+(?:(?:north|south)?(?:east|west)?(?:ern)?\s+)?countryside\b", re.I
)


class Reader:
    def __init__(
        self,
        document: Document,
        places: Sequence[PlaceMention],
        actors: Sequence[ActorMention],
        times: Sequence[TimeMention],
        events: Sequence[Event],
        country: str | None,
        lexicon: Lexicon,
        sides: Sides,
    ) -> None:
        self.document = document
        self.text = document.text
        self.off = switched_off("SITREP_CONTROL_OFF")
        self.places = sorted((p for p in places if _mappable(p)), key=lambda p: p.span.start)
        if "known_name" not in self.off:
            self.places = sorted(
                [*self.places, *untagged_names(self.text, places, actors)], key=lambda p: p.span.start
            )
        if "named_quarter" not in self.off:
            quarters, replaced = named_quarters(
                self.text,
                places,
                actors,
                country,
                lexicon.quarters,
                lexicon.quarter_reach,
                lexicon.quarter_km,
            )
            kept = [p for p in self.places if p.span.start not in replaced]
            self.places = sorted([*kept, *quarters], key=lambda p: p.span.start)
        self.country_spans = {p.span.start for p in places if p.feature_kind == "country"}
        self.actors = sorted((a for a in actors if a.inter not in UNARMED), key=lambda a: a.span.start)
        self.times = times
        self.events = events
        self.country = country
        self.lexicon = lexicon
        self.sides = sides
        # the rule demonym_gap: "the central Syrian city of Homs"
        demonyms = [] if "demonym_gap" in self.off else [p.span for p in places if p.role == "demonym"]
        self.where = PlaceFinder(self.text, demonyms, lexicon)
        self.who = HolderFinder(
            self.text, lexicon, country, ActorDictionary.load(), "holder_lead" not in self.off,
            "name_head" not in self.off, frozenset(self.country_spans), "nearest_holder" not in self.off,
        )  # fmt: skip
        self.facts: list[ControlFact] = []

    def sentence(self, start: int, end: int) -> Sentence:
        return Sentence(
            start, end, self.text,
            [p for p in self.places if start <= p.span.start and p.span.end <= end],
            [a for a in self.actors if start <= a.span.start and a.span.end <= end],
        )  # fmt: skip

    def intended(self, s: Sentence, at: int) -> bool:
        return intended(self.lexicon, self.text, s.start, at)

    def aimed(self, s: Sentence, at: int) -> bool:
        return aimed(self.lexicon, self.text, s.start, at)

    def add(self, s: Sentence, place: PlaceMention, relation: str, who: Who, source: str, cue: str,
            counterpart: str = "") -> None:  # fmt: skip
        """A statement of the sentence about the place, its confidence lowered by the sentence's hedges;
        a capture, loss or broken siege dated by the events stage or the sentence, others as of the report."""
        if "countryside" not in self.off and COUNTRYSIDE_AFTER.match(self.text, place.span.end):
            return  # the rule countryside: "the opposition-held western Aleppo countryside" is not the town
        confidence, hedges = hedged(self.lexicon, source, s.body)
        dated = relation in ("captured", "lost", "siege_broken")
        bare = re.sub(r"^the\s+", "", who.written.lower())
        if (
            place.country_code != self.country
            and bare in self.lexicon.descriptors
            and "place_country" not in self.off
        ):
            # the rule place_country: "rebels" holding Aleppo are Syria's, in a story about Russia
            found = self.who.descriptor(s, bare, place.country_code)
            who = Who(found.controller, who.written) if found else who
        assert place.latitude is not None and place.longitude is not None
        self.facts.append(
            ControlFact(
                doc_id=self.document.id, place=place.span.text, latitude=place.latitude,
                longitude=place.longitude, relation=relation, controller=who.controller,
                as_of=self.date_of(s, place) if dated else self.document.published, confidence=confidence,
                evidence=[(s.start, s.end, s.body)], place_name=place.name, geonameid=place.geonameid,
                country_code=place.country_code, actor=who.written, counterpart=counterpart,
                cue=" ".join(cue.split()), source=source, hedges=hedges,
            )
        )  # fmt: skip

    def date_of(self, s: Sentence, place: PlaceMention) -> dt.date | None:
        """A capture's day: the events stage's date for this place in this sentence, else a day named in
        the sentence, else the publication date."""
        for event in self.events:
            told_here = any(e.start <= place.span.start < e.end for e in event.evidence)
            same_place = (
                event.location == place.name or abs((event.latitude or 0) - (place.latitude or 0)) < 0.05
            )
            if event.event_date and told_here and same_place:
                return event.event_date
        for time in self.times:  # the first day of the window a time expression names ("in August")
            inside = s.start <= time.span.start < s.end and time.type == "DATE"
            if inside and time.date_from and sane(time.date_from, self.document.published):
                return time.date_from
        return self.document.published


def sane(day: dt.date | None, published: dt.date | None) -> bool:
    """A statement's date lies before its report, and in the age of the wars the lexicons know."""
    return day is not None and day.year >= 1900 and (published is None or day <= published)


def untagged_names(
    text: str, places: Sequence[PlaceMention], actors: Sequence[ActorMention]
) -> list[PlaceMention]:
    """The rule `known_name`: a place the text names and resolves elsewhere is that place where the tagger
    left the same name untagged ("Aleppo has been divided between ...", "Idlib province is controlled by
    ..." at the start of a sentence): read as the nearest tagged mention of the name before it (else
    after it), the province when "province" follows; only a name standing alone (no capitalised word
    right after it, none right before it but at a sentence's start), inside no tagged span."""
    known: dict[str, list[PlaceMention]] = {}
    for place in places:
        if _mappable(place) and len(place.span.text) >= 4 and place.span.text[:1].isupper():
            known.setdefault(place.span.text, []).append(place)
    taken = [(p.span.start, p.span.end) for p in places] + [(a.span.start, a.span.end) for a in actors]
    out = []
    for name, tagged in known.items():
        for found in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])", text):
            start, end = found.span()
            if any(a < end and start < b for a, b in taken):
                continue
            if re.match(r"\s+[A-Z]", text[end:]) or re.search(
                r"[A-Z][\w'’-]*\s+$", text[max(0, start - 40) : start]
            ):
                continue  # part of a longer name: "Aleppo Conquest", "Free Aleppo"
            province = re.match(r"\s+(?:province|governorate)\b", text[end:], re.IGNORECASE)
            fits = [p for p in tagged if p.feature_kind == "admin1"] if province else tagged
            before = [p for p in fits if p.span.start < start]
            nearest = before[-1] if before else next(iter(fits), None)
            if nearest is not None:
                out.append(replace(nearest, span=Span(start, end, name)))
    return out


def _mappable(place: PlaceMention) -> bool:
    return place.resolved and place.role == "location" and place.feature_kind != "country"
