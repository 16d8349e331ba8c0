"""Main text, title, URL and publication date of an HTML page, via trafilatura."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import trafilatura

# trafilatura logs every page it finds too short; sitrep reports such pages itself, once
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


@dataclass
class ExtractedPage:
    text: str
    title: str | None
    url: str | None
    published: dt.date | None


def extract_html(html: str) -> ExtractedPage | None:
    """The page's main text and metadata, or None when it holds no main text."""
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    page = extracted if isinstance(extracted, dict) or extracted is None else extracted.as_dict()
    if not page or not str(page.get("text") or "").strip():
        return None
    published = None
    if page.get("date"):
        try:
            published = dt.date.fromisoformat(str(page["date"])[:10])
        except ValueError:
            published = None
    return ExtractedPage(
        text=str(page["text"]), title=page.get("title"), url=page.get("url"), published=published
    )
