"""Where an event happens stands in for who did it when the text names no one in particular.

Two argument clean-ups that read the article's places rather than the parse:

- **Datelines are not actors.** "KYIV, Ukraine — Russia fired ..." names where the story was
  filed; the words of the dateline never take part in the event, even when the parse hangs them
  on the subject.
- **Generic actors take the country of the place.** PLOVER codes "Hundreds of thousands of people
  marched through central Hong Kong" as a protest by Hong Kong civilians (sector CVL), and
  "police", "soldiers" and "protesters" with no nationality are the forces and people of the
  country where the event happens: the place named in the sentence, else the dateline's country.
  A protest that names no target is directed at that country's government (domestic protest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from dyad.extract.places.dateline import find_dateline
from dyad.model import Document, Entity, Place

# head nouns of generic (unnamed) collective actors, by PLOVER sector
GENERIC_SECTORS: dict[str, str] = {
    **dict.fromkeys(("people", "protester", "demonstrator", "crowd", "resident", "civilian", "student",
                     "worker", "marcher", "activist", "villager", "citizen", "voter", "supporter",
                     "organizer", "organiser", "opponent", "rioter", "mob", "youth", "passenger",
                     "pedestrian", "farmer", "teacher", "doctor", "nurse", "family", "man", "woman",
                     "child", "local", "participant", "striker", "thousand", "hundred", "dozen"), "CVL"),
    **dict.fromkeys(("police", "policeman", "policemen", "officer", "riot", "gendarme", "gendarmerie"), "COP"),
    **dict.fromkeys(("soldier", "troop", "army", "military", "force", "serviceman", "servicemen",
                     "guard", "junta", "paratrooper", "marine", "sailor", "airman"), "MIL"),
}
# sectors of the state: their protests are not domestic dissent against the government
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
_WORD = re.compile(r"[A-Za-z]+")
# modifiers that tie a generic noun to a side the place does not tell ("foreign troops")
_NOT_LOCAL = frozenset({"foreign", "international", "allied", "enemy", "coalition", "western",
                        "peacekeeping", "un", "nato", "rebel", "opposition", "government", "pro",
                        "anti"})


def dateline_end(doc: Document) -> int:
    """Offset just past the dateline's place words ("KYIV, Ukraine"), 0 when there is none."""
    toponyms = find_dateline(doc.text)
    return max((t.end for t in toponyms), default=0)


def drop_dateline(ents: list[Entity], end: int) -> list[Entity]:
    """The entities that are not inside the dateline."""
    return [e for e in ents if not (end and e.end <= end)]


def _place_in(doc: Document, start: int, end: int, *, skip_before: int) -> Place | None:
    for place in doc.places:
        if place.country and place.start >= max(start, skip_before) and place.end <= end:
            return place
    return None


def home_place(doc: Document) -> Place | None:
    """The dateline's place, when the places stage resolved its country."""
    end = dateline_end(doc)
    if not end:
        return None
    for place in doc.places:
        if place.country and place.start < end:
            return place
    return None


def generic_sector(ent: Entity) -> str | None:
    """The PLOVER sector of an uncoded generic actor ("protesters", "2,000 police officers"),
    None for names, pronouns and actors tied to a side ("foreign troops")."""
    if ent.code or ent.name:
        return None
    words = [w.lower() for w in _WORD.findall(ent.text)]
    if not words or set(words) & _NOT_LOCAL:
        return None
    if any(ch.isupper() for w in _WORD.findall(ent.text)[1:] for ch in w[:1]):
        return None  # a proper name inside ("Jimmy Sham's supporters") tells the side better
    head = words[-1]
    for form in (head, head[:-1] if head.endswith("s") else head, head[:-2] if head.endswith("es") else head):
        if form in GENERIC_SECTORS:
            return GENERIC_SECTORS[form]
    if head == "men" or head == "women" or head == "children":
        return "CVL"
    return None


@dataclass(frozen=True)
class Setting:
    """Where an article's events happen: the dateline's extent and place."""

    dateline: int
    home: Place | None

    @classmethod
    def of(cls, doc: Document) -> Setting:
        return cls(dateline_end(doc), home_place(doc))

    def place(self, doc: Document, sentence: tuple[int, int]) -> Place | None:
        """The first resolved place of the sentence (outside the dateline), else the dateline's."""
        return _place_in(doc, *sentence, skip_before=self.dateline) or self.home


def localize(doc: Document, ents: list[Entity], *, sentence: tuple[int, int], setting: Setting) -> list[Entity]:
    """Generic actors coded with the country of the sentence's place, else of the dateline."""
    out = []
    for ent in ents:
        sector = generic_sector(ent)
        place = setting.place(doc, sentence) if sector else None
        out.append(replace(ent, code=place.country, sector=sector) if place is not None else ent)
    return out


def protest_target(doc: Document, actors: list[Entity], *, sentence: tuple[int, int],
                   setting: Setting) -> list[Entity]:
    """The government of the country where its people protest, as the recipient (the actors are
    all of that country and none of them is the state itself)."""
    place = setting.place(doc, sentence)
    coded = [a for a in actors if a.code]
    if place is None or not coded or any(a.code != place.country or a.sector in STATE_SECTORS for a in coded):
        return []
    return [Entity(place.text, place.start, place.end, code=place.country, sector="GOV", kind="country")]


def local_authority(doc: Document, verb: Any, *, setting: Setting) -> list[Entity]:
    """The police of the country where an arrest happened, standing for its unnamed agent: the
    place in the verb's "in"/"at" phrase ("was detained at a Moscow airport"), else the
    dateline's ("a missionary from Calgary was arrested in Lebanon" -> Lebanon, not Calgary)."""
    place = None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
            sub = list(prep.subtree)
            place = _place_in(doc, sub[0].idx, sub[-1].idx + len(sub[-1].text), skip_before=setting.dateline)
            if place is not None:
                break
    place = place if place is not None else setting.home
    if place is None or not place.country:
        return []
    return [Entity(place.text, place.start, place.end, code=place.country, sector="COP", kind="country")]
