"""Find the places a text names and resolve each to a point with an ACLED geo_precision.

Recognition: spaCy GPE/LOC/FAC entities, the entity ruler's curated features and Arabic
article names (place_patterns), demonyms, "U.S."-style abbreviations and datelines.
Resolution ranks the gazetteer's candidates by population, feature kind, the document's
focus countries and provinces, the dateline and distance to the other places of the text.
Admin areas given with a place, as ACLED notes give them ("Tchanichani (Beni, Nord-Kivu)",
"in Irapuato, Guanajuato", "in Ab Band district, Ghazni"), confine it to those areas and set
the story's country; a place the gazetteer lacks becomes its narrowest area (geo_precision 2 for
a district, 3 for a province), as ACLED codes unknown villages.
"""

from __future__ import annotations

import calendar
import itertools
import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from weakref import WeakKeyDictionary

from rapidfuzz import fuzz, process
from spacy.attrs import ENT_IOB, IS_TITLE, ORTH, POS, SENT_START
from spacy.strings import StringStore
from spacy.symbols import PROPN
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from sitrep.geo import haversine_km
from sitrep.model import Document, PlaceMention, Span
from sitrep.places.gazetteer import (
    ALIAS,
    ALTERNATE,
    PRIMARY,
    SKELETON,
    Candidate,
    Gazetteer,
    admin_abbreviations,
    demonyms,
)
from sitrep.places.normalize import ARTICLES, admin_core, name_key

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Curated feature kinds and the ACLED geo_precision a mention of them gets.
FEATURE_PRECISION = {
    "camp": 1, "border crossing": 1, "road": 2, "border area": 2, "front line": 2, "river valley": 3,
    "mountains": 3, "plain": 3, "plateau": 3, "desert": 3, "region": 3, "sea": 3, "building": 1,
}  # fmt: skip
# Demonyms of continents and regions, and the gazetteer names they point to.
REGION_DEMONYMS = {
    "European": "Europe", "Europeans": "Europe", "African": "Africa", "Africans": "Africa", "Asian": "Asia",
    "North American": "North America", "South American": "South America", "Latin American": "Latin America",
    "Central American": "Central America", "Middle Eastern": "Middle East", "Caribbean": "Caribbean",
    "English": "England", "Scottish": "Scotland", "Welsh": "Wales",
}  # fmt: skip
REGION_PREFIXES = frozenset({"North", "South", "Central", "Latin", "Middle", "East", "West"})
# AP-style abbreviations of US states and Canadian provinces -> (country, admin1 code).
STATE_ABBREVIATIONS = {
    "Ala.": ("US", "AL"), "Ariz.": ("US", "AZ"), "Ark.": ("US", "AR"), "Calif.": ("US", "CA"), "Colo.": ("US", "CO"),
    "Conn.": ("US", "CT"), "Del.": ("US", "DE"), "Fla.": ("US", "FL"), "Ga.": ("US", "GA"), "Ill.": ("US", "IL"),
    "Ind.": ("US", "IN"), "Kan.": ("US", "KS"), "Kans.": ("US", "KS"), "Ky.": ("US", "KY"), "La.": ("US", "LA"),
    "Md.": ("US", "MD"), "Mass.": ("US", "MA"), "Mich.": ("US", "MI"), "Minn.": ("US", "MN"), "Miss.": ("US", "MS"),
    "Mo.": ("US", "MO"), "Mont.": ("US", "MT"), "Neb.": ("US", "NE"), "Nev.": ("US", "NV"), "N.H.": ("US", "NH"),
    "N.J.": ("US", "NJ"), "N.M.": ("US", "NM"), "N.Y.": ("US", "NY"), "N.C.": ("US", "NC"), "N.D.": ("US", "ND"),
    "Okla.": ("US", "OK"), "Ore.": ("US", "OR"), "Pa.": ("US", "PA"), "R.I.": ("US", "RI"), "S.C.": ("US", "SC"),
    "S.D.": ("US", "SD"), "Tenn.": ("US", "TN"), "Tex.": ("US", "TX"), "Vt.": ("US", "VT"), "Va.": ("US", "VA"),
    "Wash.": ("US", "WA"), "W.Va.": ("US", "WV"), "Wis.": ("US", "WI"), "Wyo.": ("US", "WY"), "D.C.": ("US", "DC"),
    "B.C.": ("CA", "02"), "BC": ("CA", "02"), "Alta.": ("CA", "01"), "Sask.": ("CA", "11"), "Man.": ("CA", "03"),
    "Ont.": ("CA", "08"), "Que.": ("CA", "10"), "N.S.": ("CA", "07"), "N.B.": ("CA", "04"), "P.E.I.": ("CA", "09"),
    "Nfld.": ("CA", "05"),
}  # fmt: skip
_DOTTED = sorted((a for a in STATE_ABBREVIATIONS if "." in a[:-1] or a == "BC"), key=len, reverse=True)
# "Springfield, Ill." (after a comma) or a dotted form like N.Y. anywhere.
STATE_ABBREVIATION = re.compile(
    r"(?:(?<=, )|\b(?="
    + "|".join(re.escape(a) for a in _DOTTED)
    + r"))("
    + "|".join(re.escape(a) for a in sorted(STATE_ABBREVIATIONS, key=len, reverse=True))
    + r")(?!\w)"
)
WEAK_LABELS = frozenset({"ORG", "PERSON", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "FAC"})
EMBEDDING_LABELS = frozenset({"ORG", "EVENT", "WORK_OF_ART", "FAC", "PRODUCT"})
BIG_KINDS = frozenset({"country", "continent", "admin1"})
# "in central Van", "across northern Aleppo": a part of the place named after the preposition
_PART_ADJECTIVE = r"(?:(?:central|downtown|(?:north|south)?(?:north|south|east|west)ern|(?:north|south)-(?:east|west)ern)\s+)?"
STRONG_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|inside|into|towards?|across|via|through)\s+(?:the\s+)?" + _PART_ADJECTIVE + "$"
)
ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ed|es|ez|a)-\w", re.I)
# Countries where place names carry the Arabic article (and their neighbours that keep some).
ARABIC_NAME_COUNTRIES = frozenset(
    [
        "SY",
        "IQ",
        "JO",
        "LB",
        "PS",
        "IL",
        "EG",
        "SA",
        "YE",
        "LY",
        "TN",
        "DZ",
        "MA",
        "EH",
        "SD",
        "KW",
        "QA",
        "AE",
        "OM",
        "BH",
        "MR",
        "TR",
        "IR",
        "SO",
        "DJ",
        "TD",
        "ER",
    ]
)
GENERIC_WORDS = frozenset(
    {
        "north", "south", "east", "west", "central", "centre", "center", "western", "eastern", "northern",
        "southern", "state", "states", "valley", "city", "county", "river", "lake", "mount", "island", "bay",
        "beach", "park", "street", "road", "hill", "university", "college", "school", "hospital", "new",
        "great", "upper", "lower", "middle", "congress", "united", "national", "royal", "saint", "union",
        "republic", "kingdom", "government", "police", "army", "court", "arab", "media", "post",
        "airport", "international", "wing", "field", "fields", "plantation", "canal", "square", "village",
        "club", "golf", "lagoon", "station", "bridge", "tower", "church", "market", "mall", "harbour",
        "colonia", "barrio", "bairro",
    }
)  # fmt: skip
# Words for a neighbourhood that start its name (Colonia Las Tinas): no place on their own.
NEIGHBOURHOOD_WORDS = frozenset({"colonia", "barrio", "bairro", "quartier", "mine"})
# Words that begin Arabic place names (Abu Salim, Wadi al-Rabi, Al Ghiwayl): never a place alone.
NAME_START_WORDS = frozenset(
    {
        "al",
        "el",
        "abu",
        "umm",
        "wadi",
        "bani",
        "jabal",
        "jebel",
        "bir",
        "ras",
        "bab",
        "beit",
        "bayt",
        "tal",
        "khirbat",
    }
)
NAME_SUFFIXES = frozenset(
    {"province", "governorate", "city", "county", "district", "region", "camp", "town", "state"}
)
PLACE_NOUN_BEFORE = re.compile(
    r"\b(?:town|towns|city|cities|village|villages|province|provinces|governorate|district|region|"
    r"neighbou?rhood|suburb|area|camp|countryside) of\s*$",
    re.I,
)
# "Herat city", "Ghoryan district center": the name before the word is a place's
PLACE_NOUN_AFTER = re.compile(r" (?:city|town|village|district|governorate|province|municipality)\b")
# the rest of a hyphenated name after an entity that stops at the hyphen
HYPHENED_REST = re.compile(r"(?:-[A-Z][a-z]+)+\b")
COORDINATION_BEFORE = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+$")
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|to|into|outside|towards?|across|around|via|through|of|between|and|on|over|inside|within)"
    r"\s+(?:the\s+)?" + _PART_ADJECTIVE + "$"
)
# "the US dollar" names a currency, no place
CURRENCY_AFTER = re.compile(r" dollars?\b")
ABBREVIATIONS = re.compile(r"\b(?:U\.S\.A?\.?|USA|US|U\.K\.|UK|UAE|EU)(?![\w.])(?! dollars?\b)")
DATELINE = re.compile(
    r"(?m)^[ \t]*([A-Z][A-Z.'\- ]{2,40}?)(?:,[ \t]*[A-Z][A-Za-z.\- ]{1,30})?[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?[:\u2014\u2013-][ \t]"
)
# "SAN DIEGO (AP) -" inside running text, where line breaks were lost.
WIRE_DATELINE = re.compile(
    r"(?:^|(?<=[.!?\"”] ))([A-Z][A-Z.'\- ]{2,30}?)(?:, [A-Z][A-Za-z.\- ]{1,20})? \((?:AP|Reuters|AFP|UPI|CNN|Xinhua|dpa|IANS|PTI|ANI|Bloomberg)\)"
)
# Words that make a mention of X a place near or in part of X (geo_precision 2).
DIRECTIONS = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
RELATIVE_BEFORE = re.compile(
    rf"(?:\bnear(?:by)?|\boutside(?: of)?|\boutskirts of|\baround|\bclose to|\bvicinity of|\bcountryside of|"
    rf"\brural|\bcountryside|\b{DIRECTIONS}(?:ern)?(?: of)?|\b\d+(?:\.\d+)? ?(?:km|kilometers|kilometres|miles|mi)\b[^.;]{{0,30}}\bof)"
    rf"(?: the)?(?: city of| town of| village of)?\s*$",
    re.IGNORECASE,
)
PROVINCE_AFTER = re.compile(
    r"^\W{0,2}(?:province|governorate|region|state|district|county|countryside|prefecture|oblast)\b", re.I
)
# "in Al Jawf, Ad Dali and Taizz governorates": every name of the list is a province
PROVINCES_AFTER = re.compile(
    r"(?:(?:,|,? and|,? or) [A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)*)* "
    r"(?:provinces|governorates|states|regions|departments|oblasts)\b"
)
PROVINCE_BEFORE = re.compile(r"(?:province|governorate|region|state|district|county) of\s*$", re.I)
CITY_BEFORE = re.compile(r"(?:city|town|village) of\s*$", re.I)
CITY_AFTER = re.compile(r"^ (?:city|town|village)\b")
RELATIVE_AFTER = re.compile(r"^(?:'s)? (?:countryside|outskirts|suburbs|area|surroundings)\b", re.I)
# Verbs of speaking and acting that make a capital or country stand for its government.
METONYM_VERBS = frozenset(
    {
        "say", "tell", "announce", "accuse", "deny", "claim", "warn", "condemn", "urge", "demand", "insist",
        "reject", "threaten", "respond", "vow", "pledge", "call", "agree", "sign", "decide", "refuse",
        "blame", "confirm", "report", "declare", "express", "order", "sanction", "impose", "want",
    }
)  # fmt: skip
# Tokens after "al-" that are organisations or people, not places, in conflict news.
NOT_PLACE_WORDS = frozenset(
    {"Qaeda", "Qaida", "Nusra", "Assad", "Sham", "Islam", "Dawla", "Baghdadi", "Abdo"}
)
HYPHENED_ARTICLES = ["a", "ad", "an", "ar", "as", "ash", "at", "az", "ed", "er", "es", "ez"]


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    sentence: tuple[int, int]
    role: str = "location"
    ruler_id: str = ""
    hint: str = ""  # "admin" (Homs province), "city" (the city of X), "country" (demonym)
    relative: bool = False
    candidates: list[Candidate] = field(default_factory=list)
    prior: list[float] = field(default_factory=list)
    chosen: Candidate | None = None
    point: tuple[float, float] | None = None
    areas: list[Candidate] = field(default_factory=list)  # admin areas given with it, narrowest first
    seat: tuple[float, float] | None = None  # where ACLED codes an event known only at this level


