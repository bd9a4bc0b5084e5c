"""Places: offline geoparsing (toponym detection and resolution to GeoNames) and event locations.

    from dyad.extract.places import geoparse
    geoparse("Trump met Kim in Singapore.")              # detect and resolve
    geoparse(text, spans=[(17, 26)])                      # resolve exactly these toponyms
"""

from __future__ import annotations

from typing import Any

from dyad.errors import DyadError, E
from dyad.extract.places.dateline import find_dateline
from dyad.extract.places.gazetteer import Gazetteer, load_gazetteer
from dyad.extract.places.resolve import Toponym, resolve
from dyad.model import Place

__all__ = ["Toponym", "geoparse", "load_gazetteer", "place_dict", "places_in", "resolve_spans"]


def place_dict(place: Place) -> dict[str, Any]:
    """The public ``geoparse`` item for a place."""
    return {"start": place.start, "end": place.end, "text": place.text, "name": place.name,
            "geonameid": place.geonameid, "lat": place.lat, "lon": place.lon,
            "country": place.country, "feature": place.feature, "precision": place.precision}


def resolve_spans(text: str, spans: list[tuple[int, int]], *, gazetteer: Gazetteer | None = None) -> list[Place | None]:
    """Resolve exactly the given toponym spans (None where unresolvable).

    The dateline, when the text has one, is used as context but not returned.
    """
    gaz = gazetteer or load_gazetteer()
    toponyms = []
    for span in spans:
        start, end = int(span[0]), int(span[1])
        if not 0 <= start < end <= len(text):
            raise DyadError(E.BAD_TOPONYM_SPAN, span=(start, end), length=len(text))
        toponyms.append(Toponym(text=text[start:end], start=start, end=end, source="given"))
    extra = [t for t in find_dateline(text) if all(t.end <= s or t.start >= e for s, e in spans)]
    return resolve(gaz, text, toponyms + extra)[:len(toponyms)]


def places_in(parse: Any, *, gazetteer: Gazetteer | None = None, demonyms: bool = False) -> list[Place]:
    """Detect and resolve the toponyms of a parsed text (spaCy ``Doc``); unresolved ones keep
    their span with ``geonameid`` None. ``demonyms=True`` adds "Syrian"-like words (for scoring
    against gold sets that annotate them)."""
    from dyad.extract.places.detect import detect_toponyms

    gaz = gazetteer or load_gazetteer()
    toponyms = detect_toponyms(parse, gaz, demonyms=demonyms)
    resolved = resolve(gaz, parse.text, toponyms)
    return [p if p is not None else Place(text=t.text, start=t.start, end=t.end)
            for t, p in zip(toponyms, resolved, strict=True)]


def geoparse(text: str, *, spans: list[tuple[int, int]] | None = None) -> list[dict[str, Any] | None]:
    """Toponyms in ``text`` resolved offline to GeoNames entries.

    Without ``spans``: detected toponyms in text order (an unresolvable one has ``geonameid``
    None). With ``spans``: exactly those toponyms, in the given order, None where unresolvable.
    """
    if spans is not None:
        return [place_dict(p) if p is not None else None for p in resolve_spans(text, list(spans))]
    from dyad.config import PipelineConfig
    from dyad.parse.spacy_parser import load_nlp

    config = PipelineConfig()
    nlp = load_nlp(config.spacy_model, config.spacy_fallback)
    return [place_dict(p) for p in places_in(nlp(text))]
