"""RSS and Atom feeds: each item a document (feedparser reads every version of both)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sitrep.ingest.html import fragment_text
from sitrep.ingest.problems import InputNote, InputProblem
from sitrep.ingest.records import document_of
from sitrep.model import Document

MARKUP_TYPES = ("text/html", "application/xhtml+xml")
CLOSING_TAGS = (b"</rss>", b"</feed>", b"</rdf:rdf>")  # RSS 2.0, Atom, RSS 1.0


def read_feed(
    data: bytes, origin: str, published: dt.date | None
) -> Iterator[Document | InputProblem | InputNote]:
    """Each item of the feed as a document: its guid (else its link) as id, its link as URL, its
    full content as text (else its summary, saying so), the feed's title as source."""
    import feedparser

    parsed = feedparser.parse(data)  # bytes: parsed, never fetched; the XML prolog names the charset
    broken = parsed.get("bozo_exception")
    if isinstance(broken, feedparser.CharacterEncodingOverride):
        broken = None  # the declared charset was wrong and another read it: nothing lost
    entries = parsed.entries
    # a feed without its closing tag was cut short (a download, a file being written): its last
    # item may be cut too, its content missing, and is left for a later, whole read
    cut_short = bool(entries) and not data.rstrip().lower().endswith(CLOSING_TAGS)
    if cut_short:
        entries = entries[:-1]
    if not entries:
        reason = f" ({broken})" if broken else ""
        what = "feed is cut short, with no whole item" if cut_short else "not an RSS or Atom feed with items"
        yield InputProblem(origin, f"{what}{reason}")
        return
    if cut_short:
        yield InputNote(origin, f"feed is cut short ({broken or 'no closing tag'}): its {len(entries)} whole "
                                "item(s) taken, the last left for a later read")  # fmt: skip
    elif broken:
        yield InputNote(
            origin, f"feed is not well-formed ({broken}); its {len(entries)} readable item(s) taken"
        )
    source = parsed.feed.get("title") or None
    summaries = 0
    for number, entry in enumerate(entries, 1):
        text, is_summary = _item_text(entry)
        summaries += is_summary
        record = {
            "id": entry.get("id") or entry.get("link"),
            "text": text,
            "title": entry.get("title"),
            "url": entry.get("link"),
            "source": source,
            "published": entry.get("published") or entry.get("updated"),
        }
        yield from document_of(record, f"{origin}[{number}]", published)
    if summaries:
        yield InputNote(origin, f"{summaries} of its {len(entries)} item(s) carry a summary only, "
                                "analysed as their text")  # fmt: skip


def _item_text(entry: Any) -> tuple[str, bool]:
    """The item's text, and whether it is only the summary: the longest of its contents (Atom
    content, RSS content:encoded), else its summary (RSS description)."""
    contents = [c for c in entry.get("content") or [] if str(c.get("value") or "").strip()]
    if contents:
        detail, is_summary = max(contents, key=lambda c: len(c["value"])), False
    else:
        detail, is_summary = entry.get("summary_detail") or {}, True
    value = str(detail.get("value") or "")
    text = fragment_text(value) if detail.get("type") in MARKUP_TYPES else value.strip()
    return text, is_summary and bool(text)
