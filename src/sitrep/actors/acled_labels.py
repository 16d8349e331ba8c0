"""ACLED's own labels for the dictionary's actors, learnt from the coded exports in `../shared`.

ACLED writes many groups as "ACRONYM: Name" ("QSD: Syrian Democratic Forces", "HTS: Hayat Tahrir al
Sham", "YPG: Peoples Protection Units"). An actor whose dictionary name is such a label's name,
spelled alike (`name_key`: case, hyphens, apostrophes and articles aside; an acronym in brackets
after the name dropped), is written in the events with ACLED's label, the one the exports use most.
The dictionary keeps its own names for every other stage (sides, control). Without the exports,
names stay as they are. `SITREP_EVENT_RULES_OFF=acled_labels` switches the renaming off.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import replace
from functools import cache

from sitrep.actors.spelling import name_key
from sitrep.config import acled_files, switched_off
from sitrep.model import Event

ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
LABEL = re.compile(r"^[A-Z][A-Za-z]{1,7}: (?P<name>.+)$")  # "QSD: Syrian Democratic Forces"
BRACKETED = re.compile(r"\s*\([^)]*\)\s*$")  # "Kurdistan Workers' Party (PKK)"


@cache
def acled_labels() -> dict[str, str]:
    """Name key -> the "ACRONYM: Name" label the exports give that name most often."""
    counts: Counter[tuple[str, str]] = Counter()
    for path in acled_files():
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            for row in csv.DictReader(handle):
                for column in ACTOR_COLUMNS:
                    for label in (row.get(column) or "").split(";"):
                        match = LABEL.match(label.strip())
                        if match:
                            counts[name_key(match.group("name")), label.strip()] += 1
    labels: dict[str, str] = {}
    for (key, label), _ in counts.most_common():
        labels.setdefault(key, label)
    return labels


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
