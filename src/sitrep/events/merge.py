"""One event per happening within a report: retellings merged, summaries' totals not counted.

Besides the same actors, type, day and town, named rules (thresholds in `merge.yaml`, each
switchable there or for one run with `SITREP_MERGE_OFF=victims_retold,...`)
recognise a retelling that names its place or toll differently:

- `held_place`: one telling knows the place only by its province or country, the other
  names a place inside it ("an attack on military posts in Hama countryside", then "al-Zara").
- `same_toll`: the same day's death toll told twice, once at the target and once where the fire
  came from ("eight killed in Damascus", "terrorists based in Eastern Ghouta ... killing eight").
- `victims_retold`: an attack on civilians, by nobody named, told at the place and on the day of a
  strike, shelling or bombing of the report is that one's victims counted again ("Twelve people were
  killed", "the bodies of dead children"), not a second happening: it takes the remote violence's type.
- `namesake_province`: a place named like its province and the seat of it ("Syria's rebel-held
  Idlib", "Hama"), told without a word for a city or its parts (`city_words`), may stand for the
  province: it holds the towns of that province told on the same day ("a gas attack on Idlib", "the
  town of Khan Sheikhoun in Idlib"), and the town named wins over the seat.
- `equipment_retold`: property of an armed side destroyed by another, at the place and on the day of
  a fight or strike of the report, is that fight's toll on equipment ("destroying 10 of their
  machinegun-equipped vehicles"), not looting: it takes the fight's type.
- `either_side_first`: a clash has no attacker: its two sides may be told in the other order than by
  another telling of the happening ("clashes between rebels and regime forces", "the regime captured the
  village").
- `undated_retelling`: an event told later without a date of its own (it took the report's), of the sub-event
  type and at the point of one told before with an earlier date, is that happening told again ("In early
  April ... a chemical attack on Khan Sheikhun", then "the OPCW said ... sarin had been used in Khan Sheikhun").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from spacy.tokens import Span as SpacySpan

from sitrep.config import enabled_rules
from sitrep.events.taxonomy import (
    ARMED,
    BATTLES,
    CLASH,
    EXPLOSIONS,
    LOOTING,
    PREVAILING_SUB_TYPES,
    civilian_targeting,
    disorder_type,
    interaction_code,
    sub_types_agree,
)
from sitrep.geo import haversine_km
from sitrep.model import Event, PlaceMention
from sitrep.places.normalize import admin_core, name_key, skeleton

CONFIG_FILE = Path(__file__).with_name("merge.yaml")


@dataclass(frozen=True)
class Settings:
    enabled: frozenset[str]
    same_toll_min_fatalities: int
    same_toll_max_km: float
    city_words: re.Pattern[str]


@cache
def load_settings(path: Path = CONFIG_FILE) -> Settings:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Settings(
        enabled=enabled_rules(data["rules"], "SITREP_MERGE_OFF"),
        same_toll_min_fatalities=int(data["same_toll_min_fatalities"]),
        same_toll_max_km=float(data["same_toll_max_km"]),
        city_words=re.compile(
            r"\b(?:" + "|".join(map(re.escape, data["city_words"])) + r")\b", re.IGNORECASE
        ),
    )


def sums_up(sentence: SpacySpan, places: Sequence[PlaceMention]) -> bool:
    """A sentence that sums up events in places far apart ("2 killed in Aleppo and Quneitra")."""
    here = [
        p for p in places
        if p.resolved and p.role == "location" and sentence.start_char <= p.span.start < sentence.end_char
    ]  # fmt: skip
    return any(_apart(a, b) for i, a in enumerate(here) for b in here[i + 1 :])


def _apart(a: PlaceMention, b: PlaceMention) -> bool:
    """Two places far apart, neither the province or country the other lies in ("the village of
    Khatab in central Hama province" is one place)."""
    for area, place in ((a, b), (b, a)):
        if area.feature_kind == "country" and area.country_code == place.country_code:
            return False
        if area.feature_kind == "admin1" and (area.country_code, area.admin1) == (
            place.country_code,
            place.admin1,
        ):
            return False
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) > 50  # type: ignore[arg-type]


