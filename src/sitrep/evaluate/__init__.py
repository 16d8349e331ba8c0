"""sitrep evaluate stage."""
