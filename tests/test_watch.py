"""`sitrep watch`: files dropped into a folder and feed items are stored once each, a file still
being written waits, and a watcher killed and restarted neither loses nor repeats a document."""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitrep import cli_support
from sitrep.cli import main
from sitrep.ingest import InputNote, InputProblem, read
from sitrep.ingest.watch import FeedsWatch, FolderWatch, Poll
from sitrep.model import Document
from sitrep.store import Store
from sitrep.store.identity import content_hash
from sitrep.store.watched import taken
from sitrep.watch import ingest_arrivals
from tests.test_faults import contents, stored_documents

PUBLISHED = dt.date(2016, 11, 10)
SITREP = Path(sys.executable).with_name("sitrep")  # the installed command, as a user runs it


@pytest.fixture(scope="module")
def articles(shared: Path) -> list[Path]:
    """Eight short gold reports (about 1 KB each), each its own folder's article.txt."""
    found = sorted(shared.glob("gold/*/article.txt"), key=lambda p: p.stat().st_size)
    return sorted(found[:8])


def drop(article: Path, folder: Path) -> Path:
    """Copy a gold report into the folder under its report's name (every gold text is article.txt)."""
    target = folder / f"{article.parent.name}.txt"
    shutil.copy(article, target)
    return target


def documents_of(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as connection:
        return sorted(connection.execute("SELECT id, content_hash FROM documents").fetchall())


def step(watch, pipeline, store):
    """One poll of the watcher and the ingest of what it found: (the poll, each result's status)."""
    poll = watch.poll(taken(store))
    results = list(ingest_arrivals(pipeline, store, poll.arrivals))
    assert not [r.error for r in results if r.error]
    return poll, ["stored" if r.stored else "already stored" for r in results]


def test_files_are_stored_once_each_when_they_hold_still_and_a_restart_takes_none_again(
    articles: list[Path], pipeline, tmp_path: Path
):
    folder, db = tmp_path / "inbox", tmp_path / "watch.db"
    folder.mkdir()
    store = Store(f"sqlite:///{db}")
    watch = FolderWatch(folder, PUBLISHED)
    first, second = drop(articles[0], folder), drop(articles[1], folder)
    poll, statuses = step(watch, pipeline, store)
    assert statuses == [] and poll.still_written == [str(first), str(second)]  # seen once: not yet still
    poll, statuses = step(watch, pipeline, store)
    assert statuses == ["stored", "stored"] and poll.still_written == []

    # a report still being written is read only once it has held still for a poll, and whole
    text = articles[2].read_text("utf-8")
    growing = folder / "growing.txt"
    growing.write_text(text[: len(text) // 2], encoding="utf-8")
    for _ in range(2):  # new at one poll, grown at the next: not read
        poll, statuses = step(watch, pipeline, store)
        assert statuses == [] and poll.still_written == [str(growing)]
        with growing.open("a", encoding="utf-8") as stream:
            stream.write(text[len(text) // 2 :] if _ == 0 else "")
    poll, statuses = step(watch, pipeline, store)  # held still since the last poll: read
    assert statuses == ["stored"]
    stored = dict(documents_of(db))
    assert stored["growing.txt"] == content_hash(text)  # the whole text, never its first half
    assert len(stored) == 3

    # restarted (a new watcher on the same database): nothing is read again
    restarted = FolderWatch(folder, PUBLISHED)
    assert [step(restarted, pipeline, store)[1] for _ in range(3)] == [[], [], []]

    # killed after storing a report but before recording it as taken: read again, found stored
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM watched WHERE source = ?", (str(second.resolve()),))
    restarted = FolderWatch(folder, PUBLISHED)
    assert [step(restarted, pipeline, store)[1] for _ in range(2)] == [[], ["already stored"]]
    assert len(documents_of(db)) == 3 and set(taken(store)) == {
        str(p.resolve()) for p in (first, second, growing)
    }


def test_a_watcher_killed_mid_run_and_restarted_stores_what_one_ingest_stores(
    articles: list[Path], pipeline, tmp_path: Path, monkeypatch
):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for article in articles:
        drop(article, folder)
    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"
    # what `sitrep ingest` stores, on the suite's loaded pipeline
    ingested = [item for item in read([folder], PUBLISHED) if isinstance(item, Document)]
    assert all(r.stored for r in pipeline.ingest(Store(f"sqlite:///{whole}"), ingested))

    command = [str(SITREP), "watch", "--quiet", "--interval", "0.2", "--published", PUBLISHED.isoformat()]
    run = subprocess.Popen([*command, "--db", f"sqlite:///{killed}", str(folder)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while stored_documents(killed) < 1 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    run.send_signal(signal.SIGKILL)
    run.wait()
    at_kill = stored_documents(killed)
    assert 1 <= at_kill < len(articles)  # killed mid-run, not before it stored or after it was done

    # restarted: the command itself, on the suite's loaded pipeline (loading another costs seconds)
    monkeypatch.setattr(cli_support, "load_pipeline", lambda stages, quiet: pipeline)
    assert main([*command[1:], "--once", "--db", f"sqlite:///{killed}", str(folder)]) == 0
    assert contents(killed) == contents(
        whole
    )  # documents, events, mentions, happenings: none lost, none twice
    with sqlite3.connect(killed) as connection:
        assert connection.execute("SELECT count(*) FROM watched").fetchone() == (len(articles),)


def report_date(article: Path) -> dt.date:
    """The date in the gold report's folder name ("tass-2016-08-13-1924058218")."""
    found = re.search(r"\d{4}-\d\d-\d\d", article.parent.name)
    return dt.date.fromisoformat(found.group()) if found else PUBLISHED


def feed_item(kind: str, article: Path, number: int, summary_only: bool = False) -> str:
    """An RSS or Atom item carrying a gold report as HTML paragraphs (or as its summary only)."""
    paragraphs = "".join(
        f"<p>{html.escape(p)}</p>" for p in article.read_text("utf-8").split("\n") if p.strip()
    )
    body = html.escape(paragraphs)
    day = report_date(article)
    link = f"https://news.example.org/{article.parent.name}"
    if kind == "rss":
        text = (
            f"<description>{body}</description>"
            if summary_only
            else (f"<description>Summary.</description><content:encoded>{body}</content:encoded>")
        )
        return (f"<item><title>Report {number}</title><link>{link}</link><guid>item-{number}</guid>"
                f"<pubDate>{day.strftime('%a, %d %b %Y')} 08:00:00 +0000</pubDate>{text}</item>")  # fmt: skip
    return (f'<entry><title>Report {number}</title><id>urn:item:{number}</id><link href="{link}"/>'
            f'<published>{day.isoformat()}T08:00:00Z</published><content type="html">{body}</content></entry>')  # fmt: skip


def feed(kind: str, items: list[str]) -> str:
    if kind == "rss":
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Example Wire</title>'
                f"{''.join(items)}</channel></rss>")  # fmt: skip
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Example Wire</title><id>urn:wire</id>{''.join(items)}</feed>")  # fmt: skip


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_items_are_documents_with_their_link_date_and_full_text(
    kind: str, articles: list[Path], shared: Path, tmp_path: Path
):
    path = tmp_path / f"wire.{kind}"
    reports = [shared / "gold/seed/article.txt", articles[0]]  # the seed report has 18 paragraphs
    items = [feed_item(kind, reports[0], 1), feed_item(kind, reports[1], 2, summary_only=kind == "rss")]
    path.write_text(feed(kind, items), encoding="utf-8")
    read_items = list(read([path]))
    documents = [i for i in read_items if isinstance(i, Document)]
    assert [d.id for d in documents] == (
        ["item-1", "item-2"] if kind == "rss" else ["urn:item:1", "urn:item:2"]
    )
    first = documents[0]
    assert first.url == "https://news.example.org/seed" and first.title == "Report 1"
    assert first.source == "Example Wire" and first.origin == f"{path}[1]"
    assert first.published == PUBLISHED and documents[1].published == report_date(articles[0])
    for document, article in zip(documents, reports, strict=True):
        paragraphs = [line for line in article.read_text("utf-8").split("\n") if line.strip()]
        assert content_hash(document.text) == content_hash("\n".join(paragraphs))
        assert len(document.text.split("\n\n")) == len(paragraphs)  # kept apart for the sentence splitter
    notes = [str(i) for i in read_items if isinstance(i, InputNote)]
    assert notes == (
        [f"{path}: 1 of its 2 item(s) carry a summary only, analysed as their text"] if kind == "rss" else []
    )


def test_a_feed_cut_short_gives_its_whole_items_and_leaves_the_last(articles: list[Path], tmp_path: Path):
    whole = feed("rss", [feed_item("rss", a, n) for n, a in enumerate(articles[:3], 1)])
    path = tmp_path / "cut.rss"
    for cut_at in (whole.index("</content:encoded>", whole.index("item-3")), whole.index("</channel>")):
        path.write_text(whole[:cut_at], encoding="utf-8")  # inside the last item's content; after it
        items = list(read([path]))
        assert [i.id for i in items if isinstance(i, Document)] == ["item-1", "item-2"]
        (message,) = [str(i) for i in items if not isinstance(i, Document)]
        assert re.fullmatch(  # expat's words in the parentheses
            rf"{re.escape(str(path))}: feed is cut short \(.*no element found\): its 2 whole item\(s\) taken, "
            r"the last left for a later read",
            message,
        )
    path.write_text(whole, encoding="utf-8")
    assert [i.id for i in read([path]) if isinstance(i, Document)] == ["item-1", "item-2", "item-3"]


def test_a_feed_file_is_watched_item_by_item(articles: list[Path], pipeline, tmp_path: Path):
    path, store = tmp_path / "wire.atom", Store(f"sqlite:///{tmp_path / 'feed.db'}")
    path.write_text(feed("atom", [feed_item("atom", articles[0], 1)]), encoding="utf-8")
    watch = FeedsWatch(str(path))
    assert step(watch, pipeline, store)[1] == []  # read once it holds still, as a folder's files
    assert step(watch, pipeline, store)[1] == ["stored"]
    path.write_text(
        feed("atom", [feed_item("atom", a, n) for n, a in enumerate(articles[:2], 1)]), encoding="utf-8"
    )
    assert [step(watch, pipeline, store)[1] for _ in range(3)] == [[], ["stored"], []]  # the new item only
    stored = store.get_document("urn:item:2")
    assert stored is not None and stored["url"] == f"https://news.example.org/{articles[1].parent.name}"
    assert sorted(taken(store)) == [str(path), f"{path}#urn:item:1", f"{path}#urn:item:2"]
    # an item whose text changed is taken again: the next revision of the document of its id
    path.write_text(
        feed("atom", [feed_item("atom", articles[2], 1), feed_item("atom", articles[1], 2)]), encoding="utf-8"
    )
    assert [step(watch, pipeline, store)[1] for _ in range(2)] == [[], ["stored"]]
    with sqlite3.connect(tmp_path / "feed.db") as connection:
        revisions = connection.execute(
            "SELECT revision, content_hash, superseded_by IS NULL FROM documents WHERE external_id = ? "
            "ORDER BY revision",
            ("urn:item:1",),
        ).fetchall()
    texts = [content_hash(a.read_text("utf-8")) for a in (articles[0], articles[2])]
    assert revisions == [(1, texts[0], False), (2, texts[1], True)]
    restarted = FeedsWatch(str(path))  # the feed as it was read whole: nothing new, nothing to say
    assert [restarted.poll(taken(store)) for _ in range(2)] == [Poll(still_written=[str(path)]), Poll()]


@pytest.fixture()
def served(tmp_path: Path):
    """A folder served over HTTP on the loopback address: its base URL."""
    folder = tmp_path / "site"
    folder.mkdir()
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_list_of_feed_urls_and_files_is_fetched_and_read(articles: list[Path], served, tmp_path: Path):
    site, base = served
    (site / "wire.rss").write_text(feed("rss", [feed_item("rss", articles[0], 1)]), encoding="utf-8")
    (site / "page.html").write_text("<html><body><p>Not a feed.</p></body></html>", encoding="utf-8")
    (tmp_path / "local.atom").write_text(feed("atom", [feed_item("atom", articles[1], 2)]), encoding="utf-8")
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        f"# the wires we follow\n{base}/wire.rss\nlocal.atom\n{base}/page.html\n{base}/gone.rss\n"
    )
    watch = FeedsWatch(str(listing), every=300)
    first = watch.poll({})
    # each item, then the feed itself, recorded as taken after its items
    assert [(a.source, [d.url for d in a.documents]) for a in first.arrivals] == [
        (f"{base}/wire.rss#item-1", [f"https://news.example.org/{articles[0].parent.name}"]),
        (f"{base}/wire.rss", []),
        (f"{base}/page.html", []),
    ]
    assert first.still_written == [str(tmp_path / "local.atom")]
    assert [str(m) for m in first.messages if isinstance(m, InputProblem)] == [
        f"{base}/page.html: not an RSS or Atom feed with items",
        f"{base}/gone.rss: cannot fetch: HTTP Error 404: File not found",
    ]
    second = watch.poll({a.source: a.version for a in first.arrivals})
    # the URLs wait for their next fetch; the file, having held still, is read
    local = tmp_path / "local.atom"
    assert [a.source for a in second.arrivals] == [f"{local}#urn:item:2", str(local)]
    assert content_hash(second.arrivals[0].documents[0].text) == content_hash(articles[1].read_text("utf-8"))


def test_watch_command_line_errors_exit_2(tmp_path: Path, capsys):
    assert main(["watch", "--once"]) == 2
    assert main(["watch", "--once", str(tmp_path / "nowhere")]) == 2
    assert main(["watch", "--once", "--interval", "0", str(tmp_path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "sitrep watch: nothing to watch: give a FOLDER, or --feed",
        f"sitrep watch: no such folder or feed file: {tmp_path / 'nowhere'}",
        "sitrep watch: --interval and --feed-interval are seconds, over 0",
    ]
    run = subprocess.run([sys.executable, "-m", "sitrep.cli", "watch"], capture_output=True, text=True)
    assert (run.returncode, run.stderr) == (2, "sitrep watch: nothing to watch: give a FOLDER, or --feed\n")
