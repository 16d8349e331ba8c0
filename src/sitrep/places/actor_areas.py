"""Where the groups a text names fight, learnt from coded events (the rule `actor_areas`).

ACLED's exports say, event by event, which actors fought where. At build, the gazetteer counts
each actor's events by country and first-level region (`Gazetteer.actor_areas`); a text that names
an actor as the coders write it ("Operation Peace Spring", "Syrian Democratic Forces", or the
acronym of a label, "QSD") leans its places towards that actor's areas: its countries count in the
story's focus (a village "Modan" after "Operation Peace Spring" is the Syrian one, not Modane in
France) and its regions rank their namesakes higher (the "Arbaine" of Al-Hasakeh, not of Idlib).
Generic labels ("Civilians (Syria)", "Protesters (Iraq)") and state forces ("Military Forces of
Turkey (2016-)") are not written so in the news and match nothing in its words; with the rule
`actor_entities`, the labels the actor dictionary gives the text's mentions are looked up too
("regime helicopters dropped barrel bombs": Military Forces of Syria, whose coded events are all in
Syria), for the story's countries only. Weights: `rules.yaml` `actor_areas:`; `SITREP_PLACE_RULES_OFF=actor_areas` (or
`actor_entities`) switches it off.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sitrep.places.normalize import fold

if TYPE_CHECKING:
    from sitrep.places.gazetteer import Gazetteer

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


@dataclass(frozen=True)
class KnownActors:
    """The coded actors with at least `min_events` events, ready to be looked up in a text: built
    once per gazetteer, not for each document."""

    areas: dict[str, dict[tuple[str, str], int]]  # key -> events by (country, admin1 code)
    totals: dict[str, int]  # key -> events
    order: dict[str, int]  # key -> its place in the gazetteer's table (shares summed in that order)
    sizes: dict[str, tuple[int, ...]]  # first word of a name key -> the word counts of its keys

    @classmethod
    def of(cls, areas: dict[str, dict[tuple[str, str], int]], min_events: int) -> KnownActors:
        totals = {key: sum(counts.values()) for key, counts in areas.items()}
        kept = {key: counts for key, counts in areas.items() if totals[key] >= min_events}
        sizes: dict[str, set[int]] = defaultdict(set)
        for words in (key.split() for key in kept if not key.startswith("=")):
            sizes[words[0]].add(len(words))
        return cls(
            areas=kept,
            totals={key: totals[key] for key in kept},
            order={key: index for index, key in enumerate(kept)},
            sizes={word: tuple(sorted(counts)) for word, counts in sizes.items()},
        )


_KNOWN: WeakKeyDictionary[Gazetteer, dict[int, KnownActors]] = WeakKeyDictionary()


def known_actors(gazetteer: Gazetteer, min_events: int) -> KnownActors:
    """The gazetteer's coded actors with at least `min_events` events (remembered per gazetteer)."""
    known = _KNOWN.setdefault(gazetteer, {})
    if min_events not in known:
        known[min_events] = KnownActors.of(gazetteer.actor_areas(), min_events)
    return known[min_events]


def areas_told(text: str, known: KnownActors, labels: Iterable[str] = ()) -> AreaShares:
    """The areas of the actors the text names, each actor weighing one (its events shared out): the
    text's runs of words and its acronyms looked up among the known actors' keys (only the runs
    as long as a key that starts with the run's first word). The ACLED labels the actor dictionary
    gave the text's mentions (`labels`: "regime helicopters" is "Military Forces of Syria") count
    for the countries only: a state's forces fight across the country, and where the coded period
    had them fight says little of where a report's fight is."""
    words = words_key(text).split()
    found = {"=" + word for word in ACRONYM_WORD.findall(text)}
    for i, word in enumerate(words):
        found.update(
            " ".join(words[i : i + size]) for size in known.sizes.get(word, ()) if i + size <= len(words)
        )
    labelled = {key for label in labels for key in actor_keys(label)} - found
    named = sorted((key for key in found | labelled if key in known.areas), key=known.order.__getitem__)
    shares = AreaShares()
    if not named:
        return shares
    countries: dict[str, float] = defaultdict(float)
    regions: dict[tuple[str, str], float] = defaultdict(float)
    for key in named:
        total = known.totals[key]
        for (iso, admin1), n in known.areas[key].items():
            countries[iso] += n / total / len(named)
            if admin1 and key not in labelled:
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
