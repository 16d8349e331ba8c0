"""The rule `named_quarter`: a town's quarter named by the text ("terrorists positioned in Bani Zaid
neighborhood", "the opposition-held neighborhood of Tareeq al-Bab in Aleppo") that the gazetteer lacks, or
resolves to a namesake far from the town (al-Hamadaniyeh of Aleppo read as Iraq's Al-Hamdaniya), is a place
at the town's point, as ACLED codes a part of a town (geo precision 2): the statement keeps the quarter's
name. The town is the one named right after "in"/"of" ("Salah Eddin neighborhood in Aleppo city"), else the
last town of the story's country named before within `reach` characters ("In Aleppo city ... Bani Zaid
neighborhood"); none, no place. A name that is the town itself ("the Aleppo neighborhoods") is no quarter.
Words and distances in `lexicon.yaml` (`named_quarters`).

Switch it off for a run with SITREP_CONTROL_OFF=named_quarter to measure what it earns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from sitrep.control.city_parts import PROVINCE_AFTER, PROVINCE_BEFORE, TOWN_KINDS
from sitrep.geo import haversine_km
from sitrep.model import ActorMention, PlaceMention, Span

# a quarter's name: capitalised words, each perhaps after an article ("al-Midan", "Bustan al-Qasr",
# "Sheikh Maqsood"), at most four
_ARTICLE = r"(?:(?:al|el|ad|ar|as|ash|at|az|an)[-\s]+)"
NAME = rf"{_ARTICLE}?[A-Z][\w'’]*(?:[-\s]+{_ARTICLE}?[A-Z][\w'’]*){{0,3}}"
# after a town's mention: the quarter word of a list of quarters it is part of
QUARTER_LIST = re.compile(
    rf"(?:\s+(?:and|\(\w+\)|{_ARTICLE}?[A-Z][\w'’-]*))*\s+(?i:neighbou?rhoods?|quarters?)\b"
)
# capitalised words before a name that are not part of it: "In Salah Eddin neighborhood"
LEAD = re.compile(r"^(?:(?:The|A|An|In|At|On|Of|From|To|And|Near|Into|Inside|Both|Later|Earlier)\s+)+")
# after the quarter word: the town it lies in ("in Aleppo city", "of the Syrian capital" is not a name)
TOWN_AFTER = re.compile(r"\s+(?:in|of)\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?$", re.IGNORECASE)


def quarter_pattern(words: Sequence[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "<Name> neighborhood" and "the neighbourhood(s) of <Name>", group name."""
    either = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    before = re.compile(rf"(?<![\w'’-])(?P<name>{NAME})\s+(?i:{either})(?![\w-])")
    after = re.compile(rf"(?<![\w-])(?i:{either})\s+of\s+(?P<name>{NAME})(?![\w'’-])")
    return before, after


def named_quarters(
    text: str,
    places: Sequence[PlaceMention],
    actors: Sequence[ActorMention],
    country: str | None,
    patterns: tuple[re.Pattern[str], re.Pattern[str]],
    reach: int,
    max_km: float,
) -> tuple[list[PlaceMention], set[int]]:
    """The quarters the text names, each a place at its town's point; and the starts of the place
    mentions they replace (a far namesake the gazetteer gave the quarter's name)."""
    towns = [
        p
        for p in places
        if p.resolved
        and p.feature_kind in TOWN_KINDS
        and p.role in ("location", "embedded")
        and (country is None or p.country_code == country)
        and not PROVINCE_BEFORE.search(text, max(0, p.span.start - 40), p.span.start)
        and not PROVINCE_AFTER.match(text, p.span.end)
    ]
    # a town in a list of quarters ("al-Jamiliyeh and al-Mohafaza neighborhoods") is a quarter the gazetteer
    # took for a namesake: no anchor for the quarters after it
    anchors = [t for t in towns if not QUARTER_LIST.match(text, t.span.end)]
    found: dict[int, PlaceMention] = {}
    replaced: set[int] = set()
    for pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span("name")
            name = LEAD.sub("", match.group("name"))
            if not name:
                continue
            start = end - len(name)
            if start in found or any(a.span.start < end and start < a.span.end for a in actors):
                continue
            words = re.findall(r"[\w'’-]+", name.lower())
            town_names = {
                t.span.text.lower()
                for t in towns
                if len(t.span.text) >= 4 and not (t.span.start < end and start < t.span.end)
            }
            if any(
                " ".join(words[i:j]) in town_names
                for i in range(len(words))
                for j in range(i + 1, len(words) + 1)
            ):
                continue  # "the Aleppo neighborhoods", "a neighbourhood of East Aleppo": a town named elsewhere
            if any(t.span.start < end and start < t.span.end and t.span.end == end for t in towns):
                continue  # "neighbourhoods of Syria's Aleppo": the town's own, named last
            town = _town_of(text, towns, anchors, match.end(), start, reach)
            if town is None:
                continue
            tagged = [p for p in places if p.span.start < end and start < p.span.end]
            if any(_near(p, town, max_km) for p in tagged):
                continue  # the gazetteer knows the quarter, or the name is the town's own
            if any(p.span.start < start or p.span.end > end for p in tagged):
                continue  # a longer tagged name the quarter's is part of
            replaced.update(p.span.start for p in tagged)
            found[start] = replace(
                town, span=Span(start, end, name), name=name, geonameid=None, feature_kind="quarter",
                geo_precision=2, role="location", seat=None,
            )  # fmt: skip
    return list(found.values()), replaced


def _town_of(
    text: str,
    towns: Sequence[PlaceMention],
    anchors: Sequence[PlaceMention],
    after: int,
    start: int,
    reach: int,
) -> PlaceMention | None:
    """The town named right after the quarter ("in Aleppo city"), else the last one named before it of
    those that are no quarter themselves."""
    for town in towns:
        if town.span.start >= after and TOWN_AFTER.fullmatch(text, after, town.span.start):
            return town
    before = [t for t in anchors if t.span.end <= start and start - t.span.end <= reach]
    return before[-1] if before else None


def _near(place: PlaceMention, town: PlaceMention, max_km: float) -> bool:
    if not place.resolved:
        return False
    assert place.latitude is not None and place.longitude is not None
    assert town.latitude is not None and town.longitude is not None
    return haversine_km(place.latitude, place.longitude, town.latitude, town.longitude) <= max_km
