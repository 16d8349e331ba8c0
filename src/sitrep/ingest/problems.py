"""What reading says besides documents: refusals (the batch goes on) and notes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputProblem:
    """An input, or one record of it, that could not be read; the batch goes on."""

    origin: str
    problem: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.problem}"


@dataclass
class InputNote:
    """Something the reader did that the user should know (a guessed encoding, a skipped file, a
    date it could not read); the input was read all the same."""

    origin: str
    note: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.note}"
