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


def test_events_stopping_war_games_is_de_escalation() -> None:
    # "war games": a compound object matches the lexicon's ``~war_game``
    assert ("CONCEDE", "planned", ("USA",)) in _coded(
        "Trump said the United States would stop the war games it holds with South Korea.")


def test_events_stopping_a_game_is_not_coded() -> None:
    assert not [c for c in _coded("The referee stopped the game after the players clashed.") if c[0] == "CONCEDE"]


def test_events_intention_to_halt_takes_the_possessor_as_actor() -> None:
    # "his intention to halt": the possessor controls the infinitive, and the intended act is
    # still to come (a promised RETREAT is CONCEDE)
    assert ("CONCEDE", "planned", ("USA",)) in _coded(
        "North Korean media said Trump had expressed his intention to halt joint military exercises with South Korea.")


def test_events_light_verb_intention_takes_the_subject_as_actor() -> None:
    coded = _coded("South Korea made a commitment to suspend the drills.")
    assert [c for c in coded if c[0] == "CONCEDE" and c[2] == ("KOR",)], coded
