"""Status and factuality of an event from the dependency parse around its trigger.

The reading starts at the trigger's head token, collects markers on it (modals, negation,
hedging adverbs, conditional subordinators, progressive aspect, future time words; for nominal
events also determiners such as "no" and modifiers such as "planned"), then climbs the parse to
the words that govern it ("plans to", "possibility of", "failed to", "X denied that") and
collects theirs. Markers are *grades* named in ``hedges.yaml``; :func:`combine` turns them into
one status and one factuality score in [-3, 3].

Climbing stops at presupposing contexts: temporal and causal clauses ("after the summit",
"although ..."), relative clauses, complements of factive adjectives ("surprised that"), and
subjects of verbs that do not realise them ("the first meeting would achieve the goal": the
meeting itself is not in doubt).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dyad.extract.attribution.lexicon import HedgeLexicon, cue_lexicon, hedge_lexicon

# Grade -> status. Grades not listed keep the status that tense and aspect give.
GRADE_STATUS: dict[str, str] = {
    "occurred": "occurred", "ongoing": "ongoing", "planned": "planned", "intended": "planned",
    "purpose": "planned", "probable": "possible", "possible": "possible",
    "hypothetical": "hypothetical", "negated": "negated", "negated_possible": "possible",
    "denied": "negated",
}
# From most to least uncertain: the most uncertain grade on the path decides the status.
UNCERTAINTY_ORDER = ("hypothetical", "possible", "purpose", "probable", "intended", "planned", "claimed")
NEGATING = frozenset({"negated", "denied", "negated_possible"})

CLAUSAL_DEPS = frozenset({"ccomp", "xcomp", "pcomp", "csubj", "csubjpass", "parataxis"})
NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X", "SYM"})
# Prepositions through which a verb governs a nominal event the way it governs its object.
GOVERNING_PREPS = frozenset({"for", "on", "about", "over", "to", "toward", "towards", "into", "of", "in"})
STRENGTHENERS = frozenset({"strong", "real", "distinct", "high", "good", "serious", "clear", "growing"})
WEAKENERS = frozenset({"slim", "remote", "little", "low", "small", "faint", "slight"})
PAST_TAGS = frozenset({"VBD", "VBN"})


@dataclass
class Reading:
    """Markers gathered on the way from the trigger up to the top of its clause chain."""

    grades: list[str] = field(default_factory=list)
    negations: int = 0
    progressive: bool = False
    reported: bool = False  # inside what a reporting verb reports: "would" is then future-in-past
    markers: list[str] = field(default_factory=list)

    def add(self, grade: str | None, why: str) -> None:
        if grade is None:
            return
        if grade == "negated":
            self.negations += 1
        elif grade == "ongoing":
            self.progressive = True
        else:
            self.grades.append(grade)
        self.markers.append(f"{why}:{grade}")


@dataclass(frozen=True)
class StatusReading:
    """The outcome: a status, a factuality score and the markers that justify it."""

    status: str
    factuality: float
    markers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "factuality": self.factuality}


def combine(reading: Reading, lex: HedgeLexicon | None = None) -> StatusReading:
    """One status and factuality from the gathered grades (most uncertain grade wins)."""
    lex = lex or hedge_lexicon()
    values = lex.factuality
    would = "planned" if reading.reported else "possible"
    grades = [would if g == "would" else g for g in reading.grades]
    markers = tuple(reading.markers)
    if "hypothetical" in grades:
        return StatusReading("hypothetical", values["hypothetical"], markers)
    uncertain = next((g for g in UNCERTAINTY_ORDER if g in grades), None)
    negated = reading.negations % 2 == 1
    if "denied" in grades:
        negated = not negated if reading.negations else True
    if "negated_possible" in grades:
        negated = not negated
        uncertain = uncertain or "possible"
    base = "ongoing" if reading.progressive else "occurred"
    if negated:
        if uncertain in ("possible", "probable", "purpose"):
            return StatusReading("possible", -values[uncertain], markers)
        strength = values["denied"] if "denied" in grades else values["negated"]
        if uncertain is not None:
            strength = -min(abs(strength), values[uncertain])
        return StatusReading("negated", _clip(strength), markers)
    if uncertain is None:
        return StatusReading(base, values[base], markers)
    status = GRADE_STATUS.get(uncertain, base)
    return StatusReading(status, _clip(values[uncertain]), markers)


def _clip(value: float) -> float:
    return max(-3.0, min(3.0, float(value)))


def head_token(tokens: list[Any]) -> Any:
    """The syntactic head of a token span: the token whose head lies outside the span."""
    ids = {t.i for t in tokens}
    content = [t for t in tokens if not t.is_punct and not t.is_space] or tokens
    for tok in content:
        if tok.head.i not in ids or tok.head.i == tok.i:
            return tok
    return content[0]


def assess(token: Any) -> StatusReading:
    """Status and factuality of the event whose trigger head is ``token`` (a spaCy Token)."""
    lex = hedge_lexicon()
    reading = Reading()
    anchor: Any | None = token
    if token.pos_ in NOMINAL_POS and token.dep_ not in ("ROOT",):
        anchor = _nominal(token, reading, lex)
    elif token.dep_ in ("acomp", "attr", "oprd") and token.head.i != token.i:
        _verbal_local(token, reading, lex)
        anchor = token.head
        _verbal_local(anchor, reading, lex)
    else:
        _verbal_local(token, reading, lex)
    if anchor is not None:
        _climb(anchor, reading, lex)
    return combine(reading, lex)


# -- local markers -------------------------------------------------------------------------


def _verbal_local(verb: Any, reading: Reading, lex: HedgeLexicon, *, modals_only: bool = False) -> None:
    """Markers on a predicate: modal auxiliaries, negation, hedges, conditionals, aspect, future."""
    has_be_aux = False
    past = verb.tag_ in ("VBD",)
    for child in verb.children:
        word = child.lower_
        if child.dep_ in ("aux", "auxpass"):
            if word in lex.modals or child.lemma_ in lex.modals:
                reading.add(lex.modals.get(word, lex.modals.get(child.lemma_)), f"modal {word}")
            elif child.lemma_ == "be" and child.tag_ in ("VBZ", "VBP"):
                has_be_aux = True
            if child.tag_ == "VBD":
                past = True
        if modals_only:
            continue
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det") and word in lex.negators):
            reading.add("negated", f"negation {word}")
        elif child.dep_ == "mark" and word in lex.conditional_marks:
            reading.add("hypothetical", f"conditional {word}")
        elif child.dep_ in ("advmod", "prep", "npadvmod"):
            _adverbials(child, reading, lex, past=past)
    if modals_only:
        return
    if verb.tag_ == "VBG" and has_be_aux:
        reading.add("ongoing", "progressive")
    if verb.lower_ in lex.hedge_adverbs and verb.dep_ == "advmod":
        reading.add(lex.hedge_adverbs[verb.lower_], f"hedge {verb.lower_}")


def _adverbials(child: Any, reading: Reading, lex: HedgeLexicon, *, past: bool) -> None:
    """Hedging adverbs ("potentially in September") and future time words ("later this year")."""
    words = [child, *[g for g in child.children if g.dep_ in ("advmod", "amod", "det")]]
    for w in words:
        word = w.lower_
        if word in lex.hedge_adverbs and w.dep_ == "advmod":
            grade = lex.hedge_adverbs[word]
            if grade == "planned" and past:
                continue
            reading.add(grade, f"hedge {word}")
        elif word in lex.future_markers and not past and child.dep_ in ("npadvmod", "advmod"):
            reading.add("planned", f"future {word}")


def _nominal_local(noun: Any, reading: Reading, lex: HedgeLexicon) -> None:
    """Markers inside a noun phrase: "no talks", "the planned summit", "a meeting to be held"."""
    for child in noun.children:
        word = child.lower_
        key = word.rsplit("-", 1)[-1]
        if child.dep_ == "det" and word == "no":
            reading.add("negated", "determiner no")
        elif child.dep_ in ("amod", "compound", "advmod") and key in lex.nominal_modifiers:
            reading.add(lex.nominal_modifiers[key], f"modifier {word}")
        elif child.dep_ in ("relcl", "acl") and child.pos_ in ("VERB", "AUX"):
            _realising_clause(child, reading, lex)
        elif child.dep_ == "prep":
            for pobj in child.children:
                for sub in pobj.children:
                    if sub.dep_ == "relcl" and sub.lemma_ in lex.realizing_verbs:
                        _realising_clause(sub, reading, lex)


def _realizes(verb: Any, lex: HedgeLexicon) -> bool:
    """Whether a verb brings about its subject/object event ("take place", "be held", "occur")."""
    lemma = verb.lemma_.lower()
    if lemma == "take":
        return any(c.lower_ == "place" for c in verb.children)
    return lemma in lex.realizing_verbs


def _realising_clause(verb: Any, reading: Reading, lex: HedgeLexicon) -> None:
    """A clause on a nominal event that tells when or whether it happens ("which would take place",
    "to be held"). Only relative clauses whose subject is the event count, not "complaints that ..."."""
    if not _realizes(verb, lex):
        return
    children = list(verb.children)
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    relative = any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in children)
    if not (infinitive or relative):
        return
    if infinitive:
        reading.add("planned", "infinitival to")
    _verbal_local(verb, reading, lex)


def _nominal(noun: Any, reading: Reading, lex: HedgeLexicon) -> Any | None:
    """Local markers of a nominal event, then the predicate that governs it (or None: presupposed)."""
    _nominal_local(noun, reading, lex)
    current = noun
    for _ in range(8):
        dep, head = current.dep_, current.head
        if head.i == current.i:
            return None
        if dep == "conj":
            current = head
            continue
        if dep == "pobj":
            prep = head
            gov = prep.head
            if gov.i == prep.i:
                return None
            if gov.pos_ in NOMINAL_POS:
                grade = lex.hedge_nouns.get(gov.lower_, lex.hedge_nouns.get(gov.lemma_, "none"))
                if grade == "none":
                    return None
                reading.add(_graded_noun(gov, grade), f"governing noun {gov.lower_}")
                _nominal_local(gov, reading, lex)
                current = gov
                continue
            if prep.lower_ not in GOVERNING_PREPS:
                return None
            return _governing_verb(gov, reading, lex)
        if dep in ("dobj", "nsubjpass", "attr", "oprd", "dative"):
            stance = cue_lexicon().verbs.get(head.lemma_.lower())
            if stance is not None:
                # "the glitch was not reported": reporting an event does not bring it about
                reading.add("denied" if stance == "deny" else None, f"reporting {head.lemma_}")
                return None
            return _governing_verb(head, reading, lex)
        if dep == "nsubj":
            return _governing_verb(head, reading, lex) if _realizes(head, lex) else None
        return None
    return None


def _graded_noun(noun: Any, grade: str | None) -> str | None:
    """'strong possibility' is probable, 'slim chance' merely possible."""
    if grade != "possible":
        return grade
    mods = {c.lower_ for c in noun.children if c.dep_ == "amod"}
    if mods & STRENGTHENERS:
        return "probable"
    if mods & WEAKENERS:
        return "possible"
    return grade


def _governing_verb(verb: Any, reading: Reading, lex: HedgeLexicon) -> Any:
    """Apply what a verb does to the nominal event it takes ("cancelled the talks") and its markers."""
    lemma = verb.lemma_.lower()
    if lemma in lex.governing_verbs and lemma not in lex.realizing_verbs:
        reading.add(lex.governing_verbs[lemma], f"governing verb {lemma}")
    _verbal_local(verb, reading, lex)
    return verb


# -- climbing to governing predicates ------------------------------------------------------


def _climb(start: Any, reading: Reading, lex: HedgeLexicon) -> None:
    """Walk from a predicate up through the words that embed it, collecting their markers."""
    cues = cue_lexicon().verbs
    current = start
    for _ in range(12):
        dep, head = current.dep_, current.head
        if head.i == current.i:
            return
        own_aux = any(c.dep_ in ("aux", "auxpass") for c in current.children)
        if dep == "conj":
            if not own_aux:
                _verbal_local(head, reading, lex, modals_only=True)
            current = head
            continue
        if dep == "advcl":
            if _is_infinitive(current) and not any(c.dep_ == "mark" for c in current.children):
                reading.add("purpose", "purpose clause")
            return
        if dep in ("acl", "relcl"):
            if dep == "acl" and _is_infinitive(current) and head.pos_ in NOMINAL_POS:
                grade = lex.hedge_nouns.get(head.lower_, lex.hedge_nouns.get(head.lemma_))
                reading.add(grade if grade is not None else "purpose", f"infinitive on {head.lower_}")
            return
        if dep in ("pobj", "pcomp") and head.pos_ == "ADP":
            gov = head.head
            if gov.i == head.i or head.lower_ not in GOVERNING_PREPS:
                return
            dep, head = "pcomp", gov
        if dep not in CLAUSAL_DEPS:
            return
        if head.pos_ in NOMINAL_POS:
            grade = lex.hedge_nouns.get(head.lower_, lex.hedge_nouns.get(head.lemma_))
            reading.add(_graded_noun(head, grade), f"governing noun {head.lower_}")
            return
        if head.pos_ == "ADJ":
            grade = lex.hedge_adjectives.get(head.lower_)
            if grade is None:
                return  # factive or evaluative ("surprised that"): the event is presupposed
            reading.add(grade, f"governing adjective {head.lower_}")
            current = head.head if head.dep_ in ("acomp", "attr") else head
            _verbal_local(current, reading, lex)
            continue
        lemma = head.lemma_.lower()
        stance = cues.get(lemma)
        if stance is not None and dep in ("ccomp", "parataxis", "xcomp"):
            _reporting(head, stance, reading, lex, passive=_is_passive(head))
        else:
            grade = lex.governing_verbs.get(lemma)
            if grade is not None and not (dep == "ccomp" and grade == "negated"):
                reading.add(grade, f"governing verb {lemma}")
            _verbal_local(head, reading, lex)
        current = head
    return


def _reporting(verb: Any, stance: str, reading: Reading, lex: HedgeLexicon, *, passive: bool) -> None:
    """The stance of a reporting verb, and its own modality, applied to what it reports."""
    stance_grade = {"deny": "denied", "claim": "claimed", "hedge": "probable"}.get(stance)
    if passive and stance == "assert":
        stance_grade = "claimed"  # "is said to", "was reported to": nobody vouches for it
    reading.add(stance_grade, f"reporting {verb.lemma_.lower()}")
    reading.reported = True
    inner = Reading()
    _verbal_local(verb, inner, lex)
    if inner.negations % 2 == 1:
        reading.add("hypothetical", f"negated reporting {verb.lower_}")
    for grade in inner.grades:
        if grade in ("possible", "probable", "hypothetical"):
            reading.add(grade, f"modal reporting {verb.lower_}")


def _is_infinitive(verb: Any) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _is_passive(verb: Any) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)
