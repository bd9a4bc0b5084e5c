"""dyad: political event data from news articles, in the PLOVER ontology.

    import dyad
    doc = dyad.process(text, published="2018-08-06")
    for event in doc.events:
        print(event.event_type, event.actor, event.recipient, event.status, event.date)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from dyad.model import (
    Article,
    ArticleError,
    Attribution,
    Document,
    Entity,
    Event,
    Mention,
    Place,
    Provenance,
    TextSpan,
    TimeValue,
)
from dyad.version import __version__

__all__ = [
    "Article", "ArticleError", "Attribution", "Document", "Entity", "Event", "Mention", "Place",
    "Provenance", "TextSpan", "TimeValue", "__version__", "classify_pair", "event_status",
    "geoparse", "get_pipeline", "normalize_times", "process", "process_many",
]


@lru_cache(maxsize=8)
def _cached_pipeline(key: str) -> Any:
    from dyad.pipeline import Pipeline

    return Pipeline(json.loads(key))


def get_pipeline(**config: Any) -> Any:
    """The pipeline for these settings, built once per process and reused."""
    settings = {k: list(v) if isinstance(v, tuple) else v for k, v in config.items() if v is not None}
    return _cached_pipeline(json.dumps(settings, sort_keys=True, default=str))


def process(
    text: str,
    *,
    published: dt.date | str | None = None,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
    **config: Any,
) -> Document:
    """Code one article. Relative dates resolve against ``published`` (today when absent, flagged)."""
    article = Article.create(text, published=published, url=url, title=title, source=source)
    return get_pipeline(**config).process(article)


def _as_article(item: Article | str | Mapping[str, Any]) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article.create(item)
    return Article.create(item["text"], published=item.get("published"), url=item.get("url"),
                          title=item.get("title"), source=item.get("source"))


def process_many(
    articles: Iterable[Article | str | Mapping[str, Any]],
    *,
    n_process: int = 1,
    batch_size: int = 32,
    **config: Any,
) -> Iterator[Document]:
    """Code many articles, streaming Documents in input order. Failures are recorded in
    ``Document.errors`` rather than raised, so one bad article does not stop the rest."""
    pipeline = get_pipeline(n_process=n_process, batch_size=batch_size, **config)
    return pipeline.pipe((_as_article(a) for a in articles), batch_size=batch_size)


def normalize_times(text: str, *, published: dt.date | str) -> list[dict[str, Any]]:
    """Time expressions in ``text`` normalised against ``published`` (TIMEX3 type and value)."""
    from dyad.extract.time import normalize_times as _normalize

    return _normalize(text, published=published)


def geoparse(text: str, *, spans: list[tuple[int, int]] | None = None) -> list[dict[str, Any] | None]:
    """Toponyms in ``text`` resolved offline to GeoNames entries (or exactly ``spans``)."""
    from dyad.extract.places import geoparse as _geoparse

    return _geoparse(text, spans=spans)


def event_status(sentence: str, *, trigger: tuple[int, int]) -> dict[str, Any]:
    """Status and factuality in [-3, 3] of the event named by ``sentence[trigger[0]:trigger[1]]``."""
    from dyad.extract.attribution import event_status as _event_status

    return _event_status(sentence, trigger=trigger)


def classify_pair(
    sentence: str, *, source: tuple[int, int], target: tuple[int, int], backend: str = "rules"
) -> tuple[str | None, float]:
    """The PLOVER type of what ``source`` does to ``target`` in ``sentence`` (None: no event)."""
    from dyad.registry import classifiers

    return classifiers.make(backend).classify(sentence, source=source, target=target)  # type: ignore[no-any-return]
