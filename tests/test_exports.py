"""Exports and `sitrep import`: spreadsheet-safe CSV, the export -> import -> export round trip,
and the one-line errors with documented exit codes of the commands around the store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import socket
from pathlib import Path

import pytest

from sitrep.cli import EXIT_ADDRESS_IN_USE, EXIT_MISSING_PART, EXIT_USAGE, main
from sitrep.export import read_events, write_events
from sitrep.model import Document, Event
from sitrep.store import EventFilter, Store
from tests.conftest import sentence

# from the seed report (Syria Direct, November 2016)
TEXT = (
    "US-backed rebels captured portions of a strategic highway from the Islamic State in the mountains "
    "northeast of Damascus this week, a rebel commander told Syria Direct. In April, the Islamic State "
    "claimed it shot down a Syrian Air Force plane flying over Bir al-Qasab, roughly 75km east of Damascus."
)

OTHER = "Rebels and Islamic State fighters clashed near al-Dumayr on Friday, Reuters reported."


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'source.db'}"
    store = Store(url)
    events = [
        Event(
            document_id="syria-direct-1", event_id="E1", event_type="Strategic developments",
            sub_event_type="Non-state actor overtakes territory", evidence=[sentence(TEXT)],
            event_date=dt.date(2016, 11, 4), time_precision=2, actor1="Free Syrian Army",
            actor2="Islamic State", country="Syria", location="Bir al-Qasab", latitude=33.22,
            longitude=37.02, geo_precision=2, fatalities=0,
            notes="=HYPERLINK(\"http://example.com\")",  # a formula, to be neutralised
        ),
        Event(
            document_id="syria-direct-1", event_id="E2", event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike", evidence=[sentence(TEXT, 1)], event_date=dt.date(2016, 4, 10),
            time_precision=3, actor1="Islamic State", actor2="Military Forces of Syria", country="Syria",
            location="Gao", latitude=16.27, longitude=-0.04, fatalities=2, claim_status="claimed",
            notes="-2 dead, '@' as written",  # starts like a formula; a negative longitude is a number
        ),
        Event(
            document_id="syria-direct-1", event_id="E3", event_type="Battles", sub_event_type="Armed clash",
            evidence=[sentence(TEXT)], country="Syria", notes="'quoted' in the report",
        ),
    ]  # fmt: skip
    # stored first, listed after syria-direct-1 (whose undated event comes first): an event of the
    # same day as E1, listed before it, which an import must not move after it
    earlier = Document(id="reuters-1", text=OTHER, published=dt.date(2016, 11, 5))
    store.add(earlier, [Event(document_id="reuters-1", event_id="R1", event_type="Battles",
                              sub_event_type="Armed clash", evidence=[sentence(OTHER)],
                              event_date=dt.date(2016, 11, 4), country="Syria")])  # fmt: skip
    store.add(Document(id="syria-direct-1", text=TEXT, published=dt.date(2016, 11, 10)), events)
    return url


def exported(url: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["export", "--db", url, "--format", fmt]) == 0
    return capsys.readouterr().out


def test_csv_neutralises_formulas_in_text_cells_only(db: str, capsys) -> None:
    rows = {row["event_id"]: row for row in csv.DictReader(io.StringIO(exported(db, "csv", capsys)))}
    assert rows["E1"]["notes"] == '\'=HYPERLINK("http://example.com")'
    assert rows["E2"]["notes"] == "'-2 dead, '@' as written"
    assert rows["E3"]["notes"] == "''quoted' in the report"  # the escape itself is escaped: reversible
    assert rows["E2"]["longitude"] == "-0.04"  # a number, not text: left as it is


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_import_export_gives_identical_rows(
    db: str, fmt: str, store_url: str, tmp_path: Path, capsys
) -> None:
    first = exported(db, fmt, capsys)
    path = tmp_path / f"events.{fmt}"
    path.write_text(first, encoding="utf-8")
    fresh = store_url  # SQLite or PostgreSQL
    assert main(["import", "--db", fresh, str(path)]) == 0
    assert "imported 4 event(s); 0 already stored" in capsys.readouterr().err
    assert exported(fresh, fmt, capsys) == first
    assert main(["import", "--db", fresh, str(path)]) == 0  # again: nothing added
    assert "imported 0 event(s); 4 already stored" in capsys.readouterr().err
    # the stand-in document holds the evidence where the offsets say
    event = Store(fresh).get_event("E2")
    assert event is not None
    start, end = (int(n) for n in event["evidence_offsets"].split("-"))
    assert Store(fresh).get_document("syria-direct-1")["text"][start:end] == event["evidence"]  # type: ignore[index]
    assert Store(fresh).count_happenings(EventFilter()) >= 2


def test_import_refuses_what_is_no_export(tmp_path: Path, capsys) -> None:
    path = tmp_path / "acled.csv"
    path.write_text("event_date,notes\n2016-11-04,x\n", encoding="utf-8")
    assert main(["import", "--db", f"sqlite:///{tmp_path / 'x.db'}", str(path)]) == EXIT_USAGE
    assert "not a sitrep event export (no event_id" in capsys.readouterr().err
    with pytest.raises(Exception, match="line 1 is not JSON"):
        bad = tmp_path / "bad.jsonl"
        bad.write_text("{not json\n", encoding="utf-8")
        list(read_events(bad))


def test_a_mistyped_db_is_an_error_not_a_new_database(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "typo" / "sitrep.db"
    assert main(["events", "--db", f"sqlite:///{missing}"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"no database at {missing}" in err
    assert not missing.parent.exists()


def test_scheme_driver_and_port_errors_are_one_line_with_their_codes(db: str, capsys) -> None:
    assert main(["events", "--db", "nosuchscheme://x/y"]) == EXIT_USAGE
    assert "unknown database URL scheme 'nosuchscheme'" in capsys.readouterr().err
    assert main(["events", "--db", "mssql+pymssql://u@h/d"]) == EXIT_MISSING_PART
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "driver 'pymssql'" in err
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", "--db", db, "--port", str(port)]) == EXIT_ADDRESS_IN_USE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in err


def test_a_missing_spacy_model_is_one_line_with_its_code(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SITREP_SPACY_MODEL", "en_core_web_not_installed")
    report = tmp_path / "report.txt"
    report.write_text(TEXT, encoding="utf-8")
    assert main(["extract", "--quiet", "--published", "2016-11-10", str(report)]) == EXIT_MISSING_PART
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the spaCy model 'en_core_web_not_installed' is not installed" in err


def test_parquet_without_pyarrow_says_which_extra(db: str, tmp_path: Path, monkeypatch, capsys) -> None:
    import builtins

    real_import = builtins.__import__

    def without_pyarrow(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_pyarrow)
    out = tmp_path / "events.parquet"
    assert main(["export", "--db", db, "--format", "parquet", "--output", str(out)]) == EXIT_MISSING_PART
    assert "sitrep[parquet]" in capsys.readouterr().err


def test_geojson_keeps_unlocated_events(db: str) -> None:
    rows = Store(db).query_events(EventFilter())
    buffer = io.StringIO()
    assert write_events(rows, "geojson", buffer) == 4
    assert '"geometry":null' in buffer.getvalue()


def test_doctor_names_what_is_missing(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SITREP_DATA", str(tmp_path / "empty"))
    assert main(["doctor", "--db", f"sqlite:///{tmp_path / 'none.db'}"]) == 1
    out = capsys.readouterr().out
    assert "gazetteer       missing: not built yet" in out
    assert f"database        missing: none at sqlite:///{tmp_path / 'none.db'}" in out
    assert "spacy model     ready" in out
    assert not (tmp_path / "empty").exists()  # looking creates nothing
