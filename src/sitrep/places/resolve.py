"""Find the places a text names and resolve each to a point with an ACLED geo_precision.

Recognition: spaCy GPE/LOC/FAC entities, the entity ruler's curated features and Arabic
article names (place_patterns), demonyms, "U.S."-style abbreviations and datelines.
Resolution ranks the gazetteer's candidates by population, feature kind, the document's
focus countries and provinces, the dateline and distance to the other places of the text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from sitrep.model import Document, PlaceMention, Span
from sitrep.places.gazetteer import ALIAS, ALTERNATE, Candidate, Gazetteer, demonyms, haversine_km
from sitrep.places.normalize import ARTICLES, name_key

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Curated feature kinds and the ACLED geo_precision a mention of them gets.
FEATURE_PRECISION = {
    "camp": 1, "border crossing": 1, "road": 2, "border area": 2, "front line": 2, "river valley": 3,
    "mountains": 3, "plain": 3, "plateau": 3, "desert": 3, "region": 3,
}  # fmt: skip
CONTINENT_DEMONYMS = {"European": "Europe", "African": "Africa", "Asian": "Asia", "Europeans": "Europe"}
ABBREVIATIONS = re.compile(r"\b(?:U\.S\.A?\.?|USA|US|U\.K\.|UK|UAE|EU)(?![\w.])")
DATELINE = re.compile(
    r"(?m)^[ \t]*([A-Z][A-Z.'\- ]{2,40}?)(?:,[ \t]*[A-Z][A-Za-z.\- ]{1,30})?[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?[:\u2014\u2013-][ \t]"
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
PROVINCE_BEFORE = re.compile(r"(?:province|governorate|region|state|district|county) of\s*$", re.I)
CITY_BEFORE = re.compile(r"(?:city|town|village) of\s*$", re.I)
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


class _Resources:
    """What the resolver derives once per gazetteer: features, demonyms, country points."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.features = {candidate.key: candidate for candidate, _ in gazetteer.features()}
        self.demonyms: dict[str, Candidate] = {}
        for demonym, iso in demonyms().items():
            country = gazetteer.country(iso)
            if country is not None:
                self.demonyms[demonym] = country
        for demonym, continent in CONTINENT_DEMONYMS.items():
            found = [c for c in gazetteer.candidates(continent) if c.kind == "continent"]
            if found:
                self.demonyms[demonym] = found[0]


_RESOURCES: dict[int, _Resources] = {}


def _resources(gazetteer: Gazetteer) -> _Resources:
    found = _RESOURCES.get(id(gazetteer))
    if found is None:
        found = _RESOURCES[id(gazetteer)] = _Resources(gazetteer)
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
    mentions = _recognise(text, sdoc, gazetteer, resources)
    if not mentions:
        return []
    dateline_country = _dateline_country(text, mentions)
    for mention in mentions:
        mention.prior = [_prior(mention, c) for c in mention.candidates]
    focus, admin_focus = _focus(mentions)
    for mention in mentions:
        scores = [
            p + _context(mention, c, focus, admin_focus, dateline_country)
            for p, c in zip(mention.prior, mention.candidates, strict=True)
        ]
        mention.prior = scores
        _choose(mention, scores)
    for _ in range(2):  # spatial coherence: places of one story lie near one another
        anchors = [
            (m, m.chosen)
            for m in mentions
            if m.chosen is not None and m.chosen.kind not in ("country", "continent")
        ]
        for mention in mentions:
            if len(mention.candidates) < 2:
                continue
            scores = [
                s + _proximity(c, [a for m, a in anchors if m is not mention and m.text != mention.text])
                for s, c in zip(mention.prior, mention.candidates, strict=True)
            ]
            _choose(mention, scores)
    _place_lines(mentions)
    return [_to_place_mention(m, text) for m in mentions]


# recognition ---------------------------------------------------------------------------------


