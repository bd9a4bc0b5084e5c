"""The temporal tagger: runs the grammar over a text and resolves each expression.

All rules propose candidate spans; the longest non-overlapping ones win (earlier-registered
rules break ties), and a candidate whose handler declines (returns None) leaves room for a
shorter one. Clock times are resolved last, in text order, against the latest day mentioned
before them in the same paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from dyad.extract.time import rules_dates, rules_relative  # noqa: F401  (registers the rules)
from dyad.extract.time.grammar import RULES, Context, Reading, Rule, span_of
from dyad.extract.time.tense import text_direction
from dyad.model import TimeValue

DirectionFn = Callable[[int, int], "str | None"]
_CLOCK_RULES = frozenset({"clock", "clock_ampm", "clock_military", "noon"})
_DIGIT = re.compile(r"\d")
_JOINER = re.compile(r"\s*(?:on|,)?\s*$")


def _direction_from_hints(text: str, hints: str | Mapping[tuple[int, int], str] | None) -> DirectionFn:
    """A direction function: fixed hints first, then cue words around the expression."""
    if isinstance(hints, str):
        fixed = _canonical(hints)
        return lambda start, end: fixed

    def direction(start: int, end: int) -> str | None:
        if hints:
            for (lo, hi), label in hints.items():
                if (lo <= start and end <= hi) or (lo == start and hi == end):
                    return _canonical(label)
        return text_direction(text, start, end)

    return direction


def _canonical(label: str | None) -> str | None:
    if label is None:
        return None
    label = label.lower()
    if label in ("past", "future"):
        return label
    if label in ("planned", "possible", "hypothetical", "will", "future_ref"):
        return "future"
    if label in ("occurred", "negated", "ongoing", "past_ref"):
        return "past"
    return None


def find_times(
    text: str,
    *,
    published: dt.date,
    direction: DirectionFn | None = None,
    tense_hints: str | Mapping[tuple[int, int], str] | None = None,
) -> list[TimeValue]:
    """Time expressions in ``text`` as :class:`TimeValue` records, in text order.

    ``direction(start, end)`` overrides how bare weekdays/months/seasons are read ("past",
    "future" or None); by default ``tense_hints`` (a label for the whole text or for
    character ranges), then cue words in the clause, decide.
    """
    if not text:
        return []
    direction_fn = direction or _direction_from_hints(text, tense_hints)
    ctx = Context(anchor=published, direction=direction_fn, reference_day=published)
    candidates: list[tuple[int, int, int, Rule, re.Match[str]]] = []
    lower = text.lower()
    has_digit = _DIGIT.search(text) is not None
    for order, rule in enumerate(RULES):
        if rule.digit and not has_digit:
            continue
        hay = text if rule.cased else lower
        if rule.needs and not any(word in hay for word in rule.needs):
            continue
        for m in rule.pattern.finditer(text):
            start, end = span_of(m)
            if end > start:
                candidates.append((m.end() - m.start(), order, start, rule, m))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    taken: list[tuple[int, int, Rule, re.Match[str], Reading]] = []
    occupied: list[tuple[int, int]] = []
    for _, _, start, rule, m in candidates:
        end = m.end()
        if any(start < hi and lo < end for lo, hi in occupied):
            continue
        reading = _safe(rule, m, ctx)
        if reading is None:
            continue
        taken.append((start, end, rule, m, reading))
        occupied.append((start, end))
    taken.sort(key=lambda t: t[0])
    return _finish(text, taken, ctx)


def _safe(rule: Rule, m: re.Match[str], ctx: Context) -> Reading | None:
    """Run a handler; impossible dates (Feb 30, year 0 or 10000) mean "not an expression"."""
    try:
        reading = rule.handler(m, ctx)
    except (ValueError, OverflowError, KeyError, StopIteration):
        return None
    if reading is None:
        return None
    p = reading.period
    if p.earliest is not None and p.latest is not None and p.earliest > p.latest:
        return None
    return reading


def _finish(text: str, taken: list[tuple[int, int, Rule, re.Match[str], Reading]], ctx: Context) -> list[TimeValue]:
    out: list[TimeValue] = []
    reference = ctx.anchor
    last_end = 0
    for index, (start, end, rule, m, reading) in enumerate(taken):
        if "\n\n" in text[last_end:start]:
            reference = ctx.anchor  # a new paragraph: clock times fall on the report's day again
        if rule.name in _CLOCK_RULES:
            day = reference
            following = taken[index + 1] if index + 1 < len(taken) else None
            if (following is not None and following[4].period.precision == "day" and following[4].period.earliest
                    and _JOINER.match(text, end, following[0])):
                day = following[4].period.earliest  # "3 p.m. on Tuesday", "18:00 UTC, August 2"
            redo = _safe(rule, m, Context(ctx.anchor, ctx.direction, day))
            reading = redo or reading
        elif reading.type == "DATE" and reading.period.precision == "day" and reading.period.earliest:
            reference = reading.period.earliest
        p = reading.period
        out.append(TimeValue(text=text[start:end], start=start, end=end, type=reading.type, value=p.value,
                             earliest=p.earliest, latest=p.latest, precision=p.precision))
        last_end = end
    return out
