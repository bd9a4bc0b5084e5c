"""Trigger finding: which tokens of a sentence name an event, and with which lexicon entry.

Handles verbs (with particles and objects: "call off", "lift sanctions"), event nouns (with
modifiers and "of" objects: "hunger strike", "exchange of letters"), and light-verb
constructions ("held talks", "extended an invitation"), where the noun names the event and
the verb carries its arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dyad.extract.events.lexicon import LexEntry, Lexicon
from dyad.extract.events.syntax import (
    Token,
    children,
    conjuncts,
    is_noun,
    is_to_infinitive,
    is_verb,
    lemma,
    object_keys,
    objects_of,
    subject_of,
    word_lists,
)

PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "dative"})
TARGET_PREPS = frozenset({"at", "on", "against", "into"})


@dataclass
class Trigger:
    """A token that names an event, the entry it matched and the verb that carries its
    arguments (itself for verbs, the light or carrier verb for nouns, None for bare nouns)."""

    token: Token
    entry: LexEntry
    anchor: Token | None
    start: int
    end: int
    consumed_by: Trigger | None = None
    governs: list[Trigger] = field(default_factory=list)

    @property
    def is_noun(self) -> bool:
        return self.entry.pos == "noun"


def _particles(tok: Token) -> set[str]:
    out = set()
    for child in tok.children:
        if child.dep_ in PARTICLE_DEPS:
            out.add(child.lower_)
            if child.dep_ == "prep":
                out.update(g.lower_ for g in child.children if g.dep_ == "prep")
    if is_verb(tok):  # "fired missiles at the base": the target PP may hang on the object
        out.update(p.lower_ for o in objects_of(tok) for p in o.children
                   if p.dep_ == "prep" and p.lower_ in TARGET_PREPS)
    return out


def _object_lemmas(tok: Token, *, noun: bool) -> set[str]:
    out: set[str] = set()
    if noun:
        heads = [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                 for o in c.children if o.dep_ == "pobj"]
        heads += children(tok, {"compound"})
    else:
        heads = objects_of(tok) + children(tok, {"nsubjpass"})
        heads += [o for c in tok.children if c.dep_ in ("prep", "prt") for o in c.children if o.dep_ == "pobj"]
        heads += [c for c in tok.children if c.dep_ == "prt"]
    if not noun:  # "paused $700 million in aid", "cut 5,000 of its troops": the measured thing
        heads += [o for h in objects_of(tok) for p in h.children if p.dep_ == "prep" and p.lower_ in ("of", "in")
                  for o in p.children if o.dep_ == "pobj"]
    for head in heads:
        for c in conjuncts(head):
            out |= object_keys(c)
    return out


def _subject_lemmas(tok: Token) -> set[str]:
    """Head lemmas of the subject ("thousands of protesters" -> thousand, protester)."""
    out: set[str] = set()
    for subj in subject_of(tok)[0]:
        for c in conjuncts(subj):
            out.update((lemma(c), c.lower_))
            out.update(lemma(o) for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                       for o in p.children if o.dep_ == "pobj")
    return out


def _modifier_lemmas(tok: Token) -> set[str]:
    return {lemma(c) for c in tok.children if c.dep_ in ("amod", "compound", "nmod")} | {
        c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "nmod")}


def match_entry(tok: Token, entries: list[LexEntry], *, noun: bool) -> LexEntry | None:
    """The most specific entry whose particle, object and modifier constraints hold at ``tok``."""
    particles: set[str] | None = None
    objects: set[str] | None = None
    modifiers: set[str] | None = None
    for entry in entries:
        if entry.particle:
            particles = _particles(tok) if particles is None else particles
            if not set(entry.particle.split()) <= particles:
                continue
            if not noun and entry.particle == "for" and objects_of(tok):
                continue  # "calling it painful for him": "call for" demands with no object
        if entry.obj:
            objects = _object_lemmas(tok, noun=noun) if objects is None else objects
            if entry.obj not in objects and entry.obj + "s" not in objects:
                continue
        if entry.modifier:
            modifiers = _modifier_lemmas(tok) if modifiers is None else modifiers
            if entry.modifier not in modifiers:
                continue
        if entry.subject and entry.subject not in _subject_lemmas(tok):
            continue
        return entry
    return None


def _trigger_span(tok: Token, entry: LexEntry, anchor: Token | None) -> tuple[int, int]:
    start, end = tok.idx, tok.idx + len(tok.text)
    if entry.particle and entry.pos == "verb":
        for child in tok.children:
            if child.dep_ in ("prt", "advmod") and child.lower_ in entry.particle.split() and child.i - tok.i <= 3:
                end = max(end, child.idx + len(child.text))
    if anchor is not None and anchor is not tok and 0 < tok.i - anchor.i <= 4:
        start = anchor.idx
    return start, end


def find_triggers(sent: object, lexicon: Lexicon) -> list[Trigger]:
    """All triggers in one spaCy sentence span, in token order."""
    words = word_lists()
    found: list[Trigger] = []
    for tok in sent:  # type: ignore[attr-defined]
        if tok.is_punct or tok.is_space:
            continue
        if is_verb(tok) and tok.dep_ not in ("aux", "auxpass", "amod"):
            entries = lexicon.lookup("verb", lemma(tok))
            entry = evaluation_entry(tok) if lemma(tok) in words.describe_verbs else None
            if entry is None:  # "called the expulsions a hostile action" is criticism, not a call
                entry = match_entry(tok, entries, noun=False) if entries else None
            if entry is None and lemma(tok) in REPORTING_EVALUATION:
                entry = predication_entry(tok)
            if entry is not None:
                found.append(Trigger(tok, entry, tok, *_trigger_span(tok, entry, tok)))
            continue
        if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "oprd") and is_verb(tok.head):
            entries = lexicon.lookup("adj", lemma(tok)) or lexicon.lookup("adj", tok.lower_)
            if entries:  # "said it was gravely concerned": the copula carries the arguments
                found.append(Trigger(tok, entries[0], tok.head, tok.idx, tok.idx + len(tok.text)))
            continue
        if not is_noun(tok) or tok.dep_ in ("compound",):
            continue
        entries = lexicon.lookup("noun", tok.lower_) or lexicon.lookup("noun", lemma(tok))
        entry = match_entry(tok, entries, noun=True) if entries else None
        if entry is None:
            continue
        anchor = None
        if tok.dep_ in ("dobj", "obj", "nsubjpass") and is_verb(tok.head) and lemma(tok.head) in words.light_verbs:
            anchor = tok.head
        found.append(Trigger(tok, entry, anchor, *_trigger_span(tok, entry, anchor)))
    _link_governed(found)
    return found


def evaluation_entry(verb: Token) -> LexEntry | None:
    """"X referred to Y's actions as alarming" is criticism (ACCUSE:disapprove); "called the
    talks productive" is praise (SUPPORT): a describing verb with an evaluative complement."""
    for tok in verb.subtree:
        if tok.i == verb.i or tok.pos_ not in ("ADJ", "NOUN"):
            continue
        if any((a.dep_ in ("ccomp", "relcl") or (a.dep_ == "advcl" and not any(
                m.dep_ == "mark" and m.lower_ == "as" for m in a.children))) for a in _path_to(tok, verb)):
            continue
        framed = (any(a.lower_ == "as" for a in _path_to(tok, verb)) or tok.dep_ in ("oprd", "acomp", "xcomp")
                  or any(m.dep_ == "mark" and m.lower_ == "as" for m in tok.children))
        if not framed:
            continue
        polarity = _polarity(tok)
        if polarity:
            return _evaluation(verb, polarity)
    return None


