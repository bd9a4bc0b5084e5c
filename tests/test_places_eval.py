"""The geoparsing scorer: readers of the three formats, figures checked by hand, the gold gates,
and the committed gazetteer being current."""

from __future__ import annotations

import gzip
import math
import subprocess
import sys
from pathlib import Path

import pytest

from dyad.eval.geo import (
    GoldToponym,
    evaluate,
    haversine_km,
    read_articles,
    score_detection,
    score_resolution,
)
from dyad.model import Place

from .conftest import shared_path

ROOT = Path(__file__).resolve().parents[1]

LGL_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[Talks in Paris, Texas and Berlin ended. Xqzville too.]]></text>
    <toponyms>
      <toponym><start>9</start><end>14</end><phrase>Paris</phrase>
        <gaztag geonameid="4717560"><name>Paris</name><fcode>PPL</fcode><lat>33.66</lat><lon>-95.55</lon></gaztag>
      </toponym>
      <toponym><start>16</start><end>21</end><phrase>Texas</phrase>
        <gaztag geonameid="4736286"><name>Texas</name><fcode>ADM1</fcode><lat>31.25</lat><lon>-99.25</lon></gaztag>
      </toponym>
      <toponym><start>26</start><end>32</end><phrase>Berlin</phrase>
        <gaztag geonameid="2950159"><name>Berlin</name><fcode>PPLC</fcode><lat>52.52</lat><lon>13.41</lon></gaztag>
      </toponym>
      <toponym><start>40</start><end>48</end><phrase>Xqzville</phrase>
        <gaztag geonameid="1"><name>Xqzville</name><fcode>PPL</fcode><lat>10.0</lat><lon>10.0</lon></gaztag>
      </toponym>
      <toponym><start>0</start><end>5</end><phrase>Talks</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""

GEOVIRUS_STYLE = """<articles>
  <article><source>x</source><text>Cases rose in Lagos on Monday.</text>
    <locations><location><name>Lagos</name><start>15</start><end>20</end><lat>6.45</lat><lon>3.39</lon>
      <page>https://en.wikipedia.org/wiki/Lagos</page></location></locations>
  </article>
</articles>
"""


