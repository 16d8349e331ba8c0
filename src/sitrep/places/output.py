"""Output: roads and borders placed at their point nearest the other places, and ACLED's
geo_precision of each resolved mention."""

from __future__ import annotations

import math
from collections.abc import Sequence

from sitrep.geo import haversine_km
from sitrep.model import PlaceMention, Span
from sitrep.places.finder import _Mention
from sitrep.places.gazetteer import (
    Candidate,
)
from sitrep.places.patterns import BIG_KINDS, FEATURE_PRECISION

# lines: roads, rivers, borders ---------------------------------------------------------------


def _place_lines(mentions: Sequence[_Mention]) -> None:
    """A road or border mention resolves to its point nearest the other places of its sentence,
    else of the document; without any, to the line's middle."""
    points = [
        (m, m.chosen)
        for m in mentions
        if m.chosen is not None
        and not m.chosen.line
        and m.chosen.kind not in ("country", "continent", "admin1")
    ]
    for mention in mentions:
        line = mention.chosen.line if mention.chosen is not None else ()
        if len(line) < 2:
            continue
        near = [(c.latitude, c.longitude) for m, c in points if m.sentence == mention.sentence]
        near = near or [(c.latitude, c.longitude) for _, c in points]
        if near:
            mention.point = min((_nearest_on_line(line, p) for p in near), key=lambda q: q[1])[0]


def _nearest_on_line(
    line: Sequence[tuple[float, float]], point: tuple[float, float]
) -> tuple[tuple[float, float], float]:
    """The point of a polyline nearest to `point` (local flat projection) and its distance."""
    scale = math.cos(math.radians(point[0]))
    best: tuple[tuple[float, float], float] | None = None
    for (lat1, lon1), (lat2, lon2) in zip(line, line[1:], strict=False):
        ax, ay, bx, by = lon1 * scale, lat1, lon2 * scale, lat2
        px, py = point[1] * scale, point[0]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
        lat, lon = ay + t * dy, (ax + t * dx) / scale
        distance = haversine_km(lat, lon, point[0], point[1])
        if best is None or distance < best[1]:
            best = ((lat, lon), distance)
    assert best is not None
    return best


# output --------------------------------------------------------------------------------------


def _precision(mention: _Mention, candidate: Candidate) -> int:
    kind = candidate.kind
    if kind in FEATURE_PRECISION:
        precision = FEATURE_PRECISION[kind]
    elif kind == "admin2" or (
        mention.hint == "admin" and kind not in BIG_KINDS and any(a.kind != "country" for a in mention.areas)
    ):
        return 2  # a district, or an area named inside a province ("Kankara LGA (Katsina)")
    elif kind in ("country", "continent", "admin1") or mention.hint == "admin":
        return 3  # "Homs province" is the province even where only the town is in the gazetteer
    elif candidate.feature_class in ("P", "S"):
        precision = 1
    else:
        return 3
    return max(precision, 2) if mention.relative else precision


def _to_place_mention(mention: _Mention, text: str) -> PlaceMention:
    span = Span(mention.start, mention.end, text[mention.start : mention.end])
    chosen = mention.chosen
    if chosen is None or mention.point is None:
        return PlaceMention(span=span, role=mention.role)
    return PlaceMention(
        span=span,
        name=chosen.name,
        geonameid=chosen.geonameid,
        latitude=round(mention.point[0], 5),
        longitude=round(mention.point[1], 5),
        country_code=chosen.country_code,
        admin1=chosen.admin1_name or chosen.admin1,
        admin2=chosen.admin2_name,
        feature_kind=chosen.kind,
        geo_precision=_precision(mention, chosen),
        role=mention.role,
        seat=mention.seat,
    )
