"""The trainable part: an L2-regularised softmax regression over standardised MiniLM features.

Trained full-batch with L-BFGS in torch (deterministic on CPU, seconds for a few thousand rows),
applied with numpy so that prediction needs no autograd. Classes are weighted inversely to their
frequency ("balanced"), since PLV's types range from 15 to 141 examples and the target is
macro-F1. Confidences are calibrated by a single temperature fitted on held-out rows
(:func:`fit_temperature`), which rescales the logits without changing the predicted type.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dyad.learn.deps import require


@dataclass
class SoftmaxHead:
    """Standardisation, weights and temperature of one softmax classifier."""

    labels: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    temperature: float = 1.0

    def logits(self, features: np.ndarray) -> np.ndarray:
        return ((features - self.mean) / self.scale) @ self.weights + self.bias  # type: ignore[no-any-return]

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Calibrated class probabilities, one row per feature row."""
        return softmax(self.logits(features) / self.temperature)

    def predict(self, features: np.ndarray) -> list[str]:
        return [self.labels[i] for i in self.logits(features).argmax(axis=1)]

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}mean": self.mean, f"{prefix}scale": self.scale, f"{prefix}weights": self.weights,
                f"{prefix}bias": self.bias, f"{prefix}temperature": np.array([self.temperature]),
                f"{prefix}labels": np.array(self.labels)}

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> SoftmaxHead:
        return cls(tuple(str(v) for v in arrays[f"{prefix}labels"]), arrays[f"{prefix}mean"],
                   arrays[f"{prefix}scale"], arrays[f"{prefix}weights"], arrays[f"{prefix}bias"],
                   float(arrays[f"{prefix}temperature"][0]))


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


def train_head(features: np.ndarray, labels: Sequence[str], *, l2: float = 1.0, seed: int = 13,
               max_iter: int = 300, label_order: Sequence[str] | None = None) -> SoftmaxHead:
    """Fit a balanced, L2-regularised softmax regression.

    ``l2`` is the penalty on the summed squared weights relative to the (weighted) mean loss
    per row, as in ``C = 1 / (l2 * n)`` of scikit-learn's parametrisation divided by n.
    """
    torch: Any = require("torch")
    torch.manual_seed(seed)
    classes = tuple(label_order) if label_order is not None else tuple(sorted(set(labels)))
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[v] for v in labels])
    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-6
    x = torch.tensor((features - mean) / scale, dtype=torch.float64)
    target = torch.tensor(y)
    counts = np.bincount(y, minlength=len(classes)).astype(np.float64)
    class_weight = np.where(counts > 0, len(y) / (len(classes) * np.maximum(counts, 1)), 0.0)
    row_weight = torch.tensor(class_weight[y], dtype=torch.float64)
    weights = torch.zeros((x.shape[1], len(classes)), dtype=torch.float64, requires_grad=True)
    bias = torch.zeros(len(classes), dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.LBFGS([weights, bias], max_iter=max_iter, history_size=20,
                                  line_search_fn="strong_wolfe")

    def closure() -> Any:
        optimiser.zero_grad()
        loss = torch.nn.functional.cross_entropy(x @ weights + bias, target, reduction="none")
        total = (loss * row_weight).sum() / row_weight.sum() + 0.5 * l2 / len(y) * (weights ** 2).sum()
        total.backward()
        return total

    optimiser.step(closure)
    return SoftmaxHead(classes, mean.astype(np.float32), scale.astype(np.float32),
                       weights.detach().numpy().astype(np.float32), bias.detach().numpy().astype(np.float32))


def fit_temperature(head: SoftmaxHead, features: np.ndarray, labels: Sequence[str]) -> float:
    """The temperature minimising the negative log-likelihood of held-out ``labels``.

    A one-dimensional problem: a log-spaced grid, then a finer grid around the best point.
    Rows whose label the head does not know are ignored.
    """
    index = {c: i for i, c in enumerate(head.labels)}
    keep = [i for i, v in enumerate(labels) if v in index]
    if not keep:
        return 1.0
    logits = head.logits(features[keep])
    y = np.array([index[labels[i]] for i in keep])

    def nll(t: float) -> float:
        p = softmax(logits / t)
        return float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean())

    grid = np.exp(np.linspace(np.log(0.05), np.log(20.0), 61))
    best = float(min(grid, key=nll))
    fine = np.linspace(best * 0.85, best * 1.15, 31)
    return float(min(fine, key=nll))


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, *, bins: int = 10) -> float:
    """Mean |accuracy - confidence| over equal-width confidence bins, weighted by bin size."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for low, high in itertools.pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            total += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(total)
