"""What the statement sources read: one sentence with its mentions, and a controller as written."""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.model import ActorMention, PlaceMention


@dataclass
class Sentence:
    start: int
    end: int
    text: str  # the document's text (whole), sliced by start and end
    places: list[PlaceMention]
    actors: list[ActorMention]

    @property
    def body(self) -> str:
        return self.text[self.start : self.end]


@dataclass
class Who:
    controller: str  # the ACLED actor ("" when the text names none)
    written: str  # as the text names it
