"""What arrives to be read: files dropped into a folder, items that appear in RSS or Atom feeds.

A watcher is polled. Each poll reads what arrived since the sources already taken (`taken`: the
version each was taken at, kept by the caller) and returns it as `Arrival`s, each a source, the
version it was read at and its documents, with what reading said besides. Watchers read and never
store: `sitrep.watch` stores the documents and records each arrival as taken.

A file, and a feed kept in a file, is read once it holds still: the same size and modification
time at two polls in a row, so that a file still being written is not read half-written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitrep import __version__
from sitrep.ingest import folder_files, read, read_bytes, skipped_note
from sitrep.ingest.problems import InputNote, InputProblem
from sitrep.ingest.settings import settings
from sitrep.model import Document

# read_bytes tells an input's kind by its name's suffix: a feed is read as a feed whatever its
# server or file calls it (a page that is no feed is then refused, not analysed as a report)
FEED_NAME = "feed.rss"
FETCH_TIMEOUT_S = 30


@dataclass
class Arrival:
    """A source read at one version: a file at its size and modification time, a feed and each of
    its items at a hash of its bytes and of its text."""

    source: str  # a file's absolute path, a feed's URL or absolute path, or "FEED#ITEM-ID"
    version: str
    documents: list[Document]


@dataclass
class Poll:
    arrivals: list[Arrival] = field(default_factory=list)
    messages: list[InputProblem | InputNote] = field(default_factory=list)
    still_written: list[str] = field(default_factory=list)  # files that changed since the last poll

    def add(self, other: Poll) -> None:
        self.arrivals += other.arrivals
        self.messages += other.messages
        self.still_written += other.still_written


def file_version(path: Path) -> str | None:
    """Size and modification time; None when the file is gone."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}"


class FolderWatch:
    """The reports (`ingest.yaml`'s kinds) in a folder and its subfolders, read as each arrives or changes."""

    def __init__(self, folder: Path, published: dt.date | None = None) -> None:
        self.folder = folder
        self.published = published
        self.seen: dict[Path, str] = {}  # each file's version at the last poll
        self.skipped: set[Path] = set()  # files not reports, named once

    def poll(self, taken: Mapping[str, str]) -> Poll:
        reports, skipped = folder_files(self.folder)
        poll = Poll()
        new_skipped = [p for p in skipped if p not in self.skipped]
        if new_skipped:
            self.skipped.update(new_skipped)
            poll.messages.append(skipped_note(self.folder, new_skipped))
        previous, self.seen = self.seen, {}
        for path in reports:
            version = file_version(path)
            if version is None:
                continue
            self.seen[path] = version
            source = str(path.resolve())
            if taken.get(source) == version:
                continue
            if previous.get(path) != version:  # new, or grown since: read once it holds still
                poll.still_written.append(str(path))
                continue
            documents = []
            for item in read([path], self.published):
                if isinstance(item, Document):
                    documents.append(item)
                else:
                    poll.messages.append(item)
            poll.arrivals.append(Arrival(source, version, documents))
        return poll


class FeedUnavailable(Exception):
    """A feed that could not be fetched or read this time; the next poll tries again."""


class FeedWatch:
    """One feed, a file (read when it holds still and has changed) or an http(s) URL (fetched
    every `every` seconds); its items not taken at their text are arrivals."""

    def __init__(self, location: str, published: dt.date | None = None, every: float = 300) -> None:
        self.location = location
        self.published = published
        self.every = every
        self.is_url = is_url(location)
        # what the checkpoint calls it: a file by its absolute path, whatever the working directory
        self.source = location if self.is_url else str(Path(location).resolve())
        self.seen: str | None = None  # the file's version at the last poll
        self.read_version: str | None = None  # the version last read
        self.fetched_at: float | None = None

    def poll(self, taken: Mapping[str, str]) -> Poll:
        poll = Poll()
        if not self._due(poll):
            return poll
        try:
            data = self._data()
        except FeedUnavailable as error:
            poll.messages.append(InputProblem(self.location, str(error)))
            return poll
        feed_version = _digest(data)
        if taken.get(self.source) == feed_version:  # read whole before: nothing new, nothing to say
            return poll
        for item in read_bytes(data, self.location, FEED_NAME, self.published):
            if not isinstance(item, Document):
                poll.messages.append(item)
                continue
            source, version = f"{self.source}#{item.id}", _digest(item.text.encode("utf-8"))
            if taken.get(source) != version:
                poll.arrivals.append(Arrival(source, version, [item]))
        poll.arrivals.append(Arrival(self.source, feed_version, []))  # taken after its items
        return poll

    def _due(self, poll: Poll) -> bool:
        if self.is_url:
            if self.fetched_at is not None and time.monotonic() - self.fetched_at < self.every:
                return False
            self.fetched_at = time.monotonic()
            return True
        path = Path(self.location)
        version = file_version(path)
        if version is None:
            poll.messages.append(InputProblem(self.location, "no such feed file"))
            return False
        previous, self.seen = self.seen, version
        if version == self.read_version:
            return False
        if version != previous:
            poll.still_written.append(self.location)
            return False
        self.read_version = version
        return True

    def _data(self) -> bytes:
        limit = settings()["max_file_megabytes"] * 1024 * 1024
        if not self.is_url:
            try:
                data = Path(self.location).read_bytes()
            except OSError as error:
                raise FeedUnavailable(f"cannot read: {error.strerror}") from None
        else:
            request = urllib.request.Request(self.location, headers={"User-Agent": f"sitrep/{__version__}"})
            try:
                with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
                    data = response.read(limit + 1)
            except (urllib.error.URLError, OSError, ValueError) as error:
                # an HTTP error says its status; a URLError wraps the socket's error
                reason = (
                    error if isinstance(error, urllib.error.HTTPError) else getattr(error, "reason", error)
                )
                raise FeedUnavailable(f"cannot fetch: {reason}") from None
        if len(data) > limit:
            raise FeedUnavailable(f"feed is over the {limit // (1024 * 1024)} MB limit")
        return data


class FeedsWatch:
    """The feeds of a `--feed` argument: an http(s) URL, an RSS or Atom file, or a file listing
    feed URLs and files one a line (a line starting with `#` is a comment; files relative to the list's folder),
    read again at each poll so that an edited list takes effect."""

    def __init__(self, argument: str, published: dt.date | None = None, every: float = 300) -> None:
        self.argument = argument
        self.published = published
        self.every = every
        self.feeds: dict[str, FeedWatch] = {}

    def poll(self, taken: Mapping[str, str]) -> Poll:
        poll = Poll()
        try:
            locations = self.locations()
        except OSError as error:
            poll.messages.append(InputProblem(self.argument, f"cannot read: {error.strerror}"))
            return poll
        for location in locations:
            if location not in self.feeds:
                self.feeds[location] = FeedWatch(location, self.published, self.every)
            poll.add(self.feeds[location].poll(taken))
        return poll

    def locations(self) -> list[str]:
        if is_url(self.argument):
            return [self.argument]
        path = Path(self.argument)
        with path.open("rb") as stream:
            head = stream.read(512).lstrip().lower()
        if head.startswith(b"<"):  # XML: the feed itself
            return [self.argument]
        lines = (line.strip() for line in path.read_text("utf-8").splitlines())
        return [
            line if is_url(line) else str(path.parent / line) for line in lines if line and line[0] != "#"
        ]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))
