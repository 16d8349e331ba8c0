"""The times stage: time expressions in a report, with TIMEX3 values anchored on its publication date.

    find_times(text, published, sdoc=None) -> [TimeMention]
    acled_precision("2016-W45") -> 2
    date_window("2016-04") -> (date(2016, 4, 1), date(2016, 4, 30))

Expressions are found by a grammar of our own (`grammar.py`, word lists in `lexicon.py`) and
resolved by `resolve.py`; spaCy's DATE/TIME entities, when a parsed doc is given, add the
expressions the grammar does not know, resolved by dateparser. Without a publication date,
weekdays and months keep X placeholders (XXXX-WXX-2, XXXX-04) and other relative
expressions ("last week") get the empty value; absolute dates and durations still resolve.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sitrep.model import Span, TimeMention
from sitrep.times.grammar import COMPILED, GATES, MONTH, TRIGGERS, WEEKDAY, WINDOW
from sitrep.times.resolve import HANDLERS, SPLITTING_HANDLERS, Context
from sitrep.times.values import acled_precision, date_window

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["acled_precision", "date_window", "find_times"]

_PRIORITY = {name: rank for rank, name in enumerate(COMPILED)}
# A clock time right before a day is one expression: "9 a.m. EST Tuesday", "noon Thursday".
_CLOCK_DAY_GAP = re.compile(r"[^\S\n]{1,3}")


def find_times(text: str, published: dt.date | None, sdoc: Doc | None = None) -> list[TimeMention]:
    """Time expressions in `text` (TimeML extents), in text order, with anchored TIMEX3 values."""
    ctx = Context(text, published)
    if sdoc is not None:
        ctx.sdoc = sdoc
        ctx.entity_labels = {t.idx: t.ent_type_ for t in sdoc if t.ent_type_ and t.shape_ == "dddd"}
    candidates = sorted(
        (
            (m.start(), -(m.end() - m.start()), _PRIORITY[name], name, m)
            for name, m in _matches(text)
            if m.end() > m.start()
        ),
        key=lambda c: c[:3],
    )
    found: list[tuple[int, int, str, str]] = []
    for start, _, _, name, m in candidates:
        end = m.end()
        if found and start < found[-1][1]:
            continue
        if name in SPLITTING_HANDLERS:
            parts = SPLITTING_HANDLERS[name](m, ctx)
            if parts:
                found.extend(parts)
            continue
        resolved = HANDLERS[name](m, ctx)
        if resolved is not None:
            found.append((start, end, *resolved))
            if resolved[0][:1].isdigit() and name != "clock":
                ctx.last_date = resolved[0]
    found = _merge_clock_and_day(text, found)
    if sdoc is not None:
        found = sorted(found + _entity_times(sdoc, found, published))
    return [_mention(text, start, end, value, kind) for start, end, value, kind in found]


def _matches(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """Every rule's matches; gated rules are only run in the windows around their trigger words."""
    windows: dict[str, list[tuple[int, int]]] = {}
    for name, pattern in COMPILED.items():
        gate = GATES.get(name)
        if gate is None:
            yield from ((name, m) for m in pattern.finditer(text))
            continue
        if gate not in windows:
            windows[gate] = _windows(text, TRIGGERS[gate])
        for lo, hi in windows[gate]:
            yield from ((name, m) for m in pattern.finditer(text, lo, hi))


def _windows(text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for m in trigger.finditer(text):
        lo, hi = max(0, m.start() - WINDOW[0]), min(len(text), m.end() + WINDOW[1])
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _merge_clock_and_day(
    text: str, found: list[tuple[int, int, str, str]]
) -> list[tuple[int, int, str, str]]:
    merged: list[tuple[int, int, str, str]] = []
    for item in found:
        if merged:
            start, end, value, kind = merged[-1]
            if (
                kind == "TIME"
                and "T" in value
                and item[3] == "DATE"
                and re.fullmatch(r"\d{4}-\d\d-\d\d", item[2])
                and _CLOCK_DAY_GAP.fullmatch(text[end : item[0]])
            ):
                merged[-1] = (start, item[1], item[2] + value[value.index("T") :], "TIME")
                continue
        merged.append(item)
    return merged


# spaCy DATE/TIME entities the grammar missed are kept only when they name a calendar date or a clock time
# that dateparser can read; "the day", ages and bare numbers carry no value worth having.
_DATEABLE = re.compile(r"\d|" + MONTH + "|" + WEEKDAY, re.IGNORECASE)
_AGE_OR_NUMBER = re.compile(r"^[\d\s,.]+$|\bold\b|-old\b|\b\d0s\b", re.IGNORECASE)
_LEADING = re.compile(r"^(?:in|on|at|since|over|during|by|until|from|for|of|the)\s+", re.IGNORECASE)
_PERIOD_FORMATS = {
    "year": "%Y",
    "month": "%Y-%m",
    "week": "%Y-%m-%d",
    "day": "%Y-%m-%d",
    "time": "%Y-%m-%dT%H:%M",
}


def _entity_times(
    sdoc: Doc, found: list[tuple[int, int, str, str]], published: dt.date | None
) -> list[tuple[int, int, str, str]]:
    extra = []
    for ent in sdoc.ents:
        if ent.label_ not in ("DATE", "TIME") or any(
            s < ent.end_char and ent.start_char < e for s, e, _, _ in found
        ):
            continue
        if not _DATEABLE.search(ent.text) or _AGE_OR_NUMBER.search(ent.text):
            continue
        parsed = _dateparse(_LEADING.sub("", ent.text), published)
        if parsed:
            extra.append((ent.start_char, ent.end_char, parsed, "TIME" if "T" in parsed else "DATE"))
    return extra


@functools.lru_cache(maxsize=64)
def _date_parser(published: dt.date | None) -> Any:
    from dateparser.date import DateDataParser  # slow to import; only needed when spaCy finds what we missed

    base = dt.datetime.combine(published or dt.date.today(), dt.time(12))
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": True,
    }
    return DateDataParser(languages=["en"], settings=settings)


def _dateparse(phrase: str, published: dt.date | None) -> str | None:
    data = _date_parser(published).get_date_data(phrase)
    if data.date_obj is None or (published is None and not re.search(r"\d{4}", phrase)):
        return None
    return data.date_obj.strftime(_PERIOD_FORMATS.get(data.period or "day", "%Y-%m-%d"))


def _mention(text: str, start: int, end: int, value: str, kind: str) -> TimeMention:
    window = date_window(value) if kind != "DURATION" else None
    return TimeMention(
        span=Span(start, end, text[start:end]),
        value=value,
        type=kind,
        precision=acled_precision(value) if window else None,
        date_from=window[0] if window else None,
        date_to=window[1] if window else None,
    )
