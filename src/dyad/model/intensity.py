"""PLOVER cooperation/conflict scores (-10 most conflictual .. +10 most cooperative)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _scores() -> dict[str, dict[str, float]]:
    ref = resources.files("dyad") / "data" / "scores" / "plover_scores.json"
    data: dict[str, dict[str, float]] = json.loads(ref.read_text(encoding="utf-8"))["scores"]
    return data


def intensity(event_type: str, mode: str | None = None) -> float | None:
    """The PLOVER score of a type (and mode, when the manual scores it); None for unknown types."""
    by_mode = _scores().get(event_type.upper())
    if by_mode is None:
        return None
    if mode and mode.lower() in by_mode:
        return by_mode[mode.lower()]
    return by_mode.get("")


def is_cooperative(event_type: str) -> bool | None:
    """True for cooperation types (score > 0), False for conflict, None when unknown."""
    score = intensity(event_type)
    return None if score is None else score > 0
