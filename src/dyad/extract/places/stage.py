"""Pipeline stages of the places area.

``places``   fills ``Document.places`` with the article's toponyms resolved to GeoNames entries.
``locating`` sets ``event.location`` for each event: the place governing its trigger, else the
             dateline, else None (it needs ``places`` to have run).
"""

from __future__ import annotations

from typing import Any

from dyad.config import PipelineConfig
from dyad.errors import DyadError, E
from dyad.extract.places import places_in
from dyad.extract.places.gazetteer import Gazetteer, load_gazetteer
from dyad.extract.places.locate import locate_event
from dyad.model import Document
from dyad.registry import stages

PLACES_OPTIONS: frozenset[str] = frozenset()


class PlacesStage:
    """Detects and resolves toponyms; needs the spaCy parse (parsed here if absent)."""

    name = "places"

    def __init__(self, config: PipelineConfig, *, gazetteer: Gazetteer | None = None) -> None:
        unknown = set(config.stage_options.get(self.name, {})) - PLACES_OPTIONS
        if unknown:
            raise DyadError(E.BAD_CONFIG, detail=f"unknown option(s) for the places stage: {', '.join(sorted(unknown))}")
        self.config = config
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def _parse(self, doc: Document) -> Any:
        if doc.parse is None:
            from dyad.parse.spacy_parser import load_nlp

            doc.parse = load_nlp(self.config.spacy_model, self.config.spacy_fallback, self.config.max_chars)(doc.text)
        return doc.parse

    def __call__(self, doc: Document) -> Document:
        doc.places = places_in(self._parse(doc), gazetteer=self.gazetteer)
        return doc


class LocatingStage:
    """Sets each event's location from ``Document.places`` and the parse."""

    name = "locating"

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config

    def __call__(self, doc: Document) -> Document:
        for index, event in enumerate(doc.events):
            location = locate_event(event, text=doc.text, parse=doc.parse, places=doc.places)
            if location is not None and location != event.location:  # keep a coder's own location
                doc.replace_event(index, location=location)
        return doc


@stages.register("places")
def make_places_stage(config: PipelineConfig) -> PlacesStage:
    return PlacesStage(config)


@stages.register("locating")
def make_locating_stage(config: PipelineConfig) -> LocatingStage:
    return LocatingStage(config)
