"""sitrep store stage."""
