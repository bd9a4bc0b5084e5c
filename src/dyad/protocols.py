"""Small Protocols that backends implement; concrete ones register by name in dyad.registry."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from dyad.model import Document, Event


@runtime_checkable
class EventCoder(Protocol):
    """Finds events in a parsed Document (registered in ``dyad.registry.coders``)."""

    name: str
    version: str

    def code(self, doc: Document) -> list[Event]: ...


@runtime_checkable
class PairClassifier(Protocol):
    """Types what ``source`` does to ``target`` in one sentence (``dyad.registry.classifiers``)."""

    name: str
    version: str

    def classify(
        self, sentence: str, *, source: tuple[int, int], target: tuple[int, int]
    ) -> tuple[str | None, float]: ...
