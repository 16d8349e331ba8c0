"""Transliteration-tolerant keys and spelling variants for Arabic and other romanised names.

The same group is written Jaish Usud al-Sharqiya, Jaysh Usud a-Sharqia or Jaish Usud as-Sharqiyah;
`name_key` maps all of them to one key, and `spellings` lists the variants of one word so that
token patterns can match them without a pattern per combination.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

import spacy

# Arabic article forms (al-, a-, ash-, ad- ...) and the English one; dropped from keys.
ARTICLES = frozenset({"al", "el", "a", "an", "ar", "as", "ash", "at", "ath", "ad", "adh", "az", "ul", "the"})
# Tokens that only ever attach an article or join compound names.
HYPHENS = ("-", "\u2010", "\u2011", "\u2013")
APOSTROPHES = ("'", "\u2019", "\u2018", "`", "\u02bf", "\u02be")

_ENDING = re.compile(r"(iyyah|iyya|iyah|iya|ia)$")
_ENDINGS = ("iyyah", "iyya", "iyah", "iya", "ia")


def _canon_word(word: str) -> str:
    word = _ENDING.sub("ia", word)
    word = re.sub(r"(?<=[aeiou])h$", "", word)
    word = word.replace("ou", "u").replace("ee", "i").replace("ay", "ai")
    return re.sub(r"(.)\1+", r"\1", word)  # Hezbollah / Hezbolah, Shabaab / Shabab


def fold(text: str) -> str:
    """Lower case without accents or apostrophes."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for mark in APOSTROPHES:
        text = text.replace(mark, "")
    return text.lower()


def name_key(text: str) -> str:
    """A key equal for spelling variants of one name: "Jaysh Usud a-Sharqia" == "Jaish Usud al-Sharqiyah"."""
    text = re.sub(r"[^0-9a-z]+", " ", fold(text))
    words = [_canon_word(w) for w in text.split() if w not in ARTICLES]
    return " ".join(words)


def spellings(word: str) -> list[str]:
    """Lower-case variants of one word that `name_key` treats as equal (a finite, useful subset)."""
    base = word.lower()
    out = {base}
    match = _ENDING.search(base)
    if match and len(base) > 4:
        out |= {base[: match.start()] + ending for ending in _ENDINGS}
    for form in list(out):
        if re.search(r"[aeiou]h$", form) and len(form) > 3:
            out.add(form[:-1])
        elif form.endswith("a") and len(form) > 3:
            out.add(form + "h")
    for form in list(out):
        for one, other in (("ou", "u"), ("ay", "ai"), ("ai", "ay"), ("ee", "i")):
            if one in form:
                out.add(form.replace(one, other))
    return sorted(out)


@functools.cache
def tokenizer() -> Any:
    """spaCy's English tokenizer without a model: it splits names as the loaded pipeline does."""
    return spacy.blank("en").tokenizer
