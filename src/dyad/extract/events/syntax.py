"""Dependency-parse helpers for the rules coder: noun-phrase spans, subjects through control,
coordination and relative clauses, prepositional arguments, and word lists kept as data.

Everything here reads spaCy tokens (UD-like ClearNLP labels of the en_core_web models).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

Token = Any  # spacy.tokens.Token (kept loose so this module imports without spaCy)

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd"})
NP_RIGHT_DEPS = frozenset({"appos", "compound", "flat", "nummod", "case"})
NP_SKIP_DEPS = frozenset({"cc", "conj", "punct", "preconj", "relcl", "acl", "prep", "advcl"})
RELATIVE_WORDS = frozenset({"which", "that", "who", "whom", "whose"})
PRONOUNS_WITHOUT_ACTOR = frozenset({"it", "this", "that", "these", "those", "there", "what",
                                    "which", "who", "one", "another", "all", "both"})
MODALS_FUTURE = frozenset({"will", "would", "shall", "'ll", "wo"})
MODALS_POSSIBLE = frozenset({"may", "might", "could", "can", "should", "must"})
# clause links through which a verb without a subject takes its head's subject
SUBJECT_INHERIT_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp"})
# prepositions whose gerund shares the subject of the verb they modify ("expelled them after concluding")
GERUND_PREPS = frozenset({"after", "before", "by", "while", "since", "without", "upon", "through"})


@dataclass(frozen=True)
class WordLists:
    """Closed word lists from ``dyad/data/lexicon/evaluative.txt``."""

    describe_verbs: frozenset[str]
    negative: frozenset[str]
    positive: frozenset[str]
    reporting_verbs: frozenset[str]
    light_verbs: frozenset[str]
    future_modifiers: frozenset[str]
    past_modifiers: frozenset[str]
    future_governors: frozenset[str]
    future_verbs: frozenset[str]
    actor_nouns: frozenset[str]
    sports_words: frozenset[str]
    blame_words: frozenset[str]
    blame_nouns: frozenset[str]


@lru_cache(maxsize=1)
def word_lists() -> WordLists:
    text = resources.files("dyad.data").joinpath("lexicon/evaluative.txt").read_text(encoding="utf-8")
    lists: dict[str, frozenset[str]] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        key, _, words = line.partition(":")
        lists[key.strip()] = frozenset(w.strip().lower() for w in words.split(",") if w.strip())
    return WordLists(**lists)


def lemma(tok: Token) -> str:
    return str(tok.lemma_).lower()


def is_to_infinitive(tok: Token) -> bool:
    """Whether a verb is a to-infinitive ("to halt", "a meeting to be held")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def object_keys(tok: Token) -> set[str]:
    """What an object constraint (``~lemma``) of the lexicon may match at ``tok``: its lemma, its
    form, and compound names joined by ``_`` ("war games" -> ``war_game``)."""
    keys = {lemma(tok), tok.lower_}
    keys.update(f"{lemma(c)}_{lemma(tok)}" for c in tok.children if c.dep_ == "compound")
    return keys


def is_verb(tok: Token) -> bool:
    return bool(tok.pos_ in ("VERB", "AUX") or str(tok.tag_).startswith("VB"))


def is_noun(tok: Token) -> bool:
    return bool(tok.pos_ in ("NOUN", "PROPN") or str(tok.tag_).startswith("NN"))


