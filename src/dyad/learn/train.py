"""Training and honest evaluation of the learned pair classifier.

Everything runs on cached frozen features (:func:`encode_cached`), so a full 5-fold
cross-validation costs one MiniLM pass over the data plus seconds of head fitting.

Folds (:func:`group_folds`) are built over PLV sentences, never splitting one sentence's pairs,
and stratified by label. In each outer fold the head is trained on the other PLV folds plus all
extra data (PLOVER gold records, templates) minus any sentence that also occurs in the test fold;
the temperature comes from an inner hold-out of the training PLV rows. The test fold is used only
for scoring.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dyad.learn.data import ROOTS, YIELD_TYPES, Example, drop_overlap
from dyad.learn.encoder import REGIONS, PairEncoder
from dyad.learn.head import expected_calibration_error, fit_temperature, train_head
from dyad.learn.model import MODEL_VERSION, PairModel

DEFAULT_REGIONS = ("sentence", "between")
DEFAULT_L2 = 30.0  # ~ C = 0.03 in scikit-learn terms
SEED = 13


def features_key(examples: Sequence[Example], encoder_name: str) -> str:
    digest = hashlib.sha256(encoder_name.encode())
    for e in examples:
        digest.update(f"{e.pair.sentence}\x00{e.pair.source}\x00{e.pair.target}\x01".encode())
    return digest.hexdigest()[:16]


def encode_cached(examples: Sequence[Example], *, encoder: PairEncoder | None = None,
                  cache_dir: Path | None = None) -> np.ndarray:
    """Full encoder features of ``examples``, read from ``cache_dir`` when computed before."""
    name = f"{PairEncoder.name}-{'|'.join(REGIONS)}"
    path = cache_dir / f"features-{features_key(examples, name)}.npy" if cache_dir else None
    if path is not None and path.exists():
        return np.load(path)  # type: ignore[no-any-return]
    encoder = encoder or PairEncoder()
    features = encoder.encode([e.pair for e in examples])
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, features)
    return features


def group_folds(examples: Sequence[Example], *, folds: int = 5, seed: int = SEED) -> list[int]:
    """A fold number per example: sentences stay whole, labels spread evenly over folds."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        groups[e.group].append(i)
    rng = random.Random(seed)
    keys = sorted(groups)
    rng.shuffle(keys)
    # rarest labels first, so that each fold gets its share of them
    counts: dict[str, int] = defaultdict(int)
    for e in examples:
        counts[e.root] += 1
    keys.sort(key=lambda k: counts[examples[groups[k][0]].root])
    per_fold_label: list[dict[str, int]] = [defaultdict(int) for _ in range(folds)]
    sizes = [0] * folds
    assignment = [0] * len(examples)
    for key in keys:
        label = examples[groups[key][0]].root
        fold = min(range(folds), key=lambda f: (per_fold_label[f][label], sizes[f], f))
        for i in groups[key]:
            assignment[i] = fold
        per_fold_label[fold][label] += len(groups[key])
        sizes[fold] += len(groups[key])
    return assignment


def columns(regions: Sequence[str], dim: int) -> np.ndarray:
    return np.concatenate([np.arange(REGIONS.index(r) * dim, (REGIONS.index(r) + 1) * dim) for r in regions])


@dataclass
class TrainSettings:
    regions: tuple[str, ...] = DEFAULT_REGIONS
    l2: float = DEFAULT_L2
    seed: int = SEED
    calibration_share: float = 0.2
    #: template pairs train the YIELD split head only: in the main head they cost PLV CV macro-F1
    #: (0.772 -> 0.766 with the gold records, 0.768 -> 0.751 without; measured 2026-11-28)
    templates_in_main: bool = False


@dataclass
class CVResult:
    """Cross-validated predictions on PLV and their scores."""

    gold: list[str]
    predicted: list[str]
    confidence: list[float]
    folds: int
    settings: TrainSettings
    scores: dict[str, Any] = field(default_factory=dict)


