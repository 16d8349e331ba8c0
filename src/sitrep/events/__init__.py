"""sitrep events stage."""
