"""Ingest: turn files, folders, JSON, JSON Lines, RSS and Atom feeds and standard input into Documents.

`read(inputs)` yields `Document`s, `InputProblem`s (an input or record refused, with the reason)
and `InputNote`s (read, but the user should know how) in input order, so that a caller can report
each in one line and go on with the rest of the batch.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from sitrep.ingest.decode import decode
from sitrep.ingest.feeds import read_feed
from sitrep.ingest.html import extract_html
from sitrep.ingest.language import foreign_language
from sitrep.ingest.problems import InputNote, InputProblem
from sitrep.ingest.records import NO_TEXT, dateline, parse_date, read_json, read_jsonl
from sitrep.ingest.settings import settings
from sitrep.model import Document

__all__ = [
    "InputNote",
    "InputProblem",
    "Item",
    "folder_files",
    "parse_date",
    "read",
    "read_bytes",
    "read_source",
    "skipped_note",
    "sources",
]

Item = Document | InputProblem | InputNote
JSON_ARRAY = re.compile(r"\[\s*[{\]]")  # "[{" opens an array of records; "[Reuters]" opens a text
FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)[\s>]")  # the root element of RSS 2.0, Atom, RSS 1.0


def read(inputs: Iterable[str | Path], published: dt.date | None = None) -> Iterator[Item]:
    """Read every input: a file, a folder (recursively, sorted, reports only), or "-" for standard input.

    `published` fills in the publication date of documents that carry none.
    """
    for source in sources(inputs):
        yield from read_source(source, published) if isinstance(source, str) else (source,)


def sources(inputs: Iterable[str | Path]) -> Iterator[str | InputProblem | InputNote]:
    """What `read` reads, in its order: each file's path, "-" for standard input, each report file
    of a folder (after a note on its other files), or the problem with an input that is neither.
    Listing is cheap, so a caller can list here and read the sources elsewhere (sitrep.scale)."""
    for item in inputs:
        if str(item) == "-":
            yield "-"
            continue
        path = Path(item)
        if path.is_dir():
            reports, skipped = folder_files(path)
            if skipped:
                yield skipped_note(path, skipped)
            if not reports:
                yield InputProblem(str(path), "folder holds no reports (.txt, .html, .json, .jsonl, .rss)")
            yield from map(str, reports)
        elif path.is_file():
            yield str(path)
        else:
            yield InputProblem(str(path), "no such file or folder")


def read_source(source: str, published: dt.date | None = None, data: bytes | None = None) -> Iterator[Item]:
    """Read one of `sources`: a file, or "-" for standard input (`data`: its bytes, read already)."""
    if source == "-":
        stdin = sys.stdin.buffer.read() if data is None else data
        yield from _read_stream(stdin, "<stdin>", "stdin", published, file_named=True)
    else:
        yield from _read_file(Path(source), published)


def read_bytes(
    data: bytes, origin: str, name: str, published: dt.date | None = None, name_is_id: bool = False
) -> Iterator[Item]:
    """Read one in-memory input (an upload, a request body) as `read` reads a file.

    `name` is the document id of a text or HTML input: a file name unless `name_is_id` (then a
    changed text under it is a new revision of it); its suffix (.jsonl, .html, ...), else the
    content, tells the kind apart. `origin` names the input in problems.
    """
    suffix = Path(name).suffix.lower() or None
    yield from _read_stream(data, origin, name, published, suffix=suffix, file_named=not name_is_id)


def folder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The files of a folder and its subfolders, in path order: (reports, the others); hidden
    files (an editor's or a downloader's files in progress) are neither."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return [p for p in files if _is_report(p)], [p for p in files if not _is_report(p)]


def skipped_note(folder: Path, skipped: list[Path]) -> InputNote:
    names = ", ".join(str(p.relative_to(folder)) for p in skipped[:5])
    more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    return InputNote(str(folder), f"skipped {len(skipped)} file(s) that are not reports: {names}{more}")


def _is_report(path: Path) -> bool:
    config = settings()
    name = path.name.lower()
    if any(fnmatch.fnmatch(name, pattern) for pattern in config["not_reports"]):
        return False
    return any(path.suffix.lower() in suffixes for suffixes in config["report_suffixes"].values())


def _read_file(path: Path, published: dt.date | None) -> Iterator[Item]:
    size = path.stat().st_size
    limit = settings()["max_file_megabytes"]
    if size > limit * 1024 * 1024:
        yield InputProblem(str(path), f"file is {size / 1e6:.0f} MB, over the {limit} MB limit")
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield InputProblem(str(path), f"cannot read: {error.strerror}")
        return
    yield from _read_stream(
        data, str(path), path.name, published, suffix=path.suffix.lower(), file_named=True
    )


def _read_stream(
    data: bytes, origin: str, name: str, published: dt.date | None, suffix: str | None = None,
    file_named: bool = False,
) -> Iterator[Item]:  # fmt: skip
    if not data.strip():
        yield InputProblem(origin, "empty input")
        return
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield InputProblem(origin, "binary file, not text")
        return
    decoded = decode(data)
    text = decoded.text
    kind = _kind(text, suffix)
    if decoded.note and kind != "feed":  # a feed's XML declares its charset: feedparser reads the bytes
        yield InputNote(origin, decoded.note)
    if kind in ("json", "jsonl", "feed"):
        if kind == "feed":
            items = list(read_feed(data, origin, published))
        else:
            items = list((read_json if kind == "json" else read_jsonl)(text, origin, published))
        textless = [i for i in items if isinstance(i, InputProblem) and i.problem.startswith(NO_TEXT)]
        if len(textless) > 1 and len(textless) == len(items):  # data beside the reports (entities ...)
            yield InputProblem(origin, f"none of its {len(items)} records has a text: not a file of reports")
            return
        for item in items:
            yield from _checked(item) if isinstance(item, Document) else (item,)
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
    document = Document(id=name, text=text, published=doc_published, title=title, url=url, origin=origin,
                        file_name=name if file_named else None)  # fmt: skip
    yield from _checked(document)


def _kind(text: str, suffix: str | None) -> str:
    for kind, suffixes in settings()["report_suffixes"].items():
        if suffix in suffixes and suffix:
            return str(kind)
    head = text.lstrip()[:512].lower()
    if head.startswith("{") or JSON_ARRAY.match(head):
        return "json"  # one record, an array of them, or one per line: read_json tells them apart
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    if FEED_ROOT.search(head):
        return "feed"
    return "text"


def _checked(document: Document) -> Iterator[Item]:
    origin = document.origin or document.id
    if not document.text.strip():
        yield InputProblem(origin, "empty text")
        return
    language = foreign_language(document.text)
    if language:
        yield InputProblem(origin, f"text is in language {language!r}, not English (py3langid); "
                                   "sitrep analyses English reports only")  # fmt: skip
        return
    if document.published is None and (found := dateline(document.text)):
        day, words = found
        yield InputNote(
            origin, f"no publication date given; {day.isoformat()} read from its dateline {words!r}"
        )
        document = replace(document, published=day)
    yield document
