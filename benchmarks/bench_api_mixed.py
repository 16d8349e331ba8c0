"""The mixed load of `bench_api.py --mixed`: many clients, every kind of /api/events question.

Each of `clients` concurrent clients (one keep-alive connection each, asyncio in this process)
sends, back to back for `seconds`, questions drawn from MIX: filtered lists, a bbox with a time
window, GeoJSON as the map asks for it, pages of 20, and bad parameters that must get a 422.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

SHARED = Path(os.environ.get("SITREP_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
MAP_FIELDS = "event_date,event_type,sub_event_type,location,country,fatalities,claim_status,actor1,actor2"


def filtered(rng: random.Random) -> dict[str, str]:
    return rng.choice(
        [
            {"country": "Syria", "type": "Battles"},
            {"actor": "Islamic State"},
            {"type": "Explosions/Remote violence", "since": "2016-01-01", "until": "2016-12-31"},
            {"country": "Syria", "claim_status": "reported", "format": "csv"},
        ]
    )


def bbox(rng: random.Random) -> dict[str, str]:
    west, south = rng.uniform(35.5, 40.5), rng.uniform(32.0, 36.0)
    year = rng.randrange(2012, 2018)
    return {
        "bbox": f"{west:.3f},{south:.3f},{west + 1.5:.3f},{south + 1.5:.3f}",
        "since": f"{year}-01-01",
        "until": f"{year}-12-31",
    }


def geojson(rng: random.Random) -> dict[str, str]:
    """The map's own question: a view's box, a time window, the marker fields, up to 5,000."""
    return {
        "bbox": "35.5,32.0,42.5,37.5",
        "since": f"{rng.randrange(2011, 2017)}-01-01",
        "until": "2017-12-31",
        "format": "geojson",
        "fields": MAP_FIELDS,
        "limit": "5000",
    }


def paging(rng: random.Random) -> dict[str, str]:
    return {"limit": "20", "offset": str(20 * rng.randrange(30))}


def bad(rng: random.Random) -> dict[str, str]:
    return rng.choice(
        [
            {"since": "2016-13-01"},
            {"bbox": "a,b,c,d"},
            {"bbox": "10,0,5,10"},
            {"limit": "0"},
            {"offset": "-1"},
            {"format": "xml"},
            {"fields": "event_type,password"},
            {"claim_status": "maybe"},
        ]
    )


MIX: list[tuple[str, Callable[[random.Random], dict[str, str]], int]] = [
    ("filtered", filtered, 25),
    ("bbox", bbox, 25),
    ("geojson", geojson, 20),
    ("paging", paging, 20),
    ("bad parameters", bad, 10),
]


def build_database(path: Path, articles: int) -> None:
    """Ingest the first `articles` FA-KES development articles with `sitrep ingest`."""
    docs = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score_fakes.py"),
            "docs",
            str(SHARED / "data/fakes/fakes_dev.csv"),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[:articles]
    sitrep = Path(sys.executable).parent / "sitrep"
    subprocess.run(
        [str(sitrep), "ingest", "--quiet", "--db", f"sqlite:///{path}", "-"],
        input="\n".join(docs) + "\n",
        check=True,
        text=True,
    )


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Connection:
    """One keep-alive HTTP/1.1 connection, written by hand: httpx's own CPU time on a two-core
    machine would slow the server it measures more than the server's own work."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection") == "close":
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def client(
    base: str,
    index: int,
    deadline: float,
    seed: int,
    results: list[tuple[str, int, float]],
    dropped: Counter[str],
) -> None:
    rng = random.Random(seed * 1000 + index)
    names = [name for name, _, _ in MIX]
    makers = {name: make for name, make, _ in MIX}
    weights = [weight for _, _, weight in MIX]
    address = urlsplit(base)
    connection = Connection(address.hostname or "127.0.0.1", address.port or 80)
    while time.monotonic() < deadline:
        name = rng.choices(names, weights)[0]
        target = "/api/events?" + urlencode(makers[name](rng))
        started = time.perf_counter()
        try:
            status, _ = await asyncio.wait_for(connection.get(target), 30)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
            dropped[type(error).__name__] += 1
            connection.close()
            continue
        results.append((name, status, time.perf_counter() - started))
    connection.close()


async def drive(
    base: str, clients: int, seconds: float, seed: int
) -> tuple[list[tuple[str, int, float]], Counter[str]]:
    results: list[tuple[str, int, float]] = []
    dropped: Counter[str] = Counter()
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(client(base, i, deadline, seed, results, dropped) for i in range(clients)))
    return results, dropped


def run_mixed(db: Path, articles: int, clients: int, seconds: float, p99_ms: float, seed: int) -> int:
    from bench_api import start_server

    if not db.exists():
        started = time.perf_counter()
        build_database(db, articles)
        print(f"ingested {articles} FA-KES articles into {db} in {time.perf_counter() - started:.0f} s")
    server, base = start_server(f"sqlite:///{db}")
    try:
        asyncio.run(drive(base, 4, 2, seed + 1))  # warm-up: connections, caches
        started, cpu_before, own_before = time.perf_counter(), cpu_seconds(server.pid), time.process_time()
        results, dropped = asyncio.run(drive(base, clients, seconds, seed))
        wall, cpu = time.perf_counter() - started, cpu_seconds(server.pid) - cpu_before
        own = time.process_time() - own_before
    finally:
        server.terminate()
        server.wait(10)
    statuses = Counter(status for _, status, _ in results)
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    wrong = sum(1 for name, status, _ in results if (status == 422) != (name == "bad parameters"))
    print(
        f"{len(results)} responses in {wall:.1f} s from {clients} clients: {len(results) / wall:.0f} req/s; "
        f"statuses {dict(sorted(statuses.items()))}; dropped connections {sum(dropped.values())} {dict(dropped)}"
    )
    # the server's own CPU time per response: what the code costs, whatever else the machine runs
    print(
        f"  server CPU {1000 * cpu / max(len(results), 1):.1f} ms per response ({cpu / wall:.2f} cores busy); "
        f"clients {own / wall:.2f} cores busy; load average {os.getloadavg()[0]:.1f}"
    )
    ms_all = []
    for name, _, _ in MIX:
        ms = sorted(1000 * elapsed for kind, _, elapsed in results if kind == name)
        ms_all += ms
        if len(ms) >= 2:
            cuts = statistics.quantiles(ms, n=100)
            print(
                f"  {name:15} {len(ms):5} requests  p50 {cuts[49]:7.1f}  p90 {cuts[89]:7.1f}  p99 {cuts[98]:7.1f} ms"
            )
    if len(ms_all) < 2:
        print("no responses")
        return 1
    cuts = statistics.quantiles(sorted(ms_all), n=100)
    print(
        f"  {'all':15} {len(ms_all):5} requests  p50 {cuts[49]:7.1f}  p90 {cuts[89]:7.1f}  p99 {cuts[98]:7.1f} ms"
    )
    failed = server_errors or sum(dropped.values()) or wrong or cuts[98] > p99_ms
    if failed:
        print(
            f"FAILED: {server_errors} 5xx, {sum(dropped.values())} dropped, {wrong} wrong statuses, p99 {cuts[98]:.0f} ms (goal <= {p99_ms:.0f})"
        )
    return 1 if failed else 0
