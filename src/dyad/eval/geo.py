"""The geoparsing scorer: LGL, TR-News and GeoVirus gold toponyms.

Formats (all XML, one ``<article>`` per document):

* LGL / TR-News: ``<text>`` and ``<toponyms><toponym><start/><end/><phrase/><gaztag geonameid=..>
  <lat/><lon/>...</gaztag></toponym>``; toponyms without a ``gaztag`` (streets, buildings) count
  for detection but not for resolution accuracy.
* GeoVirus: ``<text>`` and ``<locations><location><name/><start/><end/><lat/><lon/><page/>``
  (Wikipedia coordinates, no GeoNames ids).

Modes: ``gold-spans`` resolves exactly the gold toponym spans (as the published anchors do) and
scores accuracy within 161 km (100 miles), median and mean error in km, and exact GeoNames id
matches; ``end-to-end`` detects toponyms itself and adds detection precision/recall/F1 (exact
span and overlap) and end-to-end accuracy (a gold toponym counts as right when an overlapping
detected toponym lies within 161 km of it).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dyad.errors import DyadError, E
from dyad.eval.report import EvalReport, hash_paths
from dyad.model import Place

EARTH_RADIUS_KM = 6371.0088
ACCURACY_KM = 161.0
MODES = ("gold-spans", "end-to-end")
MAX_ERRORS = 50


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: int | None


@dataclass(frozen=True)
class GoldArticle:
    doc_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def read_articles(path: Path, *, limit: int | None = None) -> list[GoldArticle]:
    """Articles of an LGL, TR-News or GeoVirus XML file."""
    from lxml import etree

    if not path.exists():
        raise DyadError(E.DATASET_MISSING, path=str(path),
                        hint="pass the path of lgl.xml, TR-News.xml or GeoVirus.xml")
    articles: list[GoldArticle] = []
    for n, node in enumerate(etree.parse(str(path)).getroot().iter("article")):
        if limit is not None and len(articles) >= limit:
            break
        text = node.findtext("text") or ""
        read = (_read_toponym(t) for t in node.iter("toponym", "location"))
        gold = [a for g in read if g is not None and (a := _align(text, g)) is not None]
        articles.append(GoldArticle(doc_id=node.get("docid") or str(n), text=text,
                                    toponyms=tuple(sorted(gold, key=lambda g: (g.start, g.end)))))
    return articles


def _align(text: str, g: GoldToponym, *, window: int = 3) -> GoldToponym | None:
    """The toponym with offsets that point at its phrase (some files are off by a character or two)."""
    if text[g.start:g.end] == g.text:
        return g
    length = len(g.text)
    for shift in sorted(range(-window, window + 1), key=abs):
        start = g.start + shift
        if start >= 0 and text[start:start + length] == g.text:
            return replace(g, start=start, end=start + length)
    return None


def _read_toponym(node: Any) -> GoldToponym | None:
    start, end = node.findtext("start"), node.findtext("end")
    if start is None or end is None:
        return None
    phrase = node.findtext("phrase") if node.tag == "toponym" else node.findtext("name")
    tag = node.find("gaztag") if node.tag == "toponym" else node
    lat = lon = gid = None
    if tag is not None and tag.findtext("lat") and tag.findtext("lon"):
        lat, lon = float(tag.findtext("lat")), float(tag.findtext("lon"))
        gid = int(tag.get("geonameid")) if tag.get("geonameid") else None
    return GoldToponym(start=int(start), end=int(end), text=(phrase or "").strip(), lat=lat, lon=lon,
                       geonameid=gid)


def _distance(g: GoldToponym, p: Place | None) -> float | None:
    if p is None or p.lat is None or p.lon is None or g.lat is None or g.lon is None:
        return None
    return haversine_km(g.lat, g.lon, p.lat, p.lon)


def score_resolution(pairs: list[tuple[GoldToponym, Place | None]]) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Accuracy@161 km, error km and exact-id rate over gold toponyms with coordinates.

    An unresolved toponym counts as wrong, with the maximum error (half the Earth's circumference)
    in the error statistics, so skipping hard cases cannot improve any figure.
    """
    worst = math.pi * EARTH_RADIUS_KM
    scored = [(g, p) for g, p in pairs if g.lat is not None]
    errors_km: list[float] = []
    exact = with_id = 0
    wrong: list[dict[str, Any]] = []
    for g, p in scored:
        d = _distance(g, p)
        km = worst if d is None else d
        errors_km.append(km)
        if g.geonameid is not None:
            with_id += 1
            exact += int(p is not None and p.geonameid == g.geonameid)
        if km > ACCURACY_KM:
            wrong.append({"text": g.text, "span": [g.start, g.end],
                          "expected": {"geonameid": g.geonameid, "lat": g.lat, "lon": g.lon},
                          "got": None if p is None else {"name": p.name, "geonameid": p.geonameid,
                                                         "lat": p.lat, "lon": p.lon, "feature": p.feature},
                          "error_km": None if d is None else round(d, 1)})
    n = len(scored)
    metrics = {
        "acc_161km": sum(km <= ACCURACY_KM for km in errors_km) / n if n else 0.0,
        "median_error_km": statistics.median(errors_km) if errors_km else 0.0,
        "mean_error_km": statistics.fmean(errors_km) if errors_km else 0.0,
        "exact_geonameid": exact / with_id if with_id else 0.0,
        "resolved": sum(p is not None and p.lat is not None for _, p in scored) / n if n else 0.0,
    }
    return metrics, wrong


