"""Scores for single-label classification: accuracy, per-label P/R/F1, macro-F1, confusion matrix.

Shared by the event-type scorers (PLV, PLOVER GSR). A prediction of ``None`` (the classifier saw
no event) is kept as the label :data:`NO_EVENT`: it is a miss for the gold label and never a
label of its own in the macro average.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

NO_EVENT = "NONE"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; 0.0 where a denominator is empty."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(frozen=True)
class LabelScore:
    """Precision, recall and F1 of one label, with its gold count (support)."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "support": self.support}


@dataclass(frozen=True)
class ClassificationScores:
    """Everything a type classifier is scored on, computed once from gold and predicted labels."""

    n: int
    accuracy: float
    macro_f1: float
    per_label: tuple[LabelScore, ...]
    confusion: dict[str, dict[str, int]]

    def table(self) -> list[dict[str, Any]]:
        return [s.to_dict() for s in self.per_label]


def score_labels(gold: Sequence[str], predicted: Sequence[str | None]) -> ClassificationScores:
    """Score ``predicted`` against ``gold`` (same length).

    The macro average runs over every label seen in gold or in the predictions (as scikit-learn
    does by default), except :data:`NO_EVENT`: predicting a type that never occurs is penalised.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} labels but predicted has {len(predicted)}")
    pred = [p if p is not None else NO_EVENT for p in predicted]
    pairs = Counter(zip(gold, pred, strict=True))
    gold_counts = Counter(gold)
    pred_counts = Counter(pred)
    labels = sorted((set(gold_counts) | set(pred_counts)) - {NO_EVENT})
    per_label = []
    for label in labels:
        tp = pairs[(label, label)]
        p, r, f = prf(tp, pred_counts[label] - tp, gold_counts[label] - tp)
        per_label.append(LabelScore(label, p, r, f, gold_counts[label]))
    correct = sum(n for (g, p), n in pairs.items() if g == p)
    confusion: dict[str, dict[str, int]] = {}
    for (gold_label, pred_label), count in sorted(pairs.items()):
        confusion.setdefault(gold_label, {})[pred_label] = count
    return ClassificationScores(
        n=len(gold),
        accuracy=correct / len(gold) if gold else 0.0,
        macro_f1=sum(s.f1 for s in per_label) / len(per_label) if per_label else 0.0,
        per_label=tuple(per_label),
        confusion=confusion,
    )
