"""The rule `still_held`: a report that tells an earlier capture as fact, and nothing later of that
place, says the captor holds it as of the report ("Kurdish-led forces retook Manbij in August", in
an October report). A `holds` statement as of the publication date follows, weaker than the
capture (`base_confidence.still_held` in lexicon.yaml scales it), with the capture's evidence.

Switch it off for a run with SITREP_CONTROL_OFF=still_held to measure what it earns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace

from sitrep.control.model import ControlFact


def still_held(facts: list[ControlFact], published: dt.date | None, weight: float) -> list[ControlFact]:
    """`holds` as of `published` for each place whose latest statement in the report is an earlier
    capture by one controller; [] without a publication date."""
    if published is None:
        return []
    by_place: dict[str, list[ControlFact]] = defaultdict(list)
    for fact in facts:
        by_place[fact.place_key].append(fact)
    out = []
    for told in by_place.values():
        latest = max(fact.as_of or published for fact in told)
        last = [fact for fact in told if (fact.as_of or published) == latest]
        captors = {fact.controller for fact in last if fact.relation == "captured"}
        if latest >= published or len(captors) != 1 or any(f.relation != "captured" for f in last):
            continue  # told as of the report already, or the report's last word is not one capture
        capture = max(last, key=lambda fact: fact.confidence)
        out.append(
            replace(
                capture,
                relation="holds",
                as_of=published,
                confidence=capture.confidence * weight,
                counterpart="",
                source="still_held",
                evidence=list(capture.evidence),
                hedges=list(capture.hedges),
            )  # fmt: skip
        )
    return out
