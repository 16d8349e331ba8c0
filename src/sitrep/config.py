"""Where sitrep keeps its data and finds the shared third-party data.

- data directory (trained models, gazetteer, default database): `SITREP_DATA`, default the user's
  data directory (platformdirs: ~/.local/share/sitrep on Linux), the same whatever the working
  directory
- shared data (GeoNames dumps, ACLED exports, gold sets): `SITREP_SHARED`, default `../shared`
  from the working directory, else `../shared` beside the project checkout.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir(create: bool = True) -> Path:
    configured = os.environ.get("SITREP_DATA")
    path = Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir("sitrep"))
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


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


def database_url(create: bool = True) -> str:
    return os.environ.get("SITREP_DB") or f"sqlite:///{data_dir(create) / 'sitrep.db'}"


def fingerprint(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """What a build was made from: each input file's path, size and modification time (UTC)."""
    out = []
    for path in paths:
        stat = Path(path).stat()
        modified = dt.datetime.fromtimestamp(int(stat.st_mtime), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append({"path": str(Path(path).resolve()), "bytes": stat.st_size, "modified": modified})
    return out


def fingerprint_changes(recorded: Sequence[dict[str, Any]], current: Sequence[dict[str, Any]]) -> list[str]:
    """How the current inputs differ from those a build recorded, one phrase each ([]: the same)."""
    before = {item["path"]: item for item in recorded}
    now = {item["path"]: item for item in current}
    changes = [f"new {Path(p).name}" for p in now if p not in before]
    changes += [f"gone {Path(p).name}" for p in before if p not in now]
    changes += [f"changed {Path(p).name}" for p in now if p in before and now[p] != before[p]]
    return changes
