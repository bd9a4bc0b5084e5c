"""Event dating: which time expression, if any, tells when an event happened.

For each event mention, in order of preference:

1. a time expression in the same sentence that governs the trigger in the dependency parse:
   attached to the trigger itself ("the *June* summit"), then to the verb of its clause ("*Over
   the weekend*, Ri referred ..."), then anywhere in the sentence (nearest first). DATE and TIME
   beat anchored DURATIONs and vague references; SETs never date an event. Without a parse,
   the nearest expression in the sentence is taken.
2. a byline or dateline on the line after the mention's paragraph ("— Donald J. Trump
   (@realDonaldTrump) August 2, 2018" dates the quoted tweet);
3. the report itself: ``TimeValue(text="", start=-1, end=-1, type="DATE", value="PAST_REF",
   earliest=None, latest=published, precision="report")``; for planned or possible events
   ``value="FUTURE_REF", earliest=published, latest=None``.

An ordering preposition on the path between the trigger and the expression widens the range:
"*after* the June summit, Trump extended ..." is [June 1, published] for an event that has
happened, open-ended for one that has not. Planned and possible events take the future reading
of expressions whose reading depends on tense ("Monday" -> next Monday).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from dyad.extract.time.tagger import find_times
from dyad.model import Document, Event, TimeValue

FUTURE_STATUSES = frozenset({"planned", "possible"})
_AFTER = frozenset({"after", "since", "following"})
_BEFORE = frozenset({"before", "until", "till", "prior", "ahead", "by"})
_BYLINE = re.compile(r"^\s*(?:—|–|--?|~)\s*\S")
_SIGNAL_BEFORE_TEXT = re.compile(r"\b(after|since|following|before|until|till|prior\s+to|ahead\s+of)\s+(?:the\s+)?$",
                                 re.IGNORECASE)


def report_date(published: dt.date, *, future: bool) -> TimeValue:
    """The fallback date of an event with no time expression: before (or after) the report."""
    if future:
        return TimeValue("", -1, -1, "DATE", "FUTURE_REF", published, None, "report")
    return TimeValue("", -1, -1, "DATE", "PAST_REF", None, published, "report")


def date_events(doc: Document) -> None:
    """Set ``event.date`` on every event of ``doc`` that has none."""
    published = doc.article.published or dt.date.today()
    for i, event in enumerate(doc.events):
        if event.date is not None:
            continue
        doc.replace_event(i, date=date_event(doc, event, published))


def wants_future(doc: Document, event: Event) -> bool:
    """Planned events, and possible ones unless the parse shows a past form ("may have met")."""
    if event.status == "planned":
        return True
    if event.status != "possible":
        return False
    token = _token(doc, event.trigger.start, event.trigger.end)
    if token is not None and token.tag_ == "VBN" and any(c.lower_ in ("have", "'ve") for c in token.children):
        return False
    return True


def date_event(doc: Document, event: Event, published: dt.date) -> TimeValue:
    future = wants_future(doc, event)
    for mention in event.mentions:
        found = _governing_time(doc, mention.trigger.start, mention.trigger.end,
                                mention.sentence.start, mention.sentence.end, future=future, published=published)
        if found is not None:
            return found
    for mention in event.mentions:
        byline = _byline_date(doc, mention.sentence.end)
        if byline is not None:
            return byline
    return report_date(published, future=future)


def _token(doc: Document, start: int, end: int) -> Any:
    if doc.parse is None:
        return None
    span = doc.parse.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _kind_rank(t: TimeValue) -> int:
    if t.type in ("DATE", "TIME") and not t.value.endswith("_REF"):
        return 0
    if t.type == "DURATION" and t.earliest is not None and t.latest is not None:
        return 1
    return 2


def _governing_time(doc: Document, t_start: int, t_end: int, s_start: int, s_end: int, *,
                    future: bool, published: dt.date) -> TimeValue | None:
    candidates = [t for t in doc.times if s_start <= t.start and t.end <= s_end and t.type != "SET"
                  and not (t.start < t_end and t_start < t.end and t.type == "DURATION")]
    if not candidates:
        return None
    trigger = _token(doc, t_start, t_end)
    scored = []
    for t in candidates:
        if trigger is not None:
            rank, signal, head = _attachment(doc, trigger, t)
            distance = abs(head.i - trigger.i) if head is not None else 99
            if signal is None and rank >= 1:  # small parsers misattach fronted phrases
                signal = _text_signal(doc, t, t_start)
        else:
            rank, signal, head = (0 if abs(t.start - t_end) < 60 else 3), _text_signal(doc, t, t_start), None
            distance = min(abs(t.start - t_end), abs(t_start - t.end))
        if rank >= 3 or (_kind_rank(t) == 2 and rank >= 2):
            continue  # another event's time; or "soon", "now" elsewhere in the sentence
        scored.append(((_kind_rank(t), rank, distance), t, signal, head))
    if not scored:
        return None
    scored.sort(key=lambda s: (s[0][1] + 2 * s[0][0], s[0][2]))
    _, best, signal, head = scored[0]
    if future:
        best = _future_reading(doc, best, published)
    if signal:
        best = _widen(doc, best, signal, head, future=future, published=published)
    return best


def _attachment(doc: Document, trigger: Any, t: TimeValue) -> tuple[int, str | None, Any]:
    """How closely the expression governs the trigger: 0 attached to the trigger, 1 to its clause
    verb (or a relative clause on the trigger), 2 elsewhere in the sentence, 3 inside another
    verb's clause below the trigger or its clause verb ("discussed a meeting to be held later this
    year": the time is the meeting's); plus the ordering preposition on the path and the token
    the expression hangs from."""
    span = doc.parse.char_span(t.start, t.end, alignment_mode="expand")
    if span is None or not len(span):
        return 3, None, None
    root = span.root
    clause_verb = trigger
    for _ in range(8):
        if clause_verb.pos_ in ("VERB", "AUX") or clause_verb.head.i == clause_verb.i:
            break
        clause_verb = clause_verb.head
    signal = None
    verbs_crossed = 0
    token = root
    for _ in range(12):
        if token.i == trigger.i:
            return (0 if verbs_crossed == 0 else 3), signal, root
        if token.i == clause_verb.i and token.i != root.i:
            return (1 if verbs_crossed == 0 else 3), signal, root
        if token.i != root.i and token.pos_ in ("VERB", "AUX"):
            if token.dep_ in ("relcl", "acl") and token.head.i == trigger.i:
                return 1, signal, root  # "a summit, which would take place later this year"
            verbs_crossed += 1
        if token.i != root.i:
            lemma = token.lower_
            if token.dep_ == "prep" and (lemma in _AFTER or lemma in _BEFORE) and signal is None:
                signal = "after" if lemma in _AFTER else "before"
        if token.head.i == token.i:
            break
        token = token.head
    return 2, None, root


def _text_signal(doc: Document, t: TimeValue, trigger_start: int) -> str | None:
    if 0 <= trigger_start - t.end < 25:
        return None  # the expression modifies the trigger noun ("the June summit")
    m = _SIGNAL_BEFORE_TEXT.search(doc.text, max(0, t.start - 20), t.start)
    if not m:
        return None
    return "after" if m.group(1).lower() in ("after", "since", "following") else "before"


def _future_reading(doc: Document, t: TimeValue, published: dt.date) -> TimeValue:
    """The expression re-read as pointing forward (only readings that depend on tense change)."""
    for alt in find_times(t.text, published=published, direction=lambda s, e: "future"):
        if alt.start == 0 and alt.end == len(t.text) and alt.value != t.value and t.type in ("DATE", "TIME"):
            return dataclasses.replace(alt, start=t.start, end=t.end)
    return t


def _widen(doc: Document, t: TimeValue, signal: str, head: Any, *, future: bool, published: dt.date) -> TimeValue:
    """Range of "after X" / "before X" relative to the report: open on the far side."""
    start = t.start
    m = _SIGNAL_BEFORE_TEXT.search(doc.text, max(0, t.start - 40), t.start)
    if m:
        start = m.start()
    end = t.end
    if head is not None and head.head.i != head.i and head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN"):
        end = max(end, head.head.idx + len(head.head.text))  # "After the June summit"
    if signal == "after":
        earliest, latest = t.earliest, (None if future else published)
        if latest is not None and earliest is not None and earliest > latest:
            latest = None
    else:
        earliest, latest = (published if future else None), t.latest
        if earliest is not None and latest is not None and earliest > latest:
            earliest = None
    return TimeValue(doc.text[start:end], start, end, t.type, t.value, earliest, latest, "unknown")


def _byline_date(doc: Document, sentence_end: int) -> TimeValue | None:
    """A day date on a dash-led line right after the paragraph that holds the sentence."""
    text = doc.text
    line_end = text.find("\n", sentence_end)
    if line_end < 0:
        return None
    next_end = text.find("\n", line_end + 1)
    next_end = len(text) if next_end < 0 else next_end
    line = text[line_end + 1: next_end]
    if not _BYLINE.match(line):
        return None
    for t in doc.times:
        if line_end < t.start and t.end <= next_end and t.type == "DATE" and t.precision == "day":
            return t
    return None
