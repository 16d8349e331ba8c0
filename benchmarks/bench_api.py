"""Latency of GET /api/events: the map's question over 100,000 synthetic events, and a mixed load
over a database of ingested news articles.

Default: builds a temporary SQLite store of synthetic events, serves it with uvicorn in a
subprocess on a free loopback port, and sends a bounded number of concurrent requests from this
process; prints p50/p90/p99.

    .venv/bin/python benchmarks/bench_api.py [--events 100000] [--requests 2000] [--concurrency 8]

`--mixed DB`: serves the database at DB (building it first when it does not exist, by ingesting
the first `--articles` FA-KES articles of ../shared with `sitrep ingest`) and sends, from
`--clients` concurrent clients for `--seconds`, a mix of filtered, bbox, GeoJSON, paging and
bad-parameter queries; fails (exit 1) on any 5xx, any dropped connection, or p99 over `--p99-ms`.

    .venv/bin/python benchmarks/bench_api.py --mixed /tmp/fakes120.db [--clients 32] [--seconds 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from sitrep.model import Document, Event, Span
from sitrep.store import Store

# (name, country, lat, lon, weight): most events in Syria and Iraq, the rest over other wars
CITIES = [
    ("Aleppo", "Syria", 36.20, 37.16, 10), ("Damascus", "Syria", 33.51, 36.29, 8),
    ("Idlib", "Syria", 35.93, 36.63, 8), ("Homs", "Syria", 34.73, 36.71, 6),
    ("Deir ez-Zor", "Syria", 35.34, 40.14, 6), ("Raqqa", "Syria", 35.95, 39.01, 5),
    ("Daraa", "Syria", 32.62, 36.10, 5), ("Hama", "Syria", 35.13, 36.75, 4),
    ("Mosul", "Iraq", 36.34, 43.13, 8), ("Baghdad", "Iraq", 33.31, 44.36, 7),
    ("Fallujah", "Iraq", 33.35, 43.78, 4), ("Ramadi", "Iraq", 33.42, 43.30, 4),
    ("Kirkuk", "Iraq", 35.47, 44.39, 3), ("Tikrit", "Iraq", 34.60, 43.68, 3),
    ("Sanaa", "Yemen", 15.37, 44.19, 4), ("Taiz", "Yemen", 13.58, 44.02, 3),
    ("Kabul", "Afghanistan", 34.53, 69.17, 3), ("Kandahar", "Afghanistan", 31.61, 65.71, 2),
    ("Mogadishu", "Somalia", 2.05, 45.32, 3), ("Maiduguri", "Nigeria", 11.85, 13.16, 2),
    ("Donetsk", "Ukraine", 48.02, 37.80, 2), ("Tripoli", "Libya", 32.89, 13.19, 2),
    ("Benghazi", "Libya", 32.12, 20.09, 1), ("Gao", "Mali", 16.27, -0.04, 1),
    ("Khartoum", "Sudan", 15.50, 32.56, 1), ("Goma", "Democratic Republic of Congo", -1.68, 29.23, 1),
]  # fmt: skip
TYPES = [
    ("Battles", "Armed clash", 35), ("Explosions/Remote violence", "Air/drone strike", 25),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 10),
    ("Violence against civilians", "Attack", 12), ("Protests", "Peaceful protest", 10),
    ("Riots", "Violent demonstration", 3), ("Strategic developments", "Non-state actor overtakes territory", 5),
]  # fmt: skip
ACTORS = ["Military Forces of Syria", "Islamic State", "Hayat Tahrir al-Sham", "Syrian Democratic Forces",
          "Military Forces of Iraq", "Popular Mobilization Forces", "Al Shabaab", "Taliban", "Houthis",
          "Free Syrian Army", "Civilians", "Protesters"]  # fmt: skip
FIRST_DAY = dt.date(2014, 1, 1)
DAYS = (dt.date(2020, 12, 31) - FIRST_DAY).days
TEXT = "Fighting was reported near the town on the day; several people were killed, a monitor said."
PER_DOCUMENT = 100


def generate(store: Store, n_events: int, rng: random.Random) -> None:
    city_weights = [c[4] for c in CITIES]
    type_weights = [t[2] for t in TYPES]
    evidence = [Span(0, len(TEXT), TEXT)]
    for first in range(0, n_events, PER_DOCUMENT):
        document = Document(id=f"synthetic-{first // PER_DOCUMENT}", text=TEXT, published=FIRST_DAY)
        batch = []
        for number in range(first, min(first + PER_DOCUMENT, n_events)):
            name, country, lat, lon, _ = rng.choices(CITIES, city_weights)[0]
            event_type, sub_type, _ = rng.choices(TYPES, type_weights)[0]
            exact = rng.random() < 0.3  # ACLED codes many events at the town's own point
            spread = 0.0 if exact else 0.25
            batch.append(
                Event(
                    document_id=document.id,
                    event_type=event_type,
                    sub_event_type=sub_type,
                    evidence=evidence,
                    event_date=FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS + 1)),
                    time_precision=rng.choice((1, 1, 1, 2, 3)),
                    actor1=rng.choice(ACTORS),
                    actor2=rng.choice(ACTORS),
                    country=country,
                    location=name,
                    latitude=round(lat + rng.gauss(0, spread), 4),
                    longitude=round(lon + rng.gauss(0, spread), 4),
                    geo_precision=1 if exact else 2,
                    fatalities=int(rng.expovariate(0.4)) if event_type != "Protests" else 0,
                    claim_status=rng.choices(("reported", "claimed", "disputed", "denied"), (85, 8, 5, 2))[0],
                    event_id=f"SYN{number}",
                )
            )
        store.add(document, batch)


SERVER = """
import socket, sys, uvicorn
from sitrep.store import Store
from sitrep.web.app import create_app
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
print(sock.getsockname()[1], flush=True)
app = create_app(Store(sys.argv[1]))
uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
"""


def city_month_query(rng: random.Random) -> dict[str, str]:
    """A city-sized box (about 20 km) around a city and a one-month window."""
    _, _, lat, lon, _ = rng.choices(CITIES, [c[4] for c in CITIES])[0]
    since = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - 30))
    half = 0.1
    return {
        "bbox": f"{lon - half:.4f},{lat - half:.4f},{lon + half:.4f},{lat + half:.4f}",
        "since": since.isoformat(),
        "until": (since + dt.timedelta(days=30)).isoformat(),
        "limit": "500",
    }


def country_year_query(rng: random.Random) -> dict[str, str]:
    """The map zoomed out on Syria over a year: a full page of 5,000 markers."""
    year = rng.randrange(FIRST_DAY.year, FIRST_DAY.year + DAYS // 365)
    return {
        "bbox": "35.5,32.0,42.5,37.5",
        "since": f"{year}-01-01",
        "until": f"{year}-12-31",
        "limit": "5000",
        "format": "geojson",
        "fields": "event_date,event_type,sub_event_type,location,country,fatalities,claim_status",
    }


def load(
    base: str,
    make_query: Callable[[random.Random], dict[str, str]],
    n_requests: int,
    concurrency: int,
    max_seconds: float,
    seed: int,
) -> tuple[list[float], int, int]:
    latencies: list[float] = []
    counts = {"errors": 0, "events": 0}
    lock = threading.Lock()
    remaining = iter(range(n_requests))
    deadline = time.monotonic() + max_seconds

    def worker(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        with httpx.Client(base_url=base, timeout=10) as client:
            while time.monotonic() < deadline:
                with lock:
                    if next(remaining, None) is None:
                        return
                params = make_query(rng)
                start = time.perf_counter()
                response = client.get("/api/events", params=params)
                elapsed = time.perf_counter() - start
                with lock:
                    if response.status_code == 200:
                        latencies.append(elapsed)
                        body = response.json()
                        counts["events"] += len(body.get("events") or body.get("features") or [])
                    else:
                        counts["errors"] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, counts["errors"], counts["events"]


def explain(db: Path) -> list[str]:
    """SQLite's plan for the map's query, to see which index answers it."""
    query = (
        "SELECT * FROM events WHERE event_date >= ? AND event_date <= ? AND latitude >= ? AND latitude <= ? "
        "AND longitude >= ? AND longitude <= ? ORDER BY event_date, id LIMIT 500"
    )
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            f"EXPLAIN QUERY PLAN {query}", ("2016-01-01", "2016-01-31", 36.1, 36.3, 37.0, 37.3)
        )
        return [row[-1] for row in rows]


def start_server(url: str) -> tuple[subprocess.Popen[str], str]:
    """uvicorn serving the store at `url` in a subprocess; returns it and its base URL once it answers."""
    server = subprocess.Popen([sys.executable, "-c", SERVER, url], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    base = f"http://127.0.0.1:{int(server.stdout.readline())}"
    for _ in range(100):
        try:
            httpx.get(f"{base}/api/stats", timeout=5).raise_for_status()
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return server, base


PROPOSED_INDEX = "CREATE INDEX ix_events_date_lat_lon ON events (event_date, latitude, longitude)"


def report(
    name: str, latencies: list[float], errors: int, n_events: int, wall: float, concurrency: int
) -> None:
    if not latencies:
        print(f"{name}: no successful request ({errors} errors)")
        return
    ms = sorted(1000 * x for x in latencies)
    cuts = statistics.quantiles(ms, n=100)
    print(
        f"{name}: {len(ms)} requests ({errors} errors), {concurrency} concurrent, {wall:.1f} s, "
        f"{len(ms) / wall:.0f} req/s, {n_events / len(ms):.1f} events per response"
    )
    print(f"  latency ms: p50 {cuts[49]:.1f}  p90 {cuts[89]:.1f}  p99 {cuts[98]:.1f}  max {ms[-1]:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mixed", metavar="DB", type=Path, help="the mixed load over this SQLite file")
    parser.add_argument("--articles", type=int, default=120, help="FA-KES articles to ingest into --mixed")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--p99-ms", type=float, default=500)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2000, help="city-and-month requests")
    parser.add_argument(
        "--wide-requests", type=int, default=100, help="Syria-for-a-year requests (5,000 rows)"
    )
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=60, help="per scenario")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--proposed-index", action="store_true", help="add the (event_date, latitude, longitude) index first"
    )
    args = parser.parse_args()
    if args.mixed:
        from bench_api_mixed import run_mixed

        return run_mixed(args.mixed, args.articles, args.clients, args.seconds, args.p99_ms, args.seed)

    scenarios = [
        ("city, one month", city_month_query, args.requests),
        ("Syria, one year, 5000 markers", country_year_query, args.wide_requests),
    ]
    results = []
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as folder:
        db = Path(folder) / "bench.db"
        url = f"sqlite:///{db}"
        started = time.perf_counter()
        generate(Store(url), args.events, random.Random(args.seed))
        print(f"generated {args.events:,} events in {time.perf_counter() - started:.1f} s")
        if args.proposed_index:
            with sqlite3.connect(db) as connection:
                connection.execute(PROPOSED_INDEX)
        print("query plan:", "; ".join(explain(db)))

        server, base = start_server(url)
        try:
            load(base, city_month_query, 50, 2, 10, args.seed + 1)  # warm-up: connections, caches
            for name, make_query, n_requests in scenarios:
                started = time.perf_counter()
                outcome = load(base, make_query, n_requests, args.concurrency, args.max_seconds, args.seed)
                results.append((name, *outcome, time.perf_counter() - started))
        finally:
            server.terminate()
            server.wait(10)

    for name, latencies, errors, n_events, wall in results:
        report(name, latencies, errors, n_events, wall, args.concurrency)
    return 0 if all(errors == 0 and latencies for _, latencies, errors, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
