"""`sitrep control ...`: a thin shell over the control stage and the control state of the store."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import IO, Any

from sitrep import cli_support
from sitrep.control.model import FACT_COLUMNS
from sitrep.export import geojson_feature, write_jsonl, write_table

FACT_FORMATS = ("jsonl", "csv", "geojson")
STATE_COLUMNS = (
    "place", "latitude", "longitude", "country_code", "as_of", "controller", "side", "relation", "confidence",
    "since", "besieged_by", "besieged_side", "besieged_since", "sources", "evidence",
)  # fmt: skip


def cmd_facts(args: argparse.Namespace) -> int:
    documents, report = cli_support.read_documents(args)
    failures: list[str] = []
    results = cli_support.load_pipeline(["control"], args.quiet).analyze(documents)
    analyses = cli_support.analyses_reported(results, len(documents), args.quiet, "finding control", failures)
    rows = (fact.row() for analysis in analyses for fact in analysis.control)
    with cli_support.open_output(args.output) as stream:
        write_rows(rows, args.format, FACT_COLUMNS, stream)
    return cli_support.exit_code(report.problems + len(failures))


def cmd_map(args: argparse.Namespace) -> int:
    from sitrep.control.store import ControlStore

    states = ControlStore(cli_support.open_store(args)).map(args.as_of, bbox=args.bbox, country=args.country)
    with cli_support.open_output(args.output) as stream:
        write_rows((state.row() for state in states), args.format, STATE_COLUMNS, stream)
    return cli_support.EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    from sitrep.control.store import ControlStore

    history = ControlStore(cli_support.open_store(args)).history(args.place)
    if not history:
        raise cli_support.UsageError(f"no control statements about a place named {args.place!r}")
    with cli_support.open_output(args.output) as stream:
        for place, periods in history.items():
            print(f"{place}", file=stream)
            for period in periods:
                until = period["until"] or "now"
                holder = period["controller"] or "(contested)"
                print(f"  {period['from']} – {until}: {holder} [{period['side']}] {period['relation']}, "
                      f"confidence {period['confidence']:.2f}", file=stream)  # fmt: skip
                for evidence in period["evidence"]:
                    text = " ".join(evidence["text"].split())
                    print(f"    {evidence['as_of']} {evidence['doc_id']} ({evidence['relation']} "
                          f"{evidence['controller'] or '?'}): {text}", file=stream)  # fmt: skip
    return cli_support.EXIT_OK


def cmd_changes(args: argparse.Namespace) -> int:
    from sitrep.control.store import ControlStore

    if args.since > args.until:
        raise cli_support.UsageError(f"--from {args.since} is after --to {args.until}")
    rows = ControlStore(cli_support.open_store(args)).changes(args.since, args.until)
    with cli_support.open_output(args.output) as stream:
        write_rows(rows, args.format, ("place", "latitude", "longitude", "before", "before_side", "after",
                                       "after_side", "changed_on", "confidence", "evidence"), stream)  # fmt: skip
    return cli_support.EXIT_OK


def cmd_sieges(args: argparse.Namespace) -> int:
    from sitrep.control.store import ControlStore

    rows = ControlStore(cli_support.open_store(args)).sieges(args.as_of)
    with cli_support.open_output(args.output) as stream:
        write_rows(rows, args.format, ("place", "latitude", "longitude", "besieged_by", "besieger_side",
                                       "since", "broken_on", "held_by", "evidence"), stream)  # fmt: skip
    return cli_support.EXIT_OK


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, columns: tuple[str, ...], stream: IO[str]) -> None:
    """JSON Lines, CSV (lists joined by "; ", objects as JSON) or GeoJSON points."""
    if fmt == "csv":
        write_table((_flat(row) for row in rows), columns, stream)
    elif fmt == "geojson":
        json.dump(feature_collection(rows), stream, ensure_ascii=False, default=str)
        stream.write("\n")
    else:
        write_jsonl(rows, stream)


def feature_collection(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The located rows as GeoJSON points, through the exports' one feature writer."""
    features = [
        geojson_feature(row, [k for k in row if k not in ("latitude", "longitude")])
        for row in rows
        if row.get("latitude") is not None and row.get("longitude") is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key, value in row.items():
        if isinstance(value, list):
            parts = [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value]
            out[key] = "; ".join(parts)
    return out


def add_parser(commands: Any, inputs: Callable[..., None], database: Callable[..., None]) -> None:
    """`sitrep control` and its commands, on the main parser's subcommands."""
    control = commands.add_parser(
        "control", help="Territorial control: statements per text, and who holds what over time.",
        description="Territorial control: statements per text, and who holds what over time.",
    )  # fmt: skip
    sub = control.add_subparsers(dest="control_command", metavar="COMMAND", required=True)

    def command(name: str, run: Callable[[argparse.Namespace], int], text: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=text, description=text)
        parser.set_defaults(run=run)
        return parser

    parser = command("facts", cmd_facts, "Print each statement of control the texts make.")
    inputs(parser)
    parser.add_argument("--format", "-f", choices=FACT_FORMATS, default="jsonl")

    def stored(parser: argparse.ArgumentParser, formats: tuple[str, ...] = ("jsonl", "csv")) -> None:
        database(parser)
        parser.add_argument("--format", "-f", choices=formats, default=formats[0])
        parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")

    parser = command("map", cmd_map, "Who holds each place as of a date, from the stored statements.")
    parser.add_argument("--as-of", type=cli_support.iso_date, default=dt.date.today(), metavar="YYYY-MM-DD")
    parser.add_argument("--bbox", type=cli_support.bbox, metavar="W,S,E,N")
    parser.add_argument("--country", help="country name, e.g. Syria")
    stored(parser, ("geojson", "csv", "jsonl"))

    parser = command("history", cmd_history, "The holders of a place over time, with the evidence.")
    parser.add_argument("place", help="the place's name as written or as in the gazetteer, or its geonameid")
    database(parser)
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")

    parser = command("changes", cmd_changes, "The places that changed hands between two dates.")
    parser.add_argument(
        "--from", dest="since", type=cli_support.iso_date, required=True, metavar="YYYY-MM-DD"
    )
    parser.add_argument("--to", dest="until", type=cli_support.iso_date, required=True, metavar="YYYY-MM-DD")
    stored(parser, ("csv", "jsonl"))

    parser = command("sieges", cmd_sieges, "The places besieged as of a date: by whom, since when.")
    parser.add_argument("--as-of", type=cli_support.iso_date, default=dt.date.today(), metavar="YYYY-MM-DD")
    stored(parser, ("csv", "jsonl"))
