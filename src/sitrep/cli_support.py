"""What sitrep's commands share (`cli.py`, `watch.py`, `control/cli.py`): exit codes, argument
types, the inputs read and their problems reported, progress bars, the engine and the store."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any, TypeVar

from sitrep.errors import MissingPart
from sitrep.ingest import InputNote, InputProblem, read, sources
from sitrep.model import Document
from sitrep.progress import ProgressBars

EXIT_OK, EXIT_SOME_INPUTS_FAILED, EXIT_USAGE, EXIT_MISSING_PART, EXIT_ADDRESS_IN_USE = 0, 1, 2, 3, 4
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141


T = TypeVar("T")


class UsageError(Exception):
    """A problem with the command line or configuration: one line, exit code 2."""


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"unparseable date {text!r}, expected YYYY-MM-DD") from None


def bbox(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad bbox {text!r}, expected W,S,E,N in degrees") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise argparse.ArgumentTypeError(f"bbox {text!r} out of range (W,S,E,N; south <= north)")
    return west, south, east, north


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {text!r}")
    return int(text)


@contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    if path in (None, "-"):
        yield sys.stdout
        return
    assert path is not None
    with open(path, "w", encoding="utf-8", newline="") as stream:
        yield stream


class InputReport:
    """What reading the inputs met: each problem and note printed on standard error in one line
    as it comes, and counted; a warning for each document without a publication date, where the
    command resolves relative dates and no note named its input already."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.problems = self.documents = 0
        self.noted: set[str | None] = set()
        self.warn_undated = getattr(args, "warn_undated", False)

    def passed(self, items: Iterable[Any]) -> Iterator[Any]:
        """The items less the problems and notes: documents, or what an engine made of them."""
        for item in items:
            if isinstance(item, (InputProblem, InputNote)):
                print(f"sitrep: {item}", file=sys.stderr)
                if isinstance(item, InputProblem):
                    self.problems += 1
                else:
                    self.noted.add(item.origin)
                continue
            self.documents += 1
            if self.warn_undated:
                warn_undated([item if isinstance(item, Document) else item.document], self.noted)
            yield item

    def check_some_read(self) -> None:
        if not self.documents and self.problems:
            raise UsageError("no input could be read")


def warn_undated(documents: Iterable[Document], noted: Collection[str | None]) -> None:
    """One line for each document without a publication date, unless a note named its input already."""
    for document in documents:
        if document.published is None and document.origin not in noted:
            print(
                f"sitrep: {document.origin or document.id}: no publication date; relative time "
                "expressions stay unresolved (give --published YYYY-MM-DD)",
                file=sys.stderr,
            )


def read_documents(args: argparse.Namespace) -> tuple[list[Document], InputReport]:
    """All readable documents of the inputs, and what reading them met."""
    report = InputReport(args)
    documents = list(report.passed(read(args.inputs, published=getattr(args, "published", None))))
    report.check_some_read()
    return documents, report


def on_ray(args: argparse.Namespace) -> bool:
    return getattr(args, "engine", "local") == "ray"


def refuse_unreadable(args: argparse.Namespace, report: InputReport) -> None:
    """Before Ray starts or a database is made: each input named that is no file, folder or
    standard input, and UsageError when none is (reading them is left to the workers)."""
    listed = list(sources(args.inputs))
    if listed and all(isinstance(source, InputProblem) for source in listed):
        list(report.passed(listed))
        report.check_some_read()


def ray_read(args: argparse.Namespace, report: InputReport, ingest_into: Any = None) -> Iterator[Any]:
    """`--engine ray`: the inputs read and analysed (or ingested into the store `ingest_into`) on
    Ray, in input order, with the reading problems and notes reported as they come."""
    engine, published = open_engine(args, ["events"]), getattr(args, "published", None)
    if ingest_into is None:
        results = engine.read(args.inputs, published)
    else:
        results = engine.ingest(ingest_into, args.inputs, published)
    yield from report.passed(results)
    report.check_some_read()


def with_progress(items: Iterable[T], total: int | None, quiet: bool, label: str) -> Iterator[T]:
    """Yield the items (results, as engines finish them), with a progress bar on stderr for runs
    over several documents (`total` None: not known before the end, a count only)."""
    if quiet or (total is not None and total < 2):
        yield from items
        return
    with ProgressBars(True, label, counted=True) as bars:
        task = bars.task("documents", total)
        for item in items:
            yield item
            bars.update(task, advance=1)


