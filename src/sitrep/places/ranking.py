"""Ranking: how likely a name means a candidate before context (prior), the story's focus
countries and provinces, the dateline, and the distance to the text's other places."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

from sitrep.places.finder import _Mention
from sitrep.places.gazetteer import (
    ALIAS,
    ALTERNATE,
    SKELETON,
    Candidate,
)
from sitrep.places.patterns import FEATURE_PRECISION
from sitrep.places.rules import load_rules


def _dateline_country(mentions: Sequence[_Mention]) -> str | None:
    for mention in mentions:
        if mention.hint == "dateline" and mention.candidates:
            best = max(mention.candidates, key=lambda c: _prior(mention, c))
            return best.country_code
    return None


# quality of the name matched -> the weight of rules.yaml's prior it takes
_QUALITY_WEIGHT = {ALIAS: "alias", ALTERNATE: "alternate", SKELETON: "skeleton"}


def _prior(mention: _Mention, candidate: Candidate) -> float:
    """How likely a name means this place before looking at the rest of the text."""
    rules = load_rules()
    weight = rules.prior
    kind = candidate.kind
    score = math.log10(candidate.population + 1)
    if not candidate.population and kind == "city" and rules.on("unknown_population"):
        score = weight["unknown_population"]
    if candidate.events:  # a place where coders placed conflict events is as prominent as a town
        score = max(score, weight["coded_prominence"] + math.log10(candidate.events))
    if kind in ("admin1", "admin2"):
        score += weight["admin_area"]
    if candidate.quality in _QUALITY_WEIGHT:
        score += weight[_QUALITY_WEIGHT[candidate.quality]]
    score = _kind_bonus(score, candidate, weight)
    if mention.ruler_id == candidate.key:
        score += weight["ruler_match"]
    if mention.hint == "admin":
        score += weight["admin_hint"] if kind in ("admin1", "admin2") else 0.0
    elif mention.hint == "city" and kind in ("city", "capital"):
        score += weight["city_hint"]
    return score


def _kind_bonus(bonus: float, candidate: Candidate, weight: dict[str, float]) -> float:
    """A score with the bonus of curated features, countries, capitals and world cities; old or
    foreign names (Salisbury for Harare) earn none."""
    kind, exact = candidate.kind, candidate.quality <= ALIAS
    if candidate.curated and kind in FEATURE_PRECISION:
        bonus += weight["curated_feature"]
    elif kind in ("country", "continent") and exact:
        bonus += weight["country"]
    elif kind == "capital" and exact:
        bonus += weight["capital"]
    if kind in ("city", "capital") and candidate.population >= weight["world_city_population"] and exact:
        bonus += weight["world_city"]
    return bonus


def _focus(
    mentions: Sequence[_Mention], leanings: Mapping[str, float] | None = None
) -> tuple[dict[str, float], set[tuple[str, str]]]:
    """Share of each country among the first-choice readings, and the admin1 areas named;
    `leanings`: readings' worth of countries known before the text's own places (`leanings`)."""
    counts: dict[str, float] = defaultdict(float)
    for iso, weight in (leanings or {}).items():
        counts[iso] += weight
    admins: set[tuple[str, str]] = set()
    for mention in mentions:
        if not mention.candidates:
            continue
        best = max(zip(mention.prior, mention.candidates, strict=True), key=lambda pair: pair[0])[1]
        if best.country_code:
            counts[best.country_code] += _weight(mention, best)
        if best.kind == "admin1" and best.country_code and best.admin1:
            admins.add((best.country_code, best.admin1))
    total = sum(counts.values()) or 1
    return {iso: n / total for iso, n in counts.items()}, admins


def _weight(mention: _Mention, reading: Candidate) -> float:
    """A reading's worth in the focus: a country named counts twice, a demonym ("Turkish forces",
    an actor's adjective more than a place) as `context.demonym` readings, any other place once."""
    if mention.role == "demonym":
        return float(load_rules().context["demonym"])
    return 2.0 if reading.kind == "country" else 1.0


def leanings(feed: Mapping[str, float] | None, actor_countries: Mapping[str, float]) -> dict[str, float]:
    """The countries a text leans to before its own places, in readings' worth: the run's feed
    (`feed_focus`: shares as `feed.weight` readings) and the countries its actors fight in
    (`actor_areas`: shares as `actor_areas.country` readings)."""
    rules = load_rules()
    counts: dict[str, float] = defaultdict(float)
    for shares, weight in (
        (feed or {}, rules.feed["weight"]),
        (actor_countries, rules.actor_areas["country"]),
    ):
        for iso, share in shares.items():
            counts[iso] += weight * share
    return dict(counts)


def _context(
    candidate: Candidate,
    focus: dict[str, float],
    admin_focus: set[tuple[str, str]],
    dateline_country: str | None,
    actor_regions: Mapping[tuple[str, str], float] | None = None,
) -> float:
    rules = load_rules()
    weight = rules.context
    score = 0.0
    if actor_regions and candidate.country_code and candidate.admin1 and candidate.kind != "admin1":
        # `actor_areas`: the regions where the text's actors fought
        score += rules.actor_areas["region"] * actor_regions.get(
            (candidate.country_code, candidate.admin1), 0.0
        )
    if candidate.country_code:
        if rules.on("focus"):
            score += weight["focus"] * focus.get(candidate.country_code, 0.0)
        if candidate.country_code == dateline_country and rules.on("dateline"):
            score += weight["dateline"]
        if (
            candidate.admin1
            and (candidate.country_code, candidate.admin1) in admin_focus
            and candidate.kind != "admin1"
            and rules.on("focus")
        ):
            score += weight["admin_focus"]
    return score


def _proximity(candidate: Candidate, anchors: Sequence[tuple[float, float]]) -> float:
    if not anchors or candidate.kind in (
        "country",
        "continent",
        "admin1",
        "admin2",
    ):  # regions are near everything
        return 0.0
    weight = load_rules().proximity
    # a flat-earth distance is exact enough at the 50-250 km scale and much cheaper
    lat, lon, scale = candidate.latitude, candidate.longitude, math.cos(math.radians(candidate.latitude))
    nearest = 111.2 * math.sqrt(
        min((a[0] - lat) ** 2 + (((a[1] - lon + 180) % 360 - 180) * scale) ** 2 for a in anchors)
    )
    if nearest <= weight["near_km"]:
        return weight["near"]
    if nearest <= weight["region_km"]:
        return weight["region"]
    return 0.0


def _choose(mention: _Mention, scores: Sequence[float]) -> None:
    if mention.candidates:
        best = max(range(len(scores)), key=scores.__getitem__)
        mention.chosen = mention.candidates[best]
        mention.point = (mention.chosen.latitude, mention.chosen.longitude)
