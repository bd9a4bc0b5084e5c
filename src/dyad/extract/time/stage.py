"""Pipeline stages of the time area.

* ``times``: every time expression of the article into ``Document.times``, tense read from the
  spaCy parse when there is one (cue words otherwise);
* ``dating``: a date for every event in ``Document.events`` (see :mod:`dyad.extract.time.dating`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dyad.config import PipelineConfig
from dyad.errors import DyadError, E
from dyad.extract.time.dating import date_events
from dyad.extract.time.tagger import DirectionFn, find_times
from dyad.extract.time.tense import parse_direction, text_direction
from dyad.model import Document
from dyad.registry import stages


def parse_direction_fn(doc: Document) -> DirectionFn:
    """Direction from the governing verb in the parse, then from cue words in the text."""
    parse: Any = doc.parse
    text = doc.text

    def direction(start: int, end: int) -> str | None:
        if parse is not None:
            found = parse_direction(parse, start, end)
            if found is not None:
                return found
        return text_direction(text, start, end)

    return direction


def _check_options(name: str, config: PipelineConfig) -> None:
    options = config.stage_options.get(name) or {}
    if options:
        raise DyadError(E.BAD_CONFIG, detail=f"stage '{name}' takes no options, got {sorted(options)}")


class TimesStage:
    """Fills ``Document.times`` with normalised time expressions."""

    name = "times"

    def __call__(self, doc: Document) -> Document:
        published = doc.article.published or dt.date.today()
        doc.times.extend(find_times(doc.text, published=published, direction=parse_direction_fn(doc)))
        return doc


class DatingStage:
    """Sets ``event.date`` for every event (a time expression, a byline, or the report)."""

    name = "dating"

    def __call__(self, doc: Document) -> Document:
        date_events(doc)
        return doc


@stages.register("times")
def make_times(config: PipelineConfig) -> TimesStage:
    _check_options("times", config)
    return TimesStage()


@stages.register("dating")
def make_dating(config: PipelineConfig) -> DatingStage:
    _check_options("dating", config)
    return DatingStage()
