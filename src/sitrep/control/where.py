"""The place a control cue speaks of: the place mention right after or right before it, with only
the words the lexicon allows between (`gap_words`, `link_words`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitrep.control.city_parts import TOWN_KINDS
from sitrep.control.lexicon import Lexicon
from sitrep.control.sentence import Sentence
from sitrep.model import PlaceMention, Span

TOKEN = re.compile(r"[\w'’]+|[^\w\s]")
MAX_GAP = 80  # characters between a cue and its place
# "Saraqeb in", "Idlib city in the": between a town and the held area it lies in
IN_THE = re.compile(r"(?:\s+(?:city|town|village))?,?\s+in\s+(?:the\s+)?", re.IGNORECASE)


class PlaceFinder:
    def __init__(self, text: str, demonyms: Sequence[Span], lexicon: Lexicon) -> None:
        self.text = text
        # "the central Syrian city of Homs": a country's adjective may stand between a cue and its place
        self.demonyms = demonyms
        self.lexicon = lexicon

    def after(
        self, s: Sentence, at: int, limit: int = MAX_GAP, skip_actors: bool = False
    ) -> PlaceMention | None:
        for place in s.places:
            if place.span.start < at:
                continue
            if place.span.start - at > limit:
                return None
            gap = self.text[at : place.span.start]
            for demonym in self.demonyms:
                if at <= demonym.start and demonym.end <= place.span.start:
                    gap = gap.replace(demonym.text, " ")
            if skip_actors:
                for actor in s.actors:
                    if at <= actor.span.start and actor.span.end <= place.span.start:
                        gap = gap.replace(actor.span.text, " ")
                gap = re.sub(r"\b(?:imposed|laid|by|to)\b", " ", gap, flags=re.IGNORECASE)
            return place if gap_ok(gap, self.lexicon.gap_words) else None
        return None

    def before(self, s: Sentence, at: int, apposition: bool = False) -> PlaceMention | None:
        before = [p for p in s.places if p.span.end <= at and at - p.span.end <= MAX_GAP]
        if not before:
            return None
        place = before[-1]
        gap = self.text[place.span.end : at]
        if apposition and not re.fullmatch(
            r"\s*(?:,|\(|\bis\b|\bwas\b|,\s*(?:which|that)\s+(?:is|was))?\s*(?:the|an?|its)?\s*", gap
        ):
            return None
        return place if gap_ok(gap, self.lexicon.link_words | {","}) else None

    def enclosed(self, s: Sentence, cue: int) -> PlaceMention | None:
        """The source `in_held_area`: the town named right before "in (the) <who>-held ..." starting at
        `cue` ("Saraqeb in rebel-held Idlib province", "the town of Urum al Kubra in the opposition-held
        western Aleppo countryside"), which lies in the held area; None for a province or region (an area itself)."""
        before = [p for p in s.places if p.span.end <= cue]
        if not before or before[-1].feature_kind not in TOWN_KINDS:
            return None
        return before[-1] if IN_THE.fullmatch(self.text, before[-1].span.end, cue) else None


def gap_ok(gap: str, allowed: frozenset[str]) -> bool:
    tokens = TOKEN.findall(gap.lower())
    return all(t in allowed or t in ("-", "'s", "’s", "(", ")") for t in tokens)
