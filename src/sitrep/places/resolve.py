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

import re
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from rapidfuzz import fuzz
from spacy.tokens import Doc

from sitrep.actors import LABEL as ACTOR_LABEL
from sitrep.model import Document, PlaceMention
from sitrep.places.actor_areas import AreaShares, areas_told, known_actors
from sitrep.places.admin import _admin_options, _at_seat, _close_spelling, _contains, _english_directions, _km
from sitrep.places.finder import _Finder, _Mention, _resources
from sitrep.places.gazetteer import ALIAS, Candidate, Gazetteer, neighbours
from sitrep.places.hierarchy import _confine, _confine_to_sentence_areas, _hierarchies
from sitrep.places.namesakes import choose_namesakes_in_named_province
from sitrep.places.normalize import ARTICLES, name_key
from sitrep.places.output import _place_lines, _to_place_mention
from sitrep.places.patterns import (
    ADMIN_KINDS,
    BIG_KINDS,
    HYPHENED_ARTICLES,
    LOCALITY_KM,
    NOT_PLACE_WORDS,
    SITE_AFTER,
)
from sitrep.places.ranking import (
    _choose,
    _context,
    _dateline_country,
    _focus,
    _prior,
    _proximity,
    _weight,
    leanings,
)
from sitrep.places.rules import load_rules


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


def resolve_places(
    document: Document, sdoc: Doc, gazetteer: Gazetteer, feed: Mapping[str, float] | None = None
) -> list[PlaceMention]:
    """The places named in the document, resolved where the gazetteer allows; `feed`: the country
    shares of the documents read before it in the same run (`feed_focus`, `FeedFocus`)."""
    rules = load_rules()
    if not rules.on("feed_focus"):
        feed = None
    text = document.text
    labels = (
        [e.ent_id_ for e in sdoc.ents if e.label_ == ACTOR_LABEL and e.ent_id_]
        if rules.on("actor_entities")
        else []
    )
    actors = (
        areas_told(text, known_actors(gazetteer, int(rules.actor_areas["min_events"])), labels)
        if rules.on("actor_areas")
        else AreaShares()
    )
    leaning = leanings(feed, actors.countries)
    finder = _Finder(text, sdoc, gazetteer, _resources(gazetteer))
    finder.strong()
    if rules.on("prominent_spellings"):
        _prominent_spellings(finder)
    for mention in finder.mentions:
        mention.prior = [_prior(mention, c) for c in mention.candidates]
    focus, admin_focus = _focus(finder.mentions, leaning)
    if rules.on("weak_names"):
        focus, admin_focus = _read_weak_names(finder, focus, admin_focus, leaning)
    if rules.on("similar_spellings"):
        _similar_spellings(finder, focus, leaning)
    links = _hierarchies(finder, focus) if rules.on("hierarchies") else []
    if links:
        _link_areas(links, focus, admin_focus, gazetteer)
    mentions = sorted(finder.mentions, key=lambda m: m.start)
    if not mentions:
        return []
    if links or max(focus.values(), default=0.0) >= rules.context["one_country_share"]:
        _one_country_story(text, mentions, links, focus)
    if rules.on("far_small_towns"):
        _drop_far_small_towns(mentions, leaning)
    if rules.on("context_hints"):
        finder.context(mentions)
        if rules.on("hinted_provinces"):
            _hinted_provinces(mentions, focus, gazetteer)
    dateline_country = _dateline_country(mentions)
    for mention in mentions:
        mention.prior = [
            _prior(mention, c) + _context(c, focus, admin_focus, dateline_country, actors.regions)
            for c in mention.candidates
        ]
        _choose(mention, mention.prior)
    if rules.on("proximity"):
        _choose_near_one_another(mentions)
    if rules.on("province_namesakes"):
        choose_namesakes_in_named_province(mentions)
    if rules.on("site_namesakes"):
        _drop_far_namesakes_of_sites(text, mentions)
    if rules.on("area_seats"):
        _place_areas_at_seats(mentions, gazetteer)
    if rules.on("line_points"):
        _place_lines(mentions)
    return [_to_place_mention(m, text) for m in mentions]


def _read_weak_names(
    finder: _Finder,
    focus: dict[str, float],
    admin_focus: set[tuple[str, str]],
    leaning: Mapping[str, float] | None = None,
) -> tuple[dict[str, float], set[tuple[str, str]]]:
    """Names spaCy labelled otherwise, read as places; the focus they set."""
    for _ in range(2):  # names accepted in the first round can set the focus that admits others
        added = finder.weak(focus)
        if not added:
            break
        for mention in added:
            mention.prior = [_prior(mention, c) for c in mention.candidates]
        focus, admin_focus = _focus(finder.mentions, leaning)
    return focus, admin_focus


