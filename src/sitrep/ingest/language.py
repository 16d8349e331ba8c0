"""A cheap check that a text is English, so that other languages are refused, not mis-coded.

No language-identification model ships offline with our dependencies. Function words are
frequent in any text, so the counts of English ones against those of the other languages
reports most often come in (French, Spanish, Portuguese, German, Italian, Turkish, Indonesian)
separate English well; non-Latin scripts (Arabic, Cyrillic ...) are refused outright.
"""

from __future__ import annotations

import re

ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "as",
        "by",
        "at",
        "from",
        "it",
        "his",
        "her",
        "their",
        "its",
        "an",
        "be",
        "were",
        "are",
        "has",
        "have",
        "had",
        "not",
        "this",
        "which",
        "but",
        "or",
        "they",
        "he",
        "she",
        "we",
        "said",
        "after",
        "who",
        "been",
        "will",
        "would",
    ]
)
OTHER = frozenset(
    # French, Spanish/Portuguese, German, Italian, Turkish, Indonesian/Malay function words that
    # are not also English words
    [
        "le",
        "les",
        "des",
        "du",
        "une",
        "est",
        "dans",
        "pour",
        "sur",
        "avec",
        "qui",
        "sont",
        "pas",
        "par",
        "el",
        "los",
        "las",
        "del",
        "una",
        "por",
        "con",
        "que",
        "es",
        "para",
        "como",
        "mais",
        "também",
        "não",
        "uma",
        "são",
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "mit",
        "von",
        "den",
        "dem",
        "ein",
        "eine",
        "sich",
        "auf",
        "il",
        "gli",
        "della",
        "che",
        "di",
        "non",
        "sono",
        "per",
        "nel",
        "alla",
        "ve",
        "bir",
        "bu",
        "ile",
        "için",
        "olarak",
        "da",
        "yang",
        "dan",
        "di",
        "dengan",
        "untuk",
        "tidak",
        "dari",
        "ini",
        "itu",
    ]
)
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def looks_english(text: str, sample_chars: int = 20000) -> bool:
    sample = text[:sample_chars]
    letters = [c for c in sample if c.isalpha()]
    if not letters or sum(c.isascii() for c in letters) / len(letters) < 0.8:
        return False
    words = WORD.findall(sample.lower())
    english = sum(word in ENGLISH for word in words)
    other = sum(word in OTHER for word in words)
    if len(words) < 20:  # too few words to weigh shares: accept unless foreign function words show
        return english >= other
    return english > other and english / len(words) >= 0.04