MERGE_KM = 10.0  # retellings of one event name the same town, or its neighbourhoods

HEADLINE_SENTENCES = 3  # a headline, dateline and byline come first
HEADLINE_CAPITALS = 0.6  # share of capitalised words that marks a headline in title case


def is_headline(sentences: list[SpacySpan], index: int) -> bool:
    """ "In an Ambush Syrian Forces Kill 35 Terrorists.": a title-case line at the top of a report
    announces the news its body tells."""
    if index >= HEADLINE_SENTENCES:
        return False
    words = [t for t in sentences[index] if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) / len(words) >= HEADLINE_CAPITALS


def fold_headlines(events: list[Event], headlines: set[str]) -> list[Event]:
    """A headline's event is the body's news told again: its evidence joins the body event it
    announces (same sub-event type, else same event type, else the first), and it counts once.
    A headline whose news the body does not tell stays an event."""
    body = [e for e in events if e.event_id not in headlines]
    if not body:
        return events
    for event in (e for e in events if e.event_id in headlines):
        told = next(
            (e for e in body if e.sub_event_type == event.sub_event_type),
            next((e for e in body if e.event_type == event.event_type), body[0]),
        )
        told.evidence.extend(event.evidence)
    return body


def merge_retellings(
    events: list[Event], summaries: set[str], retold: set[str], continued: set[str]
) -> list[Event]:
    """One event per actor pair, type, place and day: later retellings add their evidence.

    Retellings agree on event type and day, name the same or compatible sub-event types (an air
    strike that carried gas, a clash that won ground: `taxonomy.COMPATIBLE_SUB_TYPES`), lie within MERGE_KM
    (or a named rule of the module's list recognises them), and name the same actors or leave one
    unnamed. The larger fatality figure is kept, never their sum (one death told twice is one
    death), and a summary sentence's total ("2 killed in Aleppo and Quneitra") is not a figure
    of any one event. A named actor and a precise place win over unidentified and vague ones.
    An event told with a definite noun ("the air raid") is the latest event of its type told before;
    one whose clause has a definite event noun for subject ("The attack also caused damage") is the
    latest event told before, of any type.
    """
    merged: list[Event] = []
    for event in events:
        same = next((m for m in merged if _retelling(m, event)), None)
        if same is None and event.event_id in retold:
            same = next((m for m in reversed(merged) if m.sub_event_type == event.sub_event_type), None)
        if same is None and event.event_id in continued and merged:
            same = merged[-1]
        if same is None:
            if event.event_id in summaries:
                event.fatalities = (
                    0 if any(_near(event, e) for e in events if e is not event) else event.fatalities
                )
            merged.append(event)
            continue
        absorb(same, event)
        if event.event_id not in summaries:
            same.fatalities = max(same.fatalities, event.fatalities)
    return merged


def absorb(same: Event, other: Event) -> None:
    """Fold another telling of `same` into it: its evidence, the sub-event type that names the
    happening (the gas over the air strike that carried it), and its named actors and finer place
    where `same` has unidentified or vaguer ones. Fatalities are the caller's rule to apply."""
    same.evidence.extend(other.evidence)
    if other.sub_event_type in PREVAILING_SUB_TYPES and same.sub_event_type not in PREVAILING_SUB_TYPES:
        same.sub_event_type = other.sub_event_type  # the air strike carried gas: a chemical attack
    if _part_of(same, other) is same:  # the victims or the wrecks of a strike or fight: its type
        same.event_type, same.sub_event_type = other.event_type, other.sub_event_type
        same.disorder_type = disorder_type(same.event_type, same.sub_event_type)
    for actor, assoc, inter in (
        ("actor1", "assoc_actor_1", "inter1"),
        ("actor2", "assoc_actor_2", "inter2"),
    ):
        if vague_actor(getattr(same, actor)) and not vague_actor(getattr(other, actor)):
            for key in (actor, assoc, inter):
                setattr(same, key, getattr(other, key))
    if (other.geo_precision or 3) < (same.geo_precision or 3) or _town_over_seat(other, same):
        for key in ("location", "latitude", "longitude", "geo_precision", "admin1", "admin2"):
            setattr(same, key, getattr(other, key))
    if same.claim_status == "reported":
        same.claim_status, same.tags = other.claim_status, other.tags
    same.interaction = interaction_code(same.inter1, same.inter2)
    same.civilian_targeting = civilian_targeting(same.sub_event_type, same.inter2)


