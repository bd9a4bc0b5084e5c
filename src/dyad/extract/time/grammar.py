"""Building blocks of the temporal grammar: rule type, resolution context and regex fragments.

A :class:`Rule` is a compiled pattern plus a handler that turns a match into a :class:`Reading`
(TIMEX3 type and a calendar :class:`~dyad.extract.time.calendar.Period`). Patterns are matched
case-insensitively, except month and weekday names, which must be capitalised ("may", "march"
and "sun" are ordinary words). A named group ``lead`` is matched but left out of the extent
("on Monday" -> "Monday"), following TimeML, where prepositions are signals, not part of the
expression.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from dyad.extract.time.calendar import Period
from dyad.extract.time.lexicon import MONTH_ABBR, MONTH_FULL, NUMBER_WORDS, VAGUE_QUANTITIES, WEEKDAY_FULL

Direction = Callable[[int, int], "str | None"]


@dataclass(frozen=True, slots=True)
class Context:
    """What a handler may use to resolve a match.

    ``anchor`` is the publication date; ``direction(start, end)`` gives "past", "future" or None
    for the expression at those offsets; ``reference_day`` is the last day-precision date
    mentioned before (a bare time of day such as "18:00 UTC" falls on it).
    """

    anchor: dt.date
    direction: Direction
    reference_day: dt.date


@dataclass(frozen=True, slots=True)
class Reading:
    """A resolved expression: TIMEX3 ``type`` and the calendar period it denotes."""

    type: str
    period: Period


Handler = Callable[[re.Match[str], Context], "Reading | None"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern and its handler, with a cheap gate tried first so that the full pattern runs
    only on texts that can hold a match (speed): one of the literal strings ``needs`` must occur
    (in the lowercased text, or as written when ``cased``), and a digit when ``digit``."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler
    needs: tuple[str, ...]
    cased: bool = False
    digit: bool = False


RULES: list[Rule] = []


def rule(name: str, pattern: str, *, needs: str = "", cased: bool = False,
         digit: bool = False) -> Callable[[Handler], Handler]:
    """Register ``handler`` for ``pattern`` (verbose, case-insensitive regex); ``needs`` lists
    literal strings separated by "|", one of which every match contains."""

    def decorate(handler: Handler) -> Handler:
        literals = tuple(w for w in needs.split("|") if w)
        RULES.append(Rule(name, re.compile(pattern, re.IGNORECASE | re.VERBOSE), handler,
                          literals if cased else tuple(w.lower() for w in literals), cased, digit))
        return handler

    return decorate


MONTH_NEEDS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
WEEKDAY_NEEDS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"


def span_of(m: re.Match[str]) -> tuple[int, int]:
    """The extent of a match without its ``lead`` group."""
    start = m.end("lead") if "lead" in m.re.groupindex and m.group("lead") is not None else m.start()
    return start, m.end()


# ---- regex fragments (verbose mode: spaces must be written as \s) ----
MON = rf"(?-i:(?P<mon>{MONTH_FULL}|{MONTH_ABBR}))"
MON_FULL = rf"(?-i:(?P<mon>{MONTH_FULL}))"
WD = rf"(?-i:(?P<wd>{WEEKDAY_FULL}))"
WD_PREFIX = rf"(?:(?-i:(?:{WEEKDAY_FULL}))[^\S\n]*,?[^\S\n]+)?"
DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:1[0-9]|20)\d\d)(?![\d])"
PART = (r"(?:(?P<part>early|mid|middle|late|the\s+(?:end|start|beginning|middle|close|turn)\s+of"
        r"(?:\s+the)?|(?:end|start|beginning)\s+of|end|start)(?:\s*-\s*|\s+))?")
_NUM_WORDS = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in NUMBER_WORDS), key=len, reverse=True))
_VAGUE = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in VAGUE_QUANTITIES)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUM = (rf"(?P<num>\d+(?:\.\d+)?|(?:{_TENS})[\s-](?:one|two|three|four|five|six|seven|eight|nine)\b|(?:{_NUM_WORDS})"
       rf"(?:\s+and\s+a\s+half)?|{_VAGUE})")

_PART_WORDS = {"early": "early", "mid": "mid", "middle": "mid", "late": "late", "end": "end",
               "close": "end", "start": "start", "beginning": "start", "turn": "start"}


def part_name(m: re.Match[str]) -> str | None:
    """early/mid/late/start/end from the PART group, or None."""
    if "part" not in m.re.groupindex or not m.group("part"):
        return None
    words = re.findall(r"[a-z]+", m.group("part").lower())
    for w in words:
        if w in _PART_WORDS and w != "the":
            return _PART_WORDS[w]
    return None


def number_value(text: str) -> float | None:
    """The number named by ``text`` ("two", "24", "two and a half"); None when vague ("several")."""
    t = " ".join(text.lower().replace("-", " ").split())
    half = 0.0
    if t.endswith(" and a half"):
        t = t[: -len(" and a half")]
        half = 0.5
    try:
        return float(t) + half
    except ValueError:
        pass
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t] + half
    parts = t.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]] + half
    return None


def fmt_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
