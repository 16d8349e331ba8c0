"""The rule `province_namesakes`: a village whose name several villages of the country share is the one in
the province the text named last before it. "... the southern and northern countryside of Hama central
province. ... broke the siege imposed on al-Zara power plant" is Az Zārah of Hama, not Az Zārā of Homs,
which an article-name pattern of the entity ruler would otherwise pick for its exact spelling."""

from __future__ import annotations

from collections.abc import Sequence

from sitrep.places.finder import _Mention
from sitrep.places.rules import load_rules

TOWN_KINDS = ("city",)


def choose_namesakes_in_named_province(mentions: Sequence[_Mention]) -> None:
    """Move each small town's reading to its namesake in the province named last before it, within
    `namesakes.reach` characters, when exactly one such namesake, spelt as well, lies there."""
    settings = load_rules().namesakes
    province: tuple[str, str] | None = None
    province_end = 0
    for mention in sorted(mentions, key=lambda m: m.start):
        chosen = mention.chosen
        if chosen is None or mention.role != "location":
            continue
        if chosen.kind == "admin1" and chosen.country_code and chosen.admin1:
            province, province_end = (chosen.country_code, chosen.admin1), mention.end
            continue
        if (
            province is None
            or mention.start - province_end > settings["reach"]
            or chosen.kind not in TOWN_KINDS
            or chosen.population >= settings["max_population"]
            or chosen.events
            or (chosen.country_code, chosen.admin1) == province
        ):
            continue
        there = [
            c
            for c in mention.candidates
            if (c.country_code, c.admin1) == province and c.kind in TOWN_KINDS and c.quality <= chosen.quality
        ]
        if len(there) == 1:
            mention.chosen = there[0]
            mention.point = (there[0].latitude, there[0].longitude)
