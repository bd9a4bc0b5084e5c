"""Halting military exercises is de-escalation: PLOVER RETREAT (CAMEO 087), CONCEDE when only
promised (the manual's future RETREAT)."""

from __future__ import annotations

import dyad


def _coded(text: str) -> list[tuple[str, str, tuple[str | None, ...]]]:
    doc = dyad.process(text, published="2018-06-12")
    return [(e.event_type, e.status, tuple(a.code for a in e.actor)) for e in doc.events]


def test_events_suspending_drills_is_retreat() -> None:
    assert ("RETREAT", "occurred", ("KOR", "USA")) in _coded(
        "South Korea and the United States suspended their annual drills on Monday.")


def test_events_promised_halt_of_exercises_is_concede() -> None:
    assert ("CONCEDE", "planned", ("USA",)) in _coded(
        "Trump said the United States would stop the joint military exercises it holds with South Korea.")
