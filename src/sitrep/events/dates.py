"""When an event happened: its own sentence's date, else the lead's, anchored on the report.

"since 2012" is background and "a monitoring group said Sunday" dates the report, so neither
dates an event; a window such as "this week" never reaches past the report's own date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.events.happening import clause_head
from sitrep.events.location import LEAD_SENTENCES
from sitrep.model import Span, TimeMention
from sitrep.nlp import doc_text

VAGUE_PAST = frozenset({"PAST_REF"})


def lead_time(
    sentences: list[SpacySpan], times: Sequence[TimeMention], published: dt.date | None
) -> TimeMention | None:
    """The first dated expression of the lead that is not the publication date line itself."""
    lead_end = sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end_char
    for mention in times:
        if mention.span.start >= lead_end:
            break
        if mention.date_from is None or mention.type not in ("DATE", "TIME"):
            continue
        if published and mention.date_from == published and mention.precision == 1:
            continue  # the date line of the report
        return mention
    return None


def date_of_event(
    sentence: SpacySpan,
    trigger: Token,
    times: Sequence[TimeMention],
    lead: TimeMention | None,
    published: dt.date | None,
) -> tuple[dt.date | None, int | None, Span | None]:
    """The event's date, ACLED time precision and the span it was read from.

    The nearest dated expression of the event's own sentence wins; "since 2012" is background
    and never dates an event. Then the lead's date, then the publication date itself.
    """
    own = [
        t for t in times_in(sentence, times)
        if not _after_since(sentence, t) and not _dates_the_report(sentence, t)
    ]  # fmt: skip
    dated = [t for t in own if t.date_from is not None]
    if dated:
        best = min(
            dated, key=lambda t: (not _in_clause_of(sentence, t, trigger), abs(t.span.start - trigger.idx))
        )
        return _clamp(best.date_from, published), best.precision, best.span
    if any(t.value in VAGUE_PAST for t in own) and published:
        vague = next(t for t in own if t.value in VAGUE_PAST)
        return published, 3, vague.span  # "a recent bombing": some time before the report
    if lead is not None and lead.date_from is not None:
        return _clamp(lead.date_from, published), max(lead.precision or 2, 2), lead.span
    if published is not None:
        return published, 2, None
    return None, None, None


def times_in(sentence: SpacySpan, times: Sequence[TimeMention]) -> list[TimeMention]:
    """The dates and times told in the sentence."""
    return [
        t for t in times
        if sentence.start_char <= t.span.start < sentence.end_char and t.type in ("DATE", "TIME")
    ]  # fmt: skip


REPORTING_VERBS = frozenset({"say", "tell", "report", "announce", "add", "state", "confirm", "publish"})


def _dates_the_report(sentence: SpacySpan, mention: TimeMention) -> bool:
    """ "a monitoring group said Sunday": when the news was told, not when it happened."""
    span = sentence.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    return span is not None and span.root.head.lemma_.lower() in REPORTING_VERBS


def _in_clause_of(sentence: SpacySpan, mention: TimeMention, trigger: Token) -> bool:
    """ "On 2 May, relatives protested after the previous day 40 prisoners were killed": the date
    that modifies the trigger's own clause dates the event, not one from a clause about its cause."""
    span = sentence.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    return span is not None and clause_head(span.root).i == clause_head(trigger).i


def _after_since(sentence: SpacySpan, mention: TimeMention) -> bool:
    text = doc_text(sentence.doc)
    before = text[max(sentence.start_char, mention.span.start - 8) : mention.span.start].lower()
    return before.rstrip().endswith("since")


def _clamp(day: dt.date | None, published: dt.date | None) -> dt.date | None:
    """A window such as "this week" may reach past the report: the event happened before it."""
    if day is not None and published is not None and day > published:
        return published
    return day
