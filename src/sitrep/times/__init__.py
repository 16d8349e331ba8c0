"""sitrep times stage."""
