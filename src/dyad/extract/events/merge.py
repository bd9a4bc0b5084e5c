"""Within-article event merging: mentions of one real-world event become one record.

"A second meeting", "a second summit between the two leaders" and "a meeting between President
Trump and Kim could take place this fall" are one planned summit. Two events merge when they
have the same type, the same actor and recipient codes (for symmetric events: the same
participants), compatible status and dates, and triggers that name the same kind of thing (the
same head word, the same meeting/visit family, or the same CAMEO base code). The merged record
keeps the first mention's id and lists every mention. Its date is the most precise mention date
(a date read from the text beats the report-date fallback), its attribution is the union of the
mentions' sources in mention order, and its status is the majority of the mention statuses (the
earliest mention breaks ties).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from dyad.model import Entity, Event, TextSpan, TimeValue

MEETING_WORDS = frozenset({"meeting", "meet", "summit", "talks", "talk", "visit", "negotiation",
                           "negotiations", "discussion", "discussions", "trip", "conference"})
REALIS = frozenset({"occurred", "ongoing"})
IRREALIS = frozenset({"planned", "possible", "hypothetical"})
# TimeValue.precision from the most to the least precise; "report" (the publication-date fallback
# of the dating stage) and unknown precisions come last
PRECISION_ORDER = ("day", "week", "month", "season", "quarter", "year", "decade")
MAX_ANCHOR_GAP = 3
_GAP_BREAK = re.compile(r"[,;:.!?()\u2014\u2013\"]")


def _head_word(event: Event) -> str:
    word = event.trigger.text.split()[-1].lower() if event.trigger.text.split() else ""
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _codes(ents: tuple[Entity, ...]) -> frozenset[str]:
    return frozenset(e.code for e in ents if e.code)


def _participants(event: Event) -> frozenset[str]:
    return _codes(event.actor) | _codes(event.recipient)


def _symmetric(event: Event) -> bool:
    return not event.recipient and len(_codes(event.actor)) > 1


def same_word(a: Event, b: Event) -> bool:
    """Do the two triggers use the same head word (or both a meeting word)?"""
    ha, hb = _head_word(a), _head_word(b)
    if ha == hb:
        return True
    if ha.rstrip("s") in MEETING_WORDS and hb.rstrip("s") in MEETING_WORDS:
        return True
    return ha in MEETING_WORDS and hb in MEETING_WORDS


def same_kind(a: Event, b: Event) -> bool:
    """Do the two triggers name the same kind of event (same head, family or CAMEO base)?"""
    if same_word(a, b):
        return True
    return bool(a.cameo and b.cameo and a.cameo[:3] == b.cameo[:3] and a.mode == b.mode and a.mode)


def _status_compatible(a: Event, b: Event) -> bool:
    if a.status == b.status:
        return True
    if a.status == "negated" or b.status == "negated":
        return False
    return (a.status in REALIS) == (b.status in REALIS)


def _dates_compatible(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None:
        return True
    lo_a, hi_a, lo_b, hi_b = a.date.earliest, a.date.latest, b.date.earliest, b.date.latest
    if lo_a and hi_b and lo_a > hi_b:
        return False
    return not (lo_b and hi_a and lo_b > hi_a)


def compatible(a: Event, b: Event) -> bool:
    """Can ``b`` be another mention of ``a``?"""
    if a.event_type != b.event_type or not _status_compatible(a, b) or not _dates_compatible(a, b):
        return False
    if not same_kind(a, b) or _names_conflict(a, b):
        return False
    if _symmetric(a) or _symmetric(b):
        return _participants(a) == _participants(b) and bool(_participants(a))
    if not _codes(a.actor) or _codes(a.actor) != _codes(b.actor):
        return False
    ra, rb = _codes(a.recipient), _codes(b.recipient)
    return ra == rb or not ra or not rb


def _names_conflict(a: Event, b: Event) -> bool:
    """Two mentions naming different people ("Pompeo's meetings" vs "the leaders' summit"); only
    coded parties count (an uncoded place name, "the attack on Shayrat airfield", adds detail)."""
    na = {e.name for e in a.actor + a.recipient if e.name and e.code}
    nb = {e.name for e in b.actor + b.recipient if e.name and e.code}
    return bool(na and nb and not (na <= nb or nb <= na))


def _union(first: tuple[Entity, ...], more: tuple[Entity, ...]) -> tuple[Entity, ...]:
    seen = {(e.code, e.name) for e in first if e.code}
    out = list(first)
    for e in more:
        if e.code and (e.code, e.name) not in seen:
            out.append(e)
            seen.add((e.code, e.name))
    return tuple(out)


def _precision_rank(date: TimeValue | None) -> int:
    """Lower is better: a date read from the text at day precision beats a month, a year and the
    report-date fallback; no date at all is worst."""
    if date is None:
        return len(PRECISION_ORDER) + 2
    if date.precision in PRECISION_ORDER:
        return PRECISION_ORDER.index(date.precision)
    return len(PRECISION_ORDER) + (1 if date.precision == "report" else 0)


def anchored(event: Event) -> bool:
    """Is the event's date written next to its trigger ("the June summit", "a summit later this
    year", "struck the base on Friday")? Such a date is about the event itself; one further away
    may date another clause ("Over the weekend, Ri referred to the summit")."""
    date = event.date
    if date is None or date.start < 0:
        return False
    return any(_next_to(date, m.trigger, m.sentence) for m in event.mentions
               if m.sentence.start <= date.start and date.end <= m.sentence.end)


def _next_to(date: TimeValue, trigger: TextSpan, sentence: TextSpan) -> bool:
    lo, hi = (date.end, trigger.start) if date.end <= trigger.start else (trigger.end, date.start)
    if hi < lo or not (sentence.start <= lo and hi <= sentence.end):
        return False
    gap = sentence.text[lo - sentence.start:hi - sentence.start]
    return not _GAP_BREAK.search(gap) and len(gap.split()) <= MAX_ANCHOR_GAP


def date_rank(event: Event) -> tuple[int, int]:
    """Lower is better: a date read from the text beats the report-date fallback; a date next to
    the trigger beats one further away; then the more precise date wins."""
    rank = _precision_rank(event.date)
    if rank > len(PRECISION_ORDER):  # the report-date fallback, or no date
        return (2, rank)
    return (0 if anchored(event) else 1, rank)


def majority_status(a: Event, b: Event) -> tuple[str, float]:
    """Status and factuality of the merged event: the majority of its mentions' statuses, the
    earliest mention breaking ties; a mention without its own status counts with its event's."""
    statuses = [m.status or a.status for m in a.mentions] + [m.status or b.status for m in b.mentions]
    counts = Counter(statuses)
    top = max(counts.values())
    status = next(s for s in statuses if counts[s] == top)
    if status == a.status:
        return a.status, a.factuality
    if status == b.status:
        return b.status, b.factuality
    return status, a.factuality


