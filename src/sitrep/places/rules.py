"""The named place rules and ranking weights of `rules.yaml`, loaded once.

A rule can be switched off in the file, or for one run with
`SITREP_PLACE_RULES_OFF=proximity,site_namesakes`, to measure what it earns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sitrep.config import enabled_rules

RULES_FILE = Path(__file__).with_name("rules.yaml")
OFF_VARIABLE = "SITREP_PLACE_RULES_OFF"


@dataclass(frozen=True)
class PlaceRules:
    names: tuple[str, ...]  # every named rule, on or off
    enabled: frozenset[str]
    prior: dict[str, float]
    context: dict[str, float]
    proximity: dict[str, float]
    site_keep_population: int
    namesakes: dict[str, int]
    spellings: dict[str, float]
    feed: dict[str, float]
    vicinity: dict[str, float]
    actor_areas: dict[str, float]

    def on(self, name: str) -> bool:
        return name in self.enabled


@cache
def load_rules(path: Path = RULES_FILE) -> PlaceRules:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return PlaceRules(
        names=tuple(data["rules"]),
        enabled=enabled_rules(data["rules"], OFF_VARIABLE),
        prior=dict(data["prior"]),
        context=dict(data["context"]),
        proximity=dict(data["proximity"]),
        site_keep_population=int(data["site_keep_population"]),
        namesakes={key: int(value) for key, value in data["namesakes"].items()},
        spellings={key: float(value) for key, value in data["spellings"].items()},
        feed={key: float(value) for key, value in data["feed"].items()},
        vicinity={key: float(value) for key, value in data["vicinity"].items()},
        actor_areas={key: float(value) for key, value in data["actor_areas"].items()},
    )
