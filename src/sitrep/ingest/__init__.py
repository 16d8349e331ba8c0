"""Ingest: turn files, folders, JSON Lines and standard input into Documents.

`read(inputs)` yields `Document`s and `InputProblem`s in input order, so a caller can report a
bad input in one line and go on with the rest of the batch.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep.ingest.html import extract_html
from sitrep.ingest.language import looks_english
from sitrep.model import Document

MAX_BYTES = (
    10 * 1024 * 1024
)  # a report this large is a mistake (a dump, a log); refusing beats minutes of analysis
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}


@dataclass
class InputProblem:
    """An input, or one record of it, that could not be read; the batch goes on."""

    origin: str
    problem: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.problem}"


def parse_date(value: object) -> dt.date | None:
    """An ISO date (or the date part of an ISO timestamp); ValueError when it is not one."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"unparseable date {text!r} (expected YYYY-MM-DD)") from None


def read(inputs: Iterable[str | Path], published: dt.date | None = None) -> Iterator[Document | InputProblem]:
    """Read every input: a file, a folder (recursively, sorted), or "-" for standard input.

    `published` fills in the publication date of documents that carry none.
    """
    for item in inputs:
        if str(item) == "-":
            yield from _read_stream(sys.stdin.buffer.read(), "<stdin>", "stdin", published)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            if not files:
                yield InputProblem(str(path), "folder holds no files")
            for file in files:
                yield from _read_file(file, published)
        elif path.is_file():
            yield from _read_file(path, published)
        else:
            yield InputProblem(str(path), "no such file or folder")


def read_bytes(
    data: bytes, origin: str, name: str, published: dt.date | None = None
) -> Iterator[Document | InputProblem]:
    """Read one in-memory input (an upload, a request body) as `read` reads a file.

    `name` is the document id of a text or HTML input; its suffix (.jsonl, .html, ...), else the
    content, tells the kind apart. `origin` names the input in problems.
    """
    yield from _read_stream(data, origin, name, published, suffix=Path(name).suffix.lower() or None)


def _read_file(path: Path, published: dt.date | None) -> Iterator[Document | InputProblem]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        yield InputProblem(
            str(path), f"file is {size / 1e6:.0f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit"
        )
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield InputProblem(str(path), f"cannot read: {error.strerror}")
        return
    yield from _read_stream(data, str(path), path.name, published, suffix=path.suffix.lower())


def _read_stream(
    data: bytes, origin: str, name: str, published: dt.date | None, suffix: str | None = None
) -> Iterator[Document | InputProblem]:
    if not data.strip():
        yield InputProblem(origin, "empty input")
        return
    if b"\x00" in data[:8192]:
        yield InputProblem(origin, "binary file, not text")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield InputProblem(origin, f"not valid UTF-8 (byte {error.start})")
        return
    kind = _kind(text, suffix)
    if kind == "jsonl":
        yield from _read_jsonl(text, origin, published)
        return
    title = url = None
    doc_published = published
    if kind == "html":
        extracted = extract_html(text)
        if extracted is None:
            yield InputProblem(origin, "HTML page holds no main text")
            return
        text, title, url = extracted.text, extracted.title, extracted.url
        doc_published = extracted.published or published
    yield from _checked(
        Document(id=name, text=text, published=doc_published, title=title, url=url, origin=origin)
    )


def _kind(text: str, suffix: str | None) -> str:
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    head = text.lstrip()[:512].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    return "text"


def _read_jsonl(text: str, origin: str, published: dt.date | None) -> Iterator[Document | InputProblem]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputProblem(where, f"malformed JSON ({error.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield InputProblem(where, 'record needs a "text" string')
            continue
        if record.get("id") in (None, ""):
            yield InputProblem(where, 'record needs an "id"')
            continue
        try:
            doc_published = parse_date(record.get("published")) or published
        except ValueError as error:
            yield InputProblem(where, str(error))
            continue
        yield from _checked(
            Document(
                id=str(record["id"]),
                text=record["text"],
                published=doc_published,
                title=record.get("title"),
                url=record.get("url"),
                source=record.get("source"),
                origin=where,
            )
        )


def _checked(document: Document) -> Iterator[Document | InputProblem]:
    origin = document.origin or document.id
    if not document.text.strip():
        yield InputProblem(origin, "empty text")
    elif not looks_english(document.text):
        yield InputProblem(origin, "text does not look English; sitrep analyses English reports only")
    else:
        yield document
