"""sitrep control stage."""
