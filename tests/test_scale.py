"""The Ray engine (`--engine ray`): on a two-worker Ray on this machine it stores the same
documents and events as the local pipeline, and a worker that dies in the middle of a batch is
replaced without a document lost or stored twice."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from sitrep.cli import main
from sitrep.ingest import read
from sitrep.model import Document
from sitrep.scale.ray_engine import DocumentAnalyzer, RayEngine, start_ray
from sitrep.store import EventFilter, Store

PUBLISHED = "2016-07-01"
ARTICLES = 6  # real reports, as few as show the engines agree: each Ray worker loads its models


@pytest.fixture(scope="module")
def ray_on_two_cores():
    """One local Ray for the module: starting it costs seconds."""
    ray = start_ray(address=None, cpus=2)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def article_paths(shared: Path) -> list[Path]:
    return sorted(shared.glob("gold/*/article.txt"))[:ARTICLES]


@pytest.fixture(scope="module")
def local_store(tmp_path_factory, pipeline, article_paths) -> Store:
    """The articles as the local pipeline stores them: what the Ray engine must store too."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('local') / 'local.db'}", create=True)
    for ingested in pipeline.ingest(store, _documents(article_paths)):
        assert ingested.error is None and ingested.stored is not None
    return store


def _documents(paths: list[Path]) -> list[Document]:
    documents = [d for d in read([str(p) for p in paths], published=dt.date.fromisoformat(PUBLISHED))]
    assert all(isinstance(d, Document) for d in documents)
    return documents  # type: ignore[return-value]


def _contents(store: Store) -> dict[str, Any]:
    """What a store holds, less when it was written."""
    events = store.query_events(EventFilter())
    keys = sorted({row["document_id"] for row in events})
    documents = [store.get_document(key) for key in keys]
    for document in documents:
        assert document is not None
        document.pop("ingested_at", None)
    return {"documents": documents, "events": sorted(events, key=lambda row: row["event_id"])}


def test_ray_ingest_stores_what_local_ingest_stores(ray_on_two_cores, tmp_path, article_paths, local_store):
    url = f"sqlite:///{tmp_path / 'ray.db'}"
    command = ["ingest", "--quiet", "--engine", "ray", "--workers", "2", "--published", PUBLISHED]
    # read by Ray Data's tasks; a missing input is named and the rest stored (exit 1)
    assert main([*command, "--db", url, *map(str, article_paths), str(tmp_path / "missing.txt")]) == 1
    on_ray = _contents(Store(url))
    assert len(on_ray["documents"]) == ARTICLES and on_ray["events"]
    assert on_ray == _contents(local_store)


def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(
    ray_on_two_cores, tmp_path, pipeline, article_paths, local_store
):
    died = tmp_path / "died"

    class DiesOnce(DocumentAnalyzer):
        """A worker whose first batch ends it halfway through (its process exits)."""

        def __call__(self, batch):
            if not died.exists():
                super().__call__({name: column[:1] for name, column in batch.items()})
                died.touch()
                os._exit(1)
            return super().__call__(batch)

    engine = RayEngine(pipeline, workers=1, analyzer=DiesOnce)
    store = Store(f"sqlite:///{tmp_path / 'ray.db'}", create=True)
    ingested = list(engine.ingest(store, [str(p) for p in article_paths], dt.date.fromisoformat(PUBLISHED)))
    assert died.exists()  # the worker did die
    assert [i.error for i in ingested] == [None] * ARTICLES
    assert len(engine.worker_usage) == 1  # the replacement did every batch
    assert _contents(store) == _contents(local_store)


def test_ray_options_without_the_ray_engine_are_refused(article_paths, capsys):
    assert main(["extract", "--quiet", "--workers", "2", str(article_paths[0])]) == 2
    assert "--address and --workers go with --engine ray" in capsys.readouterr().err
