"""Where sitrep keeps its data and finds the shared third-party data.

- data directory (trained models, gazetteer, default database): `SITREP_DATA`, default `./.sitrep`
- shared data (GeoNames dumps, ACLED exports, gold sets): `SITREP_SHARED`, default `../shared`
  from the working directory, else `../shared` beside the project checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    path = Path(os.environ.get("SITREP_DATA", ".sitrep")).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def shared_dir() -> Path | None:
    """The shared data folder, or None when there is none (sitrep then runs on its packaged data)."""
    configured = os.environ.get("SITREP_SHARED")
    candidates = [Path(configured)] if configured else [Path("../shared"), PROJECT_ROOT.parent / "shared"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    return None


def shared_path(*parts: str) -> Path | None:
    """A path inside the shared folder when it exists there."""
    root = shared_dir()
    if root is None:
        return None
    path = root.joinpath(*parts)
    return path if path.exists() else None


def acled_files() -> list[Path]:
    """Every ACLED export in the shared data folder (`data/acled/*.csv`, in name order): the default
    training data of the event classifier and the default source of coded places."""
    folder = shared_path("data", "acled")
    return sorted(folder.glob("*.csv")) if folder is not None else []


def database_url() -> str:
    return os.environ.get("SITREP_DB") or f"sqlite:///{data_dir() / 'sitrep.db'}"
