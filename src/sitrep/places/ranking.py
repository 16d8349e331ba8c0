"""Ranking: how likely a name means a candidate before context (prior), the story's focus
countries and provinces, the dateline, and the distance to the text's other places."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from sitrep.places.finder import _Mention
from sitrep.places.gazetteer import (
    ALIAS,
    ALTERNATE,
    SKELETON,
    Candidate,
)
from sitrep.places.patterns import CODED_PROMINENCE, FEATURE_PRECISION


def _dateline_country(mentions: Sequence[_Mention]) -> str | None:
    for mention in mentions:
        if mention.hint == "dateline" and mention.candidates:
            best = max(mention.candidates, key=lambda c: _prior(mention, c))
            return best.country_code
    return None


# ranking -------------------------------------------------------------------------------------


def _prior(mention: _Mention, candidate: Candidate) -> float:
    """How likely a name means this place before looking at the rest of the text."""
    kind = candidate.kind
    score = math.log10(candidate.population + 1)
    if candidate.events:  # a place where coders placed conflict events is as prominent as a town
        score = max(score, CODED_PROMINENCE + math.log10(candidate.events))
    if kind in ("admin1", "admin2"):
        score -= 1.5  # a bare name is the town more often than its province
    if candidate.quality == ALIAS:
        score -= 0.3
    elif candidate.quality == ALTERNATE:
        score -= 1.0
    elif candidate.quality == SKELETON:
        score -= 2.0
    exact = candidate.quality <= ALIAS  # old or foreign names (Salisbury for Harare) earn no bonus
    if candidate.curated and kind in FEATURE_PRECISION:
        score += 9.0  # curated: these names mean these features in the news
    elif kind in ("country", "continent") and exact:
        score += 6.0
    elif kind == "capital" and exact:
        score += 2.5
    if kind in ("city", "capital") and candidate.population >= 1_000_000 and exact:
        score += 2.5  # world cities keep their reading in stories focused on another country
    if mention.ruler_id == candidate.key:
        score += 3.0
    if mention.hint == "admin":
        score += 4.0 if kind in ("admin1", "admin2") else 0.0
    elif mention.hint == "city" and kind in ("city", "capital"):
        score += 3.0
    return score


def _focus(mentions: Sequence[_Mention]) -> tuple[dict[str, float], set[tuple[str, str]]]:
    """Share of each country among the first-choice readings, and the admin1 areas named."""
    counts: Counter[str] = Counter()
    admins: set[tuple[str, str]] = set()
    for mention in mentions:
        if not mention.candidates:
            continue
        best = max(zip(mention.prior, mention.candidates, strict=True), key=lambda pair: pair[0])[1]
        if best.country_code:
            counts[best.country_code] += 2 if best.kind == "country" else 1
        if best.kind == "admin1" and best.country_code and best.admin1:
            admins.add((best.country_code, best.admin1))
    total = sum(counts.values()) or 1
    return {iso: n / total for iso, n in counts.items()}, admins


def _context(
    candidate: Candidate,
    focus: dict[str, float],
    admin_focus: set[tuple[str, str]],
    dateline_country: str | None,
) -> float:
    score = 0.0
    if candidate.country_code:
        score += 8.0 * focus.get(candidate.country_code, 0.0)
        if candidate.country_code == dateline_country:
            score += 1.0
        if (
            candidate.admin1
            and (candidate.country_code, candidate.admin1) in admin_focus
            and candidate.kind != "admin1"
        ):
            score += 1.5
    return score


def _proximity(candidate: Candidate, anchors: Sequence[tuple[float, float]]) -> float:
    if not anchors or candidate.kind in (
        "country",
        "continent",
        "admin1",
        "admin2",
    ):  # regions are near everything
        return 0.0
    # a flat-earth distance is exact enough at the 50-250 km scale and much cheaper
    lat, lon, scale = candidate.latitude, candidate.longitude, math.cos(math.radians(candidate.latitude))
    nearest = 111.2 * math.sqrt(
        min((a[0] - lat) ** 2 + (((a[1] - lon + 180) % 360 - 180) * scale) ** 2 for a in anchors)
    )
    if nearest <= 50:
        return 2.0
    if nearest <= 250:
        return 1.0
    return 0.0


def _choose(mention: _Mention, scores: Sequence[float]) -> None:
    if mention.candidates:
        best = max(range(len(scores)), key=scores.__getitem__)
        mention.chosen = mention.candidates[best]
        mention.point = (mention.chosen.latitude, mention.chosen.longitude)
