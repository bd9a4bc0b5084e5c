"""Document-level passes over the events of one article, after every sentence is coded.

- A reaction (threat, rejection, concession, accusation) whose sentence names no target answers
  the latest conflict between its actor's country and one other country.
- PLOVER MOBILIZE: a mobilization reported in the context of an assault by the same side is part
  of the assault and is not coded apart.
"""

from __future__ import annotations

import dataclasses

from dyad.model import Event

REACTIONS = frozenset({"THREATEN", "REJECT", "CONCEDE", "ACCUSE"})
CONFLICT_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
COUNTERPART_WINDOW = 1500  # characters back to the event being reacted to


def with_counterparts(events: list[Event]) -> list[Event]:
    """Reactions name their target less often than actions: "Russia would respond soon" after
    "Britain will expel 23 Russian diplomats", "Baku apologised" after its forces shot down a
    Russian helicopter. A threat, rejection, concession or accusation by a coded actor with no
    recipient is directed at the other party of the latest earlier conflict event (within a few
    paragraphs) between the actor's country and exactly one other country."""
    out: list[Event] = []
    for ev in events:
        own = {e.code for e in ev.actor if e.code}
        if ev.event_type in REACTIONS and own and not any(e.code for e in ev.recipient):
            start = ev.trigger.start
            for earlier in reversed(out):
                if start - earlier.trigger.start > COUNTERPART_WINDOW:
                    break
                if earlier.event_type not in CONFLICT_TYPES:
                    continue  # reactions answer conflict, not the meeting where they were made
                parties = [e for e in earlier.actor + earlier.recipient if e.code]
                others = {e.code for e in parties} - own
                if own & {e.code for e in parties} and len(others) == 1:
                    other = next(e for e in parties if e.code in others)
                    ev = dataclasses.replace(ev, recipient=(other,))
                    break
        out.append(ev)
    return out


def without_mobilization_in_assault(events: list[Event]) -> list[Event]:
    """PLOVER MOBILIZE: "if a document reports a MOBILIZE event in the context of an ASSAULT, only
    the ASSAULT should be coded": weapons launched or forces moved by a side that the article
    shows attacking are part of that attack."""
    attackers = {e.code for ev in events if ev.event_type == "ASSAULT" for e in ev.actor if e.code}
    return [ev for ev in events if not (
        ev.event_type == "MOBILIZE" and (codes := {e.code for e in ev.actor if e.code}) and codes <= attackers)]
