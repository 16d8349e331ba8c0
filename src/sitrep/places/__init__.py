"""sitrep places stage."""
