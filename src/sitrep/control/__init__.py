"""Territorial control: statements of who holds what in each text, sides, and the state over time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitrep.control.model import HOLDER_RELATIONS, RELATIONS, ControlFact, PlaceState

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from sitrep.model import ActorMention, Document, Event, PlaceMention, TimeMention

__all__ = ["HOLDER_RELATIONS", "RELATIONS", "ControlFact", "PlaceState", "find_statements"]


def find_statements(
    document: Document,
    sdoc: Doc,
    places: Sequence[PlaceMention],
    actors: Sequence[ActorMention],
    times: Sequence[TimeMention],
    events: Sequence[Event],
    country: str | None,
) -> list[ControlFact]:
    """The control statements of one analysed document, one per place, relation and controller."""
    from sitrep.control.statements import StatementFinder

    sentences = [(sentence.start_char, sentence.end_char) for sentence in sdoc.sents]
    return StatementFinder(document, places, actors, times, events, country).find(sentences)
