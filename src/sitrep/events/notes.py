"""ACLED-style notes: the date, then the evidence, then the claim status and the deaths."""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan

from sitrep.events.location import DATELINE
from sitrep.model import Event, Span
from sitrep.nlp import doc_text


def acled_notes(event: Event, sentence: str) -> str:
    """An ACLED-style summary: the date, then the evidence sentence, then the claim status."""
    text = DATELINE.sub("", " ".join(sentence.split()))
    if event.event_date:
        text = re.sub(r"^(The|A|An) ", lambda m: m.group(1).lower() + " ", text)
        day = f"{event.event_date.day} {event.event_date:%B %Y}"
        prefix = {1: f"On {day}", 2: f"Around {day} (week of)", 3: f"In {event.event_date:%B %Y}"}
        text = f"{prefix.get(event.time_precision or 1, f'On {day}')}, {text}"
    if event.claim_status != "reported":
        text += f" [claim {event.claim_status}: {event.tags}]"
    if event.fatalities:
        text += f" {event.fatalities} fatalities."
    return text


def leading_date_end(sentence: SpacySpan, time_span: Span | None) -> int:
    """Where a sentence's opening date phrase ("In April, ...") ends, so notes do not repeat it."""
    if time_span is None or time_span.start - sentence.start_char > 4:
        return 0
    rest = doc_text(sentence.doc)[time_span.end : sentence.end_char]
    comma = re.match(r"\s*,\s*", rest)
    return time_span.end - sentence.start_char + comma.end() if comma else 0
