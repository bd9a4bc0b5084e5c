"""Within-article event merging: mentions of one real-world event become one record.

"A second meeting", "a second summit between the two leaders" and "a meeting between President
Trump and Kim could take place this fall" are one planned summit. Two events merge when they
have the same type, the same actor and recipient codes (for symmetric events: the same
participants), compatible status and dates, and triggers that name the same kind of thing (the
same head word, the same meeting/visit family, or the same CAMEO base code). The merged record
keeps the first mention's id and lists every mention.
"""

from __future__ import annotations

from dataclasses import replace

from dyad.model import Entity, Event

MEETING_WORDS = frozenset({"meeting", "meet", "summit", "talks", "talk", "visit", "negotiation",
                           "negotiations", "discussion", "discussions", "trip", "conference"})
REALIS = frozenset({"occurred", "ongoing"})
IRREALIS = frozenset({"planned", "possible", "hypothetical"})


def _head_word(event: Event) -> str:
    word = event.trigger.text.split()[-1].lower() if event.trigger.text.split() else ""
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _codes(ents: tuple[Entity, ...]) -> frozenset[str]:
    return frozenset(e.code for e in ents if e.code)


def _participants(event: Event) -> frozenset[str]:
    return _codes(event.actor) | _codes(event.recipient)


def _symmetric(event: Event) -> bool:
    return not event.recipient and len(_codes(event.actor)) > 1


def same_kind(a: Event, b: Event) -> bool:
    """Do the two triggers name the same kind of event (same head, family or CAMEO base)?"""
    ha, hb = _head_word(a), _head_word(b)
    if ha == hb:
        return True
    if ha.rstrip("s") in MEETING_WORDS and hb.rstrip("s") in MEETING_WORDS:
        return True
    if ha in MEETING_WORDS and hb in MEETING_WORDS:
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
    """Two mentions naming different people ("Pompeo's meetings" vs "the leaders' summit")."""
    na = {e.name for e in a.actor + a.recipient if e.name}
    nb = {e.name for e in b.actor + b.recipient if e.name}
    return bool(na and nb and not (na <= nb or nb <= na))


def _union(first: tuple[Entity, ...], more: tuple[Entity, ...]) -> tuple[Entity, ...]:
    seen = {(e.code, e.name) for e in first if e.code}
    out = list(first)
    for e in more:
        if e.code and (e.code, e.name) not in seen:
            out.append(e)
            seen.add((e.code, e.name))
    return tuple(out)


def merge_pair(a: Event, b: Event) -> Event:
    """``a`` with ``b``'s mentions, arguments, sources and missing attributes added."""
    attribution = a.attribution + tuple(x for x in b.attribution if x not in a.attribution)
    return replace(
        a,
        mentions=a.mentions + b.mentions,
        actor=_union(a.actor, b.actor),
        recipient=_union(a.recipient, b.recipient),
        attribution=attribution,
        date=a.date or b.date,
        location=a.location or b.location,
        contexts=a.contexts + tuple(c for c in b.contexts if c not in a.contexts),
        confidence=round(min(0.99, max(a.confidence, b.confidence) + 0.02), 3),
    )


def merge_events(events: list[Event]) -> list[Event]:
    """Merge mentions of the same event, keeping text order of first mentions."""
    merged: list[Event] = []
    for event in events:
        for i, kept in enumerate(merged):
            if compatible(kept, event):
                merged[i] = merge_pair(kept, event)
                break
        else:
            merged.append(event)
    return merged
