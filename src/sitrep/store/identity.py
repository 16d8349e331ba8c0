"""Document identity: a document is its text; the same text under any name is the same document.

The text is normalised before hashing (Unicode NFC, runs of white space as one space, no
leading or trailing space), so that a re-fetched page that differs only in line breaks or
non-breaking spaces is not a new document.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

WHITE_SPACE = re.compile(r"\s+")


def normalised(text: str) -> str:
    return WHITE_SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def disambiguated(name: str, text_hash: str) -> str:
    """The key of a text whose name another text already holds."""
    return f"{name}~{text_hash[:8]}"
