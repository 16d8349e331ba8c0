"""Admin areas by name: the countries, provinces and districts a name in an admin hierarchy may be
(with close spellings), and whether one area contains a place."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from weakref import WeakKeyDictionary

from rapidfuzz import fuzz, process

from sitrep.geo import haversine_km
from sitrep.places.gazetteer import (
    ALIAS,
    ALTERNATE,
    Candidate,
    Gazetteer,
    admin_abbreviations,
)
from sitrep.places.normalize import admin_core, name_key
from sitrep.places.patterns import ADMIN_KINDS, DIRECTION_WORDS, QUALIFIERS

_ADMIN_OPTIONS: WeakKeyDictionary[Gazetteer, dict[tuple[str, int], list[Candidate]]] = WeakKeyDictionary()


def _admin_options(
    surface: str, gazetteer: Gazetteer, within: Candidate | None = None, fuzzy: bool = True
) -> list[Candidate]:
    """_find_admin_options, remembered per gazetteer. Close spellings among all the world's
    provinces only with fuzzy (strong signs of a hierarchy: 'district, X', '(A, B)')."""
    cache = _ADMIN_OPTIONS.get(gazetteer)
    if cache is None:
        cache = _ADMIN_OPTIONS[gazetteer] = {}
    key = (surface, within.id if within is not None else (0 if fuzzy else 1))
    found = cache.get(key)
    if found is None:
        if len(cache) > 50_000:
            cache.clear()
        found = cache[key] = _find_admin_options(surface, gazetteer, within, fuzzy)
    return found


def _find_admin_options(
    surface: str, gazetteer: Gazetteer, within: Candidate | None = None, fuzzy: bool = True
) -> list[Candidate]:
    """Countries and admin regions a name in an admin hierarchy may be: exact names first, then
    the name without 'district'/'LGA', then close spellings among the regions (Urozgan, Oruzgan)."""
    found: list[Candidate] = []
    for iso, code in admin_abbreviations().get(surface, ()):  # "(Kaushambi, UP)"
        region = gazetteer.admin1(iso, code)
        if region is not None and (within is None or _nested(region, within)):
            found.append(region)
    for name in dict.fromkeys((surface, admin_core(surface), _english_directions(admin_core(surface)))):
        found += [
            c
            for c in gazetteer.candidates(name, limit=100)  # regions come after the towns of the name
            if c.kind in ADMIN_KINDS and (within is None or _nested(c, within))
        ]
    if found:
        return list({c.id: c for c in found}.values())
    key = name_key(admin_core(surface))
    if within is None and not fuzzy:
        return []
    if len(key) < 5 or (within is None and any(c.quality <= ALIAS for c in gazetteer.candidates(surface))):
        return []  # a known town is not a misspelt province
    if within is not None and within.kind == "admin1":
        pool = gazetteer.regions("admin2", within.country_code, within.admin1)
    elif within is not None and within.kind == "country":
        pool = gazetteer.regions("admin1", within.country_code)
    else:
        pool = gazetteer.regions("admin1")
    keys, consonants = _region_keys(pool)
    same = [i for i in consonants.get(_consonants(key), ()) if _close_spelling(key, keys[i], 100.0)]
    if len(same) == 1:  # Urozgan and Oruzgan: the same consonants
        return [replace(pool[same[0]], quality=ALTERNATE)]
    for _, score, i in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=70, limit=3):
        if _close_spelling(key, keys[i], score) and (score >= 85 or within is not None):
            return [replace(pool[i], quality=ALTERNATE)]
    return []


def _close_spelling(a: str, b: str, score: float) -> bool:
    """Transliterations of one name (Urozgan and Oruzgan, Feroze and Firoz), not neighbours
    (Oshimili North and South)."""
    words_a, words_b = a.split(), b.split()
    return (
        (
            len(words_a) == len(words_b)
            or (  # Puli Hisar and Pul-e Hisar
                abs(len(words_a) - len(words_b)) == 1
                and abs(len(a.replace(" ", "")) - len(b.replace(" ", ""))) <= 1
            )
        )
        and (
            a[:1] == b[:1]
            or (a[:1] in "aeiou" and b[:1] in "aeiou")  # not Tor Kotal for Utrik Atoll
            or {a[:2], b[:2]} == {"th", "dh"}  # the Arabic dhal written either way: Thi Qar, Dhi Qar
        )
        and QUALIFIERS.intersection(words_a) == QUALIFIERS.intersection(words_b)
        and (a[-2:] == b[-2:] or score >= 85)
        and abs(len(a) - len(b)) <= 2
    )


_REGION_KEYS: dict[int, tuple[list[Candidate], list[str], dict[str, list[int]]]] = {}
_VOWELS = re.compile(r"[aeiouy ]")


def _consonants(key: str) -> str:
    return _VOWELS.sub("", key)


def _region_keys(pool: list[Candidate]) -> tuple[list[str], dict[str, list[int]]]:
    """The name keys of a list of regions and their consonants (the gazetteer caches the lists;
    so does this)."""
    known = _REGION_KEYS.get(id(pool))
    if known is None or known[0] is not pool:
        if len(_REGION_KEYS) > 10_000:
            _REGION_KEYS.clear()
        keys = [name_key(admin_core(c.name)) for c in pool]
        consonants: dict[str, list[int]] = defaultdict(list)
        for i, k in enumerate(keys):
            consonants[_consonants(k)].append(i)
        known = _REGION_KEYS[id(pool)] = (pool, keys, dict(consonants))
    return known[1], known[2]


def _english_directions(name: str) -> str:
    """'Sud-Kivu' -> 'South-Kivu', 'Nord-Ouest' -> 'North-West': French and Spanish compass words
    of admin names as GeoNames writes them."""
    return re.sub(
        r"\b(?:nord|sud|est|ouest|norte|sur)\b",
        lambda m: DIRECTION_WORDS[m.group().lower()],
        name,
        flags=re.IGNORECASE,
    )


def _focus_country(focus: dict[str, float], gazetteer: Gazetteer) -> Candidate | None:
    """The country most of the story's places lie in, when one does."""
    if not focus:
        return None
    iso, share = max(focus.items(), key=lambda pair: pair[1])
    return gazetteer.country(iso) if share >= 0.3 else None