def _similar_spellings(finder: _Finder, focus: dict[str, float], leaning: Mapping[str, float]) -> None:
    """Last resort for unknown names in a story about the focus region: the countries of the text's
    places, and those it leans to before them (its feed, its actors' areas: "Turkish forces shelled
    Saraqab" in a feed of Syrian notes is a story about Syria whatever "Turkish" adds)."""
    share = load_rules().context["in_focus_share"]
    leaned = sum(leaning.values()) or 1.0
    in_focus = {iso for iso, weight in focus.items() if weight >= share} | {
        iso for iso, weight in leaning.items() if weight / leaned >= share
    }
    for mention in finder.mentions:
        if not mention.candidates and mention.role == "location":
            mention.candidates = finder.gazetteer.similar(mention.text, countries=in_focus)


def _prominent_spellings(finder: _Finder) -> None:
    """ "protesters in Nassriya city": a name whose own spelling is known only for villages is the
    focus region's city that spells it closely (An Nasiriyah): news names cities far more often
    than villages, and writes them in many transliterations. The city joins the readings as an alias."""
    weights = load_rules().spellings
    for mention in finder.mentions:
        if mention.role != "location" or not mention.candidates or mention.ruler_id:
            continue
        if any(
            c.kind in BIG_KINDS or (c.kind in ("city", "capital") and c.population >= weights["small_town"])
            for c in mention.candidates
        ):
            continue
        key = name_key(mention.text)
        cities = [
            replace(c, quality=ALIAS)
            for c in finder.gazetteer.similar(mention.text, min_population=int(weights["city"]))
            if fuzz.ratio(key, name_key(c.name)) >= weights["ratio"]
        ]
        mention.candidates = [*mention.candidates, *cities]


def _link_areas(
    links: Sequence[tuple[_Mention, list[Candidate | None]]],
    focus: dict[str, float],
    admin_focus: set[tuple[str, str]],
    gazetteer: Gazetteer,
) -> None:
    """The admin areas given with places say which country the text is about, and confine each
    place to its areas."""
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


def _one_country_story(
    text: str,
    mentions: Sequence[_Mention],
    links: Sequence[tuple[_Mention, list[Candidate | None]]],
    focus: dict[str, float],
) -> None:
    """A story about one country: another country's town known only by a variant or a similar
    spelling (Chora for Chóra in Greece, Shakhta for Shakhty) is a misreading; in a note that
    gives admin areas, so is any small town outside the countries of its areas and the countries
    it names (Korogo near Berunda, Ituri is not Korhogo), and so is a village known only from
    coded events elsewhere (al-Arqoub of Aleppo is not Yemen's)."""
    rules = load_rules()
    if rules.on("one_country_story"):
        named = {
            c.country_code
            for m in mentions
            for c in m.candidates[:1]
            if c.kind == "country" and c.quality <= ALIAS
        } | {next(c for c in chain if c is not None).country_code for _, chain in links}
        for mention in mentions:
            if mention.role == "location" and not mention.areas:
                mention.candidates = [
                    c for c in mention.candidates if _fits_story(c, named, bool(links), focus)
                ]
    if rules.on("one_sense"):
        confined = {name_key(m.text): m.candidates for m, _ in links if m.areas}
        for mention in mentions:  # one sense per discourse: "near Pisky, Donetsk ... near Pisky"
            if not mention.areas and mention.role == "location" and name_key(mention.text) in confined:
                mention.candidates = confined[name_key(mention.text)]
    if rules.on("sentence_areas"):
        _confine_to_sentence_areas(text, mentions, links)


def _fits_story(candidate: Candidate, named: set[str | None], linked: bool, focus: dict[str, float]) -> bool:
    c = candidate
    return (
        c.curated
        or (
            c.country_code in named
            if linked
            else focus.get(c.country_code or "", 0.0) >= load_rules().context["in_focus_share"]
        )
        or (c.quality <= ALIAS and not linked and not c.coded)
        or (c.quality <= ALIAS and (c.kind in BIG_KINDS or c.population >= 1_000_000))
    )


PROVINCE_WORD_END = re.compile(r" (?:province|governorate)$", re.I)


def _hinted_provinces(mentions: Sequence[_Mention], focus: dict[str, float], gazetteer: Gazetteer) -> None:
    """The rule `hinted_provinces`: "in Thi-Qar province", "Missan province": a name the words around
    call a province, known by no reading as it is spelt, is the province of the story's countries
    spelt closely (Dhi Qar, Maysan), not the village known by that variant."""
    share = load_rules().context["in_focus_share"]
    countries = [gazetteer.country(iso) for iso, weight in focus.items() if weight >= share]
    for mention in mentions:
        called = mention.hint == "admin" or PROVINCE_WORD_END.search(mention.text)  # "Missan province"
        if not called or any(
            c.kind in ("admin1", "admin2") or c.quality <= ALIAS for c in mention.candidates
        ):
            continue  # a name known as it is spelt is left to the province rules (places/provinces.py)
        seats = {(c.country_code, c.admin1) for c in mention.candidates}
        mention.candidates = [
            *mention.candidates,
            *(
                option
                for country in countries
                if country is not None
                for option in _admin_options(mention.text, gazetteer, country)
                # "Idleb": the city of the governorate's name, which the province rules read as it
                if (option.country_code, option.admin1) not in seats
            ),
        ]


