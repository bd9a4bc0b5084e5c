"""Country adjectives as event participants: "the American missile strike", "a Syrian air base".

The actors stage deliberately does not make an actor of a demonym used as an adjective ("North
Korean nuclear facilities" names no one acting). Inside an event's arguments, though, the
adjective is often the only statement of who acted or who was hit: in "the American missile
strike on a Syrian air base" the strike is by the United States and against Syria (PLOVER codes
the country the adjective names). This module turns such an adjective into an :class:`Entity`
coded from the actor KB, and is used only where the argument phrase holds no actor of its own.
"""

from __future__ import annotations

from functools import lru_cache

from dyad.extract.events.syntax import Token
from dyad.model import Document, Entity

DEMONYM_DEPS = frozenset({"amod", "compound", "nmod"})
# heads a country adjective describes without naming the state ("the Russian language")
NOT_A_PARTY = frozenset({"language", "speaker", "culture", "cuisine", "literature", "music", "word", "name",
                         "style", "dialect", "origin", "descent", "heritage", "ancestry", "food", "dish"})


@lru_cache(maxsize=4096)
def _country_of(word: str) -> tuple[str, str, str] | None:
    """(code, name, kb_id) of the country a demonym adjective names, else None."""
    from dyad.resolve.actor_kb import default_kb

    for entry in default_kb().lookup(word):
        if entry.kind == "country" and entry.code:
            return entry.code, entry.name, entry.kb_id
    return None


def is_demonym(tok: Token) -> bool:
    """A country adjective ("American", "Syrian") modifying a noun, not a noun itself."""
    return bool(tok.dep_ in DEMONYM_DEPS and (tok.pos_ == "ADJ" or tok.ent_type_ == "NORP")
                and tok.text[:1].isupper() and tok.i < tok.head.i)


def demonym_entities(doc: Document, head: Token) -> list[Entity]:
    """Entities for the country adjectives that modify ``head`` ("the American missile strike"
    -> United States), skipping any the actors stage already covers."""
    out: list[Entity] = []
    if head.lemma_.lower() in NOT_A_PARTY:
        return out
    for child in head.children:
        if not is_demonym(child) or doc.actors_in(child.idx, child.idx + len(child.text)):
            continue
        country = _country_of(child.text)
        if country is None:
            continue
        code, name, kb_id = country
        out.append(Entity(child.text, child.idx, child.idx + len(child.text), code=code, name=name,
                          kb_id=kb_id, kind="country"))
    return out
