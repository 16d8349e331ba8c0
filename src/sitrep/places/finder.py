"""Recognition: the mentions of places in a text (entities, the ruler's features, demonyms,
abbreviations, datelines, then names spaCy labelled otherwise once the focus is known)."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from spacy.attrs import ENT_IOB, IS_TITLE, ORTH, POS, SENT_START
from spacy.strings import StringStore
from spacy.symbols import PROPN
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from sitrep.nlp import doc_text
from sitrep.places.admin import _admin_options
from sitrep.places.gazetteer import (
    ALIAS,
    ALTERNATE,
    PRIMARY,
    Candidate,
    Gazetteer,
    demonyms,
)
from sitrep.places.normalize import name_key
from sitrep.places.patterns import (
    ABBREVIATIONS,
    ARABIC_ARTICLE,
    ARABIC_ARTICLES,
    ARABIC_NAME_COUNTRIES,
    BIG_KINDS,
    CALENDAR_WORDS,
    CITY_AFTER,
    CITY_BEFORE,
    COMMA_ADMIN,
    CONTROL_ADJECTIVE_BEFORE,
    COORDINATION_BEFORE,
    CURRENCY_AFTER,
    DATELINE,
    EMBEDDING_LABELS,
    FOLLOWERS_AFTER,
    GENERIC_WORDS,
    HYPHENED_REST,
    LOCATIVE_BEFORE,
    METONYM_VERBS,
    NAME_CONNECTORS,
    NAME_START_WORDS,
    NAME_SUFFIXES,
    NEIGHBOURHOOD_WORDS,
    OUTLAWED_IN_BEFORE,
    PLACE_LABELS,
    PLACE_NOUN_AFTER,
    PLACE_NOUN_BEFORE,
    PROVINCE_AFTER,
    PROVINCE_BEFORE,
    PROVINCES_AFTER,
    REGION_DEMONYMS,
    REGION_PREFIXES,
    RELATIVE_AFTER,
    RELATIVE_BEFORE,
    ROUTE_AFTER,
    SETTLEMENT_BEFORE,
    STATE_ABBREVIATION,
    STATE_ABBREVIATIONS,
    STRONG_LOCATIVE_BEFORE,
    TARGET_BEFORE,
    WEAK_LABELS,
    WEAPON_AFTER,
    WIRE_DATELINE,
)
from sitrep.places.rules import load_rules


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
        if FOLLOWERS_AFTER.match(self.text, mention.end) and load_rules().on("leaders_followers"):
            return False  # "the withdrawal of Sadr's supporters": Muqtada al-Sadr, not Sadr City
        if WEAPON_AFTER.match(self.text, mention.end) and load_rules().on("weapon_names"):
            return False  # "targeted regime forces with Grad missiles": a weapon, not Grad in Slovenia
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
            if ent.label_ == "ACTOR" and load_rules().on("actor_names"):
                continue  # "clashed with Asayish fighters": the actor ruler's name is no place
            whole = self._hyphened_whole(start, end)
            if whole != end:
                end, ruler_id = whole, ""
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
            elif OUTLAWED_IN_BEFORE.search(text, max(0, start - 40), start) and load_rules().on(
                "jurisdiction"
            ):
                mention.role = "jurisdiction"
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
        placeless = not any(
            m.role != "demonym" and any(c.quality <= ALIAS for c in m.candidates) for m in self.mentions
        )
        for ent in (
            self._after_possessive(part)
            for whole in self.sdoc.ents
            for comma_part in _comma_parts(whole)
            for part in _route_ends(comma_part)
        ):
            if ent.label_ in PLACE_LABELS or ent.ent_id_ or not (ent.label_ in WEAK_LABELS or _no_date(ent)):
                continue
            if ent.label_ in EMBEDDING_LABELS and self._located_inside(ent, focus):
                continue
            surface, start, end = _trim(ent, text)
            if not surface or any(self.taken[start:end]):
                continue
            if _generic(surface) or _adjective_of_people(ent):
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
                or _plausible(
                    found,
                    focus,
                    cue,
                    strict,
                    len(ent),
                    focus_cue,
                    self._settlement(start),
                    placeless,
                    surface,
                )
                or (cue == "noun" and not found and not strict)
            ):
                self.add(_Mention(start, end, surface, self.sentence(ent), candidates=found))
            elif ent.label_ in EMBEDDING_LABELS and len(ent) > 1:
                self._embedded(ent)
        # runs of title-case proper nouns outside any entity, read from arrays: cheaper than tokens
        flags = self.sdoc.to_array([IS_TITLE, POS, ENT_IOB]).tolist()
        if load_rules().on("apostrophe_titles"):  # "in Dar'a": title case to a reader, not to str.istitle
            for word in APOSTROPHE_TITLE.finditer(text):
                token = self.sdoc.char_span(word.start(), word.end())
                if token is not None and len(token) == 1:
                    flags[token.start][0] = 1
        run: list[Any] = []
        for i, (title, pos, iob) in enumerate([*flags, (0, 0, 0)]):
            if title and pos == PROPN and iob == 2:  # iob 2: outside any entity
                run.append(self.sdoc[i])
                continue
            if run and not any(self.taken[run[0].idx : run[-1].idx + len(run[-1])]):
                start = run[0].idx
                end = self._hyphened_whole(start, run[-1].idx + len(run[-1]))
                cue = self._cue(start, end=end)
                if cue and not _generic(text[start:end]) and not _acronym(text[start:end]):
                    found = self.candidates(text[start:end])
                    if _plausible(
                        found,
                        focus,
                        cue,
                        False,
                        len(run),
                        settlement=self._settlement(start),
                        placeless=placeless,
                        name=text[start:end],
                    ) or (not found and (cue == "noun" or end > run[-1].idx + len(run[-1])) and len(run) < 3):
                        self.add(
                            _Mention(start, end, text[start:end], self.sentence(run[0]), candidates=found)
                        )
            run = []
        return self.mentions[known:]

    def _hyphened_whole(self, start: int, end: int) -> int:
        """The end of the whole hyphened name a tagged part starts: "Ivano-Frankivsk" tagged as "Ivano",
        "Deir-ez-Zor" as "Deir" (Győr) when the whole is known (but Belgrade-Stari Grad); "As-Sanamyn"
        tagged as "As", an article, known or not: never the article alone (Alor Setar)."""
        hyphened = HYPHENED_REST.match(self.text, end)
        if hyphened and (
            self.candidates(self.text[start : hyphened.end()])
            or self.text[start:end].lower() in ARABIC_ARTICLES
        ):
            return hyphened.end()
        return end

    def _after_possessive(self, ent: SpacySpan) -> SpacySpan:
        """The rule `lost_apostrophe`: "Syrias Raqqa", "Aleppos Salah al-Din" tagged as one organisation in
        a text stripped of its apostrophes: a country's or a big town's possessive, then the name; the
        entity without the possessive."""
        first = ent[0]
        if (
            len(ent) < 2
            or not first.text.endswith("s")
            or not first.is_title
            or not load_rules().on("lost_apostrophe")
        ):
            return ent
        owner = [c for c in self.candidates(first.text[:-1]) if _possessor_reading(c)]
        return SpacySpan(ent.doc, ent.start + 1, ent.end, label=ent.label_) if owner else ent

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
        if not tail or not all(t.is_title or _apostrophe_title(t.text) for t in tail):
            return False
        start, end = tail[0].idx, tail[-1].idx + len(tail[-1])
        found = self.candidates(self.text[start:end])
        if any(self.taken[start:end]) or not _plausible(
            found, focus, "prep", False, len(tail), name=self.text[start:end]
        ):
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
                # any reading counts: "Dahuk" is a village's exact name before the governorate's alias
                big = any(c.kind in BIG_KINDS for c in found)
                if not found or (_acronym(self.text[start:end]) and not big):
                    continue
                if (
                    big
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
        if load_rules().on("control_adjective_cue") and CONTROL_ADJECTIVE_BEFORE.search(before):
            return "noun"  # only places are held: "rebel-held Khan Sheikhoun" as "the town of"
        if load_rules().on("target_cue") and TARGET_BEFORE.search(before):
            return "noun"
        if (STRONG_LOCATIVE_BEFORE if strong_only else LOCATIVE_BEFORE).search(before):
            return "prep"
        return ""

    def _settlement(self, start: int) -> bool:
        """Whether "the town of", "the villages of", "the city of" comes right before."""
        return bool(SETTLEMENT_BEFORE.search(self.text[max(0, start - 40) : start]))

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


# a capitalised word with an apostrophe inside ("Dar'a", "Ma'arrat", "Sa'sa'"): the Arabic ayn or hamza
APOSTROPHE_TITLE = re.compile(r"\b[A-Z][a-z]*(?:['’][a-z]+)+\b")


def _apostrophe_title(word: str) -> bool:
    return bool(APOSTROPHE_TITLE.fullmatch(word)) and load_rules().on("apostrophe_titles")


ADJECTIVE_ENDING = re.compile(r"(?:ish|ese|ian)$")


def _adjective_of_people(ent: SpacySpan) -> bool:
    """The rule `people_adjective`: a people's adjective ("Kurdish", "Druzean") tagged as a group before a
    common noun ("in Kurdish areas", "a predominantly Kurdish town") qualifies the noun; it names no place
    (Kurdīs). "Aleppo city", tagged so too, is no adjective."""
    if ent.label_ != "NORP" or ent.end >= len(ent.doc) or not load_rules().on("people_adjective"):
        return False
    following = ent.doc[ent.end]
    return bool(ADJECTIVE_ENDING.search(ent.text)) and following.is_alpha and following.is_lower


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
    settlement: bool = False,
    placeless: bool = False,
    name: str = "",
) -> bool:
    """Whether a name spaCy did not call a place is one: an exact gazetteer name that is a
    country or region, a big city, or a town of the story's countries after a locative cue, or
    an exact name after "the town/village/city of" (`settlement`) in the story's countries or in a
    text that names no place yet, demonyms aside (`placeless`)."""

    def in_focus(candidate: Candidate) -> bool:
        return focus.get(candidate.country_code or "", 0.0) >= 0.2

    exact = [c for c in found if c.quality <= ALIAS]
    if not exact:  # "the town of Khan Sheikhoun": Khān Shaykhūn, known by another spelling
        variants = [c for c in found if c.quality == ALTERNATE and in_focus(c)]
        if cue == "noun":
            return bool(variants) and load_rules().on("variant_names")
        return bool(cue) and _variant_town(name, variants)
    best = max(exact, key=lambda c: c.population + (10**9 if c.kind in BIG_KINDS else 0))
    story_country = any(in_focus(c) for c in exact)
    if best.kind in BIG_KINDS or best.curated:
        return not strict or bool(cue) or (size > 1 and best.quality == PRIMARY)
    if cue:  # in a text that names no other place, the village after "near" is the place
        if not focus and any(c.events for c in exact):  # coders placed events there before
            return True
        if settlement and load_rules().on("village_of") and (story_country or placeless):
            return True  # "captured the village of Tal Khanzir": a place of the story, however small
        return story_country or best.population >= (10_000 if focus else 1_000)
    if focus_cue and story_country and best.quality == PRIMARY:  # "shells fired on Khan Arnabeh"
        return True
    return not strict and (best.population >= 100_000 or (story_country and best.population >= 1_000))


def _variant_town(name: str, variants: Sequence[Candidate]) -> bool:
    """The rule `variant_towns`: "west of Menbij", "in Kerbala": after "in", "near", "west of", a
    name known only by a spelling variant of a town of the story's countries is that town when
    it is a sizeable one (news spells towns in many ways; a village's variant is too weak a sign),
    and the name no abbreviation ("Dr" is a spelling of Dar'a, "Dr. Darwish" no place)."""
    rules = load_rules()
    return (
        rules.on("variant_towns")
        and len(name_key(name).replace(" ", "")) >= 4
        and any(
            c.kind in ("city", "capital") and c.population >= rules.spellings["variant_town"]
            for c in variants
        )
    )


# a town this big is written with a possessive ("Aleppos southern Hamdaniya")
POSSESSIVE_TOWN_POPULATION = 100_000


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


def _route_ends(ent: SpacySpan) -> list[SpacySpan]:
    """The rule `route_ends`: "on Menbij - Sarin road", "on Maan-Tal Bazam axis": an entity of two
    names joined by one dash, right before a word for a road or a front, as the towns at its ends
    (spaCy tags the pair as one organisation, which no gazetteer entry matches)."""
    dashes = [token.i for token in ent if token.text in ("-", "–", "—")]
    if (
        len(dashes) != 1
        or dashes[0] in (ent.start, ent.end - 1)
        or not ROUTE_AFTER.match(doc_text(ent.doc), ent.end_char)
        or not load_rules().on("route_ends")
    ):
        return [ent]
    return [
        SpacySpan(ent.doc, ent.start, dashes[0], label=ent.label_),
        SpacySpan(ent.doc, dashes[0] + 1, ent.end, label=ent.label_),
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
        elif len(words) == 1 and surface.endswith("s") and load_rules().on("lost_apostrophe"):
            found = _possessor(surface[:-1], gazetteer)
    return found


def _possessor(name: str, gazetteer: Gazetteer) -> list[Candidate]:
    """The rule `lost_apostrophe` for a lone name: "air strikes on Syrias countryside", "Russian air
    raids on Aleppos": an unknown name that is a country's, a province's or a big town's possessive
    without its apostrophe is that place (not a village spelt like "Syrias", Sarīsah). The exact
    name only: "Turks" is no possessive of Durg, known as "Turk"."""
    key = name_key(name)
    return [c for c in gazetteer.candidates(name) if _possessor_reading(c) and name_key(c.name) == key]


def _possessor_reading(candidate: Candidate) -> bool:
    """A reading a name can be the possessive of without its apostrophe: a country, a province or a
    big town, named as it is spelt."""
    return candidate.quality <= ALIAS and (
        candidate.kind in BIG_KINDS or candidate.population >= POSSESSIVE_TOWN_POPULATION
    )


def _is_metonym(ent: SpacySpan) -> bool:
    """'Damascus said', 'Washington warned': the place's government acting or speaking."""
    root = ent.root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in METONYM_VERBS
