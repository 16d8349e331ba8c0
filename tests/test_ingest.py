"""Reading inputs: formats, ids, dates, and one clear line for each bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
from pathlib import Path

import pytest

from sitrep.ingest import InputNote, InputProblem, parse_date, read
from sitrep.model import Document
from tests.conftest import needs_shared

REPORT = (
    "AMMAN: US-backed rebels captured portions of a strategic highway from the Islamic State "
    "in the mountains northeast of Damascus this week, a rebel commander told Syria Direct."
)


def _split(items):
    docs = [i for i in items if isinstance(i, Document)]
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
        json.dumps({"id": "a3", "text": REPORT, "published": "Wed Nov 23"}),  # no year: no date
        json.dumps({"id": "a4", "text": REPORT}),
        json.dumps({"title": "no text"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read([path], published=dt.date(2020, 1, 1)))
    docs, problems = _split(items)
    notes = [i for i in items if isinstance(i, InputNote)]
    assert [d.id for d in docs] == ["a1", "a3", "a4"]  # a date it cannot read does not lose the text
    assert docs[0].published == dt.date(2016, 11, 10) and docs[0].source == "Syria Direct"
    assert docs[1].published == docs[2].published == dt.date(2020, 1, 1)
    assert [str(p).split(": ")[0] for p in problems] == [f"{path}:2", f"{path}:5"]
    assert "malformed JSON" in problems[0].problem and "no text" in problems[1].problem
    assert [str(n) for n in notes] == [
        f"{path}:3: publication date 'Wed Nov 23' is not a date; 2020-01-01 used"
    ]


@pytest.mark.parametrize(
    "published, day",
    [
        ("Wed Nov 23 2016", dt.date(2016, 11, 23)),
        ("24 November 2016 7:58 AM ET", dt.date(2016, 11, 24)),
        ("28.04.2017", dt.date(2017, 4, 28)),
        ("Tue, 15 Nov 2016 08:12:31 +0000", dt.date(2016, 11, 15)),  # RFC 2822
        ("2016-11-10T08:00:00Z", dt.date(2016, 11, 10)),
    ],
)
def test_publication_dates_in_common_forms(published: str, day: dt.date):
    assert parse_date(published) == day


def test_a_record_without_a_date_it_can_read_is_analysed_with_relative_dates_unresolved(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "b1", "text": REPORT, "published": "7:58 AM ET"}), encoding="utf-8")
    items = list(read([path]))
    [note] = [i for i in items if isinstance(i, InputNote)]
    assert note.note == "publication date '7:58 AM ET' is not a date; relative dates stay unresolved"
    [document] = [i for i in items if isinstance(i, Document)]
    assert document.published is None and document.text == REPORT


@needs_shared
def test_a_report_given_no_date_takes_its_datelines(shared: Path, tmp_path: Path):
    # the gold reports' folders are named by their publication dates; each dateline read must be it
    read_from = {}
    for article in sorted(shared.glob("gold/*-20[0-9][0-9]-[01][0-9]-[0-3][0-9]*/article.txt")):
        name_date = dt.date.fromisoformat(re.search(r"\d{4}-\d{2}-\d{2}", article.parent.name).group())
        [document] = [i for i in read([article]) if isinstance(i, Document)]
        assert document.published in (None, name_date), article.parent.name
        read_from[article.parent.name] = document.published
    assert sum(day is not None for day in read_from.values()) >= 17  # 17 of 20 when written
    # "Middle East 1730 28.04.2017Get short URL": a byline's date, its clock time no year
    sputnik = shared / "gold/sputnik-2017-04-28-1965495368/article.txt"
    [note] = [i for i in read([sputnik]) if isinstance(i, InputNote)]
    assert note.note == "no publication date given; 2017-04-28 read from its dateline '28.04.2017'"
    # a record's date that is no date: the dateline's, said in the one note
    record = {"id": "sputnik-1", "published": "7:58 AM ET", "text": sputnik.read_text("utf-8")}
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(record), encoding="utf-8")
    items = list(read([feed]))
    assert [str(i) for i in items if isinstance(i, InputNote)] == [
        f"{feed}:1: publication date '7:58 AM ET' is not a date; 2017-04-28 read from its dateline '28.04.2017'"
    ]
    assert [i.published for i in items if isinstance(i, Document)] == [dt.date(2017, 4, 28)]
    # a date given wins, and the dateline is not read
    given = list(read([sputnik], published=dt.date(2017, 4, 29)))
    assert [i.published for i in given if isinstance(i, Document)] == [dt.date(2017, 4, 29)]
    assert not [i for i in given if isinstance(i, InputNote)]


def test_jsonl_records_end_at_newline_only(tmp_path: Path):
    # U+2028 (line separator) and U+0085 (next line) are legal inside JSON strings and common in
    # scraped news; splitting lines on them broke records in two
    texts = [REPORT.replace(". ", ".\u2028", 1), REPORT.replace(", ", ",\u0085", 1)]
    path = tmp_path / "scraped.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": f"s{n}", "text": t}, ensure_ascii=False) for n, t in enumerate(texts))
        + "\r\n",
        encoding="utf-8",
    )
    docs, problems = _split(list(read([path])))
    assert not problems
    assert [d.text for d in docs] == texts


def test_records_without_an_id_are_named_by_their_place(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"content": REPORT, "link": "https://example.org/a"}) + "\n", encoding="utf-8")
    [document] = _split(list(read([path])))[0]
    assert (document.id, document.file_name, document.url) == (
        "feed.jsonl:1",
        "feed.jsonl:1",
        "https://example.org/a",
    )


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
    docs, problems = _split(list(read([empty, binary, good, french, huge, missing])))
    assert [d.id for d in docs] == ["good.txt"]
    by_origin = {Path(p.origin).name: p.problem for p in problems}
    assert by_origin["empty.txt"] == "empty input"
    assert "binary" in by_origin["image.txt"]
    assert by_origin["french.txt"].startswith("text is in language 'fr', not English")
    assert "MB" in by_origin["huge.txt"]
    assert "no such file" in by_origin["missing.txt"]


# --- encodings: detected and named, never guessed silently -----------------------------------------


def _notes(items):
    return [str(i) for i in items if isinstance(i, InputNote)]


@needs_shared
def test_latin1_english_article_is_read_whole_with_a_note(shared: Path, tmp_path: Path):
    import xml.etree.ElementTree as ET

    articles = [
        a.findtext("text") or "" for a in ET.parse(shared / "data/toponyms/GWN.xml").getroot().iter("article")
    ]
    text = next(t for t in articles if "é" in t and all(ord(c) < 256 for c in t))
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    items = list(read([path]))
    [document] = _split(items)[0]
    assert document.text == text
    [note] = _notes(items)
    assert note.startswith(f"{path}: not UTF-8") and "read as cp1252" in note


def _arabic_place_names(shared: Path, count: int) -> list[str]:
    """Arabic names of Syrian places from GeoNames: real Arabic words that windows-1256 encodes."""
    names: list[str] = []
    with (shared / "data/geonames/SY.txt").open(encoding="utf-8") as lines:
        for line in lines:
            for name in re.findall(r"[\u0600-\u06FF]+(?: [\u0600-\u06FF]+)*", line.split("\t")[3]):
                if name.encode("cp1256", errors="replace") == name.encode("cp1256", errors="ignore"):
                    names.append(name)
            if len(names) >= count:
                return names[:count]
    return names


@needs_shared
def test_windows_1256_arabic_text_is_detected_then_refused_as_arabic(shared: Path, tmp_path: Path):
    text = "، ".join(_arabic_place_names(shared, 60))
    path = tmp_path / "arabic.txt"
    path.write_bytes(text.encode("cp1256"))
    items = list(read([path]))
    assert _notes(items) == [f"{path}: not UTF-8 (byte 0); read as cp1256, the encoding detected"]
    [problem] = _split(items)[1]
    assert problem.problem.startswith("text is in language 'ar', not English")


@needs_shared
def test_windows_1256_page_in_english_with_arabic_names_keeps_them(shared: Path, tmp_path: Path):
    records = [
        json.loads(line) for line in (shared / "data/re3d/Wikipedia/documents.json").open(encoding="utf-8")
    ]
    article = next(r for r in records if "(Arabic: " in r["text"] and r["text"].isascii() is False)
    paragraphs = "".join(f"<p>{p}</p>" for p in article["text"].split("\n") if p.strip())
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        f"<title>{article['title']}</title></head><body><article>{paragraphs}</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1256", errors="ignore"))
    items = list(read([path]))
    [document] = _split(items)[0]
    arabic = re.findall(r"\(Arabic: ([^),]+)", article["text"])[0].strip("\u200e ")
    assert arabic in document.text
    [note] = _notes(items)
    assert note.startswith(f"{path}: not UTF-8") and note.endswith(
        "read as windows-1256, as the page declares"
    )


# --- language: English is read, tables are not foreign ---------------------------------------------


@needs_shared
@pytest.mark.parametrize(
    "name",
    [
        "AFP_ENG_19970409.0021.tml",  # a table of rubber prices
        "AFP_ENG_20061214.0348.tml",  # a football result: lists of players
        "AFP_ENG_20051210.0373.tml",  # Spanish league results
    ],
)
def test_tables_and_lists_are_not_refused_as_foreign(shared: Path, tmp_path: Path, name: str):
    source = (shared / "data/corpus/te3-silver-newswire" / name).read_text(encoding="utf-8")
    path = tmp_path / "table.txt"
    path.write_text(re.sub(r"<[^>]+>", "", source), encoding="utf-8")
    docs, problems = _split(list(read([path])))
    assert not problems and len(docs) == 1


# --- folders: document by document ----------------------------------------------------------------


def test_folder_reads_pretty_json_as_documents_and_skips_what_is_not_a_report(tmp_path: Path):
    (tmp_path / "one.json").write_text(
        json.dumps({"id": "p1", "text": REPORT, "published": "Wed Nov 23 2016"}, indent=2), encoding="utf-8"
    )
    (tmp_path / "many.json").write_text(
        json.dumps([{"id": "p2", "text": REPORT + " (2)"}, {"id": "p3", "text": REPORT + " (3)"}], indent=2),
        encoding="utf-8",
    )
    (tmp_path / "entities.json").write_text(
        json.dumps([{"name": "ISIS"}, {"name": "SDF"}], indent=2), "utf-8"
    )
    (tmp_path / "README.md").write_text("# Reports\n\nScraped in 2016 from Syria Direct.\n", "utf-8")
    (tmp_path / "LICENSE").write_text("MIT License\n", "utf-8")
    (tmp_path / "notes.md").write_text("To do: check the dates.\n", "utf-8")
    items = list(read([tmp_path]))
    docs, problems = _split(items)
    assert [(d.id, d.published) for d in docs] == [("p2", None), ("p3", None), ("p1", dt.date(2016, 11, 23))]
    assert [d.origin for d in docs] == [
        f"{tmp_path / 'many.json'}[1]",
        f"{tmp_path / 'many.json'}[2]",
        str(tmp_path / "one.json"),
    ]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'entities.json'}: none of its 2 records has a text: not a file of reports"
    ]
    assert _notes(items) == [
        f"{tmp_path}: skipped 3 file(s) that are not reports: LICENSE, README.md, notes.md"
    ]


def test_a_markdown_file_named_on_the_command_line_is_read(tmp_path: Path):
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    assert [d.id for d in _split(list(read([path])))[0]] == ["report.md"]