REPORTING_EVALUATION = frozenset({"say", "state", "declare", "add", "insist", "charge", "claim", "conclude",
                                  "find", "determine", "assess", "allege"})


def _polarity(tok: Token) -> int:
    """+1 praise, -1 criticism, 0 neither: the word itself or its adjectives ("a destructive step")."""
    words = word_lists()
    for word in [tok, *[c for c in tok.children if c.dep_ == "amod"]]:
        if lemma(word) in words.negative or word.lower_ in words.negative:
            return -1
        if lemma(word) in words.positive or word.lower_ in words.positive:
            return 1
    return 0


def _evaluation(verb: Token, polarity: int, *flags: str) -> LexEntry:
    if polarity < 0:
        return LexEntry(lemma(verb), "verb", "ACCUSE", "disapprove", (), "111", flags=frozenset(flags))
    return LexEntry(lemma(verb), "verb", "SUPPORT", None, ("diplomatic",), "051", flags=frozenset(flags))


def predication_entry(verb: Token) -> LexEntry | None:
    """"Grushko said the deployment was a destructive step": a reported copula clause with a
    negative evaluative predicate is criticism of its subject by the speaker. "Britain concluded
    that Russia was responsible", "said Assad bore sole responsibility": a reported finding of
    blame is an accusation (ACCUSE:allege) of the clause's subject."""
    words = word_lists()
    for clause in verb.children:
        if clause.dep_ != "ccomp":
            continue
        if lemma(clause) in BLAME_CARRIERS and any(c.dep_ in ("dobj", "obj") and lemma(c) in words.blame_nouns
                                                   for c in clause.children):
            return _allegation(verb)
        if lemma(clause) != "be":
            continue
        for pred in clause.children:
            if pred.dep_ in ("attr", "acomp"):
                if lemma(pred) in words.blame_words or pred.lower_ in words.blame_words:
                    return _allegation(verb)
                if _polarity(pred) < 0:  # praise this way is too often about events, not parties
                    return _evaluation(verb, -1, "predicative")
    return None


