"""The actors stage: who is named in a report, normalised to ACLED actor names.

Three kinds of mention are found, in this order of precedence (a token belongs to one mention):
1. dictionary actors (actors.yaml), matched by the entity ruler that `patterns()` feeds, label
   ACTOR with the canonical name as entity id, plus spaCy ORG/NORP/PERSON/FAC entities whose text
   `lookup` resolves (spellings the token patterns did not foresee);
2. unknown armed groups named like one ("X Brigade", "Liwa X"), kept under their own name with
   known=False;
3. generic descriptors (generic.yaml): "Jordanian soldiers" -> "Military Forces of Jordan",
   "protesters" -> "Protesters ({focus country})"; a descriptor that stands for a named group
   ("IS fighters", "fighters with the X Brigade") gives no generic mention.

Choices:
- "US-backed rebels" are rebels of the focus country (in Syria "Opposition Rebels (Syria)",
  umbrella "Syrian opposition"); the backer is left out of `umbrella`, which records membership
  (Martyr Ahmad al-Abdo Brigade -> Free Syrian Army -> Syrian opposition), not sponsorship, and
  "US" in "US-backed" is not taken as the rebels' country. Likewise "pro-Turkish", "anti-Houthi".
- A dictionary actor preceded by "anti-" is not a mention of that actor ("anti-Houthi forces").
- Governments speaking ("Damascus said"), news agencies and persons are not actors: only the three
  kinds above are produced.
- Without a country (no demonym, no focus country) a generic actor is named without it
  ("Protesters", "Military Forces").
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process
from spacy.tokens import Doc

from sitrep.actors.generic import (
    GenericActor,
    GenericTable,
    find_generic,
    find_unknown,
    generic_name,
    load_generic,
)
from sitrep.actors.spelling import APOSTROPHES, ARTICLES, HYPHENS, name_key, spellings, tokenizer
from sitrep.model import ActorMention, Span
from sitrep.nlp import doc_text

__all__ = [
    "ActorDictionary",
    "ActorEntry",
    "as_perpetrator",
    "country_name",
    "find_actors",
    "unidentified_perpetrator",
]

DEFAULT_PATH = Path(__file__).with_name("actors.yaml")
LABEL = "ACTOR"
# Aliases this short are matched in their exact case: "IS" but never the verb "is".
SHORT_ALIAS = 3
# All-caps aliases this short also match in title case, as British papers write them ("Isis", "Nato").
ACRONYM = 4
# Fuzzy look-up only for keys long enough that a near match is the same name.
FUZZY_MIN_LENGTH = 10
FUZZY_CUTOFF = 92
_ARTICLE_FORMS = sorted(ARTICLES - {"the"})
# Entities the statistical NER may give a group's name that the ruler patterns missed.
_NAME_LABELS = ("ORG", "NORP", "PERSON", "FAC")


@dataclass(frozen=True)
class ActorEntry:
    name: str
    aliases: tuple[str, ...]
    inter: int
    kind: str
    country: str | None
    umbrella: tuple[str, ...]


def _entry(raw: dict[str, Any]) -> ActorEntry:
    return ActorEntry(
        name=raw["name"],
        aliases=tuple(raw.get("aliases") or ()),
        inter=int(raw["inter"]),
        kind=raw["kind"],
        country=raw.get("country") or None,
        umbrella=tuple(raw.get("umbrella") or ()),
    )


def _is_short(alias: str) -> bool:
    return len(alias) <= ACRONYM and " " not in alias


class ActorDictionary:
    """The known actors and their aliases."""

    def __init__(self, entries: Sequence[ActorEntry]):
        self.entries = tuple(entries)
        self._by_name = {entry.name: entry for entry in self.entries}
        self._exact: dict[str, ActorEntry] = {}
        self._keys: dict[str, ActorEntry] = {}
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                if _is_short(alias):
                    self._exact.setdefault(alias, entry)
                    if alias.isupper() and len(alias) > SHORT_ALIAS:
                        self._exact.setdefault(alias.title(), entry)
                else:
                    self._keys.setdefault(name_key(alias), entry)
        self._long_keys = [key for key in self._keys if len(key) >= FUZZY_MIN_LENGTH]

    @classmethod
    def load(cls, path: Path | None = None) -> ActorDictionary:
        return _load(path or DEFAULT_PATH)

    def get(self, name: str) -> ActorEntry | None:
        """The entry of a canonical name."""
        return self._by_name.get(name)

    def conflicts(self) -> list[tuple[str, str, str]]:
        """(alias, entry, other entry) for aliases two entries claim; the first entry wins."""
        seen: dict[str, str] = {}
        clashes = []
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                key = alias if _is_short(alias) else name_key(alias)
                owner = seen.setdefault(key, entry.name)
                if owner != entry.name:
                    clashes.append((alias, owner, entry.name))
        return clashes

    def patterns(self) -> list[dict[str, Any]]:
        """EntityRuler patterns: label ACTOR, id the canonical name."""
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                for pattern in _alias_patterns(alias):
                    marker = repr((entry.name, pattern))
                    if marker not in seen:
                        seen.add(marker)
                        out.append({"label": LABEL, "pattern": pattern, "id": entry.name})
        return out

    def lookup(self, text: str) -> ActorEntry | None:
        """The entry an alias or canonical name denotes, tolerant of transliteration; None if unknown."""
        text = text.strip()
        if text in self._exact:
            return self._exact[text]
        if _is_short(text):
            return None  # "is", "Is": short forms only ever match in their exact case
        key = name_key(text)
        if key in self._keys:
            return self._keys[key]
        if len(key) >= FUZZY_MIN_LENGTH:
            best = process.extractOne(key, self._long_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if best is not None:
                return self._keys[best[0]]
        return None


@functools.cache
def _load(path: Path) -> ActorDictionary:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return ActorDictionary([_entry(item) for item in raw["actors"]])


def _alias_patterns(alias: str) -> list[list[dict[str, Any]]]:
    if _is_short(alias):
        forms = [alias, alias.title()] if alias.isupper() and len(alias) > SHORT_ALIAS else [alias]
        return [[{"ORTH": token.text} for token in tokenizer()(form)] for form in forms]
    variants = {alias, alias.replace("'", "\u2019")}
    variants.add("".join(ch for ch in alias if ch not in APOSTROPHES))
    return [_token_pattern([t.text for t in tokenizer()(variant)]) for variant in sorted(variants)]


def _token_pattern(words: list[str]) -> list[dict[str, Any]]:
    """Case-insensitive tokens; articles, hyphens and apostrophes optional; -iya/-ia etc. alike."""
    pattern: list[dict[str, Any]] = []
    for i, word in enumerate(words):
        lower = word.lower()
        followed_by_hyphen = i + 1 < len(words) and words[i + 1] in HYPHENS
        if word in HYPHENS:
            pattern.append({"ORTH": {"IN": list(HYPHENS)}, "OP": "?"})
        elif word in APOSTROPHES:
            pattern.append({"ORTH": {"IN": list(APOSTROPHES)}, "OP": "?"})
        elif lower in ("al", "el") or (lower in ARTICLES and followed_by_hyphen and lower != "the"):
            pattern.append({"LOWER": {"IN": _ARTICLE_FORMS}, "OP": "?"})
        elif lower == "the" and i > 0:
            pattern.append({"LOWER": "the", "OP": "?"})
        else:
            forms = spellings(word)
            pattern.append({"LOWER": forms[0]} if len(forms) == 1 else {"LOWER": {"IN": forms}})
    return pattern


@functools.cache
def country_name(iso2: str) -> str:
    """ACLED's spelling of a country's name: "SY" -> "Syria", "CD" -> "Democratic Republic of Congo"."""
    return load_generic().country_names.get(iso2.upper(), iso2)


def as_perpetrator(mention: ActorMention) -> ActorMention:
    """The actor as ACLED codes it when it commits violence: civilians who attack are rioters."""
    table = load_generic()
    actor = table.perpetrators.get(mention.kind)
    if actor is None:
        return mention
    return replace(
        mention,
        name=generic_name(actor, mention.country, table),
        inter=actor.inter,
        kind=actor.kind,
        umbrella=actor.umbrella,
    )


def unidentified_perpetrator(text: str, offset: int, country: str | None) -> ActorMention:
    """ACLED's generic for armed perpetrators no text names, for an event told at character `offset`
    of `text`: "Unidentified Armed Group (Mexico)", or "Unidentified Gang (Mexico)" where the paragraph
    tells of criminal violence."""
    table = load_generic()
    crime = table.criminal_violence
    context = _paragraph(text, offset)
    actor = crime.actor_for(context, country) or GenericActor(crime.replaces, 3, "political_militia")
    return ActorMention(
        span=Span(-1, -1, ""),
        name=generic_name(actor, country, table),
        inter=actor.inter,
        kind=actor.kind,
        country=country,
        known=False,
    )


def _paragraph(text: str, offset: int) -> str:
    """The paragraph (text between blank lines) around a character offset."""
    start = text.rfind("\n\n", 0, offset)
    end = text.find("\n\n", offset)
    return text[start + 2 if start >= 0 else 0 : end if end >= 0 else len(text)]


def _span(sdoc: Doc, start: int, end: int) -> Span:
    span = sdoc[start:end]
    return Span(span.start_char, span.end_char, span.text)


def _after_anti(sdoc: Doc, start: int) -> bool:
    return start >= 2 and sdoc[start - 1].text in HYPHENS and sdoc[start - 2].lower_ == "anti"


def _strip_article(sdoc: Doc, start: int, end: int) -> int:
    return start + 1 if end - start > 1 and sdoc[start].lower_ == "the" else start


def find_actors(sdoc: Doc, dictionary: ActorDictionary, country: str | None = None) -> list[ActorMention]:
    """Every actor mention in the doc, in text order; `country` is the document's focus country (ISO2)."""
    mentions: list[tuple[int, ActorMention]] = []
    taken: set[int] = set()
    for ent in sdoc.ents:
        if ent.label_ == LABEL:
            entry = dictionary.get(ent.ent_id_) or dictionary.lookup(ent.text)
        elif ent.label_ in _NAME_LABELS:
            entry = dictionary.lookup(sdoc[_strip_article(sdoc, ent.start, ent.end) : ent.end].text)
        else:
            continue
        if entry is None:
            continue
        taken.update(range(ent.start, ent.end))
        if _after_anti(sdoc, ent.start):
            continue
        start = _strip_article(sdoc, ent.start, ent.end)
        mention = ActorMention(
            span=_span(sdoc, start, ent.end),
            name=entry.name,
            inter=entry.inter,
            kind=entry.kind,
            country=entry.country,
            umbrella=entry.umbrella,
        )
        mentions.append((start, mention))

    table = load_generic()
    for unknown in find_unknown(sdoc, table, taken):
        rebel = unknown.kind == "rebel"
        mention = ActorMention(
            span=_span(sdoc, unknown.start, unknown.end),
            name=unknown.name,
            inter=2 if rebel else 3,
            kind=unknown.kind,
            country=country,
            known=False,
        )
        mentions.append((unknown.start, mention))

    for match in find_generic(sdoc, table, taken, country):
        actor = match.actor
        if actor.name == table.criminal_violence.replaces:
            context = _paragraph(doc_text(sdoc), sdoc[match.start].idx)
            actor = table.criminal_violence.actor_for(context, match.country) or actor
        name = generic_name(actor, match.country, table, match.community)
        # the dictionary knows better what "Military Forces of Russia" are in these wars (external)
        known = dictionary.get(name)
        mention = ActorMention(
            span=_span(sdoc, match.start, match.end),
            name=name,
            inter=known.inter if known else actor.inter,
            kind=known.kind if known else actor.kind,
            country=match.country,
            umbrella=known.umbrella if known else actor.umbrella,
        )
        mentions.append((match.start, mention))

    in_coalition = [
        (start, _as_coalition(mention, dictionary, country, table)) for start, mention in mentions
    ]
    return [mention for _, mention in sorted(in_coalition, key=lambda pair: pair[0])]


def _as_coalition(
    mention: ActorMention, dictionary: ActorDictionary, country: str | None, table: GenericTable
) -> ActorMention:
    """Saudi forces in Yemen are "Operation Restoring Hope": the coalition a member fights in there."""
    coalition = dictionary.get(table.coalitions.get((mention.name, country or ""), ""))
    if coalition is None:
        return mention
    return replace(
        mention,
        name=coalition.name,
        inter=coalition.inter,
        kind=coalition.kind,
        country=coalition.country,
        umbrella=coalition.umbrella,
    )
