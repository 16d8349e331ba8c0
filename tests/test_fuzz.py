"""Property-based fuzzing of every reader (text, HTML, JSON and JSON Lines, RSS and Atom feeds,
folders) and of the pipeline: whatever comes in, each input is a document, a refusal or a note,
never a traceback, and no document stalls the analysis.

The suite runs a bounded number of examples (conftest's "suite" profile); `make fuzz` runs the
"fuzz" profile, a hundred times as many.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import given
from hypothesis import strategies as st

from sitrep.ingest import InputNote, InputProblem, read, read_bytes
from sitrep.ingest.settings import settings
from sitrep.model import Document
from tests.conftest import needs_shared

SUFFIXES = ["", ".txt", ".html", ".json", ".jsonl", ".rss", ".atom", ".xml", ".md", ".csv"]
# words of conflict reports, with the characters scraped news holds that once broke readers
WORDS = [
    "AMMAN:", "rebels", "captured", "the", "Islamic", "State", "in", "Damascus", "on", "Tuesday", "last", "week",
    "killed", "12", "civilians", "al-Dumayr", "(Reuters)", "-", "air", "strike", "near", "Aleppo", "2016",
    "November", "\u2028", "\u0085", "\u00a0", "\r\n", "\n\n", "\t", "’s", "Ma'arrat", "قتل", "Ḥamāh", "...",
    "<p>", "</p>", "<html>", "{", "}", "\"", "\\", "\x00", "\ufeff", "\U0001f600",
]  # fmt: skip
texts = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["id", "text", "published", "url", "title", "source", "_id", "content"]) | st.text(max_size=5), inner, max_size=6),
    max_leaves=12,
)  # fmt: skip


def assert_read(items: list[object]) -> list[Document]:
    assert all(isinstance(i, Document | InputProblem | InputNote) for i in items)
    for item in items:
        if isinstance(item, InputProblem | InputNote):
            assert item.origin and "\n" not in str(item).strip()  # one line, naming its input
    documents = [i for i in items if isinstance(i, Document)]
    assert all(d.id and d.text.strip() for d in documents)
    return documents


@given(
    data=st.one_of(st.binary(max_size=2000), texts.map(lambda t: t.encode("utf-8"))),
    suffix=st.sampled_from(SUFFIXES),
)
def test_any_bytes_under_any_name(data: bytes, suffix: str):
    assert_read(list(read_bytes(data, "fuzz", f"input{suffix}")))


@given(records=st.lists(json_values, max_size=6), pretty=st.booleans())
def test_json_and_json_lines_records(records: list[object], pretty: bool):
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")
    documents = assert_read(list(read_bytes(lines, "fuzz", "feed.jsonl")))
    whole = json.dumps(records, indent=2 if pretty else None, ensure_ascii=False).encode("utf-8")
    assert_read(list(read_bytes(whole, "fuzz", "feed.json")))
    names = settings()["record_fields"]["text"]  # "text", or the other names a record may use
    written = {
        value for r in records if isinstance(r, dict) for n in names if isinstance(value := r.get(n), str)
    }
    assert {d.text for d in documents} <= written  # every text read is one written, whole


@given(
    body=st.lists(
        st.tuples(st.sampled_from(["p", "div", "h1", "script", "nav", "article", "table"]), texts), max_size=8
    )
)
def test_html_pages(body: list[tuple[str, str]]):
    page = (
        "<html><head><title>t</title></head><body>"
        + "".join(f"<{t}>{x}</{t}>" for t, x in body)
        + "</body></html>"
    )
    assert_read(list(read_bytes(page.encode("utf-8"), "fuzz", "page.html")))


@given(
    items=st.lists(st.tuples(texts, texts, texts), max_size=5),  # each item's guid, date and text
    atom=st.booleans(),
    as_xml_text=st.booleans(),  # escaped, or raw: markup and stray "&" as scraped feeds carry them
    cut=st.integers(min_value=0, max_value=120),  # bytes cut off the end: a download cut short
)
def test_rss_and_atom_feeds(items: list[tuple[str, str, str]], atom: bool, as_xml_text: bool, cut: int):
    quote = escape if as_xml_text else str
    if atom:
        entries = "".join(
            f'<entry><id>{quote(i)}</id><updated>{quote(d)}</updated><content type="html">{quote(t)}</content></entry>'
            for i, d, t in items
        )
        feed = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>wire</title>{entries}</feed>'
    else:
        entries = "".join(
            f"<item><guid>{quote(i)}</guid><pubDate>{quote(d)}</pubDate><description>{quote(t)}</description></item>"
            for i, d, t in items
        )
        feed = f'<rss version="2.0"><channel><title>wire</title>{entries}</channel></rss>'
    data = f'<?xml version="1.0" encoding="utf-8"?>\n{feed}\n'.encode()
    assert_read(list(read_bytes(data[: len(data) - cut], "fuzz", "wire.atom" if atom else "wire.rss")))


@given(
    files=st.dictionaries(
        st.from_regex(r"[A-Za-z0-9_ -]{1,12}", fullmatch=True),
        st.tuples(st.sampled_from(SUFFIXES), st.binary(max_size=400) | texts.map(str.encode)),
        max_size=6,
    )
)
def test_folders(files: dict[str, tuple[str, bytes]]):
    with tempfile.TemporaryDirectory() as folder:
        for name, (suffix, data) in files.items():
            (Path(folder) / f"{name}{suffix}").write_bytes(data)
        assert_read(list(read([folder])))


@needs_shared
@given(text=texts.filter(str.strip))
def test_pipeline_on_short_texts(pipeline, text: str):
    # a stage that hangs is stopped by the per-document time limit, and fails here as an error
    [analysis] = list(pipeline.analyze([Document("fuzz", text)]))
    assert analysis.error is None, analysis.error
