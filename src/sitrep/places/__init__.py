"""Places: a local gazetteer and the resolution of place mentions to points."""

from sitrep.places.gazetteer import Candidate, Gazetteer, build_gazetteer
from sitrep.places.resolve import place_patterns, resolve_places

__all__ = ["Candidate", "Gazetteer", "build_gazetteer", "place_patterns", "resolve_places"]
