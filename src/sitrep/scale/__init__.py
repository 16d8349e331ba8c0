"""sitrep scale stage."""