def score_detection(gold: list[list[GoldToponym]], found: list[list[Place]]) -> dict[str, float]:
    """Precision, recall and F1 of detected toponym spans, exact and by overlap."""
    out: dict[str, float] = {}
    n_found = sum(len(f) for f in found)
    n_gold = sum(len(g) for g in gold)
    for name, match in (("exact", lambda g, p: (g.start, g.end) == (p.start, p.end)),
                        ("overlap", lambda g, p: g.start < p.end and p.start < g.end)):
        tp_found = sum(any(match(g, p) for g in gs) for gs, fs in zip(gold, found, strict=True) for p in fs)
        tp_gold = sum(any(match(g, p) for p in fs) for gs, fs in zip(gold, found, strict=True) for g in gs)
        precision = tp_found / n_found if n_found else 0.0
        recall = tp_gold / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        suffix = "" if name == "exact" else "_overlap"
        out |= {f"detection_precision{suffix}": precision, f"detection_recall{suffix}": recall,
                f"detection_f1{suffix}": f1}
    return out


def evaluate(path: Path, *, limit: int | None = None, backend: str | None = None,
             mode: str = "gold-spans", demonyms: bool = False) -> EvalReport:
    """Score dyad's geoparser on a gold file (``limit``: the first N articles).

    ``demonyms`` (end-to-end only): also detect demonyms, which these gold sets count as toponyms
    ("Syrian" -> Syria) but dyad's places stage does not.
    """
    from dyad.extract.places import places_in, resolve_spans

    if mode not in MODES:
        raise DyadError(E.BAD_CONFIG, detail=f"geo eval mode must be one of {', '.join(MODES)}, not {mode!r}")
    path = Path(path)
    articles = read_articles(path, limit=limit)
    pairs: list[tuple[GoldToponym, Place | None]] = []
    metrics: dict[str, float] = {}
    if mode == "gold-spans":
        for art in articles:
            places = resolve_spans(art.text, [(g.start, g.end) for g in art.toponyms])
            pairs += list(zip(art.toponyms, places, strict=True))
    else:
        from dyad.config import PipelineConfig
        from dyad.parse.spacy_parser import load_nlp

        config = PipelineConfig()
        nlp = load_nlp(config.spacy_model, config.spacy_fallback)
        found_all: list[list[Place]] = []
        for art, parsed in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
            found = places_in(parsed, demonyms=demonyms)
            found_all.append(found)
            for g in art.toponyms:
                overlapping = [p for p in found if g.start < p.end and p.start < g.end]
                pairs.append((g, overlapping[0] if overlapping else None))
        metrics |= score_detection([list(a.toponyms) for a in articles], found_all)
    resolution, wrong = score_resolution(pairs)
    metrics |= resolution
    wrong.sort(key=lambda w: -(w["error_km"] if w["error_km"] is not None else math.inf))
    return EvalReport(dataset=f"geo:{path.stem}", path=str(path), n=len(articles), metrics=metrics,
                      details={"mode": mode, "demonyms": demonyms, "toponyms": len(pairs),
                               "toponyms_with_coordinates": sum(g.lat is not None for g, _ in pairs)},
                      errors=wrong[:MAX_ERRORS], data_hash=hash_paths(path), backend=backend or "gazetteer")