def phrase_bounds(tok: Token) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``tok`` without its conjuncts, relative
    clauses and prepositional modifiers (appositions and possessors are kept)."""
    start_tok, end_tok = tok, tok
    for child in tok.lefts:
        if child.dep_ in NP_SKIP_DEPS:
            continue
        left = child.left_edge
        if left.i < start_tok.i:
            start_tok = left
    for child in tok.rights:
        if child.dep_ in NP_RIGHT_DEPS or (child.dep_ == "prep" and child.lower_ == "of"
                                           and tok.ent_type_ and child.i == tok.i + 1):
            right = child.right_edge
            if right.i > end_tok.i:
                end_tok = right
    while start_tok.i < tok.i and start_tok.is_punct:
        start_tok = start_tok.nbor(1)
    while end_tok.i > tok.i and end_tok.is_punct:
        end_tok = end_tok.nbor(-1)
    return start_tok.idx, end_tok.idx + len(end_tok.text)


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the tokens coordinated with it ("Trump and Kim")."""
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def relative_antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun stands for ("the invitation, which Kim accepted")."""
    if tok.lower_ not in RELATIVE_WORDS:
        return None
    clause = tok.head
    if clause.dep_ == "relcl":
        return clause.head
    return None


def children(tok: Token, deps: frozenset[str] | set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def prep_objects(tok: Token, preps: frozenset[str] | set[str]) -> list[tuple[str, Token]]:
    """(preposition, object) pairs for PP children of ``tok`` with one of the given heads."""
    out: list[tuple[str, Token]] = []
    for child in tok.children:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    out.append((child.lower_, obj))
    return out


def subject_of(verb: Token, *, depth: int = 0) -> tuple[list[Token], bool]:
    """The subject tokens of ``verb`` and whether the verb is passive.

    Follows control and raising ("agreed to meet"), coordination ("met and signed"), relative
    clauses ("leaders who met") and participles ("North Korea, disassembling ...").
    For passives the subject is the logical object; the ``by`` agent is returned by
    :func:`agent_of`.
    """
    subj = children(verb, SUBJECT_DEPS)
    if subj:
        return [_resolve_relative(s) for s in subj], False
    passive = children(verb, PASSIVE_SUBJECT_DEPS)
    if passive:
        return [_resolve_relative(s) for s in passive], True
    if depth > 4 or verb.head.i == verb.i:
        return [], False
    head = verb.head
    if verb.dep_ == "relcl":
        return [head], False
    if verb.dep_ == "acl" and is_noun(head) and str(verb.tag_) in ("VBG", "VBN"):
        return [head], str(verb.tag_) == "VBN"
    if verb.dep_ == "acl" and is_noun(head) and is_to_infinitive(verb):
        # "his intention to halt", "Russia's decision to withdraw": the possessor of the noun is
        # the subject; "expressed an intention to halt": the subject of the verb that carries it
        owners = children(head, {"poss"})
        if owners:
            return [_resolve_relative(o) for o in owners], False
        if head.dep_ in ("dobj", "obj") and is_verb(head.head) and lemma(head.head) in word_lists().light_verbs:
            return subject_of(head.head, depth=depth + 1)
        return [], False
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("as", "if", "because", "although")
                                    for c in verb.children):
        return [], False
    if verb.dep_ == "xcomp" and not is_verb(head) and head.dep_ in ("acomp", "attr") and is_verb(head.head):
        return subject_of(head.head, depth=depth + 1)  # "Arnor is about to restore", "ready to talk"
    if verb.dep_ in SUBJECT_INHERIT_DEPS and is_verb(head):
        if verb.dep_ == "xcomp":
            # object control: "urged Iran to negotiate" -> Iran negotiates
            objects = children(head, {"dobj"})
            if objects and is_noun(objects[0]):
                return objects, False
        return subject_of(head, depth=depth + 1)
    if (verb.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ in GERUND_PREPS
            and is_verb(head.head) and head.head.i != verb.i):
        return subject_of(head.head, depth=depth + 1)  # "Britain will expel ... after concluding"
    if verb.dep_ == "conj" and not is_verb(head):
        return [], False
    return [], False


def _resolve_relative(tok: Token) -> Token:
    antecedent = relative_antecedent(tok)
    return antecedent if antecedent is not None else tok


def agent_of(verb: Token) -> list[Token]:
    """The ``by`` agent of a passive verb."""
    return [obj for _, obj in prep_objects(verb, {"by"})]


def objects_of(verb: Token) -> list[Token]:
    """Direct objects, with relative pronouns replaced by their antecedent."""
    out = []
    for child in verb.children:
        if child.dep_ in ("dobj", "obj", "dative", "iobj"):
            out.append(_resolve_relative(child))
    return out


def has_modal(verb: Token, modals: frozenset[str]) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children)


def is_past_clause(verb: Token) -> bool:
    """True when the clause is in a past tense and not under a modal ("has had", "met")."""
    if has_modal(verb, MODALS_FUTURE | MODALS_POSSIBLE):
        return False
    if str(verb.tag_) == "VBD":
        return True
    return str(verb.tag_) == "VBN" and any(c.dep_ in ("aux", "auxpass") and lemma(c) in ("have", "be")
                                          for c in verb.children)


def clause_verb(tok: Token) -> Token | None:
    """The nearest verb that governs ``tok``."""
    cur = tok
    for _ in range(8):
        if cur.head.i == cur.i:
            return cur if is_verb(cur) else None
        cur = cur.head
        if is_verb(cur):
            return cur
    return None


# prepositions whose object is the target of a dictionary-coded (CAMEO path) verb
RECIPIENT_PREPS_CAMEO = frozenset({"to", "with", "against", "on", "toward", "towards", "upon", "into", "at",
                                   "for", "from", "of", "over"})
