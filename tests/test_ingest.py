"""Reading inputs: formats, ids, dates, and one clear line for each bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

from sitrep.ingest import InputProblem, read

REPORT = (
    "AMMAN: US-backed rebels captured portions of a strategic highway from the Islamic State "
    "in the mountains northeast of Damascus this week, a rebel commander told Syria Direct."
)


def _split(items):
    docs = [i for i in items if not isinstance(i, InputProblem)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    return docs, problems


def test_text_file_id_is_file_name_and_published_fills_in(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    docs, problems = _split(list(read([path], published=dt.date(2016, 11, 10))))
    assert not problems
    assert docs[0].id == "report.txt" and docs[0].published == dt.date(2016, 11, 10)
    assert docs[0].text == REPORT


def test_jsonl_records_keep_their_ids_and_dates_and_bad_records_are_named(tmp_path: Path):
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": REPORT, "published": "2016-11-10", "source": "Syria Direct"}),
        "{not json",
        json.dumps({"id": "a3", "text": REPORT, "published": "10/11/2016"}),
        json.dumps({"id": "a4", "text": REPORT}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    docs, problems = _split(list(read([path], published=dt.date(2020, 1, 1))))
    assert [d.id for d in docs] == ["a1", "a4"]
    assert docs[0].published == dt.date(2016, 11, 10) and docs[0].source == "Syria Direct"
    assert docs[1].published == dt.date(2020, 1, 1)
    assert [str(p).split(": ")[0] for p in problems] == [f"{path}:2", f"{path}:3"]
    assert "malformed JSON" in problems[0].problem and "unparseable date" in problems[1].problem


def test_html_page_gives_main_text_title_and_date(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Rebels take highway</title>"
        '<meta property="article:published_time" content="2016-11-10T08:00:00Z"></head>'
        "<body><nav>Home | World | Sport</nav><article><h1>Rebels take highway</h1>"
        f"<p>{REPORT}</p><p>The rebels have now broken a months-long siege of the city of al-Dumayr.</p>"
        "</article><footer>All rights reserved</footer></body></html>",
        encoding="utf-8",
    )
    docs, problems = _split(list(read([page])))
    assert not problems
    assert docs[0].title == "Rebels take highway"
    assert docs[0].published == dt.date(2016, 11, 10)
    assert "captured portions of a strategic highway" in docs[0].text
    assert "All rights reserved" not in docs[0].text and "Home | World" not in docs[0].text


def test_folder_is_read_recursively_in_order(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "one.txt").write_text(REPORT, encoding="utf-8")
    docs, _ = _split(list(read([tmp_path])))
    assert [d.id for d in docs] == ["two.txt", "one.txt"]  # sorted by path: b/two.txt before one.txt


def test_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORT.encode("utf-8"))))
    docs, problems = _split(list(read(["-"])))
    assert not problems and docs[0].id == "stdin"


def test_each_bad_input_is_one_problem_and_the_rest_is_read(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Les rebelles ont pris l'autoroute à Damas".encode("latin-1"))
    french = tmp_path / "french.txt"
    french.write_text(
        "Les rebelles soutenus par les États-Unis ont pris une partie d'une autoroute stratégique "
        "à l'État islamique dans les montagnes au nord-est de Damas cette semaine, selon un commandant.",
        encoding="utf-8",
    )
    huge = tmp_path / "huge.txt"
    with huge.open("w", encoding="utf-8") as f:
        for _ in range(20 * 1024 * 1024 // len(REPORT) + 1):
            f.write(REPORT + "\n")
    missing = tmp_path / "missing.txt"
    docs, problems = _split(list(read([empty, binary, good, latin1, french, huge, missing])))
    assert [d.id for d in docs] == ["good.txt"]
    by_origin = {Path(p.origin).name: p.problem for p in problems}
    assert by_origin["empty.txt"] == "empty input"
    assert "binary" in by_origin["image.txt"]
    assert "UTF-8" in by_origin["latin1.txt"]
    assert "English" in by_origin["french.txt"]
    assert "MB" in by_origin["huge.txt"]
    assert "no such file" in by_origin["missing.txt"]
