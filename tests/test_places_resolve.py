"""Gazetteer and toponym resolution: names, aliases, demonyms, context, adjacency, datelines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyad.errors import DyadError
from dyad.extract.places import geoparse, resolve_spans
from dyad.extract.places.dateline import find_dateline
from dyad.extract.places.gazetteer import load_gazetteer, normalize_name


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    """Spans of the first occurrence of each name, searching left to right."""
    out, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        out.append((start, start + len(name)))
        cursor = start + len(name)
    return out


@pytest.mark.parametrize(("raw", "key"), [
    ("St. Petersburg", "saint petersburg"),
    ("Saint-Petersburg", "saint petersburg"),
    ("the Netherlands", "netherlands"),
    ("Québec", "quebec"),
    ("U.S.", "u s"),
    ("R.I.", "r i"),
    ("Ri", "ri"),
    ("Côte d’Ivoire", "cote divoire"),
])
def test_places_normalize_name(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


@given(st.text(max_size=40))
def test_places_normalize_name_is_idempotent(raw: str) -> None:
    key = normalize_name(raw)
    assert normalize_name(key) == key


def test_places_gazetteer_loads_entries_of_every_feature() -> None:
    gaz = load_gazetteer()
    assert len(gaz) > 50_000
    assert set(gaz.feature) == {"continent", "country", "admin1", "admin2", "city"}
    assert gaz.iso3["US"] == "USA"


@pytest.mark.parametrize(("text", "name", "country", "feature"), [
    ("Officials in the U.S. said so.", "U.S.", "USA", "country"),
    ("He flew to Kiev on Monday.", "Kiev", "UKR", "city"),
    ("Troops left Syria.", "Syria", "SYR", "country"),
    ("A Turkish policeman was arrested.", "Turkish", "TUR", "country"),
    ("A Canadian company said.", "Canadian", "CAN", "country"),
    ("Fires spread in B.C. this week.", "B.C.", "CAN", "admin1"),
    ("Talks were held in Washington.", "Washington", "USA", "city"),
])
def test_places_resolves_names_aliases_and_demonyms(text: str, name: str, country: str, feature: str) -> None:
    (place,) = geoparse(text, spans=_spans(text, name))
    assert place is not None
    assert (place["country"], place["feature"]) == (country, feature)
    assert place["text"] == name


def test_places_country_name_is_the_country() -> None:
    text = "Georgia and Russia fought over South Ossetia; Tbilisi accused Moscow."
    georgia, *_ = geoparse(text, spans=_spans(text, "Georgia", "Russia", "Tbilisi", "Moscow"))
    assert georgia is not None and georgia["country"] == "GEO"


def test_places_state_context_beats_the_country_prior() -> None:
    text = "ATLANTA - Residents of Georgia, from Atlanta to Savannah and Macon, voted."
    places = geoparse(text, spans=_spans(text, "Georgia", "Atlanta", "Savannah", "Macon"))
    assert places[0] is not None and (places[0]["country"], places[0]["feature"]) == ("USA", "admin1")
    assert all(p is not None and p["country"] == "USA" for p in places)


def test_places_adjacent_region_restricts_the_city() -> None:
    alone = geoparse("He was born in Paris.", spans=[(15, 20)])[0]
    text = "He was born in Paris, Texas, in 1950."
    paired = geoparse(text, spans=_spans(text, "Paris", "Texas"))[0]
    assert alone is not None and alone["country"] == "FRA"
    assert paired is not None and paired["country"] == "USA"
    assert paired["lon"] < -90


def test_places_dateline_gives_the_context() -> None:
    text = "LONDON, Ontario — Police in London said the road was closed."
    (place,) = geoparse(text, spans=[(text.index("London", 20), text.index("London", 20) + 6)])
    assert place is not None and place["country"] == "CAN"


def test_places_same_name_gets_one_sense_per_article() -> None:
    text = "Paris, Texas is quiet. Paris has a water tower."
    first, second = geoparse(text, spans=[(0, 5), (23, 28)])[0], geoparse(text, spans=[(0, 5), (23, 28)])[1]
    assert first is not None and second is not None
    assert first["geonameid"] == second["geonameid"]


def test_places_unresolvable_span_is_none_and_order_is_kept() -> None:
    text = "From Xqzvillebrook to Berlin."
    places = geoparse(text, spans=[(22, 28), (5, 18)])
    assert places[0] is not None and places[0]["name"] == "Berlin"
    assert places[1] is None


def test_places_county_is_placed_near_the_article_city_in_its_state() -> None:
    text = "Alexandria police and the Rapides Parish sheriff investigated."
    alexandria, parish = resolve_spans(text, _spans(text, "Alexandria", "Rapides Parish"))
    assert parish is not None and parish.feature == "admin2" and parish.lat is not None
    assert alexandria is not None and alexandria.country == "USA"
    assert (parish.lat, parish.lon) == (alexandria.lat, alexandria.lon)


def test_places_bad_span_raises_coded_error() -> None:
    with pytest.raises(DyadError) as info:
        geoparse("Berlin", spans=[(0, 60)])
    assert info.value.code == "E403"


@pytest.mark.parametrize(("text", "expected"), [
    ("WASHINGTON (AP) — The Senate voted.", ["WASHINGTON"]),
    ("KYIV, Ukraine — Shelling resumed.", ["KYIV", "Ukraine"]),
    ("LONDON, Aug. 6 (Reuters) - Prices fell.", ["LONDON"]),
    ("The Senate voted on Monday.", []),
    ("UPDATE: the Senate voted.", []),
])
def test_places_find_dateline(text: str, expected: list[str]) -> None:
    found = find_dateline(text)
    assert [t.text for t in found] == expected
    assert all(text[t.start:t.end] == t.text for t in found)


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=6))
def test_places_geoparse_spans_keeps_order_and_offsets(raw: list[tuple[int, int]]) -> None:
    text = "Officials from Kyiv and Moscow met in Geneva, Switzerland, on Monday."
    spans = [(s, min(s + n, len(text))) for s, n in raw if s < len(text)]
    places = geoparse(text, spans=spans)
    assert len(places) == len(spans)
    for (start, end), place in zip(spans, places, strict=True):
        assert place is None or (place["start"], place["end"], place["text"]) == (start, end, text[start:end])


def test_places_public_geoparse_detects_and_resolves() -> None:
    import dyad

    text = "KYIV, Ukraine — Leaders met in Geneva, Switzerland, while Russian officials stayed in Moscow."
    places = dyad.geoparse(text)
    assert [p["text"] for p in places] == ["KYIV", "Ukraine", "Geneva", "Switzerland", "Moscow"]
    assert all(p["geonameid"] is not None and p["lat"] is not None for p in places)
    assert places[2]["country"] == "CHE" and places[2]["precision"] == "city"
    assert set(places[0]) >= {"start", "end", "text", "name", "geonameid", "lat", "lon", "country", "feature"}
