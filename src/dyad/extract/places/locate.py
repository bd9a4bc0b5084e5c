"""Where did an event happen? The place that governs its trigger, else the dateline, else none.

"Trump and Kim met in Singapore" -> the prepositional phrase "in Singapore" hangs on the trigger
"met". "held talks at the White House" -> "at" hangs on "held", the verb whose clause holds the
trigger noun "talks". A place in subject position ("Washington imposed sanctions") is an actor,
not a location, and a place in another clause ("said in Washington that they met") does not count.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dyad.extract.places.dateline import find_dateline
from dyad.model import Event, Place

# "on", "over", "by", "against" are left out: "sanctions on Pyongyang", "a dispute over Crimea",
# "attacked by Russia" name a party, not a location.
LOCATIVE_PREPOSITIONS = frozenset({
    "in", "at", "near", "outside", "inside", "within", "across", "throughout", "around", "off",
    "along", "beside", "nearby",
})
# dependency labels by which a place name can modify an event noun directly ("the Singapore summit")
_MODIFIER_DEPS = frozenset({"compound", "nmod", "npadvmod", "amod"})
_VERB_POS = frozenset({"VERB", "AUX"})
# a country or state as a verb's object is a party ("sanctioned Iran"); a town is a scene
_OBJECT_DEPS = frozenset({"dobj"})
_LOCAL_FEATURES = frozenset({"city", "admin2"})
_PRECISION_RANK = {"city": 0, "admin2": 1, "admin1": 2, "country": 3, "continent": 4}


def _root(parse: Any, start: int, end: int) -> Any | None:
    """The syntactic head of the tokens inside ``[start, end)``."""
    span = parse.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _attachment(token: Any) -> Any | None:
    """The word a place name's locative phrase modifies, or None when it is not locative."""
    # "in Paris and London", "in Kyiv, Ukraine": climb from the conjunct/apposition to its head
    while token.dep_ in {"conj", "appos"} and token.head is not token:
        token = token.head
    # "in the city of Aleppo": climb out of the "of" phrase
    while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "pobj":
        token = token.head.head
    if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS:
        head = token.head.head
        # "outside the embassy in Seoul": the phrase hangs on a noun that is itself a location
        while head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPOSITIONS and head.head.head is not head:
            head = head.head.head
        return head
    if token.dep_ in _MODIFIER_DEPS:
        return token.head
    return None


def _clause_words(trigger: Any) -> set[int]:
    """Token indices a locative phrase may hang on to locate this trigger: the trigger itself and,
    for a noun trigger, its heads up to and including the verb of its clause."""
    words = {trigger.i}
    if trigger.pos_ in _VERB_POS:
        return words
    token = trigger
    while token.head is not token:
        token = token.head
        words.add(token.i)
        if token.pos_ in _VERB_POS:
            break
    return words


def governing_place(parse: Any, places: list[Place], trigger_start: int, trigger_end: int,
                    sentence_start: int, sentence_end: int) -> Place | None:
    """The resolved place whose locative phrase governs the trigger, if any."""
    trigger = _root(parse, trigger_start, trigger_end)
    if trigger is None:
        return None
    allowed = _clause_words(trigger)
    found = []
    for place in places:
        if place.lat is None or not (sentence_start <= place.start and place.end <= sentence_end):
            continue
        token = _root(parse, place.start, place.end)
        if token is None:
            continue
        head = _attachment(token)
        if head is not None and head.i in allowed:
            found.append(place)
        elif token.dep_ in _OBJECT_DEPS and token.head.i == trigger.i and place.feature in _LOCAL_FEATURES:
            found.append(place)  # "shelled Kharkiv", "visited Hanoi": a town as the object is the scene
    if not found:
        return None
    return min(found, key=lambda p: (_PRECISION_RANK.get(p.feature or "", 5), abs(p.start - trigger_start)))


def dateline_place(text: str, places: list[Place]) -> Place | None:
    """The resolved place named in the article's dateline (the most specific one)."""
    spans = find_dateline(text)
    if not spans:
        return None
    end = max(t.end for t in spans)
    inside = [p for p in places if p.end <= end and p.lat is not None]
    return min(inside, key=lambda p: (_PRECISION_RANK.get(p.feature or "", 5), p.start)) if inside else None


def locate_event(event: Event, *, text: str, parse: Any, places: list[Place]) -> Place | None:
    """The location of an event: the place governing one of its mentions (``basis`` "text"), else
    the dateline (``basis`` "dateline": where the report was filed, a guess). The dateline's own
    words never govern a trigger, however the parser attaches them ("KYIV, Ukraine — Russia
    launched ...": "KYIV" can come out as a modifier of "launched")."""
    if parse is not None:
        dateline_end = max((t.end for t in find_dateline(text)), default=0)
        in_text = [p for p in places if p.start >= dateline_end]
        for mention in event.mentions:
            place = governing_place(parse, in_text, mention.trigger.start, mention.trigger.end,
                                    mention.sentence.start, mention.sentence.end)
            if place is not None:
                return replace(place, basis="text")
    place = dateline_place(text, places)
    return replace(place, basis="dateline") if place is not None else None
