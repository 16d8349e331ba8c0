"""sitrep ingest stage."""
