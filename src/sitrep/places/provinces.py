"""A place named with its province: "Jarablus in Aleppo", "Tamura in the northern countryside of
Aleppo", "Ariha in Idleb countryside", "Huweiz area in Hama", "Maraanaz in the countryside of Afrin in
Aleppo".

Syria's and Iraq's governorates share their names with their capitals (Aleppo, Idlib, Hama, Homs,
Raqqa, Deir ez-Zor, Daraa, Hasakah ...). After a village, "in Aleppo" names the governorate, as ACLED
reads it, not the city: the village is looked for inside that governorate (its spelling matched
through the gazetteer's transliteration keys and consonant skeletons: Kafr Nobol, Msheirfeh), and a
namesake elsewhere (Tamura in Japan) is no reading. "in Idleb countryside" names the governorate
whether or not the village is known. Named rules of `rules.yaml`, each switchable for one run with
`SITREP_PLACE_RULES_OFF`:

- `province_context`: the above, for a place the finder read, with a site word between ("Huweiz area
  in Hama", "the Saraf front in Jabal al-Turkman in Lattakia"), and through a town named between
  ("Maraanaz in the countryside of Afrin in Aleppo": Afrin, then Maraanaz, inside Aleppo, Maraanaz
  near Afrin).
- `names_before_province`: a name the finder missed or set aside ("shelled Zayzun in Hama
  countryside": spaCy calls Zayzun an organisation) is read when a settlement of that name lies
  inside the governorate named after it.
- `province_spellings`: inside the governorate, a name is also matched to a close spelling
  (rapidfuzz) of its towns' names: Kafrsajna and Kafr Sajna, Maaret Harma and Ma'arrat Hurmah.
- `countryside_towns`: "Dadikh in Saraqeb countryside": the village near that town, else unresolved.
- `near_named_towns`: the same for a place told to lie by a town or district ("Naameh area east of
  Tikrit", "Zinanah area in Kifri district", "Ashrafiyah neighborhood in Afrin city"), in the town's
  `Vicinity` (places/vicinity.py: how far, and which way a compass word says).
- `province_border`: a village of that exact name just over the governorate's line in GeoNames (within
  `vicinity.province_border_km` of one of its towns) is the village meant: "Shahranaz in Hama
  countryside", filed under Idlib, lies 2.4 km from a Hama village.
- `anchored_sense`: a name read so keeps that reading through the text ("battles around Al Maleh
  north of Aleppo ... the farms of Al Maleh").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from weakref import WeakKeyDictionary

from rapidfuzz import fuzz, process

from sitrep.geo import haversine_km
from sitrep.model import PlaceMention, Span
from sitrep.places.gazetteer import ALIAS, ALTERNATE, Candidate, Gazetteer
from sitrep.places.normalize import name_key
from sitrep.places.rules import load_rules
from sitrep.places.vicinity import Vicinity

RULE = "province_context"
NAMES_RULE = "names_before_province"
SPELLINGS_RULE = "province_spellings"
TOWNS_RULE = "countryside_towns"
NEAR_RULE = "near_named_towns"
SENSE_RULE = "anchored_sense"
SIDE_RULE = "province_side"
BORDER_RULE = "province_border"

_DIRECTION = r"(?:(?:north|south)?(?:east|west)?(?:ern)?|northern|southern|central|rural|(?:north|south)-(?:east|west)ern)"
# what names a site of a place: "Huweiz area", "the Saraf front", "Sheikh Dames axis"
_SITE = r"(?:area|areas|front|frontline|frontlines|axis|village|town|city|hill|plain|camp|silos|vicinity)"
# between a place and the province (or town) it lies in: "X in Y", "X area of Y", "X, in the
# northern countryside of Y", "X of Y province"
_CONNECTOR = (
    rf"(?:\s+{_SITE})?\s*,?\s+(?:in|of)\s+(?:the\s+)?(?:(?P<side>{_DIRECTION})\s+)?"
    r"(?:(?:countryside|province|governorate|outskirts|suburbs|region|vicinity)\s+of\s+(?:the\s+)?)?"
)
BEFORE_PROVINCE = re.compile(rf"^{_CONNECTOR}$", re.IGNORECASE)
COUNTRYSIDE = re.compile(r"\b(?:countryside|outskirts|vicinity|suburbs)\b", re.IGNORECASE)
# a name as notes write them: capitalised words, Arabic articles between (Umm al Asafir, Jisr-Ash-Shugur,
# al-Qardaha), ending right before the connector
_ARTICLE = r"(?:al|el|an|ad|as|ash|at|az|ar)"
_WORD = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
_NAME = rf"(?<![\w'’-])(?P<name>(?:{_ARTICLE}[-\s])?{_WORD}(?:\s+(?:{_ARTICLE}[-\s]+)?{_WORD}){{0,4}})"
NAME_BEFORE = re.compile(rf"{_NAME}(?={_CONNECTOR}$)")
_COMPASS = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
# between a place and the town it lies by: "Naameh area east of Tikrit", "Al-Sharikat to the south of
# the city of Ras Al Ain", "al-Motadila area southeast Ar Rutba", "Ulashi near Menbij"
_NEAR_CONNECTOR = (
    rf"(?:\s+{_SITE})?\s*,?\s+(?:(?:\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles)\s+)?(?:to\s+the\s+)?"
    rf"(?P<compass>{_COMPASS})(?:\s+of)?|near|outside|on\s+the\s+outskirts\s+of)\s+(?:the\s+)?"
    r"(?:(?:city|town|village|district)\s+of\s+)?"
)
NAME_NEAR = re.compile(rf"{_NAME}(?=(?i:{_NEAR_CONNECTOR})$)")
NAME_REACH = 160  # characters before a province in which its place's name is looked for
# right after a governorate's name: "Damascus Countryside", the governorate "Rural Damascus"
COUNTRYSIDE_AFTER = re.compile(r"\s+countryside\b", re.IGNORECASE)
# after a town's name: "Saraqeb countryside"
PROVINCE_WORD = re.compile(r"\s+(?:countryside|province|governorate)\b", re.IGNORECASE)
PROVINCE_NAME = re.compile(r"\s(?:province|governorate)$", re.IGNORECASE)  # "Homs province"
BEFORE_PROVINCE_WORD = re.compile(r"(?:countryside|province|governorate)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
SAME_NAME = 80  # name-key similarity at which a city and its governorate share a name (Idleb, Idlib)
SETTLEMENTS = frozenset({"city", "capital", "town", "village"})
CLOSE_SPELLING = 88  # rapidfuzz ratio of name keys at which a town inside the province is the name
# a name the finder did not read matches a town of the same consonants at this ratio (Teftnaz, Taftanaz)
SKELETON_SPELLING = 75


def within_named_provinces(
    places: Sequence[PlaceMention], text: str, gazetteer: Gazetteer
) -> list[PlaceMention]:
    """The places, with each province named after a place read as the governorate and the place
    before it found inside that governorate (or left unresolved when only a namesake elsewhere is
    known); a place in a town's countryside ("Dadikh in Saraqeb countryside") near that town."""
    result = sorted(places, key=lambda p: p.span.start)
    rules = load_rules()
    if not rules.on(RULE):
        return result
    reread: list[PlaceMention] = []  # the places read inside a province or near a town
    for named in list(result):
        if named not in result:
            continue  # replaced as the place of an earlier province
        index = result.index(named)
        before = result[index - 1] if index > 0 else None
        follows_place = before is not None and BEFORE_PROVINCE.match(text[before.span.end : named.span.start])
        name = NAME_BEFORE.search(text, max(0, named.span.start - NAME_REACH), named.span.start)
        province_word = BEFORE_PROVINCE_WORD.search(text[max(0, named.span.start - 40) : named.span.start])
        anchor: PlaceMention | None = None
        region: Candidate | None = None
        if not (follows_place or name or province_word):
            if _name_before(text, named) is None:
                continue
            anchor = named  # "Naameh area east of Tikrit": read near the town
        else:
            region = _governorate(named, text, gazetteer)
        if region is not None:
            result[index] = _as_governorate(named, region)
            if name is not None:
                side = Vicinity.side_of(result[index], name.group("side")) if rules.on(SIDE_RULE) else None
                anchor = _read_inside(
                    result, text, name.start("name"), name.end("name"), region, side, gazetteer
                )
            elif follows_place and before is not None:
                anchor = result[index - 1] = _inside(before, region, None, gazetteer)
            if anchor is not None:
                reread.append(anchor)
        elif name is not None and rules.on(TOWNS_RULE) and _in_countryside(text, name.end("name"), named):
            anchor = named
        elif name is not None and rules.on(NEAR_RULE) and _town(named) and not province_word:
            anchor = named  # "Ashrafiyah neighborhood in Afrin city", "Zinanah area in Kifri district"
        # "Maraanaz in the countryside of Afrin in Aleppo": the place named before the town, inside
        # the governorate too, near the town
        for _ in range(2):
            if anchor is None or not anchor.resolved:
                break
            said = _name_before(text, anchor)
            if said is None:
                break
            anchor = _read_inside(
                result,
                text,
                said.start("name"),
                said.end("name"),
                region,
                Vicinity.of(anchor, said),
                gazetteer,
            )
            if anchor is not None:
                reread.append(anchor)
    if rules.on(SENSE_RULE):
        result = _one_sense_of_anchored(result, reread)
    return result