def _kin(a: Event, b: Event) -> bool:
    """Types that two tellings of one happening may carry: the same event type with agreeing
    sub-event types, or a part of a happening told as a happening of its own (`_part_of`)."""
    if a.event_type == b.event_type:
        return sub_types_agree(a.sub_event_type, b.sub_event_type)
    return _part_of(a, b) is not None


def _part_of(a: Event, b: Event) -> Event | None:
    """Which of two events of different types only tells a part of the other, or None:
    `victims_retold`, an attack on civilians by nobody named beside a strike, shelling or bombing
    (its sentence counts victims: "Twelve people were killed"; "they executed 15 detainees by
    shooting" tells a happening of its own); `equipment_retold`, property of an armed side
    destroyed by another beside a fight or strike ("after killing about 100 terrorists and
    destroying 10 of their machinegun-equipped vehicles")."""
    enabled = load_settings().enabled
    for part, whole in ((a, b), (b, a)):
        if (
            "victims_retold" in enabled
            and part.sub_event_type == "Attack"
            and vague_actor(part.actor1)
            and whole.event_type == EXPLOSIONS
        ):
            return part
        if (
            "equipment_retold" in enabled
            and part.sub_event_type == LOOTING
            and part.inter1 in ARMED
            and part.inter2 in ARMED
            and whole.event_type in (BATTLES, EXPLOSIONS)
        ):
            return part
    return None


def _retelling(a: Event, b: Event) -> bool:
    if not _kin(a, b):
        return False
    if a.event_date != b.event_date and not _undated_retelling(a, b):
        return False
    enabled = load_settings().enabled
    if not _same_sides(a, b, "either_side_first" in enabled):
        return False
    return (
        _near(a, b)
        or ("held_place" in enabled and _held_place(a, b))
        or ("same_toll" in enabled and _same_toll(a, b))
    )


def _same_sides(a: Event, b: Event, either_first: bool) -> bool:
    """The two tellings name compatible actors, in order; with `either_side_first`, in either order
    when one telling is a clash, which has no attacker ("clashes between regime forces and rebels",
    then "the regime captured the village": the clash told its sides the other way round)."""
    if compatible_actors(a.actor1, b.actor1) and compatible_actors(a.actor2, b.actor2):
        return True
    return (
        either_first
        and CLASH in (a.sub_event_type, b.sub_event_type)
        and compatible_actors(a.actor1, b.actor2)
        and compatible_actors(a.actor2, b.actor1)
    )


def _undated_retelling(told: Event, later: Event) -> bool:
    """Rule `undated_retelling`: "In early April at least 88 civilians were killed in a suspected chemical
    attack on Khan Sheikhun. The OPCW said last week that sarin had been used in Khan Sheikhun": an event
    told after another of its sub-event type without a date of its own (it took the report's) is that
    happening told again, when it is placed at the same point. Dates apart only by the report's date."""
    if "undated_retelling" not in load_settings().enabled or "event_date" in later.field_spans:
        return False
    return (
        told.sub_event_type == later.sub_event_type
        and told.event_date is not None
        and later.event_date is not None
        and told.event_date < later.event_date
        and (told.latitude, told.longitude) == (later.latitude, later.longitude)
    )


