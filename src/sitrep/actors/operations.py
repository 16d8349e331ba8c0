"""Named military operations as ACLED codes them (`named_operation`).

ACLED codes the fighters of a named operation under the operation's name, the forces that serve in
it associated: "Syrian National Army forces operating as part of Operation Peace Spring clashed with
QSD forces" has actor1 "Operation Peace Spring", assoc_actor_1 the Syrian National Army. The rule
reads the event's evidence for a frame ("as part of", "under") before a name that begins with a head
word ("Operation", both lists in `generic.yaml`), and gives the operation to the side whose actor is
named last before it (actor1 where the event has no actor spans). `SITREP_EVENT_RULES_OFF=named_operation`
switches it off.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Any

from sitrep.actors.generic import generic_yaml
from sitrep.config import switched_off
from sitrep.model import Event


def _table() -> dict[str, Any]:
    return generic_yaml()["operations"]


@cache
def operation_pattern() -> re.Pattern[str]:
    """Frame, then the operation's name: a head word and one to four capitalised words."""
    table = _table()
    frames = "|".join(
        re.escape(f).replace(r"\ ", r"\s+") for f in sorted(table["frames"], key=len, reverse=True)
    )
    heads = "|".join(re.escape(h) for h in table["heads"])
    return re.compile(rf"\b(?i:{frames})\s+(?:the\s+)?(?P<name>(?:{heads})(?:\s+[A-Z][\w'-]*){{1,4}})")


def _operation(event: Event) -> tuple[str, int] | None:
    """The operation named in the event's evidence and where (document offset), if any."""
    for span in event.evidence:
        match = operation_pattern().search(span.text)
        if match:
            return match.group("name"), span.start + match.start()
    return None


def text_between(event: Event, at: int) -> dict[str, str]:
    """The words between each side's actor and the operation's frame, where the actor comes first."""
    gaps: dict[str, str] = {}
    for side in ("actor1", "actor2"):
        actor = event.field_spans.get(side)
        if actor is None or actor.end > at:
            continue
        for span in event.evidence:
            if span.start <= actor.end <= at <= span.end:
                gaps[side] = span.text[actor.end - span.start : at - span.start]
    return gaps


def _serving_side(event: Event, at: int, gaps: dict[str, str]) -> str:
    """The side the operation's fighters are: the actor written just before its frame ("SNA forces
    operating as part of"), else, after an actor1 written further back ("QSD captured X after clashes
    with factions operating as part of"), the other side; actor1 where no actor comes before."""
    near = {side: len(gap.split()) for side, gap in gaps.items() if len(gap.split()) <= _table()["max_gap"]}
    if near:
        return min(near, key=near.__getitem__)
    return "actor2" if "actor1" in gaps else "actor1"


def _joined(*names: str) -> str:
    parts: list[str] = []
    for name in names:
        parts += [part for part in name.split("; ") if part and part not in parts]
    return "; ".join(parts)


def with_named_operations(events: list[Event]) -> list[Event]:
    """The events with a named operation as the actor of the side that serves in it."""
    if "named_operation" in switched_off("SITREP_EVENT_RULES_OFF"):
        return events
    result = []
    for event in events:
        found = _operation(event)
        if found is None or found[0] in (event.actor1, event.actor2):
            result.append(event)
            continue
        name, at = found
        side = _serving_side(event, at, text_between(event, at))
        if side == "actor2":
            event = replace(event, actor2=name, assoc_actor_2=_joined(event.actor2, event.assoc_actor_2))
        else:
            event = replace(event, actor1=name, assoc_actor_1=_joined(event.actor1, event.assoc_actor_1))
        result.append(event)
    return result
