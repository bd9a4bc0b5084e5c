"""The cue, source and hedge lexicons of the attribution and status stages.

They are data (``dyad/data/attribution/*.yaml``), loaded once and validated here so that a
typo in a status name fails loudly at load time rather than silently mis-coding events.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from dyad.errors import DyadError, E

STANCES = ("assert", "confirm", "claim", "deny", "hedge")


@dataclass(frozen=True)
class CueLexicon:
    """Reporting verbs with their stance, and nouns that mark documents and vague sources."""

    verbs: dict[str, str]
    clausal_only: frozenset[str]
    prepositional: dict[str, str | None]
    report_nouns: frozenset[str]
    anonymous_heads: frozenset[str]


@dataclass(frozen=True)
class SourceTable:
    """Fallback codes for sources the actors stage left unresolved (outlets, officials)."""

    outlets: dict[str, dict[str, str]]
    heads: dict[str, dict[str, str]]


@dataclass(frozen=True)
class HedgeLexicon:
    """Markers of status: modals, negators, hedges, governing verbs, and factuality values."""

    factuality: dict[str, float]
    modals: dict[str, str]
    negators: frozenset[str]
    conditional_marks: frozenset[str]
    hedge_adverbs: dict[str, str | None]
    nominal_modifiers: dict[str, str]
    hedge_nouns: dict[str, str | None]
    hedge_adjectives: dict[str, str]
    governing_verbs: dict[str, str | None]
    realizing_verbs: frozenset[str]
    future_markers: frozenset[str]


def _load(name: str) -> dict[str, Any]:
    path = resources.files("dyad.data").joinpath("attribution", name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DyadError(E.LEXICON_INVALID, name=name, detail=str(exc)) from exc
    if not isinstance(data, dict):
        raise DyadError(E.LEXICON_INVALID, name=name, detail="not a mapping")
    return data


def _check_values(name: str, table: dict[str, Any], allowed: set[str | None]) -> None:
    bad = sorted(f"{k}: {v}" for k, v in table.items() if v not in allowed)
    if bad:
        raise DyadError(E.LEXICON_INVALID, name=name, detail="unknown value(s) " + ", ".join(bad[:5]))


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    data = _load("cues.yaml")
    verbs = {str(k): str(v) for k, v in data["verbs"].items()}
    _check_values("cues.yaml", verbs, set(STANCES))
    return CueLexicon(
        verbs=verbs,
        clausal_only=frozenset(data.get("clausal_only") or ()),
        prepositional=dict(data.get("prepositional") or {}),
        report_nouns=frozenset(data.get("report_nouns") or ()),
        anonymous_heads=frozenset(data.get("anonymous_heads") or ()),
    )


@lru_cache(maxsize=1)
def source_table() -> SourceTable:
    data = _load("sources.yaml")
    return SourceTable(outlets=dict(data.get("outlets") or {}), heads=dict(data.get("heads") or {}))


@lru_cache(maxsize=1)
def hedge_lexicon() -> HedgeLexicon:
    data = _load("hedges.yaml")
    factuality = {str(k): float(v) for k, v in data["factuality"].items()}
    labels: set[str | None] = set(factuality)
    lex = HedgeLexicon(
        factuality=factuality,
        modals=dict(data["modals"]),
        negators=frozenset(data["negators"]),
        conditional_marks=frozenset(data["conditional_marks"]),
        hedge_adverbs=dict(data["hedge_adverbs"]),
        nominal_modifiers=dict(data["nominal_modifiers"]),
        hedge_nouns=dict(data["hedge_nouns"]),
        hedge_adjectives=dict(data["hedge_adjectives"]),
        governing_verbs=dict(data["governing_verbs"]),
        realizing_verbs=frozenset(data["realizing_verbs"]),
        future_markers=frozenset(data["future_markers"]),
    )
    for table in ("modals", "hedge_adverbs", "nominal_modifiers", "hedge_nouns", "hedge_adjectives",
                  "governing_verbs"):
        _check_values("hedges.yaml", getattr(lex, table), labels | {None})
    return lex
