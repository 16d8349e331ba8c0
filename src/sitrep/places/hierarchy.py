"""Admin hierarchies given with places, as ACLED notes give them: "Tchanichani (Beni, Nord-Kivu)",
"in Irapuato, Guanajuato", "in Ab Band district, Ghazni"; each place is confined to its areas."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from sitrep.places.admin import _admin_options, _at_seat, _contains, _focus_country, _km, _nested
from sitrep.places.finder import _acronym, _Finder, _generic, _Mention
from sitrep.places.gazetteer import (
    ALIAS,
    ALTERNATE,
    Candidate,
    Gazetteer,
    admin_abbreviations,
)
from sitrep.places.patterns import (
    ADMIN_HEAD_WORDS,
    ADMIN_KINDS,
    ADMIN_PART,
    BIG_KINDS,
    COMMA_ADMIN,
    COMMA_AFTER_KIND,
    HEAD_KIND_WORDS,
    HEAD_STOP,
    LOCALITY_AFTER,
    LOCALITY_KM,
    NAME_CONNECTORS,
    NEIGHBOURHOOD_WORDS,
    OF_THE_REGION,
    PARENTHESIS,
)

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