def _one_sense_of_anchored(places: list[PlaceMention], reread: Sequence[PlaceMention]) -> list[PlaceMention]:
    """`anchored_sense`: a name read inside its province or near its town keeps that reading
    through the text ("battles around Al Maleh north of Aleppo ... the farms of Al Maleh": not
    another Mallah 80 km east); where it is known there only as a namesake elsewhere, its other
    mentions are no reading either."""
    sense = {name_key(place.span.text): place for place in reread}
    result = []
    for place in places:
        anchored = sense.get(name_key(place.span.text))
        if anchored is None or place in reread or place.role != "location":
            result.append(place)
        elif anchored.resolved:
            result.append(replace(anchored, span=place.span, role=place.role, seat=place.seat))
        else:
            result.append(PlaceMention(span=place.span, role=place.role))
    return result


def _town(place: PlaceMention) -> bool:
    """A town or district other places are told to lie by or in ("Homs province", read as the
    city, is none)."""
    return (
        place.resolved
        and place.feature_kind in (*SETTLEMENTS, "admin2")
        and not PROVINCE_NAME.search(place.span.text)
    )


def _name_before(text: str, place: PlaceMention) -> re.Match[str] | None:
    """The name of the place told to lie in this one ("X in Y"), or, with `near_named_towns`, by
    this town ("X east of Y", "X near Y")."""
    start = max(0, place.span.start - NAME_REACH)
    found = NAME_BEFORE.search(text, start, place.span.start)
    if found is None and _town(place) and load_rules().on(NEAR_RULE):
        found = NAME_NEAR.search(text, start, place.span.start)
    return found


