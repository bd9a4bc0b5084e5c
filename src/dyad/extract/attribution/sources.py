"""The source of an attribution: its noun-phrase span and its actor codes.

The span is the whole source noun phrase ("An official with knowledge of the meeting plans"),
without a trailing relative clause or parenthetical. Codes come from the actors stage
(``Document.actors_in``) when an actor mention sits on the phrase's head or its pre-head
modifiers ("North Korean officials"), else from a small table (news outlets -> MED,
"official(s)" -> GOV). Personal pronouns take the codes of the nearest person named before.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dyad.extract.attribution.lexicon import cue_lexicon, source_table
from dyad.model import Document, Entity

CUT_DEPS = frozenset({"relcl", "acl", "parataxis", "advcl"})
PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
LOOKBACK_CHARS = 600


def source_tokens(head: Any) -> list[Any]:
    """The contiguous tokens of the source noun phrase headed by ``head``."""
    cut: set[int] = set()
    for child in head.children:
        after_comma = child.left_edge.i > 0 and head.doc[child.left_edge.i - 1].is_punct
        if (child.dep_ in CUT_DEPS and (after_comma or child.dep_ in ("parataxis", "advcl"))) or (
                child.dep_ == "punct" and child.i > head.i):
            # a non-restrictive clause (", who ...") is not part of the name of the source
            cut.update(t.i for t in child.subtree)
    kept = [t for t in head.subtree if t.i not in cut]
    doc = head.doc
    left = kept[0].i
    right = head.i
    for t in kept:  # extend right only through a contiguous run after the head
        if t.i == right + 1:
            right = t.i
    while right > head.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    while left < head.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return [doc[i] for i in range(left, right + 1)]


def resolve_source(doc: Document, start: int, end: int, *, head: Any | None) -> Entity:
    """An Entity for the source span, with code/sector from the actors stage or the fallback table."""
    text = doc.text[start:end]
    entity = Entity(text=text, start=start, end=end, kind=_kind(text, head))
    actor = _actor_on_head(doc, start, end, head)
    if actor is not None:
        return replace(entity, code=actor.code, sector=actor.sector, name=actor.name, role=actor.role,
                       kb_id=actor.kb_id, kind=actor.kind or entity.kind)
    if head is not None and head.lower_ in PRONOUNS and head.tag_ == "PRP":
        antecedent = _antecedent(doc, start, head)
        if antecedent is not None:
            return replace(entity, code=antecedent.code, sector=antecedent.sector, name=antecedent.name,
                           role=antecedent.role, kb_id=antecedent.kb_id, kind=antecedent.kind or "person",
                           antecedent=(antecedent.start, antecedent.end))
    return _fallback(entity, head, doc, start)


def _kind(text: str, head: Any | None) -> str | None:
    if head is None:
        return None
    lex = cue_lexicon()
    has_name = any(t.pos_ == "PROPN" for t in head.subtree if t.idx < head.idx + len(head.text) + 1)
    if head.lower_ in lex.anonymous_heads and not has_name:
        return "anonymous"
    if head.ent_type_ == "PERSON":
        return "person"
    if head.ent_type_ in ("ORG", "NORP"):
        return "organization"
    if head.ent_type_ == "GPE":
        return "country"
    return None


def _actor_on_head(doc: Document, start: int, end: int, head: Any | None) -> Entity | None:
    """An actor mention on the head word or on the words before it (not inside a trailing PP)."""
    actors = doc.actors_in(start, end)
    if not actors:
        return None
    if head is None:
        return actors[0]
    head_end = head.idx + len(head.text)
    on_head = [a for a in actors if a.start <= head.idx < a.end]
    if on_head:
        return on_head[0]
    before = [a for a in actors if a.end <= head_end]
    return before[-1] if before else None


def _antecedent(doc: Document, start: int, head: Any) -> Entity | None:
    people = [a for a in doc.actors if a.end <= start and start - a.end < LOOKBACK_CHARS
              and (a.kind == "person" or a.name)]
    if people:
        return people[-1]
    if doc.parse is None:
        return None
    persons = [e for e in doc.parse.ents if e.label_ == "PERSON" and e.end_char <= start
               and start - e.end_char < LOOKBACK_CHARS]
    if not persons:
        return None
    last = persons[-1]
    return Entity(text=last.text, start=last.start_char, end=last.end_char, kind="person")


def _fallback(entity: Entity, head: Any | None, doc: Document, start: int) -> Entity:
    table = source_table()
    text = " ".join(entity.text.lower().split())
    for key in (text, text.removeprefix("the "), head.text.lower() if head is not None else ""):
        if key and key in table.outlets:
            row = table.outlets[key]
            return replace(entity, sector=row.get("sector"), code=row.get("code"),
                           kind=entity.kind or "organization")
    if head is not None:
        for key in (head.lower_, head.lemma_.lower()):
            if key in table.heads:
                row = table.heads[key]
                return replace(entity, sector=row.get("sector"), code=row.get("code"))
    return entity