def fit_model(features: np.ndarray, examples: Sequence[Example], *, settings: TrainSettings,
              calibration: tuple[np.ndarray, Sequence[Example]] | None = None) -> PairModel:
    """Train both heads on ``examples``; fit the main head's temperature on ``calibration``."""
    dim = features.shape[1] // len(REGIONS)
    x = features[:, columns(settings.regions, dim)]
    main_rows = [i for i, e in enumerate(examples) if settings.templates_in_main or e.origin != "template"]
    main = train_head(x[main_rows], [examples[i].root for i in main_rows], l2=settings.l2, seed=settings.seed,
                      label_order=ROOTS)
    split_rows = [i for i, e in enumerate(examples) if e.label in YIELD_TYPES]
    split = None
    if len({examples[i].label for i in split_rows}) == 2:
        split = train_head(x[split_rows], [examples[i].label for i in split_rows], l2=settings.l2,
                           seed=settings.seed, label_order=YIELD_TYPES)
    if calibration is not None and len(calibration[1]):
        cal_x = calibration[0][:, columns(settings.regions, dim)]
        main.temperature = fit_temperature(main, cal_x, [e.root for e in calibration[1]])
    return PairModel(main, split, tuple(settings.regions), {"version": MODEL_VERSION})


def _calibration_split(indices: Sequence[int], share: float, seed: int,
                       examples: Sequence[Example]) -> tuple[list[int], list[int]]:
    """Split PLV training rows into (fit, calibrate), keeping sentences whole."""
    groups = sorted({examples[i].group for i in indices})
    random.Random(seed).shuffle(groups)
    held = set(groups[:max(1, int(len(groups) * share))])
    fit = [i for i in indices if examples[i].group not in held]
    cal = [i for i in indices if examples[i].group in held]
    return fit, cal


def cross_validate(plv: Sequence[Example], plv_features: np.ndarray, extra: Sequence[Example],
                   extra_features: np.ndarray, *, folds: int = 5,
                   settings: TrainSettings | None = None) -> CVResult:
    """K-fold CV on PLV (see the module docstring); extra data joins every training side."""
    settings = settings or TrainSettings()
    assignment = group_folds(plv, folds=folds, seed=settings.seed)
    predicted = [""] * len(plv)
    confidence = [0.0] * len(plv)
    for fold in range(folds):
        test = [i for i, f in enumerate(assignment) if f == fold]
        train = [i for i, f in enumerate(assignment) if f != fold]
        fit_rows, cal_rows = _calibration_split(train, settings.calibration_share, settings.seed + fold, plv)
        test_examples = [plv[i] for i in test]
        kept_extra = [i for i, e in enumerate(extra) if e in set(drop_overlap([e], test_examples))]
        model = _fit_on(plv, plv_features, extra, extra_features, fit_rows + cal_rows, kept_extra,
                        cal_rows, settings)
        for i, (label, conf) in zip(test, model.predict_features(plv_features[test]), strict=True):
            predicted[i] = label
            confidence[i] = conf
    result = CVResult([e.root for e in plv], predicted, confidence, folds, settings)
    result.scores = score_cv(result)
    return result


def _fit_on(plv: Sequence[Example], plv_features: np.ndarray, extra: Sequence[Example],
            extra_features: np.ndarray, train_rows: list[int], extra_rows: list[int], cal_rows: list[int],
            settings: TrainSettings) -> PairModel:
    """Temperature from a model without the calibration rows, weights from all training rows."""
    fit_rows = [i for i in train_rows if i not in set(cal_rows)]
    probe = fit_model(np.vstack([plv_features[fit_rows], extra_features[extra_rows]]),
                      [plv[i] for i in fit_rows] + [extra[i] for i in extra_rows], settings=settings,
                      calibration=(plv_features[cal_rows], [plv[i] for i in cal_rows]))
    model = fit_model(np.vstack([plv_features[train_rows], extra_features[extra_rows]]),
                      [plv[i] for i in train_rows] + [extra[i] for i in extra_rows], settings=settings)
    model.main.temperature = probe.main.temperature
    return model


def score_cv(result: CVResult) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-type P/R/F1 (the PLV scorer's metric), plus calibration error."""
    from dyad.eval.classification import score_labels
    from dyad.eval.plv import fold

    predicted = [fold(p) or "" for p in result.predicted]
    scores = score_labels(result.gold, predicted)
    correct = np.array([g == p for g, p in zip(result.gold, predicted, strict=True)], dtype=float)
    return {"n": scores.n, "accuracy": round(scores.accuracy, 4), "macro_f1": round(scores.macro_f1, 4),
            "ece": round(expected_calibration_error(np.array(result.confidence), correct), 4),
            "per_type": scores.table()}
