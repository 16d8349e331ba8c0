"""The failures the CLI turns into one line and a documented exit code (README, "Exit codes")."""

from __future__ import annotations


class MissingPart(Exception):
    """A part sitrep needs is not installed (spaCy model, database driver, an optional extra):
    exit code 3. The message says what to install."""


class AddressInUse(Exception):
    """`sitrep serve` cannot listen on its address: exit code 4."""
