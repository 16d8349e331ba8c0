"""Where sitrep keeps its data and finds the shared third-party data.

- data directory (trained models, gazetteer, default database): `SITREP_DATA`, default the user's
  data directory (platformdirs: ~/.local/share/sitrep on Linux), the same whatever the working
  directory
- shared data (GeoNames dumps, ACLED exports, gold sets): `SITREP_SHARED`, default `../shared`
  from the working directory, else `../shared` beside the project checkout.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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


def switched_off(variable: str) -> frozenset[str]:
    """The comma-separated names an environment variable switches off for one run (rules, sources):
    SITREP_REPORTEDNESS_OFF, SITREP_EVENT_RULES_OFF, SITREP_PLACE_RULES_OFF, SITREP_CONTROL_OFF,
    SITREP_NLP_RULES_OFF."""
    return frozenset(name.strip() for name in os.environ.get(variable, "").split(",") if name.strip())


def enabled_rules(rules: dict[str, bool], variable: str) -> frozenset[str]:
    """The rules a configuration file turns on, less those `variable` switches off for one run; a
    name it switches off that is no rule is an error, not a silent no-op."""
    off = switched_off(variable)
    unknown = off - set(rules)
    if unknown:
        raise ValueError(f"{variable}: no rule named {', '.join(sorted(unknown))}")
    return frozenset(name for name, on in rules.items() if on and name not in off)


def database_url(create: bool = True) -> str:
    return os.environ.get("SITREP_DB") or f"sqlite:///{data_dir(create) / 'sitrep.db'}"


def fingerprint(paths: Iterable[Path], digests: bool = True) -> list[dict[str, Any]]:
    """What a build was made from: each input file's path, size, modification time (UTC) and, with
    `digests`, its SHA-256, so that the same file elsewhere (another checkout's virtual
    environment, a fresh copy of ../shared) is recognised as the same input."""
    out = []
    for path in paths:
        stat = Path(path).stat()
        modified = dt.datetime.fromtimestamp(int(stat.st_mtime), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        item: dict[str, Any] = {
            "path": str(Path(path).resolve()),
            "bytes": stat.st_size,
            "modified": modified,
        }
        if digests:
            item["sha256"] = file_digest(Path(path))
        out.append(item)
    return out


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def fingerprint_changes(recorded: Sequence[dict[str, Any]], current: Sequence[dict[str, Any]]) -> list[str]:
    """How the current inputs differ from those a build recorded, one phrase each ([]: the same).
    Inputs are matched by file name; a file whose path or time differs is hashed only then."""
    before = {Path(item["path"]).name: item for item in recorded}
    now = {Path(item["path"]).name: item for item in current}
    changes = [f"new {name}" for name in now if name not in before]
    changes += [f"gone {name}" for name in before if name not in now]
    changes += [
        f"changed {name}" for name in now if name in before and not _same_input(before[name], now[name])
    ]
    return changes


def _same_input(recorded: dict[str, Any], current: dict[str, Any]) -> bool:
    if recorded["bytes"] != current["bytes"]:
        return False
    if (recorded["path"], recorded["modified"]) == (current["path"], current["modified"]):
        return True
    digest = current.get("sha256") or file_digest(Path(current["path"]))
    return recorded.get("sha256") == digest
