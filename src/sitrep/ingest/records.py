"""JSON and JSON Lines records as Documents, and publication dates in any common form."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from sitrep.ingest.problems import InputNote, InputProblem
from sitrep.ingest.settings import settings
from sitrep.model import Document

NO_TEXT = "record has no text"


def parse_date(value: object) -> dt.date | None:
    """The date of an ISO date or timestamp, or of any form dateparser reads ("Wed Nov 23 2016",
    "24 November 2016 7:58 AM ET", "28.04.2017", RFC 2822); None when empty; ValueError when it
    is not a full date (a day, a month and a year)."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
    )
    if parsed is None:
        raise ValueError(f"publication date {text[:60]!r} is not a date")
    return parsed.date()


MONTH = r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# full dates as datelines write them: 10 November 2016, November 10, 2016, 28.04.2017, 2016-11-10
DATELINE = re.compile(
    rf"(?<!\d)(?:\d{{1,2}} {MONTH},? \d{{4}}|{MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})(?!\d)",
    re.IGNORECASE,
)


def dateline(text: str) -> tuple[dt.date, str] | None:
    """The date a report's dateline gives, and the words it was read from: the first full date near
    its start (`dateline_characters`), for a report given no publication date."""
    for found in DATELINE.finditer(text[: settings()["dateline_characters"]]):
        try:
            day = parse_date(found.group())
        except ValueError:
            continue  # 31.02.2016 and the like
        if day is not None:
            return day, found.group()
    return None


def read_jsonl(
    text: str, origin: str, published: dt.date | None
) -> Iterator[Document | InputProblem | InputNote]:
    # records end at "\n" only, as the format says: U+2028, U+0085 and the like are text
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputProblem(where, f"malformed JSON ({error.msg} at column {error.colno})")
            continue
        yield from document_of(record, where, published)


def read_json(
    text: str, origin: str, published: dt.date | None
) -> Iterator[Document | InputProblem | InputNote]:
    """A JSON file: one record, or an array of records; a file of one record per line is JSON Lines."""
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":  # a second value after the first: JSON Lines named .json
            yield from read_jsonl(text, origin, published)
        else:
            yield InputProblem(origin, f"malformed JSON ({error.msg} at line {error.lineno})")
        return
    if isinstance(loaded, list):
        for number, record in enumerate(loaded, 1):
            yield from document_of(record, f"{origin}[{number}]", published)
    else:
        yield from document_of(loaded, origin, published)


def document_of(
    record: Any, where: str, published: dt.date | None
) -> Iterator[Document | InputProblem | InputNote]:
    fields = settings()["record_fields"]
    if not isinstance(record, dict):
        yield InputProblem(where, "record is not a JSON object")
        return
    value = {field: next((record[n] for n in names if record.get(n) not in (None, "")), None)
             for field, names in fields.items()}  # fmt: skip
    if not isinstance(value["text"], str):
        yield InputProblem(where, f"{NO_TEXT} (a string under {' or '.join(fields['text'])})")
        return
    if isinstance(value["id"], dict | list):
        yield InputProblem(where, "record's id is not a string or a number")
        return
    try:
        record_published = parse_date(value["published"])
    except ValueError as error:
        # the date given for undated documents, else the text's dateline, in the one note
        found = None if published else dateline(value["text"])
        if published:
            fallback = f"; {published.isoformat()} used"
        elif found:
            fallback = f"; {found[0].isoformat()} read from its dateline {found[1]!r}"
        else:
            fallback = "; relative dates stay unresolved"
        yield InputNote(where, f"{error}{fallback}")
        record_published = found[0] if found else None
    named_by_place = PurePath(where).name  # "feed.jsonl:12": no id of its own, so no revisions
    yield Document(
        id=str(value["id"]) if value["id"] is not None else named_by_place,
        text=value["text"],
        published=record_published or published,
        title=_text_or_none(value["title"]),
        url=_text_or_none(value["url"]),
        source=_text_or_none(value["source"]),
        origin=where,
        file_name=None if value["id"] is not None else named_by_place,
    )


def _text_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
