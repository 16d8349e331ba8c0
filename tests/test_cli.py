"""The sitrep command end to end: inputs, outputs, the store, exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sitrep.cli import build_parser, main
from tests.conftest import needs_shared

REPORT = (
    "AMMAN: US-backed rebels captured portions of a strategic highway from the Islamic State in the "
    "mountains northeast of Damascus this week, a rebel commander told Syria Direct.\n\n"
    "In April, the Islamic State claimed it shot down a Syrian Air Force plane flying over Bir al-Qasab, "
    "roughly 75km east of Damascus. Russian-owned news agency Sputnik International refuted the "
    "allegation, claiming the crash resulted from technical failures.\n"
)


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_every_command_has_help(capsys):
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        with pytest.raises(SystemExit) as exit_info:
            main([name, "--help"])
        assert exit_info.value.code == 0
        assert "usage: sitrep " + name in capsys.readouterr().out


def test_extract_csv_names_document_and_evidence(report: Path, capsys):
    assert main(["extract", "--quiet", "--published", "2016-11-10", str(report)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and all(r["document_id"] == "report.txt" for r in rows)
    for row in rows:  # the offsets point at the evidence in the input text
        spans = [tuple(int(x) for x in part.split("-")) for part in row["evidence_offsets"].split(";")]
        assert " ".join(REPORT[a:b] for a, b in spans) == row["evidence"]
    disputed = [r for r in rows if r["claim_status"] == "disputed"]
    assert disputed and disputed[0]["event_date"] == "2016-04-01"


def test_extract_geojson_from_standard_input(monkeypatch, capsys):
    record = json.dumps({"id": "syria-direct-1", "text": REPORT, "published": "2016-11-10"})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(record.encode("utf-8"))))
    assert main(["extract", "--quiet", "--format", "geojson", "-"]) == 0
    collection = json.loads(capsys.readouterr().out)
    assert collection["type"] == "FeatureCollection" and collection["features"]
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 32 < lat < 37.5 and 35 < lon < 42  # Syria
        assert feature["properties"]["document_id"] == "syria-direct-1"


def test_places_and_times_name_their_document(report: Path, capsys):
    assert main(["places", "--quiet", str(report)]) == 0
    places = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    damascus = [p for p in places if p["text"] == "Damascus"]
    assert damascus and abs(damascus[0]["latitude"] - 33.51) < 0.1
    assert all(p["doc_id"] == "report.txt" and REPORT[p["start"] : p["end"]] == p["text"] for p in places)
    assert main(["times", "--quiet", "--published", "2016-11-10", str(report)]) == 0
    times = {t["text"]: t for t in map(json.loads, capsys.readouterr().out.splitlines())}
    assert times["this week"]["value"] == "2016-W45" and times["April"]["value"] == "2016-04"


def test_times_without_a_date_warns(report: Path, capsys):
    assert main(["times", "--quiet", str(report)]) == 0
    assert "no publication date" in capsys.readouterr().err


def test_classify_gives_null_for_a_non_event(tmp_path: Path, capsys):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"id": "quake", "text": "A magnitude 6.1 earthquake struck eastern Turkey on Monday, "
                    "damaging hundreds of houses, the disaster agency said."}) + "\n"
        + json.dumps({"id": "raid", "text": "Russian warplanes carried out air strikes on the town of Saraqeb, "
                      "killing five civilians, the Syrian Observatory said."}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    assert main(["classify", "--quiet", str(docs)]) == 0
    rows = {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["quake"]["sub_event_type"] is None
    assert rows["raid"]["sub_event_type"] == "Air/drone strike"


def test_bad_inputs_are_one_line_each_and_the_rest_is_processed(report: Path, tmp_path: Path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "text": ')
    code = main(
        ["extract", "--quiet", "--published", "2016-11-10", str(empty), str(binary), str(broken), str(report)]
    )
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 3 and "Traceback" not in captured.err
    assert lines[0].startswith(f"sitrep: {empty}") and lines[1].startswith(f"sitrep: {binary}")
    assert "report.txt" in captured.out


def test_bad_option_values_exit_2(report: Path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--published", "10/11/2016", str(report)])
    assert exit_info.value.code == 2
    assert "unparseable date" in capsys.readouterr().err
    assert main(["events", "--db", "nosuchdriver://x"]) == 2
    assert main(["extract", "--quiet", str(Path("/nonexistent/file.txt"))]) == 2
    for threads in ("0", "-1", "two"):
        with pytest.raises(SystemExit) as exit_info:
            main(["serve", "--threads", threads])
        assert exit_info.value.code == 2
        assert "--threads" in capsys.readouterr().err


def test_ingest_twice_adds_nothing_then_query_and_export(report: Path, tmp_path: Path, capsys):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["ingest", "--quiet", "--db", db, "--published", "2016-11-10", str(report)]) == 0
    first = capsys.readouterr().err
    assert main(["ingest", "--quiet", "--db", db, "--published", "2016-11-10", str(report)]) == 0
    assert "0 document(s)" in capsys.readouterr().err and "ingested 1 document(s)" in first
    assert main(["events", "--db", db, "--format", "jsonl", "--claim-status", "disputed"]) == 0
    disputed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(disputed) == 1 and disputed[0]["document_id"] == "report.txt"  # its key: its name, while free
    assert main(["events", "--db", db, "--since", "2016-11-01", "--bbox", "35,32,38,35"]) == 0
    assert all(r["event_date"] >= "2016-11-01" for r in csv.DictReader(io.StringIO(capsys.readouterr().out)))
    out = tmp_path / "all.parquet"
    assert main(["export", "--db", db, "--format", "parquet", "--output", str(out)]) == 0
    assert pq.read_table(out).num_rows >= 2
    assert main(["export", "--db", db, "--format", "parquet"]) == 2


@needs_shared
def test_ingest_keeps_every_text_of_one_name_says_so_and_reports_each(shared: Path, tmp_path: Path, capsys):
    articles = sorted(shared.glob("gold/*/article.txt"))[:4]  # four reports, each saved as article.txt
    db = f"sqlite:///{tmp_path / 'store.db'}"
    report = tmp_path / "ingest.jsonl"
    args = ["ingest", "--quiet", "--db", db, "--published", "2016-11-10"]
    assert main([*args, "--output", str(report), *map(str, articles)]) == 0
    err = capsys.readouterr().err.splitlines()
    shared_name = [
        line for line in err if "another text named 'article.txt' is stored as article.txt" in line
    ]
    assert [line.split(": ")[1] for line in shared_name] == [str(a) for a in articles[1:]]
    assert err[-1].startswith("ingested 4 document(s) (0 of them new revisions)")
    rows = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert [(r["origin"], r["status"], r["revision"]) for r in rows] == [
        (str(a), "stored", 1) for a in articles
    ]
    assert rows[0]["key"] == "article.txt" and len({r["key"] for r in rows}) == 4
    # the same texts again, under other names: nothing added
    copies = tmp_path / "copies"
    copies.mkdir()
    for number, article in enumerate(articles):
        (copies / f"{number}.txt").write_bytes(article.read_bytes())
    assert main([*args, str(copies)]) == 0
    summary = capsys.readouterr().err.splitlines()[-1]
    assert summary.startswith("ingested 0 document(s)") and "; 4 already stored;" in summary
