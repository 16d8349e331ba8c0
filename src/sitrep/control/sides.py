"""Sides: which actors count as one side of a war on a given date (`sides.yaml`)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitrep.actors import ActorDictionary

SIDES_PATH = Path(__file__).with_name("sides.yaml")


@dataclass(frozen=True)
class Side:
    id: str
    label: str
    colour: str


@dataclass(frozen=True)
class Membership:
    side: str
    since: dt.date | None
    until: dt.date | None

    def on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.until is None  # undated: the alliance as it stands now
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class Conflict:
    name: str
    countries: frozenset[str]
    sides: tuple[Side, ...]
    members: dict[str, tuple[Membership, ...]]  # actor name -> its memberships over time
    umbrellas: dict[str, str]  # umbrella name -> side id

    def side_of(self, actor: str, day: dt.date | None, dictionary: ActorDictionary) -> str | None:
        for membership in self.members.get(actor, ()):
            if membership.on(day):
                return membership.side
        if actor in self.members:
            return None  # listed, but in no side on that day
        entry = dictionary.get(actor)
        for umbrella in entry.umbrella if entry else ():
            if umbrella in self.umbrellas:
                return self.umbrellas[umbrella]
        return None


class Sides:
    """The sides of every conflict in the file; an actor in none is its own side."""

    def __init__(self, conflicts: list[Conflict], dictionary: ActorDictionary) -> None:
        self.conflicts = conflicts
        self.dictionary = dictionary

    @classmethod
    def load(cls, path: Path = SIDES_PATH) -> Sides:
        return _load(path)

    def conflict_of(self, country: str | None) -> Conflict | None:
        return next((c for c in self.conflicts if country and country in c.countries), None)

    def side_of(self, actor: str, day: dt.date | None = None, country: str | None = None) -> str:
        """The side id of an actor on a day in the war over `country`'s places; the actor's own name
        when it is in no side; "" for no actor."""
        if not actor:
            return ""
        own = self.conflict_of(country)
        for conflict in [own] if own else self.conflicts:
            side = conflict.side_of(actor, day, self.dictionary)
            if side:
                return side
        return actor

    def with_state_forces(self, actor: str, day: dt.date | None = None, country: str | None = None) -> bool:
        """Whether an actor is in a side with a state force (ACLED inter 1) on that day: the government's
        allies and militias."""
        side = self.side_of(actor, day, country)
        conflict = self.conflict_of(country)
        if conflict is None or side == actor:
            return False
        return any(
            entry.inter == 1 and self.side_of(name, day, country) == side
            for name in conflict.members
            if (entry := self.dictionary.get(name)) is not None
        )

    def legend(self) -> list[dict[str, str]]:
        """Every side id with its label and colour, first conflict first (an id keeps its first label)."""
        seen: dict[str, dict[str, str]] = {}
        for conflict in self.conflicts:
            for side in conflict.sides:
                seen.setdefault(side.id, {"id": side.id, "label": side.label, "colour": side.colour})
        return list(seen.values())


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _conflict(raw: dict[str, Any]) -> Conflict:
    sides: list[Side] = []
    members: dict[str, tuple[Membership, ...]] = {}
    umbrellas: dict[str, str] = {}
    for side_raw in raw["sides"]:
        side = Side(side_raw["id"], side_raw.get("label", side_raw["id"]), side_raw.get("colour", "#777777"))
        sides.append(side)
        for item in side_raw.get("actors") or ():
            spec = item if isinstance(item, dict) else {"name": item}
            membership = Membership(side.id, _date(spec.get("from")), _date(spec.get("until")))
            members[spec["name"]] = (*members.get(spec["name"], ()), membership)
        for umbrella in side_raw.get("umbrellas") or ():
            umbrellas.setdefault(umbrella, side.id)
    return Conflict(raw["name"], frozenset(raw.get("countries") or ()), tuple(sides), members, umbrellas)


@functools.cache
def _load(path: Path) -> Sides:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Sides([_conflict(item) for item in raw["conflicts"]], ActorDictionary.load())
