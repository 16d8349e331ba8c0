"""Document identity: a text is stored once whatever its name, two texts of one name are both
stored, a changed text under a known id or URL is a new revision, and old databases carry over."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from sitrep.model import Document, Event, Span
from sitrep.store import EventFilter, Store, migrations
from sitrep.store.identity import content_hash

ROOT = Path(__file__).resolve().parent
# two sentences of a Syria Direct report (../shared/gold/seed) and that report as later revised
FIRST = (
    "AMMAN: US-backed rebels captured portions of a strategic highway from the Islamic State in the "
    "mountains northeast of Damascus this week, a rebel commander told Syria Direct."
)
SECOND = (
    "In April, the Islamic State claimed it shot down a Syrian Air Force plane flying over Bir al-Qasab, "
    "roughly 75km east of Damascus."
)
REVISED = FIRST + " The rebels have now broken a months-long siege of the city of al-Dumayr."


def capture(
    document: Document, event_id: str, day: dt.date = dt.date(2016, 11, 7), **fields: object
) -> Event:
    values: dict = dict(
        event_type="Strategic developments", sub_event_type="Non-state actor overtakes territory",
        evidence=[Span(0, len(FIRST), FIRST)], event_date=day, time_precision=2, actor1="Free Syrian Army",
        actor2="Islamic State", latitude=33.64, longitude=36.69, country="Syria", location="Ad Dumayr",
        event_id=event_id,
    )  # fmt: skip
    values.update(fields)
    return Event(document_id=document.id, **values)


@pytest.fixture()
def store(store_url: str) -> Store:
    return Store(store_url)


def event_ids(store: Store, where: EventFilter | None = None) -> list[str]:
    return sorted(e["event_id"] for e in store.query_events(where or EventFilter()))


def test_the_same_text_under_another_name_adds_nothing(store: Store):
    first = Document("gold/seed/article.txt", FIRST, file_name="article.txt")
    assert store.add(first, [capture(first, "E1")])
    again = Document("copy.txt", "  " + FIRST.replace(" ", "\n", 3) + "\n", file_name="copy.txt")
    assert store.has_document(again)  # white space apart, the same text
    assert store.add(again, [capture(again, "E2")]) is None
    assert event_ids(store) == ["E1"] and store.stats()["documents"] == 1


def test_two_texts_of_one_name_are_both_stored_and_told_apart(store: Store):
    one = Document("article.txt", FIRST, file_name="article.txt")
    other = Document("article.txt", SECOND, file_name="article.txt")
    first, second = store.add(one, [capture(one, "E1")]), store.add(other, [capture(other, "E2")])
    assert first is not None and second is not None
    assert (first.key, first.note("article.txt")) == ("article.txt", None)
    assert (
        second.key == f"article.txt~{content_hash(SECOND)[:8]}" and second.shares_name_with == "article.txt"
    )
    assert second.note("article.txt") == (
        f"another text named 'article.txt' is stored as article.txt; both kept, this one as {second.key}"
    )
    assert event_ids(store) == ["E1", "E2"]  # both current: a file name is no id
    assert store.get_document(second.key)["text"] == SECOND  # type: ignore[index]
    assert [e["document_id"] for e in store.query_events(EventFilter())] == ["article.txt", second.key]


def test_a_record_id_a_file_name_holds_and_the_reverse_are_told_too(store: Store):
    # a JSON record with id 'article.txt' is no revision of the file article.txt, and the reverse
    file = Document("article.txt", FIRST, file_name="article.txt")
    record = Document("article.txt", SECOND)
    store.add(file, [capture(file, "E1")])
    stored = store.add(record, [capture(record, "E2")])
    assert stored is not None and stored.key == f"article.txt~{content_hash(SECOND)[:8]}"
    assert stored.note("article.txt") == (
        f"another text named 'article.txt' is stored as article.txt; both kept, this one as {stored.key}"
    )
    feed_record = Document("sd-17", SECOND + " Reuters could not confirm it.")
    same_named_file = Document("sd-17", REVISED, file_name="sd-17")
    store.add(feed_record, [capture(feed_record, "E3")])
    stored = store.add(same_named_file, [capture(same_named_file, "E4")])
    assert stored is not None and stored.revision == 1 and stored.shares_name_with == "sd-17"
    assert event_ids(store) == ["E1", "E2", "E3", "E4"]


def test_a_changed_text_under_a_known_id_is_a_revision_whose_events_replace_the_old(store: Store):
    original = Document("syria-direct-1", FIRST, dt.date(2016, 11, 10), source="Syria Direct")
    store.add(
        original,
        [
            capture(original, "E1"),
            capture(original, "E2", event_type="Battles", sub_event_type="Armed clash"),
        ],
    )
    revised = Document("syria-direct-1", REVISED, dt.date(2016, 11, 10), source="Syria Direct")
    stored = store.add(revised, [capture(revised, "E3", fatalities=4)])
    assert stored is not None and (stored.revision, stored.replaces) == (2, "syria-direct-1")
    assert "stored as revision 2" in (stored.note("syria-direct-1") or "")
    assert event_ids(store) == ["E3"] and store.count_events(EventFilter()) == 1
    assert [h["event_id"] for h in store.happenings(EventFilter())] == ["HE3"]
    assert store.stats()["documents"] == 1 and store.stats()["events"] == 1
    # kept for audit: the old revision, under its key, marked, with its events
    old = store.get_document("syria-direct-1")
    assert old is not None and old["superseded_by"] == stored.key and old["revision"] == 1
    assert stored.key == f"syria-direct-1~{content_hash(REVISED)[:8]}"
    assert event_ids(store, EventFilter(document_id="syria-direct-1")) == ["E1", "E2"]
    assert store.get_document(stored.key)["revision"] == 2  # type: ignore[index]


def test_a_changed_page_under_a_known_url_is_a_revision(store: Store):
    url = "https://syriadirect.org/news/rebels-take-highway/"
    page = Document("page.html", FIRST, url=url, file_name="page.html")
    refetched = Document("page (1).html", REVISED, url=url, file_name="page (1).html")
    store.add(page, [capture(page, "E1")])
    stored = store.add(refetched, [capture(refetched, "E2")])
    assert stored is not None and stored.replaces == "page.html" and stored.key == "page (1).html"
    assert event_ids(store) == ["E2"]


def test_a_revision_leaves_the_happenings_it_shared_with_other_reports(store: Store):
    reuters = Document("reuters-1", SECOND + " Reuters could not confirm it.", source="Reuters")
    original = Document("syria-direct-1", FIRST, source="Syria Direct")
    store.add(reuters, [capture(reuters, "R1", fatalities=2)])
    store.add(original, [capture(original, "S1")])
    [merged] = store.happenings(EventFilter())
    assert merged["n_sources"] == 2
    revised = Document("syria-direct-1", REVISED, source="Syria Direct")
    store.add(revised, [capture(revised, "S2", latitude=36.2, longitude=37.16, location="Aleppo")])
    happenings = {h["event_id"]: h for h in store.happenings(EventFilter())}
    assert sorted(happenings) == ["HR1", "HS2"]
    assert happenings["HR1"]["n_sources"] == 1 and happenings["HR1"]["document_ids"] == "reuters-1"
    explained = store.explain("R1")
    assert explained is not None and [e["event_id"] for e in explained["events"]] == ["R1"]


HEAD = ScriptDirectory(str(Path(migrations.__file__).parent)).get_current_head()


def test_an_old_database_is_upgraded_in_place(tmp_path: Path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.executescript((ROOT / "data" / "store-schema-before-revisions.sql").read_text("utf-8"))
        rows = [("report.txt", FIRST), ("feed-17", SECOND), ("copy-of-report", FIRST)]
        db.executemany(
            "INSERT INTO documents (id, content_hash, text, ingested_at) VALUES (?, 'raw-sha256', ?, '2026-01-01 00:00:00')",
            rows,
        )
        db.execute(
            "INSERT INTO events (event_id, document_id, event_type, sub_event_type, fatalities, claim_status) "
            "VALUES ('E1', 'feed-17', 'Battles', 'Armed clash', 0, 'reported')"
        )
    store = Store(f"sqlite:///{path}")
    documents = {key: store.get_document(key) for key in ("report.txt", "feed-17")}
    assert documents["report.txt"]["file_name"] == "report.txt"  # type: ignore[index]
    assert documents["feed-17"]["external_id"] == "feed-17"  # type: ignore[index]
    assert all(d and d["revision"] == 1 and d["superseded_by"] is None for d in documents.values())
    assert store.has_document(Document("elsewhere.txt", FIRST))  # hashes recomputed as today's
    # a text stored twice keeps both rows, told apart by key under the unique content hash
    assert store.get_document("copy-of-report")["text"] == FIRST  # type: ignore[index]
    assert event_ids(store) == ["E1"]
    # a changed text under the old id is its revision
    revised = Document("feed-17", REVISED)
    stored = store.add(revised, [capture(revised, "E2")])
    assert stored is not None and stored.replaces == "feed-17" and event_ids(store) == ["E2"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD,)
        ]  # no revision left
    Store(f"sqlite:///{path}")  # opening it again changes nothing