@pytest.mark.parametrize(("a", "b", "km"), [
    ((0.0, 0.0), (0.0, 1.0), 111.195),          # one degree of longitude on the equator
    ((0.0, 0.0), (1.0, 0.0), 111.195),          # one degree of latitude
    ((51.5074, -0.1278), (48.8566, 2.3522), 343.6),  # London - Paris
    ((0.0, 0.0), (0.0, 180.0), math.pi * 6371.0088),
])
def test_places_haversine_km(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert haversine_km(*a, *b) == pytest.approx(km, abs=0.5)
    assert haversine_km(*b, *a) == pytest.approx(km, abs=0.5)


def test_places_read_lgl_style_with_offsets_and_untagged(tmp_path: Path) -> None:
    path = tmp_path / "mini.xml"
    path.write_text(LGL_STYLE, encoding="utf-8")
    (article,) = read_articles(path)
    assert [t.text for t in article.toponyms] == ["Talks", "Paris", "Texas", "Berlin", "Xqzville"]
    assert article.toponyms[0].lat is None and article.toponyms[1].geonameid == 4717560


def test_places_read_realigns_offsets_off_by_one(tmp_path: Path) -> None:
    path = tmp_path / "gv.xml"
    path.write_text(GEOVIRUS_STYLE.replace("<start>15</start><end>20</end>", "<start>16</start><end>21</end>"))
    (article,) = read_articles(path)
    (lagos,) = article.toponyms
    assert (lagos.start, lagos.end, lagos.geonameid) == (14, 19, None)


def test_places_score_resolution_by_hand() -> None:
    gold = [GoldToponym(0, 1, "A", 0.0, 0.0, 1), GoldToponym(2, 3, "B", 0.0, 0.0, 2),
            GoldToponym(4, 5, "C", 0.0, 0.0, None), GoldToponym(6, 7, "D", None, None, None)]
    got = [Place("A", 0, 1, geonameid=1, lat=0.0, lon=1.0),   # 111 km: right, exact id
           Place("B", 2, 3, geonameid=9, lat=0.0, lon=2.0),   # 222 km: wrong
           None,                                               # unresolved: wrong, worst error
           None]                                               # no gold coordinates: not scored
    metrics, wrong = score_resolution(list(zip(gold, got, strict=True)))
    assert metrics["acc_161km"] == pytest.approx(1 / 3)
    assert metrics["exact_geonameid"] == pytest.approx(1 / 2)
    assert metrics["median_error_km"] == pytest.approx(222.39, abs=0.1)
    assert metrics["mean_error_km"] == pytest.approx((111.195 + 222.39 + math.pi * 6371.0088) / 3, abs=0.1)
    assert metrics["resolved"] == pytest.approx(2 / 3)
    assert [w["text"] for w in wrong] == ["B", "C"]


def test_places_score_detection_by_hand() -> None:
    gold = [[GoldToponym(0, 5, "Paris", None, None, None), GoldToponym(10, 15, "Texas", None, None, None)]]
    found = [[Place("Paris", 0, 5), Place("Texas,", 10, 16), Place("Jones", 20, 25)]]
    m = score_detection(gold, found)
    assert m["detection_precision"] == pytest.approx(1 / 3)
    assert m["detection_recall"] == pytest.approx(1 / 2)
    assert m["detection_f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert m["detection_precision_overlap"] == pytest.approx(2 / 3)
    assert m["detection_recall_overlap"] == pytest.approx(1.0)


def test_places_evaluate_gold_spans_on_fixture(tmp_path: Path) -> None:
    path = tmp_path / "mini.xml"
    path.write_text(LGL_STYLE, encoding="utf-8")
    report = evaluate(path)
    # Paris (Texas, by adjacency), Texas and Berlin right; Xqzville unresolvable
    assert report.metrics["acc_161km"] == pytest.approx(3 / 4)
    assert report.details["toponyms_with_coordinates"] == 4
    assert [e["text"] for e in report.errors] == ["Xqzville"]


def test_places_evaluate_end_to_end_on_fixture(tmp_path: Path) -> None:
    path = tmp_path / "gv.xml"
    path.write_text(GEOVIRUS_STYLE, encoding="utf-8")
    report = evaluate(path, mode="end-to-end")
    assert report.metrics["detection_recall"] == 1.0
    assert report.metrics["acc_161km"] == 1.0


def test_places_evaluate_rejects_unknown_mode(tmp_path: Path) -> None:
    from dyad.errors import DyadError

    path = tmp_path / "gv.xml"
    path.write_text(GEOVIRUS_STYLE, encoding="utf-8")
    with pytest.raises(DyadError):
        evaluate(path, mode="fuzzy")


@pytest.mark.shared
@pytest.mark.parametrize(("name", "floor"), [("TR-News.xml", 0.80), ("lgl.xml", 0.75)])
def test_places_gold_spans_accuracy_floor(name: str, floor: float) -> None:
    """Issue 8: accuracy within 161 km on the gold toponym spans."""
    report = evaluate(shared_path("data", "geoparsing", name))
    assert report.metrics["acc_161km"] >= floor


def test_places_committed_gazetteer_is_current(tmp_path: Path) -> None:
    """Re-run scripts/build_gazetteer.py and compare with the committed file (the build reads no
    evaluation data, so this runs without ../shared)."""
    pytest.importorskip("countryinfo", reason="the gazetteer build reads country points from countryinfo")
    out = tmp_path / "gazetteer.json.gz"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--out", str(out)],
                   check=True, capture_output=True)
    committed = ROOT / "src" / "dyad" / "data" / "gazetteer" / "gazetteer.json.gz"
    assert gzip.decompress(out.read_bytes()) == gzip.decompress(committed.read_bytes()), \
        "the gazetteer is stale: run `python scripts/build_gazetteer.py` and commit the result"
