"""Who holds a place as of a date, computed from all its statements at query time, so documents
ingested in any order give the same history.

- Only evidence dated on or before the date counts, and none older than `max_age_days`.
- A capture by one side sets aside the older evidence for every other side; a loss sets aside the
  loser's older evidence. A capture also says who held the place the day before: the side it was
  taken from.
- Each side's weight combines its documents as independent sources (noisy-or of each document's best
  statement), each statement's confidence (hedges lowered it) halved every `half_life_days`.
- The leading side holds the place; under `contested_share` of all the weight, or when a statement of
  split control leads, the place is contested.
- A siege lasts from its first statement until it is broken or the besieger takes the place.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sitrep.control.lexicon import StateSettings
from sitrep.control.model import Evidence, PlaceState

HOLDING = ("holds", "captured", "besieged", "siege_broken")
CONTESTED = "contested"
DAY = dt.timedelta(days=1)


@dataclass
class Support:
    """Weight for one side holding the place from a date on, resting on one statement."""

    side: str
    controller: str
    day: dt.date
    evidence: Evidence
    implied: bool = False  # the holder before a capture, which the capture implies


@dataclass
class Siege:
    besieger: str
    besieger_side: str
    since: dt.date
    broken_on: dt.date | None
    evidence: list[Evidence]


def supports(evidence: Iterable[Evidence], day: dt.date, settings: StateSettings) -> list[Support]:
    """The statements still standing on `day`, after captures and losses set older ones aside."""
    oldest = day - dt.timedelta(days=settings.max_age_days)
    standing: list[Support] = []
    for e in sorted(evidence, key=_order):
        if e.as_of > day or e.as_of < oldest:
            continue
        if e.relation == "captured" and e.side:
            standing = [s for s in standing if s.side == e.side or s.day >= e.as_of]
            if e.counterpart_side and e.counterpart_side != e.side:
                standing.append(Support(e.counterpart_side, e.counterpart, e.as_of - DAY, e, implied=True))
        if e.relation == "lost" and e.side:
            standing = [s for s in standing if s.side != e.side or s.day >= e.as_of]
            if e.counterpart_side:
                standing.append(Support(e.counterpart_side, e.counterpart, e.as_of, e))
        if e.relation in HOLDING and e.side:
            standing.append(Support(e.side, e.controller, e.as_of, e))
        elif e.relation == CONTESTED:
            standing.append(Support(CONTESTED, "", e.as_of, e))
    return standing


def holder(
    key: str, place: tuple[str, float, float, str | None], evidence: Sequence[Evidence], day: dt.date,
    settings: StateSettings,
) -> PlaceState | None:  # fmt: skip
    """The state of one place on `day`; None when no statement about it stands then."""
    standing = supports(evidence, day, settings)
    siege = siege_on(evidence, day)
    if not standing and siege is None:
        return None
    weights: dict[str, float] = {}
    for side, items in _by(standing, lambda s: s.side).items():
        best_per_document: dict[str, float] = defaultdict(float)
        for s in items:
            weight = s.evidence.confidence * 0.5 ** ((day - s.day).days / settings.half_life_days)
            source = s.evidence.outlet or s.evidence.doc_id  # one outlet's reports are not independent
            best_per_document[source] = max(best_per_document[source], weight)
        missing = 1.0
        for weight in best_per_document.values():
            missing *= 1.0 - weight
        weights[side] = 1.0 - missing
    name, lat, lon, country = place
    if not weights:  # only a siege is known: the besieged holder is not
        assert siege is not None
        return PlaceState(key, name, lat, lon, country, day, "", "", CONTESTED, 0.0, None, siege.evidence,
                          _documents(siege.evidence), siege.besieger, siege.besieger_side, siege.since)  # fmt: skip
    total = sum(weights.values())
    side = max(weights, key=lambda s: (weights[s], s))
    share = weights[side] / total
    contested = side == CONTESTED or share < settings.contested_share
    held = [s for s in standing if s.side == side]
    controllers: dict[str, float] = defaultdict(float)
    for s in held:
        controllers[s.controller] += s.evidence.confidence
    used = [s.evidence for s in (standing if contested else held)]
    return PlaceState(
        key=key, place=name, latitude=lat, longitude=lon, country_code=country, as_of=day,
        controller="" if contested else max(controllers, key=lambda c: (controllers[c], c)),
        side="" if contested else side, relation=CONTESTED if contested else "holds",
        confidence=weights[side] * share, since=min(s.day for s in held) if held else None,
        evidence=_unique(used), sources=_documents(used),
        besieged_by=siege.besieger if siege else "", besieged_side=siege.besieger_side if siege else "",
        besieged_since=siege.since if siege else None,
    )  # fmt: skip


def sieges(evidence: Iterable[Evidence]) -> list[Siege]:
    """Every siege of the place, in order: from its first statement to its break (or the besieger's capture)."""
    out: list[Siege] = []
    current: Siege | None = None
    for e in sorted(evidence, key=_order):
        ends = e.relation == "siege_broken" or (
            current is not None and e.relation == "captured" and e.side == current.besieger_side
        )
        if ends and current is not None:
            current.broken_on = e.as_of
            current.evidence.append(e)
            current = None
        elif e.relation in ("besieges", "besieged"):
            besieger, besieger_side = (
                (e.controller, e.side) if e.relation == "besieges" else (e.counterpart, e.counterpart_side)
            )
            if current is None:
                current = Siege(besieger, besieger_side, e.as_of, None, [e])
                out.append(current)
            else:
                current.evidence.append(e)
                if not current.besieger:
                    current.besieger, current.besieger_side = besieger, besieger_side
    return out


def siege_on(evidence: Iterable[Evidence], day: dt.date) -> Siege | None:
    """The siege under way on `day`, if any."""
    for siege in sieges(evidence):
        if siege.since <= day and (siege.broken_on is None or day < siege.broken_on):
            return siege
    return None


def history(
    key: str,
    place: tuple[str, float, float, str | None],
    evidence: Sequence[Evidence],
    settings: StateSettings,
) -> list[dict]:
    """The holders of a place over time: one period per holder, with the statements dated in it."""
    days = sorted({e.as_of for e in evidence} | {e.as_of - DAY for e in evidence if e.relation == "captured"})
    periods: list[dict] = []
    for day in days:
        state = holder(key, place, evidence, day, settings)
        if state is None:
            continue
        label = (state.side, state.relation, state.besieged_side)
        if periods and periods[-1]["label"] == label:
            periods[-1]["confidence"] = state.confidence
            continue
        if periods:
            periods[-1]["until"] = (day - DAY).isoformat()
        periods.append({"label": label, "from": day.isoformat(), "until": None, "controller": state.controller,
                        "side": state.side, "relation": state.relation, "confidence": state.confidence,
                        "besieged_by": state.besieged_by})  # fmt: skip
    for period in periods:
        start = dt.date.fromisoformat(period["from"])
        end = dt.date.fromisoformat(period["until"]) if period["until"] else dt.date.max
        within = [e for e in sorted(evidence, key=_order) if start <= e.as_of <= end]
        captured_next = [e for e in evidence if e.relation == "captured" and e.as_of - DAY == end]
        period["evidence"] = [_evidence_row(e) for e in within + captured_next]
        del period["label"]
    return periods


def _order(e: Evidence) -> tuple:
    # a capture or loss on a day comes before that day's holding statements, which then stand
    rank = {"captured": 0, "lost": 0, "siege_broken": 1}.get(e.relation, 2)
    return (e.as_of, rank, e.doc_id, e.relation, e.controller)


def _by(items: Iterable[Support], key: Callable[[Support], str]) -> dict[str, list[Support]]:
    grouped: dict[str, list[Support]] = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped


def _unique(evidence: Iterable[Evidence]) -> list[Evidence]:
    seen: dict[int, Evidence] = {}
    for e in evidence:
        seen.setdefault(id(e), e)
    return sorted(seen.values(), key=_order)


def _documents(evidence: Iterable[Evidence]) -> list[str]:
    return sorted({e.doc_id for e in evidence})


def _evidence_row(e: Evidence) -> dict:
    return {"doc_id": e.doc_id, "as_of": e.as_of.isoformat(), "relation": e.relation, "controller": e.controller,
            "side": e.side, "confidence": round(e.confidence, 3), "text": e.evidence}  # fmt: skip
