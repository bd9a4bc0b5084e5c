"""The learned pair classifier as shipped: MiniLM features + two softmax heads + metadata.

- ``main``: the 15 PLV roots (YIELD unsplit), trained on every source.
- ``yield``: CONCEDE vs RETREAT, trained on the examples that carry the split label (PLOVER gold
  records and templates); consulted only when ``main`` says YIELD.

Weights live in ``dyad/data/models/pair_classifier.npz`` (a few hundred kB) with a JSON file
beside it recording how they were trained (sources, sizes, seed, regions, cross-validation
scores). ``dyad train`` rebuilds both from the same seed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from dyad.errors import DyadError, E
from dyad.learn.encoder import REGIONS, PairEncoder, PairInput
from dyad.learn.head import SoftmaxHead

MODEL_NAME = "pair_classifier"
MODEL_VERSION = "0.1.0"


def default_model_dir() -> Path:
    return Path(str(resources.files("dyad.data").joinpath("models")))


@dataclass
class PairModel:
    """Both heads, the feature regions they read and the training metadata."""

    main: SoftmaxHead
    yield_split: SoftmaxHead | None
    regions: tuple[str, ...]
    metadata: dict[str, Any] = field(default_factory=dict)

    def columns(self, dim: int) -> np.ndarray:
        """Indices of this model's regions in the encoder's full feature vector."""
        return np.concatenate([np.arange(REGIONS.index(r) * dim, (REGIONS.index(r) + 1) * dim)
                               for r in self.regions])

    def predict_features(self, features: np.ndarray) -> list[tuple[str, float]]:
        """(type, calibrated probability) per row of full encoder features.

        YIELD is split by the second head; the reported probability is P(YIELD) * P(subtype).
        """
        dim = features.shape[1] // len(REGIONS)
        x = features[:, self.columns(dim)]
        probs = self.main.probabilities(x)
        best = probs.argmax(axis=1)
        out = []
        split = self.yield_split.probabilities(x) if self.yield_split is not None else None
        for row, index in enumerate(best):
            label = self.main.labels[index]
            confidence = float(probs[row, index])
            if label == "YIELD" and split is not None:
                sub = int(split[row].argmax())
                label = self.yield_split.labels[sub]  # type: ignore[union-attr]
                confidence *= float(split[row, sub])
            elif label == "YIELD":
                label = "CONCEDE"
            out.append((label, confidence))
        return out

    def save(self, directory: Path, *, name: str = MODEL_NAME) -> tuple[Path, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        arrays = self.main.to_arrays("main_")
        if self.yield_split is not None:
            arrays.update(self.yield_split.to_arrays("yield_"))
        arrays["regions"] = np.array(self.regions)
        weights = directory / f"{name}.npz"
        np.savez_compressed(weights, **arrays)  # type: ignore[arg-type]
        meta = directory / f"{name}.json"
        meta.write_text(json.dumps(self.metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return weights, meta

    @classmethod
    def load(cls, directory: Path | None = None, *, name: str = MODEL_NAME) -> PairModel:
        directory = directory or default_model_dir()
        weights = directory / f"{name}.npz"
        if not weights.exists():
            raise DyadError(E.LEARNED_MODEL_MISSING, path=weights)
        with np.load(weights) as arrays:
            main = SoftmaxHead.from_arrays(arrays, "main_")
            split = SoftmaxHead.from_arrays(arrays, "yield_") if "yield_labels" in arrays else None
            regions = tuple(str(r) for r in arrays["regions"])
        meta_path = directory / f"{name}.json"
        metadata = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        return cls(main, split, regions, metadata)


class PairPredictor:
    """Encoder + model: what the ``learned`` backend calls. Load once (see :func:`predictor`)."""

    def __init__(self, model: PairModel, *, threads: int | None = None, batch_size: int = 32,
                 precision: str = "auto") -> None:
        self.model = model
        self.encoder = PairEncoder(threads=threads, batch_size=batch_size, precision=precision)

    def predict(self, pairs: Sequence[PairInput]) -> list[tuple[str, float]]:
        if not pairs:
            return []
        return self.model.predict_features(self.encoder.encode(pairs))


@lru_cache(maxsize=4)
def predictor(directory: str | None = None, threads: int | None = None, precision: str = "auto") -> PairPredictor:
    """The process-wide predictor for the model in ``directory`` (default: the shipped one)."""
    return PairPredictor(PairModel.load(Path(directory) if directory else None), threads=threads,
                         precision=precision)
