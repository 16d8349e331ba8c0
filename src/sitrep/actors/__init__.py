"""sitrep actors stage."""
