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
    denial_verbs: frozenset[str]
    denial_phrases: tuple[str, ...]
    speech_verbs: frozenset[str]
    modal_words: frozenset[str]
    intent_verbs: frozenset[str]
    habitual_words: frozenset[str]
    background_prepositions: frozenset[str]
    background_phrases: tuple[str, ...]
    negations: frozenset[str]
    crowd_words: frozenset[str]
    mutual_words: frozenset[str]
    casualty_words: frozenset[str]
    inclusion_words: frozenset[str]
    cumulative_phrases: tuple[str, ...]
    max_event_fatalities: int
    event_nouns: frozenset[str]
    kind_nouns: frozenset[str]
    accompanying_verbs: frozenset[str]


@cache
def load_cues(path: Path = CUES_FILE) -> Cues:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(v).lower() for v in data[key])

    def phrases(key: str) -> tuple[str, ...]:
        return tuple(str(v).lower() for v in data[key])

    return Cues(
        claim_verbs=words("claim_verbs"),
        denial_verbs=words("denial_verbs"),
        denial_phrases=phrases("denial_phrases"),
        speech_verbs=words("speech_verbs"),
        modal_words=words("modal_words"),
        intent_verbs=words("intent_verbs"),
        habitual_words=words("habitual_words"),
        background_prepositions=words("background_prepositions"),
        background_phrases=phrases("background_phrases"),
        negations=words("negations"),
        crowd_words=words("crowd_words"),
        mutual_words=words("mutual_words"),
        casualty_words=words("casualty_words"),
        inclusion_words=words("inclusion_words"),
        cumulative_phrases=phrases("cumulative_phrases"),
        max_event_fatalities=int(data["max_event_fatalities"]),
        event_nouns=words("event_nouns"),
        kind_nouns=words("kind_nouns"),
        accompanying_verbs=words("accompanying_verbs"),
    )
