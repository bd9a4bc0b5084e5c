"""CAMEO code -> PLOVER type, mode and contexts, from the table derived by
``scripts/build_crosswalk.py`` (``dyad/data/plover/cameo2plover.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class PloverCode:
    """The PLOVER reading of one CAMEO code."""

    event_type: str
    mode: str | None
    contexts: tuple[str, ...]


@lru_cache(maxsize=1)
def _table() -> dict[str, PloverCode]:
    path = resources.files("dyad.data").joinpath("plover/cameo2plover.json")
    raw = json.loads(path.read_text(encoding="utf-8"))["codes"]
    return {code: PloverCode(v["type"], v["mode"], tuple(v["contexts"])) for code, v in raw.items()}


# CAMEO 02 (APPEAL) has no row in the PLOVER table ("dropped"), but PLOVER's REQUEST covers
# "all requests, demands, and orders", so dyad reads appeals as requests.
_APPEAL = PloverCode("REQUEST", None, ())


def cameo_to_plover(code: str | None) -> PloverCode | None:
    """The PLOVER type for a CAMEO code, backing off from 4 to 3 to 2 digits; None for 01x."""
    if not code:
        return None
    code = code.strip()
    table = _table()
    for length in (len(code), 3, 2):
        hit = table.get(code[:length])
        if hit is not None:
            return hit
    if code.startswith("02"):
        return _APPEAL
    return None
