"""The CAMEO path: code (source, target, CAMEO code) triples with a PETRARCH/TABARI verb
dictionary and actor dictionary that a user brings, on dyad's dependency parse.

This is how dyad reproduces dictionary-based CAMEO coding (and is scored on PETRARCH's unit
test records by :mod:`dyad.eval.petrarch`): actor phrases are tagged from the actor dictionary
(with agents such as "government" or "soldiers" joined to the nearest country code), each verb
found in the verb dictionary is coded with its best matching pattern (pattern words in order
before and after the verb; PETRARCH's ``[---]`` patterns block), and the source and target come
from the same argument rules as the PLOVER coder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dyad.extract.events.arguments import entities_for
from dyad.extract.events.petrarch_dict import (
    ActorDictionary,
    Alternative,
    VerbDictionary,
    VerbEntry,
    VerbPattern,
)
from dyad.extract.events.syntax import (
    RECIPIENT_PREPS_CAMEO,
    agent_of,
    is_verb,
    lemma,
    objects_of,
    phrase_bounds,
    prep_objects,
    subject_of,
)
from dyad.model import Document, Entity

MAX_PHRASE = 6


@dataclass(frozen=True)
class CameoCoding:
    """One dictionary-coded event: who (code) did what (CAMEO code) to whom (code)."""

    source: str
    target: str | None
    code: str
    verb: str
    start: int
    end: int


def _forms(tok: Any) -> set[str]:
    text = tok.lower_
    forms = {text, lemma(tok)}
    if text.endswith("'s"):
        forms.add(text[:-2])
    return forms


def tag_actors(doc: Document, actors: ActorDictionary, *, day: dt.date | None = None) -> list[Entity]:
    """Actor mentions from a PETRARCH actor dictionary (longest match first), with agent codes
    joined ("Gondor's government" -> GONGOV, "Arnor cleric" -> ARNREL, "soldiers from Gondor")."""
    tokens = [t for t in doc.parse if not t.is_space]
    found: list[tuple[int, int, str]] = []  # token start, token end (exclusive), code
    i = 0
    while i < len(tokens):
        for size in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
            phrase = tuple(tokens[i + k].lower_.removesuffix("'s") for k in range(size))
            code = actors.code_for(phrase, day)
            if code:
                found.append((i, i + size, code))
                i += size
                break
        else:
            i += 1
    agents = _tag_agents(tokens, actors)
    out: list[Entity] = []
    used_agents: set[int] = set()
    for start, end, code in found:
        head = tokens[end - 1]
        lo, hi = phrase_bounds(head.head if head.dep_ in ("poss", "compound") and not head.head.is_punct else head)
        for a_start, a_end, a_code in agents:
            a_tok = tokens[a_start]
            near = lo <= a_tok.idx < hi or (a_tok.i == head.head.i) or _agent_of_pp(tokens[a_end - 1], head)
            if near and (a_start not in used_agents or _agent_of_pp(tokens[a_end - 1], head)):
                code = _join(code, a_code)
                used_agents.add(a_start)
                break
        s, e = tokens[start].idx, tokens[end - 1].idx + len(tokens[end - 1].text)
        out.append(Entity(doc.text[s:e], s, e, code=code))
    return sorted(out, key=lambda x: x.start)


def _agent_of_pp(agent_tok: Any, actor_tok: Any) -> bool:
    """"soldiers from Gondor", "lawmakers in Fornost and Gondor": the actor is the agent's PP
    object (or coordinated with it)."""
    tok = actor_tok
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return bool(tok.dep_ == "pobj" and tok.head.lower_ in ("from", "of", "in")
                and tok.head.head.i == agent_tok.i)


def _tag_agents(tokens: list[Any], actors: ActorDictionary) -> list[tuple[int, int, str]]:
    out = []
    for i in range(len(tokens)):
        for size in range(min(4, len(tokens) - i), 0, -1):
            words = [tokens[i + k] for k in range(size)]
            phrase = tuple(lemma(w) for w in words)
            code = actors.agents.get(phrase) or actors.agents.get(tuple(w.lower_ for w in words))
            if code:
                out.append((i, i + size, code))
                break
    return out


def _join(country: str, agent: str) -> str:
    if agent.strip("~") and agent.strip("~") in country:
        return country  # "White House security officials": USAGOV already says GOV
    if agent.startswith("~"):
        return country + agent[1:]
    if agent.endswith("~"):
        return agent[:-1] + country
    return country + agent


def _alternative_at(words: list[set[str]], start: int, alt: Alternative) -> bool:
    if start + len(alt) > len(words):
        return False
    return all(_word_match(words[start + k], w) for k, w in enumerate(alt))


def _word_match(forms: set[str], word: str) -> bool:
    if word in forms:
        return True
    return len(word) >= 4 and any(f.startswith(word) for f in forms)


def _in_order(words: list[set[str]], slots: tuple[frozenset[Alternative], ...]) -> bool:
    pos = 0
    for slot in slots:
        while pos < len(words) and not any(_alternative_at(words, pos, alt) for alt in slot):
            pos += 1
        if pos >= len(words):
            return False
        pos += 1
    return True


def best_pattern(verb_tok: Any, entry: VerbEntry) -> VerbPattern | None:
    """The matching pattern with the most words (ties: the first listed)."""
    sent = verb_tok.sent
    before = [_forms(t) for t in sent if t.i < verb_tok.i and not t.is_punct]
    after = [_forms(t) for t in sent if t.i > verb_tok.i and not t.is_punct]
    best: VerbPattern | None = None
    for pattern in entry.patterns:
        if _in_order(before, pattern.before) and _in_order(after, pattern.after):
            if best is None or len(pattern.words) > len(best.words):
                best = pattern
    return best


def code_cameo(doc: Document, verbs: VerbDictionary) -> list[CameoCoding]:
    """CAMEO codings for every verb of the document found in ``verbs``."""
    out: list[CameoCoding] = []
    for tok in doc.parse:
        if not is_verb(tok) or tok.dep_ in ("aux", "auxpass"):
            continue
        entries = verbs.lookup(lemma(tok), tok.lower_)
        particles = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "advmod")}
        entries = sorted((e for e in entries if not e.particle or set(e.particle.split()) <= particles),
                         key=lambda e: -len(e.particle or ""))
        if not entries:
            continue
        entry = entries[0]
        pattern = best_pattern(tok, entry)
        code = pattern.code if pattern is not None else entry.code
        if not code:
            continue
        sources, targets = _arguments(doc, tok)
        if not targets and len({s.code for s in sources}) > 1:
            # compound actors with no other party ("Gondor and Osgiliath delayed their meeting"):
            # each is coded against the other, as PETRARCH does
            pairs: list[tuple[Entity, Entity | None]] = [(a, b) for a in sources for b in sources if a.code != b.code]
        else:
            others: list[Entity | None] = list(targets) if targets else [None]
            pairs = [(a, b) for a in sources for b in others]
        for source, target in pairs:
            if target is None or target.code != source.code:
                out.append(CameoCoding(source.code or "", target.code if target else None, code,
                                       tok.text, tok.idx, tok.idx + len(tok.text)))
    return out


def _arguments(doc: Document, verb: Any) -> tuple[list[Entity], list[Entity]]:
    subjects, passive = subject_of(verb)
    if passive:
        sources = entities_for(doc, agent_of(verb), lenient=False)
        targets = entities_for(doc, subjects, lenient=False)
    else:
        sources = entities_for(doc, subjects, lenient=False)
        targets = []
    targets += entities_for(doc, objects_of(verb), lenient=False)
    targets += entities_for(doc, [o for _, o in prep_objects(verb, RECIPIENT_PREPS_CAMEO)], lenient=False)
    if not targets:  # "restore ties with Gondor": the target sits in the object's PP
        for obj in objects_of(verb):
            targets += entities_for(doc, [o for _, o in prep_objects(obj, RECIPIENT_PREPS_CAMEO)], lenient=False)
    coded = [e for e in sources if e.code]
    targets = [t for t in targets if t.code]
    if not targets:  # the first other actor in the verb's clause ("believes Dagolath can cope")
        source_spans = {(e.start, e.end) for e in coded}
        lo = verb.idx
        hi = max(t.idx + len(t.text) for t in verb.subtree)
        later = [e for e in doc.actors_in(lo, hi) if e.code and (e.start, e.end) not in source_spans]
        if later:
            first = later[0]
            heads = [t for t in doc.parse if first.start <= t.idx and t.idx + len(t.text) == first.end]
            targets = entities_for(doc, heads[-1:], lenient=False) if heads else [first]
            targets = [t for t in targets if t.code] or [first]
    return coded, targets
