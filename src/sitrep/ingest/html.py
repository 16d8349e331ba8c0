"""Main text, title, URL and publication date of an HTML page, via trafilatura; the text of an
HTML fragment."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from html.parser import HTMLParser

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


# tags that end a line of text; the rest (b, a, span ...) run on inside one
BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "table",
     "section", "article", "figcaption", "pre", "hr"}
)  # fmt: skip
SKIPPED_TAGS = frozenset({"script", "style", "template"})


class _FragmentText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed item's content), one paragraph a block, so that the
    sentence splitter sees the paragraphs (trafilatura wants a whole page and drops short ones)."""
    parser = _FragmentText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(line for line in lines if line)
