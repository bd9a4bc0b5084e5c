"""Temporal expressions: tagging, normalisation against the publication date, event dating.

``normalize_times(text, published=...)`` is the public entry point (``dyad.normalize_times``);
``find_times`` returns :class:`~dyad.model.TimeValue` records and accepts a direction function
(for instance one built from the spaCy parse, see :mod:`dyad.extract.time.tense`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dyad.extract.time.tagger import find_times

__all__ = ["as_date", "find_times", "normalize_times"]


def as_date(published: dt.date | dt.datetime | str) -> dt.date:
    """The publication date from a date, datetime or ISO string (E012 when it is not a date)."""
    from dyad.model.records import _parse_published

    return _parse_published(published)


def normalize_times(
    text: str,
    *,
    published: dt.date | str,
    tense_hints: str | Mapping[tuple[int, int], str] | None = None,
) -> list[dict[str, Any]]:
    """Time expressions in ``text`` normalised against ``published``.

    Each item: ``{"start", "end", "text", "type", "value", "earliest", "latest", "precision"}``
    with ISO date strings (None for an open bound). ``tense_hints`` sets the reading of bare
    weekdays, months and seasons: "past" or "future" for the whole text, or a mapping from
    ``(start, end)`` character ranges to "past"/"future"; without hints, cue words decide.
    """
    anchor = as_date(published)
    return [
        {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
         "earliest": t.earliest.isoformat() if t.earliest else None,
         "latest": t.latest.isoformat() if t.latest else None, "precision": t.precision}
        for t in find_times(text, published=anchor, tense_hints=tense_hints)
    ]
