"""classify_pair: the PLOVER type of what the source does to the target."""

from __future__ import annotations

import pytest

import dyad
from dyad.errors import DyadError


def pair(sentence: str, source: str, target: str) -> tuple[str | None, float]:
    s, t = sentence.index(source), sentence.index(target)
    return dyad.classify_pair(sentence, source=(s, s + len(source)), target=(t, t + len(target)))


@pytest.mark.parametrize(("sentence", "source", "target", "expected"), [
    ("Iran condemned the Israeli airstrikes in Syria.", "Iran", "Israeli", "ACCUSE"),
    ("Russia launched an attack on Ukraine.", "Russia", "Ukraine", "ASSAULT"),
    ("Egypt hosted talks between Israel and Hamas.", "Israel", "Hamas", "CONSULT"),
    ("The United States imposed sanctions on Venezuela.", "The United States", "Venezuela", "SANCTION"),
    ("Japan donated medical supplies to Nepal.", "Japan", "Nepal", "AID"),
    ("Hamas rejected the Egyptian proposal.", "Hamas", "Egyptian", "REJECT"),
])
def test_classify_pair_types(sentence, source, target, expected):
    label, confidence = pair(sentence, source, target)
    assert label == expected and 0 < confidence <= 1


def test_classify_pair_no_trigger_is_none():
    assert pair("Paris is the capital of France.", "Paris", "France") == (None, 0.0)


def test_classify_pair_rejects_spans_outside_the_sentence():
    with pytest.raises(DyadError) as info:
        dyad.classify_pair("Short.", source=(0, 3), target=(4, 40))
    assert info.value.code == "E603"