def _held_place(a: Event, b: Event) -> bool:
    """One telling knows only the province or country (geo precision 3), or names the province's
    namesake seat (`namesake_province`), and it holds the other's place. A place "near" a town
    (precision 2) is told apart from another town of its province."""
    if _town_over_seat(a, b) or _town_over_seat(b, a):
        return True
    return 3 in (a.geo_precision, b.geo_precision) and holding_area(a, b) is not None


def namesake_seat(event: Event) -> bool:
    """Rule `namesake_province`: the event is placed at a town named like its province ("Idlib" in
    Idlib, "Ḩamāh" in Hama), and its evidence names no part of a city ("city", "neighbourhoods"):
    the name may stand for the province."""
    settings = load_settings()
    if "namesake_province" not in settings.enabled or not (event.location and event.admin1):
        return False
    if skeleton(name_key(event.location)) != skeleton(name_key(admin_core(event.admin1))):
        return False
    return not any(settings.city_words.search(span.text) for span in event.evidence)


def _town_over_seat(town: Event, seat: Event) -> bool:
    """A town of the province, named as the place itself (geo precision 1) or borrowed from the
    sentences around (`_borrowed_place`), is a finer place than its namesake seat standing for the
    province; a place "near" a town is told apart."""
    # the cheap tests first: every pair of tellings of a report passes here
    if town.admin1 != seat.admin1 or not (
        town.geo_precision == 1 or (town.geo_precision == 2 and _borrowed_place(town))
    ):
        return False
    return namesake_seat(seat) and not namesake_seat(town)


def _borrowed_place(event: Event) -> bool:
    """The event's place was named in another sentence than the event's own ("The attack caused many
    people to choke", the town named in the sentences around)."""
    named = event.field_spans.get("location")
    return (
        named is not None
        and bool(event.evidence)
        and not (event.evidence[0].start <= named.start < event.evidence[0].end)
    )


def _same_toll(a: Event, b: Event) -> bool:
    settings = load_settings()
    return (
        a.fatalities == b.fatalities >= settings.same_toll_min_fatalities
        and _distance_km(a, b) <= settings.same_toll_max_km
    )


def _near(a: Event, b: Event) -> bool:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return a.location == b.location
    return _distance_km(a, b) <= MERGE_KM


def _distance_km(a: Event, b: Event) -> float:
    """How far apart the two are placed; infinite when one has no coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return float("inf")
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]


def country_only(event: Event) -> bool:
    """The event is placed at a whole country: its location is the country itself."""
    return bool(event.country) and event.location == event.country


def holding_area(a: Event, b: Event) -> str | None:
    """The district, province or country that one event is known only by and the other lies in
    ("admin1 Idlib holds Khan Shaykhun"), or None. A region the gazetteer gives no province
    ("Eastern Ghouta") holds nothing: it is no country."""
    for coarse, fine in ((a, b), (b, a)):
        precision = coarse.geo_precision or 1
        if coarse.country != fine.country or not coarse.country:
            continue
        if precision < 3 and _town_over_seat(fine, coarse):  # `namesake_province`
            return f"admin1 {coarse.admin1} (named like its seat) holds {fine.location}"
        if precision < 2:
            continue
        if precision == 2 and coarse.admin2 and coarse.admin2 == fine.admin2:
            return f"admin2 {coarse.admin2} holds {fine.location}"
        if coarse.admin1 and coarse.admin1 == fine.admin1 and (precision == 3 or not coarse.admin2):
            return f"admin1 {coarse.admin1} holds {fine.location}"
        if precision == 3 and country_only(coarse):
            return f"{coarse.country} holds {fine.location}"
    return None


def vague_actor(name: str) -> bool:
    """No actor, or a generic one the coder filled in ("Unidentified Armed Group (Syria)")."""
    return not name or name.startswith(("Unidentified", "Civilians"))


def compatible_actors(a: str, b: str) -> bool:
    """The same actor told twice: the same name, or one telling leaves it unnamed."""
    return a == b or vague_actor(a) or vague_actor(b)
