"""sitrep: conflict reporting to ACLED-style event data with evidence."""

__version__ = "0.1.0"
