"""`sitrep doctor`: what is built, from which data and when, and what is missing.

Nothing is built or created here: each part is looked at where sitrep would look for it.
"""

from __future__ import annotations

import importlib.metadata
import os
from typing import Any

from sitrep.config import data_dir, database_url, shared_dir

READY, MISSING, STALE, OPTIONAL = "ready", "missing", "out of date", "not installed (optional)"


def check(db_url: str | None = None) -> dict[str, Any]:
    """Each part with its status, where it is, what it was built from and when; `ready` is
    False when any required part is missing or out of date."""
    parts = {
        "spacy_model": _spacy_model(),
        "gazetteer": _gazetteer(),
        "event_classifier": _classifier(),
        "web_assets": _web_assets(),
        "database": _database(db_url),
        "parquet": _optional("pyarrow", "Parquet export: pip install 'sitrep[parquet]'"),
    }
    shared = shared_dir()
    return {
        "data_directory": str(data_dir(create=False)),
        "data_directory_from": "SITREP_DATA" if os.environ.get("SITREP_DATA") else "the user data directory",
        "shared_data": str(shared) if shared else None,
        "parts": parts,
        "ready": all(part["status"] in (READY, OPTIONAL) for part in parts.values()),
    }


def render(report: dict[str, Any]) -> str:
    lines = [
        f"data directory  {report['data_directory']} (from {report['data_directory_from']})",
        f"shared data     {report['shared_data'] or 'none found (sitrep runs on its packaged data)'}",
    ]
    for name, part in report["parts"].items():
        lines.append(f"{name.replace('_', ' '):15} {part['status']}: {part['detail']}")
        for item in part.get("inputs", []):
            lines.append(f"{'':17}from {item['path']} ({item['bytes']:,} bytes, {item['modified']})")
        if part.get("fix"):
            lines.append(f"{'':17}-> {part['fix']}")
    lines.append("all parts ready" if report["ready"] else "some parts are missing or out of date (see ->)")
    return "\n".join(lines)


def _spacy_model() -> dict[str, Any]:
    from sitrep.nlp import DEFAULT_MODEL

    name = os.environ.get("SITREP_SPACY_MODEL", DEFAULT_MODEL)
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return {"status": MISSING, "detail": f"{name} is not installed", "fix": "make install"}
    return {"status": READY, "detail": f"{name} {version}"}


def _gazetteer() -> dict[str, Any]:
    from sitrep.places.gazetteer import GAZETTEER_FILE, SCHEMA_VERSION, Gazetteer, stale_inputs

    path = data_dir(create=False) / GAZETTEER_FILE
    build = "built on the first run of extract, places or ingest (about 1 minute), or: sitrep gazetteer build"
    if not path.exists():
        return {"status": MISSING, "detail": f"not built yet ({path})", "fix": build}
    try:
        with Gazetteer(path) as gazetteer:
            meta = gazetteer.meta
            places = gazetteer.con.execute("SELECT COUNT(*) FROM places").fetchone()[0]
    except Exception as error:  # noqa: BLE001 - whatever keeps it from opening is reported
        return {"status": MISSING, "detail": f"{path} cannot be read ({error})", "fix": build}
    detail = f"{path}, {places:,} places, built {meta.get('built')} in {meta.get('build_seconds')} s"
    part: dict[str, Any] = {"detail": detail, "inputs": meta.get("inputs", [])}
    if meta.get("schema") != SCHEMA_VERSION:
        return {**part, "status": STALE, "detail": f"{detail}; an older format", "fix": build}
    changes = stale_inputs(path)
    if changes:
        return {**part, "status": STALE, "detail": f"{detail}; inputs {', '.join(changes)}", "fix": build}
    return {**part, "status": READY}


def _classifier() -> dict[str, Any]:
    from sitrep.config import acled_files
    from sitrep.events.classifier import MODEL_FILE, EventClassifier, stale_inputs

    path = data_dir(create=False) / MODEL_FILE
    files = acled_files()
    train = "trained on the first run of extract or ingest, or: sitrep train --acled FILE..."
    if not path.exists():
        if not files:
            return {"status": READY, "detail": "lexicon only (no ACLED exports to train on)"}
        return {"status": MISSING, "detail": f"not trained yet ({path})", "fix": train}
    try:
        classifier = EventClassifier.load(path)
    except Exception as error:  # noqa: BLE001 - whatever keeps it from loading is reported
        return {"status": MISSING, "detail": f"{path} cannot be read ({error})", "fix": train}
    detail = f"{path}, trained {classifier.meta.get('trained', 'at an unknown time')}"
    part: dict[str, Any] = {"detail": detail, "inputs": classifier.inputs}
    changes = stale_inputs(classifier, files)
    if changes:
        return {**part, "status": STALE, "detail": f"{detail}; inputs {', '.join(changes)}", "fix": train}
    return {**part, "status": READY}


def _web_assets() -> dict[str, Any]:
    from sitrep.web.app import VENDOR, assets_built

    if not assets_built():
        return {
            "status": MISSING,
            "detail": f"not in {VENDOR}",
            "fix": "make web-assets (make install does it)",
        }
    return {"status": READY, "detail": str(VENDOR)}


def _database(db_url: str | None) -> dict[str, Any]:
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from sitrep.store import NoDatabase, Store
    from sitrep.store.schema import documents, events

    url = db_url or database_url(create=False)
    try:
        store = Store(url, create=False)
        with store.engine.connect() as connection:
            n_documents = connection.execute(select(func.count()).select_from(documents)).scalar_one()
            n_events = connection.execute(select(func.count()).select_from(events)).scalar_one()
    except NoDatabase:
        return {
            "status": MISSING,
            "detail": f"none at {url}",
            "fix": "sitrep ingest FILE... (or sitrep import)",
        }
    except (SQLAlchemyError, ModuleNotFoundError) as error:
        return {"status": MISSING, "detail": f"{url}: {str(error).splitlines()[0]}", "fix": "check --db"}
    return {"status": READY, "detail": f"{url}: {n_documents} documents, {n_events} events"}


def _optional(module: str, purpose: str) -> dict[str, Any]:
    try:
        version = importlib.metadata.version(module)
    except importlib.metadata.PackageNotFoundError:
        return {"status": OPTIONAL, "detail": purpose}
    return {"status": READY, "detail": f"{module} {version}"}
