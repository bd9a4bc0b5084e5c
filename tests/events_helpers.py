"""Shared scaffolding of the event-coder tests: mark actors and places on a parsed document the
way the actors and places stages would (from a phrase table), and small event filters."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from dyad.extract.events.rules import RulesCoder
from dyad.model import Document, Entity, Event, Place


def mark(doc: Document, actors: Mapping[str, str], *, generic: Iterable[str] = (),
         places: Mapping[str, str] | None = None, kind: str | None = None) -> Document:
    """Actors from ``actors`` (phrase -> code, longest first, no overlaps), uncoded ``generic``
    groups (case-insensitive) and ``places`` (name -> country) on ``doc``."""
    ents: list[Entity] = []

    def free(start: int, end: int) -> bool:
        return not any(e.start < end and start < e.end for e in ents)

    for phrase in sorted(actors, key=len, reverse=True):
        for m in re.finditer(r"\b" + re.escape(phrase) + r"\b", doc.text):
            if free(*m.span()):
                ents.append(Entity(phrase, m.start(), m.end(), code=actors[phrase], kind=kind))
    for phrase in generic:
        for m in re.finditer(r"\b" + re.escape(phrase) + r"\b", doc.text, flags=re.IGNORECASE):
            if free(*m.span()):
                ents.append(Entity(m.group(), m.start(), m.end()))
    doc.actors = sorted(ents, key=lambda e: e.start)
    doc.places = sorted((Place(p, m.start(), m.end(), country=c) for p, c in (places or {}).items()
                         for m in re.finditer(re.escape(p), doc.text)), key=lambda p: p.start)
    return doc


def rules_coder(make_doc: Callable[[str], Document], prepare: Callable[[Document], Document]) -> Callable[[str], list[Event]]:
    """Text -> the rules coder's events on the parsed, prepared document."""
    coder = RulesCoder()
    return lambda text: coder.code(prepare(make_doc(text)))


def codes(ents: tuple[Entity, ...]) -> set[str]:
    return {e.code for e in ents if e.code}


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [e for e in events if e.event_type == event_type]
