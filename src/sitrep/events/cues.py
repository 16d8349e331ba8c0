"""The cue words of `cues.yaml`, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CUES_FILE = Path(__file__).with_name("cues.yaml")


@dataclass(frozen=True)
class Cues:
    claim_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    denial_verbs: frozenset[str]
    denial_phrases: tuple[str, ...]
    modal_words: frozenset[str]
    intent_verbs: frozenset[str]
    habitual_words: frozenset[str]
    background_prepositions: frozenset[str]
    background_phrases: tuple[str, ...]
    negations: frozenset[str]


@cache
def load_cues(path: Path = CUES_FILE) -> Cues:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases = {"denial_phrases", "background_phrases"}
    return Cues(
        **{
            key: tuple(v.lower() for v in values) if key in phrases else frozenset(v.lower() for v in values)
            for key, values in data.items()
        }
    )