def _contains(area: Candidate, place: Candidate) -> bool:
    """Whether a place lies in a country or admin region (by its codes)."""
    if area.country_code != place.country_code or area.id == place.id:
        return area.country_code == place.country_code
    if area.kind == "country":
        return True
    if place.admin1 != area.admin1 or place.kind in ("admin1", "country"):
        return False
    if area.kind == "admin2":
        return (area.admin2_name is not None and place.admin2_name == area.admin2_name) or (
            place.admin2_name is None and _km(place, area) <= 60
        )
    return True


def _nested(a: Candidate, b: Candidate) -> bool:
    """Whether two admin areas can be one inside the other (or the same)."""
    if a.country_code != b.country_code:
        return False
    return a.kind == "country" or b.kind == "country" or a.admin1 == b.admin1


def _km(a: Candidate, b: Candidate) -> float:
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _at_seat(area: Candidate, gazetteer: Gazetteer) -> Candidate:
    """The area at its seat where it is named after a town in it (Tripoli, Beni, Ghazni, Thatta
    district): events of an area cluster at its seat more than at the middle of its territory, and
    ACLED codes a district at its capital."""
    seats = [
        c
        for c in gazetteer.candidates(admin_core(area.name))
        if c.feature_class == "P" and c.quality <= ALIAS and _contains(area, c)
    ]
    if not seats:
        return area
    seat = max(seats, key=lambda c: c.population)
    return replace(area, latitude=seat.latitude, longitude=seat.longitude)
