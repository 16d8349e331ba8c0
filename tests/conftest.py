"""Shared fixtures: the shared data folder, a data directory kept across runs, one pipeline, and
store URLs on both backends (SQLite, and PostgreSQL in a throwaway cluster started once a session)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
# the gazetteer and the trained classifier are built once and reused by later runs
os.environ.setdefault("SITREP_DATA", str(ROOT / ".sitrep" / "test-data"))

from sitrep.config import shared_dir  # noqa: E402
from sitrep.events.merge import load_settings as merge_settings  # noqa: E402
from sitrep.events.reportedness import load_settings as reportedness_settings  # noqa: E402
from sitrep.model import Document, Span  # noqa: E402
from tests.postgres import NoPostgres, cluster  # noqa: E402

SHARED = shared_dir()
needs_shared = pytest.mark.skipif(SHARED is None, reason="../shared is not beside the project")


@pytest.fixture(scope="session")
def shared() -> Path:
    if SHARED is None:
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from sitrep.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session", autouse=True)
def _languages_built_once() -> Iterator[None]:
    """Each spaCy pipeline built once a session: the same model with the same entity-ruler patterns
    is the same pipeline, and adding the gazetteer's and actors' ~37,000 patterns takes ~11 s, which
    every in-process `main([...])`, `Pipeline()` and web app would otherwise pay again."""
    import hashlib
    import json

    import sitrep.nlp

    build = sitrep.nlp.load_language
    built: dict[tuple[str | None, str, str], Any] = {}

    def load_language(patterns: Sequence[dict[str, Any]] = (), model: str | None = None) -> Any:
        digest = hashlib.sha256(json.dumps(list(patterns), sort_keys=True, default=str).encode()).hexdigest()
        key = (
            model,
            os.environ.get("SITREP_SPACY_MODEL", ""),
            os.environ.get("SITREP_NLP_RULES_OFF", ""),
            digest,
        )
        if key not in built:
            built[key] = build(patterns, model)
        return built[key]

    sitrep.nlp.load_language = load_language  # type: ignore[assignment]
    yield
    sitrep.nlp.load_language = build  # type: ignore[assignment]


def sentence(text: str, index: int = 0) -> Span:
    """The index-th sentence of the text as a span: the evidence of an event."""
    start = 0
    for _ in range(index):
        start = text.index(". ", start) + 2
    end = text.find(". ", start)
    end = len(text) if end < 0 else end + 1
    return Span(start, end, text[start:end])


# property-based tests: a bounded budget in the suite, a long one in `make fuzz`
settings.register_profile(
    "suite", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=4000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("SITREP_HYPOTHESIS_PROFILE", "suite"))


def _switched_off(monkeypatch, variable: str, cached: Callable[..., Any]) -> Iterator[Callable[..., None]]:
    """A test's switch for rules, as `variable` switches them off for a run; `cached` is the
    settings loader to clear when the switch changes and after the test."""

    def switch_off(*names: str) -> None:
        monkeypatch.setenv(variable, ",".join(names))
        cached.cache_clear()  # type: ignore[attr-defined]

    yield switch_off
    monkeypatch.delenv(variable, raising=False)
    cached.cache_clear()  # type: ignore[attr-defined]


@pytest.fixture
def rules_off(monkeypatch):
    """Switch reportedness rules off for one test, as SITREP_REPORTEDNESS_OFF does for a run."""
    yield from _switched_off(monkeypatch, "SITREP_REPORTEDNESS_OFF", reportedness_settings)


@pytest.fixture
def merge_off(monkeypatch):
    """Switch merge rules off for one test, as SITREP_MERGE_OFF does for a run."""
    yield from _switched_off(monkeypatch, "SITREP_MERGE_OFF", merge_settings)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a throwaway cluster's `postgres` database. Without one: a failure where
    SITREP_REQUIRE_POSTGRES is set (`make test`, CI), else a skip that says why."""
    try:
        with cluster() as url:
            _with_postgis(url)
            yield url
    except NoPostgres as error:
        if os.environ.get("SITREP_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required (SITREP_REQUIRE_POSTGRES) but did not start: {error}")
        pytest.skip(f"no PostgreSQL for the postgresql tests: {error}")


def _with_postgis(url: str) -> None:
    """PostGIS in the public schema, once: an extension lives in one schema of a database, and each
    test's schema finds it on its search path (`postgres_url`)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        if connection.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).first():
            connection.execute(text("CREATE EXTENSION postgis SCHEMA public"))
    engine.dispose()


_schemas = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, or one in the session's PostgreSQL cluster (`postgres_url`)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """An empty database in the session's PostgreSQL cluster: a new schema (cheaper than a new
    database by a quarter of a second), first on the connections' search path, before PostGIS's."""
    from sqlalchemy import create_engine, text

    name = f"test_{next(_schemas)}"
    engine = create_engine(postgres_server)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {name}"))
    engine.dispose()
    return f"{postgres_server}&options=-csearch_path%3D{name}%2Cpublic"


def fakes_article(shared: Path, unit_id: str) -> Document:
    """A FA-KES development article as a document (use articles tuned on, none of scripts/heldout.txt's)."""
    import csv
    import datetime as dt

    with (shared / "data" / "fakes" / "fakes_dev.csv").open(encoding="utf-8", newline="") as stream:
        row = next(r for r in csv.DictReader(stream) if r["unit_id"] == unit_id)
    published = dt.datetime.strptime(row["date"], "%m/%d/%y").date()
    return Document(id=unit_id, text=row["article_content"], published=published)


def acled_notes(shared: Path, *ids: str) -> dict[str, str]:
    """Notes of the ACLED Syria and Iraq export by event id (use rows tuned on, none of scripts/heldout.txt's)."""
    import csv

    path = shared / "data" / "acled" / "acled_2019_2020_syria_iraq.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["event_id_cnty"]: row["notes"]
            for row in csv.DictReader(handle)
            if row["event_id_cnty"] in ids
        }
