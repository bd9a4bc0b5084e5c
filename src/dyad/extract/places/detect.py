"""Toponym detection: spaCy's GPE/LOC/FAC entities, gazetteer matches spaCy missed, the dateline.

Demonyms ("Russian", "Syrians") are not places: spaCy tags them NORP and they are left out.
A capital used for its government ("Washington said ...") is still a toponym here; whether it is
the *location of an event* is decided in :mod:`dyad.extract.places.locate`.
"""

from __future__ import annotations

import re
from typing import Any

from dyad.extract.places.dateline import find_dateline
from dyad.extract.places.gazetteer import Gazetteer
from dyad.extract.places.resolve import Toponym

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# spaCy sometimes tags a country or state as ORG/PERSON; only whole-name matches of these
# broad features are taken back as places.
RELABEL_FEATURES = frozenset({"country", "admin1", "continent"})
MIN_CITY_POPULATION_FOR_GAZETTEER_MATCH = 100_000
MAX_NGRAM = 4
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


def detect_toponyms(parse: Any, gaz: Gazetteer) -> list[Toponym]:
    """Toponyms in a parsed text (a spaCy ``Doc``), in text order, without overlaps."""
    text: str = parse.text
    found: list[Toponym] = list(find_dateline(text))
    taken = [(t.start, t.end) for t in found]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for ent in parse.ents:
        label = ent.label_
        if label in PLACE_LABELS:
            pieces = _split_commas(text, ent.start_char, ent.end_char)
        elif label in {"ORG", "PERSON"} and _whole_broad_name(gaz, ent.text):
            pieces = [(ent.start_char, ent.end_char)]
        else:
            taken.append((ent.start_char, ent.end_char))  # a person or organisation: not a place
            continue
        for s, e in pieces:
            s, e = _trim(text, s, e)
            if e > s and free(s, e):
                found.append(Toponym(text=text[s:e], start=s, end=e, source="entity"))
                taken.append((s, e))

    # gazetteer matches among proper nouns outside any entity (longest first)
    tokens = list(parse)
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            k += 1
            continue
        matched = False
        for n in range(min(MAX_NGRAM, len(tokens) - k), 0, -1):
            span = tokens[k:k + n]
            if any(t.pos_ not in {"PROPN", "PUNCT"} for t in span) or span[-1].pos_ == "PUNCT":
                continue
            s, e = span[0].idx, span[-1].idx + len(span[-1].text)
            if free(s, e) and _broad_match(gaz, text[s:e]):
                found.append(Toponym(text=text[s:e], start=s, end=e, source="gazetteer"))
                taken.append((s, e))
                k += n
                matched = True
                break
        if not matched:
            k += 1
    return sorted(found, key=lambda t: t.start)


def _whole_broad_name(gaz: Gazetteer, surface: str) -> bool:
    return any(gaz.feature[i] in RELABEL_FEATURES for i in gaz.lookup(surface))
