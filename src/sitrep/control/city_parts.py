"""The rule `city_parts`: a control adjective on a part of a town named before, not after: "rebel shelling
on the government-held west" (of Aleppo city, named in the sentence before), "the city ... has been
divided into rebel-held and regime-held areas", "ISIS-held parts of the city". The town is the last one
the text named within `city_parts.reach` characters before the cue (lexicon.yaml).

Switch it off for a run with SITREP_CONTROL_OFF=city_parts to measure what it earns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitrep.model import PlaceMention

TOWN_KINDS = ("city", "capital")
# "the provinces of Aleppo and Idlib", "Idlib province": a province's name, though it resolved to the town
PROVINCE_BEFORE = re.compile(r"\bprovinces?\s+of\s+(?:[\w'’-]+\s+and\s+)?$", re.IGNORECASE)
PROVINCE_AFTER = re.compile(r"\s+(?:province|provinces|governorate|countryside)\b", re.IGNORECASE)


def part_pattern(parts: Sequence[str], sides: Sequence[str]) -> re.Pattern[str]:
    """After a "<who>-held" cue: another such cue joined by "and", a side ("eastern"), a part word, and
    "of the (northern) city"; nothing after that may place it elsewhere ("areas of the country", "a
    rebel-held area to its east")."""
    either = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    side = "|".join(re.escape(p) for p in sorted(sides, key=len, reverse=True))
    return re.compile(
        rf"(?:\s+and\s+[\w'’]+[-\s](?:held|controlled))?\s+(?:(?:{side})\s+)?(?:{either})\b"
        r"(?:\s+of\s+the\s+(?:[\w'’]+\s+)?(?:city|town))?(?!\s+(?:of|in|to|outside|near|around)\b)",
        re.IGNORECASE,
    )


def town_of_part(
    text: str,
    places: Sequence[PlaceMention],
    cue: tuple[int, int],
    country: str | None,
    pattern: re.Pattern[str],
    reach: int,
) -> PlaceMention | None:
    """The town a "<who>-held <part>" cue (its start and end) speaks of: the last town of the story's
    country named before it, within `reach` characters (not Geneva of the peace talks); None when no part
    word follows the cue or no such town was named."""
    start, end = cue
    if not pattern.match(text, end):
        return None
    before = [
        p
        for p in places
        if p.span.end <= start
        and start - p.span.end <= reach
        and p.feature_kind in TOWN_KINDS
        and (country is None or p.country_code == country)
        and not PROVINCE_BEFORE.search(text, max(0, p.span.start - 40), p.span.start)
        and not PROVINCE_AFTER.match(text, p.span.end)
    ]
    return before[-1] if before else None
