"""News datelines: "WASHINGTON (AP) —", "KYIV, Ukraine —", "LONDON, Aug. 6 (Reuters) -".

The dateline names where the story was filed; it is the fallback location of the article's events
and counts double in the article's country context.
"""

from __future__ import annotations

import re

from dyad.extract.places.resolve import Toponym

# An upper-case place name at the very start, an optional ", Region" part, an optional date,
# an optional "(Agency)", then a dash or colon.
_DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3})
    (?:\s*,\s*(?P<region>[A-Z][A-Za-z.'’\-]+(?:\s+[A-Z][A-Za-z.'’\-]+){0,2}))?
    (?:\s*,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?
    \s*(?:\([^()\n]{1,40}\))?
    \s*(?:—|–|--|-|:)\s""",
    re.VERBOSE,
)
_NOT_PLACES = {"AP", "UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "WATCH", "NEW"}


def find_dateline(text: str) -> list[Toponym]:
    """The place (and region, when given) of the dateline at the start of ``text``, if any."""
    match = _DATELINE.match(text[:200])
    if match is None:
        return []
    place = match.group("place").strip()
    if place in _NOT_PLACES or len(place) < 3:
        return []
    out = [Toponym(text=place, start=match.start("place"), end=match.start("place") + len(place),
                   source="dateline")]
    if match.group("region"):
        region = match.group("region").strip()
        out.append(Toponym(text=region, start=match.start("region"),
                           end=match.start("region") + len(region), source="dateline"))
    return out
