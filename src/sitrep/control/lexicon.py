"""The control lexicon (`lexicon.yaml`): cue words as compiled patterns, weights and state settings."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitrep.control.city_parts import part_pattern
from sitrep.control.quarters import quarter_pattern

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")


def phrases(words: list[str]) -> re.Pattern[str]:
    """Any of the phrases as whole words, longest first, any run of spaces between words."""
    alternatives = sorted({w.lower() for w in words}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in alternatives)
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w'’-])", re.IGNORECASE)


@dataclass(frozen=True)
class StateSettings:
    half_life_days: float
    max_age_days: int
    contested_share: float
    low_confidence: float


@dataclass(frozen=True)
class Lexicon:
    base_confidence: dict[str, float]
    claim_status_weight: dict[str, float]
    hedges: dict[str, float]
    hedge_pattern: re.Pattern[str]
    territory_sub_events: frozenset[str]
    state_regains: frozenset[str]
    object_between: re.Pattern[str]  # a smaller place's noun, then a locating word (the rule event_object)
    descriptors: dict[str, dict[str, Any]]
    descriptor_actors: dict[str, dict[str, str]]
    adjective: re.Pattern[str]  # "<who>-held", group who and how
    held_by: re.Pattern[str]  # "held by", group how
    holder_lead: re.Pattern[str]  # "Syrian ", "alliance of ": words before the holder named after "held by"
    holds_verbs: re.Pattern[str]
    presence: re.Pattern[str]
    under_control: re.Pattern[str]
    under_who_control: re.Pattern[str]  # "under rebel control", group who
    control_nouns: re.Pattern[str]
    past_nouns: re.Pattern[str]  # "former", "once": a control noun of the past
    noun_of: re.Pattern[str]  # " of the", " for several moderate": matched right after a control noun
    city_part: re.Pattern[str]  # "-held west", "-held and regime-held areas" (control/city_parts.py)
    city_part_reach: int
    quarters: tuple[re.Pattern[str], re.Pattern[str]]  # "<Name> neighborhood", "neighbourhood of <Name>"
    quarter_reach: int
    quarter_km: float
    gap_words: frozenset[str]
    link_words: frozenset[str]
    capture_verbs: re.Pattern[str]
    take_objects: re.Pattern[str]
    fall_words: re.Pattern[str]
    loss_verbs: re.Pattern[str]
    retreat_to: re.Pattern[str]
    intent_before: re.Pattern[str]  # an intent phrase ending a text
    aim_before: re.Pattern[str]  # "a push (...) to" ending a text
    siege_nouns: re.Pattern[str]
    siege_broken: re.Pattern[str]
    siege_imposed: re.Pattern[str]
    siege_verbs: re.Pattern[str]
    siege_adjectives: re.Pattern[str]
    split_words: re.Pattern[str]
    state: StateSettings

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> Lexicon:
        return _load(path)


def _spaced(words: list[str]) -> str:
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in words)


def _either(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _load(path: Path) -> Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    adjectives = [*raw["adjective_words"], "besieged", "encircled"]
    intent = sorted(raw["intent_words"], key=len, reverse=True)
    return Lexicon(
        base_confidence={k: float(v) for k, v in raw["base_confidence"].items()},
        claim_status_weight={k: float(v) for k, v in raw["claim_status_weight"].items()},
        hedges={k.lower(): float(v) for k, v in raw["hedges"].items()},
        hedge_pattern=phrases(list(raw["hedges"])),
        territory_sub_events=frozenset(raw["territory_sub_events"]),
        state_regains=frozenset(raw["state_regains"]),
        object_between=re.compile(
            rf"\b(?:{_either(raw['event_object']['nouns'])})\b.*?\b(?:{_either(raw['event_object']['locating'])})\b",
            re.IGNORECASE | re.DOTALL,
        ),
        descriptors={k.lower(): v for k, v in raw["descriptors"].items()},
        descriptor_actors={k.lower(): v for k, v in raw["descriptor_actors"].items()},
        adjective=re.compile(
            rf"(?P<who>[\w'’]+)(?:[-‐–]|\s+)(?P<how>{_either(adjectives)})(?![\w-])", re.IGNORECASE
        ),
        held_by=re.compile(rf"(?<![\w-])(?P<how>{_either(raw['held_by_words'])})\s+by\s+", re.IGNORECASE),
        holder_lead=re.compile(rf"(?:(?:{_either(raw['holder_lead'])})\s+){{1,3}}", re.IGNORECASE),
        holds_verbs=phrases(raw["holds_verbs"]),
        presence=phrases(raw["presence_words"]),
        under_control=phrases(raw["under_control"]),
        under_who_control=re.compile(
            r"\bunder\s+(?:the\s+)?(?:full\s+|complete\s+|total\s+|effective\s+)?(?P<who>[\w'’-]+(?:\s+[\w'’-]+)?)"
            r"(?:'s|’s)?\s+control\b",
            re.IGNORECASE,
        ),
        control_nouns=phrases(raw["control_nouns"]),
        past_nouns=phrases(raw["past_nouns"]),
        noun_of=re.compile(
            rf"\s+(?:{_either(raw['noun_of'])})\s+(?:(?:{_either(raw['noun_of_fillers'])})\s+){{0,3}}",
            re.IGNORECASE,
        ),
        city_part=part_pattern(raw["city_parts"]["parts"], raw["city_parts"]["sides"]),
        city_part_reach=int(raw["city_parts"]["reach"]),
        quarters=quarter_pattern(raw["named_quarters"]["words"]),
        quarter_reach=int(raw["named_quarters"]["reach"]),
        quarter_km=float(raw["named_quarters"]["max_km"]),
        gap_words=frozenset(w.lower() for w in raw["gap_words"]),
        link_words=frozenset(w.lower() for w in raw["link_words"]),
        capture_verbs=phrases(raw["capture_verbs"]),
        take_objects=re.compile(rf"\s+(?:{_either(raw['take_objects'])})\b", re.IGNORECASE),
        fall_words=phrases(raw["fall_words"]),
        loss_verbs=phrases(raw["loss_verbs"]),
        retreat_to=phrases(raw["retreat_to"]),
        intent_before=re.compile(rf"(?<![\w-])(?:{_spaced(intent)})(?:\s+\w+ly)?\s*$", re.IGNORECASE),
        aim_before=re.compile(
            rf"(?<![\w-])(?:{_spaced(raw['aim_words'])})\b[^.;]{{0,30}}\bto\s+$", re.IGNORECASE
        ),
        siege_nouns=phrases(raw["siege_nouns"]),
        siege_broken=phrases(raw["siege_broken"]),
        siege_imposed=phrases(raw["siege_imposed"]),
        siege_verbs=phrases(raw["siege_verbs"]),
        siege_adjectives=phrases(raw["siege_adjectives"]),
        split_words=phrases(raw["split_words"]),
        state=StateSettings(**raw["state"]),
    )