def _recognise(text: str, sdoc: Doc, gazetteer: Gazetteer, resources: _Resources) -> list[_Mention]:
    mentions: list[_Mention] = []
    taken = bytearray(len(text))

    def add(mention: _Mention) -> None:
        if any(taken[mention.start : mention.end]):
            return
        taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        mentions.append(mention)

    for ent in sdoc.ents:
        sentence = (
            (ent.sent.start_char, ent.sent.end_char) if sdoc.has_annotation("SENT_START") else (0, len(text))
        )
        surface, start, end = _trim(ent)
        if not surface:
            continue
        ruler_id = ent.ent_id_ or ""
        if ruler_id or ent.label_ in PLACE_LABELS:
            candidates = _candidates(surface, gazetteer, resources, ruler_id)
            mention = _Mention(start, end, surface, sentence, ruler_id=ruler_id, candidates=candidates)
            if ent.label_ == "GPE" and _is_metonym(ent):
                mention.role = "metonym"
            add(mention)
        elif ent.label_ in ("NORP", "ORG", "PERSON"):
            target = resources.demonyms.get(surface)
            if target is not None and ent.label_ == "NORP":
                add(
                    _Mention(
                        start, end, surface, sentence, role="demonym", hint="country", candidates=[target]
                    )
                )
                continue
            feature = [c for c in gazetteer.candidates(surface) if c.id < 0 and c.kind in FEATURE_PRECISION]
            if feature and ent.label_ == "ORG":  # the EU and the like, tagged as organisations
                add(_Mention(start, end, surface, sentence, candidates=feature))
    for token in sdoc:
        if token.text in resources.demonyms and token.is_title:
            sentence = (
                (token.sent.start_char, token.sent.end_char)
                if sdoc.has_annotation("SENT_START")
                else (0, len(text))
            )
            target = resources.demonyms[token.text]
            add(
                _Mention(
                    token.idx,
                    token.idx + len(token),
                    token.text,
                    sentence,
                    role="demonym",
                    hint="country",
                    candidates=[target],
                )
            )
    for match in ABBREVIATIONS.finditer(text):
        sentence = _sentence_of(sdoc, match.start(), len(text))
        add(
            _Mention(
                match.start(),
                match.end(),
                match.group(),
                sentence,
                candidates=_candidates(match.group(), gazetteer, resources, ""),
            )
        )
    for match in DATELINE.finditer(text):
        surface = match.group(1).strip()
        candidates = _candidates(surface, gazetteer, resources, "")
        if candidates:
            start = match.start(1)
            add(
                _Mention(
                    start,
                    start + len(surface),
                    surface,
                    _sentence_of(sdoc, start, len(text)),
                    hint="dateline",
                    candidates=candidates,
                )
            )
    mentions.sort(key=lambda m: m.start)
    for mention in mentions:
        before = text[max(0, mention.start - 60) : mention.start]
        after = text[mention.end : mention.end + 25]
        if PROVINCE_AFTER.match(after) or PROVINCE_BEFORE.search(before):
            mention.hint = "admin"
        elif CITY_BEFORE.search(before):
            mention.hint = "city"
        mention.relative = bool(RELATIVE_BEFORE.search(before)) or after.lower().startswith(
            (" countryside", " outskirts")
        )
    return mentions


def _trim(ent: SpacySpan) -> tuple[str, int, int]:
    """The entity without a leading 'the' and a trailing possessive."""
    tokens = list(ent)
    while tokens and tokens[0].lower_ in ("the", "'s"):
        tokens = tokens[1:]
    while tokens and tokens[-1].lower_ in ("'s", "’s", "'", "-", ","):
        tokens = tokens[:-1]
    if not tokens:
        return "", 0, 0
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return ent.doc.text[start:end], start, end


def _sentence_of(sdoc: Doc, char: int, length: int) -> tuple[int, int]:
    if sdoc.has_annotation("SENT_START"):
        span = sdoc.char_span(char, char + 1, alignment_mode="expand")
        if span is not None:
            sentence = span[0].sent
            return sentence.start_char, sentence.end_char
    return 0, length


def _candidates(surface: str, gazetteer: Gazetteer, resources: _Resources, ruler_id: str) -> list[Candidate]:
    if ruler_id.startswith("feature:") and ruler_id in resources.features:
        return [resources.features[ruler_id]]
    found = gazetteer.candidates(surface)
    if not found:
        words = surface.split()
        # "Homs province", "Rukban camp", "Orange County" when only the bare name is known
        if len(words) > 1 and words[-1].lower() in (
            "province",
            "governorate",
            "city",
            "county",
            "district",
            "region",
            "camp",
            "town",
        ):
            found = gazetteer.candidates(" ".join(words[:-1]))
    return found


def _is_metonym(ent: SpacySpan) -> bool:
    """'Damascus said', 'Washington warned': the place's government acting or speaking."""
    root = ent.root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in METONYM_VERBS


def _dateline_country(text: str, mentions: Sequence[_Mention]) -> str | None:
    for mention in mentions:
        if mention.hint == "dateline" and mention.candidates:
            best = max(mention.candidates, key=lambda c: _prior(mention, c))
            return best.country_code
    return None


# ranking -------------------------------------------------------------------------------------


def _prior(mention: _Mention, candidate: Candidate) -> float:
    """How likely a name means this place before looking at the rest of the text."""
    kind = candidate.kind
    score = math.log10(candidate.population + 1)
    if kind in ("admin1", "admin2"):
        score -= 1.0 if kind == "admin1" else 1.5  # a bare name is the town more often than its province
    if candidate.quality == ALIAS:
        score -= 0.3
    elif candidate.quality == ALTERNATE:
        score -= 2.0
    if kind in ("country", "continent") and candidate.quality <= ALIAS:
        score += 6.0
    elif kind == "capital":
        score += 1.5
    elif candidate.id < 0 and kind in FEATURE_PRECISION:
        score += 7.0  # curated: these names mean these features in war reporting
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
    mention: _Mention,
    candidate: Candidate,
    focus: dict[str, float],
    admin_focus: set[tuple[str, str]],
    dateline_country: str | None,
) -> float:
    score = 0.0
    if candidate.country_code:
        score += 5.0 * focus.get(candidate.country_code, 0.0)
        if candidate.country_code == dateline_country:
            score += 1.0
        if (
            candidate.admin1
            and (candidate.country_code, candidate.admin1) in admin_focus
            and candidate.kind != "admin1"
        ):
            score += 1.5
    return score


def _proximity(candidate: Candidate, anchors: Sequence[Candidate]) -> float:
    if not anchors or candidate.kind in ("country", "continent"):
        return 0.0
    nearest = min(
        haversine_km(candidate.latitude, candidate.longitude, a.latitude, a.longitude) for a in anchors
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
    elif kind in ("country", "continent", "admin1"):
        return 3
    elif kind == "admin2":
        return 2
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
    )


__all__ = ["place_patterns", "resolve_places", "name_key"]
