"""Where a place told to lie by a town may lie: "Dadikh in Saraqeb countryside", "Naameh area east
of Tikrit", "Zinanah area in Kifri district" (the rules `countryside_towns` and `near_named_towns`
of places/provinces.py; the distances are rules.yaml's `vicinity`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.geo import bearing_deg, haversine_km
from sitrep.model import PlaceMention
from sitrep.places.rules import load_rules

COMPASS_DEGREES = {
    "north": 0, "northeast": 45, "east": 90, "southeast": 135,
    "south": 180, "southwest": 225, "west": 270, "northwest": 315,
}  # fmt: skip


@dataclass(frozen=True)
class Vicinity:
    """Where a place told to lie by a town may lie: within `km` of it, and the way `compass` says
    when the text gives one ("east of Tikrit")."""

    town: PlaceMention
    km: float
    compass: str | None = None
    preferred_only: bool = False  # a preference among a province's namesakes, no bound (`province_side`)

    @classmethod
    def of(cls, town: PlaceMention, said: re.Match[str] | None = None) -> Vicinity:
        """The vicinity of the town for the words that tie a place to it (a NAME_BEFORE or
        NAME_NEAR match; none: "in the countryside of")."""
        limits = load_rules().vicinity
        compass = said.groupdict().get("compass") if said is not None else None
        if compass:
            return cls(town, limits["compass_km"], compass.lower().replace("-", ""))
        return cls(town, limits["district_km" if town.feature_kind == "admin2" else "town_km"])

    @classmethod
    def side_of(cls, province: PlaceMention, side: str | None) -> Vicinity | None:
        """ "in the northern countryside of Aleppo", "in western Idleb": the side of the province's
        seat its namesake villages are looked for on first (the rule `province_side`)."""
        word = (side or "").lower().replace("-", "").removesuffix("ern")
        if word not in COMPASS_DEGREES or province.seat is None:
            return None
        seat = PlaceMention(span=province.span, latitude=province.seat[0], longitude=province.seat[1])
        return cls(seat, load_rules().vicinity["province_km"], word, preferred_only=True)

    def km_to(self, latitude: float, longitude: float) -> float:
        assert self.town.latitude is not None and self.town.longitude is not None
        return haversine_km(self.town.latitude, self.town.longitude, latitude, longitude)

    def holds(self, latitude: float | None, longitude: float | None) -> bool:
        town = self.town
        if latitude is None or longitude is None or not town.resolved:
            return False
        if self.km_to(latitude, longitude) > self.km:
            return False
        if self.compass is None:
            return True
        assert town.latitude is not None and town.longitude is not None
        bearing = bearing_deg(town.latitude, town.longitude, latitude, longitude)
        off = abs((bearing - COMPASS_DEGREES[self.compass] + 180) % 360 - 180)
        return off <= load_rules().vicinity["compass_spread"]