def _in_countryside(text: str, name_end: int, town: PlaceMention) -> bool:
    """Whether the name ending at name_end lies in the countryside of the town named after it ("in
    the countryside of Afrin", "in Saraqeb countryside", "in the vicinity of the town of X")."""
    return (
        town.resolved
        and town.feature_kind in SETTLEMENTS
        and bool(
            COUNTRYSIDE.search(text, name_end, town.span.start) or PROVINCE_WORD.match(text, town.span.end)
        )
    )


def _read_inside(
    result: list[PlaceMention],
    text: str,
    start: int,
    end: int,
    region: Candidate | None,
    vicinity: Vicinity | None,
    gazetteer: Gazetteer,
) -> PlaceMention | None:
    """The name at text[start:end] read inside the governorate (in the town's vicinity, if given): the
    mention there, or a new one for a name the finder missed (`names_before_province`). The
    mentions it covers give way to it; what it became, or None."""
    covered = [p for p in result if p.span.start < end and start < p.span.end]
    if any(p.role != "location" for p in covered):
        return None  # "the Syrian city of Al-Tabqah": a people's adjective lies nowhere
    surface = text[start:end]
    known = [p for p in covered if (p.span.start, p.span.end) == (start, end)]
    found = None
    if not known and load_rules().on(NAMES_RULE):
        found = _found_inside(surface, region, vicinity, gazetteer, strict=True)
    if found is not None:
        read = _read_as(PlaceMention(span=Span(start, end, surface)), found, geo_precision=1, seat=None)
        for place in covered:
            result.remove(place)
        result.append(read)
        result.sort(key=lambda p: p.span.start)
        return read
    # the finder's reading of the name, or of its last words ("Jabal" of "Qebtan al Jabal")
    last = known or [p for p in covered if p.span.end == end]
    if not last:
        return None
    read = _inside(last[0], region, vicinity, gazetteer)
    result[result.index(last[0])] = read
    return read


def _governorate(named: PlaceMention, text: str, gazetteer: Gazetteer) -> Candidate | None:
    """The first-level region this name stands for: itself, or the governorate its city names. "X
    Countryside" is the governorate named "Rural X" where there is one: "Damascus Countryside" is
    Rif Dimashq, not Damascus."""
    if not named.resolved or named.feature_kind not in ("admin1", *SETTLEMENTS):
        return None
    if COUNTRYSIDE_AFTER.match(text, named.span.end):
        for candidate in gazetteer.candidates(f"Rural {named.span.text}"):
            if candidate.kind == "admin1" and candidate.country_code == named.country_code:
                return candidate
    key = name_key(PROVINCE_NAME.sub("", named.span.text))  # "Homs province" is Homs
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


