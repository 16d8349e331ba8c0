"""Whether a text is English, with py3langid, so that other languages are refused, not mis-coded.

py3langid ships its model in the wheel (4.5 MB) and was chosen over lingua (96 MB, 17x slower)
on the shared corpora: see docs/EVALUATION.md, "Language identification". A text mostly in
another script is not English however short. Otherwise py3langid is asked about the running
words only: capitalised words are names in any Latin-script language, and a table of prices or a
list of football results (mostly names and figures) would otherwise read as Aragonese or Javanese.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sitrep.ingest.settings import settings

WORD = re.compile(r"[^\W\d_]{2,}")
LATIN_END = "\u0250"  # Latin letters, accented and extended, lie below IPA


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def foreign_language(text: str) -> str | None:
    """The ISO 639-1 code of the language the text is in when it is clearly not English, else None."""
    config = settings()["language"]
    sample = text[: config["sample_chars"]]
    letters = [c for c in sample if c.isalpha()]
    if letters and sum(c < LATIN_END for c in letters) < config["min_latin_share"] * len(letters):
        return _ranked(sample)[0][0]  # Arabic, Cyrillic, CJK ... script: however short, not English
    running = [w for w in WORD.findall(sample) if not w[0].isupper()]
    if sum(len(w) for w in running) < config["min_running_letters"]:
        return None  # too little running text to tell (a table, a list): read it as English
    ranked = _ranked(" ".join(running))
    english = next((p for language, p in ranked if language == "en"), 0.0)
    return ranked[0][0] if 1 - english >= config["refuse_at"] else None


def _ranked(text: str) -> list[tuple[str, float]]:
    return [(str(language), float(p)) for language, p in _identifier().rank(text)]