def _drop_far_small_towns(mentions: Sequence[_Mention], leaning: Mapping[str, float]) -> None:
    """The rule `far_small_towns`: a small town of a country the text neither names nor borders, going
    by its other places and what it leans to, is a misreading of an unknown local name ("Arida Abu
    Jarada in Ar-Raqqa countryside" is not Arida in Japan, "the Shaar gas field east of Homs" not Sarh
    in Chad, known as Shaar); a big city named as it is spelt keeps its reading ("talks in Geneva"),
    a world city keeps any, and so does a text with too few other places to tell its region."""
    rules = load_rules()
    share, population = rules.context["in_focus_share"], rules.context["far_town_population"]
    named = {
        c.country_code
        for m in mentions
        for c in m.candidates[:1]
        if m.role == "location" and c.kind == "country" and c.quality <= ALIAS
    }
    # demonyms name actors ("an Iranian fighter ... in Al Mayadin"), not the story's region: the places'
    # first readings vote, each mention's own vote taken out when its readings are judged
    votes: dict[int, tuple[str, float]] = {}
    for m in mentions:
        if m.role == "location" and m.candidates:
            priors = [_prior(m, c) for c in m.candidates]  # readings may have come since the priors
            best = m.candidates[max(range(len(priors)), key=priors.__getitem__)]
            votes[id(m)] = (best.country_code or "", _weight(m, best))
    if len(votes) - 1 + sum(leaning.values()) < rules.context["far_towns_evidence"]:
        return  # one other name, itself perhaps misread ("Khalil Motran square"), is no region
    counts: dict[str, float] = defaultdict(float, leaning)
    for iso, weight in votes.values():
        counts[iso] += weight
    total = sum(counts.values())
    for mention in mentions:
        if id(mention) not in votes:  # not a location, or no reading
            continue
        own_iso, own = votes[id(mention)]
        rest = (total - own) or 1.0
        near: set[str | None] = {
            iso for iso, n in counts.items() if iso and (n - (own if iso == own_iso else 0.0)) / rest >= share
        }
        near |= named | {n for iso in list(near | named) if iso for n in neighbours(iso)}
        mention.candidates = [
            c
            for c in mention.candidates
            if c.country_code in near
            or c.kind in BIG_KINDS
            or c.curated
            or c.population >= (population if c.quality <= ALIAS else rules.prior["world_city_population"])
        ]


def _choose_near_one_another(mentions: Sequence[_Mention]) -> None:
    """Spatial coherence: places of one story lie near one another."""
    for _ in range(2):
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


def _drop_far_namesakes_of_sites(text: str, mentions: Sequence[_Mention]) -> None:
    """ "the Khalil Motran square", "near Kalpi Bridge", "Parque Santa Rita neighborhood": a name
    before a word for a site names the site, after a person or a nearby place. A town or district
    of that name far from every other place of the text, and outside its provinces (Hebron, for a
    square in Baalbek), is a misreading, left unresolved; a province, a country or a city of
    100,000 keeps its reading (Colorado State University), a city only in a country of the text's
    other places ("al Basel roundabout in Ar-Raqqa city" is no site in Switzerland)."""
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
            or not SITE_AFTER.match(text, mention.end)
        ):
            continue
        rest = [other for other in others if other is not chosen]
        if (
            chosen.kind != "admin2"
            and chosen.population >= load_rules().site_keep_population
            and (not rest or any(other.country_code == chosen.country_code for other in rest))
        ):
            continue
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


__all__ = [
    "fold_case",
    "place_patterns",
    "resolve_places",
    "name_key",
    "_close_spelling",
    "_english_directions",
]


class FeedFocus:
    """The countries of the documents one run has read last (`feed_focus`): a feed of notes is
    regional, so a note that names no country ("Jalawla northeast Baqubah") is read where the
    others lie. Each document counts once, by its focus country, and only the last `feed.window`
    documents count: an export sorted by country (a block of Iraqi notes, then the Syrian ones)
    moves on to the next country's block in a few dozen notes, where the whole run's shares would
    lean to the first block for hundreds. The shares count once `feed.min_documents` documents
    have one, and a country under `feed.min_share` of them is left out."""

    def __init__(self) -> None:
        self.countries: deque[str] = deque(maxlen=int(load_rules().feed["window"]))

    def shares(self) -> dict[str, float]:
        weights = load_rules().feed
        total = len(self.countries)
        if total < weights["min_documents"]:
            return {}
        counts = Counter(self.countries)
        return {iso: n / total for iso, n in counts.items() if n / total >= weights["min_share"]}

    def add(self, country: str | None) -> None:
        if country:
            self.countries.append(country)