class _Resources:
    """What the resolver derives once per gazetteer: features, demonyms, abbreviations."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.features = {candidate.key: candidate for candidate, _ in gazetteer.features()}
        self.demonyms: dict[str, Candidate] = {}
        for demonym, iso in demonyms().items():
            country = gazetteer.country(iso)
            if country is not None:
                self.demonyms[demonym] = country
        for demonym, region in REGION_DEMONYMS.items():
            found = [
                c for c in gazetteer.candidates(region) if c.kind in ("continent", "region", "sea", "admin1")
            ]
            if found:
                self.demonyms[demonym] = found[0]
        strings = StringStore()  # spaCy's string hashes do not depend on the vocabulary
        self.demonym_ids = {strings.add(d): d for d in self.demonyms if " " not in d}
        self.prefix_ids = {strings.add(p) for p in REGION_PREFIXES}
        self.state_abbreviations: dict[str, Candidate] = {}
        for abbreviation, (iso, code) in STATE_ABBREVIATIONS.items():
            admin1 = gazetteer.admin1(iso, code)
            if admin1 is not None:
                self.state_abbreviations[abbreviation] = admin1


# weak keys: resources go with their gazetteer, and a new gazetteer never inherits stale ones
_RESOURCES: WeakKeyDictionary[Gazetteer, _Resources] = WeakKeyDictionary()


def _resources(gazetteer: Gazetteer) -> _Resources:
    found = _RESOURCES.get(gazetteer)
    if found is None:
        found = _RESOURCES[gazetteer] = _Resources(gazetteer)
    return found


def place_patterns(gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """EntityRuler patterns: every name of the curated features, and the article-prefixed
    names (al-Dumayr, Deir ez-Zor) of focus-region towns that spaCy tags as people or misses."""
    patterns: list[dict[str, Any]] = []
    for candidate, names in gazetteer.features():
        label = "FAC" if candidate.kind in ("road", "camp", "border crossing") else "LOC"
        for name in names:
            patterns.append({"label": label, "pattern": name, "id": candidate.key})
    seen: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for place_id, name in gazetteer.article_names():
        words = tuple(w for w in re.split(r"[\s-]+", fold_case(name)) if w)
        if words and all(w.isalpha() for w in words) and not NOT_PLACE_WORDS.intersection(words):
            seen[words].add(place_id)
    for words, ids in seen.items():
        if len(words) < 2:
            continue
        # "al" and "el" may stand alone (al Dumayr); "an", "as", "at" are English words unless hyphenated
        for articles, hyphen in (
            (["al", "el"], {"ORTH": "-", "OP": "?"}),
            (HYPHENED_ARTICLES, {"ORTH": "-"}),
        ):
            pattern: list[dict[str, Any]] = []
            for word in words:
                if word.lower() in ARTICLES:
                    pattern += [{"LOWER": {"IN": articles}}, hyphen]
                else:
                    pattern.append({"ORTH": word[0].upper() + word[1:]})
            entry: dict[str, Any] = {"label": "GPE", "pattern": pattern}
            if len(ids) == 1:
                entry["id"] = f"geonames:{next(iter(ids))}"
            patterns.append(entry)
    return patterns


def fold_case(name: str) -> str:
    """A name without diacritics and apostrophes, its letter case kept."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch not in "'’‘`ʿʾ")