BLAME_CARRIERS = frozenset({"bear", "have", "carry", "share"})


def _allegation(verb: Token) -> LexEntry:
    return LexEntry(lemma(verb), "verb", "ACCUSE", "allege", (), "112", flags=frozenset({"predicative"}))


def _path_to(tok: Token, top: Token) -> list[Token]:
    path = []
    cur = tok
    while cur.i != top.i and cur.head.i != cur.i:
        path.append(cur)
        cur = cur.head
    return path


def _link_governed(found: list[Trigger]) -> None:
    """Mark triggers that are part of another trigger's frame ("agreed to meet", "an
    invitation to visit", "demanded the release"): the governing trigger codes the event."""
    by_token = {t.token.i: t for t in found}
    for trig in found:
        tok = trig.token
        head = tok.head
        gov = by_token.get(head.i) if head.i != tok.i else None
        if gov is None and tok.dep_ in ("pobj", "pcomp") and head.dep_ == "prep":
            gov = by_token.get(head.head.i)
            if gov is not None and not (gov.entry.particle and head.lower_ in gov.entry.particle.split()):
                gov = None if not gov.entry.has("frame") else gov
        if (gov is None and trig.is_noun and tok.dep_ in ("dobj", "obj") and head.dep_ == "xcomp"
                and head.i not in by_token):
            # "agreed to undertake joint exercises": the event agreed to is the object of a verb
            # that only carries it
            frame = by_token.get(head.head.i)
            gov = frame if frame is not None and frame.entry.has("frame") else None
        if gov is None or gov is trig:
            continue
        if (trig.is_noun and tok.dep_ in ("dobj", "obj") and gov.entry.pos == "verb" and not gov.entry.obj
                and lemma(gov.token) in word_lists().light_verbs):
            # "ordered an investigation", "gave support": the noun names the event
            gov.consumed_by = trig
            trig.anchor = gov.token
            continue
        if tok.dep_ == "advcl" and is_to_infinitive(tok):
            trig.consumed_by = gov  # purpose clause: "sent troops to help"
            gov.governs.append(trig)
            continue
        if tok.dep_ in ("xcomp", "ccomp", "acl") or (tok.dep_ in ("pobj", "pcomp") and gov.entry.has("frame")):
            trig.consumed_by = gov
        elif tok.dep_ in ("dobj", "obj") and (gov.entry.has("frame") or gov.entry.obj in object_keys(tok)):
            trig.consumed_by = gov
        if trig.consumed_by is not None:
            gov.governs.append(trig)
    for trig in found:  # "urged Lam to withdraw the bill and step down": conjuncts share the frame
        tok = trig.token
        if trig.consumed_by is not None or tok.dep_ != "conj" or not is_verb(tok):
            continue
        first = tok.head
        head = by_token.get(first.i)
        if head is not None:
            gov = head.consumed_by if head.consumed_by is not None and head in head.consumed_by.governs else None
        else:  # the first conjunct names no event: its frame still governs the second
            gov = by_token.get(first.head.i) if first.dep_ in ("xcomp", "ccomp") else None
            gov = gov if gov is not None and gov.entry.has("frame") else None
        if gov is not None and gov is not trig:
            trig.consumed_by = gov
            gov.governs.append(trig)
