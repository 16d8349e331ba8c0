"""sitrep web stage."""