def resolve_places(document: Document, sdoc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """The places named in the document, resolved where the gazetteer allows."""
    resources = _resources(gazetteer)
    text = document.text
    finder = _Finder(text, sdoc, gazetteer, resources)
    finder.strong()
    for mention in finder.mentions:
        mention.prior = [_prior(mention, c) for c in mention.candidates]
    focus, admin_focus = _focus(finder.mentions)
    for _ in range(2):  # names accepted in the first round can set the focus that admits others
        added = finder.weak(focus)
        if not added:
            break
        for mention in added:
            mention.prior = [_prior(mention, c) for c in mention.candidates]
        focus, admin_focus = _focus(finder.mentions)
    for mention in finder.mentions:  # last resort for unknown names in a story about the focus region
        if not mention.candidates and mention.role == "location":
            mention.candidates = [
                c for c in gazetteer.similar(mention.text) if focus.get(c.country_code or "", 0) >= 0.2
            ]
    links = _hierarchies(finder, focus)
    if links:  # the admin areas given with places say which country the text is about
        countries = Counter(next(c for c in chain if c is not None).country_code for _, chain in links)
        for iso, n in countries.items():
            if iso:
                focus[iso] = max(focus.get(iso, 0.0), n / sum(countries.values()))
        for mention, chain in links:
            mention.areas = [c for c in chain if c is not None]
            admin_focus.update(
                (c.country_code, c.admin1)
                for c in mention.areas
                if c.kind != "country" and c.country_code and c.admin1
            )
            _confine(mention, mention.areas, gazetteer)
    mentions = sorted(finder.mentions, key=lambda m: m.start)
    if not mentions:
        return []
    if links or max(focus.values(), default=0.0) >= 0.6:
        # a story about one country: another country's town known only by a variant or a
        # similar spelling (Chora for Chóra in Greece, Shakhta for Shakhty) is a misreading; in a
        # note that gives admin areas, so is any small town outside the countries of its areas
        # and the countries it names (Korogo near Berunda, Ituri is not Korhogo), and so is a
        # village known only from coded events elsewhere (al-Arqoub of Aleppo is not Yemen's)
        named = {
            c.country_code
            for m in mentions
            for c in m.candidates[:1]
            if c.kind == "country" and c.quality <= ALIAS
        } | {next(c for c in chain if c is not None).country_code for _, chain in links}
        for mention in mentions:
            if mention.role == "location" and not mention.areas:
                mention.candidates = [
                    c
                    for c in mention.candidates
                    if c.curated
                    or (c.country_code in named if links else focus.get(c.country_code or "", 0.0) >= 0.2)
                    or (c.quality <= ALIAS and not links and not c.coded)
                    or (c.quality <= ALIAS and (c.kind in BIG_KINDS or c.population >= 1_000_000))
                ]
        confined = {name_key(m.text): m.candidates for m, _ in links if m.areas}
        for mention in mentions:  # one sense per discourse: "near Pisky, Donetsk ... near Pisky"
            if not mention.areas and mention.role == "location" and name_key(mention.text) in confined:
                mention.candidates = confined[name_key(mention.text)]
        _confine_to_sentence_areas(text, mentions, links)
    finder.context(mentions)
    dateline_country = _dateline_country(mentions)
    for mention in mentions:
        mention.prior = [
            _prior(mention, c) + _context(c, focus, admin_focus, dateline_country) for c in mention.candidates
        ]
        _choose(mention, mention.prior)
    for _ in range(2):  # spatial coherence: places of one story lie near one another
        anchors: dict[str, set[tuple[float, float]]] = defaultdict(set)
        for m in mentions:
            if (
                m.chosen is not None
                and m.chosen.kind not in ("country", "continent", "sea")
                and m.role != "embedded"
            ):
                anchors[m.text].add((m.chosen.latitude, m.chosen.longitude))
        for mention in mentions:
            if len(mention.candidates) < 2:
                continue
            others = [point for text, points in anchors.items() if text != mention.text for point in points]
            _choose(
                mention,
                [s + _proximity(c, others) for s, c in zip(mention.prior, mention.candidates, strict=True)],
            )
    _drop_far_namesakes_of_sites(text, mentions)
    _place_areas_at_seats(mentions, gazetteer)
    _place_lines(mentions)
    return [_to_place_mention(m, text) for m in mentions]


def _drop_far_namesakes_of_sites(text: str, mentions: Sequence[_Mention]) -> None:
    """ "the Khalil Motran square", "near Kalpi Bridge", "Parque Santa Rita neighborhood": a name
    before a word for a site names the site, after a person or a nearby place. A town or district
    of that name far from every other place of the text, and outside its provinces (Hebron, for a
    square in Baalbek), is a misreading, left unresolved; a province, a country or a city of
    100,000 keeps its reading (Colorado State University)."""
    others = [
        m.chosen
        for m in mentions
        if m.chosen is not None
        and m.chosen.kind not in ("country", "continent", "sea")
        and m.role == "location"
    ]
    for mention in mentions:
        chosen = mention.chosen
        if (
            chosen is None
            or mention.role != "location"
            or chosen.curated
            or chosen.kind in BIG_KINDS
            or (chosen.kind != "admin2" and chosen.population >= 100_000)
            or not SITE_AFTER.match(text, mention.end)
        ):
            continue
        rest = [other for other in others if other is not chosen]
        if rest and not any(
            _km(chosen, other) <= LOCALITY_KM or (other.kind in ADMIN_KINDS and _contains(other, chosen))
            for other in rest
        ):
            mention.chosen, mention.point, mention.candidates = None, None, []


def _place_areas_at_seats(mentions: Sequence[_Mention], gazetteer: Gazetteer) -> None:
    """A district at its namesake capital, a province named as one ("in Wardak province") at its
    seat: ACLED codes areas at their capitals, and events cluster there more than at the middle
    of the territory. A bare province name keeps its middle (the toponym's usual point), and
    carries its seat, as a country its capital, for an event known only at that level."""
    for mention in mentions:
        chosen = mention.chosen
        if chosen is not None and chosen.kind == "admin2":
            mention.chosen = _at_seat(chosen, gazetteer)
            mention.point = (mention.chosen.latitude, mention.chosen.longitude)
        elif chosen is not None and chosen.kind == "admin1":
            seat = gazetteer.seat(chosen.country_code or "", chosen.admin1 or "")
            if seat is not None:
                mention.seat = (seat.latitude, seat.longitude)
                if mention.hint == "admin":
                    mention.point = mention.seat
        elif chosen is not None and chosen.kind == "country":
            capital = gazetteer.capital(chosen.country_code or "")
            if capital is not None:
                mention.seat = (capital.latitude, capital.longitude)


# recognition ---------------------------------------------------------------------------------


class _Finder:
    """Collects mentions: strong ones first (place entities, ruler, demonyms, abbreviations,
    datelines), then weak ones (names spaCy labelled otherwise) once the focus is known."""

    def __init__(self, text: str, sdoc: Doc, gazetteer: Gazetteer, resources: _Resources) -> None:
        self.text, self.sdoc, self.gazetteer, self.resources = text, sdoc, gazetteer, resources
        self.mentions: list[_Mention] = []
        self.taken = bytearray(len(text))
        # sentence boundaries from the SENT_START array: cheaper than walking doc.sents
        starts = [0]
        if len(sdoc) and sdoc.has_annotation("SENT_START"):
            flags = sdoc.to_array(SENT_START).tolist()
            starts += [sdoc[i].idx for i in range(1, len(flags)) if flags[i] == 1]
        self.sentence_starts = starts
        self.sentence_ends = [*starts[1:], len(text)]
        self.ends: set[int] = set()  # end offsets of accepted mentions, for "X and Y" coordination
        self.place_keys: set[str] = set()  # names already read as places: one sense per discourse

    def add(self, mention: _Mention) -> bool:
        if any(self.taken[mention.start : mention.end]) or mention.text.lower() in NAME_START_WORDS:
            return False
        self.taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        self.mentions.append(mention)
        if mention.role != "demonym":
            self.ends.add(mention.end)
        if mention.candidates and mention.role != "demonym":
            self.place_keys.add(name_key(mention.text))
        return True

    def replace(self, start: int, end: int, candidates: Sequence[Candidate] | None) -> _Mention | None:
        """A mention of text[start:end] in place of the mentions overlapping it; with candidates
        None, an existing location mention of just that span is kept, and a demonym is left alone."""
        overlapping = [m for m in self.mentions if m.start < end and start < m.end]
        if candidates is None:
            same = [m for m in overlapping if m.start == start and m.end == end and m.role == "location"]
            if same:
                return same[0]
            if any(m.role == "demonym" for m in overlapping):
                return None
        for mention in overlapping:
            self.mentions.remove(mention)
        surface = self.text[start:end]
        mention = _Mention(start, end, surface, self.sentence_at(start))
        mention.candidates = list(candidates) if candidates is not None else self.candidates(surface)
        self.mentions.append(mention)
        self.taken[start:end] = b"\x01" * (end - start)
        self.ends.add(end)
        return mention

    def sentence(self, token_or_span: Any) -> tuple[int, int]:
        return self.sentence_at(
            token_or_span.idx if hasattr(token_or_span, "idx") else token_or_span.start_char
        )

    def sentence_at(self, char: int) -> tuple[int, int]:
        i = bisect_right(self.sentence_starts, char) - 1
        return self.sentence_starts[i], self.sentence_ends[i]

    def candidates(self, surface: str, ruler_id: str = "") -> list[Candidate]:
        return _candidates(surface, self.gazetteer, self.resources, ruler_id)

    def strong(self) -> None:
        text, resources = self.text, self.resources
        for match in ABBREVIATIONS.finditer(text):
            found = self.candidates(match.group())
            self.add(
                _Mention(
                    match.start(),
                    match.end(),
                    match.group(),
                    self.sentence_at(match.start()),
                    candidates=found,
                )
            )
        for match in STATE_ABBREVIATION.finditer(text):
            region = resources.state_abbreviations.get(match.group(1))
            if region is not None:
                start = match.start(1)
                self.add(
                    _Mention(
                        start, match.end(1), match.group(1), self.sentence_at(start), candidates=[region]
                    )
                )
        for match in [*DATELINE.finditer(text), *WIRE_DATELINE.finditer(text)]:
            surface = match.group(1).strip()
            found = self.candidates(surface)
            if found:
                start = match.start(1)
                mention = _Mention(
                    start, start + len(surface), surface, self.sentence_at(start), hint="dateline"
                )
                mention.candidates = found
                self.add(mention)
        for ent in self.sdoc.ents:
            surface, start, end = _trim(ent, text)
            ruler_id = ent.ent_id_ or ""
            if not surface or not (ruler_id or ent.label_ in PLACE_LABELS):
                continue
            hyphened = HYPHENED_REST.match(text, end)
            if hyphened and not ruler_id and self.candidates(text[start : hyphened.end()]):
                end = hyphened.end()  # "Ivano-Frankivsk" tagged as "Ivano" (but Belgrade-Stari Grad)
                surface = text[start:end]
            region = resources.demonyms.get(surface)
            if region is not None:  # "Middle Eastern" tagged as a place
                self.add(
                    _Mention(start, end, surface, self.sentence(ent), role="demonym", candidates=[region])
                )
                continue
            if CURRENCY_AFTER.match(text, end):
                continue  # "the US dollar"
            mention = _Mention(start, end, surface, self.sentence(ent), ruler_id=ruler_id)
            mention.candidates = self.candidates(surface, ruler_id)
            if surface.lower() in NEIGHBOURHOOD_WORDS or (
                _generic(surface) and not any(c.quality == PRIMARY for c in mention.candidates)
            ):
                continue  # "Colonia" (neighbourhood) is Cologne only in Latin
            # "Greece Italy", "Ruler of Dubai": an unknown entity that holds known places
            if not mention.candidates and len(ent) > 1 and self._embedded(ent, "location", 1_000):
                continue
            if ent.label_ == "GPE" and _is_metonym(ent):
                mention.role = "metonym"
            self.add(mention)
        for ent in self.sdoc.ents:
            if ent.label_ == "NORP":
                surface, start, end = _trim(ent, text)
                target = resources.demonyms.get(surface)
                if target is not None:
                    self.add(
                        _Mention(start, end, surface, self.sentence(ent), role="demonym", candidates=[target])
                    )
        orths = self.sdoc.to_array(ORTH).tolist()  # token hashes: no Token objects for the whole text
        for i, orth in enumerate(orths):
            demonym = resources.demonym_ids.get(orth)
            if demonym is None:
                continue
            token = self.sdoc[i]
            start = token.idx
            if i > 0 and orths[i - 1] in resources.prefix_ids:  # "North American" is not American
                demonym = f"{self.sdoc[i - 1].text} {demonym}"
                start = self.sdoc[i - 1].idx
                if demonym not in resources.demonyms:
                    continue
            target = resources.demonyms[demonym]
            mention = _Mention(start, token.idx + len(token), demonym, self.sentence(token), role="demonym")
            mention.candidates = [target]
            self.add(mention)

    def weak(self, focus: dict[str, float]) -> list[_Mention]:
        """Names spaCy labelled as people or organisations, or missed, that the gazetteer and the
        context show to be places; and places inside organisation names (role 'embedded')."""
        text = self.text
        known = len(self.mentions)
        for ent in (part for whole in self.sdoc.ents for part in _comma_parts(whole)):
            if ent.label_ in PLACE_LABELS or ent.ent_id_ or not (ent.label_ in WEAK_LABELS or _no_date(ent)):
                continue
            if ent.label_ in EMBEDDING_LABELS and self._located_inside(ent, focus):
                continue
            surface, start, end = _trim(ent, text)
            if not surface or any(self.taken[start:end]):
                continue
            if _generic(surface):
                continue
            found = self.candidates(surface)
            if _acronym(surface) and not any(c.kind in BIG_KINDS and c.quality <= ALIAS for c in found):
                continue
            strict = ent.label_ in ("PERSON", "NORP")
            cue = self._cue(start, strong_only=strict, end=end)
            focus_cue = bool(self._cue(start, end=end)) if strict else False
            # a surname once misread as a place must not spread: people are never seen_as_place
            seen_as_place = bool(found) and name_key(surface) in self.place_keys and ent.label_ != "PERSON"
            if (
                seen_as_place
                or _plausible(found, focus, cue, strict, len(ent), focus_cue)
                or (cue == "noun" and not found and not strict)
            ):
                self.add(_Mention(start, end, surface, self.sentence(ent), candidates=found))
            elif ent.label_ in EMBEDDING_LABELS and len(ent) > 1:
                self._embedded(ent)
        # runs of title-case proper nouns outside any entity, read from arrays: cheaper than tokens
        flags = self.sdoc.to_array([IS_TITLE, POS, ENT_IOB]).tolist()
        run: list[Any] = []
        for i, (title, pos, iob) in enumerate([*flags, (0, 0, 0)]):
            if title and pos == PROPN and iob == 2:  # iob 2: outside any entity
                run.append(self.sdoc[i])
                continue
            if run and not any(self.taken[run[0].idx : run[-1].idx + len(run[-1])]):
                start, end = run[0].idx, run[-1].idx + len(run[-1])
                cue = self._cue(start, end=end)
                if cue and not _generic(text[start:end]) and not _acronym(text[start:end]):
                    found = self.candidates(text[start:end])
                    if _plausible(found, focus, cue, False, len(run)) or (
                        cue == "noun" and not found and len(run) < 3
                    ):
                        self.add(
                            _Mention(start, end, text[start:end], self.sentence(run[0]), candidates=found)
                        )
            run = []
        return self.mentions[known:]

    def _located_inside(self, ent: SpacySpan, focus: dict[str, float]) -> bool:
        """'the Cabinet of Ministers in Kyiv', 'the Spanish Consulate in Tangier (Tangier': the
        proper nouns after an entity's last 'in', 'at' or 'near' are where it is, not part of its
        name; whether they were taken as a location."""
        tokens = list(ent)
        at = next(
            (i for i in range(len(tokens) - 2, 0, -1) if tokens[i].lower_ in ("in", "at", "near")), None
        )
        if at is None:
            return False
        tail = list(itertools.takewhile(lambda t: not t.is_punct, tokens[at + 1 :]))
        if not tail or not all(t.is_title for t in tail):
            return False
        start, end = tail[0].idx, tail[-1].idx + len(tail[-1])
        found = self.candidates(self.text[start:end])
        if any(self.taken[start:end]) or not _plausible(found, focus, "prep", False, len(tail)):
            return False
        return self.add(_Mention(start, end, self.text[start:end], self.sentence(ent), candidates=found))

    def _embedded(self, ent: SpacySpan, role: str = "embedded", min_population: int = 200_000) -> bool:
        """Add the places named inside an entity (longest names first); whether any was found."""
        tokens = list(ent)
        added = False
        for size in (3, 2, 1):
            for i in range(len(tokens) - size + 1):
                part = tokens[i : i + size]
                if (
                    not all(t.is_title or t.is_upper for t in part)
                    or part[0].is_stop
                    or part[0].lower_ in NAME_CONNECTORS  # "Los" of "Los Pijiguaos" is no town
                ):
                    continue
                start, end = part[0].idx, part[-1].idx + len(part[-1])
                if any(self.taken[start:end]) or _generic(self.text[start:end]):
                    continue
                found = [c for c in self.candidates(self.text[start:end]) if c.quality <= ALIAS]
                if not found or (_acronym(self.text[start:end]) and found[0].kind not in BIG_KINDS):
                    continue
                if (
                    found[0].kind in BIG_KINDS
                    or found[0].population >= min_population
                    or name_key(self.text[start:end]) in self.place_keys
                ):
                    mention = _Mention(start, end, self.text[start:end], self.sentence(ent), role=role)
                    mention.candidates = found
                    added = self.add(mention) or added
        return added

    def _cue(self, start: int, strong_only: bool = False, end: int | None = None) -> str:
        """'noun' after 'the town(s) of', before 'city' or 'district' or ', <province>' (with
        `end`), or in 'X and Y' after a place; 'prep' after in, at, near...;
        '' without a locative cue. Names of people need the strong cues (in, at, near, towns of):
        'to Kelly' or 'of Kelly' says nothing about Kelly being a place."""
        before = self.text[max(0, start - 40) : start]
        if PLACE_NOUN_BEFORE.search(before) or (
            end is not None and (PLACE_NOUN_AFTER.match(self.text, end) or self._province_after(end))
        ):
            return "noun"
        coordination = COORDINATION_BEFORE.search(before)
        if coordination and (start - len(coordination.group())) in self.ends:
            return "noun"
        if (STRONG_LOCATIVE_BEFORE if strong_only else LOCATIVE_BEFORE).search(before):
            return "prep"
        return ""

    def _province_after(self, end: int) -> bool:
        """Whether a province follows after a comma ("Caripe, Monagas state")."""
        comma = COMMA_ADMIN.match(self.text, end)
        return comma is not None and any(
            c.kind in ("admin1", "admin2")
            for c in _admin_options(comma.group(2), self.gazetteer, fuzzy=False)
        )

    def context(self, mentions: Sequence[_Mention]) -> None:
        """Hints from the words around each mention: province, city, near/east of."""
        text = self.text
        for mention in mentions:
            before = text[max(0, mention.start - 60) : mention.start]
            after = text[mention.end : mention.end + 25]
            if (
                PROVINCE_AFTER.match(after)
                or PROVINCE_BEFORE.search(before)
                or PROVINCES_AFTER.match(text, mention.end)
            ):
                mention.hint = "admin"
            elif CITY_BEFORE.search(before) or CITY_AFTER.match(after):
                mention.hint = "city"
            mention.relative = bool(RELATIVE_BEFORE.search(before)) or bool(RELATIVE_AFTER.match(after))


CALENDAR_WORDS = frozenset(
    [
        *(
            w.lower()
            for w in [*calendar.month_name, *calendar.month_abbr, *calendar.day_name, *calendar.day_abbr]
            if w
        ),
        *(
            "ramadan",
            "eid",
            "ashura",
            "nowruz",
            "christmas",
            "easter",
            "passover",
            "diwali",
            "today",
            "yesterday",
        ),
    ]
)


def _no_date(ent: SpacySpan) -> bool:
    """A lone proper noun tagged as a date that names no month or day ("blocked the main road in
    Taalabaya"): an unknown name, maybe a place."""
    return (
        ent.label_ == "DATE"
        and len(ent) == 1
        and ent[0].is_title
        and ent[0].lower_ not in CALENDAR_WORDS
        and not any(ch.isdigit() for ch in ent.text)
    )


def _acronym(surface: str) -> bool:
    """BA, MoD, UN: short capitalised abbreviations are organisations far more often than towns."""
    letters = surface.replace(".", "")
    return len(letters) <= 4 and sum(ch.isupper() for ch in letters) >= 2


def _generic(surface: str) -> bool:
    """Single common words that are also place names somewhere (South, Valley, Congress)."""
    return surface.lower() in GENERIC_WORDS


def _plausible(
    found: Sequence[Candidate],
    focus: dict[str, float],
    cue: str,
    strict: bool,
    size: int,
    focus_cue: bool = False,
) -> bool:
    """Whether a name spaCy did not call a place is one: an exact gazetteer name that is a
    country or region, a big city, or a town of the story's countries after a locative cue."""
    exact = [c for c in found if c.quality <= ALIAS]
    if not exact:
        return False
    best = max(exact, key=lambda c: c.population + (10**9 if c.kind in BIG_KINDS else 0))
    in_focus = focus.get(best.country_code or "", 0.0) >= 0.2 or any(
        focus.get(c.country_code or "", 0.0) >= 0.2 for c in exact
    )
    if best.kind in BIG_KINDS or best.curated:
        return not strict or bool(cue) or (size > 1 and best.quality == PRIMARY)
    if cue:  # in a text that names no other place, the village after "near" is the place
        if not focus and any(c.events for c in exact):  # coders placed events there before
            return True
        return in_focus or best.population >= (10_000 if focus else 1_000)
    if focus_cue and in_focus and best.quality == PRIMARY:  # "shells fired on Khan Arnabeh"
        return True
    return not strict and (best.population >= 100_000 or (in_focus and best.population >= 1_000))


def _comma_parts(ent: SpacySpan) -> list[SpacySpan]:
    """A short entity that runs over one comma as the entities on either side ("Baalbek,
    Military" tagged as one organisation)."""
    commas = [token.i for token in ent if token.text == ","]
    if len(commas) != 1 or len(ent) > 6:  # long runs are names or titles, not two names
        return [ent]
    return [
        SpacySpan(ent.doc, a, b, label=ent.label_)
        for a, b in ((ent.start, commas[0]), (commas[0] + 1, ent.end))
        if a < b
    ]


def _trim(ent: SpacySpan, text: str) -> tuple[str, int, int]:
    """The entity without a leading 'the' and a trailing possessive."""
    doc, first, last = ent.doc, ent.start, ent.end - 1
    while first <= last and doc[first].lower_ in ("the", "'s"):
        first += 1
    while first <= last and doc[last].lower_ in ("'s", "’s", "'", "-", ","):
        last -= 1
    if first > last:
        return "", 0, 0
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    return text[start:end], start, end


def _candidates(surface: str, gazetteer: Gazetteer, resources: _Resources, ruler_id: str) -> list[Candidate]:
    if ruler_id.startswith("feature:") and ruler_id in resources.features:
        return [resources.features[ruler_id]]
    found = gazetteer.candidates(surface)
    if ARABIC_ARTICLE.match(surface):  # al-Baath is not Bath: an article-prefixed name is Arabic
        found = [c for c in found if c.country_code in ARABIC_NAME_COUNTRIES or c.curated]
    if not found:
        words = surface.split()
        # "Homs province", "Rukban camp", "Oaxaca State" when only the bare name is known
        if len(words) > 1 and words[-1].lower() in NAME_SUFFIXES:
            found = gazetteer.candidates(" ".join(words[:-1]))
        elif (
            len(words) > 1
            and words[0].lower() in ("republic", "state", "kingdom")
            or surface.lower().startswith("republic of ")
        ):
            found = gazetteer.candidates(surface.split(" of ", 1)[-1])
    return found


def _is_metonym(ent: SpacySpan) -> bool:
    """'Damascus said', 'Washington warned': the place's government acting or speaking."""
    root = ent.root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in METONYM_VERBS


def _dateline_country(mentions: Sequence[_Mention]) -> str | None:
    for mention in mentions:
        if mention.hint == "dateline" and mention.candidates:
            best = max(mention.candidates, key=lambda c: _prior(mention, c))
            return best.country_code
    return None


# admin hierarchy: "Tchanichani (Beni, Nord-Kivu)", "in Irapuato, Guanajuato" ---------------

ADMIN_KINDS = ("admin2", "admin1", "country")
# Words between a place and its parenthesised admin areas: "Halani town (Naushahro Feroze, Sindh)".
HEAD_KIND_WORDS = re.compile(
    r"(?:\s+(?:town|city|village|villages|locality|district|districts|area|areas|zone|LGA|county|commune|"
    r"municipality|department|province|territory|sector|prefecture|region|sub-district|subdistrict|"
    r"neighbou?rhood|suburb|quarter|settlement|ward|camp|market|mine|chiefdom|groupement|township|colony))+$",
    re.IGNORECASE,
)
ADMIN_HEAD_WORDS = re.compile(
    r"\b(?:district|districts|LGA|county|municipality|department|province|territory|prefecture|region)$",
    re.IGNORECASE,
)
NAME_CONNECTORS = frozenset(
    {"de", "del", "do", "da", "dos", "das", "la", "las", "los", "el", "al", "du", "des", "di", "y", "e", "of"}
)
# "Grande Vitoria neighborhood", "Camargo community": a part of a town, never a city elsewhere
LOCALITY_WORDS = r"neighbou?rhoods?|sector|community|colony|quarter|suburb|village"
LOCALITY_AFTER = re.compile(rf" (?:{LOCALITY_WORDS})\b", re.I)
# "Khalil Motran square", "Kalpi Bridge": the name before such a word names a site
SITE_AFTER = re.compile(
    r"(?: [A-Z][\w'’\-]*){0,3} (?:square|street|st\.|road|avenue|roundabout|bridge|highway|market|hospital"
    rf"|prison|school|university|mosque|church|stadium|junction|building|palace|park|{LOCALITY_WORDS})\b",
    re.I,
)
# "Babruysk of the Mogilev region": the region the place before it lies in
OF_THE_REGION = re.compile(
    r" of the ([A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)*) (?:region|province|oblast|county|governorate|state|district)\b"
)
PARENTHESIS = re.compile(r"\(([^()\n]{2,120})\)")
COMMA_AFTER_KIND = re.compile(
    r"(?<=[a-z]) (?:district|LGA|county|municipality|department|province|territory|prefecture), [A-Z]"
)
ADMIN_PART = re.compile(r"^[A-Z][\w'’.&\- ]*$")
# ", Guanajuato" or ", Antioquia department" after a place, then the end of the clause: the
# place's state or province.
COMMA_ADMIN = re.compile(
    r"((?:\s+(?:district|city|town|village|area|municipality|province|LGA|county))?), ((?:[A-Z][\w'’\-]*)(?:[ \-](?:[A-Z][\w'’\-]*|de|del|do|da|du))*)"
    r"(?:\s+(?:department|state|province|region|governorate|oblast|county))?"  # "Bello, Antioquia department"
    r"(?=\s*(?:[.;:)]|$|,\s+(?![A-Z][\w'’\-]* (?:and|or) )|\s+(?:on|in|at|during|after|when|while|where|as|"
    r"and|with|for|to|from|against|between|by|since|following)\b(?!\s+[A-Z])))"
)


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


QUALIFIERS = frozenset(
    {"north", "south", "east", "west", "central", "upper", "lower", "new", "old", "nord", "sud"}
)


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
        and (a[:1] == b[:1] or (a[:1] in "aeiou" and b[:1] in "aeiou"))  # not Tor Kotal for Utrik Atoll
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


DIRECTION_WORDS = {
    "nord": "North",
    "sud": "South",
    "est": "East",
    "ouest": "West",
    "norte": "North",
    "sur": "South",
}


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


_KIND_ORDER = {"admin2": 0, "admin1": 1, "country": 2}
_WIDE_RANK = {"admin1": 2, "country": 1}


def _admin_chain(
    parts: Sequence[str], gazetteer: Gazetteer, focus: dict[str, float], head: Sequence[Candidate] = ()
) -> list[Candidate | None] | None:
    """The admin areas of 'Beni, Nord-Kivu' (most specific first), chosen to nest in one another;
    None when the last part names no admin area."""
    options = [_admin_options(p, gazetteer, fuzzy=len(parts) > 1) for p in parts]
    country = _focus_country(focus, gazetteer) if len(parts) > 1 and not all(options) else None
    if country is not None:  # a province of the story's country, misspelt
        options = [
            opts or _admin_options(p, gazetteer, country) for p, opts in zip(parts, options, strict=True)
        ]
    anchors = [c for opts in options for c in opts]
    if not anchors:
        return None
    best: tuple[tuple[float, ...], list[Candidate | None]] | None = None
    for anchor in anchors:
        chain: list[Candidate | None] = []
        for i, opts in enumerate(options):
            fitting = [c for c in opts if _nested(c, anchor)]
            last = i == len(options) - 1
            # the last part is the widest: a province or a country before a district, even where
            # the district bears the bare name ("(Katsina)": Katsina State, not Katsina LGA)
            chain.append(
                min(
                    fitting,
                    key=lambda c: (
                        (c.quality > ALIAS, abs(_KIND_ORDER[c.kind] - 1.5), c.quality)
                        if last
                        else (c.quality, _KIND_ORDER[c.kind], 0)
                    ),
                )
                if fitting
                else None
            )
        widest = next((c for c in reversed(chain) if c is not None), anchor)
        picked = {c.id for c in chain if c is not None}
        score = (
            sum(c is not None for c in chain),
            chain[-1] is not None,  # the widest area named last: (Kaya, Sanmatenga)
            any(_contains(widest, c) for c in head if c.id not in picked),  # Bamenda: Cameroon's Nord-Ouest
            _WIDE_RANK.get(widest.kind, 0),  # (San Pedro): the province more than a district
            focus.get(anchor.country_code or "", 0.0),
            -anchor.quality,
            anchor.population,
        )
        if best is None or score > best[0]:
            best = (score, chain)
    assert best is not None
    chain = best[1]
    if len(chain) > 1:  # a district spelled unlike its gazetteer name, inside the known province
        for i, pick in enumerate(chain[:-1]):
            wider = next((c for c in chain[i + 1 :] if c is not None), None)
            if pick is None and wider is not None and wider.kind in ("admin1", "country"):
                found = _admin_options(parts[i], gazetteer, wider)
                chain[i] = next((c for c in found if _nested(c, wider)), None)
                if chain[i] is None and wider.kind == "admin1":  # a district known by its town only
                    towns = [
                        c
                        for c in gazetteer.candidates(parts[i])
                        if c.quality <= ALTERNATE and c.feature_class == "P" and _contains(wider, c)
                    ]
                    if towns:
                        chain[i] = replace(towns[0], kind="admin2")
    if all(c is None for c in chain):
        return None
    return chain


HEAD_STOP = frozenset(
    {
        "on",
        "in",
        "at",
        "near",
        "the",
        "a",
        "an",
        "and",
        "around",
        "during",
        "as",
        "between",
        "from",
        "of",
        "to",
        "by",
    }
)


def _head(text: str, paren: int) -> tuple[int, int, bool] | None:
    """The place name right before a parenthesis ('Halani town (' -> Halani), and whether a word
    like 'district' or 'LGA' says it is an admin area itself."""
    lo = max(0, paren - 100)
    before = text[lo:paren].rstrip()
    admin = False
    kind = HEAD_KIND_WORDS.search(before)
    if kind:
        admin = bool(ADMIN_HEAD_WORDS.search(kind.group()))
        before = before[: kind.start()]
    words = list(re.finditer(r"[^\s]+", before))
    taken: list[re.Match[str]] = []
    for word in reversed(words):
        token = word.group()
        if token[-1] in ",;:!?" or (token[-1] == "." and len(token) > 3):
            break
        capitalised = token[0].isupper() and token.lower() not in HEAD_STOP
        if not (capitalised or (token in NAME_CONNECTORS and taken)):
            break
        taken.append(word)
    while taken and taken[-1].group() in NAME_CONNECTORS:
        taken.pop()
    of = next((i for i, word in enumerate(taken) if word.group() == "of"), None)
    if of:  # "Pradhan More of Siliguri town (...)": the place of the named spot is the head
        taken = taken[:of]
    if not taken:
        return None
    start, end = lo + taken[-1].start(), lo + taken[0].end()
    surface = text[start:end]
    if _generic(surface) or _acronym(surface) or len(surface) < 3:
        return None
    return start, end, admin


def _hierarchies(finder: _Finder, focus: dict[str, float]) -> list[tuple[_Mention, list[Candidate | None]]]:
    """Places given with their admin areas, 'Tchanichani (Beni, Nord-Kivu)' or 'in Irapuato,
    Guanajuato': the areas become mentions of those regions, and each place is confined to them."""
    text, gazetteer = finder.text, finder.gazetteer
    links: list[tuple[_Mention, list[Candidate | None]]] = []
    parts_at: set[int] = set()
    for match in PARENTHESIS.finditer(text):
        parts = [p.strip() for p in match.group(1).split(",")]
        if (
            len(parts) > 4
            or not all(ADMIN_PART.match(p) for p in parts)
            or all(_acronym(p) and p not in admin_abbreviations() for p in parts)
        ):
            continue  # (AP), (ISWAP): no admin areas; (SW, KPK): South Waziristan, Khyber Pakhtunkhwa
        head = _head(text, match.start())
        known = (
            [c for c in finder.candidates(text[head[0] : head[1]]) if c.quality <= ALTERNATE] if head else []
        )
        chain = _admin_chain(parts, gazetteer, focus, known)
        if chain is None:
            continue
        if (
            len(parts) == 1
            and _acronym(parts[0])
            and not any(_contains(c, k) for c in chain if c for k in known)
        ):
            continue  # "Kaushambi (UP)" is Uttar Pradesh, "RALEIGH, N.C. (AP)" the news agency
        widest = next(c for c in reversed(chain) if c is not None)
        if not any(_contains(widest, c) for c in known) and any(
            c.quality <= ALIAS and (c.population >= 50_000 or c.kind in BIG_KINDS) for c in known
        ):
            continue  # Bamenda (Mezam, Nord-Ouest): a known town elsewhere than the areas we read
        offset = match.start(1)
        for part, pick in zip(parts, chain, strict=True):
            start = text.index(part, offset)
            offset = start + len(part)
            if pick is not None:
                finder.replace(start, offset, [pick])
                parts_at.add(start)
        if head is not None:
            mention = finder.replace(head[0], head[1], None)
            if mention is not None:
                if head[2]:
                    mention.hint = "admin"
                links.append((mention, chain))
    for kind_comma in COMMA_AFTER_KIND.finditer(text):  # "in Nad Ali district, Helmand": spaCy missed it
        head = _head(text, kind_comma.end() - 3)
        if head is not None and head[2] and not any(finder.taken[head[0] : head[1]]):
            finder.replace(head[0], head[1], None)
    _comma_heads(finder)
    linked = {id(m) for m, _ in links}
    for mention in sorted(finder.mentions, key=lambda m: m.start):
        if mention.role not in ("location", "embedded") or id(mention) in linked or mention.start in parts_at:
            continue
        comma = COMMA_ADMIN.match(text, mention.end)
        if comma is None:
            continue
        kind_word = bool(comma.group(1)) or bool(HEAD_KIND_WORDS.search(" " + mention.text))
        options = _admin_options(comma.group(2), gazetteer, fuzzy=kind_word)
        country = _focus_country(focus, gazetteer) if kind_word and not options else None
        if country is not None:  # a province of the story's country, misspelt
            options = _admin_options(comma.group(2), gazetteer, country)
        if not options:
            continue
        head = _head(text, comma.end(1))
        if head is not None and head[0] <= mention.start and head[1] >= mention.end:
            mention = finder.replace(head[0], head[1], None) or mention  # "Ab Band" for "Band"
        exact = [c for c in mention.candidates if c.quality <= ALTERNATE]
        pick = max(
            options,
            key=lambda a: (
                any(_contains(a, c) for c in exact),
                a.kind == "admin1",
                focus.get(a.country_code or "", 0.0),
                a.population,
            ),
        )
        inside = any(_contains(pick, c) for c in exact)
        big = any(c.kind in BIG_KINDS or c.population >= 100_000 for c in exact if c.quality <= ALIAS)
        city = any(  # "in Kabul, Kandahar": two cities, the second also a province
            c.population >= 100_000 and c.quality <= ALIAS
            for c in gazetteer.candidates(comma.group(2))
            if c.kind not in ADMIN_KINDS
        )
        famous = any(  # "Brasilia, Distrito Federal" is not in Venezuela's Distrito Federal
            c.quality <= ALIAS and (c.kind in BIG_KINDS or c.kind == "capital" or c.population >= 1_000_000)
            for c in exact
        )
        named_area = bool(ADMIN_HEAD_WORDS.search(comma.group(1)))  # "Ahmadabad district, Paktia"
        if not inside and (pick.kind == "country" or (famous and not named_area) or (big and city)):
            continue
        finder.replace(comma.start(2), comma.end(2), [pick])
        mention.role = "location"  # "Santa Fe, Ocotepeque" read as an organisation's name
        if named_area:
            mention.hint = "admin"
        links.append((mention, [pick]))
    return links


def _confine_to_sentence_areas(
    text: str, mentions: Sequence[_Mention], links: Sequence[tuple[_Mention, list[Candidate | None]]]
) -> None:
    """ "in Acapulco, Guerrero, a man was found dead in Colonia Libertad": a place named beside
    one given with its admin areas lies in those provinces; a small namesake elsewhere is a
    misreading (of a neighbourhood the gazetteer lacks), so it stays unresolved. A neighbourhood
    ("Braunas neighborhood") lies near the town given with the areas."""
    provinces: dict[tuple[int, int], set[tuple[str | None, str]]] = defaultdict(set)
    towns: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for mention, _ in links:
        towns[mention.sentence] += mention.candidates
        for area in mention.areas:
            if area.kind != "country" and area.admin1:
                provinces[mention.sentence].add((area.country_code, area.admin1))
    for mention in mentions:
        near = provinces.get(mention.sentence)
        if not near or mention.areas or mention.role != "location":
            continue
        inside = [c for c in mention.candidates if (c.country_code, c.admin1) in near]
        # "Braunas neighborhood" of Belo Horizonte, "Colonia Del Valle" of Fresnillo
        if LOCALITY_AFTER.match(text, mention.end) or mention.text.split()[0].lower() in NEIGHBOURHOOD_WORDS:
            mention.candidates = [
                c for c in inside if any(_km(c, town) <= LOCALITY_KM for town in towns[mention.sentence])
            ]
            continue
        if inside:
            mention.candidates = inside
            continue
        mention.candidates = [
            c for c in mention.candidates if c.curated or c.kind in BIG_KINDS or c.population >= 100_000
        ]


LOCALITY_KM = 30  # a neighbourhood or village named with a town lies this close to it
# How the places of coded events rank: one coded event counts as a town of about 30,000 people
# (log10), enough to beat a namesake village elsewhere, never a city.
CODED_PROMINENCE = 4.5


def _km(a: Candidate, b: Candidate) -> float:
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _comma_heads(finder: _Finder) -> None:
    """ "in Pachuca, Hidalgo", "near Opytne, Donetsk", "in Babruysk of the Mogilev region": a name
    spaCy read as a person, missed or cut short ("Foz" of "Foz do Iguacu") is a place when a
    locative cue precedes it and the area after it holds a town of that name."""
    text = finder.text
    areas_after = [(match.end(1), match.group(2), False) for match in COMMA_ADMIN.finditer(text)] + [
        (match.start(), match.group(1), True) for match in OF_THE_REGION.finditer(text)
    ]
    for end, area_name, of_the in areas_after:
        head = _head(text, end)
        if head is None or not finder._cue(head[0], strong_only=True):
            continue
        start, end = head[0], head[1]
        inner = [m for m in finder.mentions if m.start < end and start < m.end]
        if any(m.start < start or m.end > end or (m.start, m.end) == (start, end) for m in inner):
            continue  # already read, or part of a longer mention
        found = [c for c in finder.candidates(text[start:end]) if c.quality <= ALTERNATE]
        areas = _admin_options(area_name, finder.gazetteer, fuzzy=False)
        inside = [c for c in found if any(_contains(area, c) for area in areas)]
        if inside:
            # the comma's area is linked (and confines the place) with the other hierarchies
            finder.replace(start, end, inside if of_the else found)


def _confine(mention: _Mention, areas: Sequence[Candidate], gazetteer: Gazetteer) -> None:
    """Keep the readings of a place that lie in its admin areas (the narrowest that has any);
    without any, the place is its narrowest admin area, as ACLED codes unknown villages."""
    narrowest = areas[0]
    if mention.hint == "admin" and narrowest.kind in ("admin1", "country"):  # Panjwaye district, Kandahar
        found = [c for c in _admin_options(mention.text, gazetteer, narrowest) if _nested(c, narrowest)]
        mention.candidates = [*mention.candidates, *found]
    for area in areas:
        inside = [c for c in mention.candidates if _contains(area, c)]
        if area is not narrowest and narrowest.kind == "admin2":
            inside = [
                c for c in inside
                if _km(c, narrowest) <= 100
            ]  # fmt: skip
        if inside:
            mention.candidates = inside
            return
    if narrowest.kind not in ("admin1", "admin2"):
        mention.candidates = []
        return
    mention.candidates = [_at_seat(narrowest, gazetteer)]


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


# ranking -------------------------------------------------------------------------------------


def _prior(mention: _Mention, candidate: Candidate) -> float:
    """How likely a name means this place before looking at the rest of the text."""
    kind = candidate.kind
    score = math.log10(candidate.population + 1)
    if candidate.events:  # a place where coders placed conflict events is as prominent as a town
        score = max(score, CODED_PROMINENCE + math.log10(candidate.events))
    if kind in ("admin1", "admin2"):
        score -= 1.5  # a bare name is the town more often than its province
    if candidate.quality == ALIAS:
        score -= 0.3
    elif candidate.quality == ALTERNATE:
        score -= 1.0
    elif candidate.quality == SKELETON:
        score -= 2.0
    exact = candidate.quality <= ALIAS  # old or foreign names (Salisbury for Harare) earn no bonus
    if candidate.curated and kind in FEATURE_PRECISION:
        score += 9.0  # curated: these names mean these features in the news
    elif kind in ("country", "continent") and exact:
        score += 6.0
    elif kind == "capital" and exact:
        score += 2.5
    if kind in ("city", "capital") and candidate.population >= 1_000_000 and exact:
        score += 2.5  # world cities keep their reading in stories focused on another country
    if mention.ruler_id == candidate.key:
        score += 3.0
    if mention.hint == "admin":
        score += 4.0 if kind in ("admin1", "admin2") else 0.0
    elif mention.hint == "city" and kind in ("city", "capital"):
        score += 3.0
    return score


def _focus(mentions: Sequence[_Mention]) -> tuple[dict[str, float], set[tuple[str, str]]]:
    """Share of each country among the first-choice readings, and the admin1 areas named."""
    counts: Counter[str] = Counter()
    admins: set[tuple[str, str]] = set()
    for mention in mentions:
        if not mention.candidates:
            continue
        best = max(zip(mention.prior, mention.candidates, strict=True), key=lambda pair: pair[0])[1]
        if best.country_code:
            counts[best.country_code] += 2 if best.kind == "country" else 1
        if best.kind == "admin1" and best.country_code and best.admin1:
            admins.add((best.country_code, best.admin1))
    total = sum(counts.values()) or 1
    return {iso: n / total for iso, n in counts.items()}, admins


def _context(
    candidate: Candidate,
    focus: dict[str, float],
    admin_focus: set[tuple[str, str]],
    dateline_country: str | None,
) -> float:
    score = 0.0
    if candidate.country_code:
        score += 8.0 * focus.get(candidate.country_code, 0.0)
        if candidate.country_code == dateline_country:
            score += 1.0
        if (
            candidate.admin1
            and (candidate.country_code, candidate.admin1) in admin_focus
            and candidate.kind != "admin1"
        ):
            score += 1.5
    return score


def _proximity(candidate: Candidate, anchors: Sequence[tuple[float, float]]) -> float:
    if not anchors or candidate.kind in (
        "country",
        "continent",
        "admin1",
        "admin2",
    ):  # regions are near everything
        return 0.0
    # a flat-earth distance is exact enough at the 50-250 km scale and much cheaper
    lat, lon, scale = candidate.latitude, candidate.longitude, math.cos(math.radians(candidate.latitude))
    nearest = 111.2 * math.sqrt(
        min((a[0] - lat) ** 2 + (((a[1] - lon + 180) % 360 - 180) * scale) ** 2 for a in anchors)
    )
    if nearest <= 50:
        return 2.0
    if nearest <= 250:
        return 1.0
    return 0.0


def _choose(mention: _Mention, scores: Sequence[float]) -> None:
    if mention.candidates:
        best = max(range(len(scores)), key=scores.__getitem__)
        mention.chosen = mention.candidates[best]
        mention.point = (mention.chosen.latitude, mention.chosen.longitude)


# lines: roads, rivers, borders ---------------------------------------------------------------


def _place_lines(mentions: Sequence[_Mention]) -> None:
    """A road or border mention resolves to its point nearest the other places of its sentence,
    else of the document; without any, to the line's middle."""
    points = [
        (m, m.chosen)
        for m in mentions
        if m.chosen is not None
        and not m.chosen.line
        and m.chosen.kind not in ("country", "continent", "admin1")
    ]
    for mention in mentions:
        line = mention.chosen.line if mention.chosen is not None else ()
        if len(line) < 2:
            continue
        near = [(c.latitude, c.longitude) for m, c in points if m.sentence == mention.sentence]
        near = near or [(c.latitude, c.longitude) for _, c in points]
        if near:
            mention.point = min((_nearest_on_line(line, p) for p in near), key=lambda q: q[1])[0]


def _nearest_on_line(
    line: Sequence[tuple[float, float]], point: tuple[float, float]
) -> tuple[tuple[float, float], float]:
    """The point of a polyline nearest to `point` (local flat projection) and its distance."""
    scale = math.cos(math.radians(point[0]))
    best: tuple[tuple[float, float], float] | None = None
    for (lat1, lon1), (lat2, lon2) in zip(line, line[1:], strict=False):
        ax, ay, bx, by = lon1 * scale, lat1, lon2 * scale, lat2
        px, py = point[1] * scale, point[0]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
        lat, lon = ay + t * dy, (ax + t * dx) / scale
        distance = haversine_km(lat, lon, point[0], point[1])
        if best is None or distance < best[1]:
            best = ((lat, lon), distance)
    assert best is not None
    return best


# output --------------------------------------------------------------------------------------


def _precision(mention: _Mention, candidate: Candidate) -> int:
    kind = candidate.kind
    if kind in FEATURE_PRECISION:
        precision = FEATURE_PRECISION[kind]
    elif kind == "admin2" or (
        mention.hint == "admin" and kind not in BIG_KINDS and any(a.kind != "country" for a in mention.areas)
    ):
        return 2  # a district, or an area named inside a province ("Kankara LGA (Katsina)")
    elif kind in ("country", "continent", "admin1") or mention.hint == "admin":
        return 3  # "Homs province" is the province even where only the town is in the gazetteer
    elif candidate.feature_class in ("P", "S"):
        precision = 1
    else:
        return 3
    return max(precision, 2) if mention.relative else precision


def _to_place_mention(mention: _Mention, text: str) -> PlaceMention:
    span = Span(mention.start, mention.end, text[mention.start : mention.end])
    chosen = mention.chosen
    if chosen is None or mention.point is None:
        return PlaceMention(span=span, role=mention.role)
    return PlaceMention(
        span=span,
        name=chosen.name,
        geonameid=chosen.geonameid,
        latitude=round(mention.point[0], 5),
        longitude=round(mention.point[1], 5),
        country_code=chosen.country_code,
        admin1=chosen.admin1_name or chosen.admin1,
        admin2=chosen.admin2_name,
        feature_kind=chosen.kind,
        geo_precision=_precision(mention, chosen),
        role=mention.role,
        seat=mention.seat,
    )


__all__ = ["place_patterns", "resolve_places", "name_key"]
