"""Registers the learned backends: classifier ``learned`` and document coder ``hybrid``.

- ``classifiers["learned"]``: :class:`LearnedPairClassifier`, MiniLM features + softmax head; always
  answers a type with a calibrated probability (PLV-style pairs are events by construction).
- ``coders["hybrid"]``: the rules coder finds the events, their triggers and their arguments
  (precision, and the fields a model cannot give); the model re-types an event whose actor and
  recipient are both marked, when it is confident and the rules are not (see
  :class:`HybridCoder`). Measured on the seed article and the PLOVER gold records, this keeps the
  rules' precision; letting the model add events the rules missed cost precision, so it does not.
  ``coders["learned"]`` is the same coder (the name users will try first).

Importing this module needs no torch: the model loads on first use and raises
``E.EXTRA_MISSING`` (``pip install 'dyad[ml]'``) when the extra is absent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from dyad.config import PipelineConfig
from dyad.errors import DyadError, E
from dyad.learn.encoder import PairInput
from dyad.model import Document, Event
from dyad.registry import classifiers, coders

LEARNED_VERSION = "0.1.0"
#: the model overrides a rules type only above this calibrated probability ...
OVERRIDE_MIN = 0.7
#: ... and only when it is this much surer than the rules' own confidence
OVERRIDE_MARGIN = 0.1


class LearnedPairClassifier:
    """``classify_pair(..., backend="learned")``: see the module docstring."""

    name = "learned"
    version = LEARNED_VERSION

    def __init__(self, *, model_dir: str | None = None, threads: int | None = None, precision: str = "auto") -> None:
        self.model_dir = model_dir
        self.threads = threads
        self.precision = precision

    def _predictor(self) -> Any:
        from dyad.learn.model import predictor

        return predictor(self.model_dir, self.threads, self.precision)

    def classify(self, sentence: str, *, source: tuple[int, int], target: tuple[int, int]) -> tuple[str | None, float]:
        return self.classify_many([(sentence, source, target)])[0]

    def classify_many(self, pairs: Sequence[tuple[str, tuple[int, int], tuple[int, int]]]) -> list[tuple[str | None, float]]:
        """Batch form of :meth:`classify` (much faster per pair: one padded MiniLM pass per batch)."""
        inputs = [PairInput(s, tuple(src), tuple(tgt)) for s, src, tgt in pairs]  # type: ignore[arg-type]
        for pair in inputs:
            pair.check()
        return [(label, round(conf, 4)) for label, conf in self._predictor().predict(inputs)]


class HybridCoder:
    """Rules for candidates and arguments, the model for typing (see the module docstring)."""

    name = "hybrid"
    version = LEARNED_VERSION

    def __init__(self, rules: Any, classifier: LearnedPairClassifier, *, override_min: float = OVERRIDE_MIN,
                 override_margin: float = OVERRIDE_MARGIN) -> None:
        self.rules = rules
        self.classifier = classifier
        self.override_min = override_min
        self.override_margin = override_margin

    def code(self, doc: Document) -> list[Event]:
        events = list(self.rules.code(doc))
        candidates = [(i, pair) for i, e in enumerate(events) if (pair := _pair_of(e)) is not None]
        if not candidates:
            return events
        predictions = self.classifier.classify_many([p for _, p in candidates])
        for (i, _), (label, probability) in zip(candidates, predictions, strict=True):
            event = events[i]
            if label is None or label == event.event_type:
                continue
            if probability >= self.override_min and probability >= event.confidence + self.override_margin:
                events[i] = dataclasses.replace(
                    event, event_type=label, mode=None, cameo=None,
                    coder=dataclasses.replace(event.coder, name=f"{event.coder.name}+{self.name}"),
                    confidence=round(probability, 3),
                    id=Event.make_id(event.article_id, label, *_trigger_span(event)))
        return events


def _trigger_span(event: Event) -> tuple[int, int]:
    trigger = event.mentions[0].trigger
    return trigger.start, trigger.end


def _pair_of(event: Event) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    """(sentence, actor span, recipient span) relative to the sentence, when both are in it."""
    if not event.actor or not event.recipient or not event.mentions:
        return None
    sentence = event.mentions[0].sentence
    actor, recipient = event.actor[0], event.recipient[0]
    spans = []
    for party in (actor, recipient):
        start, end = party.start - sentence.start, party.end - sentence.start
        if not (0 <= start < end <= len(sentence.text)):
            return None
        spans.append((start, end))
    return sentence.text, spans[0], spans[1]


@classifiers.register("learned")
def make_learned_classifier(**options: Any) -> LearnedPairClassifier:
    unknown = set(options) - {"model_dir", "threads", "precision"}
    if unknown:
        raise DyadError(E.LEARNED_OPTION,
                        detail=f"unknown option(s) {sorted(unknown)}; known: model_dir, threads, precision")
    return _shared_classifier(options.get("model_dir"), options.get("threads"), options.get("precision", "auto"))


_CLASSIFIERS: dict[tuple[Any, Any, str], LearnedPairClassifier] = {}


def _shared_classifier(model_dir: str | None, threads: int | None, precision: str = "auto") -> LearnedPairClassifier:
    """One classifier (and so one loaded MiniLM) per settings, shared by every caller."""
    key = (model_dir, threads, precision)
    if key not in _CLASSIFIERS:
        _CLASSIFIERS[key] = LearnedPairClassifier(model_dir=model_dir, threads=threads, precision=precision)
    return _CLASSIFIERS[key]


def _make_hybrid(config: PipelineConfig | None = None, **options: Any) -> HybridCoder:
    from dyad.extract.events.rules import make_rules_coder

    opts = dict((config.stage_options.get("learned", {}) if config is not None else {}), **options)
    known = {"model_dir", "threads", "precision", "override_min", "override_margin"}
    unknown = set(opts) - known
    if unknown:
        raise DyadError(E.LEARNED_OPTION, detail=f"unknown option(s) {sorted(unknown)}; known: {', '.join(sorted(known))}")
    rules = make_rules_coder(config)
    classifier = _shared_classifier(opts.get("model_dir"), opts.get("threads"), opts.get("precision", "auto"))
    return HybridCoder(rules, classifier, override_min=float(opts.get("override_min", OVERRIDE_MIN)),
                       override_margin=float(opts.get("override_margin", OVERRIDE_MARGIN)))


@coders.register("hybrid")
def make_hybrid_coder(config: PipelineConfig | None = None, **options: Any) -> HybridCoder:
    """``Pipeline(coder="hybrid")``; options under ``stage_options["learned"]``."""
    return _make_hybrid(config, **options)


@coders.register("learned")
def make_learned_coder(config: PipelineConfig | None = None, **options: Any) -> HybridCoder:
    """``Pipeline(coder="learned")``: the hybrid coder (a model alone has no triggers to report)."""
    return _make_hybrid(config, **options)
