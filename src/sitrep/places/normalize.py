"""Name keys that make transliteration variants of one place name compare equal.

Arabic names reach English text in many spellings: al-Qasab / Qassab, Deir / Dayr / Dair,
Raqqa / ar-Raqqah, Ma'arrat / Maarat. The key drops what varies (articles, apostrophes
standing for ayn and hamza, doubled letters, hyphens, a final h) and keeps what does not.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Sun-letter assimilations of the Arabic article as they appear in transliterations.
ARTICLES = frozenset(
    {
        "al",
        "el",
        "ad",
        "adh",
        "ar",
        "as",
        "ash",
        "at",
        "ath",
        "az",
        "an",
        "a",
        "ez",
        "es",
        "ed",
        "er",
        "esh",
        "the",
    }
)
# Spelling families that differ only by transliteration convention.
_WORD_VARIANTS = {
    "dayr": "deir",
    "dair": "deir",
    "der": "deir",
    "jebel": "jabal",
    "jabel": "jabal",
    "jebal": "jabal",
    "jbel": "jabal",
    "tall": "tel",
    "tell": "tel",
    "tal": "tel",
    "kafr": "kfar",
    "kefr": "kfar",
    "kafar": "kfar",
    "ain": "ayn",
    "ein": "ayn",
    "abu": "abu",
    "abou": "abu",
    "bir": "bir",
    "beer": "bir",
    "khirbet": "khirbat",
    "mt": "mount",
    "st": "saint",
}
_APOSTROPHES = "'’‘`´ʼʻʿʾ"
_NON_WORD = re.compile(r"[^a-z0-9&]+")
_DOUBLES = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Lower-case ASCII with diacritics removed (ç -> c, ā -> a); other scripts stay as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def is_latin(text: str) -> bool:
    """True for names written in Latin script (the only ones English text uses)."""
    if text.isascii():
        return True
    return all(ord(ch) < 0x250 or ch in _APOSTROPHES for ch in fold(text))


def _word(word: str) -> str:
    word = _WORD_VARIANTS.get(word, word)
    word = word.replace("ou", "u").replace("ee", "i")
    word = _DOUBLES.sub(r"\1", word)
    if len(word) > 3 and word.endswith("eh"):  # Arnabeh / Arnabah / Arnaba: ta marbuta
        word = word[:-2] + "a"
    elif len(word) > 3 and word.endswith("h"):  # Raqqah / Raqqa, Hasakah / Hasaka
        word = word[:-1]
    return word


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The comparison key of a place name: 'Dayr az-Zawr' and 'Deir ez Zor' differ still, but
    'Bir al-Qassab' == 'Bir al Qasab' == 'bir qasab' and 'Ma'arrat' == 'Maarat'."""
    folded = fold(text)
    for ch in _APOSTROPHES:
        folded = folded.replace(ch, "")
    words = [w for w in _NON_WORD.split(folded.replace(".", "")) if w]
    kept = [w for i, w in enumerate(words) if not (w in ARTICLES and (i < len(words) - 1))]
    return " ".join(_word(w) for w in kept)


_VOWELS = re.compile(r"[aeiouy]")


def skeleton(key: str) -> str:
    """A name key without its vowels (each word keeps its first letter): Nubbul and Nubl, Kafraya and
    Kfarya share one. Only for a last-resort look-up: unrelated names share skeletons too."""
    return " ".join(w[0] + _VOWELS.sub("", w[1:].replace("q", "k")) for w in key.split())


def joined_skeleton(key: str) -> str:
    """A name's skeleton with its words written together, doubled letters once: "Kafr Ruma" and
    "Kafruma", "Ma'arr Zaytah" and "Maarzita" share one (a prefix glued to the name)."""
    return skeleton(_DOUBLES.sub(r"\1", key.replace(" ", "")))


# a skeleton of a name's words written together shorter than this matches too many names ("Ma Ali", "al-Maleh")
MIN_JOINED_SKELETON = 4


def skeletons(key: str) -> set[str]:
    """The consonant skeletons a name key is looked up by: its own, and that of its words written
    together when long enough (`joined_skeleton`: "Kafruma" for Kafr Ruma)."""
    joined = joined_skeleton(key)
    return {skeleton(key), joined} if len(joined) >= MIN_JOINED_SKELETON else {skeleton(key)}


# What admin region names carry around their core: "Province du Soum", "Cercle de Bankass",
# "Etsako West Local Government Area", "Nioro Cercle", "Zhob District".
_ADMIN_PREFIX = re.compile(
    r"^(?:province|provincia|cercle|d[ée]partement|departamento|municipio|partido|distrito|territoire|"
    r"pr[ée]fecture|r[ée]gion|wilaya|commune|county|district|region)"
    r"(?: of| de la| de l'| de l’| du| des| del| de| d'| d’)\s*",
    re.IGNORECASE,
)
_ADMIN_SUFFIX = re.compile(
    r"\s+(?:local government area|lga|(?:metropolitan|district|local) municipality|district|districts|province|governorate|region|state|county|cercle|"
    r"department|division|municipality|city|territory|rayon|raion|prefecture|sub-prefecture|shi|wilaya|"
    r"commune|municipio)$",
    re.IGNORECASE,
)


_ADMIN_WORD_PREFIX = re.compile(r"^(?:muhafazat|mintaqat|wilayat|ostan-e|velayat-e)\s+", re.IGNORECASE)


def admin_core(name: str) -> str:
    """An admin region's name without the words that say what kind of region it is:
    'Province du Soum' -> 'Soum', 'Etsako West Local Government Area' -> 'Etsako West',
    'Muhafazat Hadramaout' -> 'Hadramaout'."""
    core = _ADMIN_WORD_PREFIX.sub("", _ADMIN_PREFIX.sub("", name.strip()))
    core = _ADMIN_SUFFIX.sub("", core)
    return core if core else name
