"""Where the groups a text names fight, learnt from coded events (the rule `actor_areas`).

ACLED's exports say, event by event, which actors fought where. At build, the gazetteer counts
each actor's events by country and first-level region (`Gazetteer.actor_areas`); a text that names
an actor as the coders write it ("Operation Peace Spring", "Syrian Democratic Forces", or the
acronym of a label, "QSD") leans its places towards that actor's areas: its countries count in the
story's focus (a village "Modan" after "Operation Peace Spring" is the Syrian one, not Modane in
France) and its regions rank their namesakes higher (the "Arbaine" of Al-Hasakeh, not of Idlib).
Generic labels ("Civilians (Syria)", "Protesters (Iraq)") and state forces ("Military Forces of
Turkey (2016-)") are not written so in the news and match nothing. Weights: `rules.yaml`
`actor_areas:`; `SITREP_PLACE_RULES_OFF=actor_areas` switches it off.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sitrep.places.normalize import fold

ACRONYM_LABEL = re.compile(
    r"^(?P<acronym>[A-Z][A-Za-z]{1,7}): (?P<name>.+)$"
)  # "QSD: Syrian Democratic Forces"
YEARS = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")  # "Military Forces of Turkey (2016-)"
ACRONYM_WORD = re.compile(r"\b[A-Z][A-Za-z]{1,7}\b")


def words_key(text: str) -> str:
    """Lower-case words, accents, apostrophes and punctuation aside: how names are compared."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text).lower().replace("'", "").replace("’", "")))


def actor_keys(label: str) -> list[str]:
    """The keys an ACLED actor label is found by in a text: its name's words, and its acronym
    (case kept, marked '=')."""
    label = YEARS.sub("", label.strip())
    keys = []
    labelled = ACRONYM_LABEL.match(label)
    if labelled:
        keys.append("=" + labelled.group("acronym"))
        label = labelled.group("name")
    key = words_key(label)
    if len(key) >= 4:
        keys.append(key)
    return keys


@dataclass
class AreaShares:
    """The share of the named actors' coded events in each country and region."""

    countries: dict[str, float] = field(default_factory=dict)
    regions: dict[tuple[str, str], float] = field(default_factory=dict)


def areas_told(text: str, areas: dict[str, dict[tuple[str, str], int]], min_events: int) -> AreaShares:
    """The areas of the actors the text names, each actor weighing one (its events shared out)."""
    folded = f" {words_key(text)} "
    acronyms = {"=" + word for word in ACRONYM_WORD.findall(text)}
    named = [
        counts
        for key, counts in areas.items()
        if sum(counts.values()) >= min_events
        and (key in acronyms if key.startswith("=") else f" {key} " in folded)
    ]
    shares = AreaShares()
    if not named:
        return shares
    countries: dict[str, float] = defaultdict(float)
    regions: dict[tuple[str, str], float] = defaultdict(float)
    for counts in named:
        total = sum(counts.values())
        for (iso, admin1), n in counts.items():
            countries[iso] += n / total / len(named)
            if admin1:
                regions[(iso, admin1)] += n / total / len(named)
    shares.countries, shares.regions = dict(countries), dict(regions)
    return shares


def count_areas(rows: Iterable[tuple[str, str | None, Iterable[str]]]) -> dict[tuple[str, str, str], int]:
    """Events per (actor key, country, admin1 code) from (country, admin1, actor labels) rows."""
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for iso, admin1, labels in rows:
        for key in {key for label in labels if label for key in actor_keys(label)}:
            counts[(key, iso, admin1 or "")] += 1
    return dict(counts)
