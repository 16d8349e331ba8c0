"""ACLED's own labels for the dictionary's actors, learnt from the coded exports in `../shared`.

ACLED writes many groups as "ACRONYM: Name" ("QSD: Syrian Democratic Forces", "HTS: Hayat Tahrir al
Sham", "YPG: Peoples Protection Units"). An actor whose dictionary name is such a label's name,
spelled alike (`name_key`: case, hyphens, apostrophes and articles aside; an acronym in brackets
after the name dropped), is written in the events with ACLED's label, the one the exports use most.
The dictionary keeps its own names for every other stage (sides, control). Without the exports,
names stay as they are. `SITREP_EVENT_RULES_OFF=acled_labels` switches the renaming off.

`air_force_unit`: a state's forces named by their aircraft ("regime helicopters dropped barrel bombs")
in an air strike are written with the air-force unit the exports give that state most often
("Military Forces of Syria (2000-) Syrian Arab Air Force"); the words are `generic.yaml`'s `air_words`.
`SITREP_EVENT_RULES_OFF=air_force_unit` switches it off.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import cache

from sitrep.actors.generic import generic_yaml
from sitrep.actors.spelling import name_key
from sitrep.config import acled_files, switched_off
from sitrep.model import Event

ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
LABEL = re.compile(r"^[A-Z][A-Za-z]{1,7}: (?P<name>.+)$")  # "QSD: Syrian Democratic Forces"
BRACKETED = re.compile(r"\s*\([^)]*\)\s*$")  # "Kurdistan Workers' Party (PKK)"


AIR_UNIT = re.compile(r"^Military Forces of (?P<country>[^(]+?) \([^)]*\) .*\bAir Force$")


@cache
def air_units() -> dict[str, str]:
    """Country (ACLED's spelling) -> the air force unit label the exports give it most often:
    "Syria" -> "Military Forces of Syria (2000-) Syrian Arab Air Force"."""
    return _most_given(AIR_UNIT, lambda match: match.group("country"))


@cache
def _given_labels() -> Counter[str]:
    """Every actor label of the exports, with how often they give it (the exports read once for
    both tables)."""
    given: Counter[str] = Counter()
    for path in acled_files():
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            for row in csv.DictReader(handle):
                for column in ACTOR_COLUMNS:
                    given.update(label.strip() for label in (row.get(column) or "").split(";"))
    return given


def _most_given(pattern: re.Pattern[str], key: Callable[[re.Match[str]], str]) -> dict[str, str]:
    """Key of each actor label the exports give that `pattern` matches -> the label most often given."""
    counts: Counter[tuple[str, str]] = Counter()
    for label, times in _given_labels().items():
        match = pattern.match(label)
        if match:
            counts[key(match), label] += times
    labels: dict[str, str] = {}
    for (found, label), _ in counts.most_common():
        labels.setdefault(found, label)
    return labels


@cache
def _air_words() -> re.Pattern[str]:
    words = generic_yaml()["air_words"]
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


STATE_FORCES = re.compile(r"^Military Forces of (?P<country>[^(;]+?)(?: \([^)]*\))?$")


def _actor_phrase(event: Event) -> str:
    """The actor1's words in the evidence, with the few words after them."""
    actor = event.field_spans.get("actor1")
    if actor is None:
        return ""
    for span in event.evidence:
        if span.start <= actor.start < span.end:
            rest = span.text[actor.end - span.start :].split()[: int(generic_yaml()["air_window"])]
            return " ".join([actor.text, *rest])
    return actor.text


def with_air_units(events: list[Event]) -> list[Event]:
    """The events whose actor1 is a state's forces named by their aircraft, under ACLED's label for
    that state's air force (`air_force_unit`), where the exports give one; air strikes only
    (`air_sub_events`)."""
    if "air_force_unit" in switched_off("SITREP_EVENT_RULES_OFF") or not events:
        return events
    result = []
    for event in events:
        state = STATE_FORCES.match(event.actor1)
        unit = air_units().get(state.group("country")) if state else None
        if (
            unit
            and event.sub_event_type in generic_yaml()["air_sub_events"]
            and _air_words().search(_actor_phrase(event))
        ):
            event = replace(event, actor1=unit)
        result.append(event)
    return result


@cache
def acled_labels() -> dict[str, str]:
    """Name key -> the "ACRONYM: Name" label the exports give that name most often."""
    return _most_given(LABEL, lambda match: name_key(match.group("name")))


def acled_label(name: str) -> str:
    """ACLED's label for an actor name, else the name."""
    if not name:
        return name
    own = LABEL.match(name)  # a dictionary name written as a label already: its name part
    return acled_labels().get(name_key(BRACKETED.sub("", own.group("name") if own else name)), name)


def with_acled_labels(events: list[Event]) -> list[Event]:
    """The events with their actors (and associated actors) under ACLED's labels."""
    if "acled_labels" in switched_off("SITREP_EVENT_RULES_OFF") or not events:
        return events

    def relabelled(names: str) -> str:
        return "; ".join(acled_label(name) for name in names.split("; ")) if names else names

    return [
        replace(
            event,
            actor1=relabelled(event.actor1),
            actor2=relabelled(event.actor2),
            assoc_actor_1=relabelled(event.assoc_actor_1),
            assoc_actor_2=relabelled(event.assoc_actor_2),
        )
        for event in events
    ]
