"""Toponym detection: spaCy's GPE/LOC/FAC entities, gazetteer matches spaCy missed, the dateline.

Demonyms ("Russian", "Syrians") are not places: spaCy tags them NORP and they are left out.
A capital used for its government ("Washington said ...") is still a toponym here; whether it is
the *location of an event* is decided in :mod:`dyad.extract.places.locate`.
"""

from __future__ import annotations

import re
from typing import Any

from dyad.extract.places.dateline import find_dateline
from dyad.extract.places.gazetteer import Gazetteer, normalize_name
from dyad.extract.places.resolve import Toponym

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# spaCy sometimes tags a country or state as ORG/PERSON; only whole-name matches of these
# broad features are taken back as places.
RELABEL_FEATURES = frozenset({"country", "admin1", "continent"})
MIN_CITY_POPULATION_FOR_GAZETTEER_MATCH = 100_000
MAX_NGRAM = 4
MAJOR_CITY_POPULATION = 1_000_000
CONTEXT_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "from", "across", "throughout"})
INSTITUTION_WORDS = frozenset({
    "police", "department", "city", "county", "parish", "school", "schools", "high", "university",
    "college", "council", "fire", "sheriff", "sheriff's", "public", "state", "general", "district",
    "municipal", "regional", "board", "court", "hospital", "airport", "chamber", "government",
    "ministry", "army", "navy", "coast", "national", "house", "senate", "assembly", "legislature",
})
_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:'s|’s|')$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article and a trailing possessive from an entity span."""
    span = text[start:end]
    lead = _LEADING.match(span)
    if lead:
        start += lead.end()
    trail = _TRAILING.search(text[start:end])
    if trail:
        end = start + trail.start()
    return start, end


def _split_commas(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """"Paris, Texas" as one entity -> two toponyms."""
    parts = []
    for piece in re.finditer(r"[^,]+", text[start:end]):
        s, e = start + piece.start(), start + piece.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            parts.append((s, e))
    return parts


def _broad_match(gaz: Gazetteer, surface: str) -> bool:
    """Whether ``surface`` is the name of a country, state, continent or large city."""
    for i in gaz.lookup(surface):
        if gaz.feature[i] in RELABEL_FEATURES:
            return True
        if gaz.feature[i] == "city" and gaz.population[i] >= MIN_CITY_POPULATION_FOR_GAZETTEER_MATCH:
            return True
    return False


def detect_toponyms(parse: Any, gaz: Gazetteer, *, demonyms: bool = False) -> list[Toponym]:
    """Toponyms in a parsed text (a spaCy ``Doc``), in text order, without overlaps.

    ``demonyms=True`` also returns demonyms of known places ("Syrian"), as the geoparsing gold
    sets annotate them; dyad's own stages leave them out.
    """
    text: str = parse.text
    found: list[Toponym] = list(find_dateline(text))
    blocked: list[tuple[int, int]] = []  # persons, organisations and other non-place entities

    def free(s: int, e: int, *, ignore: tuple[int, int] | None = None) -> bool:
        spans = [(t.start, t.end) for t in found] + [b for b in blocked if b != ignore]
        return all(e <= a or s >= b for a, b in spans)

    # words of full personal names ("Mike Pompeo", "Ri Yong Ho"): alone they name the person
    person_words = {normalize_name(t.text) for ent in parse.ents if ent.label_ == "PERSON" and len(ent) > 1
                    for t in ent}

    def add(s: int, e: int, source: str, *, ignore: tuple[int, int] | None = None) -> None:
        s, e = _trim(text, s, e)
        if e <= s or not free(s, e, ignore=ignore):
            return
        if normalize_name(text[s:e]) in person_words and not _whole_broad_name(gaz, text[s:e]):
            return
        found.append(Toponym(text=text[s:e], start=s, end=e, source=source))

    for ent in parse.ents:
        label, span = ent.label_, (ent.start_char, ent.end_char)
        if label in PLACE_LABELS:
            for s, e in _split_commas(text, *span):
                add(s, e, "entity")
        elif label in {"ORG", "PERSON"} and (_whole_broad_name(gaz, ent.text) or _placed_by_context(ent, gaz)):
            add(*span, "entity")
        elif label == "NORP" and demonyms and gaz.demonym(ent.text) is not None:
            add(*span, "entity")
        elif label == "ORG" and (lead := _leading_toponym(ent, gaz)) is not None:
            add(*lead, "entity")  # "the Athens Police Department" names Athens
            blocked.append((lead[1], ent.end_char))
        else:
            blocked.append(span)

    # one sense per discourse: a name found as a place once is a place wherever spaCy took it
    # for a person or organisation ("Alexandria woman charged ... of 1935 Orchard St., Alexandria")
    known = {normalize_name(t.text) for t in found if gaz.lookup(t.text)}
    for ent in parse.ents:
        if ent.label_ in {"ORG", "PERSON"} and normalize_name(ent.text) in known:
            add(ent.start_char, ent.end_char, "entity", ignore=(ent.start_char, ent.end_char))

    # gazetteer matches among proper nouns outside any entity (longest first)
    tokens = list(parse)
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            k += 1
            continue
        step = 1
        for n in range(min(MAX_NGRAM, len(tokens) - k), 0, -1):
            window = tokens[k:k + n]
            if any(t.pos_ not in {"PROPN", "PUNCT"} for t in window) or window[-1].pos_ == "PUNCT":
                continue
            s, e = window[0].idx, window[-1].idx + len(window[-1].text)
            if free(s, e) and (_broad_match(gaz, text[s:e]) or normalize_name(text[s:e]) in known):
                found.append(Toponym(text=text[s:e], start=s, end=e, source="gazetteer"))
                step = n
                break
        k += step
    return sorted(found, key=lambda t: t.start)


def _placed_by_context(ent: Any, gaz: Gazetteer) -> bool:
    """A name spaCy took for a person or organisation that is a place: one word naming a capital
    or a city of millions, the object of a locative preposition ("in Alexandria"), or a name
    followed by a state or country ("Alexandria, La."). It must be a gazetteer name of its own."""
    key = normalize_name(ent.text)
    named = [i for i in gaz.lookup(ent.text) if gaz.is_primary_name(i, key)]
    if not named:
        return False
    if len(ent) == 1 and any(gaz.feature[i] == "city" and (gaz.population[i] >= MAJOR_CITY_POPULATION
                                                            or i in gaz.capital) for i in named):
        return True  # "shelled Kharkiv": one word naming a capital or a city of millions
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in CONTEXT_PREPOSITIONS:
        return True
    doc = ent.doc
    if ent.end + 1 < len(doc) and doc[ent.end].text == ",":
        following = doc[ent.end + 1:min(ent.end + 4, len(doc))]
        for n in range(len(following), 0, -1):
            nxt = following[:n]
            if any(gaz.feature[i] in {"admin1", "country"} for i in gaz.lookup(nxt.text)):
                return True
    return False


def _leading_toponym(ent: Any, gaz: Gazetteer) -> tuple[int, int] | None:
    """The place name that opens an institution's name ("Texas Department of Transportation")."""
    tokens = [t for t in ent if t.lower_ != "the"]
    for n in range(min(3, len(tokens) - 1), 0, -1):
        head, rest = tokens[:n], tokens[n]
        if rest.lower_ not in INSTITUTION_WORDS or any(not t.text[:1].isupper() for t in head):
            continue
        start, end = head[0].idx, head[-1].idx + len(head[-1].text)
        key = normalize_name(ent.doc.text[start:end])
        if any(gaz.is_primary_name(i, key) or gaz.is_curated_alias(i, key) for i in gaz.entries_for_key(key)):
            return start, end
    return None


def _whole_broad_name(gaz: Gazetteer, surface: str) -> bool:
    return any(gaz.feature[i] in RELABEL_FEATURES for i in gaz.lookup(surface))
