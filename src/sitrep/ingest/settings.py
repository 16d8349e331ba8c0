"""The reading settings of `ingest.yaml`, loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml


@cache
def settings() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((Path(__file__).with_name("ingest.yaml")).read_text("utf-8"))
    return loaded