def report_failure(document: Document, error: str) -> None:
    print(f"sitrep: {document.origin or document.id}: {error}", file=sys.stderr)


def analyses_reported(
    results: Iterable[Any], total: int | None, quiet: bool, label: str, failures: list[str]
) -> Iterator[Any]:
    """The analyses of an engine; a document a stage failed on is reported and left out."""
    for analysis in with_progress(results, total, quiet, label):
        if analysis.error:
            report_failure(analysis.document, analysis.error)
            failures.append(analysis.document.id)
        else:
            yield analysis


def exit_code(problems: int) -> int:
    return EXIT_SOME_INPUTS_FAILED if problems else EXIT_OK


def load_pipeline(stages: Sequence[str], quiet: bool) -> Any:
    """The pipeline, with what its stages need built first, saying so (first runs, changed inputs)."""
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline(stages)
    if "places" in pipeline.stages:
        from sitrep.places import Gazetteer

        pipeline.gazetteer = Gazetteer.open(progress=not quiet)
    if "events" in pipeline.stages:
        from sitrep.events.classifier import load_default

        pipeline.classifier = load_default(progress=not quiet)
    return pipeline


def open_engine(args: argparse.Namespace, stages: Sequence[str]) -> Any:
    """What analyses the documents (--engine): the pipeline here, or Ray workers; either has
    `analyze` and `ingest`, so storing and printing are the same whatever the engine."""
    if args.engine == "local":
        if args.address or args.workers:
            raise UsageError("--address and --workers go with --engine ray")
        return load_pipeline(stages, args.quiet)
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be 1 or more")
    from sitrep.scale.ray_engine import RayEngine

    # built here first (the workers would each build a missing gazetteer or classifier at once)
    engine = RayEngine(load_pipeline(stages, args.quiet), workers=args.workers or 2, address=args.address)
    try:
        engine.connect()
    except ConnectionError as error:
        raise UsageError(f"cannot reach Ray at {args.address}: {str(error).splitlines()[0]}") from None
    return engine


def open_store(args: argparse.Namespace, create: bool = False) -> Any:
    """The database of --db (default: $SITREP_DB, else the data directory's); only writers
    (`create`) may create it, so a mistyped path is an error, not a new empty database."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from sitrep.store import NoDatabase, Store

    name = args.db or "(default)"
    try:
        return Store(args.db, create=create)
    except NoDatabase as error:
        raise UsageError(f"{error}; `sitrep ingest` or `sitrep import` creates one") from None
    except NoSuchModuleError:
        scheme = args.db.split(":", 1)[0] if args.db else "?"
        raise UsageError(
            f"unknown database URL scheme {scheme!r} in {name}: use sqlite:///PATH or postgresql://..."
        ) from None
    except ModuleNotFoundError as error:
        raise MissingPart(
            f"the database driver {error.name!r} for {name} is not installed (pip install it)"
        ) from None
    except (ArgumentError, OperationalError) as error:
        raise UsageError(f"cannot open database {name}: {str(error).splitlines()[0]}") from None


class IngestTally:
    """What became of the documents `ingest` and `watch` store: counts for the closing line, and
    one line on standard error for each failure and each thing the user should know."""

    def __init__(self) -> None:
        self.added = self.skipped = self.events = self.revisions = self.merged = self.problems = 0

    def record(self, result: Any) -> str:
        """Count one `Pipeline.ingest` result; its status (stored, already stored, failed)."""
        if result.error:
            self.problems += 1
            report_failure(result.document, result.error)
            return "failed"
        if result.stored is None:
            self.skipped += 1
            return "already stored"
        self.added += 1
        self.events += result.events_stored or 0
        self.revisions += result.stored.replaces is not None
        self.merged += result.stored.merged
        note = result.stored.note(result.document.id)
        if note:
            print(f"sitrep: {result.document.origin or result.document.id}: {note}", file=sys.stderr)
        return "stored"

    def summary(self, url: str) -> str:
        return (
            f"ingested {self.added} document(s) ({self.revisions} of them new revisions) with {self.events} "
            f"event(s), {self.merged} of them merged with other reports' events; {self.skipped} already "
            f"stored; into {url}"
        )
