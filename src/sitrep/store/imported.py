"""Exported events back into a store (`sitrep import`): rows as `sitrep export` wrote them.

An export holds the events, not the reports they were coded from. Each document an event names is
stored once, with a stand-in text: blanks with the events' evidence sentences at their offsets, so
the evidence still shows where it was and the offsets still point at it. Values are typed as the
events table types them, so that exporting the imported events gives back the exported rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Date, Float, Integer

from sitrep.store.schema import events

TEXT_COLUMNS = frozenset(
    name for name, column in events.c.items() if not isinstance(column.type, Integer | Float | Date)
)


def typed_row(row: dict[str, Any]) -> dict[str, Any]:
    """An exported row (CSV text or JSON values) typed for the events table."""
    out: dict[str, Any] = {}
    for name, value in row.items():
        if name not in events.c:
            continue
        column_type = events.c[name].type
        if name in TEXT_COLUMNS:
            out[name] = None if value is None else str(value)
        elif value in (None, ""):
            out[name] = None
        elif isinstance(column_type, Date):
            out[name] = dt.date.fromisoformat(str(value))
        elif isinstance(column_type, Integer):
            out[name] = int(value)
        else:
            out[name] = float(value)
    if out.get("fatalities") is None:
        out["fatalities"] = 0
    out["claim_status"] = out.get("claim_status") or "reported"
    return out


def evidence_text(rows: Iterable[dict[str, Any]]) -> str:
    """A document's stand-in text: its events' evidence sentences at their offsets, blanks elsewhere."""
    pieces: dict[int, str] = {}
    for row in rows:
        offsets = _offsets(row.get("evidence_offsets") or "")
        parts = _split(row.get("evidence") or "", [end - start for start, end in offsets])
        for (start, _), part in zip(offsets, parts, strict=False):
            pieces[start] = part
    chars: list[str] = []
    for start, part in sorted(pieces.items()):
        if start >= len(chars):
            chars.extend(" " * (start - len(chars)))
            chars.extend(part)
    return "".join(chars)


def _offsets(text: str) -> list[tuple[int, int]]:
    pairs = []
    for part in text.split(";"):
        start, _, end = part.partition("-")
        if start.isdigit() and end.isdigit() and int(start) <= int(end):
            pairs.append((int(start), int(end)))
    return pairs


def _split(evidence: str, lengths: list[int]) -> list[str]:
    """The evidence sentences, as `Event.acled_row` joined them with single spaces ([] when the
    lengths do not add up: hand-edited evidence is kept in the event, not placed in the text)."""
    parts, position = [], 0
    for length in lengths:
        parts.append(evidence[position : position + length])
        position += length + 1
    return parts if position - 1 == len(evidence) or not lengths else []
