"""dyad's own event mentions in ECB+ sentences, for the end-to-end score of ``dyad eval ecb``.

Detection reads the spaCy parse and WordNet (when installed), not the PLOVER event coder; see the
comment below for what counts as a mention and why. ``mention_arguments`` gives the head lemmas
of a mention's participants, which the clusterer compares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dyad.resolve.wordnet import WordNet, load_wordnet

# --- End-to-end: dyad's own event mentions -------------------------------------------------------
#
# Detection reads the parse, not the PLOVER event coder: ECB+ marks every action (quakes, rehab
# check-ins, reporting verbs), far beyond the political events dyad codes, so the coder's triggers
# would cap recall near the share of political actions. A mention is a main verb (auxiliaries and
# copulas left out) or an event noun: a noun with a deverbal suffix, a noun whose lemma two or more
# documents of the topic use as a verb ("the attack" / "attacked"), or one of a few general event nouns. The
# span is the token plus an adjacent verb particle ("checked in"), the ECB+ anchor convention.
# Left out: nouns modifying nouns ("the FIRE department", "a BOMB squad") and participles used
# as adjectives ("INJURED passengers", "the SUSPECTED gunman"), which name a state or a kind,
# not an action; on the training topics these are mostly not annotated. The exceptions are an
# event noun modifying a noun that itself names an act or event ("a MURDER charge") and a
# participle with an adverbial of its own ("the recently FIRED coach"). Words inside a multiword
# name of a person or group ("running back") are never mentions.

_EVENT_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ure", "ing", "al", "age")
_NOT_EVENT_SUFFIXED = frozenset({"nation", "station", "government", "department", "building", "morning",
                                 "evening", "king", "thing", "official", "capital", "hospital", "animal",
                                 "individual", "general", "total", "nature", "future", "culture", "picture",
                                 "village", "page", "age", "image", "language", "percentage", "ring",
                                 "ceiling", "region", "religion", "population", "television", "evidence",
                                 "audience", "distance", "apartment", "equipment", "environment",
                                 "parliament", "tuition", "position", "location", "information",
                                 "mention", "opinion", "union", "million", "season", "version"})
_EVENT_NOUNS = frozenset({"attack", "war", "fire", "quake", "earthquake", "storm", "crash", "death",
                          "murder", "strike", "raid", "bombing", "battle", "fight", "protest", "trial",
                          "election", "deal", "talk", "visit", "meeting", "summit", "arrest", "release",
                          "injury", "accident", "explosion", "blast", "shooting", "win", "loss", "launch",
                          "sale", "purchase", "acquisition", "merger", "award", "ceremony", "game", "match",
                          "rescue", "search", "flood", "tsunami", "hurricane", "tornado", "outbreak",
                          "conflict", "violence", "crime", "incident", "event", "change", "move", "call",
                          "comment", "statement", "report", "announcement", "decision", "vote", "campaign"})

# Outcome states that news reports as events of their own when predicated: casualties ("left
# five DEAD", "two were INJURED") and verdicts ("found GUILTY"); attributive uses ("INJURED
# passengers") name a kind, as participles do. Other adjectives name qualities, not happenings.
_EVENT_ADJECTIVES = frozenset({"dead", "guilty", "injured", "wounded", "missing"})


@dataclass(frozen=True)
class SystemMention:
    """One event mention found by dyad in a validated sentence."""

    id: str  # "<doc>/<sentence>/<token>"
    topic: int
    doc: str
    sentence_index: int
    token_range: tuple[int, int]  # token indices, end exclusive
    head: int  # token index of the head
    lemma: str
    sentence: str
    arguments: tuple[str, ...] = ()

    def to_input(self, document: str | None = None) -> dict[str, Any]:
        words = self.sentence.split(" ")
        start = sum(len(w) + 1 for w in words[:self.token_range[0]])
        end = start + len(" ".join(words[self.token_range[0]:self.token_range[1]]))
        out = {"id": self.id, "topic": self.topic, "doc": self.doc, "sentence": self.sentence,
               "sentence_index": self.sentence_index, "span": [start, end], "text": self.sentence[start:end],
               "lemma": self.lemma, "arguments": list(self.arguments)}
        if document:
            out["document"] = document
        return out


# Dependents that name an event's participants, time or place ("police ARRESTED a man";
# "the MURDER of the designer"); their head lemmas are the mention's arguments.
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "iobj", "poss", "compound",
                            "npadvmod", "nmod", "appos"})


def mention_arguments(doc: Any, head: int) -> tuple[str, ...]:
    """Sorted lemmas of the nouns, names and numbers filling the roles of the event headed by
    token ``head``: its subjects, objects and prepositional objects, the noun a participle or
    relative clause modifies, and the subject shared with a governing verb ("fled and was
    CAUGHT")."""
    token = doc[head]
    out: set[str] = set()

    def add(t: Any) -> None:
        if t.pos_ in ("NOUN", "PROPN", "NUM") or t.ent_type_:
            out.add(t.lemma_.lower())

    for child in token.children:
        if child.dep_ in _ARGUMENT_DEPS:
            add(child)
        elif child.dep_ in ("prep", "agent"):
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    add(grandchild)
    if token.dep_ in ("amod", "acl", "relcl", "compound"):
        add(token.head)
    if token.dep_ in ("xcomp", "conj", "advcl") and token.head.pos_ == "VERB":
        for child in token.head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                add(child)
    return tuple(sorted(out))


VERB_NOUN_MIN_DOCS = 2
# Verbs that act as something else are no event mentions: auxiliaries and passive auxiliaries,
# participles used as adjectives ("INJURED passengers", see above), participles grammaticalised
# into prepositions ("ACCORDING to", "INCLUDING", "FOLLOWING the game": dependency ``prep``), and
# verb tags the parser itself files as noun modifiers or punctuation (``compound``, ``nmod``,
# ``punct``: "running back", "hit - and - run", slips of the tagger).
_NOT_EVENT_VERB_DEPS = frozenset({"aux", "auxpass", "amod", "prep", "compound", "nmod", "punct"})


def is_word_lemma(lemma: str) -> bool:
    """A lemma that can name an event: two or more characters, a letter, no digit ("76ers",
    "'s", "-" and stray quotes tagged as verbs or nouns are not words of the kind)."""
    return len(lemma) >= 2 and any(c.isalpha() for c in lemma) and not any(c.isdigit() for c in lemma)


# "time" is filed under noun.event ("for the first time") but measures rather than names an event.
_NOT_EVENT_WORDNET = frozenset({"time"})


# Any sense at all: a noun the topic uses as a verb is an event noun only if WordNet files one of
# its senses as an act, event, process or phenomenon ("the OFFER", "a CUT"); a noun with no such
# sense ("a PATCH", "the HOST", "76ERS") shares the verb's spelling, not its meaning.
_ALL_SENSES = 1000


# WordNet lexicographer files of concrete things (noun.animal, artifact, body, food, location,
# object, person, plant, substance): a noun whose first sense is one of them names a thing, not a
# happening, whatever its suffix or verb use ("a WATCH", "the FOOTAGE", "a MARSHAL").
_CONCRETE_LEXFILES = frozenset({5, 6, 8, 13, 15, 17, 18, 20, 27})
# noun.act and noun.event: a noun compound whose head names an act or event ("a MURDER charge",
# "a PIRACY attempt", "a PLAYOFF game") is an event of the kind its modifier names; with a
# thing, person or group as head ("a FIRE department", "a MURDER suspect") it is not.
_EVENT_HEAD_LEXFILES = frozenset({4, 11})


def _first_lexfile(wn: WordNet, lemma: str) -> int | None:
    """WordNet lexicographer file of the noun's first sense; None when WordNet lacks the noun."""
    bases = wn.base_forms(lemma, "n")
    senses = wn.senses(bases[0], "n") if bases else ()
    return wn.synset("n", senses[0]).lexfile if senses else None


def _is_event_modifier(token: Any, wn: WordNet) -> bool:
    """A noun modifying a noun (``compound``) is an event mention when its own first sense is
    eventive and the noun it modifies names an act or event ("on a MURDER charge")."""
    lemma = token.lemma_.lower()
    head = token.head
    return (lemma not in _NOT_EVENT_WORDNET and bool(wn.is_event_noun(lemma)) and head.pos_ == "NOUN"
            and _first_lexfile(wn, head.lemma_.lower()) in _EVENT_HEAD_LEXFILES)


# noun.group and noun.person: the words of a multiword WordNet noun naming a person or a group
# ("running back", "Bush administration", "police officer") name who, not what happened.
_AGENT_LEXFILES = frozenset({14, 18})
_MWE_MAX = 4


def agent_phrase_tokens(doc: Any, wn: WordNet) -> set[int]:
    """Token indices inside a multiword WordNet noun (2 to 4 words, hyphenated ones too: "follow -
    up") whose first sense is a person or a group; the longest entry starting at a token wins."""
    out: set[int] = set()
    n = len(doc)
    for i in range(n):
        for j in range(min(n, i + _MWE_MAX), i + 1, -1):
            words = [t.text.lower() for t in doc[i:j]]
            if words[0] == "-" or words[-1] == "-" or not all(w.isalpha() or w == "-" for w in words):
                continue
            entry = "".join(words) if "-" in words else " ".join(words)
            senses = wn.senses(entry, "n")
            if senses and wn.synset("n", senses[0]).lexfile in _AGENT_LEXFILES:
                out.update(range(i, j))
                break
    return out


def _is_eventive_participle(token: Any) -> bool:
    """A past participle modifying a noun is an event mention when it has an adverbial of its own
    ("the recently FIRED coach", "a newly ELECTED president", "arrested by police"): the
    modifier places it in time or manner, as happenings are; bare ("INJURED passengers") it
    names a state."""
    return token.tag_ == "VBN" and any(c.dep_ in ("agent", "prep", "advmod", "npadvmod") for c in token.children)


def _is_event_noun(lemma: str, verb_lemmas: set[str], wn: WordNet | None = None, *,
                   first_sense: bool = True) -> bool:
    """A general event noun, a noun the topic uses as a verb (with WordNet: and which has an
    eventive sense), a noun with a deverbal suffix, or (with WordNet) a noun whose first sense is
    an act, event, process or phenomenon ("victory", "heist", "arson"). On the training topics the
    WordNet test adds recall (0.764 -> 0.822) for a little precision (0.874 -> 0.855); using it
    instead of the suffix rule, or to filter it, did worse (CoNLL 0.644 and 0.625 against 0.652).
    ``first_sense=False`` leaves the first-sense test out (adverbials: "this TIME"). With WordNet,
    a noun whose first sense is a concrete thing is no event unless it is a general event noun."""
    if lemma in _EVENT_NOUNS:
        return True
    if wn is not None and _first_lexfile(wn, lemma) in _CONCRETE_LEXFILES:
        return False
    if lemma in verb_lemmas and (wn is None or bool(wn.is_event_noun(lemma, senses=_ALL_SENSES))):
        return True
    if len(lemma) > 5 and lemma.endswith(_EVENT_SUFFIXES) and lemma not in _NOT_EVENT_SUFFIXED:
        return True
    return first_sense and wn is not None and lemma not in _NOT_EVENT_WORDNET and bool(wn.is_event_noun(lemma))


def detect_mentions(sentences: dict[tuple[str, int], tuple[int, tuple[str, ...]]],
                    parsed: dict[tuple[str, int], Any], *, wordnet: bool = True) -> list[SystemMention]:
    """Event mentions (main verbs and event nouns) of each parsed sentence, in a stable order."""
    wn = load_wordnet() if wordnet else None
    # a noun is used as a verb in the topic when two or more documents use it so (one verb tag
    # can be a tagger slip on a name or a plural: "76ers", "Colts")
    verb_docs: dict[tuple[int, str], set[str]] = {}
    for key, doc in parsed.items():
        for t in doc:
            if t.pos_ == "VERB":
                verb_docs.setdefault((sentences[key][0], t.lemma_.lower()), set()).add(key[0])
    verbs_by_topic: dict[int, set[str]] = {}
    for (topic, lemma), docs in verb_docs.items():
        if len(docs) >= VERB_NOUN_MIN_DOCS:
            verbs_by_topic.setdefault(topic, set()).add(lemma)
    out = []
    for key in sorted(parsed):
        topic, words = sentences[key]
        doc = parsed[key]
        agents = agent_phrase_tokens(doc, wn) if wn is not None else set()
        for t in doc:
            lemma = t.lemma_.lower()
            if not is_word_lemma(lemma) or t.i in agents:
                continue
            if t.pos_ == "VERB" and t.dep_ not in _NOT_EVENT_VERB_DEPS:
                ok = True
            elif t.pos_ == "VERB" and t.dep_ == "amod":
                ok = _is_eventive_participle(t)
            elif t.pos_ == "NOUN" and t.dep_ != "compound":
                # WordNet's event nouns as adverbials ("this TIME", "last SEASON") are no events;
                # without WordNet the topic's verbs count as event nouns whatever their senses
                ok = _is_event_noun(lemma, verbs_by_topic.get(topic, set()), wn,
                                    first_sense=t.dep_ != "npadvmod")
            elif t.pos_ == "NOUN" and wn is not None:  # a compound modifier
                ok = _is_event_modifier(t, wn)
            elif t.pos_ == "ADJ":
                ok = lemma in _EVENT_ADJECTIVES and t.dep_ != "amod"
            else:
                ok = False
            if not ok:
                continue
            end = t.i + 1
            if t.pos_ == "VERB" and end < len(doc) and doc[end].dep_ == "prt" and doc[end].head.i == t.i:
                end += 1
            out.append(SystemMention(f"{key[0]}/{key[1]}/{t.i}", topic, key[0], key[1], (t.i, end), t.i, lemma,
                                     " ".join(words), mention_arguments(doc, t.i)))
    return out
