"""Build inputs are recognised by name and content, not by where they lie or when they were copied."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitrep.config import data_dir, fingerprint, fingerprint_changes

DUMP = "Aleppo\tHalab\t36.2\t37.16\nIdlib\tIdleb\t35.93\t36.63\n"


def _dump(folder: Path, text: str = DUMP) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "SY.txt"
    path.write_text(text)
    return path


def test_the_same_file_in_another_checkout_is_the_same_input(tmp_path: Path) -> None:
    original = _dump(tmp_path / "one")
    recorded = fingerprint([original])
    copy = tmp_path / "two" / "SY.txt"
    copy.parent.mkdir()
    shutil.copyfile(original, copy)
    os.utime(copy, (1_000_000_000, 1_000_000_000))  # a fresh copy has another time
    assert fingerprint_changes(recorded, fingerprint([copy], digests=False)) == []


def test_an_edit_of_the_same_size_is_a_change(tmp_path: Path) -> None:
    path = _dump(tmp_path)
    recorded = fingerprint([path])
    path.write_text(DUMP.replace("Idleb", "Edleb"))
    os.utime(path, (2_000_000_000, 2_000_000_000))
    assert fingerprint_changes(recorded, fingerprint([path], digests=False)) == ["changed SY.txt"]


def test_added_and_removed_inputs_are_named(tmp_path: Path) -> None:
    dump = _dump(tmp_path)
    extra = tmp_path / "IQ.txt"
    extra.write_text("Mosul\t\t36.34\t43.13\n")
    assert fingerprint_changes(fingerprint([dump]), fingerprint([dump, extra], digests=False)) == [
        "new IQ.txt"
    ]
    assert fingerprint_changes(fingerprint([dump, extra]), fingerprint([dump], digests=False)) == [
        "gone IQ.txt"
    ]


def test_one_data_directory_per_user_whatever_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # a second checkout, or a run from another folder, must find the gazetteer and model built
    # already, not build a second pair beside it
    monkeypatch.delenv("SITREP_DATA")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home-data"))  # where platformdirs looks on Linux
    found = set()
    for folder in (tmp_path / "checkout", tmp_path / "elsewhere" / "deeper"):
        folder.mkdir(parents=True)
        monkeypatch.chdir(folder)
        found.add(data_dir(create=False))
    assert found == {tmp_path / "home-data" / "sitrep"}
    monkeypatch.setenv("SITREP_DATA", "~/sitrep-data")
    assert data_dir(create=False) == Path.home() / "sitrep-data"
