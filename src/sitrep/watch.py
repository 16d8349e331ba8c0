"""`sitrep watch`: store what the watchers of `ingest/watch.py` find, recording each source taken.

The documents go through `Pipeline.ingest`, as `sitrep ingest`'s do. A source (a file, a feed
item) is recorded as taken (`store/watched.py`) after every document it held is stored, found
stored or refused. A watcher killed before that reads the source again when restarted; its texts
already stored are found stored by their text identity and neither analysed nor stored again.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep import cli_support
from sitrep.ingest import InputNote, InputProblem
from sitrep.ingest.watch import Arrival
from sitrep.model import Document
from sitrep.store.watched import mark_taken

if TYPE_CHECKING:
    from sitrep.pipeline import Ingested, Pipeline
    from sitrep.store import Store


def ingest_arrivals(
    pipeline: Pipeline,
    store: Store,
    arrivals: Sequence[Arrival],
    progress: Callable[[Sequence[Document]], Iterable[Document]] = lambda documents: documents,
) -> Iterator[Ingested]:
    """Ingest the documents of the arrivals, in order, recording each arrival as taken once all of
    its documents are through, and not before those of the arrivals before it (a feed is recorded
    after its items)."""
    documents = [document for arrival in arrivals for document in arrival.documents]
    results = pipeline.ingest(store, progress(documents))  # one result per document, in order
    for arrival in arrivals:
        stored = []
        for _ in arrival.documents:
            result = next(results)
            if result.stored is not None:
                stored.append(result.stored.key)
            yield result
        mark_taken(store, arrival.source, arrival.version, stored)


def cmd_watch(args: argparse.Namespace) -> int:
    from sitrep.ingest.watch import FeedsWatch, FolderWatch, Poll, is_url
    from sitrep.store.watched import taken

    if not args.folders and not args.feed:
        raise cli_support.UsageError("nothing to watch: give a FOLDER, or --feed")
    missing = [f for f in args.folders if not Path(f).is_dir()] + [
        f for f in args.feed if not is_url(f) and not Path(f).is_file()
    ]
    if missing:
        raise cli_support.UsageError(f"no such folder or feed file: {', '.join(missing)}")
    if args.interval <= 0 or args.feed_interval <= 0:
        raise cli_support.UsageError("--interval and --feed-interval are seconds, over 0")
    watches: list[FolderWatch | FeedsWatch] = [FolderWatch(Path(f), args.published) for f in args.folders]
    watches += [FeedsWatch(f, args.published, args.feed_interval) for f in args.feed]
    store = cli_support.open_store(args, create=True)
    pipeline = cli_support.load_pipeline(["events"], args.quiet)
    if not args.once and not args.quiet:
        print(f"sitrep: watching {', '.join(args.folders + args.feed)} every {args.interval:g} s (feed URLs "
              f"every {args.feed_interval:g} s) into {store.url}; Ctrl-C stops", file=sys.stderr)  # fmt: skip
    said: set[str] = set()  # a feed's refused item, or an unreachable feed, is named once a run
    problems = polls = 0
    while True:
        polls += 1
        poll = Poll()
        checkpoint = taken(store)
        for watch in watches:
            poll.add(watch.poll(checkpoint))
        for message in poll.messages:
            if str(message) not in said:
                said.add(str(message))
                print(f"sitrep: {message}", file=sys.stderr)
                problems += isinstance(message, InputProblem)
        if poll.arrivals:
            documents = [document for arrival in poll.arrivals for document in arrival.documents]
            cli_support.warn_undated(documents, {m.origin for m in poll.messages if isinstance(m, InputNote)})
            tally = cli_support.IngestTally()

            def progress(batch: Sequence[Document]) -> Iterable[Document]:
                return cli_support.with_progress(batch, len(batch), args.quiet, "ingesting")

            for result in ingest_arrivals(pipeline, store, poll.arrivals, progress):
                tally.record(result)
            problems += tally.problems
            print(tally.summary(store.url), file=sys.stderr)
        if args.once and polls == 2:  # the first poll saw which files hold still
            if poll.still_written:
                print(f"sitrep: left for the next run, still being written: {', '.join(poll.still_written)}",
                      file=sys.stderr)  # fmt: skip
            return cli_support.exit_code(problems)
        time.sleep(args.interval)


def add_parser(command: Callable[..., argparse.ArgumentParser], database: Callable[..., None]) -> None:
    """`sitrep watch`, on the main parser's subcommands."""
    sub = command("watch", cmd_watch,
                  "Analyse and store reports as they arrive in folders or feeds, until stopped.")  # fmt: skip
    sub.add_argument("folders", nargs="*", metavar="FOLDER",
                     help="folders to watch, with their subfolders: a report file is read once it holds still")  # fmt: skip
    sub.add_argument("--feed", action="append", default=[], metavar="FEED",
                     help="an RSS or Atom file, an http(s) feed URL, or a file listing feed URLs and files "
                          "one a line; may be given again")  # fmt: skip
    sub.add_argument("--interval", type=float, default=5, metavar="S",
                     help="seconds between polls of the folders and feed files (default 5)")  # fmt: skip
    sub.add_argument("--feed-interval", type=float, default=300, metavar="S",
                     help="seconds between fetches of one feed URL (default 300)")  # fmt: skip
    sub.add_argument("--once", action="store_true",
                     help="poll twice, one interval apart, store what arrived, and exit (for cron)")  # fmt: skip
    sub.add_argument("--published", type=cli_support.iso_date, metavar="YYYY-MM-DD",
                     help="publication date for documents that carry none")  # fmt: skip
    sub.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no opening line")
    database(sub, creates=True)
