"""A place named with its province: "Jarablus in Aleppo", "Tamura in the northern countryside of
Aleppo", "Ariha in Idleb countryside".

Syria's and Iraq's governorates share their names with their capitals (Aleppo, Idlib, Hama, Homs,
Raqqa, Deir ez-Zor, Daraa, Hasakah ...). After a village, "in Aleppo" names the governorate, as ACLED
reads it, not the city: the village is looked for inside that governorate (its spelling matched
through the gazetteer's transliteration keys and consonant skeletons: Kafr Nobol, Msheirfeh), and a
namesake elsewhere (Tamura in Japan) is no reading. "in Idleb countryside" names the governorate
whether or not the village is known.

The rule is named `province_context` in `rules.yaml`; `SITREP_PLACE_RULES_OFF=province_context`
switches it off for one run, to measure what it earns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from sitrep.model import PlaceMention
from sitrep.places.gazetteer import Candidate, Gazetteer
from sitrep.places.normalize import name_key
from sitrep.places.rules import load_rules

RULE = "province_context"

# between a place and its province: "X in Y", "X, in the northern countryside of Y", "X of Y province"
BEFORE_PROVINCE = re.compile(
    r"^\s*,?\s*(?:in|of)\s+(?:the\s+)?"
    r"(?:(?:(?:north|south)?(?:east|west)?(?:ern)?|northern|southern|central|rural)\s+)?"
    r"(?:(?:countryside|province|governorate|outskirts|suburbs|region)\s+of\s+)?$",
    re.IGNORECASE,
)
# after a province's name: "Idleb countryside", "Hama province", "Aleppo governorate"
PROVINCE_WORD = re.compile(r"^\s+(?:countryside|province|governorate)\b", re.IGNORECASE)
BEFORE_PROVINCE_WORD = re.compile(r"(?:countryside|province|governorate)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
SAME_NAME = 80  # name-key similarity at which a city and its governorate share a name (Idleb, Idlib)
SETTLEMENTS = frozenset({"city", "capital", "town", "village"})


def within_named_provinces(
    places: Sequence[PlaceMention], text: str, gazetteer: Gazetteer
) -> list[PlaceMention]:
    """The places, with each province named after a place read as the governorate and the place
    before it found inside that governorate (or left unresolved when only a namesake elsewhere is
    known)."""
    result = list(places)
    if not load_rules().on(RULE):
        return result
    for index, named in enumerate(result):
        before = result[index - 1] if index > 0 else None
        follows_place = before is not None and BEFORE_PROVINCE.match(text[before.span.end : named.span.start])
        province_word = PROVINCE_WORD.match(text, named.span.end) or BEFORE_PROVINCE_WORD.search(
            text[max(0, named.span.start - 40) : named.span.start]
        )
        if not (follows_place or province_word):
            continue
        region = _governorate(named, gazetteer)
        if region is None:
            continue
        result[index] = _as_governorate(named, region)
        if follows_place and before is not None:
            result[index - 1] = _inside(before, region, gazetteer)
    return result


def _governorate(named: PlaceMention, gazetteer: Gazetteer) -> Candidate | None:
    """The first-level region this name stands for: itself, or the governorate its city names."""
    if not named.resolved or named.feature_kind not in ("admin1", *SETTLEMENTS):
        return None
    key = name_key(named.span.text)
    for candidate in gazetteer.candidates(named.span.text):
        if candidate.kind == "admin1" and candidate.country_code == named.country_code:
            return candidate
    if named.feature_kind == "admin1" or not named.admin1:
        return None
    regions = [
        c for c in gazetteer.candidates(named.admin1)
        if c.kind == "admin1" and c.country_code == named.country_code
    ]  # fmt: skip
    same = [c for c in regions if fuzz.ratio(key, name_key(c.name)) >= SAME_NAME]
    return same[0] if same else None


def _as_governorate(named: PlaceMention, region: Candidate) -> PlaceMention:
    city = None
    if named.feature_kind in SETTLEMENTS and named.latitude is not None and named.longitude is not None:
        city = (named.latitude, named.longitude)
    # ACLED codes an event known only by its province at the seat
    return _read_as(named, region, geo_precision=3, seat=named.seat or city)


def _read_as(
    place: PlaceMention, candidate: Candidate, geo_precision: int, seat: tuple[float, float] | None
) -> PlaceMention:
    """The mention resolved to another gazetteer entry (a governorate is its own admin1)."""
    governorate = candidate.kind == "admin1"
    return replace(
        place,
        name=candidate.name,
        geonameid=candidate.geonameid,
        latitude=candidate.latitude,
        longitude=candidate.longitude,
        country_code=candidate.country_code,
        admin1=candidate.admin1_name or candidate.name if governorate else candidate.admin1_name,
        admin2=None if governorate else candidate.admin2_name,
        feature_kind=candidate.kind,
        geo_precision=geo_precision,
        seat=seat,
    )


def _inside(place: PlaceMention, region: Candidate, gazetteer: Gazetteer) -> PlaceMention:
    """The place read inside the governorate; unresolved when it is known only elsewhere."""
    options = [
        *gazetteer.candidates(place.span.text),
        *gazetteer.similar(place.span.text, countries={region.country_code or ""}),
    ]
    inside = [
        c for c in options
        if c.country_code == region.country_code and c.admin1 == region.admin1 and c.kind in SETTLEMENTS
    ]  # fmt: skip
    if inside:
        best = max(
            inside, key=lambda c: (c.quality == min(o.quality for o in inside), c.events, c.population)
        )
        return _read_as(place, best, geo_precision=1, seat=None)
    if place.resolved and (place.country_code != region.country_code or place.admin1 != region.admin1_name):
        return PlaceMention(span=place.span, role=place.role)
    return place
