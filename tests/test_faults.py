"""Ingest under faults: killed at random moments and resumed, it stores exactly what an
uninterrupted ingest stores; one pathological document is refused and the batch goes on."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.cli import main
from sitrep.model import Document
from sitrep.pipeline import Limits
from tests.conftest import needs_shared

SEED = 20161110
KILLS = 3
# every column but the autoincremented row ids, which carry no meaning
TABLES = {
    "documents": "id, content_hash, external_id, file_name, title, url, source, published, text, revision, superseded_by",
    "events": "*",
    "mentions": 'document_id, kind, start, "end", text, label, latitude, longitude, attributes',
    "happenings": "*",
    "happening_events": "*",
}


def contents(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        out = {}
        for table, columns in TABLES.items():
            rows = db.execute(f"SELECT {columns} FROM {table}").fetchall()  # noqa: S608 - our own names
            if columns == "*":
                names = [d[0] for d in db.execute(f"SELECT * FROM {table} LIMIT 0").description]
                rows = [tuple(v for n, v in zip(names, row, strict=True) if n != "id") for row in rows]
            out[table] = sorted(rows, key=repr)
        return out


def stored_documents(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


@needs_shared
def test_ingest_killed_at_random_moments_then_resumed_stores_what_one_run_stores(
    shared: Path, tmp_path: Path
):
    corpus = tmp_path / "reports"
    articles = sorted(shared.glob("gold/*/article.txt"))[:12]
    for article in articles:  # each in its own folder, as the gold set has them: twelve article.txt
        (corpus / article.parent.name).mkdir(parents=True)
        shutil.copy(article, corpus / article.parent.name / "article.txt")
    arguments = ["ingest", "--quiet", "--published", "2016-11-10", str(corpus)]
    command = [sys.executable, "-m", "sitrep.cli", *arguments]
    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"
    # the uninterrupted run and the resumed one run the command in this process, where the suite's
    # spaCy pipeline is built already (conftest); only the runs that are killed need processes
    assert main([*arguments, "--db", f"sqlite:///{whole}"]) == 0
    assert stored_documents(whole) == len(articles)

    chance = random.Random(SEED)
    after_kill: list[int] = []  # documents stored when each run was killed
    for target in sorted(chance.sample(range(1, len(articles)), KILLS)):
        run = subprocess.Popen([*command, "--db", f"sqlite:///{killed}"], stderr=subprocess.DEVNULL)
        while stored_documents(killed) < target and run.poll() is None:
            time.sleep(0.05)
        time.sleep(chance.uniform(0, 0.05))  # inside the next document's analysis or commit: a fast
        # machine stores a gold article every ~0.1 s, so a longer wait may outlast the batch
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert run.returncode in (-signal.SIGKILL, 0)
        after_kill.append(stored_documents(killed))
    assert after_kill[0] < len(articles)  # killed mid-batch, not after the end
    # resumed: the command again, in this process
    assert main([*arguments, "--db", f"sqlite:///{killed}"]) == 0
    assert contents(killed) == contents(whole)


REPORT = (
    "AMMAN: US-backed rebels captured portions of a strategic highway from the Islamic State in the "
    "mountains northeast of Damascus this week, a rebel commander told Syria Direct."
)


def test_a_document_over_the_size_limit_is_refused_and_the_batch_goes_on(pipeline, monkeypatch):
    monkeypatch.setattr(
        pipeline, "limits", Limits(document_max_characters=len(REPORT) * 3, document_max_seconds=0)
    )
    long = Document("long", " ".join([REPORT] * 4))
    results = list(pipeline.analyze([Document("first", REPORT), long, Document("last", REPORT)]))
    assert [r.document.id for r in results] == ["first", "long", "last"]
    assert results[1].error == (
        f"refused: over {len(REPORT) * 3:,} characters, the limit of one document (SITREP_DOCUMENT_MAX_CHARACTERS)"
    )
    assert results[0].error is None and results[2].error is None and results[2].places


def test_a_document_that_stalls_a_stage_is_refused_and_the_batch_goes_on(pipeline, monkeypatch):
    import sitrep.pipeline

    real = sitrep.pipeline.find_times

    def stalls_on_the_first(text: str, *args: object):  # a pathological input: the stage never ends
        while text.startswith("STALL"):
            time.sleep(0.01)
        return real(text, *args)

    monkeypatch.setattr(sitrep.pipeline, "find_times", stalls_on_the_first)
    monkeypatch.setattr(pipeline, "limits", Limits(document_max_characters=200_000, document_max_seconds=2))
    results = list(pipeline.analyze([Document("stuck", "STALL " + REPORT), Document("next", REPORT)]))
    assert results[0].error == (
        "refused: its analysis took over 2 s, the limit of one document (SITREP_DOCUMENT_MAX_SECONDS)"
    )
    assert results[1].error is None and results[1].times


def test_limits_are_configured_in_yaml_and_the_environment(monkeypatch):
    assert Limits.configured() == Limits(200_000, 60.0)
    monkeypatch.setenv("SITREP_DOCUMENT_MAX_SECONDS", "5")
    assert Limits.configured().document_max_seconds == 5.0


@pytest.fixture(autouse=True)
def _no_alarm_left():
    yield
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # the time limit leaves no timer running