def _inside(
    place: PlaceMention, region: Candidate | None, vicinity: Vicinity | None, gazetteer: Gazetteer
) -> PlaceMention:
    """The place read inside the governorate, or in the town's vicinity; unresolved when it is
    known only elsewhere."""
    best = _found_inside(place.span.text, region, vicinity, gazetteer, strict=False)
    if best is not None:
        return _read_as(place, best, geo_precision=1, seat=None)
    if place.resolved and (
        (
            region is not None
            and (place.country_code, place.admin1) != (region.country_code, region.admin1_name)
        )
        or (region is None and vicinity is not None and not vicinity.holds(place.latitude, place.longitude))
    ):
        return PlaceMention(span=place.span, role=place.role)
    return place


def _found_inside(
    surface: str, region: Candidate | None, vicinity: Vicinity | None, gazetteer: Gazetteer, strict: bool
) -> Candidate | None:
    """The settlement of this name inside the governorate, in the town's vicinity when one is
    given (none there: no reading). A name the finder did not read (`strict`) needs its own
    spelling or a close one, not a mere shared consonant skeleton."""
    town = vicinity.town if vicinity is not None else None
    country = region.country_code if region is not None else town.country_code if town is not None else None
    options = [
        *gazetteer.candidates(surface),
        *gazetteer.similar(surface, countries={country} if country else None),
    ]
    inside = [
        c for c in options
        if c.country_code == country and c.kind in SETTLEMENTS
        and (region is None or c.admin1 == region.admin1)
        and not (strict and c.quality > ALTERNATE and not _close(surface, c.name, SKELETON_SPELLING))
    ]  # fmt: skip
    if not inside and region is not None and load_rules().on(BORDER_RULE):
        inside = _on_the_border(options, region, gazetteer)
    if (
        not inside
        and region is not None
        and load_rules().on(SPELLINGS_RULE)
        and not any(c.country_code == country and c.kind in SETTLEMENTS for c in options)
    ):  # a misspelling; not a town of the country named with a province it is not in (Douma, Damascus)
        inside = _close_spellings(surface, region, gazetteer)
    if vicinity is not None and vicinity.town.resolved:
        there = [c for c in inside if vicinity.holds(c.latitude, c.longitude)]
        inside = there if there or not vicinity.preferred_only else inside
    if not inside:
        return None
    best = min(c.quality for c in inside)
    if vicinity is not None and vicinity.town.resolved and not vicinity.preferred_only:
        # "Nayrab frontline east of Idlib": of the namesakes by the town, the nearest
        return max(inside, key=lambda c: (c.quality == best, -vicinity.km_to(c.latitude, c.longitude)))
    return max(inside, key=lambda c: (c.quality == best, c.events, c.population))


def _close(surface: str, name: str, score: float) -> bool:
    return fuzz.ratio(name_key(surface), name_key(name)) >= score


_TOWNS: WeakKeyDictionary[Gazetteer, dict[tuple[str, str], tuple[list[Candidate], list[str]]]] = (
    WeakKeyDictionary()
)


def _on_the_border(options: Sequence[Candidate], region: Candidate, gazetteer: Gazetteer) -> list[Candidate]:
    """The settlements of the name itself (not a spelling variant) in the governorate's country but
    filed under another governorate, within `province_border_km` of one of its towns."""
    if not region.country_code or not region.admin1:
        return []
    towns, _ = _region_towns(region.country_code, region.admin1, gazetteer)
    km = float(load_rules().vicinity["province_border_km"])
    return [
        c for c in options
        if c.country_code == region.country_code and c.kind in SETTLEMENTS and c.quality <= ALIAS
        and c.admin1 != region.admin1
        and any(haversine_km(c.latitude, c.longitude, t.latitude, t.longitude) <= km for t in towns)
    ]  # fmt: skip


def _region_towns(country: str, admin1: str, gazetteer: Gazetteer) -> tuple[list[Candidate], list[str]]:
    """The governorate's settlements and their name keys (remembered per gazetteer)."""
    cache = _TOWNS.setdefault(gazetteer, {})
    found = cache.get((country, admin1))
    if found is None:
        towns = [c for kind in SETTLEMENTS for c in gazetteer.regions(kind, country, admin1)]
        found = cache[(country, admin1)] = (towns, [name_key(c.name) for c in towns])
    return found


def _close_spellings(surface: str, region: Candidate, gazetteer: Gazetteer) -> list[Candidate]:
    """The governorate's settlements whose names are a close spelling of this one (rapidfuzz on
    name keys, the first letter kept: Tqad and Taqad, not Tqad and Aqad)."""
    key = name_key(surface)
    if len(key.replace(" ", "")) < 4 or not region.country_code or not region.admin1:
        return []
    towns, keys = _region_towns(region.country_code, region.admin1, gazetteer)
    return [
        replace(towns[i], quality=ALTERNATE)
        for _, score, i in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=CLOSE_SPELLING, limit=3)
        if keys[i][:1] == key[:1]
    ]