def merge_pair(a: Event, b: Event) -> Event:
    """``a`` with ``b``'s mentions, arguments, sources and missing attributes added."""
    attribution = a.attribution + tuple(x for x in b.attribution if x not in a.attribution)
    status, factuality = majority_status(a, b)
    return replace(
        a,
        mentions=a.mentions + b.mentions,
        actor=_union(a.actor, b.actor),
        recipient=_union(a.recipient, b.recipient),
        attribution=attribution,
        status=status,
        factuality=factuality,
        date=b.date if date_rank(b) < date_rank(a) else a.date,
        location=a.location or b.location,
        contexts=a.contexts + tuple(c for c in b.contexts if c not in a.contexts),
        confidence=round(min(0.99, max(a.confidence, b.confidence) + 0.02), 3),
    )


def merge_events(events: list[Event]) -> list[Event]:
    """Merge mentions of the same event, keeping text order of first mentions.

    Dates keep mentions apart only when they are equally good evidence: a date far from its
    trigger ("Over the weekend, Ri referred to the summit", which may date the referring) does not
    keep out a mention whose date is written next to its trigger ("the June summit"); that date
    then dates the merged event. That allowance is for re-mentions with the same word: different
    words of one CAMEO family with disjoint dates ("detained ... in February", "sentenced her in
    August") stay apart.
    """
    merged: list[Event] = []
    for event in events:
        for i, kept in enumerate(merged):
            if compatible(kept, event) or (_weaker_date_only(kept, event) and same_word(kept, event)
                                           and compatible(replace(kept, date=None), event)):
                merged[i] = merge_pair(kept, event)
                break
        else:
            merged.append(event)
    return merged


def _weaker_date_only(a: Event, b: Event) -> bool:
    """Do the two dates differ in kind (one next to its trigger, the other not)?"""
    return (a.date is not None and b.date is not None
            and date_rank(a)[0] < 2 and date_rank(b)[0] < 2 and date_rank(a)[0] != date_rank(b)[0])
